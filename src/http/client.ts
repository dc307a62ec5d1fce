/**
 * HttpClient: the only place that talks to a vendor over the network. One undici Pool per origin; each
 * call goes through the rate limiter, gets fresh auth headers, runs under a per-attempt timeout, and is
 * retried by the rules in retry.ts. Answers come back as parsed JSON; everything else becomes a
 * VendorError whose message, path and details have been through the Redactor.
 */
import type { Dispatcher } from "undici";
import { VendorError, isVendorError, type VendorErrorInit } from "./errors.js";
import { RateLimiter, type RateGate, type RateLimitWait } from "./rate-limiter.js";
import { sliceWellFormed } from "../domain/unicode.js";
import { keepWasmOnBaselineTier } from "./parser-tier.js";
import { Redactor } from "./redact.js";
import {
  formatSeconds,
  isRetryableFailure,
  isRetryableStatus,
  mayHaveTakenEffect,
  nothingWasSent,
  parseRetryAfterMs,
  resolveRetryPolicy,
  runWithRetry,
  type FailureFacts,
  type RetryNotice,
} from "./retry.js";
import type {
  AuthProvider,
  HttpClientOptions,
  HttpEvent,
  HttpMethod,
  LogLevel,
  ParsedVendorError,
  QueryValue,
  RequestOptions,
  RetryPolicy,
  VendorDialect,
  VendorRequest,
  VendorResponse,
} from "./types.js";

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_CONNECTIONS = 8;
export const DEFAULT_USER_AGENT = `fsm-mcp (node ${process.versions.node})`;

/** Appended to a message when a non-idempotent request may have been applied. */
const WRITE_MAY_HAVE_HAPPENED =
  "the vendor may have applied this request: look the record up before sending it again";
/** How much of a vendor's own message or body to quote in an error message. */
const VENDOR_MESSAGE_MAX = 300;
const BODY_PREVIEW_MAX = 120;
/** Longest path + query shown in messages and events (the request itself is sent whole). */
const SHOWN_PATH_MAX = 300;

let undici: Promise<typeof import("undici")> | undefined;

/**
 * undici, loaded by the first vendor request rather than at startup: it is the largest module the server
 * imports (about a fifth of a cold start and 8 MB of an idle server), and an MCP host starts, initializes and
 * lists every configured server long before (and often without) its first call. The first call pays the
 * load once (tens of ms).
 */
export function loadHttpStack(): Promise<typeof import("undici")> {
  if (!undici) keepWasmOnBaselineTier();
  return (undici ??= import("undici"));
}

/** State of one `request()` call across its attempts. */
interface Call {
  method: HttpMethod;
  /** Path + query as sent, under the base URL's prefix. */
  wirePath: string;
  /** Redacted path + query relative to the base URL, for messages and events. */
  shownPath: string;
  body?: string;
  idempotent: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Requests sent so far (a 401 replay counts). */
  sent: number;
  /** An attempt got a 2xx: a later cancellation cannot undo it. */
  succeeded: boolean;
}

/** What came back from one exchange, before interpretation. */
interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export class HttpClient {
  readonly origin: string;
  readonly baseUrl: string;
  private readonly prefix: string;
  private readonly connections: number;
  /** Created on the first request (see loadHttpStack): a Pool, or a proxy agent behind a corporate proxy. */
  private pool?: Dispatcher;
  private poolLoading?: Promise<Dispatcher>;
  private readonly dialect: VendorDialect;
  private readonly auth?: AuthProvider;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly readOnly: boolean;
  private readonly userAgent: string;
  private readonly onEvent?: (event: HttpEvent) => void;
  private readonly wantsEvent?: (level: LogLevel) => boolean;
  private readonly limiter: RateGate;
  private readonly redactor = new Redactor();
  private closed = false;

  constructor(opts: HttpClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new TypeError(`baseUrl must be an absolute http(s) URL, got "${opts.baseUrl}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`baseUrl must use http or https, got "${url.protocol}"`);
    }
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, "");
    this.baseUrl = this.origin + this.prefix;
    this.dialect = opts.dialect;
    this.auth = opts.auth;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = resolveRetryPolicy(opts.retry);
    this.readOnly = opts.readOnly ?? false;
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    this.onEvent = opts.onEvent;
    this.wantsEvent = opts.wantsEvent;
    this.limiter =
      opts.rateLimiter ??
      opts.sharedRateGate?.(opts.rateLimit) ??
      new RateLimiter({
        maxPerSecond: opts.rateLimit?.maxPerSecond,
        holdFirstRequest: opts.rateLimit?.holdFirstRequest,
        rollingWindow: opts.rateLimit?.rollingWindow,
      });
    this.connections = opts.connections ?? DEFAULT_CONNECTIONS;
    this.learnSecrets();
  }

  async request<T = unknown>(req: VendorRequest, opts: RequestOptions = {}): Promise<VendorResponse<T>> {
    if (this.closed) throw new Error("HttpClient is closed");
    this.learnSecrets();
    const relativePath = buildRelativePath(req.path, req.query);
    const redactor = this.redactor;
    let shownPath: string | undefined;
    const call: Call = {
      method: req.method,
      wirePath: this.prefix + relativePath,
      // Redacted when first needed (messages, events): most calls succeed quietly and never show it.
      get shownPath() {
        // Capped: a long query string (a search for a long text) would otherwise fill every message with it.
        return (shownPath ??= truncate(redactor.redact(relativePath), SHOWN_PATH_MAX));
      },
      body: req.body === undefined || req.method === "GET" ? undefined : JSON.stringify(req.body),
      idempotent: opts.idempotent ?? req.idempotent ?? req.method === "GET",
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
      signal: opts.signal,
      sent: 0,
      succeeded: false,
    };

    if (this.readOnly && call.method !== "GET") {
      throw this.error(call, {
        kind: "read_only",
        message:
          `${call.method} ${call.shownPath} refused: this server runs read-only (FSM_READ_ONLY is set), ` +
          "so only GET requests are sent to the vendor",
        retryable: false,
      });
    }

    try {
      return await runWithRetry(() => this.attempt<T>(call), {
        policy: this.policy,
        noRetry: opts.noRetry,
        signal: opts.signal,
        onRetry: (notice) => this.emitRetry(call, notice),
      });
    } catch (error) {
      if (isVendorError(error)) throw this.withAttemptCount(error);
      // Cancelled between attempts (backoff sleep) or right after one: p-retry rejects with the signal's reason.
      if (opts.signal?.aborted) throw this.aborted(call, call.succeeded);
      throw error;
    }
  }

  /** Stop accepting requests and close the pool's sockets once in-flight requests finish. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pool = this.pool ?? (await this.poolLoading?.catch(() => undefined));
    await pool?.close();
  }

  private loadPool(): Promise<Dispatcher> {
    this.poolLoading ??= loadHttpStack().then((mod) => {
      // A CommonJS module: its exports sit on `default` when a bundler wraps the dynamic import.
      this.pool = dispatcherFor((mod as unknown as { default?: typeof mod }).default ?? mod, this.origin, this.connections);
      return this.pool;
    });
    return this.poolLoading;
  }

  /** One attempt, plus at most one replay after a 401 when the auth provider could refresh credentials. */
  private async attempt<T>(call: Call): Promise<VendorResponse<T>> {
    let refreshTried = false;
    let replayed = false;
    for (;;) {
      const raw = await this.exchange(call);
      if (raw.status === 401 && !refreshTried && this.auth?.refresh) {
        refreshTried = true;
        this.emit({
          level: "info",
          type: "auth_refresh",
          message: `${call.method} ${call.shownPath}: the vendor answered 401; refreshing credentials and replaying once`,
          data: { method: call.method, path: call.shownPath },
        });
        const replay = await this.auth.refresh(call.signal);
        this.learnSecrets();
        if (replay) {
          replayed = true;
          continue;
        }
      }
      try {
        return this.interpret<T>(call, raw);
      } catch (error) {
        if (replayed && raw.status === 401 && isVendorError(error)) {
          throw error.with({ message: `${error.message} (even after refreshing the credentials once)` });
        }
        throw error;
      }
    }
  }

  /** Send once and read the whole body, under the rate limiter and the per-attempt timeout. */
  private async exchange(call: Call): Promise<RawResponse> {
    try {
      await this.limiter.acquire(call.signal, (wait) => this.emitRateLimitWait(call, wait));
    } catch (error) {
      if (call.signal?.aborted) throw this.aborted(call, false);
      throw error;
    }
    if (this.closed) {
      // close() was called while this call waited for the limiter or a backoff: do not send it.
      this.limiter.release();
      throw this.error(call, {
        kind: "aborted",
        message: `${call.method} ${call.shownPath} was not sent: the HTTP client was closed`,
        retryable: false,
      });
    }

    let settled = false;
    const timeout = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    // The caller's cancellation ends the attempt through the same controller as our timeout (a listener is
    // cheaper than AbortSignal.any on every request); the flags tell the two apart.
    const callerSignal = call.signal;
    const onCallerAbort = () => timeout.abort(callerSignal?.reason);
    try {
      const pool = this.pool ?? (await this.loadPool());
      if (callerSignal?.aborted) throw this.aborted(call, false); // cancelled while the HTTP stack loaded: nothing sent
      const headers: Record<string, string> = { accept: "application/json", "user-agent": this.userAgent };
      if (call.body !== undefined) headers["content-type"] = "application/json";
      await this.auth?.apply(headers, call.signal);
      this.learnSecrets();

      call.sent++;
      const attempt = call.sent;
      if (this.wants("debug")) {
        this.emit({
          level: "debug",
          type: "request",
          message: `→ ${call.method} ${call.shownPath} (attempt ${attempt})`,
          data: { method: call.method, path: call.shownPath, attempt },
        });
      }

      const startedAt = performance.now();
      const sentAt = Date.now();
      timer = setTimeout(() => {
        timedOut = true;
        timeout.abort(new Error(`timed out after ${call.timeoutMs} ms`));
      }, call.timeoutMs);
      if (callerSignal) {
        if (callerSignal.aborted) timeout.abort(callerSignal.reason);
        else callerSignal.addEventListener("abort", onCallerAbort, { once: true });
      }
      const signal = timeout.signal;

      let status: number | undefined;
      try {
        const response = await pool.request({
          origin: this.origin,
          path: call.wirePath,
          method: call.method,
          headers,
          body: call.body,
          signal,
          // Backstops only: the AbortSignal timer above bounds the whole attempt.
          headersTimeout: call.timeoutMs + 1000,
          bodyTimeout: call.timeoutMs + 1000,
        });
        status = response.statusCode;
        const responseHeaders = flattenHeaders(response.headers);
        this.limiter.update(responseHeaders, sentAt);
        settled = true;
        this.holdOthersAfter(status, responseHeaders);
        const text = await response.body.text();
        if (this.wants("debug")) {
          const ms = Math.round(performance.now() - startedAt);
          this.emit({
            level: "debug",
            type: "response",
            message: `← ${status} ${call.method} ${call.shownPath} in ${ms} ms`,
            data: { method: call.method, path: call.shownPath, status, ms, attempt },
          });
        }
        return { status, headers: responseHeaders, text };
      } catch (error) {
        throw this.transportFailure(call, error, { timedOut, status });
      }
    } finally {
      if (timer) clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
      if (!settled) this.limiter.release();
    }
  }

  /** A 429 (or 503) with Retry-After holds every caller of this origin, not only the one that got it. */
  private holdOthersAfter(status: number, headers: Record<string, string>): void {
    if (status !== 429 && status !== 503) return;
    const retryAfterMs = parseRetryAfterMs(headers["retry-after"]);
    if (retryAfterMs !== undefined) this.limiter.blockFor(Math.min(retryAfterMs, this.policy.maxRetryAfterMs));
  }

  /** Turn a complete exchange into a VendorResponse or a VendorError. */
  private interpret<T>(call: Call, raw: RawResponse): VendorResponse<T> {
    const parsed = parseJsonLeniently(raw.text);
    if (!parsed.ok) throw this.unreadableBody(call, raw);
    const body = parsed.value;
    const requestId = this.requestIdOf(body, raw.headers);

    if (raw.status >= 200 && raw.status < 300) {
      const failure = safeDialectCall(() => this.dialect.failureInSuccess?.(body));
      if (failure) throw this.vendorRefusal(call, raw, failure, requestId, true);
      call.succeeded = true;
      return { status: raw.status, headers: raw.headers, body: body as T, requestId, attempts: call.sent };
    }
    const failure = safeDialectCall(() => this.dialect.parseError(raw.status, body)) ?? {};
    throw this.vendorRefusal(call, raw, failure, requestId, false);
  }

  private requestIdOf(body: unknown, headers: Record<string, string>): string | undefined {
    return safeDialectCall(() => this.dialect.requestIdOf?.(body)) ?? headers["x-request-id"] ?? undefined;
  }

  /** The vendor answered with JSON saying no: a ≥300 status, or a 2xx whose body reports a failure. */
  private vendorRefusal(
    call: Call,
    raw: RawResponse,
    failure: ParsedVendorError,
    requestId: string | undefined,
    inSuccess: boolean,
  ): VendorError {
    const { status } = raw;
    const facts: FailureFacts = { kind: "http", status, reportedFailure: inSuccess };
    const retryAfterMs = this.retryAfterOf(status, raw.headers, failure.details);
    const vendorMessage = failure.message ? truncate(failure.message, VENDOR_MESSAGE_MAX) : undefined;
    let message = inSuccess
      ? `${call.method} ${call.shownPath} failed: ${failure.code ?? "error"}${vendorMessage ? ` — ${vendorMessage}` : ""} (reported in a ${status} response)`
      : `${call.method} ${call.shownPath} failed: ${status}${failure.code ? ` ${failure.code}` : ""} — ${vendorMessage ?? statusText(status) ?? "no message"}`;
    if (retryAfterMs !== undefined && retryAfterMs > this.policy.maxRetryAfterMs) {
      message +=
        `; the vendor asks to wait ${formatSeconds(retryAfterMs)}, longer than the ` +
        `${formatSeconds(this.policy.maxRetryAfterMs)} this server waits, so try again later`;
    }
    return this.error(call, {
      kind: "http",
      message,
      status,
      code: failure.code,
      requestId: failure.requestId ?? requestId,
      fieldErrors: failure.fieldErrors,
      details: failure.details,
      retryAfterMs,
      ...this.outcome(call, facts),
    });
  }

  /** A body that is not JSON (an HTML error page from a proxy, a truncated document). Never a SyntaxError. */
  private unreadableBody(call: Call, raw: RawResponse): VendorError {
    const contentType = raw.headers["content-type"]?.split(";")[0]?.trim() || "no content-type";
    const looksJson = /json/i.test(contentType);
    const what = looksJson ? `malformed JSON (${contentType}, ${Buffer.byteLength(raw.text)} bytes)` : `a non-JSON body (${contentType})`;
    const facts: FailureFacts = { kind: "parse", status: raw.status };
    return this.error(call, {
      kind: "parse",
      message: `${call.method} ${call.shownPath}: the vendor answered ${raw.status} with ${what}: "${previewBody(raw.text, looksJson)}"`,
      status: raw.status,
      requestId: raw.headers["x-request-id"],
      retryAfterMs: this.retryAfterOf(raw.status, raw.headers, undefined),
      ...this.outcome(call, facts),
    });
  }

  /** No (complete) response: timeout, cancellation, or a network error. */
  private transportFailure(call: Call, error: unknown, ctx: { timedOut: boolean; status?: number }): VendorError {
    if (call.signal?.aborted) return this.aborted(call, true);
    const code = errorCode(error);
    const during = ctx.status === undefined ? "" : ` while reading the body of a ${ctx.status} response`;
    if (ctx.timedOut || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return this.error(call, {
        kind: "timeout",
        message: `${call.method} ${call.shownPath} timed out after ${call.timeoutMs} ms${during}`,
        status: ctx.status,
        ...this.outcome(call, { kind: "timeout" }),
        cause: error,
      });
    }
    const networkCode = code ?? "UNKNOWN";
    const detail = error instanceof Error && error.message && !error.message.includes(networkCode) ? ` (${error.message})` : "";
    const sentNothing = nothingWasSent(networkCode) ? "; nothing was sent" : "";
    return this.error(call, {
      kind: "network",
      message: `${call.method} ${call.shownPath}: network error ${networkCode}${detail} reaching ${this.origin}${during}${sentNothing}`,
      code: networkCode,
      status: ctx.status,
      ...this.outcome(call, { kind: "network", networkCode }),
      cause: error,
    });
  }

  private aborted(call: Call, sent: boolean): VendorError {
    return this.error(call, {
      kind: "aborted",
      message: `${call.method} ${call.shownPath} was cancelled`,
      ...this.outcome(call, { kind: "aborted", sent }),
    });
  }

  /** retryable + writeMayHaveHappened of a failure (the rules live in retry.ts). */
  private outcome(call: Call, facts: FailureFacts): Pick<VendorErrorInit, "retryable" | "writeMayHaveHappened"> {
    return {
      retryable: isRetryableFailure(facts),
      writeMayHaveHappened: !call.idempotent && mayHaveTakenEffect(facts),
    };
  }

  private retryAfterOf(
    status: number,
    headers: Record<string, string>,
    details: Record<string, unknown> | undefined,
  ): number | undefined {
    if (!isRetryableStatus(status)) return undefined;
    const fromHeader = parseRetryAfterMs(headers["retry-after"]);
    if (fromHeader !== undefined) return fromHeader;
    // FSM Navigator also puts `retry_after` (seconds) in its 429 body.
    const fromBody = details?.["retry_after"];
    return status === 429 && typeof fromBody === "number" && fromBody >= 0 ? fromBody * 1000 : undefined;
  }

  /** Build a VendorError: redacted message/details, attempts so far, and the write warning when it applies. */
  private error(call: Call, init: Omit<VendorErrorInit, "method" | "path" | "attempts">): VendorError {
    let message = init.message;
    if (init.writeMayHaveHappened) message += `; ${WRITE_MAY_HAVE_HAPPENED}`;
    return new VendorError({
      ...init,
      method: call.method,
      path: call.shownPath,
      attempts: call.sent,
      message: this.redactor.redact(message),
      requestId: init.requestId === undefined ? undefined : this.redactor.redact(init.requestId),
      code: init.code === undefined ? undefined : this.redactor.redact(init.code),
      fieldErrors: init.fieldErrors === undefined ? undefined : this.redactor.redactValue(init.fieldErrors),
      details: init.details === undefined ? undefined : this.redactor.redactValue(init.details),
    });
  }

  /** The final error of a call that was retried says how many attempts it took. */
  private withAttemptCount(error: VendorError): VendorError {
    if (error.attempts <= 1 || !error.retryable) return error;
    return error.with({ message: `${error.message} (gave up after ${error.attempts} attempts)` });
  }

  private learnSecrets(): void {
    if (!this.auth) return;
    for (const secret of this.auth.secrets()) this.redactor.add(secret);
  }

  private emitRetry(call: Call, notice: RetryNotice): void {
    this.emit({
      level: "warning",
      type: "retry",
      message:
        `${call.method} ${call.shownPath}: ${notice.reason}; retrying in ${notice.waitMs} ms ` +
        `(attempt ${notice.attempt} of ${notice.maxAttempts})`,
      data: {
        method: call.method,
        path: call.shownPath,
        attempt: notice.attempt,
        reason: notice.reason,
        waitMs: notice.waitMs,
        status: notice.error.status,
      },
    });
  }

  private emitRateLimitWait(call: Call, wait: RateLimitWait): void {
    this.emit({
      level: "info",
      type: "rate_limit_wait",
      message: `${call.method} ${call.shownPath}: waiting ~${wait.ms} ms for the vendor's rate limit (${wait.reason.replace(/_/g, " ")})`,
      data: { method: call.method, path: call.shownPath, ms: wait.ms, reason: wait.reason, queued: wait.queued },
    });
  }

  /** Whether an event of this level would reach anyone (so it is worth building and redacting). */
  private wants(level: LogLevel): boolean {
    return this.onEvent !== undefined && (this.wantsEvent?.(level) ?? true);
  }

  /** Every event goes through the redactor; a failing observer never breaks a request. */
  private emit(event: HttpEvent): void {
    if (!this.onEvent || !this.wants(event.level)) return;
    try {
      this.onEvent(this.redactor.redactValue(event));
    } catch {
      // Observability must not change behaviour.
    }
  }
}

/** "/jobs" + {id: 5, q: "a b", skip: undefined} → "/jobs?id=5&q=a%20b" (undefined and null are left out). */
export function buildRelativePath(path: string, query?: Record<string, QueryValue>): string {
  const base = path.startsWith("/") ? path : `/${path}`;
  if (!query) return base;
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  if (pairs.length === 0) return base;
  return `${base}${base.includes("?") ? "&" : "?"}${pairs.join("&")}`;
}

type JsonParse = { ok: true; value: unknown } | { ok: false };

/** Empty body → undefined; otherwise JSON, whatever the content-type claims. */
export function parseJsonLeniently(text: string): JsonParse {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** First characters of a body for a message: tags and scripts stripped from HTML, whitespace collapsed. */
export function previewBody(text: string, keepMarkup = false): string {
  let plain = text;
  if (!keepMarkup) {
    plain = plain
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(/<[^>]*>/g, " ")
      .replace(/&nbsp;/g, " ")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
  }
  plain = plain.replace(/\s+/g, " ").trim();
  return truncate(plain, BODY_PREVIEW_MAX);
}

/** "Not Found" for 404. node:http is looked up only here, on an error: importing it costs a stdio server ~5 ms of its cold start. */
function statusText(status: number): string | undefined {
  return process.getBuiltinModule("node:http").STATUS_CODES[status];
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${sliceWellFormed(text, max)}…`;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/** The system / undici code of a failure, looking through `cause` and AggregateError (happy eyeballs). */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 4) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code !== "") return code;
  const inner = (error as { cause?: unknown }).cause ?? (error as { errors?: unknown[] }).errors?.[0];
  return errorCode(inner, depth + 1);
}

/** A buggy dialect must not turn a clear vendor error into a TypeError. */
function safeDialectCall<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * One connection pool per origin; behind a corporate proxy (HTTPS_PROXY / HTTP_PROXY, honouring NO_PROXY)
 * undici's EnvHttpProxyAgent instead. Loopback (the sandbox) never goes through a proxy.
 */
export function dispatcherFor(
  undici: Pick<typeof import("undici"), "EnvHttpProxyAgent" | "Pool">,
  origin: string,
  connections: number,
  env: NodeJS.ProcessEnv = process.env,
): Dispatcher {
  const proxied = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  if (proxied && !LOOPBACK.test(new URL(origin).hostname)) return new undici.EnvHttpProxyAgent({ connections });
  return new undici.Pool(origin, { connections });
}
