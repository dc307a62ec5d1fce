/**
 * JobNimbus api1 client: contacts, jobs, tasks, activities, files, account settings and users. Lists page
 * with `size`/`from` and filter with the typed builder (filter.ts); reads return domain objects with ISO
 * timestamps; writes return planned operations whose bodies carry Unix seconds. No DELETE exists: records
 * are deactivated with `PUT {"is_active": false}`.
 */
import type { CallContext, CustomerSearch, JobSearch, PageQuery, WriteOperation } from "../../domain/backend.js";
import type { Activity, Attachment, Customer, Job, JobTask, Note, Page } from "../../domain/types.js";
import { plannedWrite } from "../../domain/write-operation.js";
import type { HttpClient } from "../../http/client.js";
import type { QueryValue, VendorRequest } from "../../http/types.js";
import { endpointPath, ENDPOINTS, FILTER_URL_MAX_LENGTH, NOTE_RECORD_TYPE, PAGE_SIZE_DEFAULT, type EndpointName, type ListKey } from "./facts.js";
import {
  anyOf,
  encodeFilter,
  filter as topFilter,
  matchPhrase,
  prefix,
  range,
  relatedTo,
  term,
  unixSeconds,
  type Filter,
  type Query,
} from "./filter.js";
import { toActivity, toAttachment, toCustomer, toJob, toNote, toTask, unwrapList, unwrapRecord, unwrapUsers, type Obj } from "./normalize.js";
import { parseAccountSettings, type AccountSettings } from "./workflows.js";

/** Paging and shaping of a GET list (public-facts §3.3). */
export interface ListParams {
  filter?: Filter;
  /** Records to return; 0 returns the count alone [C3]. */
  size?: number;
  /** 0-based offset. */
  from?: number;
  sortField?: string;
  sortDirection?: "asc" | "desc";
  /** Only these fields of each record. */
  fields?: readonly string[];
}

export interface ListResult {
  count: number;
  items: Obj[];
}

/** Contact fields the name search looks at. */
const CONTACT_NAME_FIELDS = ["display_name", "first_name", "last_name", "company"] as const;
const CONTACT_PHONE_FIELDS = ["mobile_phone", "home_phone", "work_phone"] as const;

/** Drop undefined keys: a PUT body holds only what changes (JobNimbus PUT is a partial update [C]). */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Our Page (1-based page, per_page) from a `from`/`size` window and the vendor's count. */
function toPage<T>(items: T[], count: number, q: PageQuery): Page<T> {
  const perPage = q.perPage ?? PAGE_SIZE_DEFAULT;
  return { items, page: q.page ?? 1, perPage, total: count, totalPages: Math.max(1, Math.ceil(count / perPage)) };
}

function window(q: PageQuery): Pick<ListParams, "size" | "from"> {
  const size = q.perPage ?? PAGE_SIZE_DEFAULT;
  return { size, from: ((q.page ?? 1) - 1) * size };
}

/**
 * Phone search clauses. Stored phones are free text in whatever form someone typed or imported: the vendor's
 * own examples hold bare digits ("8882223333"), the web app shows "(303) 555-0142", integrations write E.164.
 * An Elasticsearch analyser splits "(303) 555-0142", "303-555-0142" and "1-303-555-0142" into the words
 * 303 555 0142 (one phrase finds them all), but keeps "3035550142", "+13035550142" (as 13035550142) and
 * "303.555.0142" as one word each: each of those needs its own clause, and the keyword form an exact term.
 * So every form of the number is asked for, whatever form the caller typed.
 */
export function phoneQueries(raw: string): Query[] {
  const digits = raw.replace(/\D+/g, "");
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  const phrases = new Set<string>();
  const exact = new Set<string>();
  if (national.length === 10) {
    const [a, b, c] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
    phrases.add(`${a} ${b} ${c}`).add(national).add(`1${national}`).add(`${a}.${b}.${c}`);
    exact.add(`+1${national}`);
  } else if (national.length === 7) {
    // A local number: the tail of every stored form.
    const [b, c] = [national.slice(0, 3), national.slice(3)];
    phrases.add(`${b} ${c}`).add(national).add(`${b}.${c}`);
  } else {
    phrases.add(digits);
  }
  if (raw.trim().startsWith("+")) exact.add(`+${digits}`);
  return CONTACT_PHONE_FIELDS.flatMap((f) => [...[...phrases].map((p) => matchPhrase(f, p)), ...[...exact].map((e) => term(f, e))]);
}

const PHONE_LIKE = /^[+()\d\s.-]{7,}$/;

/** The clauses of a free-text contact search: names and company (phrase or prefix), email, or phone. */
export function contactTextQueries(text: string): Query[] {
  const t = text.trim();
  if (PHONE_LIKE.test(t) && t.replace(/\D+/g, "").length >= 7) return phoneQueries(t);
  if (t.includes("@")) return [term("email", t.toLowerCase()), prefix("email", t.toLowerCase())];
  const full = nameQueries(t, true);
  if (encodedLength(full) <= FILTER_URL_MAX_LENGTH) return full;
  // The text is in all nine clauses, and a non-Latin character takes up to twelve URL characters: a long
  // name in such a script (the fuzz found one of 193 characters) makes a URL the vendor's web server
  // refuses. Search by prefix on the longest leading part that fits instead: that finds every contact the
  // full text finds by prefix (callers that need an exact match, like create_customer's duplicate check,
  // compare the results themselves), though no longer one holding the whole text in mid-name.
  const chars = [...t];
  for (let n = chars.length - 1; n > 1; n--) {
    const head = nameQueries(chars.slice(0, n).join("").trimEnd(), false);
    if (encodedLength(head) <= FILTER_URL_MAX_LENGTH) return head;
  }
  return nameQueries(chars[0]!, false);
}

function nameQueries(t: string, phrase: boolean): Query[] {
  return [...CONTACT_NAME_FIELDS.flatMap((f) => [...(phrase ? [matchPhrase(f, t)] : []), prefix(f, t)]), prefix("email", t.toLowerCase())];
}

/** How long clauses are in the `filter` parameter, URL-encoded (with the wrapping object, roughly). */
function encodedLength(queries: Query[]): number {
  return encodeURIComponent(JSON.stringify({ should: queries, minimum_should_match: 1 })).length;
}

export interface ContactBody {
  record_type_name: string;
  status_name: string;
  display_name?: string;
  first_name?: string;
  last_name?: string;
  company?: string;
  email?: string;
  mobile_phone?: string;
  home_phone?: string;
  work_phone?: string;
  address_line1?: string;
  address_line2?: string;
  city?: string;
  state_text?: string;
  zip?: string;
  source_name?: string;
  sales_rep?: string;
}

export interface JobBody {
  name: string;
  record_type_name: string;
  status_name: string;
  primary?: { id: string };
  description?: string;
  address_line1?: string;
  address_line2?: string;
  city?: string;
  state_text?: string;
  zip?: string;
  owners?: Array<{ id: string }>;
  date_start?: number;
  date_end?: number;
  sales_rep?: string;
  source_name?: string;
}

export type JobChanges = Partial<Omit<JobBody, "primary">> & { is_active?: boolean };

export interface TaskBody {
  title: string;
  /** Unix seconds. */
  date_start: number;
  date_end?: number;
  record_type_name: string;
  related?: Array<{ id: string }>;
  owners?: Array<{ id: string }>;
  priority?: number;
  is_completed?: boolean;
}

export class JobNimbusClient {
  constructor(readonly http: HttpClient) {}

  /** The request for a named endpoint; method and path come from facts.ENDPOINTS only. */
  request(name: EndpointName, opts: { jnid?: string; query?: Record<string, QueryValue>; body?: unknown } = {}): VendorRequest {
    return {
      method: ENDPOINTS[name].method,
      path: endpointPath(name, opts.jnid),
      ...(opts.query ? { query: opts.query } : {}),
      ...(opts.body === undefined ? {} : { body: opts.body }),
      ...("idempotent" in ENDPOINTS[name] ? { idempotent: (ENDPOINTS[name] as { idempotent?: boolean }).idempotent } : {}),
    };
  }

  /** One page of a list endpoint. */
  async list(name: EndpointName & `list${string}`, params: ListParams = {}, ctx: CallContext = {}): Promise<ListResult> {
    const listKey = (ENDPOINTS[name] as { listKey?: ListKey }).listKey ?? "results";
    const query: Record<string, QueryValue> = {
      size: params.size,
      from: params.from,
      sort_field: params.sortField,
      sort_direction: params.sortDirection,
      fields: params.fields?.join(","),
      filter: encodeFilter(params.filter),
    };
    const res = await this.http.request(this.request(name, { query }), { signal: ctx.signal });
    return unwrapList(res.body, listKey);
  }

  /** Every record of a list, walking `from += items` until `from >= count` [C3]. */
  async listAll(name: EndpointName & `list${string}`, params: Omit<ListParams, "from"> = {}, ctx: CallContext = {}): Promise<Obj[]> {
    const size = params.size ?? PAGE_SIZE_DEFAULT;
    const all: Obj[] = [];
    for (let from = 0; ; ) {
      const page = await this.list(name, { ...params, size, from }, ctx);
      all.push(...page.items);
      from += page.items.length;
      if (page.items.length === 0 || from >= page.count) return all;
    }
  }

  private async getRecord(name: EndpointName, jnid: string, what: string, ctx: CallContext = {}): Promise<Obj> {
    const res = await this.http.request(this.request(name, { jnid }), { signal: ctx.signal });
    return unwrapRecord(res.body, what);
  }

  // Contacts

  async searchContacts(q: CustomerSearch): Promise<Page<Customer>> {
    const must: Query[] = [];
    const should: Query[] = [];
    if (q.email) must.push(term("email", q.email.toLowerCase()));
    if (q.phone) must.push(anyOf(...phoneQueries(q.phone)));
    if (q.query) should.push(...contactTextQueries(q.query));
    if (q.createdAfter || q.createdBefore) {
      must.push(range("date_created", { gte: q.createdAfter ? unixSeconds(q.createdAfter) : undefined, lte: q.createdBefore ? unixSeconds(q.createdBefore) : undefined }));
    }
    const f = topFilter({ must, should, minimumShouldMatch: should.length ? 1 : undefined });
    const { count, items } = await this.list("listContacts", { filter: f, ...window(q) }, q);
    return toPage(items.map(toCustomer), count, q);
  }

  getContactRecord(jnid: string, ctx: CallContext = {}): Promise<Obj> {
    return this.getRecord("getContact", jnid, "contact", ctx);
  }

  async getContact(jnid: string, ctx: CallContext = {}): Promise<Customer> {
    return toCustomer(await this.getContactRecord(jnid, ctx));
  }

  createContact(body: ContactBody, summary: string): WriteOperation<Customer> {
    return plannedWrite(this.http, this.request("createContact", { body: compact({ ...body }) }), summary, (res) => toCustomer(unwrapRecord(res.body, "contact")));
  }

  updateContact(jnid: string, changes: Partial<ContactBody> & { is_active?: boolean }, summary: string): WriteOperation<Customer> {
    return plannedWrite(this.http, this.request("updateContact", { jnid, body: compact({ ...changes }) }), summary, (res) => toCustomer(unwrapRecord(res.body, "contact")));
  }

  /** No DELETE exists [C]: deactivate. */
  deactivateContact(jnid: string): WriteOperation<Customer> {
    return this.updateContact(jnid, { is_active: false }, `Deactivate contact ${jnid}`);
  }

  // Jobs

  jobFilter(q: JobSearch): Filter {
    const must: Query[] = [];
    if (q.status) must.push(term("status_name", q.status));
    if (q.workflow) must.push(term("record_type_name", q.workflow));
    if (q.customerId !== undefined) must.push(anyOf(term("primary.id", String(q.customerId)), relatedTo(String(q.customerId))));
    // "Whose job is this": an office means the crew assigned (owners) as often as the sales rep who sold it.
    if (q.technicianId !== undefined) must.push(anyOf(term("owners.id", String(q.technicianId)), term("sales_rep", String(q.technicianId))));
    if (q.createdAfter || q.createdBefore) {
      must.push(range("date_created", { gte: q.createdAfter ? unixSeconds(q.createdAfter) : undefined, lte: q.createdBefore ? unixSeconds(q.createdBefore) : undefined }));
    }
    if (q.updatedSince) must.push(range("date_updated", { gte: unixSeconds(q.updatedSince) }));
    // "Job 1042", "the Hendricks roof", "4410 Quebec": its number, words of its name, or of its street address.
    if (q.query) {
      must.push(anyOf(matchPhrase("name", q.query), prefix("name", q.query), term("number", q.query), matchPhrase("address_line1", q.query), prefix("address_line1", q.query)));
    }
    return topFilter({ must });
  }

  async listJobs(q: JobSearch): Promise<Page<Job>> {
    const { count, items } = await this.list("listJobs", { filter: this.jobFilter(q), ...window(q) }, q);
    return toPage(items.map(toJob), count, q);
  }

  async getJob(jnid: string, ctx: CallContext = {}): Promise<Job> {
    return toJob(await this.getRecord("getJob", jnid, "job", ctx));
  }

  createJob(body: JobBody, summary: string): WriteOperation<Job> {
    return plannedWrite(this.http, this.request("createJob", { body: compact({ ...body }) }), summary, (res) => toJob(unwrapRecord(res.body, "job")));
  }

  updateJob(jnid: string, changes: JobChanges, summary: string, opts: { statusMove?: boolean } = {}): WriteOperation<Job> {
    const request = this.request("updateJob", { jnid, body: compact({ ...changes }) });
    // A status move is sent once: the pipeline reads the job back after an ambiguous failure (DESIGN §6).
    return plannedWrite(this.http, opts.statusMove ? { ...request, idempotent: false } : request, summary, (res) => toJob(unwrapRecord(res.body, "job")));
  }

  /**
   * A status change is a PUT of `status_name` [C], sent with the job's own workflow as `record_type_name`:
   * a status is only meaningful within its workflow, and the vendor may need both to place it (the caller has
   * checked the status against that workflow).
   */
  changeJobStatus(job: Job, status: string): WriteOperation<Job> {
    const changes: JobChanges = job.workflow ? { record_type_name: job.workflow, status_name: status } : { status_name: status };
    return this.updateJob(String(job.id), changes, `Change job ${job.id} status from ${job.status} to ${status}${job.workflow ? ` (${job.workflow})` : ""}`, { statusMove: true });
  }

  deactivateJob(jnid: string): WriteOperation<Job> {
    return this.updateJob(jnid, { is_active: false }, `Deactivate job ${jnid}`);
  }

  /** A job by its number ("job 1042"): the one active job with that number, or undefined. */
  async jobByNumber(number: string, ctx: CallContext = {}): Promise<Job | undefined> {
    const { items } = await this.list("listJobs", { filter: topFilter({ must: [term("number", number)] }), size: 2 }, ctx);
    return items.length === 1 ? toJob(items[0]!) : undefined;
  }

  // Tasks

  async listTasks(params: ListParams = {}, ctx: CallContext = {}): Promise<ListResult> {
    return this.list("listTasks", params, ctx);
  }

  /** Active tasks linked to a record (job or contact), soonest due first. */
  async tasksOf(jnid: string, ctx: CallContext = {}): Promise<JobTask[]> {
    const f = topFilter({ must: [relatedTo(jnid), term("is_active", true)] });
    const { items } = await this.list("listTasks", { filter: f, size: 100, sortField: "date_start", sortDirection: "asc" }, ctx);
    return items.map(toTask);
  }

  createTask(body: TaskBody, summary: string): WriteOperation<JobTask> {
    return plannedWrite(this.http, this.request("createTask", { body: compact({ ...body }) }), summary, (res) => toTask(unwrapRecord(res.body, "task")));
  }

  updateTask(jnid: string, changes: Partial<TaskBody>, summary: string): WriteOperation<JobTask> {
    return plannedWrite(this.http, this.request("updateTask", { jnid, body: compact({ ...changes }) }), summary, (res) => toTask(unwrapRecord(res.body, "task")));
  }

  // Activities (notes)

  /** A record's notes, newest first: activities related to it whose type is Note. */
  async listNotes(jobId: string, q: PageQuery = {}): Promise<Page<Note>> {
    const f = topFilter({ must: [relatedTo(jobId), term("record_type_name", NOTE_RECORD_TYPE)] });
    const { count, items } = await this.list("listActivities", { filter: f, sortField: "date_created", sortDirection: "desc", ...window(q) }, q);
    return toPage(
      items.map((o) => toNote(o, jobId)),
      count,
      q,
    );
  }

  /** POST /activities `{note, record_type_name: "Note", primary, related}` [C3]. */
  createNote(job: { id: string; customerId?: string | null }, text: string): WriteOperation<Note> {
    const related = [{ id: job.id, type: "job" }, ...(job.customerId ? [{ id: job.customerId, type: "contact" }] : [])];
    const body = { note: text, record_type_name: NOTE_RECORD_TYPE, primary: { id: job.id, type: "job" }, related };
    return plannedWrite(this.http, this.request("createActivity", { body }), `Add a note to job ${job.id}`, (res) => {
      const record = unwrapRecord(res.body, "activity");
      return toNote({ note: text, ...record }, job.id);
    });
  }

  /** A note on a contact itself: the same activity, its primary the contact. */
  createContactNote(contactId: string, text: string): WriteOperation<Note> {
    const body = { note: text, record_type_name: NOTE_RECORD_TYPE, primary: { id: contactId, type: "contact" }, related: [{ id: contactId, type: "contact" }] };
    return plannedWrite(this.http, this.request("createActivity", { body }), `Add a note to contact ${contactId}`, (res) => toNote({ note: text, ...unwrapRecord(res.body, "activity") }, contactId));
  }

  /** A record's activity log (every type), newest first. */
  async listActivity(jnid: string, q: PageQuery = {}): Promise<Page<Activity>> {
    const f = topFilter({ must: [relatedTo(jnid)] });
    const { count, items } = await this.list("listActivities", { filter: f, sortField: "date_created", sortDirection: "desc", ...window(q) }, q);
    return toPage(items.map(toActivity), count, q);
  }

  /** Files attached to a record, newest first: GET /files filtered on related.id (their metadata only). */
  async listAttachments(jnid: string, q: PageQuery = {}): Promise<Page<Attachment>> {
    const f = topFilter({ must: [relatedTo(jnid)] });
    const { count, items } = await this.list("listFiles", { filter: f, sortField: "date_created", sortDirection: "desc", ...window(q) }, q);
    return toPage(items.map(toAttachment), count, q);
  }

  // Files

  async listFiles(params: ListParams = {}, ctx: CallContext = {}): Promise<ListResult> {
    return this.list("listFiles", params, ctx);
  }

  // Account

  async accountSettings(ctx: CallContext = {}): Promise<AccountSettings> {
    const res = await this.http.request(this.request("accountSettings"), { signal: ctx.signal });
    return parseAccountSettings(res.body);
  }

  async accountUsers(ctx: CallContext = {}): Promise<Obj[]> {
    const res = await this.http.request(this.request("accountUsers"), { signal: ctx.signal });
    return unwrapUsers(res.body);
  }
}
