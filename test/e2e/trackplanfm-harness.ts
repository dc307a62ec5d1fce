/**
 * End-to-end harness for TrackplanFM: a TrackplanFM sandbox owned by the test process plus the built server
 * (over stdio, see harness.ts) pointed at it as a "live" TrackplanFM server, logging in with the demo user.
 */
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { DEMO_USERS, startTrackplanfmSandbox, type TrackplanfmSandbox, type TrackplanfmSandboxOptions } from "../../src/sandbox/trackplanfm/index.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect } from "vitest";
import { call, connect, E2E_TIMEOUT_MS } from "./harness.js";

export async function trackplanfmAgainstSandbox(
  extraEnv: Record<string, string> = {},
  capabilities: ClientCapabilities = {},
  sandboxOptions: TrackplanfmSandboxOptions = {},
) {
  const sandbox = await startTrackplanfmSandbox({ port: 0, faults: true, rateLimit: false, ...sandboxOptions });
  const user = DEMO_USERS[0]!;
  const conn = await connect(
    { FSM_VENDOR: "trackplanfm", FSM_BASE_URL: sandbox.url, FSM_USERNAME: user.username, FSM_PASSWORD: user.password, FSM_TIMEOUT_MS: E2E_TIMEOUT_MS, ...extraEnv },
    capabilities,
  );
  return {
    sandbox,
    ...conn,
    async close() {
      await conn.close();
      await sandbox.close();
    },
  };
}

/** Requests a TrackplanFM sandbox saw matching a method and a (case-insensitive) path fragment. */
export function seenTp(sandbox: TrackplanfmSandbox, method: string, pathPart = ""): number {
  return sandbox.requests.filter((r) => r.method === method && r.path.toLowerCase().includes(pathPart.toLowerCase())).length;
}

/** A new job at a site (allow_duplicate, so every test gets its own); returns its GUID. */
export async function raiseJob(client: Client, siteId: string, title: string): Promise<string> {
  const r = await call(client, "create_job", { title, location_id: siteId, allow_duplicate: true });
  expect(r.isError, r.text).toBe(false);
  return r.data.job.id;
}
