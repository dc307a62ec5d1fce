/**
 * End-to-end harness: the built server (the package's bin, i.e. what users run) spawned over stdio and driven
 * by the SDK's own Client, talking through the real undici client to a real sandbox this test process owns (so
 * tests can inject faults and count what the vendor saw).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import {
  DEMO_KEYS,
  startFsmNavigatorSandbox,
  type FsmNavigatorSandbox,
  type FsmNavigatorSandboxOptions,
} from "../../src/sandbox/fsmnavigator/index.js";

/** The published bin (the bundle; `npm run build` makes it next to the tsc output), read from package.json. */
const PKG = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { bin: Record<string, string> };
export const CLI = join(import.meta.dirname, "../..", PKG.bin["fsm-mcp"]!);

/**
 * The vendor timeout of the harnesses' servers: far above any answer of a local sandbox on a loaded machine, so
 * a plain call never times out (2 s could, under two suites on two cores). No test relies on it: a test that
 * needs a timeout sets a small FSM_TIMEOUT_MS of its own, with the fault holding the answer well beyond it.
 */
export const E2E_TIMEOUT_MS = "15000";
/**
 * During the lookup index's first fill a lookup waits this long for its kind of record (FSM_LOOKUP_FILL_WAIT_MS;
 * the product's 3 s would let a loaded machine's slow fill decide what a test's first lookup finds). Far beyond any
 * fill of the demo data; a test about answering DURING a fill sets its own.
 */
export const E2E_FILL_WAIT_MS = "45000";
/**
 * This run's own cache directory (test/compile-cache.ts), for servers spawned with a minimal environment: the
 * bundled bin keeps Node's compile cache under $XDG_CACHE_HOME, never the developer's ~/.cache.
 */
export const TEST_CACHE_ENV: Record<string, string> = process.env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME } : {};

export interface Connected {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

export async function connect(env: Record<string, string>, capabilities: ClientCapabilities = {}): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI],
    env: { ...getDefaultEnvironment(), ...TEST_CACHE_ENV, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-e2e-")), FSM_LOOKUP_FILL_WAIT_MS: E2E_FILL_WAIT_MS, ...env },
    stderr: "pipe",
  });
  let err = "";
  transport.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const client = new Client({ name: "e2e", version: "0" }, { capabilities });
  await client.connect(transport);
  // listTools makes the SDK Client cache every output schema, so each callTool below validates its
  // structuredContent against the declared schema (as real clients do).
  await client.listTools();
  return { client, stderr: () => err, close: () => client.close() };
}

export function keyFor(label: string): string {
  const k = DEMO_KEYS.find((d) => d.label === label || d.key.toLowerCase().includes(label.toLowerCase()));
  if (!k) throw new Error(`no demo key like ${label}`);
  return k.key;
}

/** A sandbox in this process plus a server pointed at it as a "live" FSM Navigator endpoint. */
export async function liveAgainstSandbox(
  extraEnv: Record<string, string> = {},
  capabilities: ClientCapabilities = {},
  sandboxOptions: FsmNavigatorSandboxOptions = {},
) {
  const sandbox = await startFsmNavigatorSandbox({ port: 0, faults: true, rateLimit: false, ...sandboxOptions });
  const conn = await connect(
    { FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: DEMO_KEYS[0]!.key, FSM_TIMEOUT_MS: E2E_TIMEOUT_MS, ...extraEnv },
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

export interface Result {
  isError: boolean;
  text: string;
  data: any;
}

export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Result> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    isError: Boolean(r.isError),
    text: r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n"),
    data: r.structuredContent,
  };
}

/** Requests the sandbox saw matching a method and path fragment. */
export function seen(sandbox: FsmNavigatorSandbox, method: string, pathPart = ""): number {
  return sandbox.requests.filter((r) => r.method === method && `${r.path}`.includes(pathPart)).length;
}

/**
 * Progress notifications exactly as they arrived on the client transport. The SDK Client hands a progress
 * notification to `onprogress` in a microtask but forgets the request's progress handler as soon as the
 * response is read, so when the last notification and the response arrive in one read, `onprogress` misses it:
 * tests assert on what the server sent, read here.
 */
export function recordProgress(client: Client): Array<{ progressToken: string | number; progress: number; total?: number; message?: string }> {
  const transport = client.transport;
  const deliver = transport?.onmessage;
  if (!transport || !deliver) throw new Error("recordProgress: connect the client first");
  const seen: Array<{ progressToken: string | number; progress: number; total?: number; message?: string }> = [];
  transport.onmessage = (message, extra) => {
    if ("method" in message && message.method === "notifications/progress") seen.push(message.params as (typeof seen)[number]);
    deliver(message, extra);
  };
  return seen;
}

/**
 * Wait until the server's lookup index has been filled (its stderr line): a phrase search starts the fill and
 * answers before it ends, and the fill's page reads would otherwise mix into a later count of vendor requests.
 */
export async function lookupFilled(conn: { stderr: () => string }, timeoutMs = 45_000): Promise<void> {
  const started = Date.now();
  while (!conn.stderr().includes("lookup index filled")) {
    if (Date.now() - started > timeoutMs) throw new Error(`the lookup index was not filled within ${timeoutMs} ms; stderr:\n${conn.stderr().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
