/**
 * The JobNimbus api1 API as a request handler: rate limit → auth (the key picks the account) → route →
 * access profile → list / get / create / update / settings / users. Lists page with `size`/`from`, sort
 * with `sort_field`/`sort_direction`, project with `fields` and filter with the Elasticsearch-style
 * `filter` JSON (filter.ts); each resource answers under its own key (results, activity, files).
 */
import { API_PREFIX, ENDPOINTS, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, SORT_DIRECTION_DEFAULT, SORT_FIELD_DEFAULT, type ListKey } from "../../vendors/jobnimbus/facts.js";
import type { SandboxClock } from "../common/clock.js";
import { BodyError, type SandboxRequest, type SandboxResponse } from "../common/http.js";
import type { RollingWindowLimiter } from "../common/rate-limit.js";
import type { DemoKey } from "./accounts.js";
import { ApiError, apiErrorResponse, AUTH_REQUIRED, statusResponse } from "./errors.js";
import { FilterError, parseFilter, valuesAt } from "./filter.js";
import type { Collection, JnRecord, JobNimbusStore, UserRecord } from "./store.js";
import * as writes from "./writes.js";

export interface JobNimbusAppOptions {
  /** The store of a demo account, by account id. */
  stores: { get(accountId: string): JobNimbusStore | undefined };
  keys: readonly DemoKey[];
  clock: SandboxClock;
  /** undefined: no rate limiting. */
  limiter?: RollingWindowLimiter;
}

export interface JobNimbusApp {
  handle(req: SandboxRequest): Promise<SandboxResponse>;
  errorResponse(status: number, options: { retryAfterSec?: number }, req: SandboxRequest): SandboxResponse;
  keyLabelOf(req: SandboxRequest): string | undefined;
}

/** Each list's key comes from the endpoint table (facts.ts), the one place that says activities answer under "activity". */
const LIST_KEYS: Readonly<Record<Collection, ListKey>> = {
  contacts: ENDPOINTS.listContacts.listKey,
  jobs: ENDPOINTS.listJobs.listKey,
  tasks: ENDPOINTS.listTasks.listKey,
  activities: ENDPOINTS.listActivities.listKey,
  files: ENDPOINTS.listFiles.listKey,
};

const SINGULAR: Readonly<Record<Collection, string>> = { contacts: "Contact", jobs: "Job", tasks: "Task", activities: "Activity", files: "File" };

type Writable = Exclude<Collection, "files">;
const CREATE: Readonly<Record<Writable, (ctx: writes.WriteContext, body: Record<string, unknown>) => JnRecord>> = {
  contacts: writes.createContact,
  jobs: writes.createJob,
  tasks: writes.createTask,
  activities: writes.createActivity,
};
const UPDATE: Readonly<Record<Writable, (ctx: writes.WriteContext, jnid: string, body: Record<string, unknown>) => JnRecord>> = {
  contacts: writes.updateContact,
  jobs: writes.updateJob,
  tasks: writes.updateTask,
  activities: writes.updateActivity,
};

const AUTH_HEADER = /^(bearer|token)\s+(\S+)\s*$/i;

export function createJobNimbusApp(options: JobNimbusAppOptions): JobNimbusApp {
  const keysByValue = new Map(options.keys.map((k) => [k.key, k]));

  /** The presented key (Bearer, or the older "Token" form of seed 004 [I]); case-insensitive scheme [I]. */
  function presentedKey(req: SandboxRequest): string | undefined {
    const header = req.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    return value ? AUTH_HEADER.exec(value)?.[2] : undefined;
  }

  async function handle(req: SandboxRequest): Promise<SandboxResponse> {
    const pathname = req.url.pathname.replace(/\/+$/, "");
    if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) {
      return apiErrorResponse(new ApiError(404, `No endpoint matches ${req.method} ${req.url.pathname}; the API lives under ${API_PREFIX}`));
    }
    const key = presentedKey(req);
    if (options.limiter) {
      // Per presented key, rolling window. JobNimbus publishes no limit and no X-RateLimit-* headers [I]:
      // only a refusal says anything, with Retry-After.
      const decision = options.limiter.check(key ?? "");
      if (!decision.allowed) return statusResponse(429, decision.retryAfterSec);
    }
    try {
      const demo = key === undefined ? undefined : keysByValue.get(key);
      // Missing and wrong keys get the identical answer [C3].
      if (!demo) throw new ApiError(401, AUTH_REQUIRED);
      const store = options.stores.get(demo.accountId);
      if (!store) throw new ApiError(401, AUTH_REQUIRED);
      return await route(req, pathname.slice(API_PREFIX.length), store, demo);
    } catch (error) {
      if (error instanceof ApiError) return apiErrorResponse(error);
      if (error instanceof BodyError) return apiErrorResponse(new ApiError(error.status, error.message));
      throw error;
    }
  }

  async function route(req: SandboxRequest, path: string, store: JobNimbusStore, demo: DemoKey): Promise<SandboxResponse> {
    const parts = path.split("/").filter(Boolean).map(decodeSegment);
    const method = req.method;
    if (parts[0] === "account" && parts.length === 2 && (parts[1] === "settings" || parts[1] === "users")) {
      if (method !== "GET") throw methodNotAllowed(method, "GET");
      return parts[1] === "settings" ? settings(store, req.url.searchParams) : users(store);
    }
    const collection = asCollection(parts[0]);
    if (!collection || parts.length > 2) throw new ApiError(404, `No endpoint matches ${method} ${API_PREFIX}${path}`);
    const jnid = parts[1];
    const writable = collection !== "files";
    if (jnid === undefined) {
      if (method === "GET") return list(store, collection, req.url.searchParams);
      if (method === "POST" && writable) return write(req, store, demo, (ctx, body) => CREATE[collection](ctx, body));
      throw methodNotAllowed(method, writable ? "GET, POST" : "GET");
    }
    if (method === "GET") {
      const record = store.collection(collection).get(jnid);
      if (!record) throw new ApiError(404, `${SINGULAR[collection]} ${jnid} not found`);
      return ok(record);
    }
    if (method === "PUT" && writable) return write(req, store, demo, (ctx, body) => UPDATE[collection](ctx, jnid, body));
    throw methodNotAllowed(method, writable ? "GET, PUT" : "GET");
  }

  async function write(
    req: SandboxRequest,
    store: JobNimbusStore,
    demo: DemoKey,
    apply: (ctx: writes.WriteContext, body: Record<string, unknown>) => JnRecord,
  ): Promise<SandboxResponse> {
    // [I] A key's access profile without edit rights is refused before the body is read.
    if (demo.access !== "full") throw new ApiError(403, "Access denied: this API key's access profile does not allow creating or changing records");
    const body = await req.json();
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError(400, "The request body must be a JSON object");
    const actor = actorOf(store);
    return ok(apply({ store, clock: options.clock, actor }, body as Record<string, unknown>));
  }

  return {
    handle,
    errorResponse: (status, { retryAfterSec }) => statusResponse(status, retryAfterSec),
    keyLabelOf(req) {
      const key = presentedKey(req);
      return key === undefined ? undefined : keysByValue.get(key)?.label;
    },
  };
}

/** The account owner: keys are admin-level and act as the user who made them [C]. */
function actorOf(store: JobNimbusStore): UserRecord {
  return store.users.find((u) => u.role === "Owner") ?? store.users[0]!;
}

function ok(json: unknown): SandboxResponse {
  return { status: 200, json };
}

function methodNotAllowed(method: string, allow: string): ApiError {
  const hint = method === "DELETE" ? ": records are deactivated with PUT {\"is_active\": false}" : "";
  return new ApiError(405, `Method ${method} is not allowed here (allowed: ${allow})${hint}`, { Allow: allow });
}

function asCollection(part: string | undefined): Collection | undefined {
  return part === "contacts" || part === "jobs" || part === "tasks" || part === "activities" || part === "files" ? part : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function nonNegativeInt(params: URLSearchParams, name: string, fallback: number, max?: number): number {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw.trim()) || (max !== undefined && Number(raw) > max)) {
    throw new ApiError(400, `${name} must be a whole number${max !== undefined ? ` from 0 to ${max}` : " of 0 or more"}, got "${raw}"`);
  }
  return Number(raw);
}

function list(store: JobNimbusStore, collection: Collection, params: URLSearchParams): SandboxResponse {
  const size = nonNegativeInt(params, "size", PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX);
  const from = nonNegativeInt(params, "from", 0);
  const sortField = params.get("sort_field") || SORT_FIELD_DEFAULT;
  const direction = (params.get("sort_direction") || SORT_DIRECTION_DEFAULT).toLowerCase();
  if (direction !== "asc" && direction !== "desc") throw new ApiError(400, `sort_direction must be asc or desc, got "${params.get("sort_direction")}"`);
  let test: (r: JnRecord) => boolean = () => true;
  let asksAboutActive = false;
  const raw = params.get("filter");
  if (raw !== null && raw.trim() !== "") {
    try {
      const parsed = parseFilter(raw);
      test = parsed.test;
      asksAboutActive = parsed.fields.has("is_active");
    } catch (error) {
      if (error instanceof FilterError) throw new ApiError(400, `Invalid filter: ${error.message}`);
      throw error;
    }
  }
  // [I] Deactivated records stay readable by id but leave lists, unless the filter asks about is_active.
  const matches = [...store.collection(collection).values()].filter((r) => (asksAboutActive || r.is_active !== false) && test(r));
  const sign = direction === "asc" ? 1 : -1;
  matches.sort((a, b) => sign * (compareValues(valuesAt(a, sortField)[0], valuesAt(b, sortField)[0]) || a.recid - b.recid));
  const fields = params.get("fields")?.split(",").map((f) => f.trim()).filter(Boolean);
  const page = matches.slice(from, from + size).map((r) => (fields?.length ? project(r, fields) : r));
  return ok({ count: matches.length, [LIST_KEYS[collection]]: page });
}

/** Missing values sort last in ascending order. */
function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || a === null || a === "") return b === undefined || b === null || b === "" ? 0 : 1;
  if (b === undefined || b === null || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en", { sensitivity: "base" });
}

/** `fields=a,b`: only those fields, plus the jnid that identifies the record [I]. */
function project(record: JnRecord, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { jnid: record.jnid };
  for (const f of fields) if (f in record) out[f] = record[f];
  return out;
}

function settings(store: JobNimbusStore, params: URLSearchParams): SandboxResponse {
  if (params.get("field") === "groups") {
    return ok(
      store.account.groups.map((g) => {
        const members = store.users.filter((u) => g.roles.includes(u.role)).map((u) => u.id);
        return { name: g.name, managers: members.slice(0, 1), members };
      }),
    );
  }
  return ok(structuredClone(store.settings));
}

/** `{users, date_updated}` [C]; the user list last changed when the account was set up (its first record) [I]. */
function users(store: JobNimbusStore): SandboxResponse {
  let setUp = Number.POSITIVE_INFINITY;
  for (const c of store.contacts.values()) setUp = Math.min(setUp, c.date_created);
  return ok({
    users: store.users.map(({ role: _role, ...user }) => user),
    date_updated: Number.isFinite(setUp) ? setUp : 0,
  });
}
