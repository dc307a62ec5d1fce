import { SUMMIT, settingsDocument } from "../sandbox/jobnimbus/accounts.js";
import { createFsmNavigatorBackend } from "../vendors/fsmnavigator/backend.js";
import { createTrackplanfmBackend } from "../vendors/trackplanfm/backend.js";
import { createJobNimbusBackend } from "../vendors/jobnimbus/backend.js";
import { parseAccountSettings } from "../vendors/jobnimbus/workflows.js";
import { configTable, statusTables, targetTables, toolTable, unsupportedTable, workflowTables } from "./generate.js";

/** Every generated README block, keyed by block name. Builds backends without sending any request. */
export async function readmeSections(): Promise<Record<string, string>> {
  const fsm = createFsmNavigatorBackend({ origin: "http://127.0.0.1:9", apiKey: "fsm_test_docs", sandbox: true });
  const tp = createTrackplanfmBackend({ origin: "http://127.0.0.1:9", apiKey: "TP-docs", sandbox: true });
  // JobNimbus tools follow the account: document them for the sandbox's roofing account, whose settings are at hand.
  const jobnimbus = await createJobNimbusBackend({ origin: "http://127.0.0.1:9", apiKey: "docs", sandbox: true, settings: parseAccountSettings(settingsDocument(SUMMIT)) });
  try {
    return {
      "fsmnavigator-tools": toolTable(fsm),
      "fsmnavigator-statuses": statusTables(fsm),
      "trackplanfm-tools": toolTable(tp),
      "trackplanfm-unsupported": unsupportedTable(tp),
      "trackplanfm-statuses": targetTables(tp),
      "jobnimbus-tools": toolTable(jobnimbus),
      "jobnimbus-workflows": workflowTables(jobnimbus),
      "jobnimbus-unsupported": unsupportedTable(jobnimbus),
      config: configTable(),
    };
  } finally {
    await fsm.close();
    await tp.close();
    await jobnimbus.close();
  }
}
