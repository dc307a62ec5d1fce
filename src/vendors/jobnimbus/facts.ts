/**
 * JobNimbus vendor facts (public API "api1"): the one source of truth for endpoints, list keys, paging,
 * auth, timestamps and the few fixed vocabulary items. Sources: seed 004, shared/vendors/jobnimbus.md and
 * public-facts §3. [C] = confirmed by the vendor docs, [C3] = seen in third-party clients, [I] = inferred.
 *
 * What is NOT here, on purpose: job and contact statuses. JobNimbus accounts define their own workflows
 * and statuses (GET /account/settings); the backend reads them at startup (workflows.ts) and the tool
 * schemas are built from that account data, never from a list in code.
 */

export const VENDOR = "jobnimbus" as const;
export const DISPLAY_NAME = "JobNimbus";
/** [C] The public API lives at https://app.jobnimbus.com/api1. */
export const DEFAULT_ORIGIN = "https://app.jobnimbus.com";
export const API_PREFIX = "/api1";
/** [C] `Authorization: Bearer <key>`; seed 004 says "Token", an older form. Configurable via FSM_AUTH_SCHEME. */
export const DEFAULT_AUTH_SCHEME = "Bearer";
/** [C] The docs' sample token is 16 lowercase alphanumerics. [I] Real keys may differ, so clients do not enforce it. */
export const SAMPLE_KEY_PATTERN = /^[a-z0-9]{16}$/;

/** [C] `size` defaults to 1000. [I] 1000 is also the maximum (a CLI caps it there; undocumented). */
export const PAGE_SIZE_DEFAULT = 1000;
export const PAGE_SIZE_MAX = 1000;
/**
 * [I] Longest `filter` query value sent, URL-encoded. The filter travels in the URL of a GET and the docs give
 * no limit; web servers and proxies refuse request lines past 8-16 KB (nginx 8 KB, Node 16 KB), with 414 or
 * 431. 6,000 leaves room for the rest of the request line under the smallest of those.
 */
export const FILTER_URL_MAX_LENGTH = 6000;
/** [C] Sort defaults. */
export const SORT_FIELD_DEFAULT = "date_created";
export const SORT_DIRECTION_DEFAULT = "desc";

/** [C] Record timestamps are Unix epoch seconds; they become ISO 8601 at the client boundary. */
export const TIMESTAMP_FIELDS = ["date_created", "date_updated", "date_start", "date_end", "date_status_change"] as const;

/** [C] Workflow object types in the account settings. */
export const OBJECT_TYPES = ["contact", "job", "workorder"] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/**
 * Where the sources spell one thing two ways (issue 13, item 5), what is accepted and what is sent:
 * - Authorization: seed 004 says `Token <key>`, the public docs `Bearer <key>`. Bearer is sent; FSM_AUTH_SCHEME
 *   accepts the other.
 * - Attachments: seed 004 suggests "/jobs/{jobId}/documents or similar" without a shape; the public API lists
 *   files at `GET /files` (list key `files`), filtered on `related.id`. That is the one read (ENDPOINTS.listFiles).
 * - Deletion: seed 004 lists DELETE; the public API has none (records are deactivated with is_active:false).
 *   Nothing here deletes.
 * - A status change: the docs show `status_name` alone; a status means something only within its workflow, so
 *   `record_type_name` (the record's own workflow) is sent with it, for jobs and contacts alike. Statuses, task
 *   types and lead sources are accepted in any case and sent in the account's spelling.
 * - Phone numbers: stored as free text in any form; searched in every form (client.ts phoneQueries), sent as given.
 */

/** [C3] The activity record type of a plain note (POST /activities body). */
export const NOTE_RECORD_TYPE = "Note";

/** List responses: `{count, <key>: [...]}`; the key differs per resource [C]. */
export type ListKey = "results" | "activity" | "files";

export type Method = "GET" | "POST" | "PUT";

export interface Endpoint {
  readonly method: Method;
  /** Path under /api1; `{jnid}` is the record id. */
  readonly path: string;
  /** For lists: the array's key in the response. */
  readonly listKey?: ListKey;
  readonly summary: string;
  /**
   * A repeat provably changes nothing (a PUT of the fields given): the HTTP core may resend it after a
   * timeout or a 5xx. Unset: sent once, and read back after an ambiguous failure. A status move through
   * an update is marked not idempotent where it is planned (src/vendors/jobnimbus/client.ts).
   */
  readonly idempotent?: boolean;
}

/**
 * Every operation the client uses (public-facts §3.2). Only GET, POST and PUT exist [C]: there is no
 * DELETE; a record is deactivated with `PUT {"is_active": false}`.
 */
export const ENDPOINTS = {
  listContacts: { method: "GET", path: "/contacts", listKey: "results", summary: "List or filter contacts" },
  getContact: { method: "GET", path: "/contacts/{jnid}", summary: "Get a contact (bare record)" },
  createContact: { method: "POST", path: "/contacts", summary: "Create a contact in a contact workflow" },
  updateContact: { method: "PUT", path: "/contacts/{jnid}", summary: "Update a contact (is_active:false deactivates)", idempotent: true },
  listJobs: { method: "GET", path: "/jobs", listKey: "results", summary: "List or filter jobs" },
  getJob: { method: "GET", path: "/jobs/{jnid}", summary: "Get a job" },
  createJob: { method: "POST", path: "/jobs", summary: "Create a job in a job workflow" },
  updateJob: { method: "PUT", path: "/jobs/{jnid}", summary: "Update a job (status_name changes its status)", idempotent: true },
  listTasks: { method: "GET", path: "/tasks", listKey: "results", summary: "List or filter tasks" },
  getTask: { method: "GET", path: "/tasks/{jnid}", summary: "Get a task" },
  createTask: { method: "POST", path: "/tasks", summary: "Create a task of a task type" },
  updateTask: { method: "PUT", path: "/tasks/{jnid}", summary: "Update a task", idempotent: true },
  listActivities: { method: "GET", path: "/activities", listKey: "activity", summary: "List or filter activities (notes)" },
  createActivity: { method: "POST", path: "/activities", summary: "Create an activity (a note)" },
  updateActivity: { method: "PUT", path: "/activities/{jnid}", summary: "Update an activity", idempotent: true },
  listFiles: { method: "GET", path: "/files", listKey: "files", summary: "List files (attachments)" },
  accountSettings: { method: "GET", path: "/account/settings", summary: "Workflows and statuses, task, activity and file types, lead sources" },
  accountUsers: { method: "GET", path: "/account/users", summary: "The account's users" },
} as const satisfies Record<string, Endpoint>;
export type EndpointName = keyof typeof ENDPOINTS;

/** The request path of an endpoint for a record id (ids are URL-encoded). */
export function endpointPath(name: EndpointName, jnid?: string): string {
  const { path } = ENDPOINTS[name];
  if (!path.includes("{jnid}")) return path;
  if (jnid === undefined) throw new Error(`${name} needs a record id`);
  return path.replace("{jnid}", encodeURIComponent(jnid));
}

/** Tools JobNimbus cannot serve, and why (shown in fsm://capabilities and the README). */
export const UNSUPPORTED: Readonly<Record<string, string>> = {
  create_location:
    "JobNimbus has no customer locations: a job carries its own address, so create_job takes customer_id and an address",
  search_assets: "JobNimbus has no assets (equipment records)",
  get_asset: "JobNimbus has no assets (equipment records)",
  create_asset: "JobNimbus has no assets (equipment records)",
  update_asset_status: "JobNimbus has no assets (equipment records)",
  log_asset_service: "JobNimbus has no assets or service records; add_job_note records what was done on a job",
  record_meter_reading: "JobNimbus has no assets or meters",
  transfer_asset: "JobNimbus has no assets",
};

/** Per-tool wording for JobNimbus, appended to the neutral descriptions. */
export const TOOL_NOTES: Readonly<Record<string, string>> = {
  search_customers: "JobNimbus: searches contacts by name, company, email or phone.",
  create_customer: "JobNimbus: workflow and status are the account's contact workflows; the status must be of that workflow.",
  create_job: "JobNimbus: workflow and status are the account's job workflows (fsm://statuses/jobs); the status must be of that workflow.",
  update_job_status: "JobNimbus: statuses are the account's, per workflow (fsm://statuses/jobs); tools follow it live.",
  list_technicians: "JobNimbus: lists the account's users (GET /account/users).",
  list_jobs: "JobNimbus: technician_id matches a job's assignees (owners) or its sales rep.",
};
