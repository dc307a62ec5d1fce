/**
 * One backend per vendor, built only for its profile (the tool schemas): no request is ever sent (port 9 is never
 * dialled). For unit tests that walk every tool of every vendor; call inside a describe block or at file level.
 */
import { afterAll, beforeAll } from "vitest";
import type { Backend } from "../../src/domain/backend.js";
import { SUMMIT, settingsDocument } from "../../src/sandbox/jobnimbus/accounts.js";
import { createFsmNavigatorBackend } from "../../src/vendors/fsmnavigator/backend.js";
import { createJobNimbusBackend } from "../../src/vendors/jobnimbus/backend.js";
import { parseAccountSettings } from "../../src/vendors/jobnimbus/workflows.js";
import { createTrackplanfmBackend } from "../../src/vendors/trackplanfm/backend.js";

/** [vendor, backend] pairs, filled before the tests run and closed after them. */
export function profileBackends(): Array<[string, Backend]> {
  const backends: Array<[string, Backend]> = [];
  beforeAll(async () => {
    const origin = "http://127.0.0.1:9";
    backends.push(["fsmnavigator", createFsmNavigatorBackend({ origin, apiKey: "fsm_test_unit", sandbox: true })]);
    backends.push(["trackplanfm", createTrackplanfmBackend({ origin, apiKey: "TP-unit", sandbox: true })]);
    backends.push(["jobnimbus", await createJobNimbusBackend({ origin, apiKey: "unit", sandbox: true, settings: parseAccountSettings(settingsDocument(SUMMIT)) })]);
  });
  afterAll(async () => {
    for (const [, b] of backends) await b.close();
  });
  return backends;
}
