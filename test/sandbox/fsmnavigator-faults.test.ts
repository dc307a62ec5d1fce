import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { call, DISPATCHER_KEY, FULL_KEY } from "./fsmnavigator-helpers.js";

const newCustomer = { customer_name: "Fault Test Co", contact_email: "ops@faulttest.example.com" };

describe("fault injection", () => {
  let sandbox: FsmNavigatorSandbox;
  beforeAll(async () => {
    sandbox = await startFsmNavigatorSandbox({ faults: true, rateLimit: false });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(() => {
    sandbox.faults.clear();
  });

  const customers = (): number => sandbox.store.counts().customers;
  const post = (signal?: AbortSignal) =>
    fetch(`${sandbox.apiBase}/customers`, {
      method: "POST",
      headers: { "X-API-Key": FULL_KEY, "Content-Type": "application/json" },
      body: JSON.stringify(newCustomer),
      signal,
    });

  it("status: answers 503 in the vendor envelope before handling; nothing is applied", async () => {
    const before = customers();
    sandbox.faults.add({ kind: "status", status: 503, method: "POST", path: "/api/v1/customers" });
    const result = await call(sandbox, "POST", "/customers", { body: newCustomer });
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ success: false, error: "internal_error", message: expect.any(String), request_id: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(customers()).toBe(before);
    expect(sandbox.faults.fired).toEqual([expect.objectContaining({ kind: "status", method: "POST", target: "/api/v1/customers" })]);
  });

  it("status 429: carries Retry-After and the vendor's 429 body", async () => {
    const before = customers();
    sandbox.faults.add({ kind: "status", status: 429, retryAfterSec: 7 });
    const result = await call(sandbox, "POST", "/customers", { body: newCustomer });
    expect(result.status).toBe(429);
    expect(result.headers.get("retry-after")).toBe("7");
    expect(result.body).toMatchObject({
      success: false,
      error: "rate_limit_exceeded",
      message: "Too many requests. Please try again later.",
      retry_after: 7,
    });
    expect(customers()).toBe(before);
  });

  it("html: answers 502 with an HTML page before handling", async () => {
    const before = customers();
    sandbox.faults.add({ kind: "html" });
    const result = await call(sandbox, "POST", "/customers", { body: newCustomer });
    expect(result.status).toBe(502);
    expect(result.headers.get("content-type")).toContain("text/html");
    expect(result.text).toContain("<h1>502 Bad Gateway</h1>");
    expect(customers()).toBe(before);
  });

  it("malformed: handles the request, then answers 200 with truncated JSON", async () => {
    const before = customers();
    sandbox.faults.add({ kind: "malformed", method: "POST" });
    const result = await call(sandbox, "POST", "/customers", { body: newCustomer });
    expect(result.status).toBe(200);
    expect(result.body).toBeUndefined();
    expect(() => JSON.parse(result.text)).toThrow();
    expect(result.text.startsWith('{"success":true')).toBe(true);
    expect(customers()).toBe(before + 1);
  });

  it("delay: waits, then handles normally", async () => {
    sandbox.faults.add({ kind: "delay", delayMs: 250, path: /^\/api\/v1\/technicians\?id=45$/ });
    const started = Date.now();
    const result = await call(sandbox, "GET", "/technicians?id=45");
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(result.body.data.technician_id).toBe(45);
  });

  it("delay_after_commit: the write is applied even though the client gave up waiting", async () => {
    const before = customers();
    // The answer is held until the test lets it go, and the client gives up once the write is applied (a 200 ms
    // client timeout against a 2 s hold raced the clock).
    let release!: () => void;
    sandbox.faults.add({ kind: "delay_after_commit", delayMs: 600_000, release: new Promise<void>((resolve) => (release = resolve)) });
    const giveUp = new AbortController();
    const posting = post(giveUp.signal);
    await sandbox.faults.waitFor((f) => f.kind === "delay_after_commit" && f.handledAt !== undefined);
    giveUp.abort();
    await expect(posting).rejects.toThrow();
    release();
    expect(customers()).toBe(before + 1);
    expect((await call(sandbox, "GET", "/technicians?per_page=1")).status).toBe(200);
  });

  it("reset: drops the connection before handling; nothing is applied", async () => {
    const before = customers();
    sandbox.faults.add({ kind: "reset", method: "POST" });
    await expect(post()).rejects.toThrow();
    expect(customers()).toBe(before);
    expect(sandbox.requests.at(-1)).toMatchObject({ method: "POST", path: "/api/v1/customers", status: 0, fault: "reset", keyLabel: "full-access" });
  });

  it("reset_after_commit: applies the write, then drops the connection", async () => {
    const before = customers();
    sandbox.faults.add({ kind: "reset_after_commit", method: "POST" });
    await expect(post()).rejects.toThrow();
    expect(customers()).toBe(before + 1);
  });

  it("fail_after_commit: applies the write, then answers 500", async () => {
    const before = customers();
    sandbox.faults.add({ kind: "fail_after_commit", method: "POST" });
    const result = await call(sandbox, "POST", "/customers", { body: newCustomer });
    expect(result.status).toBe(500);
    expect(result.body).toMatchObject({ success: false, error: "internal_error" });
    expect(customers()).toBe(before + 1);
  });

  it("hits only matching requests, `times` times, then the sandbox answers normally", async () => {
    sandbox.faults.add({ kind: "status", status: 500, method: "GET", path: "/api/v1/jobs", times: 2 });
    expect((await call(sandbox, "GET", "/customers?id=201")).status).toBe(200);
    expect((await call(sandbox, "GET", "/jobs?id=1")).status).toBe(500);
    expect((await call(sandbox, "GET", "/jobs/1")).status).toBe(500);
    expect((await call(sandbox, "GET", "/jobs?id=1")).status).toBe(200);
    expect(sandbox.faults.armed).toBe(0);
    expect(sandbox.faults.fired.map((fault) => fault.target)).toEqual(["/api/v1/jobs?id=1", "/api/v1/jobs/1"]);
  });

  it("logs every request, so a test can count exactly what reached the sandbox", async () => {
    sandbox.requests.length = 0;
    sandbox.faults.add({ kind: "reset_after_commit", method: "POST" });
    await expect(post()).rejects.toThrow();
    // A careful client reconciles with a search instead of blindly re-posting.
    await call(sandbox, "GET", "/customers?search=faulttest.example.com", { key: DISPATCHER_KEY });
    await call(sandbox, "POST", "/customers", { body: newCustomer });
    expect(sandbox.requests.filter((entry) => entry.method === "POST")).toHaveLength(2);
    expect(sandbox.requests.map((entry) => [entry.method, entry.status, entry.keyLabel])).toEqual([
      ["POST", 0, "full-access"],
      ["GET", 200, "dispatcher"],
      ["POST", 201, "full-access"],
    ]);
    expect(sandbox.requests[1]!.query).toEqual({ search: "faulttest.example.com" });
    expect(Date.parse(sandbox.requests[0]!.at)).not.toBeNaN();
  });

  it("rejects malformed fault specs", () => {
    expect(() => sandbox.faults.add({ kind: "status" })).toThrow(/status/);
    expect(() => sandbox.faults.add({ kind: "delay", times: 0 })).toThrow(/times/);
    expect(() => sandbox.faults.add({ kind: "explode" as never })).toThrow(/Unknown fault kind/);
  });
});

describe("fault injection is off in the user-facing sandbox", () => {
  it("refuses to arm a fault unless started with faults: true", async () => {
    const sandbox = await startFsmNavigatorSandbox();
    try {
      expect(() => sandbox.faults.add({ kind: "reset" })).toThrow(/faults: true/);
      expect((await call(sandbox, "GET", "/technicians?per_page=1")).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});

describe("rate limiting", () => {
  let sandbox: FsmNavigatorSandbox;
  beforeAll(async () => {
    sandbox = await startFsmNavigatorSandbox({ rateLimit: { limit: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("counts per key, sends X-RateLimit-* on every answer and 429 with Retry-After past the limit", async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    for (const remaining of [2, 1, 0]) {
      const result = await call(sandbox, "GET", "/jobs?id=999999", { key: FULL_KEY });
      expect(result.headers.get("x-ratelimit-limit")).toBe("3");
      expect(result.headers.get("x-ratelimit-remaining")).toBe(String(remaining));
      const reset = Number(result.headers.get("x-ratelimit-reset"));
      expect(reset).toBeGreaterThanOrEqual(nowSec + 59);
      expect(reset).toBeLessThanOrEqual(nowSec + 62);
    }
    const refused = await call(sandbox, "GET", "/jobs");
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      success: false,
      error: "rate_limit_exceeded",
      message: "Too many requests. Please try again later.",
      retry_after: retryAfter,
      request_id: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    // Another key has its own window.
    const other = await call(sandbox, "GET", "/technicians", { key: DISPATCHER_KEY });
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-remaining")).toBe("2");
  });

  it("frees the window as it rolls", async () => {
    // A clock the test steps: with the real one, three calls had to land within 300 ms on a loaded machine.
    let now = Date.now();
    const quick = await startFsmNavigatorSandbox({ rateLimit: { limit: 2, windowMs: 300, now: () => now } });
    try {
      expect((await call(quick, "GET", "/technicians")).status).toBe(200);
      now += 100;
      expect((await call(quick, "GET", "/technicians")).status).toBe(200);
      now += 100;
      const refused = await call(quick, "GET", "/technicians");
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("1");
      now += 101; // the first call leaves the window (300 ms after it), the second is still in it
      expect((await call(quick, "GET", "/technicians")).status).toBe(200);
      expect((await call(quick, "GET", "/technicians")).status).toBe(429);
    } finally {
      await quick.close();
    }
  });

  it("is generous by default and absent when disabled", async () => {
    const [standard, unlimited] = await Promise.all([startFsmNavigatorSandbox(), startFsmNavigatorSandbox({ rateLimit: false })]);
    try {
      expect((await call(standard, "GET", "/technicians")).headers.get("x-ratelimit-limit")).toBe("600");
      expect((await call(unlimited, "GET", "/technicians")).headers.get("x-ratelimit-limit")).toBeNull();
    } finally {
      await Promise.all([standard.close(), unlimited.close()]);
    }
  });
});
