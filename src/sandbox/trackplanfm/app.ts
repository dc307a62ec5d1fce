/**
 * The TrackplanFM API as a request handler: route (case-insensitive, as ASP.NET routes are, so both of the
 * seed's spellings /api/JobTasks and /api/jobTasks work) → auth (JWT or API key; login is open) → role →
 * rate limit → body → handler. Every refusal is a problem-details body (seed §3).
 */
import { API_PREFIX, ENDPOINTS, type EndpointName } from "../../vendors/trackplanfm/facts.js";
import type { SandboxClock } from "../common/clock.js";
import { BodyError, type SandboxRequest, type SandboxResponse } from "../common/http.js";
import type { RollingWindowLimiter } from "../common/rate-limit.js";
import type { SandboxAuth } from "./auth.js";
import { HANDLERS, type Answer } from "./handlers.js";
import { newTraceId, Problem, problemResponse } from "./problems.js";
import type { TrackplanfmStore } from "./store.js";

export interface TrackplanfmAppOptions {
  store: TrackplanfmStore;
  clock: SandboxClock;
  auth: SandboxAuth;
  limiter?: RollingWindowLimiter;
  maxPageSize: number;
}

export interface TrackplanfmApp {
  handle(req: SandboxRequest): Promise<SandboxResponse>;
  errorResponse(status: number, options: { retryAfterSec?: number }, req: SandboxRequest): SandboxResponse;
  keyLabelOf(req: SandboxRequest): string | undefined;
}

interface Route {
  name: EndpointName;
  method: string;
  /** Lower-case literal segments; `{x}` segments capture. */
  segments: readonly string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ROUTES: readonly Route[] = (Object.keys(ENDPOINTS) as EndpointName[]).map((name) => ({
  name,
  method: ENDPOINTS[name].method,
  segments: ENDPOINTS[name].path
    .split("/")
    .filter(Boolean)
    .map((s) => (s.startsWith("{") ? s : s.toLowerCase())),
}));

function matchRoute(segments: string[], route: Route): Record<string, string> | undefined {
  if (segments.length !== route.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const want = route.segments[i]!;
    const got = segments[i]!;
    if (want.startsWith("{")) params[want.slice(1, -1)] = safeDecode(got);
    else if (want !== got.toLowerCase()) return undefined;
  }
  return params;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Successes carry no request id: the seed shows none ([I] errors carry ASP.NET's traceId). */
function render(answer: Answer): SandboxResponse {
  if (answer.json === undefined) return { status: answer.status, text: "" };
  return { status: answer.status, json: answer.json };
}

export function createTrackplanfmApp(options: TrackplanfmAppOptions): TrackplanfmApp {
  async function handle(req: SandboxRequest): Promise<SandboxResponse> {
    const traceId = newTraceId();
    try {
      const path = req.url.pathname;
      const prefix = API_PREFIX.toLowerCase();
      if (!(path.toLowerCase() === prefix || path.toLowerCase().startsWith(`${prefix}/`))) {
        throw new Problem(404, `No endpoint matches ${req.method} ${path}; the API lives under ${API_PREFIX}.`);
      }
      const segments = path.slice(API_PREFIX.length).split("/").filter(Boolean);
      const candidates = ROUTES.map((route) => ({ route, params: matchRoute(segments, route) })).filter((m) => m.params !== undefined);
      if (!candidates.length) throw new Problem(404, `No endpoint matches ${req.method} ${path}.`);
      const hit = candidates.find((m) => m.route.method === req.method);
      if (!hit) {
        const allow = [...new Set(candidates.map((m) => m.route.method))].join(", ");
        throw new Problem(405, `${req.method} is not allowed here; use ${allow}.`, undefined, { Allow: allow });
      }
      const { route } = hit;
      const params = hit.params!;
      for (const [name, value] of Object.entries(params)) {
        if (!GUID.test(value)) throw new Problem(400, undefined, { [name]: [`The value '${value}' is not valid.`] });
      }

      const principal = route.name === "login" ? undefined : options.auth.authenticate(req);
      if (principal && principal.role === "Read Only API" && req.method !== "GET") {
        throw new Problem(403, "Insufficient permissions to access the requested resource");
      }
      if (principal && options.limiter) {
        // [I] TrackplanFM documents no rate limit; the sandbox's is generous and answers 429 with Retry-After only.
        const decision = options.limiter.check(principal.label);
        if (!decision.allowed) {
          throw new Problem(429, `Rate limit exceeded; try again in ${decision.retryAfterSec} s.`, undefined, { "Retry-After": String(decision.retryAfterSec) });
        }
      }

      const answer = await HANDLERS[route.name]({
        store: options.store,
        clock: options.clock,
        auth: options.auth,
        principal,
        params,
        query: req.url.searchParams,
        maxPageSize: options.maxPageSize,
        async body() {
          const json = await req.json();
          if (json === undefined) return {};
          if (typeof json !== "object" || json === null || Array.isArray(json)) {
            throw new Problem(400, undefined, { $: ["The JSON value could not be converted: the body must be a JSON object."] });
          }
          return json as Record<string, unknown>;
        },
      });
      return render(answer);
    } catch (error) {
      if (error instanceof Problem) return problemResponse(error, traceId);
      if (error instanceof BodyError) {
        return problemResponse(error.kind === "too_large" ? new Problem(413, error.message) : new Problem(400, undefined, { $: [error.message] }), traceId);
      }
      throw error;
    }
  }

  return {
    handle,
    errorResponse(status, { retryAfterSec }) {
      const headers: Record<string, string> = {};
      if (status === 429) headers["Retry-After"] = String(Math.max(0, Math.ceil(retryAfterSec ?? 1)));
      return problemResponse(new Problem(status, status === 429 ? "Rate limit exceeded." : undefined, undefined, headers));
    },
    keyLabelOf: (req) => options.auth.labelOf(req),
  };
}
