/**
 * One JobNimbus backend behind several MCP servers (what Streamable HTTP mode does: one server per session,
 * all over one set of tool definitions per process),
 * in process against the sandbox over HTTP: every open session follows the account's changes, a closed one
 * stops listening, and the periodic check (here shortened) picks a change up from a tool call that carries
 * no status at all. FSM Navigator and TrackplanFM do not opt in: their backends have no watchProfile.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Backend } from "../../src/domain/backend.js";
import { Logger } from "../../src/log.js";
import { startJobnimbusSandbox, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { buildServer } from "../../src/server/build.js";
import { vendorModule } from "../../src/vendors/index.js";
import { createJobNimbusBackend } from "../../src/vendors/jobnimbus/backend.js";

const SUMMIT_KEY = "sbxsummitdemo001";

let sandbox: JobNimbusSandbox;
let backend: Backend;
const lines: string[] = [];
const logger = new Logger(undefined, "error");
logger.addSink({ level: () => "info", write: (_level, _logger, data) => void lines.push(String(data.message)) });

beforeAll(async () => {
  sandbox = await startJobnimbusSandbox({ rateLimit: false });
  // Every tool call may re-read the settings (the product waits PERIODIC_CHECK_MS between such reads).
  backend = await createJobNimbusBackend({
    origin: sandbox.url,
    apiKey: SUMMIT_KEY,
    workflowCheckMs: 0,
    retry: { retries: 0 },
    onEvent: (e) => {
      if (e.type === "settings_refresh") lines.push(e.message);
    },
  });
}, 30_000);
afterAll(async () => {
  await backend?.close();
  await sandbox?.close();
});

async function session() {
  const config = loadConfig({ FSM_VENDOR: "jobnimbus", FSM_BASE_URL: sandbox.url, FSM_API_KEY: SUMMIT_KEY, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-jn-live-")) });
  const built = buildServer({ config, backend, safety: {}, logger });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await built.server.connect(serverSide);
  const client = new Client({ name: "contract", version: "0" });
  let changes = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    changes++;
  });
  await client.connect(clientSide);
  return { client, changes: () => changes, close: () => client.close() };
}

const statusEnum = async (client: Client) =>
  ((await client.listTools()).tools.find((t) => t.name === "update_job_status")!.inputSchema.properties!.status as { examples: string[] }).examples;

const settingsReads = () => sandbox.requests.filter((r) => r.method === "GET" && r.path.includes("/account/settings")).length;

describe("several sessions over one backend", () => {
  it("a tool call past the check period reads the settings in the background; every open session is told once, a closed one no more", async () => {
    const a = await session();
    const b = await session();
    const store = sandbox.storeFor(SUMMIT_KEY);
    expect(await statusEnum(a.client)).not.toContain("Ridge Vent Check");

    store.addStatus("Residential Roofing", "Ridge Vent Check");
    const reads = settingsReads();
    // list_technicians carries no status: only the periodic check can notice the change.
    const r = await a.client.callTool({ name: "list_technicians", arguments: {} });
    expect(r.isError).toBeFalsy();
    await vi.waitFor(() => expect(a.changes()).toBe(1));
    await vi.waitFor(() => expect(b.changes()).toBe(1));
    expect(settingsReads()).toBe(reads + 1);
    expect(await statusEnum(a.client)).toContain("Ridge Vent Check");
    expect(await statusEnum(b.client)).toContain("Ridge Vent Check");
    // Built once per process (src/server/definitions.ts), not once per session.
    expect(lines.filter((l) => l.startsWith("tool schemas rebuilt"))).toHaveLength(1);

    await b.close();
    store.addStatus("Commercial", "Bonding Review");
    await a.client.callTool({ name: "list_technicians", arguments: {} });
    await vi.waitFor(() => expect(a.changes()).toBe(2));
    expect(await statusEnum(a.client)).toContain("Bonding Review");
    // Rebuilt once more; the closed session was not told.
    expect(lines.filter((l) => l.startsWith("tool schemas rebuilt"))).toHaveLength(2);
    expect(b.changes()).toBe(1);
    expect(lines.some((l) => l.includes("job statuses added: Commercial/Bonding Review"))).toBe(true);
    await a.close();
  });
});

describe("vendors whose profile is fixed", () => {
  it("FSM Navigator and TrackplanFM backends do not offer watchProfile", async () => {
    for (const vendor of ["fsmnavigator", "trackplanfm"] as const) {
      const mod = vendorModule(vendor);
      const fixed = await mod.createBackend(
        { ...loadConfig({ FSM_SANDBOX: vendor, FSM_STATE_DIR: tmpdir() }), apiKey: "unused-key", username: "u", password: "p" },
        { origin: "http://127.0.0.1:9", sandbox: true },
      );
      expect(fixed.watchProfile, vendor).toBeUndefined();
      await fixed.close();
    }
  });
});
