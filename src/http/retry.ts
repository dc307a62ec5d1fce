/**
 * When to send a request again, and how long to wait first (DESIGN §6, FSM Navigator seed 000):
 * - 429: wait Retry-After (seconds or HTTP-date), unless it is longer than `maxRetryAfterMs`: then surface it.
 * - 5xx, timeouts, network errors: exponential backoff with jitter.
 * - Every other 4xx: never (the same request gets the same answer).
 * - A request whose repeat is not provably a no-op (a POST, an action such as TrackplanFM's StartTask, a
 *   status move: anything but a GET or a request the vendor facts mark `idempotent`) only when it provably
 *   never took effect: the connection was refused (nothing was sent) or the vendor answered 429 (it refused
 *   the request). After a timeout, a reset or a 5xx the vendor may have applied it; the caller looks it up
 *   (src/safety/pipeline.ts) and never sends it again blind.
 * p-retry drives the loop (attempt budget, total time, cancellation); the wait itself happens here, in
 * `shouldRetry`, so it can honour Retry-After as a floor and be reported exactly before it starts.
 */
import pRetry, { AbortError } from "p-retry";
import { isVendorError, type VendorError, type VendorErrorKind } from "./errors.js";
import type { RetryPolicy } from "./types.js";

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retries: 4,
  minTimeoutMs: 250,
  maxTimeoutMs: 4000,
  maxRetryTimeMs: 30_000,
  maxRetryAfterMs: 60_000,
});

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY };
  for (const key of Object.keys(policy) as Array<keyof RetryPolicy>) {
    const value = overrides[key];
    if (value !== undefined) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry.${key} must be a number ≥ 0, got ${value}`);
      policy[key] = value;
    }
  }
  return policy;
}

/** Connection errors that prove the request never left this process: safe to resend even a POST. */
const NOTHING_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function nothingWasSent(networkCode: string | undefined): boolean {
  return networkCode !== undefined && NOTHING_SENT_CODES.has(networkCode);
}

/** 429 and 5xx: the vendor may well answer differently later. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export interface FailureFacts {
  kind: VendorErrorKind;
  status?: number;
  /** System or undici error code of a network failure. */
  networkCode?: string;
  /** For "aborted": whether the request had already been handed to the connection. */
  sent?: boolean;
  /** A 2xx whose body reports a failure (FSM Navigator's `success:false`): the vendor says it did nothing. */
  reportedFailure?: boolean;
}

/** Would a later retry plausibly succeed? */
export function isRetryableFailure(f: FailureFacts): boolean {
  switch (f.kind) {
    case "timeout":
    case "network":
      return true;
    case "http":
    case "parse":
      return f.status !== undefined && isRetryableStatus(f.status);
    default:
      return false;
  }
}

/**
 * Might the vendor have applied the request despite the failure? Only asked for non-idempotent requests
 * (for the others, sending again is harmless).
 */
export function mayHaveTakenEffect(f: FailureFacts): boolean {
  switch (f.kind) {
    case "timeout":
      return true;
    case "network":
      return !nothingWasSent(f.networkCode);
    case "aborted":
      return f.sent === true;
    case "http":
    case "parse": {
      if (f.status === undefined) return true;
      if (f.status >= 500) return true; // a proxy or a crash after the write: unknown
      if (f.status >= 400) return false; // the vendor refused it (including 429)
      return f.reportedFailure !== true; // a 2xx we could not read: it happened
    }
    default:
      return false;
  }
}

/** Is this failure worth another attempt at all (before budget and Retry-After checks)? */
export function isRetryWorthy(error: VendorError): boolean {
  return error.retryable && !error.writeMayHaveHappened && error.kind !== "aborted" && error.kind !== "read_only";
}

/**
 * Retry-After as ms: delta-seconds ("120", "1.5") or an HTTP-date. Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff for the n-th retry (1-based): min·2^(n-1), times a random factor in [1, 2), capped. */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = policy.minTimeoutMs * 2 ** Math.max(0, retryNumber - 1);
  return Math.round(Math.min(policy.maxTimeoutMs, exponential * (1 + random())));
}

export interface RetryPlan {
  waitMs: number;
  /** Short, human reason: "503", "429 (Retry-After 1 s)", "timeout", "ECONNREFUSED". */
  reason: string;
}

/** Decide whether to retry after `error`, given what has been spent so far. */
export function planRetry(
  error: unknown,
  ctx: { retryNumber: number; elapsedMs: number; policy: RetryPolicy; random?: () => number },
): RetryPlan | undefined {
  if (!isVendorError(error) || !isRetryWorthy(error)) return undefined;
  const remainingMs = ctx.policy.maxRetryTimeMs - ctx.elapsedMs;
  if (remainingMs <= 0) return undefined;
  const reason = describeFailure(error);
  if (error.retryAfterMs !== undefined) {
    // Retry-After is a floor set by the vendor: if we cannot honour it, surface the 429 now.
    if (error.retryAfterMs > ctx.policy.maxRetryAfterMs || error.retryAfterMs > remainingMs) return undefined;
    return { waitMs: error.retryAfterMs, reason };
  }
  return { waitMs: Math.min(backoffDelayMs(ctx.retryNumber, ctx.policy, ctx.random), remainingMs), reason };
}

function describeFailure(error: VendorError): string {
  if (error.kind === "timeout") return "timeout";
  if (error.kind === "network") return error.code ?? "network error";
  const status = error.status === undefined ? error.kind : String(error.status);
  if (error.retryAfterMs !== undefined) return `${status} (Retry-After ${formatSeconds(error.retryAfterMs)})`;
  return error.kind === "parse" ? `${status} with an unreadable body` : status;
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** Sleep that ends early, rejecting with the signal's reason, when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface RetryNotice {
  /** Number of the attempt about to be made (2 = first retry). */
  attempt: number;
  /** Total attempts allowed. */
  maxAttempts: number;
  waitMs: number;
  reason: string;
  error: VendorError;
}

export interface RunWithRetryOptions {
  policy: RetryPolicy;
  /** One attempt only. */
  noRetry?: boolean;
  signal?: AbortSignal;
  /** Called before each wait that precedes a retry. */
  onRetry?: (notice: RetryNotice) => void;
  random?: () => number;
}

/**
 * Run `attempt` until it succeeds or a failure is not worth retrying. Rejects with the last VendorError,
 * or with the signal's reason when cancelled during a wait (the caller turns that into kind "aborted").
 */
export async function runWithRetry<T>(attempt: (attemptNumber: number) => Promise<T>, opts: RunWithRetryOptions): Promise<T> {
  const { policy } = opts;
  const startedAt = performance.now();
  return pRetry(
    async (attemptNumber) => {
      try {
        return await attempt(attemptNumber);
      } catch (error) {
        // Settle the obvious cases here so p-retry wastes no budget on them.
        if (!isVendorError(error) || !isRetryWorthy(error)) throw new AbortError(asError(error));
        throw error;
      }
    },
    {
      retries: opts.noRetry ? 0 : policy.retries,
      // The wait is ours (shouldRetry below): p-retry's own delay stays at zero.
      minTimeout: 0,
      maxTimeout: 0,
      factor: 2,
      randomize: false,
      maxRetryTime: policy.maxRetryTimeMs,
      signal: opts.signal,
      shouldRetry: async ({ error, attemptNumber }) => {
        const plan = planRetry(error, {
          retryNumber: attemptNumber,
          elapsedMs: performance.now() - startedAt,
          policy,
          random: opts.random,
        });
        if (!plan) return false;
        opts.onRetry?.({
          attempt: attemptNumber + 1,
          maxAttempts: policy.retries + 1,
          waitMs: plan.waitMs,
          reason: plan.reason,
          error: error as VendorError,
        });
        await abortableSleep(plan.waitMs, opts.signal);
        return true;
      },
    },
  );
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
