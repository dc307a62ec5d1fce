/**
 * The fuzz's per-vendor adapters (see property.ts): each starts its vendor's sandbox in the test process,
 * points the server at it as a live vendor, and draws real ids from the sandbox's own store.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_KEYS as FSM_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../../src/sandbox/fsmnavigator/index.js";
import { DEMO_KEYS as JN_KEYS, startJobnimbusSandbox, type JobNimbusSandbox, type JobNimbusStore } from "../../../src/sandbox/jobnimbus/index.js";
import { DEMO_API_KEYS as TP_KEYS, startTrackplanfmSandbox, type TrackplanfmSandbox } from "../../../src/sandbox/trackplanfm/index.js";
import type { RequestLogEntry } from "../../../src/sandbox/common/request-log.js";
import type { FuzzVendor, Json } from "./property.js";

/** At most this many ids per pool: enough variety, cheap constantFrom. */
const POOL = 400;

/** Non-GET requests in a live request log, counted incrementally (the log only grows). */
function writeCounter(requests: () => RequestLogEntry[]): () => number {
  let counted = 0;
  let nonGet = 0;
  return () => {
    const log = requests();
    for (; counted < log.length; counted++) if (log[counted]!.method !== "GET") nonGet++;
    return nonGet;
  };
}

function stateDir(): string {
  return mkdtempSync(join(tmpdir(), "fsm-fuzz-"));
}

// ---- FSM Navigator: integer ids ------------------------------------------------------------------------

export function fsmNavigatorFuzz(): FuzzVendor {
  let sandbox: FsmNavigatorSandbox;
  const key = FSM_KEYS[0]!.key;
  return {
    name: "fsmnavigator",
    secret: key,
    async start() {
      sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false });
    },
    env: () => ({ FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: key, FSM_STATE_DIR: stateDir() }),
    idPool(name) {
      const s = sandbox.store;
      const keys = <T>(m: Map<number, T>) => [...m.keys()].slice(0, POOL);
      if (/^(job_id)$/.test(name)) return keys(s.jobs);
      if (/^(asset_id|asset_ids)$/.test(name)) return keys(s.assets);
      if (/^customer_id$/.test(name)) return keys(s.customers);
      if (/location_id$/.test(name)) return keys(s.locations);
      if (/^(technician_id|assigned_to)$/.test(name)) return keys(s.technicians);
      if (/^meter_id$/.test(name)) return keys(s.meters);
      if (/^type_id$/.test(name)) return keys(s.assetTypes);
      return undefined;
    },
    linked(name, args) {
      // update_location names a location of that very customer.
      if (name !== "location_id" || typeof args.customer_id !== "number") return undefined;
      return sandbox.store.locationsOf(args.customer_id).map((l) => l.location_id);
    },
    writesSoFar: writeCounter(() => sandbox.requests),
    requests: () => sandbox.requests,
    hostileStrings: [key],
    searchWords: ["acme", "hvac", "TRU", "a", "zzz", "Main"],
    close: async () => sandbox?.close(),
  };
}

// ---- TrackplanFM: GUID ids, the filter/orderBy grammar, API-key auth ------------------------------------

/**
 * The filter grammar's syntax (`,` AND, `|` OR, `(` `)`, `\` escape, the `/i` suffix, operators `==` `!=`
 * `=*` `!*` `^` `$` `<` `>`) and quotes, in the places a value goes: an unescaped one would change the query.
 */
const TRACKPLANFM_GRAMMAR = [
  ",",
  "a,b",
  "Smith, Jones (North)",
  "name==x",
  "x,siteId==1",
  "=*",
  "name=*a|code==1",
  "\\",
  "a\\",
  "\\,",
  "a\\,b",
  "(",
  ")",
  "|",
  "/i",
  "a/i",
  "!=",
  "!*",
  "^",
  "$",
  "<>",
  '"',
  "'",
  "\"quoted\"",
  "it's",
  "%2C",
  "%00",
  "+",
  "&filter=siteId>0",
  "?pageSize=100000",
  "#",
  "00000000-0000-0000-0000-000000000000",
  "{00000000-0000-0000-0000-000000000000}",
];

export function trackplanfmFuzz(): FuzzVendor {
  let sandbox: TrackplanfmSandbox;
  // API-key mode: no login POST to tell apart from writes, and the key is the credential to keep out of output.
  const key = TP_KEYS.find((k) => k.role === "Full Access with API")!.key;
  return {
    name: "trackplanfm",
    secret: key,
    async start() {
      sandbox = await startTrackplanfmSandbox({ port: 0, rateLimit: false });
    },
    env: () => ({ FSM_VENDOR: "trackplanfm", FSM_BASE_URL: sandbox.url, FSM_API_KEY: key, FSM_STATE_DIR: stateDir() }),
    idPool(name) {
      const s = sandbox.store;
      const guids = (resource: "sites" | "jobs" | "jobTasks" | "assets" | "resources") => s.all(resource).slice(0, POOL).map((r) => r.guid);
      if (name === "job_id") return guids("jobs");
      if (name === "task_id") return guids("jobTasks");
      if (name === "customer_id" || name === "location_id") return guids("sites");
      if (name === "asset_id") return guids("assets");
      if (name === "cost_id") return s.all("jobCosts").slice(0, POOL).map((r) => r.guid);
      if (name === "store_id") return s.all("storageAreas").slice(0, POOL).map((r) => r.guid);
      if (name === "technician_id") return guids("resources");
      if (name === "type_id") return [...new Set(s.all("assets").map((a) => a.assetClassId).filter((n): n is number => typeof n === "number"))];
      if (name === "code") return [...new Set(s.all("sites").map((x) => x.code).filter((n): n is number => typeof n === "number"))].map(String);
      if (name === "region") return [...new Set(s.all("sites").map((x) => x.region).filter((r): r is string => typeof r === "string"))];
      return undefined;
    },
    linked(name, args) {
      // A task move or update needs a task of that very job; a cost update one of its cost lines.
      if ((name !== "task_id" && name !== "cost_id") || typeof args.job_id !== "string") return undefined;
      const job = sandbox.store.get("jobs", args.job_id);
      if (!job) return undefined;
      if (name === "cost_id") return sandbox.store.all("jobCosts").filter((c) => c.jobGuid === job.guid).map((c) => c.guid);
      return sandbox.store.tasksOf(job).map((t) => t.guid);
    },
    writesSoFar: writeCounter(() => sandbox.requests),
    requests: () => sandbox.requests,
    hostileStrings: [...TRACKPLANFM_GRAMMAR, key, `site ${key}`, key.toLowerCase(), `X-API-Key: ${key}`],
    searchWords: ["Head", "Office", "boiler", "a", "zzz", "North", "Smith, Jones", "a,b", "x\\"],
    close: async () => sandbox?.close(),
  };
}

// ---- JobNimbus: string ids, Elasticsearch-style filter JSON, account workflows ---------------------------

/** JSON that looks like the filter language, and strings that would break out of a JSON string. */
const JOBNIMBUS_JSON = [
  '{"must":[{"term":{"is_active":false}}]}',
  '{"bool":{"should":[{"prefix":{"first_name":""}}]}}',
  '{"match_all":{}}',
  '{"$ne":null}',
  '"},{"term":{"is_active":false}},{"x":"',
  '\\"}]}',
  "[]",
  "{}",
  "null",
  "true",
  "1e999",
  '{"__proto__":{"polluted":true}}',
  "jnid",
  "*",
  "?",
  "~",
  "related.id",
  "%7B%7D",
  "sbx",
  "0000000000000000",
];

export function jobnimbusFuzz(): FuzzVendor {
  let sandbox: JobNimbusSandbox;
  const demo = JN_KEYS.find((k) => k.access === "full")!;
  const store = (): JobNimbusStore => sandbox.storeFor(demo.key);
  return {
    name: "jobnimbus",
    secret: demo.key,
    async start() {
      sandbox = await startJobnimbusSandbox({ port: 0, rateLimit: false });
    },
    env: () => ({ FSM_VENDOR: "jobnimbus", FSM_BASE_URL: sandbox.url, FSM_API_KEY: demo.key, FSM_STATE_DIR: stateDir() }),
    idPool(name) {
      const s = store();
      const ids = (m: Map<string, unknown>): Json[] => [...m.keys()].slice(0, POOL);
      if (name === "job_id") return ids(s.jobs);
      if (name === "customer_id") return ids(s.contacts);
      if (name === "task_id") return ids(s.tasks);
      if (name === "technician_id" || name === "sales_rep_id") return s.users.map((u) => u.id);
      return undefined;
    },
    linked(name, args) {
      const s = store();
      // A task update needs a task of that very job.
      if (name === "task_id" && typeof args.job_id === "string") {
        return [...s.tasks.values()].filter((t) => (t.related as Array<{ id: string }>).some((r) => r.id === args.job_id)).map((t) => t.jnid);
      }
      // A status move succeeds only within the record's own workflow (a job's, or a contact's for update_customer).
      if (name !== "status") return undefined;
      const [kind, record] = typeof args.job_id === "string" ? (["job", s.jobs.get(args.job_id)] as const) : typeof args.customer_id === "string" ? (["contact", s.contacts.get(args.customer_id)] as const) : (["job", undefined] as const);
      const workflow = record && s.activeWorkflows(kind).find((w) => w.name === record.record_type_name);
      return workflow ? workflow.status.filter((x) => x.is_active).map((x) => x.name) : undefined;
    },
    writesSoFar: writeCounter(() => sandbox.requests),
    requests: () => sandbox.requests,
    hostileStrings: [...JOBNIMBUS_JSON, demo.key, `call ${demo.key} back`, demo.key.toUpperCase()],
    searchWords: ["Smith", "roof", "a", "zzz", "Summit", "Jo"],
    close: async () => sandbox?.close(),
  };
}
