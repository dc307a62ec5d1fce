/**
 * FSM Navigator vendor facts: the one source of truth for statuses, transitions, enums, scopes and the
 * endpoint → scope map. Sources: seeds 000 (best practices), 001 (Jobs API), 002 (Assets API) and
 * shared/vendors/fsmnavigator.md. Tests pin these against literal tables copied from the seeds.
 */
import type { StatusMachine } from "../../domain/status-machine.js";

export const VENDOR = "fsmnavigator" as const;
export const DISPLAY_NAME = "FSM Navigator";
export const DEFAULT_ORIGIN = "https://fsmnavigator.com";
export const API_PREFIX = "/api/v1";
export const AUTH_HEADER = "X-API-Key";
/** Documented key shape (public-facts §1.1): fsm_live_… or fsm_test_… */
export const API_KEY_PATTERN = /^fsm_(live|test)_[A-Za-z0-9]+$/;

/** Rate limits count per key over a rolling window [C] (public-facts §1.3); no numbers are published. */
export const RATE_LIMIT_ROLLING_WINDOW = true;

export const PER_PAGE_DEFAULT = 50;
export const PER_PAGE_MAX = 100;

export const JOB_STATUSES = [
  "Pending",
  "Assigned",
  "In Progress",
  "On Hold",
  "Completed",
  "Invoiced",
  "Paid",
  "Closed",
  "Cancelled",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_MACHINE: StatusMachine<JobStatus> = {
  subject: "job",
  statuses: JOB_STATUSES,
  transitions: {
    Pending: ["Assigned", "Cancelled"],
    Assigned: ["In Progress", "Pending", "Cancelled", "On Hold"],
    "In Progress": ["Completed", "Assigned", "On Hold", "Cancelled"],
    "On Hold": ["In Progress", "Assigned", "Cancelled"],
    Completed: ["Invoiced"],
    Invoiced: ["Paid"],
    Paid: ["Closed"],
    Closed: [],
    Cancelled: [],
  },
  terminal: ["Closed", "Cancelled"],
  irreversible: ["Cancelled", "Closed"],
  descriptions: {
    Pending: "Job created, awaiting assignment",
    Assigned: "Technician assigned, not yet started",
    "In Progress": "Technician actively working on the job",
    "On Hold": "Job temporarily paused",
    Completed: "Work finished by the technician",
    Invoiced: "Invoice generated for the completed work",
    Paid: "Customer payment received",
    Closed: "Job fully closed out (terminal)",
    Cancelled: "Job cancelled before completion (terminal)",
  },
};

export const ASSET_STATUSES = [
  "Active",
  "Idle",
  "In Maintenance",
  "Pending Install",
  "In Transit",
  "Lost",
  "Non-Compliant",
  "Decommissioned",
  "Retired",
] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/**
 * Seed 002's table. Note: the seed's status list calls Retired "terminal", but its transition table lets
 * Retired move to Active or Decommissioned; the table is what the API enforces, so Decommissioned is the
 * only terminal status here (shared/vendors/fsmnavigator.md agrees).
 */
export const ASSET_MACHINE: StatusMachine<AssetStatus> = {
  subject: "asset",
  statuses: ASSET_STATUSES,
  transitions: {
    Active: ["Idle", "In Maintenance", "In Transit", "Retired", "Lost", "Non-Compliant", "Decommissioned"],
    Idle: ["Active", "In Maintenance", "In Transit", "Retired", "Decommissioned", "Lost"],
    "In Maintenance": ["Active", "Idle", "Retired", "Decommissioned"],
    "Pending Install": ["Active", "Idle", "In Transit", "Non-Compliant"],
    "In Transit": ["Active", "Idle", "Pending Install"],
    Lost: ["Active", "Retired", "Decommissioned"],
    "Non-Compliant": ["Active", "Idle", "In Maintenance", "Retired", "Decommissioned"],
    Decommissioned: [],
    Retired: ["Active", "Decommissioned"],
  },
  terminal: ["Decommissioned"],
  irreversible: ["Decommissioned", "Retired", "Lost"],
  descriptions: {
    Active: "In regular use",
    Idle: "Not currently in use but available",
    "In Maintenance": "Undergoing scheduled or unscheduled maintenance",
    "Pending Install": "Awaiting installation at a location",
    "In Transit": "Being moved between locations",
    Lost: "Cannot be located; under investigation",
    "Non-Compliant": "Fails compliance or certification requirements",
    Decommissioned: "Permanently removed from service (terminal)",
    Retired: "Reached end of useful life",
  },
};

/** Statuses an asset may be created with (public-facts §1.9: creation starts at Active or Pending Install). */
export const ASSET_CREATE_STATUSES = ["Active", "Pending Install"] as const satisfies readonly AssetStatus[];

export const PRIORITIES = ["Low", "Medium", "High", "Urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY: Priority = "Medium";

export const SERVICE_TYPES = [
  "repair",
  "inspection",
  "preventive_maintenance",
  "installation",
  "decommission",
  "meter_read",
  "warranty_claim",
  "calibration",
  "upgrade",
  "relocation",
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const RELATIONSHIP_TYPES = ["serviced", "installed", "replaced", "inspected", "maintenance", "meter_threshold"] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];
/** [C] Seed 001: "Invalid or deleted asset IDs are silently skipped" when a job links assets (create and update). */
export const UNKNOWN_ASSET_IDS = "skipped" as const;
export const DEFAULT_RELATIONSHIP: RelationshipType = "serviced";

/**
 * Spellings the seeds disagree on (issue 13, item 5). Every documented form is read (normalize.ts) and taken by
 * the simulator; the client sends the form named here.
 * - URL style: the reference pages' query style (`/customers?id=201&locations=1&location_id=87`) for every call,
 *   PUTs included, never the guide's path style (`/customers/201/locations`): the reference pages are the API's
 *   own per-endpoint documentation, the guide illustrates patterns.
 * - Service history: `?id=&sub=service_history` (seed 002), not the guide's `/assets/{id}/service-records`.
 * - Ids: sent as the reference names them; records are read under `id` or `<kind>_id` (envelope A and B).
 * - Customer contact fields: see CUSTOMER_CONTACT_SPELLING.
 */
export const URL_STYLE = "query" as const;

/**
 * The guide's create body spells a customer's contact fields contact_email / contact_phone (seed 000); the
 * customer object spells them customer_email / customer_phone (public-facts §1.7). A create sends the create
 * body's documented spelling. An update has no documented body: it sends the object's spelling, the one a read
 * returns (a PUT of what GET gave round-trips). Both are read.
 */
export const CUSTOMER_CONTACT_SPELLING = {
  create: { email: "contact_email", phone: "contact_phone" },
  update: { email: "customer_email", phone: "customer_phone" },
} as const;

/**
 * What a PUT does with the fields it is not sent. Seed 000's idempotency table says PUT "replaces the entire
 * resource"; the reference pages say a PUT "updates one or more fields" (seed 001) and to "only include the
 * fields you want to change" (seed 002), and every PUT example sends a partial body. The reference wins (as for
 * the URL style): updates send only what changes. The update tools read the record back and name any field the
 * vendor reset, so an account that behaves as seed 000 says is caught the first time, not silently.
 */
export const PUT_SENDS = "changed fields only" as const;

/** Customer phones are E.164 (public-facts §1.7: `customer_phone` (E.164)). */
export const PHONE_FORMAT = { pattern: /^\+[1-9]\d{6,14}$/, hint: "must be E.164, e.g. +15551234567" } as const;

/** The customer fields update_customer offers: those of the documented create body (name, email, phone). */
export const CUSTOMER_UPDATE_FIELDS = ["name", "email", "phone"] as const;

export const TECHNICIAN_STATUSES = ["Active", "Inactive"] as const;
export const AVAILABILITY_STATUSES = ["Available", "Busy", "Offline"] as const;

export const SCOPES = [
  "jobs:read",
  "jobs:write",
  "customers:read",
  "customers:write",
  "assets:read",
  "assets:write",
  "assets:service",
  "assets:meter",
  "assets:transfer",
  "technicians:read",
  "inventory:read",
  "inventory:write",
  "inventory:transfer",
] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "jobs:read": "list and get jobs",
  "jobs:write": "create and update jobs, change job status",
  "customers:read": "list and get customers, including their locations",
  "customers:write": "create and update customers and locations",
  "assets:read": "list and get assets, plus service history",
  "assets:write": "create and update assets, change asset status",
  "assets:service": "create service/maintenance records",
  "assets:meter": "submit meter readings",
  "assets:transfer": "transfer an asset between locations",
  "technicians:read": "list technicians (read-only API)",
  "inventory:read": "inventory items, stock, transactions",
  "inventory:write": "create/update inventory items, adjust stock",
  "inventory:transfer": "move stock between locations",
};

export type Method = "GET" | "POST" | "PUT" | "PATCH";

/** An operation of the API, in the reference (query) URL style. */
export interface Endpoint {
  readonly method: Method;
  /** Resource path under /api/v1, e.g. "/jobs". */
  readonly resource: "/jobs" | "/customers" | "/assets" | "/technicians";
  /** Query keys that identify the operation (beyond paging and filters), e.g. ["id", "sub=service"]. */
  readonly selector: readonly string[];
  readonly scope: Scope;
  readonly summary: string;
  /**
   * A repeat provably changes nothing (a PUT of the fields given): the HTTP core may resend it after a
   * timeout or a 5xx. Unset: sent once, and read back after an ambiguous failure.
   */
  readonly idempotent?: boolean;
}

/**
 * Endpoint → scope, from seeds 001/002 and the endpoints overview (public-facts §1.6). The client picks its
 * operations from this table and the simulator enforces the scopes from it.
 */
export const ENDPOINTS = {
  listJobs: { method: "GET", resource: "/jobs", selector: [], scope: "jobs:read", summary: "List jobs" },
  getJob: { method: "GET", resource: "/jobs", selector: ["id"], scope: "jobs:read", summary: "Get a single job" },
  createJob: { method: "POST", resource: "/jobs", selector: [], scope: "jobs:write", summary: "Create a job" },
  updateJob: { method: "PUT", resource: "/jobs", selector: ["id"], scope: "jobs:write", summary: "Update a job", idempotent: true },
  updateJobStatus: { method: "PATCH", resource: "/jobs", selector: ["id"], scope: "jobs:write", summary: "Update job status" },
  listCustomers: { method: "GET", resource: "/customers", selector: [], scope: "customers:read", summary: "List customers" },
  getCustomer: { method: "GET", resource: "/customers", selector: ["id"], scope: "customers:read", summary: "Get a customer (include=locations embeds them)" },
  createCustomer: { method: "POST", resource: "/customers", selector: [], scope: "customers:write", summary: "Create a customer" },
  updateCustomer: { method: "PUT", resource: "/customers", selector: ["id"], scope: "customers:write", summary: "Update a customer", idempotent: true },
  listLocations: { method: "GET", resource: "/customers", selector: ["id", "locations=1"], scope: "customers:read", summary: "List a customer's locations" },
  createLocation: { method: "POST", resource: "/customers", selector: ["id", "locations=1"], scope: "customers:write", summary: "Create a location" },
  updateLocation: { method: "PUT", resource: "/customers", selector: ["id", "locations=1", "location_id"], scope: "customers:write", summary: "Update a location", idempotent: true },
  listAssets: { method: "GET", resource: "/assets", selector: [], scope: "assets:read", summary: "List assets" },
  getAsset: { method: "GET", resource: "/assets", selector: ["id"], scope: "assets:read", summary: "Get a single asset" },
  createAsset: { method: "POST", resource: "/assets", selector: [], scope: "assets:write", summary: "Create an asset" },
  updateAsset: { method: "PUT", resource: "/assets", selector: ["id"], scope: "assets:write", summary: "Update an asset", idempotent: true },
  updateAssetStatus: { method: "PATCH", resource: "/assets", selector: ["id"], scope: "assets:write", summary: "Update asset status" },
  listServiceHistory: { method: "GET", resource: "/assets", selector: ["id", "sub=service_history"], scope: "assets:read", summary: "Service history" },
  createServiceRecord: { method: "POST", resource: "/assets", selector: ["id", "sub=service"], scope: "assets:service", summary: "Create a service record" },
  submitMeterReading: { method: "POST", resource: "/assets", selector: ["id", "sub=meter_reading"], scope: "assets:meter", summary: "Submit a meter reading" },
  transferAsset: { method: "POST", resource: "/assets", selector: ["id", "sub=transfer"], scope: "assets:transfer", summary: "Transfer an asset" },
  listTechnicians: { method: "GET", resource: "/technicians", selector: [], scope: "technicians:read", summary: "List technicians" },
  getTechnician: { method: "GET", resource: "/technicians", selector: ["id"], scope: "technicians:read", summary: "Get a technician" },
} as const satisfies Record<string, Endpoint>;
export type EndpointName = keyof typeof ENDPOINTS;

/** Error codes of the vendor's envelope `{success:false, error, message}`. [C] = documented, [I] = inferred. */
export const ERROR_CODES = {
  validation_failed: 400, // [C]
  invalid_status_transition: 400, // [C]
  meter_not_found: 400, // [C]
  unauthorized: 401, // [I]
  insufficient_scope: 403, // [I]
  feature_not_available: 403, // [C]
  not_found: 404, // [C]
  conflict: 409, // [I] seed 000 lists 409 as "resolve the conflict"
  payload_too_large: 413, // [I] no body limit is published; the sandbox refuses bodies over 1 MiB
  rate_limit_exceeded: 429, // [C]
  internal_error: 500, // [I]
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The endpoints each tool calls. A tool's required scopes are derived from this (never listed twice):
 * writes include the reads their safety checks need (current status, duplicate preflight, reconcile).
 */
export const TOOL_ENDPOINTS: Readonly<Record<string, readonly EndpointName[]>> = {
  search_customers: ["listCustomers"],
  get_customer: ["getCustomer", "listLocations"],
  create_customer: ["createCustomer", "listCustomers"],
  create_location: ["createLocation", "listLocations"],
  update_customer: ["updateCustomer", "getCustomer"],
  update_location: ["updateLocation", "listLocations"],
  list_jobs: ["listJobs"],
  get_job: ["getJob"],
  create_job: ["createJob", "listJobs"],
  update_job: ["updateJob", "getJob"],
  update_job_status: ["updateJobStatus", "getJob"],
  search_assets: ["listAssets"],
  get_asset: ["getAsset", "listServiceHistory"],
  create_asset: ["createAsset", "listAssets"],
  update_asset: ["updateAsset", "getAsset"],
  update_asset_status: ["updateAssetStatus", "getAsset"],
  log_asset_service: ["createServiceRecord", "getAsset", "listServiceHistory"],
  record_meter_reading: ["submitMeterReading", "getAsset"],
  transfer_asset: ["transferAsset", "getAsset"],
  list_technicians: ["listTechnicians"],
};

export function scopesForTool(tool: string): Scope[] {
  const eps = TOOL_ENDPOINTS[tool] ?? [];
  return [...new Set(eps.map((e) => ENDPOINTS[e].scope))];
}
