/**
 * The published bin (the bundle, with tool schemas precomputed at build time) and the tsc build (which
 * converts them at startup) must list exactly the same tools, in the sandbox and in live mode.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { CLI } from "./harness.js";

const TSC_CLI = join(import.meta.dirname, "../../dist/cli.js");

let sandbox: FsmNavigatorSandbox;
beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ rateLimit: false });
});
afterAll(async () => {
  await sandbox.close();
});

async function listTools(entry: string, env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry],
    env: { ...getDefaultEnvironment(), FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-builds-")), ...env },
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
