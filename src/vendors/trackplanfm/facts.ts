/**
 * TrackplanFM vendor facts: the one source of truth for endpoints, record fields, the filter and orderBy
 * grammar, paging, auth and the statuses the API can reach. Source: seed 003 (TrackplanFM API integration
 * guide v1.0) and shared/vendors/trackplanfm.md. The vendor's Swagger (`/api/swagger` on each customer's
 * server) is authoritative and we do not have it: everything the seed does not say is marked [I] and can be
 * overridden (see TrackplanfmBackendOptions) once checked against a customer's Swagger.
 */
import type { StatusMachine } from "../../domain/status-machine.js";

export const VENDOR = "trackplanfm" as const;
export const DISPLAY_NAME = "TrackplanFM";
/** No default origin: each customer has its own server, `https://[Server Name]` (seed "Base URL"). */
export const API_PREFIX = "/api";

/* ---------- Auth (seed §1, §2.1) ---------- */

/** JWT login: POST {username, password} → {token}; then `Authorization: Bearer <token>`. [C] */
export const LOGIN_PATH = "/auth/login";
/** API keys start with TP- (seed figure 1-2: `TP-1of43zz…`); the rest looks alphanumeric. [C] prefix, [I] charset. */
export const API_KEY_PATTERN = /^TP-[A-Za-z0-9]+$/;
/**
 * The header that carries an API key is NOT documented (the seed pastes the key into Swagger's authorise form).
 * [I] X-API-Key by default; FSM_API_KEY_HEADER overrides it. Setting it to "Authorization" sends `Bearer TP-…`.
 */
export const DEFAULT_API_KEY_HEADER = "X-API-Key";

/* ---------- Lists (seed §2, §4) ---------- */

/** `page` and `pageSize` are required on every list call [C]; numbering from 1 [I] (Gridify's default). */
export const FIRST_PAGE = 1;
/** [I] No maximum is documented; 100 keeps answers small. Overridable per backend. */
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 20;

/**
 * Filter operators of seed §4.1, in the seed's order. The table is the Gridify library's ([I]: the vendor runs
 * Gridify on ASP.NET; Equal is spelled `==` as in the seed). `text` operators compare strings.
 */
export const FILTER_OPERATORS = [
  { op: "==", name: "Equal", text: false },
  { op: "!=", name: "NotEqual", text: false },
  { op: "<", name: "LessThan", text: false },
  { op: ">", name: "GreaterThan", text: false },
  { op: ">=", name: "GreaterThanOrEqual", text: false },
  { op: "<=", name: "LessThanOrEqual", text: false },
  { op: "=*", name: "Contains", text: true },
  { op: "!*", name: "NotContains", text: true },
  { op: "^", name: "StartsWith", text: true },
  { op: "!^", name: "NotStartsWith", text: true },
  { op: "$", name: "EndsWith", text: true },
  { op: "!$", name: "NotEndsWith", text: true },
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number]["op"];
/** `,` joins expressions with AND [C]. OR (`|`) and parentheses are Gridify features the seed does not list. */
export const FILTER_AND = ",";
/**
 * [I] Gridify's escaping: a backslash before `\ , | ( )` and before the `/i` (case-insensitive) suffix, so a
 * value holding them is read literally.
 */
export const FILTER_ESCAPED = /([\\,|()]|\/i)/g;
/** orderBy: `name`, `name ASC`, `priority DESC`, `region,name DESC` (seed §4.2). [C] */
export const ORDER_DIRECTIONS = ["ASC", "DESC"] as const;

/* ---------- Records and their fields ---------- */

export type FieldType = "guid" | "int" | "number" | "string" | "date" | "bool";

/**
 * [I] Longest text a string field takes, in UTF-16 code units (SQL Server nvarchar(4000), the widest column
 * short of nvarchar(max)); the seed gives no length. A job's title and description share one field
 * (jobDetails), so together they must fit.
 */
export const TEXT_MAX_LENGTH = 4000;

/**
 * [I] Site codes are integers (the seed's sample shows `"code": 10`; FIELDS.sites.code): at most nine digits,
 * to stay inside a 32-bit int.
 */
export const SITE_CODE_PATTERN = /^\d{1,9}$/;

/**
 * Field names and types per resource, as the sandbox serves them and as filters and orderBy may name them.
 * [C] fields appear in the seed's samples; every other field is [I] (the seed elides them with "…").
 */
export const FIELDS = {
  jobRequests: {
    guid: "guid", // [I]
    jobRequestNumber: "int", // [C]
    details: "string", // [C]
    requestStatus: "string", // [C] (sample value "Priority")
    raisedBy: "string", // [C]
    raisedByEmail: "string", // [C]
    site: "string", // [C] in the create body
    createdDate: "date", // [I]
  },
  jobs: {
    guid: "guid", // [I] jobs are addressed by jobGuid [C]; the field name is [I]
    jobId: "int", // [I] the complete body sends a numeric jobId [C]
    jobNumber: "int", // [C]
    jobDetails: "string", // [C]
    jobStatus: "string", // [I]
    siteId: "int", // [C] in the create body
    siteName: "string", // [C] in the create body
    raisedBy: "string", // [C]
    reportedBy: "string", // [C]
    jobType: "string", // [I]
    createdDate: "date", // [I]
    completedDate: "date", // [I]
    completedNote: "string", // [C] in the complete body
    completedByUserId: "int", // [C] in the complete body
  },
  jobCosts: {
    guid: "guid", // [I]
    jobGuid: "guid", // [I] costs are listed per jobGuid [C]
    // [I] The seed's sample shows "jobDetails": 1 and "jobNumber": "1234-asdf-1234", which look like
    // placeholders; the sandbox serves them with the types jobs use.
    jobNumber: "int",
    jobDetails: "string",
    costMaterials: "number", // [C]
    costLabour: "number", // [C]
    budget: "number", // [C]
    costDescription: "string", // [C]
    invoiceNo: "int", // [C]
    invoiceDate: "date", // [C]
  },
  jobTasks: {
    guid: "guid", // [C]
    taskId: "int", // [C]
    taskNumber: "string", // [C]
    jobNumber: "int", // [C]
    jobGuid: "guid", // [C] in the create body
    description: "string", // [C] in the create body
    taskStatus: "string", // [I]
    resourceId: "int", // [C] in the create body
    resourceName: "string", // [I]
    assignedToUserId: "int", // [C] in the create body
    assignedUserName: "string", // [C] in the create body
    durationInHours: "number", // [C] in the create body
    priorityName: "string", // [C] in the update body
    expectedStartDate: "date", // [C] in the update body
    expectedEndDate: "date", // [C] in the update body
    startDate: "date", // [C]
    completedDate: "date", // [C] in the update body (the complete body says completeDate)
    completeNote: "string", // [I] the complete body spells it completNote [C]
  },
  assets: {
    guid: "guid", // [I]
    assetId: "int", // [I]
    description: "string", // [C]
    assetClassId: "int", // [C]
    assetClass: "string", // [C]
    siteId: "int", // [I] the knowledge base says every asset belongs to a site
    siteName: "string", // [I]
    location: "string", // [I]
    manufacturer: "string", // [I]
    model: "string", // [I]
    serialNumber: "string", // [I]
    installDate: "date", // [I]
    condition: "string", // [I]
  },
  sites: {
    guid: "guid", // [I] sites are addressed by siteGuid [C]
    siteId: "int", // [I] jobs refer to sites by a numeric siteId [C]
    name: "string", // [C]
    code: "int", // [C] (the sample shows 10)
    region: "string", // [C]
    siteType: "string", // [I] (knowledge base: sites have a type)
    address: "string", // [I]
    town: "string", // [I]
    postcode: "string", // [I]
    country: "string", // [I]
  },
  resources: {
    guid: "guid", // [I]
    resourceId: "int", // [I] job tasks take a numeric resourceId [C]
    name: "string", // [C]
    resourceType: "string", // [C]
    emailAddress: "string", // [C]
    phone: "string", // [I]
    trade: "string", // [I]
    region: "string", // [I]
  },
  storageAreas: {
    guid: "guid", // [C] in the path
    storageId: "int", // [I] stock levels refer to a numeric storageId [C]
    storageName: "string", // [C]
    code: "string", // [C]
    siteId: "int", // [C]
  },
  stocks: {
    guid: "guid", // [C]
    stockId: "int", // [C]
    stockTypeId: "int", // [C]
    stockType: "string", // [I]
    partNumber: "string", // [I]
    description: "string", // [I]
    unitCost: "number", // [I]
  },
  stockLevels: {
    guid: "guid", // [I]
    stockLevelId: "string", // [C] (a string in the sample)
    stockId: "int", // [C]
    storageId: "int", // [C]
    quantity: "number", // [I]
    minimumLevel: "number", // [I]
  },
} as const satisfies Record<string, Record<string, FieldType>>;
export type Resource = keyof typeof FIELDS;
export type FieldOf<R extends Resource> = keyof (typeof FIELDS)[R] & string;

/* ---------- Spellings that differ within the seed (issue 13 item 5) ---------- */

/**
 * Where the guide's own examples spell one thing two ways we accept every documented form when reading (and the
 * sandbox accepts every form when written to), and send the reference form:
 * - Paths: `/api/JobTasks` and `/api/jobTasks`, `/api/jobcosts` and `/api/jobCosts`, `/api/Stocks`, `/api/stockLevel`
 *   and `/api/stocklevel`. ASP.NET Core matches routes case-insensitively, so each spelling reaches the same action;
 *   ENDPOINTS keeps each endpoint's path exactly as its own section spells it (the reference form for that call),
 *   so the table can be checked line by line against the guide. The sandbox routes case-insensitively.
 * - A job request's text: the create body says `description` (§2.2.2), the list answer `details` (§2.2.1). We send
 *   `description` (the request form is what the server binds) and read `details`, falling back to `description`.
 * - A task's assignee: the create body says `assignedUserName` (§2.5.3), the update body `assignedToUserName`
 *   (§2.5.6); its duration `durationInHours` (create) and `duration` (update); its completion `completeDate` and
 *   `completNote` (complete body, §2.5.5, sic) and `completedDate` (update body). Each body is sent in its own
 *   section's spelling (the server binds each action's own model); records are read under any of the names.
 * - A storage area's site: `siteId` in the list answer, `siteld`/`sitelid` in the others (OCR slips of `siteId`).
 *   `siteId` is the reference form (the client's storage-area bodies); the sandbox takes all three.
 * - Job costs: the sample answer shows `"jobDetails": 1` and `"jobNumber": "1234-asdf-1234"` (types swapped): read
 *   leniently, never sent (the cost bodies carry money and a description only).
 */
export const READ_ALIASES = {
  jobRequestText: ["details", "description"],
  taskAssignee: ["resourceName", "assignedUserName", "assignedToUserName"],
  taskDuration: ["durationInHours", "duration"],
  taskCompletedAt: ["completedDate", "completeDate"],
  taskCompleteNote: ["completeNote", "completNote", "completedNote"],
  storageSiteId: ["siteId", "siteld", "sitelid"],
} as const;

/* ---------- The logged-in user (completedByUserId) ---------- */

/**
 * [I] The JWT claims that may carry the logged-in user's numeric id, in the order tried: the guide says tokens
 * "represent a specific user's session" (§1.1) and the complete body takes `completedByUserId` (§2.3.4), but names
 * no claim. ASP.NET Core's JwtSecurityTokenHandler writes ClaimTypes.NameIdentifier as `nameid`; `userId` and the
 * long claim URI are the other common spellings. Only a whole number is used; an API key has no user, so a job
 * completed with one is not attributed.
 */
export const USER_ID_CLAIMS = ["userId", "nameid", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier"] as const;

/* ---------- Endpoints (seed §2) ---------- */

export type Method = "GET" | "POST" | "PUT" | "DELETE";
/** What a 2xx body holds: a `{count, data}` page, one record, a bare GUID string, the login token, or nothing. */
export type Returns = "page" | "record" | "guid" | "token" | "none";

export interface Endpoint {
  readonly method: Method;
  /** Path under /api exactly as the seed spells it (its casing varies: /JobTasks, /jobTasks); `{x}` is a GUID. */
  readonly path: string;
  readonly resource?: Resource;
  readonly returns: Returns;
  /** Seed section. */
  readonly section: string;
  readonly summary: string;
  /**
   * A repeat provably changes nothing (a PUT of the record's fields): the HTTP core may resend it after a
   * timeout or a 5xx. Unset: sent once (creates, and actions such as StartTask, CompleteTask and complete
   * job, whose repeat the vendor refuses), and read back after an ambiguous failure.
   */
  readonly idempotent?: boolean;
}

export const ENDPOINTS = {
  login: { method: "POST", path: "/auth/login", returns: "token", section: "2.1.1", summary: "Log in (JWT)" },
  listJobRequests: { method: "GET", path: "/jobrequests", resource: "jobRequests", returns: "page", section: "2.2.1", summary: "Get job requests" },
  // "Response: ID of the created job request": [I] a bare GUID like every other create.
  createJobRequest: { method: "POST", path: "/jobrequests", resource: "jobRequests", returns: "guid", section: "2.2.2", summary: "Create a job request" },
  listJobs: { method: "GET", path: "/jobs", resource: "jobs", returns: "page", section: "2.3.1", summary: "Get jobs" },
  getJob: { method: "GET", path: "/jobs/{jobGuid}", resource: "jobs", returns: "record", section: "2.3.2", summary: "Get job by id" },
  createJob: { method: "POST", path: "/jobs", resource: "jobs", returns: "guid", section: "2.3.3", summary: "Create a job" },
  completeJob: { method: "PUT", path: "/jobs/complete/{jobGuid}", resource: "jobs", returns: "guid", section: "2.3.4", summary: "Complete a job" },
  listJobCosts: { method: "GET", path: "/jobcosts/{jobGuid}", resource: "jobCosts", returns: "page", section: "2.4.1", summary: "Get job costs" },
  createJobCost: { method: "POST", path: "/jobCosts/{jobGuid}", resource: "jobCosts", returns: "guid", section: "2.4.2", summary: "Create job cost" },
  updateJobCost: { method: "PUT", path: "/jobcosts/update/{jobCostGuid}", resource: "jobCosts", returns: "guid", section: "2.4.3", summary: "Update job cost", idempotent: true },
  listJobTasks: { method: "GET", path: "/JobTasks", resource: "jobTasks", returns: "page", section: "2.5.1", summary: "Get job tasks" },
  getJobTask: { method: "GET", path: "/jobTasks/{jobTaskGuid}", resource: "jobTasks", returns: "record", section: "2.5.2", summary: "Get job task by id" },
  createJobTask: { method: "POST", path: "/jobTasks", resource: "jobTasks", returns: "guid", section: "2.5.3", summary: "Create a job task" },
  // Start, complete and update show no response body in the seed: [I] 204 No Content.
  startJobTask: { method: "PUT", path: "/jobTasks/StartTask/{jobTaskGuid}", resource: "jobTasks", returns: "none", section: "2.5.4", summary: "Start a job task" },
  completeJobTask: { method: "PUT", path: "/jobTasks/CompleteTask/{jobTaskGuid}", resource: "jobTasks", returns: "none", section: "2.5.5", summary: "Complete a job task" },
  updateJobTask: { method: "PUT", path: "/JobTasks/Update/{jobTaskGuid}", resource: "jobTasks", returns: "none", section: "2.5.6", summary: "Update a job task", idempotent: true },
  listAssets: { method: "GET", path: "/assets", resource: "assets", returns: "page", section: "2.6.1", summary: "Get assets" },
  getAsset: { method: "GET", path: "/assets/{assetGuid}", resource: "assets", returns: "record", section: "2.6.2", summary: "Get asset by id" },
  createAsset: { method: "POST", path: "/assets", resource: "assets", returns: "guid", section: "2.6.3", summary: "Create an asset" },
  updateAsset: { method: "PUT", path: "/assets/{assetGuid}", resource: "assets", returns: "guid", section: "2.6.4", summary: "Update an asset", idempotent: true },
  deleteAsset: { method: "DELETE", path: "/assets/{assetGuid}", resource: "assets", returns: "none", section: "2.6.5", summary: "Delete an asset" },
  listSites: { method: "GET", path: "/sites", resource: "sites", returns: "page", section: "2.7.1", summary: "Get sites" },
  getSite: { method: "GET", path: "/sites/{siteGuid}", resource: "sites", returns: "record", section: "2.7.2", summary: "Get site by id" },
  createSite: { method: "POST", path: "/sites", resource: "sites", returns: "guid", section: "2.7.3", summary: "Create a site" },
  updateSite: { method: "PUT", path: "/sites/{siteGuid}", resource: "sites", returns: "record", section: "2.7.4", summary: "Update a site", idempotent: true },
  listResources: { method: "GET", path: "/resources", resource: "resources", returns: "page", section: "2.8.1", summary: "Get resources" },
  getResource: { method: "GET", path: "/resources/{resourceGuid}", resource: "resources", returns: "record", section: "2.8.2", summary: "Get resource by id" },
  createResource: { method: "POST", path: "/resources", resource: "resources", returns: "guid", section: "2.8.3", summary: "Create a resource" },
  updateResource: { method: "PUT", path: "/resources/{resourceGuid}", resource: "resources", returns: "guid", section: "2.8.4", summary: "Update a resource", idempotent: true },
  listStorageAreas: { method: "GET", path: "/storageArea", resource: "storageAreas", returns: "page", section: "2.9.1", summary: "Get storage areas" },
  getStorageArea: { method: "GET", path: "/storageArea/{guid}", resource: "storageAreas", returns: "record", section: "2.9.2", summary: "Get storage area by id" },
  createStorageArea: { method: "POST", path: "/storageArea", resource: "storageAreas", returns: "guid", section: "2.9.3", summary: "Create a storage area" },
  updateStorageArea: { method: "PUT", path: "/storageArea/{guid}", resource: "storageAreas", returns: "guid", section: "2.9.4", summary: "Update a storage area", idempotent: true },
  listStocks: { method: "GET", path: "/stocks", resource: "stocks", returns: "page", section: "2.10.1", summary: "Get stocks" },
  getStock: { method: "GET", path: "/stocks/{guid}", resource: "stocks", returns: "record", section: "2.10.2", summary: "Get stock by id" },
  createStock: { method: "POST", path: "/Stocks", resource: "stocks", returns: "guid", section: "2.10.3", summary: "Create a stock" },
  updateStock: { method: "PUT", path: "/stocks/{guid}", resource: "stocks", returns: "guid", section: "2.10.4", summary: "Update a stock", idempotent: true },
  listStockLevels: { method: "GET", path: "/stockLevel", resource: "stockLevels", returns: "page", section: "2.11.1", summary: "Get stock levels" },
  getStockLevel: { method: "GET", path: "/stocklevel/{guid}", resource: "stockLevels", returns: "record", section: "2.11.2", summary: "Get stock level by id" },
  upsertStockLevel: { method: "POST", path: "/stocklevel", resource: "stockLevels", returns: "guid", section: "2.11.3", summary: "Update or create a stock level" },
} as const satisfies Record<string, Endpoint>;
export type EndpointName = keyof typeof ENDPOINTS;

/** Fill `{param}` segments of an endpoint path with (URL-encoded) values, in order. */
export function endpointPath(name: EndpointName, ...params: string[]): string {
  let i = 0;
  const path = ENDPOINTS[name].path.replace(/\{[^}]+\}/g, () => {
    const value = params[i++];
    if (value === undefined) throw new RangeError(`${name} needs ${ENDPOINTS[name].path.match(/\{/g)!.length} path parameter(s)`);
    return encodeURIComponent(value);
  });
  if (i !== params.length) throw new RangeError(`${name} takes ${i} path parameter(s), got ${params.length}`);
  return path;
}

/* ---------- Statuses ---------- */

/**
 * [I] Job statuses, from the vendor's knowledge base (workflow overview: job requests are approved into jobs,
 * "Requires Auth", resources instructed through tasks, "Resource Confirmed Complete" awaiting sign-off). The API
 * itself documents no job status field or values: check them against the customer's Swagger.
 */
export const JOB_STATUSES = ["Logged", "Requires Auth", "Instructed", "In Progress", "Resource Confirmed Complete", "Completed", "Cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const OPEN_JOB_STATUSES = ["Logged", "Requires Auth", "Instructed", "In Progress", "Resource Confirmed Complete"] as const satisfies readonly JobStatus[];

/**
 * [I] Statuses that close a job in the assumed list. Only Completed is reached through the API; Cancelled is set in
 * the application. Neither is documented.
 */
export const CLOSED_JOB_STATUSES = ["Completed", "Cancelled"] as const satisfies readonly JobStatus[];

/**
 * The job statuses above are assumed, and an account defines its own (e.g. "Awaiting Parts"). The backend learns
 * every status the account's records carry (learnJobStatus) and lets any status that is not closed move to
 * Completed: the guide documents no precondition for completing a job, so the vendor has the last word.
 */
export const LEARNED_STATUS_DESCRIPTION = "Defined by the account (seen on its records); completing is left to the vendor";

/**
 * What the API can do to a job directly: complete it (seed §2.3.4) from any open status. Instructed and In
 * Progress follow from its tasks; nothing in the API cancels, authorises or reopens a job, so Completed cannot
 * be undone through the API and needs the user's confirmation.
 */
export const JOB_MACHINE: StatusMachine<JobStatus> = {
  subject: "job",
  statuses: JOB_STATUSES,
  transitions: {
    Logged: ["Completed"],
    "Requires Auth": ["Completed"],
    Instructed: ["Completed"],
    "In Progress": ["Completed"],
    "Resource Confirmed Complete": ["Completed"],
    Completed: [],
    Cancelled: [],
  },
  terminal: ["Completed", "Cancelled"],
  irreversible: ["Completed"],
  descriptions: {
    Logged: "Raised, no resource instructed yet [I]",
    "Requires Auth": "Its category needs authorisation before work is instructed [I]",
    Instructed: "A task instructs a resource; work not started [I]",
    "In Progress": "A task has been started [I]",
    "Resource Confirmed Complete": "Every task is complete; awaiting sign-off [I]",
    Completed: "Signed off through PUT /api/jobs/complete (terminal)",
    Cancelled: "Cancelled in the TrackplanFM application (terminal) [I]",
  },
};
export { OPEN_JOB_STATUSES };

/**
 * A job machine that grows with the account: JOB_MACHINE's statuses, then every other status a record carries
 * (learn), each of which may move to Completed. The machine object stays the same, so everything holding it
 * (the profile, fsm://statuses/jobs) sees what was learned.
 */
export function learningJobMachine(): { machine: StatusMachine; learn(status: string | null | undefined): boolean } {
  const statuses: string[] = [...JOB_STATUSES];
  const transitions: Record<string, readonly string[]> = { ...JOB_MACHINE.transitions };
  const descriptions: Record<string, string> = { ...JOB_MACHINE.descriptions };
  const machine: StatusMachine = { ...JOB_MACHINE, statuses, transitions, descriptions };
  return {
    machine,
    learn(status) {
      const s = status?.trim();
      if (!s || statuses.includes(s) || s.length > 100) return false;
      statuses.push(s);
      transitions[s] = ["Completed"];
      descriptions[s] = LEARNED_STATUS_DESCRIPTION;
      return true;
    },
  };
}

/** [I] Job task statuses: the seed has "start a task" and "complete a task" (§2.5.4-5) and no status names. */
export const TASK_STATUSES = ["Not Started", "Started", "Completed"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_MACHINE: StatusMachine<TaskStatus> = {
  subject: "task",
  statuses: TASK_STATUSES,
  // [I] The seed does not say a task must be started before it is completed; the sandbox allows both.
  transitions: { "Not Started": ["Started", "Completed"], Started: ["Completed"], Completed: [] },
  terminal: ["Completed"],
  irreversible: [],
  descriptions: {
    "Not Started": "Created, resource instructed, not started",
    Started: "Started through PUT /api/jobTasks/StartTask",
    Completed: "Completed through PUT /api/jobTasks/CompleteTask",
  },
};

/**
 * The status changes the API can make, which update_job_status offers for this vendor (and nothing else):
 * start or complete one of a job's tasks, complete the job.
 */
export const STATUS_TARGETS = [
  { value: "Task Started", subject: "task", status: "Started", endpoint: "startJobTask", description: "start one of the job's tasks" },
  { value: "Task Completed", subject: "task", status: "Completed", endpoint: "completeJobTask", description: "complete one of the job's tasks" },
  { value: "Completed", subject: "job", status: "Completed", endpoint: "completeJob", description: "sign off the job itself" },
] as const satisfies ReadonlyArray<{ value: string; subject: "job" | "task"; status: JobStatus | TaskStatus; endpoint: EndpointName; description: string }>;

/** [I] Tasks are added to, started and completed on open jobs only (the sandbox refuses closed ones). */
export function jobAcceptsTaskChanges(status: string): boolean {
  return !JOB_MACHINE.terminal.includes(status as JobStatus);
}

/* ---------- Errors (seed §3) ---------- */

/** Problem-details `type` URIs: [C] for 401 and 403 (the seed shows them), [I] for the rest (ASP.NET defaults). */
export const PROBLEM_TYPES: Readonly<Record<number, string>> = {
  400: "https://tools.ietf.org/html/rfc7231#section-6.5.1",
  401: "https://tools.ietf.org/html/rfc7235#section-3.1",
  403: "https://tools.ietf.org/html/rfc7231#section-6.5.3",
  404: "https://tools.ietf.org/html/rfc7231#section-6.5.4",
  429: "https://tools.ietf.org/html/rfc6585#section-4",
  500: "https://tools.ietf.org/html/rfc7231#section-6.6.1",
};
/** The validation title of seed §3.1. [C] */
export const VALIDATION_TITLE = "One or more validation errors occurred.";
