/**
 * TrackplanFM behind the vendor-neutral Backend: the profile the tools are generated from, and the mapping
 * of tool operations onto the API (shared/vendors/trackplanfm.md, "Mapping to our tools"):
 * - a site plays the customer and location roles (there is no customer object, and no locations endpoint);
 * - jobs are created at a site and completed; their tasks are added, started and completed;
 * - resources are the technicians; assets are searched and read.
 * Everything else the catalogue offers is listed in `unsupported` with the reason.
 */
import type { AddTaskInput, Backend, CallContext, CreateJobInput, StatusChangeInput, VendorProfile, WriteOperation } from "../../domain/backend.js";
import { InvalidArgumentError, NotFoundError } from "../../domain/errors.js";
import { withVerified } from "../../domain/write-operation.js";
import type { Id, Job, JobTask } from "../../domain/types.js";
import { HttpClient } from "../../http/client.js";
import { isVendorError } from "../../http/errors.js";
import type { AuthProvider, HttpClientOptions } from "../../http/types.js";
import { apiKeyAuth, JwtAuth } from "./auth.js";
import { TrackplanfmClient, type Prepared } from "./client.js";
import * as facts from "./facts.js";
import { filterFor, orderByFor } from "./filter.js";
import { intField, jobDetailsOf, num, str, toAsset, toJob, toSiteCustomer, toTask, toTechnician, trackplanfmDialect, type Obj } from "./normalize.js";

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
  update_job: "the API has no job update endpoint: jobs are created and completed only.",
  log_asset_service:
    "the API keeps no asset service records, and neither jobs nor job tasks can reference an asset in the documented bodies, so a service visit cannot be recorded against an asset. Raise a job at the asset's site (create_job) and record the work as a task (add_job_task).",
  update_asset_status: "assets have no status in the integration guide.",
  record_meter_reading: "the API has no meters or readings.",
  transfer_asset: "the API has no transfer endpoint, and the fields of a full asset update (PUT /api/assets) are not documented.",
  create_asset:
    "the asset create body is only partly documented (description, assetClassId, assetClass, …); its required fields, such as the asset's site, need checking against the customer's Swagger first.",
};

export function trackplanfmProfile(sandbox: boolean, pageSizeMax = facts.PAGE_SIZE_MAX): VendorProfile {
  return {
    vendor: facts.VENDOR,
    displayName: facts.DISPLAY_NAME,
    sandbox,
    idKind: "guid",
    customerNoun: "site",
    jobMachine: facts.JOB_MACHINE,
    taskMachine: facts.TASK_MACHINE,
    jobStatusTargets: facts.STATUS_TARGETS,
    jobCreateInputs: [],
    jobFilters: ["location", "created"],
    customerSearch: { by: "name", returns: "their codes and regions", filters: ["region", "code"], code: { pattern: facts.SITE_CODE_PATTERN, hint: "a whole number, e.g. 10" } },
    assetSearchBy: "words of its description",
    assetTypeIdKind: "integer",
    maxPageSize: pageSizeMax,
    unsupported: UNSUPPORTED,
    toolNotes: {
      search_customers:
        "TrackplanFM has no customer records: this searches sites, the places jobs are raised at. A site's id is both the customer_id for get_customer and the location_id for create_job.",
      get_customer: "TrackplanFM: returns the site; the API has no locations below sites, so the site is its own single location.",
      create_job: `TrackplanFM: location_id is a site id. Title and description become the job's details text, at most ${facts.TEXT_MAX_LENGTH} characters together. Resources are assigned per task: add_job_task.`,
      list_jobs: "TrackplanFM: location_id is a site id.",
      search_assets: "TrackplanFM: type_id is the asset class id; location_id is a site id.",
      list_technicians: "TrackplanFM: these are its resources (engineers and contractors).",
    },
  };
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
    rateLimit: { firstRequestHoldMs: 0, ...httpOptions.rateLimit },
  });
  const c = new TrackplanfmClient(http, { pageSizeMax });
  const profile = trackplanfmProfile(sandbox, c.pageSizeMax);

  /** The raw record each domain job was read from (its numeric jobId and jobNumber are needed to complete it). */
  const rawJobs = new WeakMap<Job, Obj>();
  /** siteId → site GUID: jobs and assets name their site by number, the tools chain on GUIDs. */
  const siteGuids = new Map<number, string>();

  async function site(guid: Id, ctx: CallContext = {}): Promise<Obj> {
    try {
      const o = await c.getSite(String(guid), ctx);
      const id = num(o.siteId);
      if (id !== null) siteGuids.set(id, String(guid));
      return o;
    } catch (err) {
      if (isVendorError(err) && err.status === 404) throw new NotFoundError("site", guid, "search_customers");
      throw err;
    }
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

  async function getJob(id: Id, ctx: CallContext = {}): Promise<Job> {
    const raw = await c.getJob(String(id), ctx);
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
      const jobId = num(raw.jobId) ?? num(raw.jobNumber) ?? undefined;
      const prepared = c.completeJob(String(job.id), { ...(jobId === undefined ? {} : { jobId }), ...(input.note ? { completedNote: input.note } : {}) });
      return operation(prepared, `Complete job ${job.number ?? job.id} "${job.title}" (now ${job.status})`, (_v, ctx) => after(ctx));
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
    let resource: Obj | undefined;
    if (input.technicianId !== undefined) {
      try {
        resource = await c.getResource(String(input.technicianId));
      } catch (err) {
        if (isVendorError(err) && err.status === 404) throw new NotFoundError("technician", input.technicianId, "list_technicians");
        throw err;
      }
    }
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
        const filter = filterFor("jobs")
          .whereDefined("jobStatus", "==", q.status)
          .whereDefined("jobDetails", "=*", q.query)
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
      machineFor: () => facts.JOB_MACHINE,
    },
    assets: {
      async search(q) {
        const filter = filterFor("assets").whereDefined("description", "=*", q.query);
        if (q.typeId !== undefined) filter.eq("assetClassId", Number(q.typeId));
        if (q.locationId !== undefined) filter.eq("siteId", await siteIdOf(q.locationId, q));
        const page = await c.listAssets({ filter: filter.build(), orderBy: orderByFor("assets", "description"), page: q.page, pageSize: q.perPage, signal: q.signal });
        const siteGuid = q.locationId === undefined ? undefined : String(q.locationId);
        return { ...page, items: page.items.map((o) => toAsset(o, siteGuid ?? siteGuids.get(num(o.siteId) ?? NaN) ?? null)) };
      },
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
