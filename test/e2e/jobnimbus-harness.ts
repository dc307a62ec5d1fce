/**
 * End-to-end harness for JobNimbus: one sandbox owned by the test process (so tests can inject faults and
 * count what each account's key sent) and the built server spawned over stdio as a "live" JobNimbus client
 * of it, one server per demo key (= per account).
 */
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { activeStatuses, DEMO_KEYS, workflowsOf, type AccountDef, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { connect, E2E_TIMEOUT_MS, type Connected } from "./harness.js";

export function jobnimbusKey(label: string): string {
  const k = DEMO_KEYS.find((d) => d.label === label);
  if (!k) throw new Error(`no JobNimbus demo key ${label}`);
  return k.key;
}

/** A server pointed at the sandbox as a live JobNimbus account, authenticated with `label`'s key. */
export function connectJobnimbus(sandbox: JobNimbusSandbox, label: string, extraEnv: Record<string, string> = {}, capabilities: ClientCapabilities = {}): Promise<Connected> {
  return connect({ FSM_VENDOR: "jobnimbus", FSM_BASE_URL: sandbox.url, FSM_API_KEY: jobnimbusKey(label), FSM_TIMEOUT_MS: E2E_TIMEOUT_MS, ...extraEnv }, capabilities);
}

/** The account's active job statuses across its job workflows, each once, in workflow order: what the enums must be. */
export function accountJobStatuses(account: AccountDef): string[] {
  return [...new Set(workflowsOf(account, "job").flatMap((w) => activeStatuses(account, w.name)))];
}

/** Requests the sandbox saw from one key, by method and path fragment. */
export function sent(sandbox: JobNimbusSandbox, label: string, method: string, pathPart = ""): number {
  return sandbox.requests.filter((r) => r.keyLabel === label && r.method === method && r.path.includes(pathPart)).length;
}
