/**
 * Streamable HTTP mode end to end: the built server spawned with --http on an ephemeral port, driven by the
 * SDK's StreamableHTTPClientTransport (sessions, tools, logging, progress) and by raw node:http requests
 * for what a client library would never send (foreign Host and Origin, missing or wrong tokens, huge bodies).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema, type CallToolResult, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, recordProgress, TEST_CACHE_ENV } from "./harness.js";
import { TEST_KEEPALIVE } from "./http-harness.js";

interface HttpServerProcess {
  /** The endpoint, reachable from this process (a 0.0.0.0 bind is reached through 127.0.0.1). */
  url: string;
  child: ChildProcess;
  stderr(): string;
  exit: Promise<number | null>;
}

function spawnServer(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-http-")), ...TEST_KEEPALIVE, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stderr: () => err, exit };
}

async function startHttp(args: string[], env: Record<string, string> = {}): Promise<HttpServerProcess> {
  const proc = spawnServer(["--http", "--port", "0", ...args], env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL on stderr: ${proc.stderr()}`)), 45_000); // start-up is not a deadline: a hang still fails
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(proc.stderr());
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]!.replace("://0.0.0.0:", "://127.0.0.1:"));
    };
    proc.child.stderr!.on("data", check);
    void proc.exit.then((code) => reject(new Error(`server exited (${code}) before listening: ${proc.stderr()}`)));
  });
  return { url, ...proc };
}

interface Session {
  client: Client;
  transport: StreamableHTTPClientTransport;
  logs: LoggingMessageNotification["params"][];
  /** End the session (HTTP DELETE) and disconnect. */
  end(): Promise<void>;
}

async function openSession(url: string, token?: string): Promise<Session> {
  const transport = new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : undefined);
  const client = new Client({ name: "e2e-http", version: "0" });
  const logs: Session["logs"] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(n.params);
  });
  await client.connect(transport);
  await client.listTools(); // caches output schemas: every callTool below is validated
  return {
    client,
    transport,
    logs,
    async end() {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}

async function callTool(client: Client, name: string, args: Record<string, unknown>) {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { isError: Boolean(r.isError), data: r.structuredContent as any };
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
});

/** A raw request; `headers` may set Host. `declaredLength` sends that Content-Length but only `body`. */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; declaredLength?: number; chunked?: boolean } = {}): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const body = opts.body ?? (opts.method && opts.method !== "POST" ? undefined : INITIALIZE);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...opts.headers,
    };
    if (opts.declaredLength !== undefined) headers["content-length"] = String(opts.declaredLength);
    else if (body !== undefined && !opts.chunked) headers["content-length"] = String(Buffer.byteLength(body));
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: opts.method ?? "POST", headers }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("error", reject);
      // A refused oversized upload: stop sending once the answer is in.
      if (opts.declaredLength !== undefined) res.on("end", () => req.destroy());
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    if (opts.declaredLength === undefined) req.end();
  });
}

/** A session's GET event stream, open once its 200 headers arrived (the server counts the session busy by then). */
function eventStream(url: string, sessionId: string): Promise<{ status: number; close(): void }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "GET", headers: { accept: "text/event-stream", "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" } },
      (res) => {
        res.on("error", () => undefined);
        resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("Streamable HTTP on loopback", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    // Every client here comes from 127.0.0.1: the per-client limit would otherwise be ceil(3 / 2).
    server = await startHttp([], { FSM_HTTP_MAX_SESSIONS: "3", FSM_HTTP_MAX_SESSIONS_PER_CLIENT: "3" });
  });
  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exit;
  });

  it("binds 127.0.0.1 by default and answers an MCP client: tools/list and a tool call", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const s = await openSession(server.url);
    try {
      const { tools } = await s.client.listTools();
      expect(tools).toHaveLength(20);
      const r = await callTool(s.client, "search_customers", { query: "acme" });
      expect(r.isError).toBe(false);
      expect(r.data.items.map((c: { name: string }) => c.name)).toContain("Acme Corporation");
      expect(s.transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await s.end();
    }
  });

  it("serves concurrent sessions; ending one leaves the other working and its id is then unknown", async () => {
    const [a, b] = await Promise.all([openSession(server.url), openSession(server.url)]);
    try {
      expect(a.transport.sessionId).not.toBe(b.transport.sessionId);
      const [ra, rb] = await Promise.all([
        callTool(a.client, "search_customers", { query: "acme" }),
        callTool(b.client, "list_jobs", { per_page: 3 }),
      ]);
      expect(ra.data.items.length).toBeGreaterThan(0);
      expect(rb.data.items).toHaveLength(3);

      const endedId = a.transport.sessionId!;
      await a.end();
      expect((await callTool(b.client, "list_technicians", {})).isError).toBe(false);
      const stale = await raw(server.url, {
        headers: { "mcp-session-id": endedId, "mcp-protocol-version": "2025-06-18" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
      });
      expect(stale.status).toBe(404);
    } finally {
      await b.end();
    }
  });

  it("bounds the number of sessions (FSM_HTTP_MAX_SESSIONS): busy ones are never evicted, and ending one frees a slot", async () => {
    // Three sessions, each busy with an open event stream (counted once its response headers are in).
    const ids = await Promise.all([1, 2, 3].map(async () => (await raw(server.url)).headers["mcp-session-id"] as string));
    const streams = await Promise.all(ids.map((id) => eventStream(server.url, id)));
    try {
      const refused = await raw(server.url);
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body).error.message).toMatch(/3 sessions are open \(FSM_HTTP_MAX_SESSIONS\) and none is idle/);
      expect(refused.headers["retry-after"]).toBe("30");
      streams[0]!.close();
      expect((await raw(server.url, { method: "DELETE", headers: { "mcp-session-id": ids[0]!, "mcp-protocol-version": "2025-06-18" } })).status).toBe(200);
      const again = await openSession(server.url);
      try {
        expect((await again.client.listTools()).tools.length).toBe(20);
      } finally {
        await again.end();
      }
    } finally {
      for (const stream of streams) stream.close();
      await Promise.all(ids.map((id) => raw(server.url, { method: "DELETE", headers: { "mcp-session-id": id, "mcp-protocol-version": "2025-06-18" } })));
    }
  });

  it("sends log lines and progress only to the session whose call caused them", async () => {
    const [a, b] = await Promise.all([openSession(server.url), openSession(server.url)]);
    try {
      await a.client.setLoggingLevel("debug");
      await b.client.setLoggingLevel("debug");
      const progress = recordProgress(a.client);
      const bProgress = recordProgress(b.client);
      // has_locations is the vendor's own filter: these calls reach the vendor page by page (a phrase alone is answered by the lookup index).
      const r = await a.client.callTool({ name: "search_customers", arguments: { query: "acme", has_locations: true, per_page: 1, max_pages: 2 } }, undefined, {
        onprogress: () => undefined,
      });
      expect((r.structuredContent as { items: unknown[] }).items).toHaveLength(2);
      expect(progress.map((p) => [p.progress, p.total])).toEqual([
        [1, 2],
        [2, 2],
      ]);
      const aHttp = a.logs.filter((l) => l.logger === "http").map((l) => String((l.data as { message: string }).message));
      expect(aHttp.filter((m) => /^→ GET \/customers\?.*search=acme/.test(m))).toHaveLength(2);
      expect(aHttp.filter((m) => /^← 200 GET \/customers\?.*search=acme/.test(m))).toHaveLength(2);

      expect((await callTool(b.client, "search_customers", { query: "river", has_locations: true })).isError).toBe(false);
      await b.client.ping();
      await new Promise((res) => setTimeout(res, 100)); // anything broadcast on b's event stream would be in by now
      const bText = JSON.stringify(b.logs);
      expect(bText).toContain("search=river");
      expect(bText).not.toContain("search=acme");
      expect(JSON.stringify(a.logs)).not.toContain("search=river");
      expect(bProgress).toEqual([]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("refuses a foreign Host and a foreign Origin with 403 (DNS-rebinding protection) and accepts loopback origins", async () => {
    const port = new URL(server.url).port;
    const host = await raw(server.url, { headers: { host: `evil.example:${port}` } });
    expect(host.status).toBe(403);
    expect(JSON.parse(host.body).error.message).toMatch(/Host header not allowed.*FSM_HTTP_ALLOWED_HOSTS/);
    const origin = await raw(server.url, { headers: { origin: "https://evil.example" } });
    expect(origin.status).toBe(403);
    expect(JSON.parse(origin.body).error.message).toMatch(/Origin not allowed.*FSM_HTTP_ALLOWED_ORIGINS/);
    expect((await raw(server.url, { headers: { origin: "null" } })).status).toBe(403);

    const local = await raw(server.url, { headers: { origin: "http://localhost:6274" } });
    expect(local.status).toBe(200);
    expect(local.headers["access-control-allow-origin"]).toBe("http://localhost:6274");
    const id = local.headers["mcp-session-id"] as string;
    expect((await raw(server.url, { method: "DELETE", headers: { "mcp-session-id": id, "mcp-protocol-version": "2025-06-18" } })).status).toBe(200);
  });

  it("refuses a declared oversized body with 413 before reading it, and a streamed one once past the limit", async () => {
    const t0 = performance.now();
    const declared = await raw(server.url, { declaredLength: 50_000_000, body: '{"jsonrpc":"2.0",' });
    expect(declared.status).toBe(413);
    expect(performance.now() - t0).toBeLessThan(10_000); // reading the body would wait for 50 MB that never come
    const streamed = await raw(server.url, { chunked: true, body: Buffer.alloc(2 * 1024 * 1024, 0x20) });
    expect(streamed.status).toBe(413);
    expect(server.stderr()).not.toMatch(/request failed/);
  });
});

describe("Streamable HTTP session expiry", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttp([], { FSM_HTTP_SESSION_IDLE_SECONDS: "3", FSM_LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exit;
  });

  it("closes a session idle past FSM_HTTP_SESSION_IDLE_SECONDS (its id then answers 404) and keeps a busy one", async () => {
    const toolsList = (id: string) =>
      raw(server.url, { headers: { "mcp-session-id": id, "mcp-protocol-version": "2025-06-18" }, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }) });
    const idle = (await raw(server.url)).headers["mcp-session-id"] as string;
    const busy = (await raw(server.url)).headers["mcp-session-id"] as string;
    expect(idle).toMatch(/^[0-9a-f-]{36}$/);
    expect((await toolsList(idle)).status).toBe(200);
    // The busy session is used every 100 ms (a gap of 3 s would close it: far from any loaded machine's pace);
    // the idle one not at all, until the server says it closed it (sweeps run every 750 ms): no fixed deadline.
    const idleClosed = `session ${idle.slice(0, 8)}… closed (idle)`;
    while (!server.stderr().includes(idleClosed)) {
      expect((await toolsList(busy)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await toolsList(idle)).status).toBe(404);
    expect((await toolsList(busy)).status).toBe(200);
    expect(server.stderr()).not.toContain(`session ${busy.slice(0, 8)}… closed`);
  });
});

describe("Streamable HTTP beyond loopback", () => {
  const TOKEN = "test-token-0123456789abcdef";

  it("refuses to start without FSM_HTTP_TOKEN, naming the variable", async () => {
    const proc = spawnServer(["--http", "--host", "0.0.0.0", "--port", "0"]);
    expect(await proc.exit).toBe(2);
    expect(proc.stderr()).toMatch(/FSM_HTTP_TOKEN: --host 0\.0\.0\.0 accepts connections from beyond this machine/);
    expect(proc.stderr()).not.toMatch(/listening on/);
  });

  describe("with a token", () => {
    let server: HttpServerProcess;
    beforeAll(async () => {
      server = await startHttp(["--host", "0.0.0.0"], { FSM_HTTP_TOKEN: TOKEN, FSM_HTTP_ALLOWED_HOSTS: "mcp.internal.example" });
    });
    afterAll(async () => {
      if (server?.child.exitCode === null) server.child.kill("SIGKILL");
    });

    it("answers 401 with WWW-Authenticate: Bearer to a missing or wrong bearer token", async () => {
      const missing = await raw(server.url);
      expect(missing.status).toBe(401);
      expect(missing.headers["www-authenticate"]).toMatch(/^Bearer realm="fsm-mcp"$/);
      for (const authorization of [`Bearer ${TOKEN.slice(0, -1)}x`, `Bearer ${TOKEN}extra`, "Bearer short", `Basic ${TOKEN}`, TOKEN]) {
        const wrong = await raw(server.url, { headers: { authorization } });
        expect(wrong.status, authorization).toBe(401);
        expect(wrong.headers["www-authenticate"]).toMatch(/^Bearer .*error="invalid_token"/);
      }
      expect(server.stderr()).not.toContain(TOKEN);
    });

    it("the SDK client without the token is refused; with it, it works", async () => {
      await expect(openSession(server.url)).rejects.toThrow();
      const s = await openSession(server.url, TOKEN);
      try {
        expect((await callTool(s.client, "list_jobs", { per_page: 2 })).data.items).toHaveLength(2);
      } finally {
        await s.end();
      }
    });

    it("still refuses a foreign Origin or Host with a good token (403), and accepts FSM_HTTP_ALLOWED_HOSTS names", async () => {
      const auth = { authorization: `Bearer ${TOKEN}` };
      const port = new URL(server.url).port;
      expect((await raw(server.url, { headers: { ...auth, origin: "https://evil.example" } })).status).toBe(403);
      expect((await raw(server.url, { headers: { ...auth, host: `evil.example:${port}` } })).status).toBe(403);
      const allowed = await raw(server.url, { headers: { ...auth, host: `mcp.internal.example:${port}` } });
      expect(allowed.status).toBe(200);
      const id = allowed.headers["mcp-session-id"] as string;
      await raw(server.url, { method: "DELETE", headers: { ...auth, "mcp-session-id": id, "mcp-protocol-version": "2025-06-18" } });
    });

    it("shuts down cleanly on SIGTERM with a session open", async () => {
      const s = await openSession(server.url, TOKEN);
      expect((await s.client.listTools()).tools.length).toBe(20);
      const closed = new Promise<void>((resolve) => (s.client.onclose = resolve));
      const t0 = performance.now();
      server.child.kill("SIGTERM");
      expect(await server.exit).toBe(0);
      expect(performance.now() - t0).toBeLessThan(10_000); // an open session holding the process would never exit
      expect(server.stderr()).toMatch(/closed \(server shutting down\)/);
      await s.client.close();
      await closed;
    });
  });
});
