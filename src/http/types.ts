/**
 * Public contract of the HTTP core shared by every vendor client. Vendor folders never touch undici
 * directly: they describe requests, this layer sends them (pool, auth, timeout, retry, rate limit,
 * redaction) and hands back parsed JSON or throws a VendorError.
 */
import type { RateGate } from "./rate-limiter.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type QueryValue = string | number | boolean | undefined | null;

export interface VendorRequest {
  method: HttpMethod;
  /** Path relative to the client's base URL (which already holds the API prefix), e.g. "/jobs". */
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body; serialised by the core. */
  body?: unknown;
  /**
   * Whether sending it twice provably changes nothing more than sending it once (a read, a PUT of the full
   * state). Only such requests are retried after an ambiguous failure (timeout, reset, 5xx); every other one
   * (creates, actions such as "start task", status moves) is sent once, and the safe-write pipeline reads
   * back instead. Set from the vendor's facts; default: true for GET only.
   */
  idempotent?: boolean;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Per-attempt timeout override in ms. */
  timeoutMs?: number;
  /**
   * Whether resending after an ambiguous failure (timeout, reset, 5xx) is safe; overrides
   * `VendorRequest.idempotent` (default: true for GET only). Other requests are retried only when they
   * provably never reached the vendor (connection refused, 429).
   */
  idempotent?: boolean;
  /** Disable retries for this call (reconciliation after an ambiguous POST uses this). */
  noRetry?: boolean;
}

export interface VendorResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body; undefined for an empty body. */
  body: T;
  /** Vendor request id, from the body or the X-Request-Id header, when present. */
  requestId?: string;
  /** Number of attempts it took (1 = no retry). */
  attempts: number;
}

/** What a vendor says about an error body; each vendor folder supplies its own parser. */
export interface ParsedVendorError {
  code?: string;
  message?: string;
  requestId?: string;
  /** Field → messages (TrackplanFM problem details, FSM Navigator validation details). */
  fieldErrors?: Record<string, string[]>;
  /** Anything else worth keeping (e.g. `retry_after`, `required_scope`). */
  details?: Record<string, unknown>;
}

export interface VendorDialect {
  /** Parse an error body (any status ≥ 400, or a 2xx that the vendor marks as failed). */
  parseError(status: number, body: unknown): ParsedVendorError;
  /**
   * Return a parsed error when a 2xx body nevertheless reports failure (FSM Navigator's
   * `success:false` on 200), else undefined.
   */
  failureInSuccess?(body: unknown): ParsedVendorError | undefined;
  /** Pull a request id out of a body, when the vendor puts one there. */
  requestIdOf?(body: unknown): string | undefined;
}

/** Injects credentials; may refresh them once when the vendor answers 401 (TrackplanFM JWT re-login). */
export interface AuthProvider {
  /** Add auth headers for one attempt. */
  apply(headers: Record<string, string>, signal?: AbortSignal): Promise<void> | void;
  /**
   * Called once after a 401. Return true when credentials were refreshed and the request should be
   * replayed once; false to surface the 401.
   */
  refresh?(signal?: AbortSignal): Promise<boolean>;
  /** Secret strings to scrub from every message and log line (keys, passwords, tokens). */
  secrets(): string[];
}

export interface RetryPolicy {
  /** Retries after the first attempt. Default 4. */
  retries: number;
  /** First backoff in ms. Default 250. */
  minTimeoutMs: number;
  /** Backoff ceiling in ms. Default 4000. */
  maxTimeoutMs: number;
  /** Give up when retrying would run past this total time in ms. Default 30000. */
  maxRetryTimeMs: number;
  /** A Retry-After longer than this is not waited for: the 429 is surfaced instead. Default 60000. */
  maxRetryAfterMs: number;
}

export type LogLevel = "debug" | "info" | "notice" | "warning" | "error";

export interface HttpEvent {
  level: LogLevel;
  /** "request" | "response" | "retry" | "rate_limit_wait" | "auth_refresh" */
  type: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface HttpClientOptions {
  /** Absolute base URL including the API prefix, e.g. "http://127.0.0.1:4010/api/v1". */
  baseUrl: string;
  dialect: VendorDialect;
  auth?: AuthProvider;
  /** Per-attempt timeout in ms (headers and body). Default 15000. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Refuse every non-GET request before it leaves the process (FSM_READ_ONLY). */
  readOnly?: boolean;
  /** Max sockets of the undici Pool for this origin. Default 8. */
  connections?: number;
  userAgent?: string;
  /** Observability hook: every event is already redacted. */
  onEvent?: (event: HttpEvent) => void;
  /**
   * Whether `onEvent` would use an event of this level. Events it would drop are neither built nor redacted:
   * each request has two debug events, and redacting them cost more than the rest of the client's work.
   */
  wantsEvent?: (level: LogLevel) => boolean;
  /** Client-side rate limiting beyond what the vendor's X-RateLimit-* headers teach. */
  rateLimit?: {
    /** Pace requests evenly to at most this many per second (for vendors that send no headers). */
    maxPerSecond?: number;
    /** Let one request go at a time until an answer carries rate headers (default true; see RateLimiter). */
    holdFirstRequest?: boolean;
    /** The vendor documents a rolling window: learn its length and reuse each slot as it frees (RateLimiter). */
    rollingWindow?: boolean;
  };
  /** Share one limiter between clients of the same origin and key (overrides `rateLimit`). */
  rateLimiter?: RateGate;
  /**
   * Team mode: the rate budget every replica shares for this credential, made with this client's `rateLimit`
   * options (overrides the in-process limiter; `rateLimiter` still wins).
   */
  sharedRateGate?: (rateLimit: HttpClientOptions["rateLimit"]) => RateGate;
}
