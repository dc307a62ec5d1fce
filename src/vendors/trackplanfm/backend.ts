/**
 * TrackplanFM behind the vendor-neutral Backend: the profile the tools are generated from, and the mapping
 * of tool operations onto the API (shared/vendors/trackplanfm.md, "Mapping to our tools"):
 * - a site plays the customer and location roles (there is no customer object, and no locations endpoint);
 * - jobs are created at a site and completed; their tasks are added, started and completed;
 * - resources are the technicians; assets are searched and read.
 * Everything else the catalogue offers is listed in `unsupported` with the reason.
 */
import type {
  AddTaskInput,
  AssetSearch,
  Backend,
  CallContext,
  CreateAssetInput,
  CreateJobInput,
  CreateJobRequestInput,
  JobCostInput,
  StatusChangeInput,
  StockSearch,
  UpdateAssetInput,
  UpdateTaskInput,
  VendorProfile,
  WriteOperation,
} from "../../domain/backend.js";
import { IncompleteRecordError, InvalidArgumentError, NotFoundError } from "../../domain/errors.js";
import { withVerified } from "../../domain/write-operation.js";
import type { Asset, Id, Job, JobCost, JobTask, Page, StockLevel } from "../../domain/types.js";
import { HttpClient } from "../../http/client.js";
import { isVendorError } from "../../http/errors.js";
import type { AuthProvider, HttpClientOptions } from "../../http/types.js";
import { apiKeyAuth, JwtAuth } from "./auth.js";
import { TrackplanfmClient, type JobCostBody, type Prepared } from "./client.js";
import * as facts from "./facts.js";
import { filterFor, orderByFor } from "./filter.js";
import {
  firstOf,
  intField,
  jobDetailsOf,
  num,
  str,
  toAsset,
  toJob,
  toJobCost,
  toJobRequest,
  toSiteCustomer,
  toTask,
  toTechnician,
  trackplanfmDialect,
  type Obj,
} from "./normalize.js";

export interface TrackplanfmBackendOptions extends Omit<HttpClientOptions, "baseUrl" | "dialect" | "auth"> {
  /** The customer's server, e.g. https://yourcompany.trackplanfm.com, or the sandbox's http://127.0.0.1:PORT. */
  origin: string;
  /** API-key mode (TP-…); takes precedence over username/password. */
  apiKey?: string;
  /** [I] Header for the API key (default X-API-Key; "Authorization" sends `Bearer TP-…`). */
  apiKeyHeader?: string;
  /** JWT mode. */
  username?: string;
  password?: string;
  sandbox?: boolean;
  /** [I] Largest pageSize sent (default facts.PAGE_SIZE_MAX). */
  pageSizeMax?: number;
}

export const UNSUPPORTED: Readonly<Record<string, string>> = {
  create_customer:
    "TrackplanFM has no customer records: sites play that role, and creating a site (POST /api/sites) is account set-up whose required fields beyond name, code and region the integration guide does not give.",
  create_location: "the API has no locations below sites (the application's locations and sub-locations have no endpoint in the integration guide).",
  update_customer:
    "sites play the customer role, and correcting a site (PUT /api/sites/{siteGuid}) is account set-up whose body the integration guide elides beyond name, code and region.",
  update_location: "the API has no locations below sites (a site is its own single location).",
  update_job: "the API has no job update endpoint: jobs are created and completed only.",
  log_asset_service:
    "the API keeps no asset service records, and neither jobs nor job tasks can reference an asset in the documented bodies, so a service visit cannot be recorded against an asset. Raise a job at the asset's site (create_job) and record the work as a task (add_job_task).",
  update_asset_status: "assets have no status in the integration guide.",
  record_meter_reading: "the API has no meters or readings.",
  transfer_asset: "the API has no transfer endpoint: an asset's site is set when it is created (create_asset).",
};

/** Job numbers as job_id (profile.jobNumberIds): a whole number, or its digits as text. */
function jobNumberOf(id: Id): number | undefined {
  if (typeof id === "number") return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  return /^[1-9]\d{0,14}$/.test(id.trim()) ? Number(id.trim()) : undefined;
}

const UNATTRIBUTED =
  "Sent without completedByUserId: the logged-in user is not known (an API key names no user, or the login token carries no user id claim), so TrackplanFM records no sign-off user.";

/** Most records one merged asset search reads per field (description, serial number, tag). */
const ASSET_SEARCH_CAP = 500;

export function trackplanfmProfile(sandbox: boolean, pageSizeMax = facts.PAGE_SIZE_MAX, jobMachine = facts.JOB_MACHINE as VendorProfile["jobMachine"]): VendorProfile {
  return {
    vendor: facts.VENDOR,
    displayName: facts.DISPLAY_NAME,
    sandbox,
    idKind: "guid",
    customerNoun: "site",
    jobMachine,
    openJobStatuses: true,
    jobNumberIds: true,
    taskMachine: facts.TASK_MACHINE,
    jobStatusTargets: facts.STATUS_TARGETS,
    jobCreateInputs: [],
    jobFilters: ["location", "created"],
    jobSearchBy: "words of the job's details (all must appear), or its job number",
    customerSearch: { by: "name", returns: "their codes and regions", filters: ["region", "code"], code: { pattern: facts.SITE_CODE_PATTERN, hint: "a whole number, e.g. 10" } },
    assetTypeIdKind: "integer",
    // [I] beyond description and assetClassId (§2.6 shows those and elides the rest): the fields assets are read with.
    assetFields: ["serial_number", "model", "manufacturer", "location_id"],
    // [I] every asset belongs to a site (knowledge base); refused before sending when missing.
    assetRequired: ["location_id"],
    maxPageSize: pageSizeMax,
    unsupported: UNSUPPORTED,
    toolNotes: {
      search_customers:
        "TrackplanFM has no customer records: this searches sites, the places jobs are raised at. A site's id is both the customer_id for get_customer and the location_id for create_job.",
      get_customer: "TrackplanFM: returns the site; the API has no locations below sites, so the site is its own single location.",
      create_job: `TrackplanFM: location_id is a site id. Title and description become the job's details text, at most ${facts.TEXT_MAX_LENGTH} characters together. Resources are assigned per task: add_job_task.`,
      list_jobs: "TrackplanFM: location_id is a site id.",
      search_assets: "TrackplanFM: type_id is the asset class id; location_id is a site id.",
      create_asset: "TrackplanFM: type_id is the asset class id; location_id is the asset's site.",
      list_technicians: "TrackplanFM: these are its resources (engineers and contractors).",
    },
  };
}

/** A vendor 404 for a record the caller named, as the not_found that names the tool finding valid ids. */
async function notFoundAs<T>(p: Promise<T>, entity: string, id: Id, finder: string): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (isVendorError(err) && err.status === 404) throw new NotFoundError(entity, id, finder);
    throw err;
  }
}

/** A write planned now and sent later: the request is fixed, `finish` turns the answer into the result. */
function operation<R, T>(prepared: Prepared<R>, summary: string, finish: (value: R, ctx: CallContext) => Promise<T>): WriteOperation<T> {
  return {
    request: prepared.request,
    summary,
    async run(ctx: CallContext = {}) {
      const { value, requestId } = await prepared.send(ctx);
      return { value: await finish(value, ctx), requestId };
    },
  };
}

export function createTrackplanfmBackend(opts: TrackplanfmBackendOptions): Backend & { readonly auth: AuthProvider; readonly client: TrackplanfmClient } {
  const { origin, apiKey, apiKeyHeader, username, password, sandbox = false, pageSizeMax, ...httpOptions } = opts;
  const baseUrl = new URL(facts.API_PREFIX, origin).href;
  let auth: AuthProvider;
  let jwt: JwtAuth | undefined;
  if (apiKey) auth = apiKeyAuth(apiKey, apiKeyHeader ?? facts.DEFAULT_API_KEY_HEADER);
  else if (username && password) auth = jwt = new JwtAuth({ ...httpOptions, baseUrl, username, password });
  else throw new TypeError("TrackplanFM needs an API key (TP-…) or a username and password");

  const http = new HttpClient({
    ...httpOptions,
    baseUrl,
    dialect: trackplanfmDialect,
    auth,
    // The vendor documents no rate-limit headers: nothing to learn from a first request.
    rateLimit: { holdFirstRequest: false, ...httpOptions.rateLimit },
  });
  const c = new TrackplanfmClient(http, { pageSizeMax });
  // The job statuses are assumed; the account's own ones are learned from the records it serves (facts.learningJobMachine).
  const statuses = facts.learningJobMachine();
  const profile = trackplanfmProfile(sandbox, c.pageSizeMax, statuses.machine);
  const learn = (raw: Obj) => statuses.learn(str(raw.jobStatus));

  /** The raw record each domain job was read from (its numeric jobId and jobNumber are needed to complete it). */
  const rawJobs = new WeakMap<Job, Obj>();
  /** siteId → site GUID: jobs and assets name their site by number, the tools chain on GUIDs. */
  const siteGuids = new Map<number, string>();

  async function site(guid: Id, ctx: CallContext = {}): Promise<Obj> {
    const o = await notFoundAs(c.getSite(String(guid), ctx), "site", guid, "search_customers");
    const id = num(o.siteId);
    if (id !== null) siteGuids.set(id, String(guid));
    return o;
  }

  async function siteIdOf(guid: Id, ctx: CallContext): Promise<number> {
    return intField(await site(guid, ctx), "siteId", "site");
  }

  /** Best effort: the GUID of a numeric siteId (one filtered lookup per site, then cached). */
  async function siteGuidOf(siteId: unknown, ctx: CallContext): Promise<string | null> {
    const id = num(siteId);
    if (id === null) return null;
    const known = siteGuids.get(id);
    if (known) return known;
    const page = await c.listSites({ filter: filterFor("sites").eq("siteId", id).build(), pageSize: 1, signal: ctx.signal });
    const guid = str(page.items[0]?.guid);
    if (guid) siteGuids.set(id, guid);
    return guid;
  }

  async function tasksOf(jobNumber: unknown, ctx: CallContext): Promise<JobTask[]> {
    const n = num(jobNumber);
    if (n === null) return [];
    const page = await c.listJobTasks({
      filter: filterFor("jobTasks").eq("jobNumber", n).build(),
      orderBy: orderByFor("jobTasks", "taskId"),
      pageSize: c.pageSizeMax,
      signal: ctx.signal,
    });
    return page.items.map(toTask);
  }

  /** The job's GUID: the id itself, or (profile.jobNumberIds) the GUID of the job with that number. */
  async function jobGuidOf(id: Id, ctx: CallContext): Promise<string> {
    const n = jobNumberOf(id);
    if (n === undefined) return String(id);
    const page = await c.listJobs({ filter: filterFor("jobs").eq("jobNumber", n).build(), pageSize: 1, signal: ctx.signal });
    const guid = str(page.items[0]?.guid);
    if (!guid) throw new NotFoundError("job", id, "list_jobs");
    return guid;
  }

  async function getJob(id: Id, ctx: CallContext = {}): Promise<Job> {
    const raw = await c.getJob(await jobGuidOf(id, ctx), ctx);
    learn(raw);
    // The site's GUID is a convenience (the location id tools chain on): a failed lookup leaves it out.
    const [tasks, siteGuid] = await Promise.all([tasksOf(raw.jobNumber, ctx), siteGuidOf(raw.siteId, ctx).catch(() => null)]);
    const job = toJob(raw, { siteGuid, tasks });
    rawJobs.set(job, raw);
    return job;
  }

  /** Re-read after a write; when that read fails the write still succeeded, so fall back to what we know. */
  async function reread<T>(read: () => Promise<T>, fallback: () => T): Promise<T> {
    try {
      return await read();
    } catch {
      return fallback();
    }
  }

  async function createJob(input: CreateJobInput): Promise<WriteOperation<Job>> {
    if (input.locationId === undefined) throw new TypeError("create_job needs a site (location_id)");
    const jobDetails = jobDetailsOf(input.title, input.description);
    // Title and description share one vendor field: each may be within its own limit and the two not fit.
    if (jobDetails.length > facts.TEXT_MAX_LENGTH) {
      throw new InvalidArgumentError(
        "description",
        `with the title it makes a job text of ${jobDetails.length} characters; TrackplanFM keeps at most ${facts.TEXT_MAX_LENGTH} for both together. Nothing was sent.`,
      );
    }
    const s = await site(input.locationId);
    const body = { jobDetails, siteId: intField(s, "siteId", "site"), siteName: str(s.name) ?? undefined };
    const op = operation(c.createJob(body), `Create job "${input.title}" at site ${str(s.name) ?? input.locationId}`, (guid, ctx) =>
      reread(
        () => getJob(guid, ctx),
        () => toJob({ guid, ...body, jobStatus: facts.JOB_MACHINE.statuses[0] }, { siteGuid: String(input.locationId), tasks: [] }),
      ),
    );
    return withVerified(op, { kind: "location", id: input.locationId });
  }

  async function changeStatus(job: Job, input: StatusChangeInput): Promise<WriteOperation<Job>> {
    const target = facts.STATUS_TARGETS.find((t) => t.value === input.status);
    if (!target) throw new TypeError(`TrackplanFM cannot set status "${input.status}"`);
    const now = new Date().toISOString();
    const after = (ctx: CallContext) => reread(() => getJob(job.id, ctx), () => job);
    if (target.subject === "job") {
      const raw = rawJobs.get(job) ?? (await c.getJob(String(job.id)));
      // The body repeats the job's numeric jobId (§2.3.4). A record without one is refused: sending its jobNumber
      // (or anything else) in its place would name another job than the GUID in the path.
      const jobId = num(raw.jobId);
      if (jobId === null || !Number.isInteger(jobId)) {
        throw new IncompleteRecordError(
          `Job ${job.number ?? job.id} as TrackplanFM returned it has no numeric jobId, which PUT /api/jobs/complete repeats in its body; nothing was sent.`,
          "Complete it in the TrackplanFM application, or ask the administrator why GET /api/jobs/{guid} answers without jobId.",
        );
      }
      // Attributed to the logged-in user when the token names one (facts.USER_ID_CLAIMS); an API key has no user.
      const completedByUserId = jwt?.userId();
      const body = { jobId, ...(input.note ? { completedNote: input.note } : {}), ...(completedByUserId === undefined ? {} : { completedByUserId }) };
      const op = operation(c.completeJob(String(job.id), body), `Complete job ${job.number ?? job.id} "${job.title}" (now ${job.status})`, (_v, ctx) => after(ctx));
      return completedByUserId === undefined ? { ...op, run: async (ctx) => ({ ...(await op.run(ctx)), warnings: [UNATTRIBUTED] }) } : op;
    }
    if (input.taskId === undefined) throw new TypeError(`${target.value} needs a task_id`);
    const task = job.tasks?.find((t) => String(t.id) === String(input.taskId));
    const label = `task ${task?.number ?? input.taskId} of job ${job.number ?? job.id}`;
    const prepared =
      target.endpoint === "startJobTask"
        ? c.startJobTask(String(input.taskId), { startDate: now })
        : c.completeJobTask(String(input.taskId), { completeDate: now, ...(input.note ? { completNote: input.note } : {}) });
    return operation(prepared, `${target.endpoint === "startJobTask" ? "Start" : "Complete"} ${label}`, (_v, ctx) => after(ctx));
  }

  async function addTask(job: Job, input: AddTaskInput): Promise<WriteOperation<JobTask>> {
    const resource = input.technicianId === undefined ? undefined : await resourceOf(input.technicianId);
    const body = {
      jobGuid: String(job.id),
      description: input.description,
      ...(resource ? { resourceId: intField(resource, "resourceId", "resource") } : {}),
      ...(input.durationHours === undefined ? {} : { durationInHours: input.durationHours }),
    };
    const who = resource ? ` for ${str(resource.name) ?? input.technicianId}` : "";
    const op = operation(c.createJobTask(body), `Add task "${input.description}"${who} to job ${job.number ?? job.id}`, (guid, ctx) =>
      reread(
        async () => toTask(await c.getJobTask(guid, ctx)),
        () => ({ id: guid, description: input.description, status: facts.TASK_MACHINE.statuses[0]!, assignee: str(resource?.name) }),
      ),
    );
    return input.technicianId === undefined ? op : withVerified(op, { kind: "technician", id: input.technicianId });
  }


  /* ---------- Job tasks: update (§2.5.6) ---------- */

  function resourceOf(id: Id, ctx: CallContext = {}): Promise<Obj> {
    return notFoundAs(c.getResource(String(id), ctx), "technician", id, "list_technicians");
  }

  /**
   * The update body is sent whole: every documented field (§2.5.6) from the task as read, with the changes laid
   * over it, because a PUT may reset what it is not sent. Reassigning sends the resource's name as
   * assignedToUserName (the body's only assignee field) and [I] its resourceId (the create body's field; a server
   * whose update model lacks it ignores it); the read-back says whether the vendor applied it.
   */
  async function updateTask(job: Job, task: JobTask, input: UpdateTaskInput): Promise<WriteOperation<JobTask>> {
    const raw = await c.getJobTask(String(task.id));
    const resource = input.technicianId === undefined ? undefined : await resourceOf(input.technicianId);
    const current: Record<string, unknown> = {
      description: str(raw.description) ?? undefined,
      assignedToUserName: str(firstOf(raw, facts.READ_ALIASES.taskAssignee)) ?? undefined,
      priorityName: str(raw.priorityName) ?? undefined,
      duration: num(firstOf(raw, facts.READ_ALIASES.taskDuration)) ?? undefined,
      expectedStartDate: str(raw.expectedStartDate) ?? undefined,
      expectedEndDate: str(raw.expectedEndDate) ?? undefined,
      startDate: str(raw.startDate) ?? undefined,
      completedDate: str(firstOf(raw, facts.READ_ALIASES.taskCompletedAt)) ?? undefined,
    };
    const changes: Record<string, unknown> = {
      description: input.description,
      duration: input.durationHours,
      expectedStartDate: input.scheduledStart,
      expectedEndDate: input.scheduledEnd,
      ...(resource ? { assignedToUserName: str(resource.name) ?? undefined, resourceId: intField(resource, "resourceId", "resource") } : {}),
    };
    const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
    const body = { ...defined(current), ...defined(changes) };
    const what = [
      input.description !== undefined ? "reword" : "",
      resource ? `reassign to ${str(resource.name) ?? input.technicianId}` : "",
      input.durationHours !== undefined || input.scheduledStart || input.scheduledEnd ? "re-plan" : "",
    ].filter(Boolean);
    const wanted = resource ? str(resource.name) : undefined;
    const op = operation(c.updateJobTask(String(task.id), body as never), `Update task ${task.number ?? task.id} of job ${job.number ?? job.id} (${what.join(", ")})`, async (_v, ctx) =>
      reread(
        async () => toTask(await c.getJobTask(String(task.id), ctx)),
        () => ({ ...task, ...(input.description ? { description: input.description } : {}), ...(wanted ? { assignee: wanted } : {}) }),
      ),
    );
    const checked = input.technicianId === undefined ? op : withVerified(op, { kind: "technician", id: input.technicianId });
    if (!wanted) return checked;
    return {
      ...checked,
      async run(ctx) {
        const r = await checked.run(ctx);
        const kept = r.value.assignee && r.value.assignee !== wanted;
        return kept ? { ...r, warnings: [`TrackplanFM kept the task assigned to ${r.value.assignee}, not ${wanted}: check the task in TrackplanFM.`] } : r;
      },
    };
  }

  /* ---------- Job costs (§2.4) ---------- */

  async function listCosts(jobId: Id, q: { page?: number; perPage?: number; signal?: AbortSignal } = {}): Promise<Page<JobCost>> {
    const page = await c.listJobCosts(await jobGuidOf(jobId, q), { page: q.page, pageSize: q.perPage ?? c.pageSizeMax, signal: q.signal });
    return { ...page, items: page.items.map(toJobCost) };
  }

  function costBody(input: JobCostInput, base: JobCost = { id: "" }) {
    const merged = {
      costMaterials: input.materials ?? base.materials ?? undefined,
      costLabour: input.labour ?? base.labour ?? undefined,
      budget: input.budget ?? base.budget ?? undefined,
      costDescription: input.description ?? base.description ?? undefined,
    };
    return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined && v !== null)) as JobCostBody;
  }

  async function costOf(jobGuid: string, costId: Id, ctx: CallContext): Promise<JobCost | undefined> {
    const page = await c.listJobCosts(jobGuid, { filter: filterFor("jobCosts").eq("guid", String(costId)).build(), pageSize: 1, signal: ctx.signal });
    const o = page.items[0];
    return o ? toJobCost(o) : undefined;
  }

  async function addCost(job: Job, input: JobCostInput): Promise<WriteOperation<JobCost>> {
    const body = costBody(input);
    return operation(c.createJobCost(String(job.id), body), `Add a cost to job ${job.number ?? job.id}${input.description ? ` ("${input.description}")` : ""}`, (guid, ctx) =>
      reread(
        async () => (await costOf(String(job.id), guid, ctx)) ?? { id: guid, jobId: job.id, ...input },
        () => ({ id: guid, jobId: job.id, ...input }),
      ),
    );
  }

  /** The update body is sent whole (the cost as read with the changes laid over it): a PUT may reset what it is not sent. */
  async function updateCost(job: Job, cost: JobCost, input: JobCostInput): Promise<WriteOperation<JobCost>> {
    const body = costBody(input, cost);
    return operation(c.updateJobCost(String(cost.id), body), `Update cost ${cost.description ? `"${cost.description}" ` : ""}on job ${job.number ?? job.id}`, (_guid, ctx) =>
      reread(
        async () => (await costOf(String(job.id), cost.id, ctx)) ?? { ...cost, ...input },
        () => ({ ...cost, ...input }),
      ),
    );
  }

  /* ---------- Assets (§2.6) ---------- */

  /**
   * search_assets promises words of the description, a serial number or a tag. The filter grammar ANDs only
   * (seed §4.1 documents no OR), so a text query is one filtered read per field (description and serialNumber
   * contain it; assetId equals it when it is a whole number), merged by GUID, ordered by description and paged
   * here. Each field reads at most ASSET_SEARCH_CAP records.
   */
  async function searchAssets(q: AssetSearch): Promise<Page<Asset>> {
    const base = filterFor("assets");
    if (q.typeId !== undefined) base.eq("assetClassId", Number(q.typeId));
    const siteId = q.locationId === undefined ? undefined : await siteIdOf(q.locationId, q);
    if (siteId !== undefined) base.eq("siteId", siteId);
    const siteGuid = q.locationId === undefined ? undefined : String(q.locationId);
    const map = (o: Obj) => toAsset(o, siteGuid ?? siteGuids.get(num(o.siteId) ?? NaN) ?? null);
    const text = q.query?.trim();
    if (!text) {
      const page = await c.listAssets({ filter: base.build(), orderBy: orderByFor("assets", "description"), page: q.page, pageSize: q.perPage, signal: q.signal });
      return { ...page, items: page.items.map(map) };
    }
    const one = (field: "description" | "serialNumber" | "assetId", op: "=*" | "==", value: string | number) => {
      const f = filterFor("assets");
      if (q.typeId !== undefined) f.eq("assetClassId", Number(q.typeId));
      if (siteId !== undefined) f.eq("siteId", siteId);
      return readAll((page, pageSize) => c.listAssets({ filter: f.where(field, op, value).build(), orderBy: orderByFor("assets", "description"), page, pageSize, signal: q.signal }));
    };
    const tag = /^\d{1,9}$/.test(text) ? Number(text) : undefined;
    const lists = await Promise.all([one("description", "=*", text), one("serialNumber", "=*", text), ...(tag === undefined ? [] : [one("assetId", "==", tag)])]);
    const merged = new Map<string, Obj>();
    for (const o of lists.flat()) merged.set(String(o.guid).toLowerCase(), o);
    const all = [...merged.values()].sort((a, b) => (str(a.description) ?? "").localeCompare(str(b.description) ?? "") || String(a.guid).localeCompare(String(b.guid)));
    const page = pageOf(all, q);
    return { ...page, items: page.items.map(map) };
  }

  /** One page of records merged here (the vendor pages each read, not the merge). */
  function pageOf<T>(all: readonly T[], q: { page?: number; perPage?: number }): Page<T> {
    const page = q.page ?? facts.FIRST_PAGE;
    const perPage = Math.min(q.perPage ?? facts.PAGE_SIZE_DEFAULT, c.pageSizeMax);
    return { items: all.slice((page - 1) * perPage, page * perPage), page, perPage, total: all.length, totalPages: Math.max(1, Math.ceil(all.length / perPage)) };
  }

  async function readAll(read: (page: number, pageSize: number) => Promise<Page<Obj>>): Promise<Obj[]> {
    const out: Obj[] = [];
    for (let page = facts.FIRST_PAGE; out.length < ASSET_SEARCH_CAP; page++) {
      const res = await read(page, c.pageSizeMax);
      out.push(...res.items);
      if (res.items.length < c.pageSizeMax || out.length >= res.total) break;
    }
    return out.slice(0, ASSET_SEARCH_CAP);
  }

  function rawAsset(id: Id, ctx: CallContext = {}): Promise<Obj> {
    return notFoundAs(c.getAsset(String(id), ctx), "asset", id, "search_assets");
  }

  /** [I] The class name of an asset class id, from an asset of that class (the API has no asset-class list). */
  async function assetClassName(classId: number, ctx: CallContext = {}): Promise<string | undefined> {
    const page = await c.listAssets({ filter: filterFor("assets").eq("assetClassId", classId).build(), pageSize: 1, signal: ctx.signal });
    return str(page.items[0]?.assetClass) ?? undefined;
  }

  async function readAsset(guid: string, ctx: CallContext): Promise<Asset> {
    const o = await c.getAsset(guid, ctx);
    return toAsset(o, await siteGuidOf(o.siteId, ctx).catch(() => null));
  }

  /** The create body: §2.6.3's description, assetClassId and assetClass, and [I] the site and the identity fields assets are read with. */
  async function createAsset(input: CreateAssetInput): Promise<WriteOperation<Asset>> {
    if (input.locationId === undefined) throw new InvalidArgumentError("location_id", "TrackplanFM assets belong to a site: pass the site's id (search_customers). Nothing was sent.");
    const classId = Number(input.typeId);
    const [s, className] = await Promise.all([site(input.locationId), assetClassName(classId)]);
    const body = {
      description: input.name,
      assetClassId: classId,
      ...(className ? { assetClass: className } : {}),
      siteId: intField(s, "siteId", "site"),
      ...(input.serialNumber ? { serialNumber: input.serialNumber } : {}),
      ...(input.model ? { model: input.model } : {}),
      ...(input.manufacturer ? { manufacturer: input.manufacturer } : {}),
    };
    const op = operation(c.createAsset(body), `Create asset "${input.name}" (class ${className ?? classId}) at site ${str(s.name) ?? input.locationId}`, (guid, ctx) =>
      reread(
        () => readAsset(guid, ctx),
        () => toAsset({ guid, ...body, siteName: s.name }, String(input.locationId)),
      ),
    );
    const verified = withVerified(op, { kind: "location", id: input.locationId });
    return className ? withVerified(verified, { kind: "asset type", id: classId }) : verified;
  }

  /** The update body is sent whole (the asset as read, changes laid over it): a PUT may reset what it is not sent. */
  async function updateAsset(asset: Asset, input: UpdateAssetInput): Promise<WriteOperation<Asset>> {
    if (input.locationId !== undefined) throw new InvalidArgumentError("location_id", "moving an asset to another site is a transfer, which TrackplanFM's API does not document. Nothing was sent.");
    const raw = await rawAsset(asset.id);
    const classId = input.typeId === undefined ? undefined : Number(input.typeId);
    const className = classId === undefined || classId === num(raw.assetClassId) ? undefined : await assetClassName(classId);
    const writable = Object.keys(facts.FIELDS.assets).filter((f) => !["guid", "assetId", "siteName"].includes(f));
    const current = Object.fromEntries(writable.filter((f) => raw[f] !== undefined && raw[f] !== null).map((f) => [f, raw[f]]));
    const changes = {
      ...(input.name !== undefined ? { description: input.name } : {}),
      ...(classId !== undefined ? { assetClassId: classId, ...(className ? { assetClass: className } : {}) } : {}),
      ...(input.serialNumber !== undefined ? { serialNumber: input.serialNumber } : {}),
      ...(input.model !== undefined ? { model: input.model } : {}),
      ...(input.manufacturer !== undefined ? { manufacturer: input.manufacturer } : {}),
    };
    const body = { ...current, ...changes };
    const fields = Object.keys(changes).filter((k) => k !== "assetClass");
    return operation(c.updateAsset(String(asset.id), body), `Update asset "${asset.name}" (${fields.join(", ")})`, (_g, ctx) =>
      reread(
        () => readAsset(String(asset.id), ctx),
        () => ({ ...asset, ...(input.name ? { name: input.name } : {}) }),
      ),
    );
  }

  /* ---------- Job requests (§2.2) ---------- */

  async function createJobRequest(input: CreateJobRequestInput) {
    const s = await site(input.locationId);
    const siteName = str(s.name) ?? String(input.locationId);
    // [I] `site` is a string in the create body: the site's name, as the list answers show it.
    const body = { description: input.description, site: siteName, ...(input.raisedBy ? { raisedBy: input.raisedBy } : {}), ...(input.raisedByEmail ? { raisedByEmail: input.raisedByEmail } : {}) };
    const op = operation(c.createJobRequest(body), `Log a job request for ${siteName}`, async (guid, ctx) =>
      reread(
        async () => {
          const page = await c.listJobRequests({ filter: filterFor("jobRequests").eq("guid", guid).build(), pageSize: 1, signal: ctx.signal });
          return page.items[0] ? toJobRequest(page.items[0]) : toJobRequest({ guid, ...body });
        },
        () => toJobRequest({ guid, ...body }),
      ),
    );
    return withVerified(op, { kind: "location", id: input.locationId });
  }

  /* ---------- Stock (§2.9-2.11): what the stores hold ---------- */

  /**
   * Stock levels joined with their store (storage area) and item (stock): by the stores at a site, one store, or
   * all, filtered by words of the item and by low stock, ordered by store and item and paged here. The API joins
   * nothing and its filters AND only, so this reads the stores, the items and the levels of each store (each read at
   * most ASSET_SEARCH_CAP records).
   */
  async function stockLevels(q: StockSearch): Promise<Page<StockLevel>> {
    const siteId = q.locationId === undefined ? undefined : await siteIdOf(q.locationId, q);
    const areas =
      q.storeId !== undefined
        ? [await notFoundAs(c.getStorageArea(String(q.storeId), q), "store", q.storeId, "list_stock")]
        : await readAll((page, pageSize) =>
            c.listStorageAreas({ filter: siteId === undefined ? undefined : filterFor("storageAreas").eq("siteId", siteId).build(), orderBy: orderByFor("storageAreas", "storageName"), page, pageSize, signal: q.signal }),
          );
    const items = new Map((await readAll((page, pageSize) => c.listStocks({ page, pageSize, signal: q.signal }))).map((o) => [num(o.stockId), o] as const));
    const words = q.query?.trim().toLowerCase();
    const levels: StockLevel[] = [];
    for (const area of areas) {
      const storageId = num(area.storageId);
      if (storageId === null) continue;
      const areaSite = num(firstOf(area, facts.READ_ALIASES.storageSiteId));
      const locationId = q.locationId !== undefined ? String(q.locationId) : areaSite === null ? null : await siteGuidOf(areaSite, q).catch(() => null);
      const rows = await readAll((page, pageSize) => c.listStockLevels({ filter: filterFor("stockLevels").eq("storageId", storageId).build(), page, pageSize, signal: q.signal }));
      for (const row of rows) {
        const item = items.get(num(row.stockId));
        const level: StockLevel = {
          id: str(row.guid) ?? str(row.stockLevelId) ?? `${storageId}:${str(row.stockId)}`,
          storeId: str(area.guid),
          storeName: str(area.storageName),
          locationId,
          partNumber: str(item?.partNumber),
          description: str(item?.description),
          stockType: str(item?.stockType),
          quantity: num(row.quantity),
          minimum: num(row.minimumLevel),
        };
        if (words && ![level.description, level.partNumber].some((t) => t?.toLowerCase().includes(words))) continue;
        if (q.lowOnly && !(level.quantity !== null && level.quantity !== undefined && level.minimum !== null && level.minimum !== undefined && level.quantity <= level.minimum)) continue;
        levels.push(level);
      }
    }
    levels.sort((a, b) => (a.storeName ?? "").localeCompare(b.storeName ?? "") || (a.description ?? "").localeCompare(b.description ?? ""));
    return pageOf(levels, q);
  }

  return {
    profile,
    auth,
    client: c,
    customers: {
      async search(q) {
        const filter = filterFor("sites").whereDefined("name", "=*", q.query).whereDefined("region", "==", q.region).whereDefined("code", "==", q.code);
        const page = await c.listSites({ filter: filter.build(), orderBy: orderByFor("sites", "name"), page: q.page, pageSize: q.perPage, signal: q.signal });
        for (const o of page.items) {
          const id = num(o.siteId);
          const guid = str(o.guid);
          if (id !== null && guid) siteGuids.set(id, guid);
        }
        return { ...page, items: page.items.map((o) => toSiteCustomer(o)) };
      },
      async get(id, o = {}) {
        return toSiteCustomer(await site(id, o), true);
      },
      // A location id is a site id (there are no locations below sites).
      locationExists: async (id, ctx) => Boolean(await site(id, ctx)),
    },
    jobs: {
      async list(q) {
        const filter = filterFor("jobs").whereDefined("jobStatus", "==", q.status);
        // "job 24003" in one call: a bare number is the job number; other text is words of the details, each a
        // contains filter joined by the grammar's AND (§4.1 has no OR), so their order in the text does not matter.
        const number = q.query === undefined ? undefined : jobNumberOf(q.query);
        if (number !== undefined) filter.eq("jobNumber", number);
        else for (const word of q.query?.split(/\s+/).filter(Boolean) ?? []) filter.where("jobDetails", "=*", word);
        filter
          .whereDefined("createdDate", ">=", q.createdAfter)
          .whereDefined("createdDate", "<=", q.createdBefore);
        if (q.locationId !== undefined) filter.eq("siteId", await siteIdOf(q.locationId, q));
        const page = await c.listJobs({
          filter: filter.build(),
          orderBy: orderByFor("jobs", { field: "createdDate", direction: "DESC" }, { field: "jobNumber", direction: "DESC" }),
          page: q.page,
          pageSize: q.perPage,
          signal: q.signal,
        });
        const siteGuid = q.locationId === undefined ? undefined : String(q.locationId);
        return {
          ...page,
          items: page.items.map((o) => {
            learn(o);
            const job = toJob(o, { siteGuid: siteGuid ?? siteGuids.get(num(o.siteId) ?? NaN) ?? null });
            rawJobs.set(job, o);
            return job;
          }),
        };
      },
      get: getJob,
      create: createJob,
      changeStatus,
      addTask,
      updateTask,
      listCosts,
      addCost,
      updateCost,
      machineFor: () => statuses.machine,
      /** Learn the statuses the newest jobs carry (fsm://statuses/jobs reads this first). */
      async refreshMachines(ctx = {}) {
        try {
          const page = await c.listJobs({ orderBy: orderByFor("jobs", { field: "createdDate", direction: "DESC" }), pageSize: c.pageSizeMax, signal: ctx.signal });
          return page.items.map(learn).some(Boolean);
        } catch {
          return false;
        }
      },
    },
    jobRequests: {
      async list(q) {
        const filter = filterFor("jobRequests")
          .whereDefined("details", "=*", q.query)
          .whereDefined("requestStatus", "==", q.status)
          .whereDefined("createdDate", ">=", q.createdAfter);
        const page = await c.listJobRequests({
          filter: filter.build(),
          orderBy: orderByFor("jobRequests", { field: "createdDate", direction: "DESC" }, { field: "jobRequestNumber", direction: "DESC" }),
          page: q.page,
          pageSize: q.perPage,
          signal: q.signal,
        });
        return { ...page, items: page.items.map(toJobRequest) };
      },
      create: createJobRequest,
    },
    stock: { levels: stockLevels },
    assets: {
      search: searchAssets,
      create: createAsset,
      update: updateAsset,
      async get(id, ctx = {}) {
        const o = await c.getAsset(String(id), ctx);
        return toAsset(o, await siteGuidOf(o.siteId, ctx).catch(() => null));
      },
    },
    technicians: {
      async list(q) {
        const page = await c.listResources({ orderBy: orderByFor("resources", "name"), page: q.page, pageSize: q.perPage, signal: q.signal });
        return { ...page, items: page.items.map(toTechnician) };
      },
      get: async (id, ctx) => toTechnician(await c.getResource(String(id), ctx)),
    },
    async close() {
      await http.close();
      await jwt?.close();
    },
  };
}
