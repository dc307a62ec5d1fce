import { request } from "undici";
import { describe, expect, it } from "vitest";
import { SandboxClock } from "../../src/sandbox/common/clock.js";
import { FaultInjector, runFault } from "../../src/sandbox/common/faults.js";
import { PathPattern, readJsonBody, startHttpServer, writeResponse } from "../../src/sandbox/common/http.js";
import { SeededRandom } from "../../src/sandbox/common/random.js";
import { RollingWindowLimiter } from "../../src/sandbox/common/rate-limit.js";
import { RequestLog } from "../../src/sandbox/common/request-log.js";
import { filterInstant, isCalendarDate, isIsoDateTime, objectSchema, validateBody, validateQuery } from "../../src/sandbox/common/validate.js";

describe("SeededRandom", () => {
  it("repeats for a seed and stays in range", () => {
    const a = new SeededRandom(99);
    const b = new SeededRandom(99);
    const drawsA = Array.from({ length: 50 }, () => a.int(1, 6));
    expect(Array.from({ length: 50 }, () => b.int(1, 6))).toEqual(drawsA);
    expect(new Set(drawsA)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    const rng = new SeededRandom(1);
    expect(rng.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(["x", "y"]).toContain(rng.pick(["x", "y"]));
    expect(rng.weighted(["never", "always"], [0, 1])).toBe("always");
    expect(Array.from({ length: 200 }, () => rng.chance(0.5)).filter(Boolean).length).toBeGreaterThan(60);
    expect(() => rng.pick([])).toThrow();
  });
});

describe("SandboxClock", () => {
  it("stamps writes with real time, strictly forward in whole seconds", () => {
    const clock = new SandboxClock("2026-06-01T12:00:00Z");
    const before = Math.floor(Date.now() / 1000) * 1000;
    const ticks = Array.from({ length: 5 }, () => clock.tick());
    expect(Date.parse(ticks[0]!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(ticks[0]!)).toBeLessThan(before + 5_000);
    expect(ticks[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]! > ticks[i - 1]!).toBe(true);
  });

  it("never stamps a write before the anchor the demo data is dated from", () => {
    const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const clock = new SandboxClock(future);
    expect(Date.parse(clock.tick())).toBeGreaterThanOrEqual(Date.parse(future) - 1000);
  });
});

describe("RollingWindowLimiter", () => {
  it("allows `limit` per window per key, then says when to retry", () => {
    let now = 1_000_000;
    const limiter = new RollingWindowLimiter({ limit: 2, windowMs: 10_000 }, () => now);
    expect(limiter.check("k").headers).toEqual({ "X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "1010" });
    now += 4_000;
    expect(limiter.check("k").remaining).toBe(0);
    const refused = limiter.check("k");
    expect(refused).toMatchObject({ allowed: false, retryAfterSec: 6, resetAt: 1010 });
    expect(refused.headers["Retry-After"]).toBe("6");
    expect(limiter.check("other").allowed).toBe(true);
    now += 6_001; // the first request left the window
    expect(limiter.check("k")).toMatchObject({ allowed: true, remaining: 0 });
  });
});

describe("FaultInjector", () => {
  it("matches method and path (prefix string or RegExp, /g-safe) and counts down", () => {
    const faults = new FaultInjector(true);
    faults.add({ kind: "reset", method: "post", path: "/api/v1/jobs", times: 2 });
    faults.add({ kind: "html", path: /sub=service$/g, times: Infinity });
    expect(faults.take("GET", "/api/v1/jobs")).toBeUndefined();
    expect(faults.take("POST", "/api/v1/jobs?x=1")?.kind).toBe("reset");
    expect(faults.take("POST", "/api/v1/jobs")?.kind).toBe("reset");
    expect(faults.take("POST", "/api/v1/jobs")).toBeUndefined();
    for (let i = 0; i < 3; i++) expect(faults.take("POST", "/api/v1/assets?id=1&sub=service")?.kind).toBe("html");
    expect(faults.fired).toHaveLength(5);
    faults.clear();
    expect([faults.armed, faults.fired.length]).toEqual([0, 0]);
  });

  it("runs the handler only for the kinds that commit", async () => {
    const handled: string[] = [];
    const ctx = (kind: string) => ({
      handle: async () => {
        handled.push(kind);
        return { status: 201, json: { ok: true, padding: "xxxxxxxx" } };
      },
      errorResponse: (status: number) => ({ status, json: { error: status } }),
      signal: new AbortController().signal,
    });
    for (const kind of ["status", "html", "reset"] as const) await runFault({ kind, status: 503 }, ctx(kind));
    const malformed = await runFault({ kind: "malformed" }, ctx("malformed"));
    const failed = await runFault({ kind: "fail_after_commit" }, ctx("fail_after_commit"));
    expect(handled).toEqual(["malformed", "fail_after_commit"]);
    expect(malformed).toMatchObject({ action: "respond", response: { status: 200 } });
    expect(failed).toMatchObject({ action: "respond", response: { status: 500 } });
  });
});

describe("field validation", () => {
  const specs = {
    name: { type: "string", required: true, maxLength: 5 },
    kind: { type: "enum", values: ["repair", "meter_read"] },
    when: { type: "date" },
    count: { type: "integer", min: 1 },
  } as const;

  it("collects messages per field and converts query strings", () => {
    const body = validateBody(specs, { name: "toolong", kind: "Meter Read", when: "2026-02-29", count: 0 });
    expect(body.errors.toRecord()).toEqual({
      name: ["name must be at most 5 characters"],
      kind: ['kind must be one of: repair, meter_read (did you mean "meter_read"?)'],
      when: ["when must be a date in YYYY-MM-DD format"],
      count: ["count must be at least 1"],
    });
    const query = validateQuery(specs, new URLSearchParams("name=ok&count=3"));
    expect(query.errors.size).toBe(0);
    expect(query.values).toEqual({ name: "ok", count: 3 });
    expect(objectSchema(specs)).toMatchObject({ required: ["name"], properties: { kind: { enum: ["repair", "meter_read"] }, count: { minimum: 1 } } });
  });

  it("knows real dates and zoned date-times", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isIsoDateTime("2026-02-25T09:00:00Z")).toBe(true);
    expect(isIsoDateTime("2026-02-25T09:00:00.123+05:30")).toBe(true);
    expect(isIsoDateTime("2026-02-25T09:00:00")).toBe(false);
    expect(filterInstant("2026-02-24", "end")).toBe(Date.parse("2026-02-24T23:59:59.999Z"));
  });
});

describe("http helpers", () => {
  it("matches path patterns", () => {
    const pattern = new PathPattern("/customers/:id/locations/:location_id");
    expect(pattern.match("/customers/201/locations/87")).toEqual({ id: "201", location_id: "87" });
    expect(pattern.match("/customers/201/locations")).toBeUndefined();
  });

  it("reads JSON with a size limit and closes promptly despite keep-alive sockets", async () => {
    const server = await startHttpServer(async (_req, raw) => {
      try {
        writeResponse(raw.res, { status: 200, json: { got: await readJsonBody(raw.req, 64) } });
      } catch (error) {
        writeResponse(raw.res, { status: (error as { status?: number }).status ?? 500, json: { error: (error as Error).message } });
      }
    });
    const ok = await request(`${server.url}/`, { method: "POST", body: '{"a":1}' });
    expect(await ok.body.json()).toEqual({ got: { a: 1 } });
    const big = await request(`${server.url}/`, { method: "POST", body: JSON.stringify({ a: "x".repeat(100) }) });
    expect(big.statusCode).toBe(413);
    await big.body.dump();
    const bad = await request(`${server.url}/`, { method: "POST", body: "{oops" });
    expect(bad.statusCode).toBe(400);
    expect(((await bad.body.json()) as { error: string }).error).toContain("not valid JSON");
    const started = Date.now();
    await server.close();
    // Far from both outcomes: an idle keep-alive socket holding close() open would take Node's 5 s keep-alive
    // timeout or forever; closing at once takes milliseconds even on a loaded machine.
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe("RequestLog", () => {
  it("counts by method, path, status and key", () => {
    const log = new RequestLog();
    log.record({ method: "POST", path: "/api/v1/jobs", query: {}, status: 201, keyLabel: "full-access", at: "t" });
    log.record({ method: "GET", path: "/api/v1/jobs", query: {}, status: 200, at: "t" });
    expect(log.count({ method: "post" })).toBe(1);
    expect(log.count({ path: "/api/v1/jobs" })).toBe(2);
    expect(log.count({ keyLabel: "full-access", status: 201 })).toBe(1);
  });
});
