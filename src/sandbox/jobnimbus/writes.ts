/**
 * POST and PUT of contacts, jobs, tasks and activities, validated the way the vendor documents (required
 * fields, workflow and status names from the account's settings, referenced records that must exist) and
 * applied to the store. PUT is a partial update [C]; `is_active: false` deactivates [C]. Server-managed
 * fields (jnid, recid, number, type, dates of creation) are ignored when sent [I]. System activities
 * ("Contact Created", "Job Created", "Status Changed") are recorded as the web app would [I].
 */
import type { SandboxClock } from "../common/clock.js";
import { ApiError, badRequest, notFound } from "./errors.js";
import { JobNimbusStore, type JnRecord, type RecordType, type SettingsStatus, type SettingsWorkflow, type UserRecord } from "./store.js";

export interface WriteContext {
  store: JobNimbusStore;
  clock: SandboxClock;
  /** The user the API key acts as (created_by). */
  actor: UserRecord;
}

type Json = Record<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const CONTACT_TEXT = [
  "first_name", "last_name", "display_name", "company", "email", "home_phone", "mobile_phone", "work_phone", "fax_number", "website",
  "address_line1", "address_line2", "city", "state_text", "zip", "country_name", "description",
] as const;
const JOB_TEXT = ["name", "description", "address_line1", "address_line2", "city", "state_text", "zip", "country_name"] as const;
const TASK_TEXT = ["title", "description"] as const;

/** Reads a JSON body field by field, collecting every problem so one answer names them all. */
class BodyReader {
  readonly problems: string[] = [];
  constructor(readonly raw: Json) {}

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.raw, key) && this.raw[key] !== undefined;
  }

  text(key: string, required = false): string | undefined {
    if (!this.has(key)) {
      if (required) this.problems.push(`${key} is required`);
      return undefined;
    }
    const v = this.raw[key];
    if (v === null) return "";
    if (typeof v !== "string") {
      this.problems.push(`${key} must be a string`);
      return undefined;
    }
    if (required && v.trim() === "") this.problems.push(`${key} must not be empty`);
    return v;
  }

  int(key: string, required = false): number | undefined {
    if (!this.has(key)) {
      if (required) this.problems.push(`${key} is required`);
      return undefined;
    }
    const v = this.raw[key];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      this.problems.push(`${key} must be a whole number${key.startsWith("date_") ? " of seconds since 1970 (Unix time)" : ""}`);
      return undefined;
    }
    return v;
  }

  bool(key: string): boolean | undefined {
    if (!this.has(key)) return undefined;
    const v = this.raw[key];
    if (typeof v !== "boolean") {
      this.problems.push(`${key} must be true or false`);
      return undefined;
    }
    return v;
  }

  /** `{"id": "<jnid>"}` */
  ref(key: string): { id: string; type?: string } | undefined {
    if (!this.has(key)) return undefined;
    const v = this.raw[key];
    if (typeof v !== "object" || v === null || Array.isArray(v) || typeof (v as Json).id !== "string" || (v as Json).id === "") {
      this.problems.push(`${key} must be an object with an "id"`);
      return undefined;
    }
    const ref = v as Json;
    return { id: String(ref.id), ...(typeof ref.type === "string" ? { type: ref.type } : {}) };
  }

  /** `[{"id": "<jnid>"}, …]` */
  refs(key: string): Array<{ id: string; type?: string }> | undefined {
    if (!this.has(key)) return undefined;
    const v = this.raw[key];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "object" || x === null || typeof (x as Json).id !== "string" || (x as Json).id === "")) {
      this.problems.push(`${key} must be an array of objects with an "id"`);
      return undefined;
    }
    return v.map((x) => ({ id: String((x as Json).id), ...(typeof (x as Json).type === "string" ? { type: String((x as Json).type) } : {}) }));
  }

  fail(message: string): void {
    this.problems.push(message);
  }

  /** 400 with every problem, in the vendor's `{status, body}` shape. */
  check(): void {
    if (this.problems.length) throw badRequest(this.problems.join("; "));
  }
}

function now(ctx: WriteContext): number {
  return Math.floor(Date.parse(ctx.clock.tick()) / 1000);
}

function userName(u: UserRecord): string {
  return `${u.first_name} ${u.last_name}`;
}

/** Resolve a workflow + status pair by name; the messages name the valid values. */
function workflowStatus(
  r: BodyReader,
  store: JobNimbusStore,
  objectType: "contact" | "job",
  workflowName: string | undefined,
  statusName: string | undefined,
): { workflow?: SettingsWorkflow; status?: SettingsStatus } {
  if (workflowName === undefined) return {};
  const workflow = store.workflow(objectType, workflowName);
  if (!workflow) {
    r.fail(`record_type_name "${workflowName}" is not a ${objectType} workflow of this account (valid: ${store.activeWorkflows(objectType).map((w) => w.name).join(", ")})`);
    return {};
  }
  if (statusName === undefined) return { workflow };
  const status = JobNimbusStore.activeStatus(workflow, statusName);
  if (!status) r.fail(`status_name "${statusName}" is not a status of the ${workflow.name} workflow (valid: ${JobNimbusStore.activeStatusNames(workflow).join(", ")})`);
  return { workflow, status };
}

function checkUsers(r: BodyReader, store: JobNimbusStore, key: string, ids: string[] | undefined): void {
  for (const id of ids ?? []) if (!store.user(id)?.is_active) r.fail(`${key}: "${id}" is not an active user of this account`);
}

function reference(record: JnRecord): Json {
  return {
    id: record.jnid,
    name: record.type === "contact" ? record.display_name : record.type === "task" ? record.title : record.name ?? record.note ?? "",
    number: record.number ?? "",
    type: record.type,
  };
}

function baseRecord(ctx: WriteContext, type: RecordType, at: number): JnRecord {
  return {
    jnid: ctx.store.newJnid(),
    recid: ctx.store.nextRecid(type),
    type,
    customer: ctx.store.account.id,
    created_by: ctx.actor.id,
    created_by_name: userName(ctx.actor),
    date_created: at,
    date_updated: at,
    is_active: true,
    is_archived: false,
    owners: [],
    tags: [],
    description: "",
    location: { id: 1, parent_id: null, name: ctx.store.account.name },
  };
}

function systemActivity(ctx: WriteContext, subject: JnRecord, typeName: string, note: string, at: number, newStatus?: string): void {
  const type = ctx.store.settings.activityTypes.find((t) => t.TypeName === typeName);
  const record: JnRecord = {
    ...baseRecord(ctx, "activity", at),
    note,
    record_type: type?.ActivityTypeId ?? 0,
    record_type_name: typeName,
    is_status_change: typeName === "Status Changed",
    is_editable: false,
    source: "api",
    primary: { ...reference(subject), ...(newStatus ? { new_status: newStatus } : {}) },
    related: [reference(subject), ...(Array.isArray(subject.related) ? (subject.related as Json[]).filter((x) => x.id !== subject.jnid) : [])],
  };
  ctx.store.activities.set(record.jnid, record);
}

function copyText(r: BodyReader, target: JnRecord, fields: readonly string[]): void {
  for (const f of fields) {
    const v = r.text(f);
    if (v !== undefined) target[f] = v;
  }
}

function existing(store: JobNimbusStore, collection: "contacts" | "jobs" | "tasks" | "activities", jnid: string, what: string): JnRecord {
  const record = store[collection].get(jnid);
  if (!record) throw notFound(what, jnid);
  return record;
}

/* ---------- contacts ---------- */

export function createContact(ctx: WriteContext, body: Json): JnRecord {
  const r = new BodyReader(body);
  const { store } = ctx;
  const { workflow, status } = workflowStatus(r, store, "contact", r.text("record_type_name", true), r.text("status_name", true));
  const names = ["first_name", "last_name", "display_name", "company"].map((k) => r.text(k)).filter((v) => v && v.trim() !== "");
  if (!names.length) r.fail("one of first_name, last_name, display_name or company is required");
  const email = r.text("email");
  if (email && !EMAIL.test(email)) r.fail(`email "${email}" is not a valid email address`);
  const source = r.text("source_name");
  if (source && !store.activeSourceNames().includes(source)) r.fail(`source_name "${source}" is not a lead source of this account (valid: ${store.activeSourceNames().join(", ")})`);
  const owners = r.refs("owners");
  checkUsers(r, store, "owners", owners?.map((o) => o.id));
  const salesRep = r.text("sales_rep");
  checkUsers(r, store, "sales_rep", salesRep ? [salesRep] : undefined);
  r.check();

  const at = now(ctx);
  const rep = store.user(salesRep ?? ctx.actor.id) ?? ctx.actor;
  const record: JnRecord = {
    ...baseRecord(ctx, "contact", at),
    number: store.nextNumber("contact"),
    first_name: "",
    last_name: "",
    display_name: "",
    company: "",
    email: "",
    home_phone: "",
    mobile_phone: "",
    work_phone: "",
    fax_number: "",
    website: "",
    address_line1: "",
    address_line2: "",
    city: "",
    state_text: "",
    zip: "",
    country_name: "",
    record_type: workflow!.id,
    record_type_name: workflow!.name,
    status: status!.id,
    status_name: status!.name,
    is_lead: status!.is_lead,
    is_closed: status!.is_closed,
    is_sub_contractor: false,
    is_user: false,
    sales_rep: rep.id,
    sales_rep_name: userName(rep),
    source_name: source ?? "",
    date_start: 0,
    date_end: 0,
    date_status_change: at,
    task_count: 0,
    attachment_count: 0,
    approved_estimate_total: 0,
    approved_invoice_total: 0,
    approved_invoice_due: 0,
    related: [],
    owners: owners ?? [{ id: ctx.actor.id }],
  };
  copyText(r, record, CONTACT_TEXT);
  if (!record.display_name) record.display_name = [record.first_name, record.last_name].filter(Boolean).join(" ") || String(record.company);
  record.email = String(record.email).toLowerCase();
  store.contacts.set(record.jnid, record);
  systemActivity(ctx, record, "Contact Created", `Contact created: ${String(record.display_name)}`, at);
  return record;
}

/**
 * The workflow/status change an update body asks for, if any: a new workflow needs a status, and a status is
 * checked against the record's own workflow (or the one it moves to in the same request).
 */
function workflowChange(r: BodyReader, store: JobNimbusStore, kind: "contact" | "job", record: JnRecord): ReturnType<typeof workflowStatus> {
  const workflowName = r.text("record_type_name");
  const statusName = r.text("status_name");
  if (workflowName !== undefined && statusName === undefined) r.fail("status_name is required when record_type_name changes");
  if (workflowName === undefined && statusName === undefined) return {};
  return workflowStatus(r, store, kind, workflowName ?? String(record.record_type_name), statusName);
}

export function updateContact(ctx: WriteContext, jnid: string, body: Json): JnRecord {
  const record = existing(ctx.store, "contacts", jnid, "Contact");
  const r = new BodyReader(body);
  const { workflow, status } = workflowChange(r, ctx.store, "contact", record);
  const isActive = r.bool("is_active");
  const email = r.text("email");
  if (email && !EMAIL.test(email)) r.fail(`email "${email}" is not a valid email address`);
  const owners = r.refs("owners");
  checkUsers(r, ctx.store, "owners", owners?.map((o) => o.id));
  r.check();

  const at = now(ctx);
  copyText(r, record, CONTACT_TEXT);
  if (email !== undefined) record.email = email.toLowerCase();
  if (owners) record.owners = owners;
  if (isActive !== undefined) record.is_active = isActive;
  if (status && workflow) {
    Object.assign(record, { record_type: workflow.id, record_type_name: workflow.name, status: status.id, status_name: status.name, is_lead: status.is_lead, is_closed: status.is_closed, date_status_change: at });
  }
  record.date_updated = at;
  return record;
}

/* ---------- jobs ---------- */

function jobRelated(ctx: WriteContext, r: BodyReader, primary: JnRecord | undefined, extra: Array<{ id: string }> | undefined): Json[] | undefined {
  if (!primary && !extra) return undefined;
  const out: Json[] = primary ? [reference(primary)] : [];
  for (const ref of extra ?? []) {
    const target = ctx.store.find(ref.id);
    if (!target) r.fail(`related: "${ref.id}" is not a record of this account`);
    else if (!out.some((x) => x.id === target.jnid)) out.push(reference(target));
  }
  return out;
}

function primaryContact(ctx: WriteContext, r: BodyReader): JnRecord | undefined {
  const ref = r.ref("primary");
  if (!ref) return undefined;
  const contact = ctx.store.contacts.get(ref.id);
  if (!contact || !contact.is_active) r.fail(`primary.id "${ref.id}" is not an active contact of this account`);
  return contact?.is_active ? contact : undefined;
}

function linkContact(job: JnRecord, contact: JnRecord): void {
  job.primary = reference(contact);
  job.parent_home_phone = contact.home_phone ?? "";
  job.parent_mobile_phone = contact.mobile_phone ?? "";
  job.parent_work_phone = contact.work_phone ?? "";
  job.parent_fax_number = contact.fax_number ?? "";
}

export function createJob(ctx: WriteContext, body: Json): JnRecord {
  const r = new BodyReader(body);
  const { store } = ctx;
  r.text("name", true);
  const { workflow, status } = workflowStatus(r, store, "job", r.text("record_type_name", true), r.text("status_name", true));
  const contact = primaryContact(ctx, r);
  const related = jobRelated(ctx, r, contact, r.refs("related"));
  const owners = r.refs("owners");
  checkUsers(r, store, "owners", owners?.map((o) => o.id));
  const salesRep = r.text("sales_rep");
  checkUsers(r, store, "sales_rep", salesRep ? [salesRep] : undefined);
  const dateStart = r.int("date_start");
  const dateEnd = r.int("date_end");
  if (dateStart && dateEnd && dateEnd < dateStart) r.fail("date_end must not be before date_start");
  const source = r.text("source_name");
  if (source && !store.activeSourceNames().includes(source)) r.fail(`source_name "${source}" is not a lead source of this account (valid: ${store.activeSourceNames().join(", ")})`);
  r.check();

  const at = now(ctx);
  const rep = store.user(salesRep ?? ctx.actor.id) ?? ctx.actor;
  const record: JnRecord = {
    ...baseRecord(ctx, "job", at),
    number: store.nextNumber("job"),
    name: "",
    record_type: workflow!.id,
    record_type_name: workflow!.name,
    status: status!.id,
    status_name: status!.name,
    is_lead: status!.is_lead,
    is_closed: status!.is_closed,
    primary: {},
    related: related ?? [],
    owners: owners ?? [],
    sales_rep: rep.id,
    sales_rep_name: userName(rep),
    source_name: source ?? "",
    address_line1: "",
    address_line2: "",
    city: "",
    state_text: "",
    zip: "",
    country_name: "",
    geo: { lat: 0, lon: 0 },
    parent_home_phone: "",
    parent_mobile_phone: "",
    parent_work_phone: "",
    parent_fax_number: "",
    date_start: dateStart ?? 0,
    date_end: dateEnd ?? 0,
    all_day: false,
    date_status_change: at,
    approved_estimate_total: 0,
    approved_invoice_total: 0,
    approved_invoice_due: 0,
    last_estimate: 0,
    task_count: 0,
    attachment_count: 0,
    estimated_time: 0,
    actual_time: 0,
  };
  copyText(r, record, JOB_TEXT);
  if (contact) linkContact(record, contact);
  store.jobs.set(record.jnid, record);
  systemActivity(ctx, record, "Job Created", `Job created: ${String(record.name)}`, at);
  return record;
}

export function updateJob(ctx: WriteContext, jnid: string, body: Json): JnRecord {
  const record = existing(ctx.store, "jobs", jnid, "Job");
  const r = new BodyReader(body);
  const { workflow, status } = workflowChange(r, ctx.store, "job", record);
  if (r.has("name")) r.text("name", true);
  const contact = primaryContact(ctx, r);
  const related = jobRelated(ctx, r, contact, r.refs("related"));
  const owners = r.refs("owners");
  checkUsers(r, ctx.store, "owners", owners?.map((o) => o.id));
  const dateStart = r.int("date_start");
  const dateEnd = r.int("date_end");
  const start = dateStart ?? Number(record.date_start);
  const end = dateEnd ?? Number(record.date_end);
  if (start && end && end < start) r.fail("date_end must not be before date_start");
  const isActive = r.bool("is_active");
  r.check();

  const at = now(ctx);
  const before = String(record.status_name);
  copyText(r, record, JOB_TEXT);
  if (contact) linkContact(record, contact);
  if (related) record.related = related;
  if (owners) record.owners = owners;
  if (dateStart !== undefined) record.date_start = dateStart;
  if (dateEnd !== undefined) record.date_end = dateEnd;
  if (isActive !== undefined) record.is_active = isActive;
  if (status && workflow) {
    Object.assign(record, { record_type: workflow.id, record_type_name: workflow.name, status: status.id, status_name: status.name, is_lead: status.is_lead, is_closed: status.is_closed });
    if (status.name !== before) {
      record.date_status_change = at;
      systemActivity(ctx, record, "Status Changed", `Status changed from ${before} to ${status.name}`, at, status.name);
    }
  }
  record.date_updated = at;
  return record;
}

/* ---------- tasks ---------- */

function relatedRecords(ctx: WriteContext, r: BodyReader, key: string): Json[] | undefined {
  const refs = r.refs(key);
  if (!refs) return undefined;
  return refs.flatMap((ref) => {
    const target = ctx.store.find(ref.id);
    if (!target) {
      r.fail(`${key}: "${ref.id}" is not a record of this account`);
      return [];
    }
    return [reference(target)];
  });
}

export function createTask(ctx: WriteContext, body: Json): JnRecord {
  const r = new BodyReader(body);
  r.text("title", true);
  const dateStart = r.int("date_start", true);
  const dateEnd = r.int("date_end");
  if (dateStart !== undefined && dateEnd !== undefined && dateEnd < dateStart) r.fail("date_end must not be before date_start");
  const typeName = r.text("record_type_name", true);
  const type = typeName === undefined ? undefined : ctx.store.settings.taskTypes.find((t) => t.IsActive && t.TypeName.toLowerCase() === typeName.toLowerCase());
  if (typeName !== undefined && !type) r.fail(`record_type_name "${typeName}" is not a task type of this account (valid: ${ctx.store.activeTypeNames("taskTypes").join(", ")})`);
  const related = relatedRecords(ctx, r, "related");
  const owners = r.refs("owners");
  checkUsers(r, ctx.store, "owners", owners?.map((o) => o.id));
  const priority = r.int("priority");
  const done = r.bool("is_completed");
  r.check();

  const at = now(ctx);
  const record: JnRecord = {
    ...baseRecord(ctx, "task", at),
    title: "",
    record_type: type!.TaskTypeId,
    record_type_name: type!.TypeName,
    date_start: dateStart!,
    date_end: dateEnd ?? dateStart!,
    all_day: false,
    is_completed: done ?? false,
    priority: priority ?? 0,
    hide_from_calendarview: false,
    hide_from_tasklist: false,
    related: related ?? [],
    owners: owners ?? [{ id: ctx.actor.id }],
  };
  copyText(r, record, TASK_TEXT);
  ctx.store.tasks.set(record.jnid, record);
  return record;
}

export function updateTask(ctx: WriteContext, jnid: string, body: Json): JnRecord {
  const record = existing(ctx.store, "tasks", jnid, "Task");
  const r = new BodyReader(body);
  if (r.has("title")) r.text("title", true);
  const dateStart = r.int("date_start");
  const dateEnd = r.int("date_end");
  const owners = r.refs("owners");
  checkUsers(r, ctx.store, "owners", owners?.map((o) => o.id));
  const related = relatedRecords(ctx, r, "related");
  const done = r.bool("is_completed");
  const isActive = r.bool("is_active");
  r.check();
  copyText(r, record, TASK_TEXT);
  if (dateStart !== undefined) record.date_start = dateStart;
  if (dateEnd !== undefined) record.date_end = dateEnd;
  if (owners) record.owners = owners;
  if (related) record.related = related;
  if (done !== undefined) record.is_completed = done;
  if (isActive !== undefined) record.is_active = isActive;
  record.date_updated = now(ctx);
  return record;
}

/* ---------- activities ---------- */

export function createActivity(ctx: WriteContext, body: Json): JnRecord {
  const r = new BodyReader(body);
  r.text("note", true);
  const typeName = r.text("record_type_name", true);
  const type = typeName === undefined ? undefined : ctx.store.settings.activityTypes.find((t) => t.IsActive && t.TypeName.toLowerCase() === typeName.toLowerCase());
  if (typeName !== undefined && !type) r.fail(`record_type_name "${typeName}" is not an activity type of this account (valid: ${ctx.store.activeTypeNames("activityTypes").join(", ")})`);
  const primaryRef = r.ref("primary");
  const primary = primaryRef ? ctx.store.find(primaryRef.id) : undefined;
  if (primaryRef && !primary) r.fail(`primary.id "${primaryRef.id}" is not a record of this account`);
  const related = relatedRecords(ctx, r, "related");
  if (!primaryRef && !related?.length) r.fail("primary or related is required: the record the activity belongs to");
  r.check();

  const at = now(ctx);
  const links = [...(primary ? [reference(primary)] : []), ...(related ?? [])].filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i);
  const record: JnRecord = {
    ...baseRecord(ctx, "activity", at),
    note: String(body.note),
    record_type: type!.ActivityTypeId,
    record_type_name: type!.TypeName,
    is_status_change: false,
    is_editable: true,
    source: "api",
    primary: primary ? reference(primary) : links[0],
    related: links,
  };
  ctx.store.activities.set(record.jnid, record);
  return record;
}

export function updateActivity(ctx: WriteContext, jnid: string, body: Json): JnRecord {
  const record = existing(ctx.store, "activities", jnid, "Activity");
  const r = new BodyReader(body);
  if (r.has("note")) r.text("note", true);
  const isActive = r.bool("is_active");
  r.check();
  if (!record.is_editable && r.has("note")) throw new ApiError(400, "system activities cannot be edited");
  if (r.has("note")) record.note = String(body.note);
  if (isActive !== undefined) record.is_active = isActive;
  record.date_updated = now(ctx);
  return record;
}
