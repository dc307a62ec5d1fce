/**
 * The published bin (the bundle, with tool schemas precomputed at build time) and the tsc build (which
 * converts them at startup) must list exactly the same tools, in the sandbox and in live mode; and the
 * bundle's deferred pieces (Ajv, created for the first elicitation answer) must work when first needed.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { call, CLI, connect, TEST_CACHE_ENV } from "./harness.js";

const TSC_CLI = join(import.meta.dirname, "../../dist/cli.js");

let sandbox: FsmNavigatorSandbox;
beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ rateLimit: false });
});
afterAll(async () => {
  await sandbox.close();
});

async function listTools(entry: string, env: Record<string, string>, cwd?: string) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry],
    env: { ...getDefaultEnvironment(), ...TEST_CACHE_ENV, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-builds-")), ...env },
    ...(cwd ? { cwd } : {}),
    stderr: "pipe",
  });
  const client = new Client({ name: "builds", version: "0" });
  await client.connect(transport);
  try {
    return (await client.listTools()).tools;
  } finally {
    await client.close();
  }
}

describe("bundle and tsc build", () => {
  it("list identical tools in the built-in sandbox", async () => {
    expect(CLI).not.toBe(TSC_CLI);
    const [bundled, compiled] = await Promise.all([listTools(CLI, {}), listTools(TSC_CLI, {})]);
    expect(bundled.length).toBeGreaterThan(10);
    expect(bundled).toEqual(compiled);
  });

  it("list identical tools in live mode", async () => {
    const env = { FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: DEMO_KEYS[0]!.key };
    const [bundled, compiled] = await Promise.all([listTools(CLI, env), listTools(TSC_CLI, env)]);
    expect(bundled.length).toBeGreaterThan(10);
    expect(bundled).toEqual(compiled);
  });
});

describe("the bundled bin's compile cache (src/bin.ts)", () => {
  /** Every file under `dir`, relative. */
  const filesIn = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

  it("lives in the OS cache directory, written once the server is up; a start from it lists the same tools", async () => {
    const cache = mkdtempSync(join(tmpdir(), "fsm-cache-"));
    const stateDir = mkdtempSync(join(tmpdir(), "fsm-builds-state-"));
    const cwd = mkdtempSync(join(tmpdir(), "fsm-builds-cwd-"));
    const env = { XDG_CACHE_HOME: cache, FSM_STATE_DIR: stateDir };
    const first = await listTools(CLI, env, cwd);
    const written = filesIn(cache);
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((file) => file.startsWith(join(cache, "fsm-mcp", "compile")))).toBe(true);
    // Nothing in the directory the host started it in; the state directory holds state only.
    expect(filesIn(cwd)).toEqual([]);
    expect(filesIn(stateDir).filter((file) => /compile/.test(file))).toEqual([]);
    const second = await listTools(CLI, env, cwd);
    expect(first.length).toBeGreaterThan(10);
    expect(second).toEqual(first);
  });

  it("is not written with NODE_DISABLE_COMPILE_CACHE=1", async () => {
    const cache = mkdtempSync(join(tmpdir(), "fsm-cache-"));
    const tools = await listTools(CLI, { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(tools.length).toBeGreaterThan(10);
    expect(filesIn(cache)).toEqual([]);
  });
});

describe("the bundled bin checks an elicitation answer with the validator it creates on first use", () => {
  async function cancelWithAnswer(content: Record<string, unknown>) {
    const conn = await connect({}, { elicitation: {} });
    try {
      let asked = 0;
      conn.client.setRequestHandler(ElicitRequestSchema, async () => {
        asked++;
        return { action: "accept", content };
      });
      const pending = await call(conn.client, "list_jobs", { status: "Pending", per_page: 1 });
      const jobId = pending.data.items[0].id as number;
      const result = await call(conn.client, "update_job_status", { job_id: jobId, status: "Cancelled" });
      const after = await call(conn.client, "get_job", { job_id: jobId });
      return { asked, result, status: after.data.job.status as string };
    } finally {
      await conn.close();
    }
  }

  it("a valid answer goes through", async () => {
    const { asked, result, status } = await cancelWithAnswer({ confirm: true });
    expect(asked).toBe(1);
    expect(result.isError).toBe(false);
    expect(status).toBe("Cancelled");
  });

  it("an answer that does not match the requested schema is refused and changes nothing", async () => {
    const { asked, result, status } = await cancelWithAnswer({ confirm: "yes please" });
    expect(asked).toBe(1);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/does not match requested schema/);
    expect(status).toBe("Pending");
  });
});
