import { describe, expect, it } from "vitest";
import { VendorError } from "../../src/http/errors.js";
import {
  DEFAULT_RETRY_POLICY,
  abortableSleep,
  backoffDelayMs,
  isRetryableFailure,
  mayHaveTakenEffect,
  parseRetryAfterMs,
  planRetry,
  resolveRetryPolicy,
} from "../../src/http/retry.js";

const policy = resolveRetryPolicy({ minTimeoutMs: 100, maxTimeoutMs: 1000, maxRetryTimeMs: 10_000, maxRetryAfterMs: 5000 });

function err(over: Partial<ConstructorParameters<typeof VendorError>[0]>): VendorError {
  return new VendorError({ kind: "http", message: "x", method: "GET", path: "/x", retryable: true, attempts: 1, ...over });
}

describe("retry rules", () => {
  it("defaults match the contract", () => {
    expect(resolveRetryPolicy()).toEqual({ retries: 4, minTimeoutMs: 250, maxTimeoutMs: 4000, maxRetryTimeMs: 30_000, maxRetryAfterMs: 60_000 });
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
    expect(() => resolveRetryPolicy({ retries: -1 })).toThrow(/retries/);
  });

  it("parses Retry-After as seconds or HTTP-date", () => {
    const now = Date.parse("2026-02-24T10:00:00Z");
    expect(parseRetryAfterMs("120", now)).toBe(120_000);
    expect(parseRetryAfterMs("1.5", now)).toBe(1500);
    expect(parseRetryAfterMs("Tue, 24 Feb 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfterMs("Tue, 24 Feb 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfterMs("later", now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });

  it("backs off exponentially with jitter in [1, 2), capped", () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(100);
    expect(backoffDelayMs(2, policy, () => 0)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(600);
    expect(backoffDelayMs(10, policy, () => 0.99)).toBe(1000);
  });

  it("classifies what is retryable", () => {
    for (const status of [429, 500, 502, 503, 504]) expect(isRetryableFailure({ kind: "http", status }), String(status)).toBe(true);
    for (const status of [400, 401, 403, 404, 408, 409, 422]) expect(isRetryableFailure({ kind: "http", status }), String(status)).toBe(false);
    expect(isRetryableFailure({ kind: "timeout" })).toBe(true);
    expect(isRetryableFailure({ kind: "network", networkCode: "ECONNRESET" })).toBe(true);
    expect(isRetryableFailure({ kind: "parse", status: 200 })).toBe(false);
    expect(isRetryableFailure({ kind: "parse", status: 502 })).toBe(true);
    expect(isRetryableFailure({ kind: "aborted" })).toBe(false);
    expect(isRetryableFailure({ kind: "read_only" })).toBe(false);
  });

  it("knows when a write may have taken effect", () => {
    expect(mayHaveTakenEffect({ kind: "network", networkCode: "ECONNREFUSED" })).toBe(false);
    expect(mayHaveTakenEffect({ kind: "network", networkCode: "ENOTFOUND" })).toBe(false);
    expect(mayHaveTakenEffect({ kind: "network", networkCode: "EAI_AGAIN" })).toBe(false);
    expect(mayHaveTakenEffect({ kind: "network", networkCode: "ECONNRESET" })).toBe(true);
    expect(mayHaveTakenEffect({ kind: "network", networkCode: "UND_ERR_SOCKET" })).toBe(true);
    expect(mayHaveTakenEffect({ kind: "timeout" })).toBe(true);
    expect(mayHaveTakenEffect({ kind: "http", status: 429 })).toBe(false);
    expect(mayHaveTakenEffect({ kind: "http", status: 400 })).toBe(false);
    expect(mayHaveTakenEffect({ kind: "http", status: 503 })).toBe(true);
    expect(mayHaveTakenEffect({ kind: "parse", status: 200 })).toBe(true);
    expect(mayHaveTakenEffect({ kind: "http", status: 200, reportedFailure: true })).toBe(false);
    expect(mayHaveTakenEffect({ kind: "aborted", sent: false })).toBe(false);
    expect(mayHaveTakenEffect({ kind: "aborted", sent: true })).toBe(true);
  });

  it("plans a retry: Retry-After is a floor, over the cap or the budget it surfaces", () => {
    const ctx = { retryNumber: 1, elapsedMs: 0, policy, random: () => 0 };
    expect(planRetry(err({ status: 503 }), ctx)).toEqual({ waitMs: 100, reason: "503" });
    expect(planRetry(err({ status: 429, retryAfterMs: 2000 }), ctx)).toEqual({ waitMs: 2000, reason: "429 (Retry-After 2 s)" });
    expect(planRetry(err({ status: 429, retryAfterMs: 6000 }), ctx)).toBeUndefined();
    expect(planRetry(err({ status: 429, retryAfterMs: 2000 }), { ...ctx, elapsedMs: 9000 })).toBeUndefined();
    expect(planRetry(err({ status: 503 }), { ...ctx, elapsedMs: 9950 })).toEqual({ waitMs: 50, reason: "503" });
    expect(planRetry(err({ status: 503 }), { ...ctx, elapsedMs: 10_000 })).toBeUndefined();
    expect(planRetry(err({ status: 404, retryable: false }), ctx)).toBeUndefined();
    expect(planRetry(err({ status: 500, writeMayHaveHappened: true }), ctx)).toBeUndefined();
    expect(planRetry(new Error("not a vendor error"), ctx)).toBeUndefined();
    expect(planRetry(err({ kind: "network", code: "ECONNREFUSED", status: undefined }), ctx)?.reason).toBe("ECONNREFUSED");
  });

  it("abortableSleep ends early on abort", async () => {
    const controller = new AbortController();
    const started = Date.now();
    // A ten-minute sleep: ending it early is the only way this test can finish (bound far from both outcomes).
    const sleeping = abortableSleep(600_000, controller.signal);
    setTimeout(() => controller.abort(new Error("cancel")), 20);
    await expect(sleeping).rejects.toThrow("cancel");
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(abortableSleep(0)).resolves.toBeUndefined();
  });
});
