import { afterEach, describe, expect, it } from "vitest";
import { HttpClient, buildRelativePath, parseJsonLeniently, previewBody } from "../../src/http/client.js";
import { isVendorError, VendorError } from "../../src/http/errors.js";
import { fsmDialect, json, makeClient, rejectionOf, startServer, type TestServer } from "./helpers.js";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(handler: Parameters<typeof startServer>[0], overrides: Parameters<typeof makeClient>[1] = {}) {
  const server = await startServer(handler);
  const { client, events } = makeClient(server.url, overrides);
  cleanup.push(() => server.close(), () => client.close());
  return { server, client, events };
}

const NGINX_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title><style>body{color:red}</style></head>\r\n<body>\r\n" +
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";

describe("request building", () => {
  it("sends prefix + path + encoded query, JSON body, accept, content-type and user agent", async () => {
    const { server, client } = await setup((_req, res) => json(res, 201, { success: true, job: { id: 9 } }, { "x-request-id": "req-1" }));
    const res = await client.request<{ job: { id: number } }>({
      method: "POST",
      path: "/jobs",
      query: { id: 5, search: "a b&c", skip: undefined, none: null, flag: false },
      body: { job_title: "Fix furnace" },
    });
    expect(res).toEqual({
      status: 201,
      headers: expect.objectContaining({ "content-type": "application/json", "x-request-id": "req-1" }),
      body: { success: true, job: { id: 9 } },
      requestId: "req-1",
      attempts: 1,
    });
    const seen = server.requests[0]!;
    expect(seen.url).toBe("/api/v1/jobs?id=5&search=a%20b%26c&flag=false");
    expect(seen.body).toBe('{"job_title":"Fix furnace"}');
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(seen.headers.accept).toBe("application/json");
    expect(seen.headers["user-agent"]).toMatch(/^fsm-mcp/);
  });

  it("sends no body and no content-type on GET", async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, { data: [] }));
    await client.request({ method: "GET", path: "jobs", body: { ignored: true } });
    expect(server.requests[0]!.url).toBe("/api/v1/jobs");
    expect(server.requests[0]!.body).toBe("");
    expect(server.requests[0]!.headers["content-type"]).toBeUndefined();
  });

  it("exposes origin and baseUrl, and rejects a non-http base URL", () => {
    const client = new HttpClient({ baseUrl: "http://127.0.0.1:4010/api/v1/", dialect: fsmDialect });
    cleanup.push(() => client.close());
    expect(client.origin).toBe("http://127.0.0.1:4010");
    expect(client.baseUrl).toBe("http://127.0.0.1:4010/api/v1");
    expect(() => new HttpClient({ baseUrl: "ftp://x", dialect: fsmDialect })).toThrow(/http or https/);
    expect(() => new HttpClient({ baseUrl: "not a url", dialect: fsmDialect })).toThrow(/absolute/);
  });

  it("buildRelativePath skips undefined/null and appends to an existing query", () => {
    expect(buildRelativePath("/jobs", { page: 2, per_page: undefined, q: null })).toBe("/jobs?page=2");
    expect(buildRelativePath("/assets?id=3", { sub: "service" })).toBe("/assets?id=3&sub=service");
    expect(buildRelativePath("/x")).toBe("/x");
  });
});

describe("response bodies", () => {
  it("an empty body parses to undefined (204)", async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(204).end();
    });
    const res = await client.request({ method: "DELETE", path: "/jobs", query: { id: 1 } });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
  });

  it("an HTML 502 page is a clear parse error, never a SyntaxError", async () => {
    const { server, client } = await setup((_req, res) => {
      res.writeHead(502, { "content-type": "text/html; charset=utf-8" }).end(NGINX_502);
    }, { retry: { retries: 1, minTimeoutMs: 5, maxTimeoutMs: 5 } });
    const err = await rejectionOf(client.request({ method: "GET", path: "/jobs" }));
    expect(err).toBeInstanceOf(VendorError);
    expect(err).not.toBeInstanceOf(SyntaxError);
    const e = err as VendorError;
    expect(e).toMatchObject({ kind: "parse", status: 502, retryable: true, attempts: 2 });
    expect(server.count).toBe(2); // 5xx: still retried
    expect(e.message).toContain("GET /jobs: the vendor answered 502 with a non-JSON body (text/html)");
    expect(e.message).toContain('"502 Bad Gateway 502 Bad Gateway nginx/1.25.3"');
    expect(e.message).not.toMatch(/<|color:red|SyntaxError|Unexpected token/);
  });

  it("truncated JSON on a 200 is a parse error, not retried", async () => {
    const { server, client } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end('{"data":[{"id":1,"na');
    });
    const e = (await rejectionOf(client.request({ method: "GET", path: "/jobs" }))) as VendorError;
    expect(isVendorError(e)).toBe(true);
    expect(e).toMatchObject({ kind: "parse", status: 200, retryable: false });
    expect(e.message).toBe('GET /jobs: the vendor answered 200 with malformed JSON (application/json, 20 bytes): "{"data":[{"id":1,"na"');
    expect(server.count).toBe(1);
  });

  it("a 200 with success:false becomes a VendorError with the vendor's code (failureInSuccess)", async () => {
    const { client } = await setup((_req, res) => json(res, 200, { success: false, error: "validation_failed", message: "x", request_id: "r-9" }));
    const e = (await rejectionOf(client.request({ method: "POST", path: "/jobs", body: {} }))) as VendorError;
    expect(e).toMatchObject({ kind: "http", status: 200, code: "validation_failed", requestId: "r-9", retryable: false, writeMayHaveHappened: false });
    expect(e.message).toBe("POST /jobs failed: validation_failed — x (reported in a 200 response)");
  });

  it("an error body fills code, message, fieldErrors, details and requestId (body first, then header)", async () => {
    const { client } = await setup((_req, res, n) =>
      n === 1
        ? json(res, 400, { success: false, error: "validation_failed", message: "Invalid input", errors: { job_title: ["is required"] }, hint: "see docs", request_id: "body-id" }, { "x-request-id": "hdr-id" })
        : json(res, 404, { success: false, error: "not_found", message: "Job 5 not found" }, { "x-request-id": "hdr-id" }),
    );
    const first = (await rejectionOf(client.request({ method: "POST", path: "/jobs", body: {} }))) as VendorError;
    expect(first).toMatchObject({
      code: "validation_failed",
      requestId: "body-id",
      fieldErrors: { job_title: ["is required"] },
      details: { hint: "see docs" },
    });
    const second = (await rejectionOf(client.request({ method: "GET", path: "/jobs", query: { id: 5 } }))) as VendorError;
    expect(second).toMatchObject({ code: "not_found", requestId: "hdr-id", status: 404 });
    expect(second.toJSON()).toMatchObject({ name: "VendorError", kind: "http", status: 404, path: "/jobs?id=5" });
    expect(JSON.stringify(second)).not.toContain("stack");
  });

  it("a throwing dialect does not hide the HTTP error", async () => {
    const server = await startServer((_req, res) => json(res, 418, { weird: true }));
    const client = new HttpClient({
      baseUrl: server.url,
      dialect: { parseError: () => { throw new Error("dialect bug"); } },
      retry: { retries: 0 },
    });
    cleanup.push(() => server.close(), () => client.close());
    const e = (await rejectionOf(client.request({ method: "GET", path: "/x" }))) as VendorError;
    expect(e).toMatchObject({ kind: "http", status: 418 });
    expect(e.message).toBe("GET /x failed: 418 — I'm a Teapot");
  });

  it("parseJsonLeniently and previewBody", () => {
    expect(parseJsonLeniently("")).toEqual({ ok: true, value: undefined });
    expect(parseJsonLeniently("  \n")).toEqual({ ok: true, value: undefined });
    expect(parseJsonLeniently("[1]")).toEqual({ ok: true, value: [1] });
    expect(parseJsonLeniently("<html>")).toEqual({ ok: false });
    expect(previewBody("<p>a &amp; b</p><script>evil()</script>")).toBe("a & b");
    expect(previewBody("x".repeat(200))).toHaveLength(121);
  });
});

describe("events", () => {
  it("emits request and response at debug level with status and ms", async () => {
    const { client, events } = await setup((_req, res) => json(res, 200, {}));
    await client.request({ method: "GET", path: "/jobs", query: { page: 1 } });
    expect(events.map((e) => [e.type, e.level])).toEqual([
      ["request", "debug"],
      ["response", "debug"],
    ]);
    expect(events[1]!.data).toMatchObject({ method: "GET", path: "/jobs?page=1", status: 200, attempt: 1 });
    expect(typeof events[1]!.data!.ms).toBe("number");
  });

  it("a throwing onEvent never breaks a request", async () => {
    const { client } = await setup((_req, res) => json(res, 200, { ok: 1 }), {
      onEvent: () => {
        throw new Error("observer bug");
      },
    });
    await expect(client.request({ method: "GET", path: "/jobs" })).resolves.toMatchObject({ body: { ok: 1 } });
  });

  it("close() makes later requests fail fast", async () => {
    const { client } = await setup((_req, res) => json(res, 200, {}));
    await client.close();
    await expect(client.request({ method: "GET", path: "/jobs" })).rejects.toThrow(/closed/);
  });
});
