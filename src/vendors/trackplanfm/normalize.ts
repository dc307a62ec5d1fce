/**
 * The boundary where TrackplanFM payloads become domain objects, and its error dialect. Lists are
 * `{count, data}` (seed §2); creates answer a bare GUID string; errors are ASP.NET problem details (seed §3).
 * Field names follow facts.FIELDS; everything is read leniently, once, here.
 */
import type { Asset, Customer, Id, Job, JobCost, JobRequest, JobTask, Location, Page, Technician } from "../../domain/types.js";
import type { ParsedVendorError, VendorDialect } from "../../http/types.js";
import { READ_ALIASES, VALIDATION_TITLE } from "./facts.js";

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | null {
  if (v === undefined || v === null || v === "") return null;
  return typeof v === "string" ? v : String(v);
}

export function num(v: unknown): number | null {
  if (v === undefined || v === null || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export class MalformedPayloadError extends Error {
  override readonly name = "MalformedPayloadError";
}

function guidOf(o: Obj, what: string): string {
  const g = str(o.guid ?? o.id);
  if (!g) throw new MalformedPayloadError(`${what} has no guid`);
  return g;
}

/** A `{count, data}` page; page and pageSize are what we asked for (the vendor does not echo them). */
export function toPage<T>(body: unknown, page: number, pageSize: number, map: (o: Obj) => T): Page<T> {
  if (!isObj(body) || !Array.isArray(body.data)) throw new MalformedPayloadError('expected {"count": N, "data": [...]}');
  const items = body.data.filter(isObj);
  const total = num(body.count) ?? items.length;
  return { items: items.map(map), page, perPage: pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** One record: the body itself (seed §2.3.2: a bare object). */
export function toRecord(body: unknown, what: string): Obj {
  if (!isObj(body)) throw new MalformedPayloadError(`expected a ${what} object`);
  return body;
}

/** The GUID a create or update answers with: a bare JSON string (seed), leniently also {id}/{guid}. */
export function toGuid(body: unknown, what: string): string {
  if (typeof body === "string" && body.trim() !== "") return body.trim();
  if (isObj(body)) {
    const g = str(body.guid ?? body.id);
    if (g) return g;
  }
  throw new MalformedPayloadError(`expected the GUID of the ${what}`);
}

/** The token of a login answer: {token} (seed §2.1.1). */
export function toToken(body: unknown): string | undefined {
  return isObj(body) && typeof body.token === "string" && body.token !== "" ? body.token : undefined;
}

/* ---------- Domain mapping ---------- */

/** A site as a location (the place a job is raised at): the API exposes no locations below sites. */
export function toSiteLocation(o: Obj): Location {
  return {
    id: guidOf(o, "site"),
    name: str(o.name) ?? "",
    street: str(o.address),
    city: str(o.town),
    zip: str(o.postcode),
    region: str(o.region),
    code: str(o.code),
  };
}

/**
 * A site in the customer role (search_customers / get_customer), with itself as its one location when asked. Its
 * address is carried on one line too: a dispatcher names a site by its street or postcode ("the Prescot Street
 * site", "E14 5AB"), and a listed site brings no location record for the lookup index to read them from.
 */
export function toSiteCustomer(o: Obj, withLocation = false): Customer {
  return {
    id: guidOf(o, "site"),
    name: str(o.name) ?? "",
    code: str(o.code),
    region: str(o.region),
    address: [str(o.address), str(o.town), str(o.postcode)].filter(Boolean).join(", ") || null,
    ...(withLocation ? { locations: [toSiteLocation(o)] } : {}),
  };
}

/**
 * A job. TrackplanFM has one text, jobDetails: its first line is the title and the rest the description
 * (create_job writes it that way). The site is referred to by its numeric siteId; `siteGuid` is the site's
 * GUID when the caller knows it (the location id the tools chain on).
 */
export function toJob(o: Obj, opts: { siteGuid?: string | null; tasks?: JobTask[] } = {}): Job {
  const details = str(o.jobDetails) ?? "";
  const newline = details.indexOf("\n");
  const title = (newline < 0 ? details : details.slice(0, newline)).trim();
  const description = newline < 0 ? null : details.slice(newline + 1).trim() || null;
  return {
    id: guidOf(o, "job"),
    number: str(o.jobNumber),
    title,
    description,
    status: str(o.jobStatus) ?? "",
    locationId: opts.siteGuid ?? null,
    locationName: str(o.siteName),
    createdAt: str(o.createdDate),
    actualEnd: str(o.completedDate),
    ...(opts.tasks ? { tasks: opts.tasks } : {}),
  };
}

/** The jobDetails text for a title and description (see toJob). */
export function jobDetailsOf(title: string, description?: string): string {
  const d = description?.trim();
  return d ? `${title.trim()}\n${d}` : title.trim();
}

/** The first of several documented spellings of one field that holds a value (facts.READ_ALIASES). */
export function firstOf(o: Obj, names: readonly string[]): unknown {
  for (const n of names) if (o[n] !== undefined && o[n] !== null && o[n] !== "") return o[n];
  return undefined;
}

export function toTask(o: Obj): JobTask {
  return {
    id: guidOf(o, "job task"),
    number: str(o.taskNumber) ?? str(o.taskId),
    description: str(o.description),
    status: str(o.taskStatus) ?? "",
    assignee: str(firstOf(o, READ_ALIASES.taskAssignee)),
    startedAt: str(o.startDate),
    completedAt: str(firstOf(o, READ_ALIASES.taskCompletedAt)),
  };
}

/** A job cost line; amounts are read leniently (numbers or numeric strings). */
export function toJobCost(o: Obj): JobCost {
  return {
    id: guidOf(o, "job cost"),
    jobId: str(o.jobGuid),
    description: str(o.costDescription),
    materials: num(o.costMaterials),
    labour: num(o.costLabour),
    budget: num(o.budget),
    invoiceNo: str(o.invoiceNo),
    invoiceDate: str(o.invoiceDate),
  };
}

/** A job request: its text is `details` in answers and `description` in the create body (facts.READ_ALIASES). */
export function toJobRequest(o: Obj): JobRequest {
  return {
    id: guidOf(o, "job request"),
    number: str(o.jobRequestNumber),
    description: str(firstOf(o, READ_ALIASES.jobRequestText)) ?? "",
    status: str(o.requestStatus),
    site: str(o.site),
    raisedBy: str(o.raisedBy),
    raisedByEmail: str(o.raisedByEmail),
    createdAt: str(o.createdDate),
  };
}

export function toAsset(o: Obj, siteGuid?: string | null): Asset {
  return {
    id: guidOf(o, "asset"),
    tag: str(o.assetId),
    name: str(o.description) ?? "",
    typeId: num(o.assetClassId),
    typeName: str(o.assetClass),
    locationId: siteGuid ?? null,
    locationName: [str(o.siteName), str(o.location)].filter(Boolean).join(" — ") || null,
    serialNumber: str(o.serialNumber),
    model: str(o.model),
    manufacturer: str(o.manufacturer),
    // No install date or condition in the domain model: kept readable in the notes.
    notes: [str(o.installDate) ? `Installed ${str(o.installDate)!.slice(0, 10)}` : null, str(o.condition) ? `condition ${str(o.condition)}` : null].filter(Boolean).join("; ") || null,
  };
}

export function toTechnician(o: Obj): Technician {
  return {
    id: guidOf(o, "resource"),
    name: str(o.name) ?? "",
    type: str(o.resourceType),
    email: str(o.emailAddress),
  };
}

/** The numeric id the API uses in bodies (siteId, resourceId, jobId) when only the GUID is a path id. */
export function intField(o: Obj, field: string, what: string): number {
  const n = num(o[field]);
  if (n === null || !Number.isInteger(n)) throw new MalformedPayloadError(`${what} has no numeric ${field}`);
  return n;
}

export function idText(id: Id): string {
  return String(id);
}

/* ---------- Errors ---------- */

/**
 * ASP.NET problem details (seed §3.1): validation `{errors: {field: [msg]}, title, status}`, others
 * `{type, title, status, detail}`; `traceId` [I] is ASP.NET's request id. A bare string body is read as the
 * message. The code is ours (problem details have none), chosen from the status.
 */
export const trackplanfmDialect: VendorDialect = {
  parseError(status, body): ParsedVendorError {
    if (typeof body === "string") return { code: codeFor(status, false), message: body };
    if (!isObj(body)) return { code: codeFor(status, false) };
    const fieldErrors = fieldErrorsOf(body.errors);
    const title = str(body.title) ?? undefined;
    const detail = str(body.detail) ?? undefined;
    const fieldsText = fieldErrors
      ? Object.entries(fieldErrors)
          .map(([f, m]) => `${f}: ${m.join(" ")}`)
          .join("; ")
      : undefined;
    const message = fieldsText ? `${title ?? VALIDATION_TITLE} (${fieldsText})` : (detail ?? title);
    const type = str(body.type);
    return {
      code: codeFor(status, Boolean(fieldErrors)),
      message,
      requestId: str(body.traceId) ?? undefined,
      fieldErrors,
      ...(type ? { details: { type } } : {}),
    };
  },
  requestIdOf(body) {
    return isObj(body) ? (str(body.traceId) ?? undefined) : undefined;
  },
};

function codeFor(status: number, validation: boolean): string | undefined {
  if (status === 400) return validation ? "validation_failed" : "bad_request";
  return ({ 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 429: "rate_limited" } as Record<number, string>)[status] ?? (status >= 500 ? "server_error" : undefined);
}

function fieldErrorsOf(v: unknown): Record<string, string[]> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, msgs] of Object.entries(v)) {
    out[k] = Array.isArray(msgs) ? msgs.map((m) => String(m)) : [String(msgs)];
  }
  return Object.keys(out).length ? out : undefined;
}
