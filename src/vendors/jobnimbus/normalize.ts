/**
 * The boundary where JobNimbus payloads become domain objects: Unix-second timestamps become ISO 8601
 * here and nowhere else, records keep their jnid strings, and error bodies are read in every shape the
 * API is known to use ({status, body}, or a `message` / `error` field).
 */
import type { Activity, Attachment, Customer, Id, Job, JobTask, Note, Technician } from "../../domain/types.js";
import type { ParsedVendorError, VendorDialect } from "../../http/types.js";
import type { ListKey } from "./facts.js";

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class MalformedPayloadError extends Error {
  override readonly name = "MalformedPayloadError";
}

function str(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v.trim() === "" ? null : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

function num(v: unknown): number | null {
  if (v === undefined || v === null || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function jnid(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null;
}

function required<T>(v: T | null, what: string): T {
  if (v === null || v === undefined) throw new MalformedPayloadError(`response has no ${what}`);
  return v;
}

/**
 * Unix seconds → ISO 8601 (UTC, whole seconds). JobNimbus uses 0 for "not set" [C3]; that and anything
 * unreadable become null. Millisecond values (over 10^11, i.e. after year 5138 in seconds) are accepted
 * too [I], so a vendor change of unit does not turn dates into the far future.
 */
export function isoFromUnix(v: unknown): string | null {
  const n = num(v);
  if (n === null || n <= 0) return null;
  const ms = n > 1e11 ? n : n * 1000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** ISO 8601 → Unix seconds for writes; null (clear) → 0, the vendor's "not set". */
export function unixFromIso(iso: string | null): number {
  if (iso === null) return 0;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 date-time: "${iso}"`);
  return Math.floor(ms / 1000);
}

/** A list response: `{count, <key>: [...]}` (results, activity or files). */
export function unwrapList(body: unknown, key: ListKey): { count: number; items: Obj[] } {
  if (!isObj(body)) throw new MalformedPayloadError(`expected a JSON object with "${key}"`);
  const raw = body[key];
  if (!Array.isArray(raw)) throw new MalformedPayloadError(`expected a "${key}" array in the response`);
  const items = raw.filter(isObj);
  return { count: num(body.count) ?? items.length, items };
}

/** A single record: JobNimbus answers GET/POST/PUT with the bare record [C3]. */
export function unwrapRecord(body: unknown, what: string): Obj {
  if (!isObj(body) || jnid(body.jnid) === null) throw new MalformedPayloadError(`expected a ${what} record with a jnid`);
  return body;
}

/** "1 Main St, Apt 2, Denver, CO 80202": address parts present, in mailing order. */
export function addressLine(o: Obj): string | null {
  const stateZip = [str(o.state_text), str(o.zip)].filter(Boolean).join(" ");
  const parts = [str(o.address_line1), str(o.address_line2), str(o.city), stateZip || null].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}

function contactName(o: Obj): string {
  return str(o.display_name) ?? ([str(o.first_name), str(o.last_name)].filter(Boolean).join(" ") || str(o.company) || "");
}

export function toCustomer(o: Obj): Customer {
  return {
    id: required(jnid(o.jnid), "contact jnid"),
    name: contactName(o),
    company: str(o.company),
    email: str(o.email),
    phone: str(o.mobile_phone) ?? str(o.home_phone) ?? str(o.work_phone),
    status: str(o.status_name),
    workflow: str(o.record_type_name),
    address: addressLine(o),
    createdAt: isoFromUnix(o.date_created),
    updatedAt: isoFromUnix(o.date_updated),
  };
}

function firstOwner(o: Obj): string | null {
  if (!Array.isArray(o.owners)) return null;
  const first = o.owners.find(isObj);
  return first ? jnid(first.id) : null;
}

export function toJob(o: Obj): Job {
  const primary = isObj(o.primary) ? o.primary : {};
  return {
    id: required(jnid(o.jnid), "job jnid"),
    number: str(o.number),
    title: str(o.name) ?? "",
    description: str(o.description),
    status: str(o.status_name) ?? "",
    workflow: str(o.record_type_name),
    customerId: jnid(primary.id),
    customerName: str(primary.name),
    address: addressLine(o),
    technicianId: firstOwner(o),
    scheduledStart: isoFromUnix(o.date_start),
    scheduledEnd: isoFromUnix(o.date_end),
    createdAt: isoFromUnix(o.date_created),
    updatedAt: isoFromUnix(o.date_updated),
    salesRepId: jnid(o.sales_rep),
    salesRepName: str(o.sales_rep_name),
    leadSource: str(o.source_name),
  };
}

/** Task states: JobNimbus ticks a task off (is_completed) and can untick it; there is no other status [C3]. */
export const TASK_OPEN = "Open";
export const TASK_COMPLETED = "Completed";

/** A task (GET /tasks) as a job task: its title is what is to be done, date_start its place on the calendar. */
export function toTask(o: Obj): JobTask {
  return {
    id: required(jnid(o.jnid), "task jnid"),
    number: str(o.number),
    description: str(o.title),
    type: str(o.record_type_name),
    status: o.is_completed === true ? TASK_COMPLETED : TASK_OPEN,
    assigneeId: firstOwner(o),
    dueAt: isoFromUnix(o.date_start),
  };
}

/** An activity (GET /activities) as a log entry. */
export function toActivity(o: Obj): Activity {
  return {
    id: required(jnid(o.jnid), "activity jnid"),
    type: str(o.record_type_name) ?? "Activity",
    text: str(o.note) ?? "",
    by: str(o.created_by_name),
    createdAt: isoFromUnix(o.date_created),
  };
}

/** A file (GET /files) as an attachment: name, type and size, never its content or a download URL. */
export function toAttachment(o: Obj): Attachment {
  return {
    id: required(jnid(o.jnid), "file jnid"),
    filename: str(o.filename) ?? "",
    type: str(o.record_type_name),
    contentType: str(o.content_type),
    sizeBytes: num(o.size),
    description: str(o.description),
    createdAt: isoFromUnix(o.date_file_created) ?? isoFromUnix(o.date_created),
  };
}

/** An activity as a job note. `jobId` is the job it was read or written for. */
export function toNote(o: Obj, jobId: Id): Note {
  return {
    id: required(jnid(o.jnid), "activity jnid"),
    jobId,
    text: str(o.note) ?? "",
    createdAt: isoFromUnix(o.date_created),
  };
}

/** An account user (GET /account/users) as a technician: users are who jobs are assigned to (owners). */
export function toTechnician(o: Obj): Technician {
  return {
    id: required(jnid(o.id), "user id"),
    name: [str(o.first_name), str(o.last_name)].filter(Boolean).join(" ") || str(o.email) || "",
    email: str(o.email),
    status: o.is_active === false ? "Inactive" : "Active",
  };
}

/** `{users: [...], date_updated}` [C]. */
export function unwrapUsers(body: unknown): Obj[] {
  if (!isObj(body) || !Array.isArray(body.users)) throw new MalformedPayloadError('expected a "users" array in the response');
  return body.users.filter(isObj);
}

/**
 * JobNimbus errors: `{"status":401,"body":"Authentication required"}` is the one documented shape [C3];
 * clients also read `message`, then `error` [C3]. No error codes and no request ids are published.
 */
export const jobNimbusDialect: VendorDialect = {
  parseError(_status, body): ParsedVendorError {
    if (typeof body === "string") return body.trim() ? { message: body } : {};
    if (!isObj(body)) return {};
    const message = textOf(body.body) ?? textOf(body.message) ?? textOf(body.error) ?? textOf(body.errors);
    return message ? { message } : {};
  },
};

/** A message out of a string, or the first string inside an object or array (`{"error":{"message":…}}`). */
function textOf(v: unknown, depth = 0): string | undefined {
  if (typeof v === "string") return v.trim() ? v : undefined;
  if (depth > 2) return undefined;
  if (Array.isArray(v)) {
    const texts = v.map((x) => textOf(x, depth + 1)).filter((x): x is string => Boolean(x));
    return texts.length ? texts.join("; ") : undefined;
  }
  if (isObj(v)) return textOf(v.message, depth + 1) ?? textOf(v.body, depth + 1) ?? textOf(v.error, depth + 1);
  return undefined;
}
