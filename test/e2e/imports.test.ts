/**
 * The server imports only what a mode needs: a live stdio server has, once initialized, loaded neither the
 * HTTP client's undici (it loads on the first vendor call), nor the sandbox, nor any HTTP server framework
 * or the SDK's HTTP transports. Checked on both builds: the tsc output (module by module) and the bundled
 * bin (chunk by chunk, through the metafile of the bundle build).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { CLI } from "./harness.js";

const HOOK = join(import.meta.dirname, "fixtures/record-imports.mjs");
const ROOT = join(import.meta.dirname, "../..");
const TSC_CLI = join(ROOT, "dist/cli.js");
const NOT_AT_STARTUP = [/\/undici\//, /\/sandbox\//, /express|hono|fastify|koa|body-parser/, /\/server\/(streamableHttp|sse)\.js/];

let sandbox: FsmNavigatorSandbox;
beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ rateLimit: false });
});
afterAll(async () => {
  await sandbox.close();
});

/** Start `entry` in live mode with the import recorder; returns the client and a reader of what loaded so far. */
async function start(entry: string) {
  const dir = mkdtempSync(join(tmpdir(), "fsm-imports-"));
  const record = join(dir, "imports.txt");
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", HOOK, entry],
    env: {
      ...getDefaultEnvironment(),
      FSM_RECORD_IMPORTS: record,
      FSM_VENDOR: "fsmnavigator",
      FSM_BASE_URL: sandbox.url,
      FSM_API_KEY: DEMO_KEYS[0]!.key,
      FSM_STATE_DIR: dir,
    },
    stderr: "pipe",
  });
  const client = new Client({ name: "imports", version: "0" });
  await client.connect(transport); // initialize answered: startup is over
  const loaded = () => readFileSync(record, "utf8").trim().split("\n");
  return { client, loaded };
}

/** For the bundle: the sources in the loaded chunks, from the metafile the bundle build writes. */
function sourcesOf(urls: string[]): string[] {
  const meta = JSON.parse(readFileSync(join(ROOT, "dist/bundle.meta.json"), "utf8")) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  return urls
    .filter((url) => url.startsWith("file:") && url.includes("/dist/bundle/"))
    .flatMap((url) => Object.keys(meta.outputs[relative(ROOT, fileURLToPath(url))]?.inputs ?? {}));
}

describe("what a live stdio server loads", () => {
  it("tsc build: no undici, sandbox or HTTP framework until the first vendor call", async () => {
    const { client, loaded } = await start(TSC_CLI);
    try {
      const atStartup = loaded();
      expect(atStartup.some((url) => url.endsWith("/dist/server/stdio.js"))).toBe(true);
      for (const pattern of NOT_AT_STARTUP) expect(atStartup.filter((url) => pattern.test(url)), String(pattern)).toEqual([]);

      const result = await client.callTool({ name: "get_job", arguments: { job_id: [...sandbox.store.jobs.keys()][0] } });
      expect(result.isError).toBeFalsy();
      // The recorder does see undici once a vendor call needs it.
      expect(loaded().some((url) => /\/node_modules\/undici\/index\.js$/.test(url))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it("bundled bin: no chunk with undici, the sandbox or an HTTP framework until the first vendor call", async () => {
    expect(CLI).toMatch(/\/dist\/bundle\//);
    const { client, loaded } = await start(CLI);
    try {
      const atStartup = sourcesOf(loaded());
      expect(atStartup.some((path) => path.startsWith("src/server/stdio"))).toBe(true);
      for (const pattern of NOT_AT_STARTUP) expect(atStartup.filter((path) => pattern.test(`/${path}`)), String(pattern)).toEqual([]);

      const result = await client.callTool({ name: "get_job", arguments: { job_id: [...sandbox.store.jobs.keys()][0] } });
      expect(result.isError).toBeFalsy();
      expect(sourcesOf(loaded()).some((path) => path.startsWith("node_modules/undici/"))).toBe(true);
    } finally {
      await client.close();
    }
  });
});
