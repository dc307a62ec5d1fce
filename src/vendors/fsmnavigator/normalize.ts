/**
 * The boundary where FSM Navigator payloads become domain objects. The vendor documents two envelopes
 * (fsmnavigator.md, "Two URL styles, two envelopes"):
 *   B (reference): {data: [...] | {...}, pagination: {page, per_page, total, total_pages}, request_id}
 *   A (guide):     {success: true, customers: [...], page, per_page, total, total_pages} / {success, customer: {id}}
 * and two id spellings (`id` vs `job_id`/`customer_id`/…). Everything is read leniently here, once.
 */
import type {
  Asset,
  Customer,
  Id,
  Job,
  JobAssetLink,
  Location,
  Meter,
  MeterReading,
  Page,
  ServiceRecord,
  Technician,
  Transfer,
} from "../../domain/types.js";
import type { ParsedVendorError, VendorDialect } from "../../http/types.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : String(v);
}

function num(v: unknown): number | null {
  if (v === undefined || v === null || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function id(v: unknown): Id | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v !== "") return /^\d+$/.test(v) ? Number(v) : v;
  return null;
}

/** First present id among the spellings, e.g. pickId(o, "job_id") reads job_id, then id. */
function pickId(o: Obj, ...keys: string[]): Id | null {
  for (const k of [...keys, "id"]) {
    const v = id(o[k]);
    if (v !== null) return v;
  }
  return null;
}

function required<T>(v: T | null, what: string): T {
  if (v === null || v === undefined) throw new MalformedPayloadError(`response has no ${what}`);
  return v;
}

export class MalformedPayloadError extends Error {
  override readonly name = "MalformedPayloadError";
}

/** The single record of a response: envelope B `data`, or envelope A `<key>` (e.g. "job"). */
export function unwrapOne(body: unknown, key: string): Obj {
  if (!isObj(body)) throw new MalformedPayloadError(`expected a JSON object with "${key}" or "data"`);
  const candidate = isObj(body.data) ? body.data : isObj(body[key]) ? body[key] : undefined;
  if (candidate) return candidate as Obj;
  throw new MalformedPayloadError(`expected "${key}" or "data" in the response`);
}

/** A list response in either envelope. `key` is envelope A's plural key, e.g. "jobs". */
export function unwrapList(body: unknown, key: string): { items: Obj[]; page: number; perPage: number; total: number; totalPages: number } {
  if (!isObj(body)) throw new MalformedPayloadError(`expected a JSON object with "${key}" or "data"`);
  let raw: unknown = Array.isArray(body.data) ? body.data : body[key];
  if (!Array.isArray(raw)) raw = Object.values(body).find((v) => Array.isArray(v));
  if (!Array.isArray(raw)) throw new MalformedPayloadError(`expected a "${key}" or "data" array in the response`);
  const items = raw.filter(isObj);
  const meta: Obj = isObj(body.pagination) ? body.pagination : body;
  const perPage = num(meta.per_page) ?? (items.length || 1);
  const total = num(meta.total) ?? items.length;
  const page = num(meta.page) ?? 1;
  const totalPages = num(meta.total_pages) ?? Math.max(1, Math.ceil(total / perPage));
  return { items, page, perPage, total, totalPages };
}

export function toPage<T>(body: unknown, key: string, map: (o: Obj) => T): Page<T> {
  const list = unwrapList(body, key);
  return { items: list.items.map(map), page: list.page, perPage: list.perPage, total: list.total, totalPages: list.totalPages };
}

export function toLocation(o: Obj): Location {
  return {
    id: required(pickId(o, "location_id", "customer_location_id"), "location id"),
    customerId: pickId({ id: o.customer_id }) ?? undefined,
    name: str(o.location_name ?? o.name) ?? "",
    street: str(o.street),
    city: str(o.city),
    state: str(o.state),
    zip: str(o.zip),
    isPrimary: typeof o.is_primary === "boolean" ? o.is_primary : undefined,
    contactEmail: str(o.contact_email),
    notes: str(o.notes),
    createdAt: str(o.created_at),
    updatedAt: str(o.updated_at),
  };
}

export function toCustomer(o: Obj): Customer {
  const locations = Array.isArray(o.locations) ? o.locations.filter(isObj).map(toLocation) : undefined;
  return {
    id: required(pickId(o, "customer_id"), "customer id"),
    name: str(o.customer_name ?? o.name) ?? "",
    // The customer object says customer_email/phone; the guide's create body says contact_email/phone.
    email: str(o.customer_email ?? o.contact_email ?? o.email),
    phone: str(o.customer_phone ?? o.contact_phone ?? o.phone),
    slaHours: num(o.default_sla_hours),
    taxExempt: typeof o.tax_exempt === "boolean" ? o.tax_exempt : null,
    createdAt: str(o.created_at),
    updatedAt: str(o.updated_at),
    ...(locations ? { locations } : {}),
  };
}

function toJobAssetLink(o: Obj): JobAssetLink {
  return {
    assetId: required(pickId(o, "asset_id"), "asset id"),
    tag: str(o.asset_tag),
    name: str(o.asset_name),
    status: str(o.asset_status ?? o.status),
    relationshipType: str(o.relationship_type),
  };
}

export function toJob(o: Obj): Job {
  return {
    id: required(pickId(o, "job_id"), "job id"),
    title: str(o.job_title ?? o.title) ?? "",
    description: str(o.job_description ?? o.description),
    status: str(o.job_status ?? o.status) ?? "",
    priority: str(o.job_priority ?? o.priority),
    customerId: id(o.customer_id),
    customerName: str(o.customer_name),
    locationId: id(o.customer_location_id ?? o.location_id),
    locationName: str(o.customer_location_name ?? o.location_name),
    technicianId: id(o.assigned_technician_id),
    technicianName: str(o.assigned_technician_name),
    scheduledStart: str(o.scheduled_start),
    scheduledEnd: str(o.scheduled_end),
    actualStart: str(o.actual_start),
    actualEnd: str(o.actual_end),
    createdAt: str(o.created_at),
    updatedAt: str(o.updated_at),
    ...(Array.isArray(o.assets) ? { assets: o.assets.filter(isObj).map(toJobAssetLink) } : {}),
  };
}

function toMeter(o: Obj): Meter {
  return {
    id: required(pickId(o, "meter_id"), "meter id"),
    name: str(o.meter_name ?? o.name),
    unit: str(o.unit),
    lastReading: num(o.last_reading ?? o.last_reading_value),
    lastReadingDate: str(o.last_reading_date),
  };
}

export function toAsset(o: Obj): Asset {
  return {
    id: required(pickId(o, "asset_id"), "asset id"),
    tag: str(o.asset_tag),
    name: str(o.asset_name ?? o.name) ?? "",
    typeId: id(o.asset_type_id),
    typeName: str(o.asset_type_name),
    status: str(o.status ?? o.asset_status),
    locationId: id(o.location_id),
    locationName: str(o.location_name),
    assignedTo: id(o.assigned_to),
    assignedToName: str(o.assigned_to_name),
    serialNumber: str(o.serial_number),
    model: str(o.model),
    manufacturer: str(o.manufacturer),
    purchaseDate: str(o.purchase_date),
    purchaseCost: num(o.purchase_cost),
    warrantyExpiry: str(o.warranty_expiry),
    notes: str(o.notes),
    createdAt: str(o.created_at),
    updatedAt: str(o.updated_at),
    ...(Array.isArray(o.meters) ? { meters: o.meters.filter(isObj).map(toMeter) } : {}),
  };
}

export function toServiceRecord(o: Obj, assetId?: Id): ServiceRecord {
  return {
    id: required(pickId(o, "service_id", "service_record_id"), "service record id"),
    assetId: required(pickId({ id: o.asset_id }) ?? assetId ?? null, "asset id"),
    serviceType: str(o.service_type) ?? "",
    description: str(o.description),
    serviceDate: str(o.service_date),
    technicianId: id(o.technician_id),
    resolutionNotes: str(o.resolution_notes),
    laborHours: num(o.labor_hours),
    cost: num(o.service_cost),
    isWarrantyWork: typeof o.is_warranty_work === "boolean" ? o.is_warranty_work : null,
    warrantyClaimNumber: str(o.warranty_claim_number),
    nextServiceDue: str(o.next_service_due),
    createdAt: str(o.created_at),
  };
}

export function toMeterReading(o: Obj, fallback: MeterReading): MeterReading {
  return {
    id: pickId(o, "reading_id", "meter_reading_id"),
    assetId: id(o.asset_id) ?? fallback.assetId,
    meterId: id(o.meter_id) ?? fallback.meterId,
    value: num(o.reading_value) ?? fallback.value,
    date: str(o.reading_date) ?? fallback.date,
  };
}

export function toTransfer(o: Obj, fallback: Transfer): Transfer {
  return {
    id: pickId(o, "transfer_id"),
    assetId: id(o.asset_id) ?? fallback.assetId,
    fromLocationId: id(o.from_location_id) ?? fallback.fromLocationId ?? null,
    toLocationId: id(o.to_location_id) ?? fallback.toLocationId,
    status: str(o.status) ?? fallback.status ?? null,
    date: str(o.transfer_date) ?? fallback.date ?? null,
  };
}

export function toTechnician(o: Obj): Technician {
  const name = [str(o.first_name), str(o.last_name)].filter(Boolean).join(" ") || str(o.name) || "";
  return {
    id: required(pickId(o, "technician_id"), "technician id"),
    name,
    status: str(o.status),
    availability: str(o.availability_status),
    vehicleType: str(o.vehicle_type),
  };
}

/** FSM Navigator's error envelope: {success:false, error:<code>, message, request_id?, details?, …}. */
export const fsmNavigatorDialect: VendorDialect = {
  parseError(_status, body): ParsedVendorError {
    if (!isObj(body)) return {};
    const details: Record<string, unknown> = {};
    for (const k of ["retry_after", "required_scope", "current_status", "allowed_transitions"]) {
      if (body[k] !== undefined) details[k] = body[k];
    }
    return {
      code: str(body.error) ?? undefined,
      message: str(body.message) ?? undefined,
      requestId: str(body.request_id) ?? undefined,
      fieldErrors: fieldErrorsOf(body.details ?? body.errors),
      ...(Object.keys(details).length ? { details } : {}),
    };
  },
  // Seed 000: "Never assume a 200 status alone means success — always check the body too."
  failureInSuccess(body) {
    return isObj(body) && body.success === false ? this.parseError(200, body) : undefined;
  },
  requestIdOf(body) {
    return isObj(body) ? str(body.request_id) ?? undefined : undefined;
  },
};

function fieldErrorsOf(v: unknown): Record<string, string[]> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, msgs] of Object.entries(v)) {
    out[k] = Array.isArray(msgs) ? msgs.map((m) => String(m)) : [String(msgs)];
  }
  return Object.keys(out).length ? out : undefined;
}
