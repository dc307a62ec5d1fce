/**
 * The FSM Navigator API as a request handler: request id → rate limit → auth → route → scope → body and
 * query validation → operation → envelope. Every answer carries X-Request-Id and, when rate limiting is on,
 * the X-RateLimit-* headers; every error uses the vendor envelope.
 */
import { randomBytes } from "node:crypto";
import { API_KEY_PATTERN, API_PREFIX, AUTH_HEADER, ENDPOINTS } from "../../vendors/fsmnavigator/facts.js";
import type { SandboxClock } from "../common/clock.js";
import { BodyError, type SandboxRequest, type SandboxResponse } from "../common/http.js";
import type { RollingWindowLimiter } from "../common/rate-limit.js";
import { FieldErrors, validateBody, validateQuery } from "../common/validate.js";
import { referencePath } from "./endpoints.js";
import { renderEnvelope, type EnvelopeStyle, type Outcome } from "./envelopes.js";
import { ApiError, codeForStatus, errorBody, messageForStatus, RATE_LIMIT_MESSAGE, validationError } from "./errors.js";
import type { DemoKey } from "./keys.js";
import type { Operation } from "./operation.js";
import { OPERATIONS } from "./operations/index.js";
import { resolveRoute, type RouteMatch } from "./routing.js";
import type { FsmNavigatorStore } from "./store.js";

export type EnvelopeMode = "auto" | EnvelopeStyle;

export interface FsmNavigatorAppOptions {
  store: FsmNavigatorStore;
  clock: SandboxClock;
  keys: readonly DemoKey[];
  /** undefined: no rate limiting (and no X-RateLimit-* headers). */
  limiter?: RollingWindowLimiter;
  /** "auto": query-style URLs get envelope B, path-style URLs envelope A. "A"/"B": one envelope for all. */
  envelope: EnvelopeMode;
  /** Served at GET /openapi.json. */
  openapi: () => unknown;
}

export interface FsmNavigatorApp {
  handle(req: SandboxRequest): Promise<SandboxResponse>;
  /** The vendor's answer for a bare status (faults and unexpected failures). */
  errorResponse(status: number, options: { retryAfterSec?: number }, req: SandboxRequest): SandboxResponse;
  keyLabelOf(req: SandboxRequest): string | undefined;
}

/** 12 hex characters, like the docs' "a1b2c3d4e5f6". */
export function newRequestId(): string {
  return randomBytes(6).toString("hex");
}

export function createFsmNavigatorApp(options: FsmNavigatorAppOptions): FsmNavigatorApp {
  const keysByValue = new Map(options.keys.map((demo) => [demo.key, demo]));
  const apiKeyOf = (req: SandboxRequest): string | undefined => {
    const value = req.headers[AUTH_HEADER.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };

  async function handle(req: SandboxRequest): Promise<SandboxResponse> {
    const requestId = newRequestId();
    const headers: Record<string, string> = { "X-Request-Id": requestId };
    const fail = (error: ApiError): SandboxResponse => ({
      status: error.status,
      headers,
      json: errorBody(error.code, error.message, requestId, error.extra),
    });

    const pathname = req.url.pathname;
    if (req.method === "GET" && pathname === "/openapi.json") {
      return { status: 200, headers, json: options.openapi() };
    }
    if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) {
      return fail(new ApiError("not_found", `No endpoint matches ${req.method} ${pathname}; the API lives under ${API_PREFIX}`));
    }

    const apiKey = apiKeyOf(req);
    if (options.limiter) {
      // Per presented key (rolling window, public-facts §1.3); a refused request is not counted.
      const decision = options.limiter.check(apiKey ?? "");
      Object.assign(headers, decision.headers);
      if (!decision.allowed) {
        return fail(new ApiError("rate_limit_exceeded", RATE_LIMIT_MESSAGE, { retry_after: decision.retryAfterSec }));
      }
    }

    try {
      const demoKey = authenticate(apiKey);
      const route = resolveRoute(req.method, pathname.slice(API_PREFIX.length), req.url.searchParams);
      const endpoint = ENDPOINTS[route.endpoint];
      // 403 for a missing scope [C]; code, wording and required_scope are [I].
      if (!demoKey.scopes.includes(endpoint.scope)) {
        throw new ApiError(
          "insufficient_scope",
          `This API key lacks the '${endpoint.scope}' scope required for ${endpoint.method} ${referencePath(endpoint)}`,
          { required_scope: endpoint.scope },
        );
      }
      const operation = OPERATIONS[route.endpoint];
      const outcome = await runOperation(operation, route, req);
      const style: EnvelopeStyle = options.envelope === "auto" ? (route.style === "path" ? "A" : "B") : options.envelope;
      const rendered = renderEnvelope(outcome, style, requestId, operation.successStatus);
      return { status: rendered.status, headers, json: rendered.json };
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      if (error instanceof BodyError) {
        if (error.kind === "too_large") return fail(new ApiError("payload_too_large", error.message));
        const errors = new FieldErrors();
        errors.add("body", error.message);
        return fail(new ApiError("validation_failed", error.message, { details: errors.toRecord() }));
      }
      throw error;
    }
  }

  /** 401 for a missing, malformed or unknown key [C]; the code `unauthorized` and the wording are [I]. */
  function authenticate(apiKey: string | undefined): DemoKey {
    if (apiKey === undefined || apiKey.trim() === "") {
      throw new ApiError("unauthorized", `Missing API key: send it in the ${AUTH_HEADER} header`);
    }
    if (!API_KEY_PATTERN.test(apiKey)) {
      throw new ApiError("unauthorized", "Invalid API key format: keys look like fsm_live_… or fsm_test_… followed by letters and digits");
    }
    const demoKey = keysByValue.get(apiKey);
    if (!demoKey) throw new ApiError("unauthorized", "Invalid API key: this sandbox accepts only its demo keys (fsm_test_demo…)");
    return demoKey;
  }

  async function runOperation(operation: Operation, route: RouteMatch, req: SandboxRequest): Promise<Outcome> {
    const errors = new FieldErrors();
    const ids: Record<string, number> = {};
    for (const [key, raw] of Object.entries(route.rawIds)) {
      if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number.isSafeInteger(Number(raw))) ids[key] = Number(raw);
      else errors.add(key, `${key} must be a positive integer, got "${raw}"`);
    }
    const query = operation.query ? validateQuery(operation.query, req.url.searchParams, errors).values : {};
    let body: Record<string, unknown> = {};
    if (operation.body) {
      const json = await req.json();
      if (json !== undefined && (typeof json !== "object" || json === null || Array.isArray(json))) {
        errors.add("body", "the request body must be a JSON object");
      } else {
        body = validateBody(operation.body, (json ?? {}) as Record<string, unknown>, errors).values;
      }
    }
    if (errors.size > 0) throw validationError(errors);
    return operation.run({ store: options.store, clock: options.clock, body, query, ids });
  }

  return {
    handle,
    errorResponse(status, { retryAfterSec }) {
      const requestId = newRequestId();
      const headers: Record<string, string> = { "X-Request-Id": requestId };
      const extra: Record<string, unknown> = {};
      if (status === 429) {
        // A test may ask for Retry-After: 0 to keep retries instant; the real limiter always says ≥ 1.
        const seconds = Math.max(0, Math.ceil(retryAfterSec ?? 1));
        headers["Retry-After"] = String(seconds);
        extra.retry_after = seconds;
      }
      return { status, headers, json: errorBody(codeForStatus(status), messageForStatus(status), requestId, extra) };
    },
    keyLabelOf(req) {
      const apiKey = apiKeyOf(req);
      return apiKey === undefined ? undefined : keysByValue.get(apiKey)?.label;
    },
  };
}
