import { createFsmNavigatorBackend } from "../vendors/fsmnavigator/backend.js";
import { createTrackplanfmBackend } from "../vendors/trackplanfm/backend.js";
import { configTable, statusTables, targetTables, toolTable, unsupportedTable } from "./generate.js";

/** Every generated README block, keyed by block name. Builds backends without sending any request. */
export async function readmeSections(): Promise<Record<string, string>> {
  const fsm = createFsmNavigatorBackend({ origin: "http://127.0.0.1:9", apiKey: "fsm_test_docs", sandbox: true });
  const tp = createTrackplanfmBackend({ origin: "http://127.0.0.1:9", apiKey: "TP-docs", sandbox: true });
  try {
    return {
      "fsmnavigator-tools": toolTable(fsm),
      "fsmnavigator-statuses": statusTables(fsm),
      "trackplanfm-tools": toolTable(tp),
      "trackplanfm-unsupported": unsupportedTable(tp),
      "trackplanfm-statuses": targetTables(tp),
      config: configTable(),
    };
  } finally {
    await fsm.close();
    await tp.close();
  }
}
