/**
 * The server imports only what a mode needs: a live stdio server has, once initialized, loaded neither the
 * HTTP client's undici (it loads on the first vendor call), nor the sandbox, nor any HTTP server framework
 * or the SDK's HTTP transports, nor the OAuth resource server (src/auth) or `jose`, nor the lookup index's code
 * (it loads on the first lookup) or another vendor's client; the bundled bin has not loaded node:crypto by the time
 * tools/list is answered. An HTTP server loads the OAuth code and jose only when FSM_AUTH_ISSUER is set. Checked on both builds: the tsc output (module by module) and the bundled
 * bin (chunk by chunk, through the metafile of the bundle build).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { CLI, TEST_CACHE_ENV } from "./harness.js";

const HOOK = join(import.meta.dirname, "fixtures/record-imports.mjs");
const ROOT = join(import.meta.dirname, "../..");
const TSC_CLI = join(ROOT, "dist/cli.js");
const OAUTH = [/\/(dist|src)\/auth\//, /\/jose\//];
/** Team mode's shared state: the Redis client and src/state/redis, loaded only with FSM_REDIS_URL. */
const REDIS = [/\/(dist|src)\/state\/redis\//, /\/node_modules\/(@redis|redis)\//];
/** The lookup index's code (src/lookup/deferred.ts loads it on the first lookup) and the other vendors' clients. */
const LOOKUP = [/\/minisearch\//, /\/(dist|src)\/lookup\/(lookup|index-store|parse|vocabulary)\./];
const OTHER_VENDORS = [/\/(dist|src)\/vendors\/(trackplanfm|jobnimbus)\/(backend|client|normalize)\./];
const NOT_AT_STARTUP = [/\/undici\//, /\/sandbox\//, /express|hono|fastify|koa|body-parser/, /\/server\/(streamableHttp|sse)\.js/, ...OAUTH, ...REDIS, ...LOOKUP, ...OTHER_VENDORS];

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
      ...TEST_CACHE_ENV,
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
  it("tsc build: no undici, sandbox, HTTP framework or lookup index until the first vendor call", async () => {
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

  it("bundled bin: no chunk with undici, the sandbox, an HTTP framework or the lookup index until needed; no node:crypto before a call", async () => {
    expect(CLI).toMatch(/\/dist\/bundle\//);
    const { client, loaded } = await start(CLI);
    try {
      await client.listTools();
      const atStartup = sourcesOf(loaded());
      expect(atStartup.some((path) => path.startsWith("src/server/stdio"))).toBe(true);
      for (const pattern of NOT_AT_STARTUP) expect(atStartup.filter((path) => pattern.test(`/${path}`)), String(pattern)).toEqual([]);
      // Built-ins as the recorder lists them once tools/list has been answered (src/lazy-crypto.ts says why).
      const builtins = loaded().filter((line) => line.startsWith("node:"));
      expect(builtins).toContain("node:net"); // the recorder does see built-ins: stdin is a pipe
      expect(builtins).not.toContain("node:crypto");

      const search = await client.callTool({ name: "search_customers", arguments: { query: "Parkside" } });
      expect(search.isError).toBeFalsy();
      expect(sourcesOf(loaded()).some((path) => /(^|\/)node_modules\/minisearch\//.test(path))).toBe(true);

      const result = await client.callTool({ name: "get_job", arguments: { job_id: [...sandbox.store.jobs.keys()][0] } });
      expect(result.isError).toBeFalsy();
      // esbuild names inputs relative to the build directory: "node_modules/undici/…", or "../…/node_modules/undici/…"
      // where node_modules is a link (a git worktree sharing another checkout's).
      expect(sourcesOf(loaded()).some((path) => /(^|\/)node_modules\/undici\//.test(path))).toBe(true);
    } finally {
      await client.close();
    }
  });
});

/** The bundled bin with --http and the import recorder: the sources of the chunks loaded once it listens and served one request. */
async function httpLoads(env: Record<string, string>, headers: Record<string, string>): Promise<{ status: number; sources: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "fsm-imports-http-"));
  const record = join(dir, "imports.txt");
  const child = spawn(process.execPath, ["--import", HOOK, CLI, "--http", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, FSM_RECORD_IMPORTS: record, FSM_STATE_DIR: dir, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on("data", (d: Buffer) => {
        err += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.on("exit", () => reject(new Error(`server exited: ${err}`)));
    });
    const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "imports", version: "0" } } };
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify(initialize),
    });
    await response.text();
    return { status: response.status, sources: sourcesOf(readFileSync(record, "utf8").trim().split("\n")) };
  } finally {
    child.kill("SIGKILL");
  }
}

describe("what an HTTP server loads", () => {
  it("with FSM_REDIS_URL: the Redis client and src/state/redis (nothing listens there: the server still starts and serves)", async () => {
    const token = "static-token-0123456789abcdef";
    const team = await httpLoads({ FSM_HTTP_TOKEN: token, FSM_REDIS_URL: "redis://127.0.0.1:9" }, { authorization: `Bearer ${token}` });
    expect(team.status).toBe(200);
    for (const pattern of REDIS) expect(team.sources.filter((path) => pattern.test(`/${path}`)).length, String(pattern)).toBeGreaterThan(0);
  });

  it("static bearer token: no OAuth code, no jose; with FSM_AUTH_ISSUER: both", async () => {
    const token = "static-token-0123456789abcdef";
    const plain = await httpLoads({ FSM_HTTP_TOKEN: token }, { authorization: `Bearer ${token}` });
    expect(plain.status).toBe(200);
    expect(plain.sources.some((path) => path.startsWith("src/server/http"))).toBe(true);
    for (const pattern of [...OAUTH, ...REDIS]) expect(plain.sources.filter((path) => pattern.test(`/${path}`)), String(pattern)).toEqual([]);

    // The issuer is unreachable (nothing listens on port 9): the server still starts and answers 401.
    const oauth = await httpLoads({ FSM_AUTH_ISSUER: "http://127.0.0.1:9/realms/x", FSM_PUBLIC_URL: "https://fsm.example.test/mcp" }, {});
    expect(oauth.status).toBe(401);
    for (const pattern of OAUTH) expect(oauth.sources.filter((path) => pattern.test(`/${path}`)).length, String(pattern)).toBeGreaterThan(0);
  });
});
