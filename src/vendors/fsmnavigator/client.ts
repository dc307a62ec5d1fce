/**
 * FSM Navigator API client: every endpoint of seeds 001/002 plus customers, locations and technicians,
 * in the reference (query) URL style. Reads return domain objects; writes return planned operations.
 */
import type {
  CallContext,
  CreateAssetInput,
  CreateCustomerInput,
  CreateJobInput,
  CreateLocationInput,
  CustomerSearch,
  JobSearch,
  AssetSearch,
  MeterReadingInput,
  PageQuery,
  ServiceRecordInput,
  TechnicianSearch,
  TransferInput,
  UpdateAssetInput,
  UpdateCustomerInput,
  UpdateJobInput,
  UpdateLocationInput,
  WriteOperation,
} from "../../domain/backend.js";
import type { Asset, Customer, Id, Job, Location, MeterReading, Page, ServiceRecord, Technician, Transfer } from "../../domain/types.js";
import { plannedWrite } from "../../domain/write-operation.js";
import { HttpClient } from "../../http/client.js";
import type { QueryValue, VendorRequest } from "../../http/types.js";
import { CUSTOMER_CONTACT_SPELLING, ENDPOINTS, PER_PAGE_DEFAULT, type EndpointName } from "./facts.js";
import {
  toAsset,
  toCustomer,
  toJob,
  toLocation,
  toMeterReading,
  toPage,
  toServiceRecord,
  toTechnician,
  toTransfer,
  unwrapOne,
} from "./normalize.js";

type Query = Record<string, QueryValue>;

function paging(q: PageQuery = {}): Query {
  return { page: q.page ?? 1, per_page: q.perPage ?? PER_PAGE_DEFAULT };
}

/** Drop undefined keys so the body holds only what the caller set (PUT semantics: only changed fields). */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class FsmNavigatorClient {
  constructor(readonly http: HttpClient) {}

  /** A request for a named endpoint of facts.ENDPOINTS, so method and resource come from one table. */
  private req(name: EndpointName, query: Query = {}, body?: unknown): VendorRequest {
    const ep = ENDPOINTS[name];
    return { method: ep.method, path: ep.resource, query, ...(body === undefined ? {} : { body }), ...("idempotent" in ep ? { idempotent: ep.idempotent } : {}) };
  }

  private async get<T>(name: EndpointName, query: Query, map: (body: unknown) => T, ctx: CallContext = {}): Promise<T> {
    const res = await this.http.request(this.req(name, query), { signal: ctx.signal });
    return map(res.body);
  }

  // Customers and locations
  searchCustomers(q: CustomerSearch): Promise<Page<Customer>> {
    const search = q.query ?? q.email ?? q.phone;
    return this.get(
      "listCustomers",
      {
        search,
        created_after: q.createdAfter,
        created_before: q.createdBefore,
        has_locations: q.hasLocations === undefined ? undefined : q.hasLocations ? 1 : 0,
        ...paging(q),
      },
      (b) => toPage(b, "customers", toCustomer),
      q,
    );
  }

  getCustomer(id: Id, opts: CallContext & { withLocations?: boolean } = {}): Promise<Customer> {
    return this.get("getCustomer", { id, include: opts.withLocations ? "locations" : undefined }, (b) => toCustomer(unwrapOne(b, "customer")), opts);
  }

  createCustomer(input: CreateCustomerInput): WriteOperation<Customer> {
    // The create body's documented spelling (facts.CUSTOMER_CONTACT_SPELLING says why).
    const { email, phone } = CUSTOMER_CONTACT_SPELLING.create;
    const body = compact({ customer_name: input.name, [email]: input.email, [phone]: input.phone });
    return plannedWrite(this.http, this.req("createCustomer", {}, body), `Create customer "${input.name}"`, (res) =>
      mergeCreated(toCustomer, unwrapOne(res.body, "customer"), body),
    );
  }

  updateCustomer(id: Id, input: UpdateCustomerInput): WriteOperation<Customer> {
    // The customer object's spelling (facts.CUSTOMER_CONTACT_SPELLING); PUT sends only what changes (facts.PUT_SENDS).
    const { email, phone } = CUSTOMER_CONTACT_SPELLING.update;
    const body = compact({ customer_name: input.name, [email]: input.email, [phone]: input.phone });
    return plannedWrite(this.http, this.req("updateCustomer", { id }, body), `Update customer ${id}: ${Object.keys(body).join(", ")}`, (res) =>
      mergeCreated(toCustomer, unwrapOne(res.body, "customer"), { customer_id: id, ...body }),
    );
  }

  listLocations(customerId: Id, q: PageQuery = {}): Promise<Page<Location>> {
    return this.get("listLocations", { id: customerId, locations: 1, ...paging(q) }, (b) => toPage(b, "locations", toLocation), q);
  }

  createLocation(input: CreateLocationInput): WriteOperation<Location> {
    const body = compact({
      location_name: input.name,
      street: input.street,
      city: input.city,
      state: input.state,
      zip: input.zip,
      contact_email: input.contactEmail,
      notes: input.notes,
    });
    return plannedWrite(
      this.http,
      this.req("createLocation", { id: input.customerId, locations: 1 }, body),
      `Create location "${input.name}" for customer ${input.customerId}`,
      (res) => mergeCreated(toLocation, unwrapOne(res.body, "location"), { ...body, customer_id: input.customerId }),
    );
  }

  updateLocation(customerId: Id, locationId: Id, input: UpdateLocationInput): WriteOperation<Location> {
    const body = compact({
      location_name: input.name,
      street: input.street,
      city: input.city,
      state: input.state,
      zip: input.zip,
      contact_email: input.contactEmail,
      notes: input.notes,
    });
    return plannedWrite(
      this.http,
      this.req("updateLocation", { id: customerId, locations: 1, location_id: locationId }, body),
      `Update location ${locationId} of customer ${customerId}: ${Object.keys(body).join(", ")}`,
      (res) => mergeCreated(toLocation, unwrapOne(res.body, "location"), { location_id: locationId, customer_id: customerId, ...body }),
    );
  }

  // Jobs
  listJobs(q: JobSearch): Promise<Page<Job>> {
    return this.get(
      "listJobs",
      {
        status: q.status,
        priority: q.priority,
        assigned_technician_id: q.technicianId,
        customer_location_id: q.locationId,
        created_after: q.createdAfter,
        created_before: q.createdBefore,
        updated_since: q.updatedSince,
        ...paging(q),
      },
      (b) => toPage(b, "jobs", toJob),
      q,
    );
  }

  getJob(id: Id, ctx: CallContext = {}): Promise<Job> {
    return this.get("getJob", { id }, (b) => toJob(unwrapOne(b, "job")), ctx);
  }

  createJob(input: CreateJobInput): WriteOperation<Job> {
    const body = { ...jobFields(input), ...compact({ customer_location_id: input.locationId }) };
    return plannedWrite(
      this.http,
      this.req("createJob", {}, body),
      `Create job "${input.title}" at location ${input.locationId}`,
      (res) => mergeCreated(toJob, unwrapOne(res.body, "job"), body),
      { warnings: input.assetIds?.length ? [ASSET_IDS_SKIPPED] : undefined },
    );
  }

  updateJob(id: Id, input: UpdateJobInput): WriteOperation<Job> {
    const body = jobFields(input);
    return plannedWrite(
      this.http,
      this.req("updateJob", { id }, body),
      `Update job ${id}: ${Object.keys(body).join(", ")}`,
      (res) => mergeCreated(toJob, unwrapOne(res.body, "job"), { job_id: id, ...body }),
      { warnings: input.assetIds ? [ASSET_IDS_REPLACED] : undefined },
    );
  }

  changeJobStatus(job: Job, status: string): WriteOperation<Job> {
    return plannedWrite(
      this.http,
      this.req("updateJobStatus", { id: job.id }, { job_status: status }),
      `Change job ${job.id} status from ${job.status} to ${status}`,
      (res) => {
        const data = unwrapOne(res.body, "job");
        return { ...job, ...stripNulls(toJob({ job_id: job.id, ...data })), status: String(data.job_status ?? status) };
      },
      STATUS_CHANGE,
    );
  }

  // Assets
  searchAssets(q: AssetSearch): Promise<Page<Asset>> {
    return this.get(
      "listAssets",
      {
        search: q.query,
        status: q.status,
        asset_type_id: q.typeId,
        location_id: q.locationId,
        created_after: q.createdAfter,
        created_before: q.createdBefore,
        ...paging(q),
      },
      (b) => toPage(b, "assets", toAsset),
      q,
    );
  }

  getAsset(id: Id, ctx: CallContext = {}): Promise<Asset> {
    return this.get("getAsset", { id }, (b) => toAsset(unwrapOne(b, "asset")), ctx);
  }

  serviceHistory(id: Id, q: PageQuery = {}): Promise<Page<ServiceRecord>> {
    return this.get(
      "listServiceHistory",
      { id, sub: "service_history", ...paging(q) },
      (b) => toPage(b, "service_records", (o) => toServiceRecord(o, id)),
      q,
    );
  }

  createAsset(input: CreateAssetInput): WriteOperation<Asset> {
    const body = compact({
      asset_name: input.name,
      asset_type_id: input.typeId,
      serial_number: input.serialNumber,
      model: input.model,
      manufacturer: input.manufacturer,
      purchase_date: input.purchaseDate,
      purchase_cost: input.purchaseCost,
      status: input.status,
      location_id: input.locationId,
      assigned_to: input.assignedTo,
      notes: input.notes,
    });
    return plannedWrite(this.http, this.req("createAsset", {}, body), `Create asset "${input.name}"`, (res) =>
      mergeCreated(toAsset, unwrapOne(res.body, "asset"), { status: "Active", ...body }),
    );
  }

  updateAsset(id: Id, input: UpdateAssetInput): WriteOperation<Asset> {
    // Status changes go through PATCH (changeAssetStatus) so the transition table applies; PUT carries fields.
    const body = compact({
      asset_name: input.name,
      asset_type_id: input.typeId,
      serial_number: input.serialNumber,
      model: input.model,
      manufacturer: input.manufacturer,
      purchase_date: input.purchaseDate,
      purchase_cost: input.purchaseCost,
      location_id: input.locationId,
      assigned_to: input.assignedTo,
      notes: input.notes,
    });
    return plannedWrite(this.http, this.req("updateAsset", { id }, body), `Update asset ${id}: ${Object.keys(body).join(", ")}`, (res) =>
      mergeCreated(toAsset, unwrapOne(res.body, "asset"), { asset_id: id, ...body }),
    );
  }

  changeAssetStatus(asset: Asset, status: string): WriteOperation<Asset> {
    return plannedWrite(
      this.http,
      this.req("updateAssetStatus", { id: asset.id }, { status }),
      `Change asset ${asset.id} status from ${asset.status} to ${status}`,
      (res) => {
        const data = unwrapOne(res.body, "asset");
        return { ...asset, ...stripNulls(toAsset({ asset_id: asset.id, asset_name: asset.name, ...data })), status: String(data.status ?? status) };
      },
      STATUS_CHANGE,
    );
  }

  logService(assetId: Id, input: ServiceRecordInput): WriteOperation<ServiceRecord> {
    const body = compact({
      service_type: input.serviceType,
      description: input.description,
      service_date: input.serviceDate,
      service_cost: input.cost,
      technician_id: input.technicianId,
      resolution_notes: input.resolutionNotes,
      labor_hours: input.laborHours,
      is_warranty_work: input.isWarrantyWork,
      warranty_claim_number: input.warrantyClaimNumber,
    });
    return plannedWrite(
      this.http,
      this.req("createServiceRecord", { id: assetId, sub: "service" }, body),
      `Log ${input.serviceType} service on asset ${assetId} dated ${input.serviceDate}`,
      (res) => mergeCreated((o) => toServiceRecord(o, assetId), unwrapOne(res.body, "service_record"), { asset_id: assetId, ...body }),
    );
  }

  recordMeterReading(assetId: Id, input: MeterReadingInput): WriteOperation<MeterReading> {
    const body = { meter_id: input.meterId, reading_value: input.value, reading_date: input.date };
    const fallback: MeterReading = { assetId, meterId: input.meterId, value: input.value, date: input.date };
    return plannedWrite(
      this.http,
      this.req("submitMeterReading", { id: assetId, sub: "meter_reading" }, body),
      `Record reading ${input.value} on meter ${input.meterId} of asset ${assetId}`,
      // The seed shows no response example for meter readings: read what comes back, fall back to the input.
      (res) => toMeterReading(softUnwrap(res.body, "meter_reading"), fallback),
    );
  }

  transferAsset(asset: Asset, input: TransferInput): WriteOperation<Transfer> {
    const body = compact({ to_location_id: input.toLocationId, transfer_reason: input.reason, transfer_date: input.date });
    const fallback: Transfer = { assetId: asset.id, fromLocationId: asset.locationId ?? null, toLocationId: input.toLocationId, date: input.date ?? null };
    return plannedWrite(
      this.http,
      this.req("transferAsset", { id: asset.id, sub: "transfer" }, body),
      `Transfer asset ${asset.id} from location ${asset.locationId ?? "none"} to ${input.toLocationId}`,
      (res) => toTransfer(softUnwrap(res.body, "transfer"), fallback),
    );
  }

  // Technicians (read-only API)
  listTechnicians(q: TechnicianSearch): Promise<Page<Technician>> {
    return this.get(
      "listTechnicians",
      { status: q.status, availability_status: q.availability, ...paging(q) },
      (b) => toPage(b, "technicians", toTechnician),
      q,
    );
  }

  getTechnician(id: Id, ctx: CallContext = {}): Promise<Technician> {
    return this.get("getTechnician", { id }, (b) => toTechnician(unwrapOne(b, "technician")), ctx);
  }
}

/** The job fields create (POST) and update (PUT) share, in the vendor's spelling; only those set are sent. */
function jobFields(input: UpdateJobInput) {
  return compact({
    job_title: input.title,
    job_description: input.description,
    job_priority: input.priority,
    assigned_technician_id: input.technicianId,
    scheduled_start: input.scheduledStart,
    scheduled_end: input.scheduledEnd,
    asset_ids: input.assetIds,
    asset_relationship_type: input.assetIds?.length ? input.relationshipType : undefined,
  });
}

/**
 * A status PATCH is not idempotent in effect: once applied, the same request is refused as the transition
 * "X → X" (invalid_status_transition). So the HTTP core must not resend it after an ambiguous failure
 * (timeout, reset, 5xx); the safe-write pipeline re-reads the record instead (found by the fault matrix).
 */
const STATUS_CHANGE = { idempotent: false } as const;

export const ASSET_IDS_SKIPPED = "FSM Navigator silently skips asset ids that do not exist; check the job's assets with get_job.";
export const ASSET_IDS_REPLACED = "asset_ids replaced every asset link of the job (an empty list removes them all).";

/**
 * Create responses carry a partial record (seed 001: id, title, status, created_at). Fill the rest
 * from what we sent, so the result names everything the caller set without a second request.
 */
function mergeCreated<T>(map: (o: Record<string, unknown>) => T, returned: Record<string, unknown>, sent: Record<string, unknown>): T {
  return map({ ...sent, ...returned });
}

function softUnwrap(body: unknown, key: string): Record<string, unknown> {
  try {
    return unwrapOne(body, key);
  } catch {
    return {};
  }
}

function stripNulls<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== "")) as Partial<T>;
}
