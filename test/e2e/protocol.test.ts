/**
 * First-class MCP features over stdio, through the built server and a real sandbox: logging notifications
 * (levels, retries, no secrets), progress for multi-page listings, cancellation down to the vendor socket,
 * and completion/complete for prompt arguments and resource templates.
 */
import { createServer, connect as tcpConnect, type AddressInfo, type Server, type Socket } from "node:net";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { LoggingMessageNotificationSchema, McpError, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { call, connect, liveAgainstSandbox, recordProgress, seen, type Connected } from "./harness.js";

type LogLine = LoggingMessageNotification["params"];
const API_KEY = DEMO_KEYS[0]!.key;

/** Poll until `check` holds. The default bound only catches a hang: it is no deadline for anything a test decides. */
async function waitFor(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function collectLogs(client: Connected["client"]): LogLine[] {
  const lines: LogLine[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    lines.push(n.params);
  });
  return lines;
}

const messageOf = (l: LogLine) => String((l.data as { message?: unknown }).message);

describe("logging notifications", () => {
  let env: Awaited<ReturnType<typeof liveAgainstSandbox>>;
  let lines: LogLine[];
  beforeAll(async () => {
    env = await liveAgainstSandbox();
    lines = collectLogs(env.client);
  });
  afterAll(async () => {
    await env?.close();
  });

  it("at the default level (info) sends no per-request debug lines, but does send info ones", async () => {
    lines.length = 0;
    expect((await call(env.client, "search_customers", { query: "acme" })).isError).toBe(false);
    const refused = await call(env.client, "get_job", { job_id: 99_999_999 });
    expect(refused.isError).toBe(true);
    await env.client.ping(); // everything the calls logged was written before this answer
    expect(lines.filter((l) => l.level === "debug")).toEqual([]);
    expect(lines.some((l) => l.level === "info" && l.logger === "tools" && /get_job refused/.test(messageOf(l)))).toBe(true);
  });

  it("after logging/setLevel debug, a tool call yields the vendor request and response lines", async () => {
    await env.client.setLoggingLevel("debug");
    lines.length = 0;
    // has_locations is the vendor's own filter, so this search goes to the vendor (a phrase alone is answered by the lookup index).
    expect((await call(env.client, "search_customers", { query: "river", has_locations: true })).isError).toBe(false);
    await env.client.ping();
    const http = lines.filter((l) => l.logger === "http").map((l) => [l.level, messageOf(l)]);
    expect(http).toContainEqual(["debug", expect.stringMatching(/^→ GET \/customers\?.*search=river.* \(attempt 1\)$/)]);
    expect(http).toContainEqual(["debug", expect.stringMatching(/^← 200 GET \/customers\?.*search=river.* in \d+ ms$/)]);
    expect(lines).toContainEqual(expect.objectContaining({ level: "debug", logger: "tools", data: { message: expect.stringMatching(/^search_customers ok in \d+ ms$/) } }));
  });

  it("a retried vendor failure is a warning (and at level warning only warnings come through)", async () => {
    await env.client.setLoggingLevel("warning");
    lines.length = 0;
    env.sandbox.faults.add({ kind: "status", status: 503, method: "GET", path: "/api/v1/customers", retryAfterSec: 0 });
    const r = await call(env.client, "search_customers", { query: "acme", has_locations: true });
    expect(r.isError).toBe(false);
    expect(r.data.items.length).toBeGreaterThan(0);
    await env.client.ping();
    expect(lines.map((l) => l.level)).toEqual(["warning"]);
    // `attempt` is the one about to be made: 2 = the first retry.
    expect(lines[0]).toMatchObject({ logger: "http", data: { status: 503, attempt: 2 } });
    expect(messageOf(lines[0]!)).toMatch(/^GET \/customers\?.*: .*503.*; retrying in \d+ ms \(attempt 2 of \d+\)$/);
  });

  it("never carries the API key", async () => {
    await env.client.setLoggingLevel("debug");
    // A 401 echoes what the vendor saw; a scope refusal names the key's profile: both pass through the redactor.
    env.sandbox.faults.add({ kind: "status", status: 401, method: "GET", path: "/api/v1/jobs" });
    await call(env.client, "list_jobs", {});
    await call(env.client, "get_customer", { customer_id: 1 });
    await env.client.ping();
    expect(lines.length).toBeGreaterThan(3);
    const all = JSON.stringify(lines);
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain("demoFullAccess");
  });
});

describe("rate-limit waits", () => {
  it("are info notifications (the client's first request goes alone while it learns the vendor's budget)", async () => {
    const env = await liveAgainstSandbox();
    try {
      const lines = collectLogs(env.client);
      // Two calls of one vendor request each (a phrase lookup would fill its index first: many requests).
      const [a, b] = await Promise.all([call(env.client, "list_jobs", {}), call(env.client, "list_technicians", {})]);
      expect(a.isError || b.isError).toBe(false);
      await env.client.ping();
      const waits = lines.filter((l) => /waiting ~\d+ ms for the vendor's rate limit/.test(messageOf(l)));
      expect(waits).toHaveLength(1);
      expect(waits[0]).toMatchObject({ level: "info", logger: "http", data: { reason: "first_request" } });
    } finally {
      await env.close();
    }
  });
});

describe("progress for multi-page listings", () => {
  let env: Awaited<ReturnType<typeof liveAgainstSandbox>>;
  beforeAll(async () => {
    env = await liveAgainstSandbox();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("max_pages gathers several vendor pages, one progress notification each, and next_page continues after them", async () => {
    const before = seen(env.sandbox, "GET", "/customers");
    const sent = recordProgress(env.client);
    const progress: Progress[] = [];
    const first = await env.client.callTool({ name: "search_customers", arguments: { per_page: 5, max_pages: 3 } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    const data = first.structuredContent as { items: Array<{ id: number }>; total: number; remaining: number; next_page: Record<string, unknown> };
    expect(seen(env.sandbox, "GET", "/customers") - before).toBe(3);
    const pages = Math.ceil(data.total / 5);
    const expected = [1, 2, 3].map((n) => ({ progress: n, total: 3, message: `page ${n} of ${pages}` }));
    expect(sent).toEqual(expected.map((p) => ({ progressToken: expect.anything(), ...p })));
    expect(new Set(sent.map((p) => p.progressToken)).size).toBe(1);
    // The SDK client may miss the last one when it arrives with the response (see recordProgress).
    expect(progress).toEqual(expected.slice(0, progress.length));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(data.items).toHaveLength(15);
    expect(new Set(data.items.map((c) => c.id)).size).toBe(15);
    expect(data.remaining).toBe(data.total - 15);
    expect(data.next_page).toMatchObject({ page: 4, per_page: 5, max_pages: 3 });

    const next = await call(env.client, "search_customers", data.next_page);
    const ids = new Set(data.items.map((c) => c.id));
    expect(next.data.items).toHaveLength(Math.min(15, data.total - 15));
    for (const c of next.data.items) expect(ids.has(c.id)).toBe(false);
  });

  it("stops at the vendor's last page and says so in the progress total", async () => {
    const progress = recordProgress(env.client);
    const r = await env.client.callTool({ name: "search_assets", arguments: { per_page: 100, max_pages: 5 } }, undefined, { onprogress: () => undefined });
    const data = r.structuredContent as { items: unknown[]; total: number; next_page: unknown };
    const pages = Math.ceil(data.total / 100);
    expect(progress).toHaveLength(Math.min(5, pages));
    expect(progress.at(-1)).toMatchObject({ progress: Math.min(5, pages), total: Math.min(5, pages) });
    if (pages <= 5) {
      expect(data.items).toHaveLength(data.total);
      expect(data.next_page).toBeNull();
    }
  });

  it("refuses more than 10 pages before calling the vendor", async () => {
    const before = env.sandbox.requests.length;
    const r = await call(env.client, "list_jobs", { max_pages: 11 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/max_pages/);
    expect(env.sandbox.requests.length).toBe(before);
  });
});

/** A TCP pass-through in front of the sandbox that records each connection's traffic and when it closed. */
interface ProxiedConnection {
  /** What the client sent, as text (request lines and headers). */
  sent: string;
  /** Bytes the sandbox answered since the client last sent something. */
  answeredSinceLastRequest: number;
  closedAt?: number;
}

async function startProxy(targetPort: number): Promise<{ url: string; connections: ProxiedConnection[]; close(): Promise<void> }> {
  const connections: ProxiedConnection[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const record: ProxiedConnection = { sent: "", answeredSinceLastRequest: 0 };
    connections.push(record);
    const upstream = tcpConnect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
    }
    client.on("data", (d: Buffer) => {
      record.sent += d.toString("latin1");
      record.answeredSinceLastRequest = 0;
      upstream.write(d);
    });
    upstream.on("data", (d: Buffer) => {
      record.answeredSinceLastRequest += d.length;
      client.write(d);
    });
    client.on("close", () => {
      record.closedAt ??= performance.now();
      upstream.destroy();
    });
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe("cancellation", () => {
  it("a cancelled call closes its vendor request at once, and the server keeps answering promptly", async () => {
    // The held answer is far longer than anything the checks below allow (a quarter of it, a third, a fifth),
    // and those bounds far above what the decision takes (milliseconds), so machine load cannot flip them.
    const DELAY_MS = 15_000;
    const sandbox = await startFsmNavigatorSandbox({ port: 0, faults: true, rateLimit: false });
    const proxy = await startProxy(sandbox.port);
    const env = await connect({ FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: proxy.url, FSM_API_KEY: API_KEY, FSM_TIMEOUT_MS: "15000" });
    try {
      const jobId = (await call(env.client, "list_jobs", { per_page: 1 })).data.items[0].id as number;
      // FSM Navigator addresses one job as /jobs?id=N.
      sandbox.faults.add({ kind: "delay", delayMs: DELAY_MS, method: "GET", path: new RegExp(`^/api/v1/jobs\\?id=${jobId}$`) });

      const abort = new AbortController();
      const pending = env.client.callTool({ name: "get_job", arguments: { job_id: jobId } }, undefined, { signal: abort.signal });
      const rejected = expect(pending).rejects.toThrow(/user cancelled/);
      const target = `GET /api/v1/jobs?id=${jobId} `;
      await waitFor(() => proxy.connections.some((c) => c.sent.includes(target)), "the delayed GET to reach the sandbox");
      // Counted from the GET's arrival, not from the call: how long a loaded machine takes to get it there is
      // not what this test is about.
      const arrivedAt = performance.now();
      abort.abort("user cancelled");
      const cancelledAt = performance.now();
      await rejected;

      const carrier = proxy.connections.find((c) => c.sent.includes(target))!;
      await waitFor(() => carrier.closedAt !== undefined, "the vendor connection to close", DELAY_MS / 3);
      expect(carrier.closedAt! - cancelledAt).toBeLessThan(DELAY_MS / 4);
      expect(carrier.closedAt! - arrivedAt).toBeLessThan(DELAY_MS / 3);
      expect(carrier.answeredSinceLastRequest).toBe(0); // closed while the sandbox still held the answer

      const t0 = performance.now();
      const next = await call(env.client, "get_job", { job_id: jobId });
      const nextMs = performance.now() - t0;
      expect(next.isError).toBe(false);
      expect(next.data.job.id).toBe(jobId);
      expect(nextMs).toBeLessThan(DELAY_MS / 5);
    } finally {
      await env.close();
      await proxy.close();
      await sandbox.close();
    }
  });
});

describe("completion", () => {
  let conn: Connected;
  beforeAll(async () => {
    conn = await connect({});
  });
  afterAll(async () => {
    await conn?.close();
  });

  it("declares the completions capability", () => {
    expect(conn.client.getServerCapabilities()?.completions).toBeDefined();
  });

  it("completes the dispatch_job prompt's customer from the vendor's customers", async () => {
    const r = await conn.client.complete({ ref: { type: "ref/prompt", name: "dispatch_job" }, argument: { name: "customer", value: "acme" } });
    expect(r.completion.values).toEqual(expect.arrayContaining(["Acme Corporation", "Acme Corp Logistics"]));
    const searched = await call(conn.client, "search_customers", { query: "acme", per_page: 50 });
    expect([...r.completion.values].sort()).toEqual([...new Set(searched.data.items.map((c: { name: string }) => c.name as string))].sort());
    const none = await conn.client.complete({ ref: { type: "ref/prompt", name: "dispatch_job" }, argument: { name: "customer", value: "zzqx-no-such" } });
    expect(none.completion.values).toEqual([]);
    // Free-text arguments do not complete.
    const work = await conn.client.complete({ ref: { type: "ref/prompt", name: "dispatch_job" }, argument: { name: "work", value: "fix" } });
    expect(work.completion.values).toEqual([]);
  });

  it("ranks completions by relevance: names starting with what was typed, then a word that does, then the rest", async () => {
    const r = await conn.client.complete({ ref: { type: "ref/prompt", name: "dispatch_job" }, argument: { name: "customer", value: "Ac" } });
    const values = r.completion.values;
    // The vendor's search for "ac", which completion asks, also matches mailboxes like facilities@… and
    // practice.manager@… (the same seed as the built-in sandbox: checked in its store, since search_customers
    // now answers from the lookup index, which matches words, not fragments of mailboxes).
    const seeded = await startFsmNavigatorSandbox();
    try {
      const emailOnly = [...seeded.store.customers.values()].filter((c) => !/ac/i.test(c.customer_name) && /ac/i.test(c.customer_email ?? ""));
      expect(emailOnly.length, "the sandbox has email-only matches for this check").toBeGreaterThan(0);
    } finally {
      await seeded.close();
    }
    const group = (n: string) => (/^ac/i.test(n) ? 0 : /(^|[^\p{L}\p{N}])ac/iu.test(n) ? 1 : /ac/i.test(n) ? 2 : 3);
    expect(values.slice(0, 2).sort()).toEqual(["Acme Corp Logistics", "Acme Corporation"]);
    expect(values.map(group)).toEqual([...values.map(group)].sort((a, b) => a - b));
    expect(values).toContain("Little Acorns Montessori");
    expect(values.length).toBeLessThanOrEqual(10);
  });

  it("completes the log_service_visit prompt's asset from the vendor's equipment", async () => {
    const asset = (await call(conn.client, "search_assets", { per_page: 1 })).data.items[0] as { name: string };
    const fragment = asset.name.split(" ")[0]!;
    const r = await conn.client.complete({ ref: { type: "ref/prompt", name: "log_service_visit" }, argument: { name: "asset", value: fragment } });
    expect(r.completion.values).toContain(asset.name);
  });

  it("completes job ids for fsm://jobs/{job_id}, and the completed URI reads as that job", async () => {
    const ref = { type: "ref/resource" as const, uri: "fsm://jobs/{job_id}" };
    const all = await conn.client.complete({ ref, argument: { name: "job_id", value: "" } });
    expect(all.completion.values.length).toBeGreaterThan(0);
    const newest = (await call(conn.client, "list_jobs", { per_page: 1 })).data.items[0] as { id: number; status: string };
    expect(all.completion.values[0]).toBe(String(newest.id));

    const prefix = String(newest.id).slice(0, 1);
    const some = await conn.client.complete({ ref, argument: { name: "job_id", value: prefix } });
    expect(some.completion.values.length).toBeGreaterThan(0);
    for (const v of some.completion.values) expect(v.startsWith(prefix)).toBe(true);

    const read = await conn.client.readResource({ uri: `fsm://jobs/${newest.id}` });
    const job = JSON.parse((read.contents[0] as { text: string }).text);
    expect(job).toMatchObject({ id: newest.id, status: newest.status });
    expect(Array.isArray(job.allowed_next_statuses)).toBe(true);

    const templates = await conn.client.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toEqual(expect.arrayContaining(["fsm://jobs/{job_id}", "fsm://statuses/{kind}"]));
  });

  it("refuses an unknown or malformed job id with a clear resource error", async () => {
    const missing = await conn.client.readResource({ uri: "fsm://jobs/99999999" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(McpError);
    expect((missing as McpError).code).toBe(-32002);
    expect((missing as McpError).message).toMatch(/No job 99999999; list_jobs finds job ids/);
    const malformed = await conn.client.readResource({ uri: "fsm://jobs/abc" }).catch((e: unknown) => e);
    expect((malformed as McpError).message).toMatch(/"abc" is not a FSM Navigator job id/);
  });

  it("completes status machine kinds, which still list and read as before", async () => {
    const r = await conn.client.complete({ ref: { type: "ref/resource", uri: "fsm://statuses/{kind}" }, argument: { name: "kind", value: "a" } });
    expect(r.completion.values).toEqual(["assets"]);
    const listed = (await conn.client.listResources()).resources.map((x) => x.uri);
    expect(listed).toEqual(expect.arrayContaining(["fsm://statuses/jobs", "fsm://statuses/assets", "fsm://capabilities"]));
    const jobs = await conn.client.readResource({ uri: "fsm://statuses/jobs" });
    expect(JSON.parse((jobs.contents[0] as { text: string }).text).statuses).toHaveLength(9);
    expect(jobs.contents[1]).toMatchObject({ uri: "fsm://statuses/jobs#table", mimeType: "text/markdown" });
  });
});
