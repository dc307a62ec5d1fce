/**
 * Streamable HTTP test helpers: the built server spawned with --http on an ephemeral port, SDK sessions,
 * raw requests, and raw sockets for what no client library would send (slow, stuck, abandoned clients).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CLI, TEST_CACHE_ENV } from "./harness.js";

export interface HttpServerProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** Resolves once `re` matches the server's stderr (explicit synchronisation on what the server logged). */
  waitForLog(re: RegExp): Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}

/**
 * Spawned HTTP servers keep idle connections 120 s, not the default 5 s: a client reuses a connection for up to
 * the server's keep-alive less 2 s from when it read the last answer, so an answer delivered over 2 s late (two
 * suites on two cores) let the server close the socket just as a test's SDK client sent on it ("other side
 * closed"). No test is about the keep-alive itself (config.test checks the variable).
 */
export const TEST_KEEPALIVE = { FSM_HTTP_KEEPALIVE_SECONDS: "120" };

export async function startHttp(args: string[], env: Record<string, string> = {}): Promise<HttpServerProcess> {
  const child = spawn(process.execPath, [CLI, "--http", "--port", "0", ...args], {
    env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-http-")), ...TEST_KEEPALIVE, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  const waiters = new Set<() => void>();
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
    for (const w of [...waiters]) w();
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitForLog = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve) => {
      const check = () => {
        const m = re.exec(err);
        if (!m) return;
        waiters.delete(check);
        resolve(m);
      };
      waiters.add(check);
      check();
    });
  const started = await Promise.race([
    waitForLog(/listening on (http:\/\/\S+)/),
    exit.then((code) => {
      throw new Error(`server exited (${code}) before listening: ${err}`);
    }),
  ]);
  return { url: started[1]!.replace("://0.0.0.0:", "://127.0.0.1:"), child, stderr: () => err, waitForLog, exit };
}

export async function stopHttp(server: HttpServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  server.child.kill("SIGKILL");
  await server.exit;
}

export async function sdkSession(url: string, opts: { fetch?: typeof fetch } = {}) {
  const transport = new StreamableHTTPClientTransport(new URL(url), opts.fetch ? { fetch: opts.fetch } : undefined);
  const client = new Client({ name: "e2e-http", version: "0" });
  await client.connect(transport);
  return { client, transport };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
});

/** One raw request (default: POST initialize); `localAddress` picks the client's source address (another "client"). */
export function raw(
  url: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  const method = opts.method ?? "POST";
  const body = opts.body ?? (method === "POST" ? INITIALIZE : undefined);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream", ...opts.headers };
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const req = request(
      { host: target.hostname, port: target.port, path: opts.path ?? target.pathname, method, headers, localAddress: opts.localAddress, agent: false },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export const sessionHeaders = (id: string) => ({ "mcp-session-id": id, "mcp-protocol-version": "2025-06-18" });
