/**
 * TrackplanFM API client: every endpoint of seed 003 §2, addressed by name from facts.ENDPOINTS (so method
 * and path, in the seed's own spelling, come from one table). Reads answer raw records or `{count, data}`
 * pages; writes are prepared first (the exact request, for dry runs and the audit log) and sent by `send`.
 * Mapping to domain objects is backend.ts's job.
 */
import type { CallContext } from "../../domain/backend.js";
import type { Page } from "../../domain/types.js";
import type { HttpClient } from "../../http/client.js";
import type { QueryValue, RequestOptions, VendorRequest, VendorResponse } from "../../http/types.js";
import { ENDPOINTS, FIRST_PAGE, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, endpointPath, type Endpoint, type EndpointName } from "./facts.js";
import { toGuid, toPage, toRecord, type Obj } from "./normalize.js";

/** List parameters (seed §2, §4): page and pageSize are always sent (they are required). */
export interface ListQuery extends CallContext {
  page?: number;
  pageSize?: number;
  filter?: string;
  orderBy?: string;
}

/** A write whose request is fixed before it is sent. */
export interface Prepared<T> {
  readonly request: VendorRequest;
  send(ctx?: CallContext, opts?: Pick<RequestOptions, "idempotent" | "noRetry">): Promise<{ value: T; requestId?: string; status: number }>;
}

type ListEndpoint = { [K in EndpointName]: (typeof ENDPOINTS)[K]["returns"] extends "page" ? K : never }[EndpointName];

export class TrackplanfmClient {
  readonly pageSizeMax: number;

  constructor(
    readonly http: HttpClient,
    opts: { pageSizeMax?: number } = {},
  ) {
    this.pageSizeMax = opts.pageSizeMax ?? PAGE_SIZE_MAX;
  }

  /** The request for a named endpoint; `params` fill its `{guid}` segments in order. */
  request(name: EndpointName, params: string[] = [], extra: { query?: Record<string, QueryValue>; body?: unknown } = {}): VendorRequest {
    return {
      method: ENDPOINTS[name].method,
      path: endpointPath(name, ...params),
      ...(extra.query ? { query: extra.query } : {}),
      ...(extra.body === undefined ? {} : { body: extra.body }),
      ...("idempotent" in ENDPOINTS[name] ? { idempotent: (ENDPOINTS[name] as { idempotent?: boolean }).idempotent } : {}),
    };
  }

  private async fetch(req: VendorRequest, ctx: CallContext = {}, opts: Pick<RequestOptions, "idempotent" | "noRetry"> = {}): Promise<VendorResponse> {
    return this.http.request(req, { signal: ctx.signal, ...opts });
  }

  /** GET a `{count, data}` page. */
  async list(name: ListEndpoint, params: string[], q: ListQuery = {}): Promise<Page<Obj>> {
    const page = q.page ?? FIRST_PAGE;
    const pageSize = Math.min(q.pageSize ?? PAGE_SIZE_DEFAULT, this.pageSizeMax);
    const query: Record<string, QueryValue> = { page, pageSize, orderBy: q.orderBy, filter: q.filter };
    const res = await this.fetch(this.request(name, params, { query }), q);
    return toPage(res.body, page, pageSize, (o) => o);
  }

  /** GET one record by GUID. */
  async get(name: EndpointName, guid: string, ctx: CallContext = {}): Promise<Obj> {
    const res = await this.fetch(this.request(name, [guid]), ctx);
    return toRecord(res.body, resourceOf(name));
  }

  /** Prepare a write; its answer is parsed by the endpoint's `returns` (a GUID, a record, or nothing). */
  prepare<T = string>(name: EndpointName, params: string[], body: unknown): Prepared<T> {
    const request = this.request(name, params, { body });
    const returns: string = ENDPOINTS[name].returns;
    const what = resourceOf(name);
    return {
      request,
      send: async (ctx = {}, opts = {}) => {
        const res = await this.fetch(request, ctx, opts);
        const value = returns === "guid" ? toGuid(res.body, what) : returns === "record" ? toRecord(res.body, what) : res.body;
        return { value: value as T, requestId: res.requestId, status: res.status };
      },
    };
  }

  // Job requests (§2.2)
  listJobRequests(q?: ListQuery) {
    return this.list("listJobRequests", [], q);
  }
  createJobRequest(body: { description: string; site: string; raisedBy?: string; raisedByEmail?: string }) {
    return this.prepare("createJobRequest", [], body);
  }

  // Jobs (§2.3)
  listJobs(q?: ListQuery) {
    return this.list("listJobs", [], q);
  }
  getJob(jobGuid: string, ctx?: CallContext) {
    return this.get("getJob", jobGuid, ctx);
  }
  createJob(body: { jobDetails: string; siteId: number; siteName?: string }) {
    return this.prepare("createJob", [], body);
  }
  completeJob(jobGuid: string, body: { jobId?: number; completedNote?: string; completedByUserId?: number }) {
    return this.prepare("completeJob", [jobGuid], body);
  }

  // Job costs (§2.4)
  listJobCosts(jobGuid: string, q?: ListQuery) {
    return this.list("listJobCosts", [jobGuid], q);
  }
  createJobCost(jobGuid: string, body: JobCostBody) {
    return this.prepare("createJobCost", [jobGuid], body);
  }
  updateJobCost(jobCostGuid: string, body: JobCostBody) {
    return this.prepare("updateJobCost", [jobCostGuid], body);
  }

  // Job tasks (§2.5)
  listJobTasks(q?: ListQuery) {
    return this.list("listJobTasks", [], q);
  }
  getJobTask(jobTaskGuid: string, ctx?: CallContext) {
    return this.get("getJobTask", jobTaskGuid, ctx);
  }
  createJobTask(body: { jobGuid: string; description: string; assignedToUserId?: number; assignedUserName?: string; durationInHours?: number; resourceId?: number }) {
    return this.prepare("createJobTask", [], body);
  }
  startJobTask(jobTaskGuid: string, body: { startDate: string }) {
    return this.prepare<unknown>("startJobTask", [jobTaskGuid], body);
  }
  /** The seed spells the note `completNote`; that is what is sent. */
  completeJobTask(jobTaskGuid: string, body: { completeDate: string; completNote?: string }) {
    return this.prepare<unknown>("completeJobTask", [jobTaskGuid], body);
  }
  updateJobTask(jobTaskGuid: string, body: Partial<Record<"description" | "assignedToUserName" | "priorityName" | "expectedStartDate" | "expectedEndDate" | "startDate" | "completedDate", string> & { duration: number }>) {
    return this.prepare<unknown>("updateJobTask", [jobTaskGuid], body);
  }

  // Assets (§2.6)
  listAssets(q?: ListQuery) {
    return this.list("listAssets", [], q);
  }
  getAsset(assetGuid: string, ctx?: CallContext) {
    return this.get("getAsset", assetGuid, ctx);
  }
  createAsset(body: Obj & { description: string; assetClassId: number; assetClass?: string }) {
    return this.prepare("createAsset", [], body);
  }
  updateAsset(assetGuid: string, body: Obj) {
    return this.prepare("updateAsset", [assetGuid], body);
  }
  deleteAsset(assetGuid: string) {
    return this.prepare<unknown>("deleteAsset", [assetGuid], undefined);
  }

  // Sites (§2.7)
  listSites(q?: ListQuery) {
    return this.list("listSites", [], q);
  }
  getSite(siteGuid: string, ctx?: CallContext) {
    return this.get("getSite", siteGuid, ctx);
  }
  createSite(body: Obj & { name: string; code?: number; region?: string }) {
    return this.prepare("createSite", [], body);
  }
  /** The seed says this one answers with the updated site object. */
  updateSite(siteGuid: string, body: Obj) {
    return this.prepare<Obj>("updateSite", [siteGuid], body);
  }

  // Resources (§2.8)
  listResources(q?: ListQuery) {
    return this.list("listResources", [], q);
  }
  getResource(resourceGuid: string, ctx?: CallContext) {
    return this.get("getResource", resourceGuid, ctx);
  }
  createResource(body: Obj & { name: string; resourceType?: string; emailAddress?: string }) {
    return this.prepare("createResource", [], body);
  }
  updateResource(resourceGuid: string, body: Obj) {
    return this.prepare("updateResource", [resourceGuid], body);
  }

  // Storage areas (§2.9)
  listStorageAreas(q?: ListQuery) {
    return this.list("listStorageAreas", [], q);
  }
  getStorageArea(guid: string, ctx?: CallContext) {
    return this.get("getStorageArea", guid, ctx);
  }
  createStorageArea(body: Obj & { storageName: string; code?: string; siteId?: number }) {
    return this.prepare("createStorageArea", [], body);
  }
  updateStorageArea(guid: string, body: Obj) {
    return this.prepare("updateStorageArea", [guid], body);
  }

  // Stocks (§2.10)
  listStocks(q?: ListQuery) {
    return this.list("listStocks", [], q);
  }
  getStock(guid: string, ctx?: CallContext) {
    return this.get("getStock", guid, ctx);
  }
  createStock(body: Obj & { stockTypeId: number }) {
    return this.prepare("createStock", [], body);
  }
  updateStock(guid: string, body: Obj) {
    return this.prepare("updateStock", [guid], body);
  }

  // Stock levels (§2.11)
  listStockLevels(q?: ListQuery) {
    return this.list("listStockLevels", [], q);
  }
  getStockLevel(guid: string, ctx?: CallContext) {
    return this.get("getStockLevel", guid, ctx);
  }
  /** Updates the level for (stockId, storageId) or creates it (seed §2.11.3). */
  upsertStockLevel(body: Obj & { stockId: number; storageId: number; stockLevelId?: string }) {
    return this.prepare("upsertStockLevel", [], body);
  }
}

function resourceOf(name: EndpointName): string {
  const ep: Endpoint = ENDPOINTS[name];
  return ep.resource ?? "record";
}

export interface JobCostBody {
  costMaterials?: number;
  costLabour?: number;
  budget?: number;
  costDescription?: string;
}
