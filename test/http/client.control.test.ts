import { afterEach, describe, expect, it, vi } from "vitest";
import type { VendorError } from "../../src/http/errors.js";
import type { AuthProvider } from "../../src/http/types.js";
import { json, makeClient, rejectionOf, startServer } from "./helpers.js";

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

describe("cancellation", () => {
  it("a caller abort during a slow response ends promptly with kind aborted", async () => {
    const { server, client } = await setup(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.request({ method: "GET", path: "/jobs" }, { signal: controller.signal, timeoutMs: 600_000 });
    // Abort once the server holds the request (not after a fixed 100 ms: on a loaded machine the request had
    // sometimes not arrived yet, and the server counted 0).
    await vi.waitFor(() => expect(server.count).toBe(1));
    controller.abort();
    const err = (await rejectionOf(pending)) as VendorError;
    // Only the abort can end it (the server never answers, the timeout is ten minutes).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(err).toMatchObject({ name: "VendorError", kind: "aborted", retryable: false, attempts: 1 });
    expect(err.message).toBe("GET /jobs was cancelled");
    expect(server.count).toBe(1);
  });

  it("a POST cancelled in flight may have been applied", async () => {
    const { server, client } = await setup(() => {});
    const controller = new AbortController();
    const pending = client.request({ method: "POST", path: "/jobs", body: {} }, { signal: controller.signal });
    await vi.waitFor(() => expect(server.count).toBe(1)); // in flight: the server has it (no fixed 80 ms guess)
    controller.abort();
    const err = (await rejectionOf(pending)) as VendorError;
    expect(err).toMatchObject({ kind: "aborted", writeMayHaveHappened: true });
  });

  it("an abort during the backoff sleep stops the retries", async () => {
    const { server, client, events } = await setup((_req, res) => json(res, 503, {}), {
      retry: { retries: 5, minTimeoutMs: 600_000, maxTimeoutMs: 600_000 },
    });
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.request({ method: "GET", path: "/jobs" }, { signal: controller.signal });
    await vi.waitFor(() => expect(events.some((e) => e.type === "retry")).toBe(true));
    controller.abort();
    const err = (await rejectionOf(pending)) as VendorError;
    expect(Date.now() - started).toBeLessThan(10_000); // the backoff is ten minutes: only the abort ends it
    expect(err).toMatchObject({ kind: "aborted", attempts: 1, writeMayHaveHappened: false });
    expect(server.count).toBe(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, {}));
    const err = (await rejectionOf(
      client.request({ method: "GET", path: "/jobs" }, { signal: AbortSignal.abort() }),
    )) as VendorError;
    expect(err.kind).toBe("aborted");
    expect(server.count).toBe(0);
  });
});

describe("401 and credential refresh", () => {
  function tokenAuth(): AuthProvider & { token: string; refreshCalls: number } {
    const auth = {
      token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.old-signature",
      refreshCalls: 0,
      apply(headers: Record<string, string>) {
        headers.authorization = `Bearer ${auth.token}`;
      },
      async refresh() {
        auth.refreshCalls++;
        auth.token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyIn0.new-signature";
        return true;
      },
      secrets: () => [auth.token],
    };
    return auth;
  }

  it("refreshes once and replays the request once", async () => {
    const auth = tokenAuth();
    const { server, client, events } = await setup(
      (req, res) =>
        req.headers.authorization?.includes("new-signature")
          ? json(res, 200, { ok: true })
          : json(res, 401, { type: "about:blank", title: "Unauthorized", status: 401 }),
      { auth },
    );
    const res = await client.request({ method: "POST", path: "/jobs", body: { a: 1 } });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(2);
    expect(auth.refreshCalls).toBe(1);
    expect(server.count).toBe(2);
    expect(server.requests[1]!.body).toBe('{"a":1}');
    expect(events.filter((e) => e.type === "auth_refresh")).toHaveLength(1);
    expect(events.find((e) => e.type === "auth_refresh")?.level).toBe("info");
  });

  it("a second 401 surfaces (no loop, no retry)", async () => {
    const auth = tokenAuth();
    const { server, client } = await setup((_req, res) => json(res, 401, { success: false, error: "unauthorized", message: "Invalid API key" }), {
      auth,
    });
    const err = (await rejectionOf(client.request({ method: "GET", path: "/jobs" }))) as VendorError;
    expect(auth.refreshCalls).toBe(1);
    expect(server.count).toBe(2);
    expect(err).toMatchObject({ kind: "http", status: 401, code: "unauthorized", retryable: false, attempts: 2 });
    expect(err.message).toBe("GET /jobs failed: 401 unauthorized — Invalid API key (even after refreshing the credentials once)");
  });

  it("refresh() returning false surfaces the first 401", async () => {
    const auth = { ...tokenAuth(), refresh: vi.fn(async () => false) };
    const { server, client } = await setup((_req, res) => json(res, 401, {}), { auth });
    const err = (await rejectionOf(client.request({ method: "GET", path: "/jobs" }))) as VendorError;
    expect(auth.refresh).toHaveBeenCalledTimes(1);
    expect(server.count).toBe(1);
    expect(err.status).toBe(401);
    expect(err.message).toBe("GET /jobs failed: 401 — Unauthorized");
  });

  it("without refresh(), a 401 is surfaced at once", async () => {
    const { server, client } = await setup((_req, res) => json(res, 401, {}), {
      auth: { apply: (h) => void (h["x-api-key"] = "fsm_test_abcdef123456"), secrets: () => ["fsm_test_abcdef123456"] },
    });
    await rejectionOf(client.request({ method: "GET", path: "/jobs" }));
    expect(server.count).toBe(1);
    expect(server.requests[0]!.headers["x-api-key"]).toBe("fsm_test_abcdef123456");
  });
});

describe("read-only mode", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE"] as const)("refuses %s before it leaves the process", async (method) => {
    const { server, client, events } = await setup((_req, res) => json(res, 200, {}), { readOnly: true });
    const err = (await rejectionOf(client.request({ method, path: "/jobs", body: {} }))) as VendorError;
    expect(server.count).toBe(0);
    expect(events).toHaveLength(0);
    expect(err).toMatchObject({ kind: "read_only", retryable: false, writeMayHaveHappened: false, attempts: 0, method });
    expect(err.message).toMatch(new RegExp(`^${method} /jobs refused: this server runs read-only \\(FSM_READ_ONLY`));
  });

  it("still sends GET", async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, { ok: 1 }), { readOnly: true });
    await client.request({ method: "GET", path: "/jobs" });
    expect(server.count).toBe(1);
  });
});

describe("limiter wiring", () => {
  it("a call still waiting for the limiter when the client closes is never sent", async () => {
    const { RateLimiter } = await import("../../src/http/rate-limiter.js");
    const rateLimiter = new RateLimiter({ holdFirstRequest: false });
    rateLimiter.blockFor(300);
    const { server, client } = await setup((_req, res) => json(res, 200, {}), { rateLimiter });
    const pending = client.request({ method: "POST", path: "/jobs", body: {} });
    await client.close();
    const err = (await rejectionOf(pending)) as VendorError;
    expect(err).toMatchObject({ kind: "aborted", attempts: 0, writeMayHaveHappened: false });
    expect(err.message).toBe("POST /jobs was not sent: the HTTP client was closed");
    expect(server.count).toBe(0);
  });

  it("rateLimit.maxPerSecond paces requests evenly", async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, {}), { rateLimit: { maxPerSecond: 5, holdFirstRequest: false } });
    // One request first, so connection setup does not delay the first measured arrival; then 4 at once:
    // paced, 3 gaps of 200 ms (600 ms) between the first and last arrival; unpaced, a few ms. The bound sits
    // far from both, so arrival jitter under load cannot decide it.
    await client.request({ method: "GET", path: "/jobs" });
    await Promise.all([1, 2, 3, 4].map(() => client.request({ method: "GET", path: "/jobs" })));
    const at = server.requests.slice(1).map((r) => r.at).sort((a, b) => a - b);
    expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(400);
  });
});
