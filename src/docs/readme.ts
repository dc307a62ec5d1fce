import { createFsmNavigatorBackend } from "../vendors/fsmnavigator/backend.js";
import { configTable, statusTables, toolTable } from "./generate.js";

/** Every generated README block, keyed by block name. Builds backends without sending any request. */
export async function readmeSections(): Promise<Record<string, string>> {
  const fsm = createFsmNavigatorBackend({ origin: "http://127.0.0.1:9", apiKey: "fsm_test_docs", sandbox: true });
  try {
    return {
      "fsmnavigator-tools": toolTable(fsm),
      "fsmnavigator-statuses": statusTables(fsm),
      config: configTable(),
    };
  } finally {
    await fsm.close();
  }
}
