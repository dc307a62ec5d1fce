/**
 * Streamable HTTP for a team (issues 11 and 14): slow and stuck clients, clients that leave without DELETE,
 * one client against every slot, /healthz and /readyz, SIGTERM drain, and stateless serving. The built server
 * is spawned as a real process; slow clients are raw sockets; every wait is on something the server or the
 * sandbox recorded (its log lines, the sandbox's fired faults), never on a duration.
 */
import { mkdtempSync } from "node:fs";
import { createServer as createTcpServer, connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { INITIALIZE, raw, sdkSession, sessionHeaders, startHttp, stopHttp, type HttpServerProcess } from "./http-harness.js";

const TOOLS_LIST = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" });

/** A raw socket that sends `text` one byte per `tick` (never the last `holdBack` bytes): a slow or stuck client. */
function slowSocket(url: string, text: string, opts: { holdBack: number }) {
  const target = new URL(url);
  const socket: Socket = connect({ host: target.hostname, port: Number(target.port) });
  let received = "";
  let sent = 0;
  socket.on("data", (d: Buffer) => (received += d.toString()));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const connected = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const timer = setInterval(() => {
    if (sent >= text.length - opts.holdBack || socket.destroyed) return;
    socket.write(text[sent++]!);
  }, 50);
  return {
    connected,
    closed,
    get localPort() {
      return socket.localPort;
    },
    isOpen: () => !socket.destroyed && !socket.readableEnded,
    received: () => received,
    /** Send everything up to `upTo` at once (e.g. the whole header block), then go on a byte at a time. */
    sendNow(upTo: number) {
      socket.write(text.slice(sent, upTo));
      sent = upTo;
    },
    destroy() {
      clearInterval(timer);
      socket.destroy();
    },
    stop: () => clearInterval(timer),
  };
}

function initializeRequest(url: string): { text: string; headerEnd: number } {
  const target = new URL(url);
  const head =
    `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\n` +
    `Accept: application/json, text/event-stream\r\nContent-Length: ${Buffer.byteLength(INITIALIZE)}\r\n\r\n`;
  return { text: head + INITIALIZE, headerEnd: head.length };
}

async function toolCount(url: string): Promise<number> {
  const s = await sdkSession(url);
  try {
    return (await s.client.listTools()).tools.length;
  } finally {
    await s.transport.terminateSession().catch(() => undefined);
    await s.client.close();
  }
}

describe("slow clients", () => {
  describe("hold no session slot", () => {
    let server: HttpServerProcess;
    beforeAll(async () => {
      // Timeouts far beyond the test: the slow sockets stay open throughout.
      server = await startHttp([], { FSM_HTTP_MAX_SESSIONS: "3", FSM_HTTP_MAX_SESSIONS_PER_CLIENT: "3", FSM_HTTP_HEADERS_TIMEOUT_SECONDS: "120", FSM_HTTP_REQUEST_TIMEOUT_SECONDS: "300", FSM_LOG_LEVEL: "debug" });
    });
    afterAll(() => stopHttp(server));

    it("six clients sending their initialize body a byte at a time do not keep three healthy clients from every slot", async () => {
      const { text, headerEnd } = initializeRequest(server.url);
      const slow = Array.from({ length: 6 }, () => slowSocket(server.url, text, { holdBack: 1 }));
      try {
        await Promise.all(slow.map((s) => s.connected));
        for (const s of slow) s.sendNow(headerEnd + 1);
        // The server has each one's headers and is reading its body.
        await Promise.all(slow.map((s) => server.waitForLog(new RegExp(`reading a new session's body from 127\\.0\\.0\\.1:${s.localPort}\\b`))));
        const healthy = await Promise.all([1, 2, 3].map(() => sdkSession(server.url)));
        try {
          for (const h of healthy) expect((await h.client.listTools()).tools).toHaveLength(20);
          expect(slow.every((s) => s.isOpen())).toBe(true);
          expect(slow.every((s) => s.received() === "")).toBe(true);
        } finally {
          await Promise.all(healthy.map(async (h) => (await h.transport.terminateSession().catch(() => undefined), await h.client.close())));
        }
      } finally {
        for (const s of slow) s.destroy();
      }
    });
  });

  describe("are ended by the header and request timeouts", () => {
    let server: HttpServerProcess;
    beforeAll(async () => {
      server = await startHttp([], { FSM_HTTP_HEADERS_TIMEOUT_SECONDS: "1", FSM_HTTP_REQUEST_TIMEOUT_SECONDS: "2" });
    });
    afterAll(() => stopHttp(server));

    it("a client that never finishes its headers, or its body, gets 408 and its socket closed; the server serves on", async () => {
      const { text, headerEnd } = initializeRequest(server.url);
      const stuckHeaders = slowSocket(server.url, text.slice(0, headerEnd), { holdBack: 4 });
      const stuckBody = slowSocket(server.url, text, { holdBack: 1 });
      await stuckBody.connected;
      stuckBody.sendNow(headerEnd + 1);
      await Promise.all([stuckHeaders.closed, stuckBody.closed]);
      expect(stuckHeaders.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(stuckBody.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(await toolCount(server.url)).toBe(20);
      expect(server.stderr()).not.toMatch(/request failed/);
    });
  });
});

describe("clients that leave without DELETE, and one client against every slot", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttp([], { FSM_HTTP_MAX_SESSIONS: "3", FSM_HTTP_MAX_SESSIONS_PER_CLIENT: "3", FSM_LOG_LEVEL: "debug" });
  });
  afterAll(() => stopHttp(server));

  it("sessions of SDK clients that ended with close() (no DELETE) make way, least recently used first, for new clients", async () => {
    const gone = [];
    for (let i = 0; i < 3; i++) {
      const s = await sdkSession(server.url);
      await s.client.listTools();
      const id = s.transport.sessionId!;
      await server.waitForLog(new RegExp(`session ${id.slice(0, 8)}…: event stream opened`));
      await s.client.close(); // what the SDK's own Client, the Inspector CLI and the conformance suite do
      await server.waitForLog(new RegExp(`session ${id.slice(0, 8)}…: event stream closed`));
      gone.push(id);
    }
    const fresh = await Promise.all([1, 2, 3].map(() => sdkSession(server.url)));
    try {
      for (const f of fresh) expect((await f.client.listTools()).tools).toHaveLength(20);
      for (const id of gone) {
        await server.waitForLog(new RegExp(`session ${id.slice(0, 8)}… closed \\(evicted: least recently used idle session`));
        expect((await raw(server.url, { headers: sessionHeaders(id), body: TOOLS_LIST })).status).toBe(404);
      }
    } finally {
      await Promise.all(fresh.map(async (f) => (await f.transport.terminateSession().catch(() => undefined), await f.client.close())));
    }
  });
});

describe("the per-client limit", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttp([], { FSM_HTTP_MAX_SESSIONS: "4", FSM_HTTP_MAX_SESSIONS_PER_CLIENT: "2" });
  });
  afterAll(() => stopHttp(server));

  const open = async (localAddress: string) => {
    const r = await raw(server.url, { localAddress });
    expect(r.status, r.body).toBe(200);
    return r.headers["mcp-session-id"] as string;
  };
  const list = async (id: string) => (await raw(server.url, { headers: sessionHeaders(id), body: TOOLS_LIST })).status;

  it("one address cannot hold every slot: its third session replaces its own oldest idle one, and others still get in", async () => {
    const a1 = await open("127.0.0.1");
    const a2 = await open("127.0.0.1");
    const a3 = await open("127.0.0.1");
    expect(await list(a1)).toBe(404);
    expect([await list(a2), await list(a3)]).toEqual([200, 200]);
    const b1 = await open("127.0.0.2");
    const b2 = await open("127.0.0.2");
    expect([await list(b1), await list(b2)]).toEqual([200, 200]);

    // a2 and a3 busy (open event streams): a fourth session for 127.0.0.1 is refused, naming the limit.
    const streams = await Promise.all([a2, a3].map((id) => openStream(server.url, id)));
    try {
      const refused = await raw(server.url, { localAddress: "127.0.0.1" });
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body).error.message).toMatch(/this client has 2 sessions open and busy \(FSM_HTTP_MAX_SESSIONS_PER_CLIENT\)/);
      // Another address still gets a session: the least recently used idle one (b1) makes way.
      const c1 = await open("127.0.0.3");
      expect(await list(c1)).toBe(200);
      expect(await list(b1)).toBe(404);
      expect(await list(b2)).toBe(200);
    } finally {
      for (const s of streams) s.close();
    }
  });
});

/** A session's GET event stream, open once its 200 headers are in (the server counts the session busy by then). */
function openStream(url: string, sessionId: string): Promise<{ close(): void }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.hostname, port: Number(target.port) }, () => {
      socket.write(
        `GET ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nAccept: text/event-stream\r\nMcp-Session-Id: ${sessionId}\r\nMcp-Protocol-Version: 2025-06-18\r\n\r\n`,
      );
    });
    let head = "";
    socket.on("data", (d: Buffer) => {
      head += d.toString();
      if (!head.includes("\r\n\r\n")) return;
      if (!head.startsWith("HTTP/1.1 200")) reject(new Error(head));
      else resolve({ close: () => socket.destroy() });
    });
    socket.on("error", reject);
  });
}

describe("health, readiness and drain", () => {
  let sandbox: FsmNavigatorSandbox;
  let server: HttpServerProcess;
  const TOKEN = "drain-test-token-0123456789";
  beforeAll(async () => {
    sandbox = await startFsmNavigatorSandbox({ port: 0, faults: true, rateLimit: false });
    server = await startHttp([], {
      FSM_VENDOR: "fsmnavigator",
      FSM_BASE_URL: sandbox.url,
      FSM_API_KEY: DEMO_KEYS[0]!.key,
      FSM_TIMEOUT_MS: "60000",
      FSM_HTTP_TOKEN: TOKEN,
      FSM_HTTP_DRAIN_SECONDS: "120",
      FSM_LOG_LEVEL: "info",
    });
  });
  afterAll(async () => {
    await stopHttp(server);
    await sandbox?.close();
  });

  it("/healthz and /readyz answer without a token or an allowed Host, and say nothing more than their status", async () => {
    const port = new URL(server.url).port;
    const health = await raw(server.url, { method: "GET", path: "/healthz", headers: { host: `10.1.2.3:${port}` } });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: "ok" });
    const ready = await raw(server.url, { method: "GET", path: "/readyz" });
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: "ready" });
    expect((await raw(server.url, { method: "GET" })).status).toBe(401); // /mcp still needs the token
  });

  it("SIGTERM: the call in flight finishes, new requests and /readyz get 503, then the process exits 0", async () => {
    const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
    const client = new Client({ name: "drain", version: "0" });
    await client.connect(transport);
    // The vendor holds list_jobs' request until the checks below are made (then lets it go: no duration to
    // outlast them), well inside the drain's own limit.
    const release = Promise.withResolvers<void>();
    sandbox.faults.add({ kind: "delay", delayMs: 600_000, release: release.promise, method: "GET", path: "/api/v1/jobs" });
    const held = client.callTool({ name: "list_jobs", arguments: { per_page: 2 } }) as Promise<CallToolResult>;
    await until(() => sandbox.faults.fired.some((f) => f.method === "GET" && f.target.startsWith("/api/v1/jobs")));

    server.child.kill("SIGTERM");
    await server.waitForLog(/draining: 1 request\(s\) in flight/);
    const ready = await raw(server.url, { method: "GET", path: "/readyz" });
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: "draining" });
    const refused = await raw(server.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).error.message).toMatch(/shutting down/);
    expect(server.child.exitCode).toBeNull(); // still draining: the held call keeps it alive

    release.resolve();
    const result = await held;
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { items: unknown[] }).items).toHaveLength(2);
    expect(await server.exit).toBe(0);
    await server.waitForLog(/drained in \d+ ms/);
    await client.close();
  });
});

describe("readiness when the vendor is unreachable", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    // A port that was free a moment ago and is closed now: connections are refused.
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    server = await startHttp([], { FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: `http://127.0.0.1:${port}`, FSM_API_KEY: DEMO_KEYS[0]!.key });
  });
  afterAll(() => stopHttp(server));

  it("/readyz is 503 with no details (the reason goes to the server log); /healthz stays 200", async () => {
    const ready = await raw(server.url, { method: "GET", path: "/readyz" });
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: "unavailable" });
    await server.waitForLog(/not ready: the vendor \(127\.0\.0\.1:\d+\) is unreachable: ECONNREFUSED/);
    expect((await raw(server.url, { method: "GET", path: "/healthz" })).status).toBe(200);
  });
});

describe("stateless Streamable HTTP (FSM_HTTP_STATELESS=1)", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttp([], { FSM_HTTP_STATELESS: "1", FSM_HTTP_MAX_SESSIONS: "1" });
  });
  afterAll(() => stopHttp(server));

  it("serves SDK clients without a session id (more clients than FSM_HTTP_MAX_SESSIONS); GET and DELETE are 405", async () => {
    const clients = await Promise.all([1, 2, 3].map(() => sdkSession(server.url)));
    try {
      for (const c of clients) {
        expect(c.transport.sessionId).toBeUndefined();
        expect((await c.client.listTools()).tools).toHaveLength(20);
      }
      const r = (await clients[0]!.client.callTool({ name: "search_customers", arguments: { query: "acme" } })) as CallToolResult;
      expect(r.isError).toBeFalsy();
      expect(JSON.stringify(r.structuredContent)).toContain("Acme Corporation");
    } finally {
      await Promise.all(clients.map((c) => c.client.close()));
    }
    for (const method of ["GET", "DELETE"]) {
      const refused = await raw(server.url, { method });
      expect(refused.status).toBe(405);
      expect(refused.headers.allow).toBe("POST");
    }
    expect(server.stderr()).toMatch(/listening on \S+ \(Streamable HTTP, stateless;/);
  });
});

describe("stateless replicas confirm irreversible changes with a token", () => {
  let sandbox: FsmNavigatorSandbox;
  let replicas: HttpServerProcess[];
  beforeAll(async () => {
    sandbox = await startFsmNavigatorSandbox({ port: 0, faults: true, rateLimit: false });
    // One state directory: the replicas share the idempotency ledger (as they share Redis in team mode).
    const state = mkdtempSync(join(tmpdir(), "fsm-stateless-"));
    const env = { FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: DEMO_KEYS[0]!.key, FSM_HTTP_STATELESS: "1", FSM_STATE_DIR: state };
    replicas = await Promise.all([startHttp([], env), startHttp([], env)]);
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map(stopHttp));
    await sandbox?.close();
  });

  const call = async (replica: HttpServerProcess, name: string, args: Record<string, unknown>) => {
    const s = await sdkSession(replica.url);
    try {
      const r = (await s.client.callTool({ name, arguments: args })) as CallToolResult;
      return { isError: Boolean(r.isError), data: r.structuredContent as any, text: JSON.stringify(r.content) };
    } finally {
      await s.client.close();
    }
  };
  const tokenIn = (notes: string[]) => /confirm: "(fsmc1\.[^"]+)"/.exec(notes.join("\n"))?.[1];

  it("confirm: true gets a preview with a token; the token confirms on another replica, only for that change", async () => {
    const [a, b] = replicas;
    const job = (await call(a!, "create_job", { title: `Stateless cancel ${Date.now()}`, location_id: 87 })).data.job;
    const other = (await call(a!, "create_job", { title: `Stateless other ${Date.now()}`, location_id: 87 })).data.job;

    const preview = await call(a!, "update_job_status", { job_id: job.id, status: "Cancelled", confirm: true });
    expect(preview.data.outcome).toBe("preview");
    const token = tokenIn(preview.data.notes);
    expect(token).toBeDefined();
    expect((await call(b!, "get_job", { job_id: job.id })).data.job.status).not.toBe("Cancelled");

    // The token names one change: another job, or the same job with other arguments, gets a new preview.
    const wrongJob = await call(b!, "update_job_status", { job_id: other.id, status: "Cancelled", confirm: token });
    expect(wrongJob.data.outcome).toBe("preview");
    expect(wrongJob.data.notes.join(" ")).toMatch(/not accepted: it was given for another change/);
    const tampered = await call(b!, "update_job_status", { job_id: job.id, status: "Cancelled", confirm: `${token!.slice(0, -2)}xx` });
    expect(tampered.data.notes.join(" ")).toMatch(/not accepted: its signature does not match/);
    expect((await call(b!, "get_job", { job_id: other.id })).data.job.status).not.toBe("Cancelled");

    const done = await call(b!, "update_job_status", { job_id: job.id, status: "Cancelled", confirm: token });
    expect(done.isError, done.text).toBe(false);
    expect(done.data.outcome).toBe("updated");
    expect((await call(a!, "get_job", { job_id: job.id })).data.job.status).toBe("Cancelled");

    // Replayed on the other replica: the job is there already, and nothing more reaches the vendor.
    const changes = () =>
      sandbox.requests.filter((r) => r.method !== "GET" && (r.path.includes(`/${job.id}`) || Object.values(r.query).includes(String(job.id)))).length;
    const sent = changes();
    expect(sent).toBe(1); // the confirmed change
    const replay = await call(a!, "update_job_status", { job_id: job.id, status: "Cancelled", confirm: token });
    expect(replay.data.outcome).toBe("existing");
    expect(changes()).toBe(sent);
  });

  it("a token is used up by its first use on any replica (the shared ledger), even when the vendor refused that change", async () => {
    const [a, b] = replicas;
    const job = (await call(a!, "create_job", { title: `Stateless refused ${Date.now()}`, location_id: 87 })).data.job;
    const args = { job_id: job.id, status: "Cancelled" };
    const token = tokenIn((await call(a!, "update_job_status", { ...args, confirm: true })).data.notes);
    sandbox.faults.add({ kind: "status", status: 422, method: "PATCH", path: "/api/v1/jobs" });
    const refused = await call(b!, "update_job_status", { ...args, confirm: token });
    expect(refused.isError).toBe(true);
    expect(sandbox.faults.fired.filter((f) => f.method === "PATCH")).toHaveLength(1);

    const again = await call(a!, "update_job_status", { ...args, confirm: token });
    expect(again.data.outcome).toBe("preview");
    expect(again.data.notes.join(" ")).toMatch(/not accepted: it has been used already/);
    // The new preview's token works.
    const done = await call(a!, "update_job_status", { ...args, confirm: tokenIn(again.data.notes) });
    expect(done.data.outcome).toBe("updated");
  });
});

/** Wait for a condition on state this process owns (the sandbox's log), checked on every turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
