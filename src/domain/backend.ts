/**
 * The vendor-neutral backend interface. One implementation per vendor folder (src/vendors/<vendor>/);
 * tools only ever talk to this. Optional groups and methods are how a vendor says "I cannot do this":
 * a tool whose backend method is missing is not registered, and fsm://capabilities says why.
 */
import type { VendorRequest } from "../http/types.js";
import type { StatusMachine } from "./status-machine.js";
import type {
  Activity,
  Attachment,
  Asset,
  Customer,
  Id,
  Job,
  JobCost,
  JobRequest,
  JobTask,
  StockLevel,
  Location,
  MeterReading,
  Note,
  Page,
  ServiceRecord,
  Technician,
  Transfer,
} from "./types.js";

export type VendorName = "fsmnavigator" | "trackplanfm" | "jobnimbus";
export const VENDORS: readonly VendorName[] = ["fsmnavigator", "trackplanfm", "jobnimbus"];

/** How a vendor's ids look, so tool schemas can validate them before any call. */
export type IdKind = "integer" | "guid" | "string";

/** Per-call context threaded from the MCP request down to the HTTP request. */
export interface CallContext {
  signal?: AbortSignal;
}

export interface PageQuery extends CallContext {
  page?: number;
  perPage?: number;
}

/** A write the backend has validated and planned: what it will send (dry run, audit), and how to send it. */
export interface WriteOperation<T> {
  /** Exactly what will be sent to the vendor. */
  readonly request: VendorRequest;
  /** A one-line human summary of the change, e.g. "Create job 'Fix AC' at location 87". */
  readonly summary: string;
  /** Send it. Throws VendorError on refusal or fault. */
  run(ctx?: CallContext): Promise<WriteResult<T>>;
  /**
   * Records the planning has already read, so they exist (e.g. the site a TrackplanFM job is raised at): a
   * dry run names them as checked instead of reading them again.
   */
  readonly verified?: readonly RecordRef[];
}

/** The kinds of record a write can name by id (checked on a dry run, see src/safety/references.ts). */
export type RecordKind = "customer" | "location" | "job" | "asset" | "asset type" | "technician";

export interface RecordRef {
  kind: RecordKind;
  id: Id;
}

export interface WriteResult<T> {
  value: T;
  requestId?: string;
  /** Non-fatal remarks to pass on (e.g. "invalid asset ids are silently skipped by the vendor"). */
  warnings?: string[];
}

export interface CustomerSearch extends PageQuery {
  /** Free text over name, email or phone (FSM Navigator `search`). */
  query?: string;
  email?: string;
  phone?: string;
  createdAfter?: string;
  createdBefore?: string;
  hasLocations?: boolean;
  /** Exact region and code, for vendors whose "customers" are coded sites (TrackplanFM). */
  region?: string;
  code?: string;
}

export interface CreateCustomerInput {
  name: string;
  email?: string;
  phone?: string;
  company?: string;
  firstName?: string;
  lastName?: string;
  /** Contact workflow and status for vendors with account-defined customer workflows (JobNimbus). */
  workflow?: string;
  status?: string;
  /** The customer's own address, for vendors whose jobs take the customer's address (profile.jobSite "address"). */
  address?: AddressInput;
  /** Who sells to them and where the lead came from (profile.leadSources). */
  salesRepId?: Id;
  leadSource?: string;
}

export interface CreateLocationInput {
  customerId: Id;
  name: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  contactEmail?: string;
  notes?: string;
}

export interface UpdateCustomerInput {
  name?: string;
  email?: string;
  phone?: string;
  /** Vendors whose customers carry an address and a workflow status (JobNimbus contacts). */
  address?: AddressInput;
  status?: string;
}

/** Fields update_customer may offer; each vendor's profile says which (VendorProfile.customerUpdateFields). */
export type CustomerField = "name" | "email" | "phone" | "address" | "status";

export type UpdateLocationInput = Partial<Omit<CreateLocationInput, "customerId">>;

export type UpdateAssetInput = Partial<Omit<CreateAssetInput, "status">>;

export interface JobSearch extends PageQuery {
  status?: string;
  priority?: string;
  technicianId?: Id;
  locationId?: Id;
  customerId?: Id;
  createdAfter?: string;
  createdBefore?: string;
  updatedSince?: string;
  query?: string;
  /** The job's workflow, where statuses are per workflow (profile.jobWorkflows). */
  workflow?: string;
}

export interface CreateJobInput {
  title: string;
  description?: string;
  priority?: string;
  locationId?: Id;
  customerId?: Id;
  siteName?: string;
  technicianId?: Id;
  scheduledStart?: string;
  scheduledEnd?: string;
  assetIds?: Id[];
  relationshipType?: string;
  /** JobNimbus: the job's workflow, its initial status and its address (no location ids there). */
  workflow?: string;
  status?: string;
  address?: AddressInput;
  /** Who sold it and where the lead came from (profile.leadSources). */
  salesRepId?: Id;
  leadSource?: string;
}

export interface AddressInput {
  line1: string;
  line2?: string;
  city?: string;
  state?: string;
  zip?: string;
}

export interface UpdateJobInput {
  title?: string;
  description?: string;
  priority?: string;
  technicianId?: Id | null;
  scheduledStart?: string | null;
  scheduledEnd?: string | null;
  assetIds?: Id[];
  relationshipType?: string;
}

/** A task added to a job (TrackplanFM job tasks: the work one resource does on the job). */
export interface AddTaskInput {
  description: string;
  technicianId?: Id;
  durationHours?: number;
  /** When it is due, and its type where the account defines task types (profile.taskTypes). */
  dueAt?: string;
  type?: string;
}

/** Changes to a job's task (TrackplanFM "Update a Job Task"): reassign, reword, re-plan. */
export interface UpdateTaskInput {
  description?: string;
  technicianId?: Id;
  durationHours?: number;
  scheduledStart?: string;
  scheduledEnd?: string;
  /** Complete (true) or reopen (false), where tasks are ticked off rather than moved (profile.taskCompletion). */
  completed?: boolean;
  dueAt?: string;
}

/** Money on a job cost line; undefined leaves a value as it is (updates) or unset (adds). */
export interface JobCostInput {
  materials?: number;
  labour?: number;
  budget?: number;
  description?: string;
}

export interface JobRequestSearch extends PageQuery {
  /** Words of the request's text. */
  query?: string;
  status?: string;
  createdAfter?: string;
}

export interface CreateJobRequestInput {
  description: string;
  /** The site it is raised for (a location id). */
  locationId: Id;
  raisedBy?: string;
  raisedByEmail?: string;
}

export interface StockSearch extends PageQuery {
  /** Stores at this site (a location id). */
  locationId?: Id;
  /** One store (storage area). */
  storeId?: Id;
  /** Words of the item's description or its part number. */
  query?: string;
  /** Only levels at or below their minimum. */
  lowOnly?: boolean;
}

/** Stores and what they hold (TrackplanFM storage areas, stocks and stock levels). */
export interface StockApi {
  levels(q: StockSearch): Promise<Page<StockLevel>>;
}

/** The helpdesk's intake queue (TrackplanFM job requests). */
export interface JobRequestsApi {
  list(q: JobRequestSearch): Promise<Page<JobRequest>>;
  create?(input: CreateJobRequestInput): Promise<WriteOperation<JobRequest>>;
}

export interface StatusChangeInput {
  status: string;
  /** TrackplanFM: the job task a task-level target applies to. */
  taskId?: Id;
  note?: string;
}

export interface AssetSearch extends PageQuery {
  query?: string;
  status?: string;
  typeId?: Id;
  locationId?: Id;
  createdAfter?: string;
  createdBefore?: string;
}

export interface CreateAssetInput {
  name: string;
  typeId: Id;
  serialNumber?: string;
  model?: string;
  manufacturer?: string;
  purchaseDate?: string;
  purchaseCost?: number;
  status?: string;
  locationId?: Id;
  assignedTo?: Id;
  notes?: string;
}

export interface ServiceRecordInput {
  serviceType: string;
  description: string;
  serviceDate: string;
  cost?: number;
  technicianId?: Id;
  resolutionNotes?: string;
  laborHours?: number;
  isWarrantyWork?: boolean;
  warrantyClaimNumber?: string;
}

export interface MeterReadingInput {
  meterId: Id;
  value: number;
  date: string;
}

export interface TransferInput {
  toLocationId: Id;
  reason?: string;
  date?: string;
}

export interface TechnicianSearch extends PageQuery {
  status?: string;
  availability?: string;
}

/**
 * A status change the vendor's API can make, for vendors that cannot set every status of their job machine
 * (TrackplanFM: complete a job; start or complete one of its tasks). update_job_status then offers exactly
 * these values.
 */
export interface StatusTarget {
  /** The value offered in update_job_status's `status` enum. */
  readonly value: string;
  /** "job": moves the job itself; "task": moves one of its tasks (`task_id` required). */
  readonly subject: "job" | "task";
  /** The status the job (jobMachine) or the task (taskMachine) ends in. */
  readonly status: string;
  /** A few words for the tool description, e.g. "start one of the job's tasks". */
  readonly description: string;
}

/** Optional asset fields of create_asset and update_asset. */
export type AssetField = "serial_number" | "model" | "manufacturer" | "purchase_date" | "purchase_cost" | "status" | "location_id" | "assigned_to" | "notes";


/** Optional inputs of create_job beyond title, location and description. */
export type JobCreateInput = "technician" | "schedule";
/** Optional filters of list_jobs beyond status and priority (which follow jobMachine and priorities). */
export type JobFilter = "technician" | "location" | "created" | "updated" | "query";

export interface CustomersApi {
  search(q: CustomerSearch): Promise<Page<Customer>>;
  get(id: Id, opts?: CallContext & { withLocations?: boolean }): Promise<Customer>;
  create?(input: CreateCustomerInput): Promise<WriteOperation<Customer>>;
  listLocations?(customerId: Id, q?: PageQuery): Promise<Page<Location>>;
  createLocation?(input: CreateLocationInput): Promise<WriteOperation<Location>>;
  /** Plan a change to a customer's details (the customer as read); only the fields set change. */
  update?(customer: Customer, input: UpdateCustomerInput): Promise<WriteOperation<Customer>>;
  /** Plan a change to one of a customer's locations (the location as read, its customerId set). */
  updateLocation?(location: Location, input: UpdateLocationInput): Promise<WriteOperation<Location>>;
  /** One location of a customer, or undefined when the customer has none with that id (a missing customer throws). */
  findLocation?(customerId: Id, locationId: Id, ctx?: CallContext): Promise<Location | undefined>;
  /**
   * Whether a location id names a location, with reads only (a dry run checks the ids a write names): true
   * when it does, false (or a not_found) when it does not, and a string saying why when the API cannot tell.
   */
  locationExists?(id: Id, ctx?: CallContext): Promise<boolean | string>;
  /** A note on the customer itself (JobNimbus: an activity on the contact), and the customer's notes. */
  addNote?(customerId: Id, text: string): Promise<WriteOperation<Note>>;
  listNotes?(customerId: Id, q?: PageQuery): Promise<Page<Note>>;
  /** The customer's activity log, newest first. */
  listActivity?(customerId: Id, q?: PageQuery): Promise<Page<Activity>>;
  /** Open and done tasks linked to the customer (on its jobs or on it alone), soonest due first. */
  listTasks?(customerId: Id, ctx?: CallContext): Promise<JobTask[]>;
}

export interface JobsApi {
  list(q: JobSearch): Promise<Page<Job>>;
  get(id: Id, ctx?: CallContext): Promise<Job>;
  create?(input: CreateJobInput): Promise<WriteOperation<Job>>;
  update?(id: Id, input: UpdateJobInput): Promise<WriteOperation<Job>>;
  /** Plan adding a task to a job (the job as read, with its tasks). */
  addTask?(job: Job, input: AddTaskInput): Promise<WriteOperation<JobTask>>;
  /** Plan a status change. The caller has already checked the transition against `machineFor(job)`. */
  changeStatus?(job: Job, input: StatusChangeInput): Promise<WriteOperation<Job>>;
  /** The status machine that governs this job (per-workflow vendors differ per job). */
  machineFor(job: Job): StatusMachine;
  /**
   * Re-read account-defined statuses (per-workflow vendors): before refusing a status the cached workflows
   * do not know, and when a client reads the job statuses. Resolves true when something changed, so
   * `machineFor` (and the profile) may now answer differently; a failed read resolves false and changes nothing.
   */
  refreshMachines?(ctx?: CallContext): Promise<boolean>;
  addNote?(jobId: Id, text: string): Promise<WriteOperation<Note>>;
  /** Plan a change to one of the job's tasks (the job and task as read). */
  updateTask?(job: Job, task: JobTask, input: UpdateTaskInput): Promise<WriteOperation<JobTask>>;
  /** A job's cost lines (get_job shows them; add_job_cost reconciles on them). */
  listCosts?(jobId: Id, q?: PageQuery): Promise<Page<JobCost>>;
  addCost?(job: Job, input: JobCostInput): Promise<WriteOperation<JobCost>>;
  /** Plan a change to a cost line; values left undefined keep the line's current ones. */
  updateCost?(job: Job, cost: JobCost, input: JobCostInput): Promise<WriteOperation<JobCost>>;
  /** A job's notes, newest first (duplicate preflight and reconciliation of addNote). */
  listNotes?(jobId: Id, q?: PageQuery): Promise<Page<Note>>;
  /** The job's activity log, newest first (notes, status changes…). */
  listActivity?(jobId: Id, q?: PageQuery): Promise<Page<Activity>>;
  /** Files attached to the job, newest first (what they are, not their content). */
  listAttachments?(jobId: Id, q?: PageQuery): Promise<Page<Attachment>>;
}

export interface AssetsApi {
  search(q: AssetSearch): Promise<Page<Asset>>;
  get(id: Id, ctx?: CallContext): Promise<Asset>;
  serviceHistory?(id: Id, q?: PageQuery): Promise<Page<ServiceRecord>>;
  create?(input: CreateAssetInput): Promise<WriteOperation<Asset>>;
  changeStatus?(asset: Asset, status: string): Promise<WriteOperation<Asset>>;
  logService?(assetId: Id, input: ServiceRecordInput): Promise<WriteOperation<ServiceRecord>>;
  recordMeterReading?(assetId: Id, input: MeterReadingInput): Promise<WriteOperation<MeterReading>>;
  transfer?(assetId: Id, input: TransferInput): Promise<WriteOperation<Transfer>>;
  /** Plan a change to an asset's details (the asset as read); status has its own tool. */
  update?(asset: Asset, input: UpdateAssetInput): Promise<WriteOperation<Asset>>;
}

export interface TechniciansApi {
  list(q: TechnicianSearch): Promise<Page<Technician>>;
  /** One technician by id (a 404 or not_found when there is none); absent, `list` is searched instead. */
  get?(id: Id, ctx?: CallContext): Promise<Technician>;
}

/**
 * A workflow of account-defined statuses (JobNimbus): its name, its active statuses in the account's order
 * (the first is where a new record starts unless told otherwise) and which of those close a record.
 */
export interface Workflow {
  name: string;
  statuses: readonly string[];
  closed: readonly string[];
}

/** Static facts a vendor publishes to the tool layer: enums, machines, scopes, wording. */
export interface VendorProfile {
  vendor: VendorName;
  displayName: string;
  /** True when the backend is the built-in simulator. */
  sandbox: boolean;
  idKind: IdKind;
  /** What this vendor calls a customer ("customer", "site", "contact"), for descriptions. */
  customerNoun: string;
  jobMachine?: StatusMachine;
  assetMachine?: StatusMachine;
  priorities?: readonly string[];
  defaultPriority?: string;
  serviceTypes?: readonly string[];
  relationshipTypes?: readonly string[];
  assetCreateStatuses?: readonly string[];
  technicianStatuses?: readonly string[];
  availabilityStatuses?: readonly string[];
  /*
   * Optional refinements for vendors whose API differs in shape (TrackplanFM). Each defaults to FSM Navigator's
   * behaviour when absent, so tools branch on these fields, never on vendor names.
   */
  /** Status machine of a job's tasks, when jobs have tasks the API can move. */
  taskMachine?: StatusMachine;
  /** Tasks are ticked off and reopened (update_job_task `completed`) rather than moved by update_job_status (JobNimbus). */
  taskCompletion?: boolean;
  /** The account's task types (JobNimbus: Inspection, Adjuster Meeting, Install Day…); add_job_task offers them. */
  taskTypes?: readonly string[];
  /** The account's lead sources; create_customer and create_job then take sales_rep_id and lead_source. */
  leadSources?: readonly string[];
  /** The fields update_customer offers for this vendor; absent or empty: the tool is not offered. */
  customerUpdateFields?: readonly CustomerField[];
  /** When set, update_job_status offers exactly these targets (with `task_id` and `note`) instead of every jobMachine status. */
  jobStatusTargets?: readonly StatusTarget[];
  /** Optional create_job inputs the vendor accepts; absent: all of them. */
  jobCreateInputs?: readonly JobCreateInput[];
  /** list_jobs filters the vendor supports; absent: all of them but "query" (offered only where listed). */
  jobFilters?: readonly JobFilter[];
  /** How search_customers searches: what `query` matches, what results carry, extra exact filters. Absent: name, email or phone. */
  customerSearch?: {
    readonly by: string;
    readonly returns: string;
    readonly filters?: readonly ("region" | "code")[];
    /** The shape of a code, when the vendor's codes are not free text (TrackplanFM's are integers), and it in words. */
    readonly code?: { readonly pattern: RegExp; readonly hint: string };
  };
  /** What list_jobs' `query` matches, when the vendor's job list can be searched by text; absent: no `query`. */
  jobSearchBy?: string;
  /** What search_assets' `query` matches. Absent: "words of its name, its tag or serial number". */
  assetSearchBy?: string;
  /** Id shape of asset types when it differs from record ids (TrackplanFM asset classes are integers). */
  assetTypeIdKind?: IdKind;
  /** Max page size the vendor accepts. */
  maxPageSize: number;
  /** Scope model, when the vendor has one (FSM Navigator). */
  scopes?: {
    catalog: readonly string[];
    descriptions: Readonly<Record<string, string>>;
    /** Scope each backend operation needs, keyed by tool name. */
    byTool: Readonly<Record<string, readonly string[]>>;
  };
  /**
   * The account defines job statuses beyond jobMachine's (TrackplanFM documents none): status arguments take any
   * text rather than an enum, and jobMachine lists those seen so far on the account's records.
   */
  openJobStatuses?: boolean;
  /** job_id also takes the job's number (TrackplanFM jobNumber: "job 24003"). */
  jobNumberIds?: boolean;
  /** Optional create_asset / update_asset fields the vendor's bodies take; absent: all of them. */
  assetFields?: readonly AssetField[];
  /** Of those, the ones create_asset requires. */
  assetRequired?: readonly AssetField[];
  /** The shape the vendor stores phone numbers in, when it refuses others (FSM Navigator: E.164), and it in words. */
  phoneFormat?: { readonly pattern: RegExp; readonly hint: string };
  /** Tools the vendor cannot serve, and why (shown in fsm://capabilities). */
  unsupported: Readonly<Record<string, string>>;
  /** Per-tool extra wording for this vendor, appended to descriptions (e.g. "searches sites"). */
  toolNotes?: Readonly<Record<string, string>>;
  /**
   * Where a job takes place. "location" (default): at a customer location (tools take location_id).
   * "address": jobs belong to the customer directly and carry their own address (tools take customer_id
   * and an address; there are no location ids).
   */
  jobSite?: "location" | "address";
  /**
   * Job workflows, when statuses are defined per workflow by the account (JobNimbus). `jobMachine` is then
   * the union of their statuses, and `jobs.machineFor(job)` the machine of the job's own workflow.
   */
  jobWorkflows?: readonly Workflow[];
  /** Customer (contact) workflows, when customers carry an account-defined workflow status (JobNimbus). */
  customerWorkflows?: readonly Workflow[];
  /**
   * What the vendor does with job asset_ids that match no asset: absent, it refuses the write; "skipped", it
   * drops them silently and links the rest (FSM Navigator, seed 001).
   */
  unknownAssetIds?: "skipped";
}

export interface Backend {
  readonly profile: VendorProfile;
  readonly customers?: CustomersApi;
  readonly jobs?: JobsApi;
  readonly assets?: AssetsApi;
  readonly technicians?: TechniciansApi;
  readonly jobRequests?: JobRequestsApi;
  readonly stock?: StockApi;
  /**
   * Vendors whose profile follows the account while the server runs (JobNimbus workflows): `listener` gets
   * the new profile each time it changes (the operations may have changed with it); returns the unsubscribe.
   * Absent: the profile is fixed for the life of the process, and the server does no work to follow it.
   */
  watchProfile?(listener: (profile: VendorProfile) => void): () => void;
  /**
   * Vendors whose startup reads the account (JobNimbus): the key's refusal while it stands (the server starts
   * anyway and every call answers with it), undefined once the key works. Checks the key again first.
   */
  keyProblem?(): Promise<KeyProblem | undefined>;
  /**
   * Read the account's settings again now (with watchProfile): another replica saw them change (team mode,
   * src/state/redis/settings-bus.ts). Resolves true when the profile changed.
   */
  refreshProfile?(why: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A refused credential: the vendor's status and words, and how to fix it. */
export interface KeyProblem {
  status: number;
  error: string;
  fix: string;
}
