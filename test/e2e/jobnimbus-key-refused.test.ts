/**
 * A key JobNimbus refuses at startup must not kill the server (an MCP client would see only "connection closed"):
 * the built server starts over stdio, answers every call and fsm://capabilities with the 401 and its fix, and
 * loads the account (statuses, write tools) on the first call after the key works again. Driven with the SDK
 * Client against a sandbox this test owns; "the key works again" is the sandbox's 401 fault being lifted, as an
 * admin re-activating the key in JobNimbus would.
 */
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobnimbusSandbox, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { call, connect, type Connected, E2E_TIMEOUT_MS } from "./harness.js";
import { connectJobnimbus, jobnimbusKey, sent } from "./jobnimbus-harness.js";
import { trackplanfmAgainstSandbox } from "./trackplanfm-harness.js";

let sandbox: JobNimbusSandbox;
const open: Connected[] = [];

beforeAll(async () => {
  sandbox = await startJobnimbusSandbox({ faults: true, rateLimit: false });
}, 30_000);
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await sandbox?.close();
});

async function capabilities(conn: Connected) {
  const read = await conn.client.readResource({ uri: "fsm://capabilities" });
  return JSON.parse((read.contents[0] as { text: string }).text) as { credentials?: { ok: boolean; status: number; error: string; fix: string }; listed_tools: Array<{ name: string }> };
}

describe("a key refused at startup", () => {
  it("an unknown key: the server starts and every call, and fsm://capabilities, says 401 and how to fix it", async () => {
    const conn = await connect({ FSM_VENDOR: "jobnimbus", FSM_BASE_URL: sandbox.url, FSM_API_KEY: "wrongwrongwrong1", FSM_TIMEOUT_MS: E2E_TIMEOUT_MS });
    open.push(conn);
    const tools = (await conn.client.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(["search_customers", "list_jobs", "get_job"]));
    for (const [name, args] of [["search_customers", { query: "smith" }], ["list_jobs", {}], ["get_job", { job_id: "abc123" }], ["list_technicians", {}]] as const) {
      const r = await call(conn.client, name, args);
      expect(r.isError, name).toBe(true);
      expect(r.text, name).toMatch(/401[\s\S]*FSM_API_KEY/);
    }
    const caps = await capabilities(conn);
    expect(caps.credentials).toMatchObject({ ok: false, status: 401 });
    expect(caps.credentials!.error).toMatch(/refused \(401\)/);
    expect(caps.credentials!.fix).toMatch(/FSM_API_KEY[\s\S]*FSM_AUTH_SCHEME/);
    expect(conn.stderr()).toMatch(/JobNimbus: the API key was refused \(401\)/);
    expect(conn.stderr()).not.toContain("wrongwrongwrong1");
  });

  it("a key refused at startup and re-activated later: the first call after loads the account, the tools follow", async () => {
    // Seeded now (the sandbox seeds an account on first use, which takes seconds): the read after the key
    // works must not meet the seeding and time out.
    sandbox.storeFor(jobnimbusKey("summit"));
    // Every request of the summit key is refused until the fault is lifted.
    sandbox.faults.add({ path: /^\/api1\//, kind: "status", status: 401, times: Infinity });
    const conn = await connectJobnimbus(sandbox, "summit");
    open.push(conn);
    let changes = 0;
    conn.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    const before = (await conn.client.listTools()).tools.map((t) => t.name);
    expect(before).not.toContain("update_job_status"); // no workflows known yet
    const refused = await call(conn.client, "search_customers", { query: "a" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/unauthorized[\s\S]*401/);
    expect((await capabilities(conn)).credentials).toMatchObject({ ok: false, status: 401 });

    sandbox.faults.clear();
    const reads = sent(sandbox, "summit", "GET", "/account/settings");
    const found = await call(conn.client, "search_customers", { query: "a", per_page: 1 });
    expect(found.isError, found.text).toBe(false);
    expect(found.data.items.length).toBe(1);
    expect(sent(sandbox, "summit", "GET", "/account/settings")).toBe(reads + 1);
    await conn.client.ping();
    expect(changes).toBeGreaterThanOrEqual(1);
    const after = (await conn.client.listTools()).tools.map((t) => t.name);
    expect(after).toEqual(expect.arrayContaining(["create_job", "update_job_status", "create_customer"]));
    expect((await capabilities(conn)).credentials).toBeUndefined();
    // Later calls read no settings again: the key is known good.
    await call(conn.client, "list_jobs", { per_page: 1 });
    expect(sent(sandbox, "summit", "GET", "/account/settings")).toBe(reads + 1);
  });
});

describe("the other vendors' startups read no account, so a refused credential cannot stop them either", () => {
  it("TrackplanFM with a wrong password: starts, and a call answers with the 401 and its fix", async () => {
    const tp = await trackplanfmAgainstSandbox({ FSM_PASSWORD: "not-the-password" });
    try {
      const r = await call(tp.client, "search_customers", { query: "a" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/401[\s\S]*FSM_USERNAME\/FSM_PASSWORD/);
    } finally {
      await tp.close();
    }
  });
});
