/**
 * One handler per endpoint of facts.ENDPOINTS (the `satisfies` below makes a missing one a compile error).
 * Handlers validate what they read, refuse with problem details, write the store and answer what the seed
 * says each endpoint answers: `{count, data}` pages, records, bare GUID strings, or nothing.
 *
 * [I] Business rules the seed does not state, chosen to match the vendor's knowledge base and kept in one
 * place: a job starts Logged; its status follows its tasks (Instructed when a resource is instructed, In
 * Progress once a task starts, Resource Confirmed Complete when every task is complete) until it is completed
 * through the API; closed jobs take no task changes; a Requires Auth job takes no task until authorised.
 */
import { randomUUID } from "node:crypto";
import {
  CLOSED_JOB_STATUSES,
  FIELDS,
  JOB_MACHINE,
  OPEN_JOB_STATUSES,
  READ_ALIASES,
  TASK_MACHINE,
  TEXT_MAX_LENGTH,
  jobAcceptsTaskChanges,
  type EndpointName,
  type FieldType,
  type JobStatus,
  type Resource,
} from "../../vendors/trackplanfm/facts.js";
import type { SandboxClock } from "../common/clock.js";
import { isIsoDateTime } from "../common/validate.js";
import type { Principal, SandboxAuth } from "./auth.js";
import { invalid, notFound, Problem } from "./problems.js";
import { listAnswer } from "./query.js";
import type { TrackplanfmStore } from "./store.js";
import { fullRecord, type JobRecord, type JobTaskRecord, type RecordOf } from "./types.js";

type Obj = Record<string, unknown>;

export interface HandlerContext {
  store: TrackplanfmStore;
  clock: SandboxClock;
  auth: SandboxAuth;
  /** undefined only for the login endpoint. */
  principal?: Principal;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body, already checked to be an object ({} when empty). */
  body(): Promise<Obj>;
  maxPageSize: number;
}

export interface Answer {
  status: number;
  json?: unknown;
}

export type Handler = (ctx: HandlerContext) => Answer | Promise<Answer>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ok = (json: unknown): Answer => ({ status: 200, json });
const created = (guid: string): Answer => ({ status: 201, json: guid });
const noContent: Answer = { status: 204 };

/* ---------- Body checks ---------- */

interface FieldRules {
  required?: readonly string[];
  /** Server-generated fields: ignored when sent. */
  ignore?: readonly string[];
  /** Body name → record field, for bodies that spell a field differently (`duration` → durationInHours). */
  rename?: Readonly<Record<string, string>>;
  /** Extra body fields that are not record fields, with their types. */
  extra?: Readonly<Record<string, FieldType>>;
}

/** The known fields of `body`, type-checked against facts.FIELDS; unknown fields are ignored (as ASP.NET does). */
function readFields<R extends Resource>(resource: R, body: Obj, rules: FieldRules = {}): Partial<RecordOf<R>> & Obj {
  const types: Record<string, FieldType> = { ...FIELDS[resource], ...rules.extra };
  const errors: Record<string, string[]> = {};
  const out: Obj = {};
  for (const field of rules.required ?? []) {
    const v = body[field];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) errors[field] = [`The ${field} field is required.`];
  }
  for (const [name, value] of Object.entries(body)) {
    const type = types[name];
    if (type === undefined || rules.ignore?.includes(name) || errors[name]) continue;
    if (value === null) {
      out[rules.rename?.[name] ?? name] = null;
      continue;
    }
    const problem = typeProblem(type, value);
    if (problem) errors[name] = [`The value for ${name} ${problem}.`];
    else out[rules.rename?.[name] ?? name] = type === "guid" ? String(value).toLowerCase() : value;
  }
  if (Object.keys(errors).length) throw new Problem(400, undefined, errors);
  return out as Partial<RecordOf<R>> & Obj;
}

function typeProblem(type: FieldType, v: unknown): string | undefined {
  switch (type) {
    case "int":
      return typeof v === "number" && Number.isSafeInteger(v) ? undefined : "must be an integer";
    case "number":
      return typeof v === "number" && Number.isFinite(v) ? undefined : "must be a number";
    case "bool":
      return typeof v === "boolean" ? undefined : "must be true or false";
    case "string":
      return typeof v === "string" ? (v.length > TEXT_MAX_LENGTH ? `must be at most ${TEXT_MAX_LENGTH} characters` : undefined) : "must be a string";
    case "date":
      return typeof v === "string" && (isIsoDateTime(v) || /^\d{4}-\d{2}-\d{2}$/.test(v)) ? undefined : "must be an ISO 8601 date-time, e.g. 2025-04-08T12:00:00Z";
    case "guid":
      return typeof v === "string" && GUID.test(v) ? undefined : "must be a GUID";
  }
}

function nonNegative(values: Obj, fields: readonly string[]): void {
  const errors: Record<string, string[]> = {};
  for (const f of fields) if (typeof values[f] === "number" && (values[f] as number) < 0) errors[f] = [`${f} must not be negative.`];
  if (Object.keys(errors).length) throw new Problem(400, undefined, errors);
}

/* ---------- Lookups ---------- */

function must<R extends Resource>(ctx: HandlerContext, resource: R, param: string, what: string): RecordOf<R> {
  const guid = ctx.params[param]!;
  const record = ctx.store.get(resource, guid);
  if (!record) throw notFound(what, guid);
  return record;
}

function list<R extends Resource>(ctx: HandlerContext, resource: R, records: Iterable<RecordOf<R>> = ctx.store.all(resource)): Answer {
  return ok(listAnswer(records as Iterable<Record<string, unknown>>, ctx.query, FIELDS[resource], ctx.maxPageSize));
}

function newGuid(): string {
  return randomUUID();
}

/* ---------- Jobs and tasks ---------- */

const isOpen = (status: string | null) => (OPEN_JOB_STATUSES as readonly string[]).includes(status ?? "");
/** Closed: the account's own statuses (e.g. "Awaiting Parts") are open, and a job in one can be completed. */
const isClosed = (status: string | null) => (CLOSED_JOB_STATUSES as readonly string[]).includes(status ?? "");

/** [I] An open job's status follows its tasks (see the module comment). */
export function syncJobStatus(store: TrackplanfmStore, job: JobRecord): void {
  if (!isOpen(job.jobStatus) || job.jobStatus === "Requires Auth") return;
  const tasks = store.tasksOf(job);
  let status: JobStatus;
  if (!tasks.length) status = "Logged";
  else if (tasks.every((t) => t.taskStatus === "Completed")) status = "Resource Confirmed Complete";
  else if (tasks.some((t) => t.taskStatus !== "Not Started")) status = "In Progress";
  else status = "Instructed";
  job.jobStatus = status;
}

function jobOfTask(ctx: HandlerContext, task: JobTaskRecord): JobRecord {
  const job = task.jobGuid ? ctx.store.get("jobs", task.jobGuid) : undefined;
  if (!job) throw new Problem(500, "task has no job");
  if (!jobAcceptsTaskChanges(job.jobStatus ?? "")) {
    throw invalid("jobTaskGuid", `Job ${job.jobNumber} is ${job.jobStatus}; its tasks can no longer change.`);
  }
  return job;
}

/** The task may move to `to` (facts.TASK_MACHINE), else 400 naming its status. */
function checkTaskMove(task: JobTaskRecord, to: "Started" | "Completed"): void {
  const from = task.taskStatus ?? "Not Started";
  const allowed = TASK_MACHINE.transitions?.[from as keyof typeof TASK_MACHINE.transitions] ?? [];
  if (!(allowed as readonly string[]).includes(to)) {
    throw invalid("taskStatus", `Task ${task.taskNumber} is ${from}; it cannot be ${to === "Started" ? "started" : "completed"}.`);
  }
}

function dateOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

/** The guide spells a storage area's siteId `siteld` and `sitelid` in three of its four bodies: all are taken. */
const STORAGE_SITE_ALIASES: Pick<FieldRules, "rename" | "extra"> = {
  rename: Object.fromEntries(READ_ALIASES.storageSiteId.filter((n) => n !== "siteId").map((n) => [n, "siteId"])),
  extra: Object.fromEntries(READ_ALIASES.storageSiteId.filter((n) => n !== "siteId").map((n) => [n, "int" as const])),
};

/* ---------- Handlers ---------- */

export const HANDLERS = {
  async login(ctx) {
    const body = await ctx.body();
    const errors: Record<string, string[]> = {};
    for (const f of ["username", "password"]) if (typeof body[f] !== "string" || (body[f] as string) === "") errors[f] = [`The ${f} field is required.`];
    if (Object.keys(errors).length) throw new Problem(400, undefined, errors);
    return ok({ token: ctx.auth.login(body.username, body.password) });
  },

  listJobRequests: (ctx) => list(ctx, "jobRequests"),
  async createJobRequest(ctx) {
    const body = await ctx.body();
    // The create body says `description` (§2.2.2), the list answer `details` (§2.2.1): either is taken. [I]
    const v = readFields("jobRequests", body, { required: body.details === undefined ? ["description"] : ["details"], ignore: ["guid", "jobRequestNumber", "requestStatus", "createdDate"], extra: { description: "string" } });
    const record = ctx.store.put(
      "jobRequests",
      fullRecord("jobRequests", {
        guid: newGuid(),
        jobRequestNumber: ctx.store.next("jobRequestNumber"),
        details: String(v.description ?? v.details).trim(),
        requestStatus: "New",
        raisedBy: v.raisedBy ?? ctx.principal?.name ?? null,
        raisedByEmail: v.raisedByEmail ?? ctx.principal?.email ?? null,
        site: v.site ?? null,
        createdDate: ctx.clock.tick(),
      }),
    );
    return created(record.guid);
  },

  listJobs: (ctx) => list(ctx, "jobs"),
  getJob: (ctx) => ok(structuredClone(must(ctx, "jobs", "jobGuid", "job"))),
  async createJob(ctx) {
    const v = readFields("jobs", await ctx.body(), { required: ["jobDetails", "siteId"], ignore: ["guid", "jobId", "jobNumber", "jobStatus", "createdDate", "completedDate", "completedNote"] });
    const site = ctx.store.siteById(v.siteId as number);
    if (!site) throw invalid("siteId", `No site has siteId ${v.siteId}.`);
    const record = ctx.store.put(
      "jobs",
      fullRecord("jobs", {
        guid: newGuid(),
        jobId: ctx.store.next("jobId"),
        jobNumber: ctx.store.next("jobNumber"),
        jobDetails: String(v.jobDetails).trim(),
        jobStatus: JOB_MACHINE.statuses[0],
        siteId: site.siteId,
        // The site's own name wins over a siteName the client sent. [I]
        siteName: site.name,
        raisedBy: v.raisedBy ?? ctx.principal?.name ?? null,
        reportedBy: v.reportedBy ?? ctx.principal?.email ?? null,
        jobType: v.jobType ?? "Reactive",
        createdDate: ctx.clock.tick(),
      }),
    );
    return created(record.guid);
  },
  async completeJob(ctx) {
    const job = must(ctx, "jobs", "jobGuid", "job");
    const v = readFields("jobs", await ctx.body(), { ignore: ["guid", "jobNumber", "jobStatus", "jobDetails", "siteId", "siteName", "createdDate", "completedDate"] });
    if (v.jobId !== undefined && v.jobId !== null && v.jobId !== job.jobId) throw invalid("jobId", `jobId ${v.jobId} does not match job ${job.jobNumber} (jobId ${job.jobId}).`);
    if (isClosed(job.jobStatus)) throw invalid("jobGuid", `Job ${job.jobNumber} is already ${job.jobStatus}.`);
    job.jobStatus = "Completed";
    job.completedDate = ctx.clock.tick();
    job.completedNote = typeof v.completedNote === "string" ? v.completedNote : null;
    job.completedByUserId = typeof v.completedByUserId === "number" ? v.completedByUserId : null;
    return ok(job.guid);
  },

  listJobCosts(ctx) {
    const job = must(ctx, "jobs", "jobGuid", "job");
    return list(ctx, "jobCosts", ctx.store.all("jobCosts").filter((c) => c.jobGuid?.toLowerCase() === job.guid.toLowerCase()));
  },
  async createJobCost(ctx) {
    const job = must(ctx, "jobs", "jobGuid", "job");
    const v = readFields("jobCosts", await ctx.body(), { ignore: ["guid", "jobGuid", "jobNumber", "jobDetails", "invoiceNo", "invoiceDate"] });
    nonNegative(v, ["costMaterials", "costLabour", "budget"]);
    if (!["costMaterials", "costLabour", "budget", "costDescription"].some((f) => v[f] !== undefined && v[f] !== null)) {
      throw invalid("costDescription", "Send at least one of costMaterials, costLabour, budget, costDescription.");
    }
    const record = ctx.store.put(
      "jobCosts",
      fullRecord("jobCosts", { ...v, guid: newGuid(), jobGuid: job.guid, jobNumber: job.jobNumber, jobDetails: job.jobDetails }),
    );
    return created(record.guid);
  },
  async updateJobCost(ctx) {
    const cost = must(ctx, "jobCosts", "jobCostGuid", "job cost");
    const v = readFields("jobCosts", await ctx.body(), { ignore: ["guid", "jobGuid", "jobNumber", "jobDetails"] });
    nonNegative(v, ["costMaterials", "costLabour", "budget"]);
    Object.assign(cost, v);
    return ok(cost.guid);
  },

  listJobTasks: (ctx) => list(ctx, "jobTasks"),
  getJobTask: (ctx) => ok(structuredClone(must(ctx, "jobTasks", "jobTaskGuid", "job task"))),
  async createJobTask(ctx) {
    const v = readFields("jobTasks", await ctx.body(), {
      required: ["jobGuid", "description"],
      ignore: ["guid", "taskId", "taskNumber", "jobNumber", "taskStatus", "resourceName", "startDate", "completedDate", "completeNote"],
    });
    const job = ctx.store.get("jobs", String(v.jobGuid));
    if (!job) throw invalid("jobGuid", `No job has id ${v.jobGuid}.`);
    if (!jobAcceptsTaskChanges(job.jobStatus ?? "")) throw invalid("jobGuid", `Job ${job.jobNumber} is ${job.jobStatus}; tasks cannot be added.`);
    if (job.jobStatus === "Requires Auth") throw invalid("jobGuid", `Job ${job.jobNumber} requires authorisation before a resource can be instructed.`);
    nonNegative(v, ["durationInHours"]);
    let resourceName: string | null = null;
    if (v.resourceId !== undefined && v.resourceId !== null) {
      const resource = ctx.store.all("resources").find((r) => r.resourceId === v.resourceId);
      if (!resource) throw invalid("resourceId", `No resource has resourceId ${v.resourceId}.`);
      resourceName = resource.name;
    }
    const record = ctx.store.put(
      "jobTasks",
      fullRecord("jobTasks", {
        ...v,
        guid: newGuid(),
        taskId: ctx.store.next("taskId"),
        taskNumber: `${job.jobNumber}/${ctx.store.tasksOf(job).length + 1}`,
        jobNumber: job.jobNumber,
        jobGuid: job.guid,
        description: String(v.description).trim(),
        taskStatus: TASK_MACHINE.statuses[0],
        resourceName,
      }),
    );
    syncJobStatus(ctx.store, job);
    return created(record.guid);
  },
  async startJobTask(ctx) {
    const task = must(ctx, "jobTasks", "jobTaskGuid", "job task");
    const v = readFields("jobTasks", await ctx.body(), { ignore: ["guid"] });
    const job = jobOfTask(ctx, task);
    checkTaskMove(task, "Started");
    task.taskStatus = "Started";
    task.startDate = dateOr(v.startDate, ctx.clock.tick());
    syncJobStatus(ctx.store, job);
    return noContent;
  },
  async completeJobTask(ctx) {
    const task = must(ctx, "jobTasks", "jobTaskGuid", "job task");
    // The seed's body spells the note `completNote`; `completeNote` is accepted too. [I]
    const v = readFields("jobTasks", await ctx.body(), { ignore: ["guid"], extra: { completeDate: "date", completNote: "string" } });
    const job = jobOfTask(ctx, task);
    checkTaskMove(task, "Completed");
    const at = dateOr(v.completeDate, ctx.clock.tick());
    task.taskStatus = "Completed";
    task.startDate ??= at;
    task.completedDate = at;
    task.completeNote = (v.completNote as string | undefined) ?? (v.completeNote as string | undefined) ?? null;
    syncJobStatus(ctx.store, job);
    return noContent;
  },
  async updateJobTask(ctx) {
    const task = must(ctx, "jobTasks", "jobTaskGuid", "job task");
    // The update body's spellings (assignedToUserName, duration) and the create body's (assignedUserName,
    // durationInHours) are both taken. [I] resourceId (a create-body field) reassigns the task's resource, and so
    // does an assignee name that is a resource's name.
    const v = readFields("jobTasks", await ctx.body(), {
      rename: { assignedToUserName: "assignedUserName", duration: "durationInHours" },
      extra: { assignedToUserName: "string", duration: "number" },
      ignore: ["guid", "taskId", "taskNumber", "jobNumber", "jobGuid", "taskStatus", "resourceName", "assignedToUserId", "completeNote"],
    });
    if (typeof v.description === "string" && v.description.trim() === "") throw invalid("description", "The description field must not be empty.");
    nonNegative(v, ["durationInHours"]);
    jobOfTask(ctx, task);
    const resources = ctx.store.all("resources");
    const resource =
      typeof v.resourceId === "number"
        ? resources.find((r) => r.resourceId === v.resourceId)
        : typeof v.assignedUserName === "string"
          ? resources.find((r) => r.name?.toLowerCase() === String(v.assignedUserName).trim().toLowerCase())
          : undefined;
    if (typeof v.resourceId === "number" && !resource) throw invalid("resourceId", `No resource has resourceId ${v.resourceId}.`);
    Object.assign(task, v);
    if (resource) {
      task.resourceId = resource.resourceId;
      task.resourceName = resource.name;
      task.assignedUserName = resource.name;
    } else if (typeof v.assignedUserName === "string") {
      task.resourceId = null;
      task.resourceName = null;
    }
    return noContent;
  },

  listAssets: (ctx) => list(ctx, "assets"),
  getAsset: (ctx) => ok(structuredClone(must(ctx, "assets", "assetGuid", "asset"))),
  async createAsset(ctx) {
    const v = readFields("assets", await ctx.body(), { required: ["description", "assetClassId"], ignore: ["guid", "assetId", "siteName"] });
    const site = v.siteId === undefined || v.siteId === null ? undefined : ctx.store.siteById(v.siteId);
    if (v.siteId !== undefined && v.siteId !== null && !site) throw invalid("siteId", `No site has siteId ${v.siteId}.`);
    const record = ctx.store.put("assets", fullRecord("assets", { ...v, guid: newGuid(), assetId: ctx.store.next("assetId"), siteName: site?.name ?? null }));
    return created(record.guid);
  },
  async updateAsset(ctx) {
    const asset = must(ctx, "assets", "assetGuid", "asset");
    const v = readFields("assets", await ctx.body(), { ignore: ["guid", "assetId", "siteName"] });
    if (v.siteId !== undefined && v.siteId !== null) {
      const site = ctx.store.siteById(v.siteId);
      if (!site) throw invalid("siteId", `No site has siteId ${v.siteId}.`);
      asset.siteName = site.name;
    }
    Object.assign(asset, v);
    return ok(asset.guid);
  },
  deleteAsset(ctx) {
    const asset = must(ctx, "assets", "assetGuid", "asset");
    ctx.store.delete("assets", asset.guid);
    return noContent;
  },

  listSites: (ctx) => list(ctx, "sites"),
  getSite: (ctx) => ok(structuredClone(must(ctx, "sites", "siteGuid", "site"))),
  async createSite(ctx) {
    const v = readFields("sites", await ctx.body(), { required: ["name"], ignore: ["guid", "siteId"] });
    if (v.code !== undefined && v.code !== null && ctx.store.all("sites").some((s) => s.code === v.code)) throw invalid("code", `Site code ${v.code} is already in use.`);
    const record = ctx.store.put("sites", fullRecord("sites", { ...v, guid: newGuid(), siteId: ctx.store.next("siteId") }));
    return created(record.guid);
  },
  async updateSite(ctx) {
    const site = must(ctx, "sites", "siteGuid", "site");
    const v = readFields("sites", await ctx.body(), { ignore: ["guid", "siteId"] });
    if (typeof v.name === "string" && v.name.trim() === "") throw invalid("name", "The name field must not be empty.");
    if (v.code !== undefined && v.code !== null && ctx.store.all("sites").some((s) => s.code === v.code && s.guid !== site.guid)) throw invalid("code", `Site code ${v.code} is already in use.`);
    Object.assign(site, v);
    return ok(structuredClone(site));
  },

  listResources: (ctx) => list(ctx, "resources"),
  getResource: (ctx) => ok(structuredClone(must(ctx, "resources", "resourceGuid", "resource"))),
  async createResource(ctx) {
    const v = readFields("resources", await ctx.body(), { required: ["name"], ignore: ["guid", "resourceId"] });
    const record = ctx.store.put("resources", fullRecord("resources", { ...v, guid: newGuid(), resourceId: ctx.store.next("resourceId") }));
    return created(record.guid);
  },
  async updateResource(ctx) {
    const resource = must(ctx, "resources", "resourceGuid", "resource");
    const v = readFields("resources", await ctx.body(), { ignore: ["guid", "resourceId"] });
    if (typeof v.name === "string" && v.name.trim() === "") throw invalid("name", "The name field must not be empty.");
    Object.assign(resource, v);
    return ok(resource.guid);
  },

  listStorageAreas: (ctx) => list(ctx, "storageAreas"),
  getStorageArea: (ctx) => ok(structuredClone(must(ctx, "storageAreas", "guid", "storage area"))),
  async createStorageArea(ctx) {
    const v = readFields("storageAreas", await ctx.body(), { required: ["storageName"], ignore: ["guid", "storageId"], ...STORAGE_SITE_ALIASES });
    if (v.siteId !== undefined && v.siteId !== null && !ctx.store.siteById(v.siteId)) throw invalid("siteId", `No site has siteId ${v.siteId}.`);
    const record = ctx.store.put("storageAreas", fullRecord("storageAreas", { ...v, guid: newGuid(), storageId: ctx.store.next("storageId") }));
    return created(record.guid);
  },
  async updateStorageArea(ctx) {
    const area = must(ctx, "storageAreas", "guid", "storage area");
    const v = readFields("storageAreas", await ctx.body(), { ignore: ["guid", "storageId"], ...STORAGE_SITE_ALIASES });
    if (v.siteId !== undefined && v.siteId !== null && !ctx.store.siteById(v.siteId)) throw invalid("siteId", `No site has siteId ${v.siteId}.`);
    Object.assign(area, v);
    return ok(area.guid);
  },

  listStocks: (ctx) => list(ctx, "stocks"),
  getStock: (ctx) => ok(structuredClone(must(ctx, "stocks", "guid", "stock"))),
  async createStock(ctx) {
    // The seed's create body carries guid and stockId: the server assigns both. [I]
    const v = readFields("stocks", await ctx.body(), { required: ["stockTypeId"], ignore: ["guid", "stockId"] });
    nonNegative(v, ["unitCost"]);
    const record = ctx.store.put("stocks", fullRecord("stocks", { ...v, guid: newGuid(), stockId: ctx.store.next("stockId") }));
    return created(record.guid);
  },
  async updateStock(ctx) {
    const stock = must(ctx, "stocks", "guid", "stock");
    const v = readFields("stocks", await ctx.body(), { ignore: ["guid", "stockId"] });
    nonNegative(v, ["unitCost"]);
    Object.assign(stock, v);
    return ok(stock.guid);
  },

  listStockLevels: (ctx) => list(ctx, "stockLevels"),
  getStockLevel: (ctx) => ok(structuredClone(must(ctx, "stockLevels", "guid", "stock level"))),
  async upsertStockLevel(ctx) {
    const v = readFields("stockLevels", await ctx.body(), { required: ["stockId", "storageId"], ignore: ["guid"] });
    if (!ctx.store.all("stocks").some((s) => s.stockId === v.stockId)) throw invalid("stockId", `No stock has stockId ${v.stockId}.`);
    if (!ctx.store.all("storageAreas").some((s) => s.storageId === v.storageId)) throw invalid("storageId", `No storage area has storageId ${v.storageId}.`);
    nonNegative(v, ["quantity", "minimumLevel"]);
    const levels = ctx.store.all("stockLevels");
    const existing =
      (typeof v.stockLevelId === "string" ? levels.find((l) => l.stockLevelId === v.stockLevelId) : undefined) ??
      levels.find((l) => l.stockId === v.stockId && l.storageId === v.storageId);
    if (existing) {
      Object.assign(existing, v, { stockLevelId: existing.stockLevelId });
      return ok(existing.guid);
    }
    const record = ctx.store.put(
      "stockLevels",
      fullRecord("stockLevels", { ...v, guid: newGuid(), stockLevelId: (v.stockLevelId as string | undefined) ?? `SL-${String(ctx.store.next("stockLevel")).padStart(4, "0")}` }),
    );
    return ok(record.guid);
  },
} satisfies Record<EndpointName, Handler>;
