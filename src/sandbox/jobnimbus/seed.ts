/**
 * Deterministic demo data for a JobNimbus account: users, contacts (homeowners, companies, adjusters,
 * sub-contractors), a job board spread over the account's workflows with a status history that matches
 * each job's current status (status-change activities, notes, tasks, photos), all dated relative to an
 * anchor (default: the start of today, UTC). One seed and one anchor always give the same account.
 */
import { SeededRandom } from "../common/random.js";
import type { AccountDef, UserDef } from "./accounts.js";
import {
  CALENDAR_COLORS,
  EMAIL_DOMAINS,
  FEATURES,
  FIRST_NAMES,
  FLAVORS,
  LAST_NAMES,
  ROOMS,
  SHINGLE_COLORS,
  SHINGLES,
  SLOPES,
  STREET_SUFFIXES,
  STREETS_BY_ACCOUNT,
  type City,
  type Company,
  type Flavor,
  type JobKind,
  type WorkflowStory,
} from "./seed-data.js";
import { JobNimbusStore, type JnRecord, type SettingsWorkflow, type UserRecord } from "./store.js";

export const DEFAULT_SEED = 20260704;
/** Tests that pin exact dates pass this anchor; the product dates its demo data from today (todayAnchor()). */
export const DEFAULT_ANCHOR_DATE = "2026-06-01T12:00:00Z";

/** The start of today (UTC): demo data stays identical all day and reads as current. */
export function todayAnchor(now = new Date()): string {
  return `${now.toISOString().slice(0, 10)}T00:00:00Z`;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
/** How far back the account's history goes. */
const HISTORY_DAYS = 720;

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const SALES_ROLES = new Set(["Owner", "Sales", "Insurance Specialist", "Commercial Estimator"]);
const PRODUCTION_ROLES = new Set(["Crew Lead", "Project Manager", "Install Lead", "Service Technician"]);

export interface SeedOptions {
  seed?: number;
  anchorDate?: string;
}

export function createSeededStore(account: AccountDef, options: SeedOptions = {}): JobNimbusStore {
  const flavor = FLAVORS.find((f) => f.account.id === account.id);
  if (!flavor) throw new Error(`no seed flavor for account ${account.id}`);
  const anchorMs = Date.parse(options.anchorDate ?? DEFAULT_ANCHOR_DATE);
  if (Number.isNaN(anchorMs)) throw new RangeError(`Invalid anchorDate "${options.anchorDate}"`);
  const seed = (options.seed ?? DEFAULT_SEED) + hash(account.id);
  const store = new JobNimbusStore(account, seed ^ 0x5bd1e995);
  new Seeder(store, flavor, new SeededRandom(seed), Math.floor(anchorMs / 1000)).run();
  return store;
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h;
}

interface ContactDraft {
  record: JnRecord;
  kind: "person" | "company";
  company?: Company;
  jobs: JobDraft[];
  first: string;
  source: string;
}

interface JobDraft {
  record: JnRecord;
  contact: ContactDraft;
  workflow: SettingsWorkflow;
  current: string;
  won: boolean;
  closed: boolean;
  estimate: number;
}

type Vars = Record<string, string | number>;

class Seeder {
  private readonly contacts: ContactDraft[] = [];
  private readonly jobs: JobDraft[] = [];
  private readonly tasks: JnRecord[] = [];
  private readonly activities: JnRecord[] = [];
  private readonly files: JnRecord[] = [];
  private readonly phones: string[];
  private readonly streets: readonly string[];
  private readonly usedAddresses = new Set<string>();
  private readonly usedEmails = new Set<string>();
  private owner!: UserRecord;
  private photoNumber = 4100;

  constructor(
    private readonly store: JobNimbusStore,
    private readonly flavor: Flavor,
    private readonly rng: SeededRandom,
    private readonly anchor: number,
  ) {
    // Every contact gets its own fictional number (555-0100…0199 per area code), in a shuffled order, written
    // the ways real accounts hold them (PHONE_FORMS): the vendor's own examples store bare digits. The form
    // follows from the number itself, so the seeded PRNG's sequence (and every other seeded value) is unchanged.
    this.phones = rng.shuffle(flavor.areaCodes.flatMap((ac) => Array.from({ length: 100 }, (_, i) => phoneIn(ac, `01${String(i).padStart(2, "0")}`))));
    this.streets = STREETS_BY_ACCOUNT[flavor.account.id] ?? ["Main"];
  }

  run(): void {
    this.seedUsers();
    this.seedCompanies();
    this.seedPersons();
    // Every status of the board occurs at least once (the rarer ones would otherwise depend on luck), then
    // the rest of the board follows each workflow's status mix.
    const forced = this.flavor.kinds
      .filter((k, i, all) => all.findIndex((x) => x.workflow === k.workflow) === i)
      .flatMap((k) => Object.keys(this.flavor.stories[k.workflow]!.weights).map((status) => ({ kind: k, status })));
    for (let i = 0; i < this.flavor.jobs; i++) this.seedJob(forced[i]);
    this.finishContacts();
    this.commit();
  }

  /* ---------- users ---------- */

  private seedUsers(): void {
    this.flavor.account.users.forEach((u: UserDef, i) => {
      this.store.users.push({
        id: this.store.newJnid(),
        first_name: u.first,
        last_name: u.last,
        email: `${u.first}.${u.last}@${this.flavor.account.domain}`.toLowerCase(),
        image_url: "",
        calendar_color: CALENDAR_COLORS[i % CALENDAR_COLORS.length]!,
        is_active: u.active !== false,
        role: u.role,
      });
    });
    this.owner = this.store.users.find((u) => u.role === "Owner") ?? this.store.users[0]!;
  }

  private usersFor(roles: Set<string>, activeOnly: boolean): UserRecord[] {
    const pool = this.store.users.filter((u) => roles.has(u.role) && (!activeOnly || u.is_active));
    return pool.length ? pool : [this.owner];
  }

  private userName(u: UserRecord): string {
    return `${u.first_name} ${u.last_name}`;
  }

  /* ---------- contacts ---------- */

  private baseRecord(type: JnRecord["type"], createdAt: number, by: UserRecord): JnRecord {
    return {
      jnid: this.store.newJnid(),
      recid: 0,
      type,
      customer: this.flavor.account.id,
      created_by: by.id,
      created_by_name: this.userName(by),
      date_created: createdAt,
      date_updated: createdAt,
      is_active: true,
      is_archived: false,
      owners: [],
      location: { id: 1, parent_id: null, name: this.flavor.account.name },
      tags: [],
      description: "",
    };
  }

  private address(): { line1: string; city: City; zip: string; geo: { lat: number; lon: number } } {
    for (;;) {
      const city = this.rng.pick(this.flavor.cities);
      const line1 = `${this.rng.int(100, 19999)} ${this.rng.weighted(["", "S ", "E ", "W ", "N "], [6, 1, 1, 1, 1])}${this.rng.pick(this.streets)} ${this.rng.pick(STREET_SUFFIXES)}`;
      if (this.usedAddresses.has(line1)) continue;
      this.usedAddresses.add(line1);
      return { line1, city, zip: this.rng.pick(city.zips), geo: { lat: round(city.lat + this.rng.float(-0.08, 0.08, 5), 5), lon: round(city.lon + this.rng.float(-0.1, 0.1, 5), 5) } };
    }
  }

  private nextPhone(): string {
    return this.phones.shift() ?? "";
  }

  private contactRecord(workflowName: string, statusName: string, fields: Record<string, unknown>, sales: UserRecord): JnRecord {
    const workflow = this.store.workflow("contact", workflowName)!;
    const status = workflow.status.find((s) => s.name === statusName)!;
    const a = this.address();
    return {
      ...this.baseRecord("contact", 0, this.owner),
      first_name: "",
      last_name: "",
      display_name: "",
      company: "",
      email: "",
      home_phone: "",
      mobile_phone: this.nextPhone(),
      work_phone: "",
      fax_number: "",
      website: "",
      address_line1: a.line1,
      address_line2: "",
      city: a.city.city,
      state_text: a.city.state,
      zip: a.zip,
      country_name: "United States",
      geo: a.geo,
      record_type: workflow.id,
      record_type_name: workflow.name,
      status: status.id,
      status_name: status.name,
      is_lead: status.is_lead,
      is_closed: status.is_closed,
      is_sub_contractor: workflow.name === "Sub-Contractor",
      is_user: false,
      sales_rep: sales.id,
      sales_rep_name: this.userName(sales),
      owners: [{ id: sales.id }],
      source: 0,
      source_name: "",
      date_start: 0,
      date_end: 0,
      date_status_change: 0,
      task_count: 0,
      attachment_count: 0,
      approved_estimate_total: 0,
      approved_invoice_total: 0,
      approved_invoice_due: 0,
      related: [],
      ...fields,
    };
  }

  private seedCompanies(): void {
    const sales = this.usersFor(SALES_ROLES, true);
    const sources = this.store.activeSourceNames();
    const preferred = ["Referral", "Website", "Repeat Customer"].filter((s) => sources.includes(s));
    for (const company of this.flavor.companies) {
      const [first, last] = company.contact;
      const domain = `${company.name.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "")}.example.com`;
      const record = this.contactRecord(
        company.workflow,
        company.status,
        {
          first_name: first,
          last_name: last,
          display_name: company.name,
          company: company.name,
          email: `${first}.${last}@${domain}`.toLowerCase(),
          work_phone: this.nextPhone(),
          website: `https://www.${domain}`,
          source_name: this.rng.pick(preferred.length ? preferred : sources),
        },
        this.rng.pick(sales),
      );
      record.mobile_phone = "";
      this.contacts.push({ record, kind: "company", company, jobs: [], first, source: String(record.source_name) });
    }
  }

  private seedPersons(): void {
    const sales = this.usersFor(SALES_ROLES, false);
    const sources = this.store.activeSourceNames();
    for (let i = 0; i < this.flavor.persons; i++) {
      const first = this.rng.pick(FIRST_NAMES);
      const last = this.rng.pick(LAST_NAMES);
      let email = "";
      if (this.rng.chance(0.9)) {
        const base = `${first}.${last}`.toLowerCase();
        email = `${base}@${this.rng.pick(EMAIL_DOMAINS)}`;
        for (let n = 2; this.usedEmails.has(email); n++) email = `${base}${n}@${this.rng.pick(EMAIL_DOMAINS)}`;
        this.usedEmails.add(email);
      }
      const source = this.rng.pick(sources);
      const record = this.contactRecord(
        this.flavor.personStatuses.workflow,
        this.flavor.personStatuses.noJobs,
        {
          first_name: first,
          last_name: last,
          display_name: `${first} ${last}`,
          email,
          home_phone: this.rng.chance(0.12) ? this.nextPhone() : "",
          source_name: source,
        },
        this.rng.pick(sales),
      );
      this.contacts.push({ record, kind: "person", jobs: [], first, source });
    }
  }

  /** A person for a new job: mostly someone without a job yet, sometimes a repeat customer. */
  private pickPerson(): ContactDraft {
    const persons = this.contacts.filter((c) => c.kind === "person");
    const fresh = persons.filter((c) => c.jobs.length === 0);
    // Leave about a tenth of the people without jobs: open leads and the odd do-not-contact.
    if (fresh.length > persons.length / 10 && this.rng.chance(0.7)) return this.rng.pick(fresh);
    const repeat = persons.filter((c) => c.jobs.length > 0 && c.jobs.length < 4);
    return this.rng.pick(repeat.length ? repeat : persons);
  }

  /* ---------- jobs ---------- */

  private seedJob(forced?: { kind: JobKind; status: string }): void {
    const kind = forced?.kind ?? this.rng.weighted(this.flavor.kinds, this.flavor.kinds.map((k) => k.weight));
    const story = this.flavor.stories[kind.workflow]!;
    const workflow = this.store.workflow("job", kind.workflow)!;
    const current = forced?.status ?? this.rng.weighted(Object.keys(story.weights), Object.values(story.weights));
    const history = statusHistory(workflow, current, this.rng);
    const contact = kind.customer === "person" ? this.pickPerson() : this.rng.pick(this.contacts.filter((c) => c.kind === "company" && c.company?.role === "customer"));
    const closedStatuses = workflow.status.filter((s) => s.is_active && s.is_closed).map((s) => s.name);
    const closed = closedStatuses.includes(current);

    // Timeline: one gap per status change; open jobs end recently, closed ones anywhere in the history.
    const gaps = history.slice(1).map(() => this.rng.int(story.stepDays[0], story.stepDays[1]) * DAY + this.rng.int(1, 10) * HOUR);
    const span = gaps.reduce((s, g) => s + g, 0);
    const latestStart = this.anchor - span - 6 * HOUR;
    const earliestStart = this.anchor - HISTORY_DAYS * DAY;
    const start = closed
      ? this.rng.int(Math.min(earliestStart, latestStart - DAY), latestStart - DAY)
      : Math.max(earliestStart, latestStart - this.rng.int(0, 10) * DAY);
    // Every step lies before the anchor ("now"); only bookings (tasks, work windows) may lie after it.
    const times = [Math.min(this.workHour(start), this.anchor - span - HOUR)];
    for (const gap of gaps) times.push(Math.min(times[times.length - 1]! + gap, this.anchor - HOUR));

    const work = this.rng.pick(kind.work);
    const vars = this.vars(contact, work.work);
    const sales = this.rng.pick(this.usersFor(SALES_ROLES, start < this.anchor - 365 * DAY ? false : true));
    const crew = this.rng.pick(this.usersFor(PRODUCTION_ROLES, true));
    vars.rep = this.userName(sales);
    vars.crew = this.userName(crew);
    const name = contact.kind === "company" ? `${contact.company!.name} - ${work.work}` : `${String(contact.record.last_name)} - ${work.work}`;
    vars.name = name;

    const scheduledIndex = history.indexOf(story.scheduledAt);
    let dateStart = 0;
    let dateEnd = 0;
    if (scheduledIndex >= 0) {
      const workLength = this.rng.int(story.workDays[0], story.workDays[1]) * DAY + 9 * HOUR;
      if (scheduledIndex === history.length - 1) dateStart = this.localTime(this.anchor + this.rng.int(1, 14) * DAY, 7, 30);
      else dateStart = this.localTime(times[scheduledIndex + 1]!, 7, 30);
      dateEnd = dateStart + workLength;
    }
    const estimate = this.rng.int(work.estimate[0], work.estimate[1]);
    const pastEstimate = history.length >= 3 || closed;
    const won = closed && current === closedStatuses[0];
    const invoiced = won || history.includes("Invoiced");
    const owner = scheduledIndex >= 0 ? crew : sales;
    const related: Array<Record<string, unknown>> = [{ id: contact.record.jnid, name: contact.record.display_name, number: "", type: "contact" }];
    if (kind.workflow === "Insurance Restoration") {
      const adjuster = this.rng.pick(this.contacts.filter((c) => c.company?.role === "adjuster"));
      related.push({ id: adjuster.record.jnid, name: adjuster.record.display_name, number: "", type: "contact" });
      vars.adjuster = `${String(adjuster.record.first_name)} ${String(adjuster.record.last_name)}`;
      vars.carrier = adjuster.company!.name;
    }
    const statusRecord = workflow.status.find((s) => s.name === current)!;
    const record: JnRecord = {
      ...this.baseRecord("job", times[0]!, sales),
      name,
      number: "",
      record_type: workflow.id,
      record_type_name: workflow.name,
      status: statusRecord.id,
      status_name: current,
      is_closed: closed,
      is_lead: statusRecord.is_lead,
      description: fill(work.description, vars),
      primary: { id: contact.record.jnid, name: contact.record.display_name, number: "", type: "contact" },
      related,
      // The sales rep stays an assignee while the job is open; a finished production job is the crew's alone,
      // its rep kept in sales_rep (so "whose job is this" must look at both, as list_jobs does).
      owners: [{ id: owner.id }, ...(owner.id === sales.id || (closed && owner === crew) ? [] : [{ id: sales.id }])],
      sales_rep: sales.id,
      sales_rep_name: this.userName(sales),
      source_name: contact.source,
      address_line1: contact.record.address_line1,
      address_line2: "",
      city: contact.record.city,
      state_text: contact.record.state_text,
      zip: contact.record.zip,
      country_name: "United States",
      geo: contact.record.geo,
      parent_home_phone: contact.record.home_phone,
      parent_mobile_phone: contact.record.mobile_phone,
      parent_work_phone: contact.record.work_phone,
      parent_fax_number: "",
      date_start: dateStart,
      date_end: dateEnd,
      all_day: false,
      date_status_change: times[times.length - 1]!,
      approved_estimate_total: pastEstimate && !(closed && !won) ? estimate : 0,
      approved_invoice_total: invoiced ? estimate : 0,
      approved_invoice_due: invoiced && !won ? estimate : 0,
      last_estimate: pastEstimate ? estimate : 0,
      task_count: 0,
      attachment_count: 0,
      estimated_time: 0,
      actual_time: 0,
    };
    const draft: JobDraft = { record, contact, workflow, current, won, closed, estimate };
    this.jobs.push(draft);
    contact.jobs.push(draft);
    this.seedJobHistory(draft, kind, story, history, times, vars, sales, crew);
  }

  private seedJobHistory(job: JobDraft, kind: JobKind, story: WorkflowStory, history: string[], times: number[], vars: Vars, sales: UserRecord, crew: UserRecord): void {
    let updated = times[times.length - 1]!;
    this.activity(job, "Job Created", `Job created: ${String(job.record.name)}`, times[0]!, sales);
    const scheduled = history.indexOf(story.scheduledAt);
    history.forEach((status, k) => {
      const at = times[k]!;
      // Production moves the job once the work is scheduled; sales before that.
      if (k > 0) this.activity(job, "Status Changed", `Status changed from ${history[k - 1]} to ${status}`, at, scheduled >= 0 && k > scheduled ? crew : sales, status);
      const notes = story.notes[status];
      if (notes && this.rng.chance(0.6)) {
        const noteAt = Math.min(at + this.rng.int(1, 20) * HOUR, this.anchor - 30 * 60);
        this.activity(job, "Note", fill(this.rng.pick(notes), { ...vars, day: this.weekday(noteAt + 2 * DAY) }), noteAt, this.rng.chance(0.5) ? sales : crew);
        updated = Math.max(updated, noteAt);
      }
      for (const t of story.tasks.filter((x) => x.status === status)) {
        const taskAt = this.localTime(at + this.rng.int(t.afterDays[0], t.afterDays[1]) * DAY, t.type === "Install Day" ? 7 : this.rng.int(8, 15), t.type === "Install Day" ? 30 : 0);
        const isLast = k === history.length - 1;
        if (taskAt > this.anchor && (!isLast || job.closed)) continue; // a job that moved on does not keep a future task
        this.task(job, t.type, fill(t.title, vars), taskAt, taskAt + Math.round(t.durationHours * HOUR), taskAt < this.anchor, t.type === "Install Day" ? crew : sales);
      }
      if (story.photosFrom && status === story.photosFrom) {
        const count = this.rng.int(1, 3);
        for (let i = 0; i < count; i++) this.file(job, `IMG_${++this.photoNumber}.jpg`, "Photo", Math.min(at + this.rng.int(1, 30) * HOUR, this.anchor - HOUR), crew);
      }
    });
    if (job.won && kind.customer === "person" && this.rng.chance(0.5)) {
      this.file(job, "Final Invoice.pdf", "Invoice", times[times.length - 1]!, sales);
    }
    if (this.rng.chance(0.15) && !job.closed) {
      const at = Math.min(updated + this.rng.int(1, 48) * HOUR, this.anchor - HOUR);
      this.activity(job, "Note", fill(this.rng.pick(this.flavor.generalNotes), vars), at, sales);
      updated = Math.max(updated, at);
    }
    job.record.date_updated = updated;
  }

  private activity(job: JobDraft, type: string, note: string, at: number, by: UserRecord, newStatus?: string): void {
    const activityType = this.store.settings.activityTypes.find((t) => t.TypeName === type)!;
    const record = this.baseRecord("activity", at, by);
    this.activities.push({
      ...record,
      note,
      record_type: activityType.ActivityTypeId,
      record_type_name: type,
      is_status_change: type === "Status Changed",
      is_editable: type === "Note",
      source: "native",
      primary: { id: job.record.jnid, name: job.record.name, number: "", type: "job", ...(newStatus ? { new_status: newStatus } : {}) },
      related: [
        { id: job.record.jnid, name: job.record.name, number: "", type: "job" },
        { id: job.contact.record.jnid, name: job.contact.record.display_name, number: "", type: "contact" },
      ],
    });
  }

  private task(job: JobDraft, type: string, title: string, start: number, end: number, done: boolean, by: UserRecord): void {
    const taskType = this.store.settings.taskTypes.find((t) => t.TypeName === type)!;
    const createdAt = Math.min(start - this.rng.int(1, 5) * DAY, this.anchor - HOUR);
    this.tasks.push({
      ...this.baseRecord("task", Math.max(createdAt, Number(job.record.date_created)), by),
      title,
      record_type: taskType.TaskTypeId,
      record_type_name: type,
      date_start: start,
      date_end: end,
      all_day: false,
      is_completed: done,
      priority: 0,
      hide_from_calendarview: false,
      hide_from_tasklist: false,
      owners: [{ id: by.id }],
      related: [
        { id: job.record.jnid, name: job.record.name, number: "", type: "job" },
        { id: job.contact.record.jnid, name: job.contact.record.display_name, number: "", type: "contact" },
      ],
    });
  }

  private file(job: JobDraft, filename: string, typeName: string, at: number, by: UserRecord): void {
    const fileType = this.store.settings.fileTypes.find((t) => t.TypeName === typeName)!;
    const photo = filename.endsWith(".jpg");
    this.files.push({
      ...this.baseRecord("attachment", at, by),
      filename,
      content_type: photo ? "image/jpeg" : "application/pdf",
      size: photo ? this.rng.int(900_000, 4_800_000) : this.rng.int(60_000, 400_000),
      md5: Array.from({ length: 32 }, () => "0123456789abcdef"[this.rng.int(0, 15)]).join(""),
      is_private: false,
      date_file_created: at,
      exif: [],
      record_type: fileType.FileTypeId,
      record_type_name: typeName,
      primary: { id: job.record.jnid, name: job.record.name, number: "", type: "job" },
      related: [
        { id: job.record.jnid, name: job.record.name, number: "", type: "job" },
        { id: job.contact.record.jnid, name: job.contact.record.display_name, number: "", type: "contact" },
      ],
    });
  }

  /* ---------- finishing ---------- */

  /** Contact dates, statuses and totals follow from their jobs. */
  private finishContacts(): void {
    const ps = this.flavor.personStatuses;
    for (const c of this.contacts) {
      const firstJob = Math.min(...c.jobs.map((j) => Number(j.record.date_created)));
      const created = c.jobs.length ? firstJob - this.rng.int(1, 72) * HOUR : this.anchor - this.rng.int(2, 400) * DAY + this.rng.int(0, 10) * HOUR;
      c.record.date_created = created;
      c.record.date_updated = Math.max(created, ...c.jobs.map((j) => Number(j.record.date_updated)));
      if (c.kind === "person") {
        const open = c.jobs.filter((j) => !j.closed);
        const status =
          c.jobs.length === 0
            ? this.rng.chance(0.08)
              ? ps.closedOut
              : ps.noJobs
            : open.some((j) => j.workflow.status.findIndex((s) => s.name === j.current) >= 2)
              ? ps.active
              : c.jobs.some((j) => j.won)
                ? ps.past
                : ps.early;
        const workflow = this.store.workflow("contact", ps.workflow)!;
        const s = workflow.status.find((x) => x.name === status)!;
        Object.assign(c.record, { status: s.id, status_name: s.name, is_lead: s.is_lead, is_closed: s.is_closed });
      }
      c.record.date_status_change = c.record.date_updated;
      c.record.approved_estimate_total = c.jobs.reduce((sum, j) => sum + Number(j.record.approved_estimate_total), 0);
      c.record.approved_invoice_total = c.jobs.reduce((sum, j) => sum + Number(j.record.approved_invoice_total), 0);
      c.record.approved_invoice_due = c.jobs.reduce((sum, j) => sum + Number(j.record.approved_invoice_due), 0);
      const by = this.store.users.find((u) => u.id === c.record.sales_rep) ?? this.owner;
      this.activities.push({
        ...this.baseRecord("activity", created, by),
        note: `Contact created: ${String(c.record.display_name)}`,
        record_type: this.store.settings.activityTypes.find((t) => t.TypeName === "Contact Created")!.ActivityTypeId,
        record_type_name: "Contact Created",
        is_status_change: false,
        is_editable: false,
        source: "native",
        primary: { id: c.record.jnid, name: c.record.display_name, number: "", type: "contact" },
        related: [{ id: c.record.jnid, name: c.record.display_name, number: "", type: "contact" }],
      });
    }
  }

  /** Number records in creation order (as the vendor would have), fill in numbers and counts, store them. */
  private commit(): void {
    const byDate = (a: JnRecord, b: JnRecord) => a.date_created - b.date_created;
    for (const c of [...this.contacts].sort((a, b) => byDate(a.record, b.record))) {
      c.record.recid = this.store.nextRecid("contact");
      c.record.number = this.store.nextNumber("contact");
    }
    for (const j of [...this.jobs].sort((a, b) => byDate(a.record, b.record))) {
      j.record.recid = this.store.nextRecid("job");
      j.record.number = this.store.nextNumber("job");
    }
    const numberOf = new Map<string, string>([...this.contacts.map((c) => [c.record.jnid, String(c.record.number)] as const), ...this.jobs.map((j) => [j.record.jnid, String(j.record.number)] as const)]);
    const renumber = (refs: unknown) => {
      for (const ref of Array.isArray(refs) ? refs : [refs]) {
        if (ref && typeof ref === "object" && "id" in ref) (ref as Record<string, unknown>).number = numberOf.get(String((ref as Record<string, unknown>).id)) ?? "";
      }
    };
    const countFor = new Map<string, { tasks: number; files: number }>();
    const bump = (id: string, key: "tasks" | "files") => {
      const c = countFor.get(id) ?? { tasks: 0, files: 0 };
      c[key] += 1;
      countFor.set(id, c);
    };
    for (const t of this.tasks) for (const r of t.related as Array<{ id: string }>) bump(r.id, "tasks");
    for (const f of this.files) for (const r of f.related as Array<{ id: string }>) bump(r.id, "files");

    for (const c of [...this.contacts].sort((a, b) => a.record.recid - b.record.recid)) {
      c.record.task_count = countFor.get(c.record.jnid)?.tasks ?? 0;
      c.record.attachment_count = countFor.get(c.record.jnid)?.files ?? 0;
      this.store.contacts.set(c.record.jnid, c.record);
    }
    for (const j of [...this.jobs].sort((a, b) => a.record.recid - b.record.recid)) {
      renumber(j.record.primary);
      renumber(j.record.related);
      j.record.task_count = countFor.get(j.record.jnid)?.tasks ?? 0;
      j.record.attachment_count = countFor.get(j.record.jnid)?.files ?? 0;
      this.store.jobs.set(j.record.jnid, j.record);
    }
    for (const [list, target, type] of [
      [this.tasks, this.store.tasks, "task"],
      [this.activities, this.store.activities, "activity"],
      [this.files, this.store.files, "attachment"],
    ] as const) {
      for (const r of [...list].sort(byDate)) {
        r.recid = this.store.nextRecid(type);
        renumber(r.primary);
        renumber(r.related);
        target.set(r.jnid, r);
      }
    }
  }

  /* ---------- helpers ---------- */

  private vars(contact: ContactDraft, work: string): Vars {
    const storm = this.anchor - this.rng.int(20, 500) * DAY;
    return {
      first: contact.first,
      contact: `${String(contact.record.first_name)} ${String(contact.record.last_name)}`,
      work: work.toLowerCase(),
      source: contact.source,
      sq: this.rng.int(18, 46),
      sqft: this.rng.int(8, 60) * 1000,
      lf: this.rng.int(80, 260),
      count: this.rng.int(2, 12),
      pct: this.rng.int(20, 90),
      hits: this.rng.int(8, 22),
      hail: this.rng.pick(["1", "1.25", "1.5", "1.75", "2"]),
      storm: new Date(storm * 1000).toISOString().slice(0, 10),
      claim: `${this.rng.pick(["CO", "HL", "WX"])}-${this.rng.int(100000, 999999)}`,
      carrier: this.rng.pick(this.flavor.insurers ?? ["the carrier"]),
      adjuster: "the adjuster",
      shingle: this.rng.pick(SHINGLES),
      color: this.rng.pick(SHINGLE_COLORS),
      slope: this.rng.pick(SLOPES),
      room: this.rng.pick(ROOMS),
      feature: this.rng.pick(FEATURES),
    };
  }

  /** Business hours in the account's time zone, as Unix seconds. */
  private workHour(t: number): number {
    return this.localTime(t, this.rng.int(8, 16), this.rng.pick([0, 15, 30, 45]));
  }

  private localTime(t: number, hour: number, minute: number): number {
    const localDay = Math.floor((t + this.flavor.utcOffset * HOUR) / DAY) * DAY;
    return localDay - this.flavor.utcOffset * HOUR + hour * HOUR + minute * 60;
  }

  private weekday(t: number): string {
    return WEEKDAYS[new Date((t + this.flavor.utcOffset * HOUR) * 1000).getUTCDay()]!;
  }
}

/**
 * The statuses a job went through to reach `current`: the workflow's open statuses in order up to it; a
 * retired status sits after the active status before it; the first closed status (won) follows the whole
 * path, the others (lost) an early part of it.
 */
export function statusHistory(workflow: SettingsWorkflow, current: string, rng: SeededRandom): string[] {
  const all = workflow.status;
  const path = all.filter((s) => s.is_active && !s.is_closed).map((s) => s.name);
  const target = all.find((s) => s.name === current);
  if (!target) throw new Error(`${workflow.name} has no status ${current}`);
  if (target.is_active && !target.is_closed) return path.slice(0, path.indexOf(current) + 1);
  if (!target.is_active) {
    const before = all.slice(0, all.indexOf(target)).filter((s) => s.is_active && !s.is_closed).map((s) => s.name);
    return [...before, current];
  }
  const closed = all.filter((s) => s.is_active && s.is_closed);
  if (closed[0]?.name === current) return [...path, current];
  return [...path.slice(0, rng.int(1, Math.min(3, path.length))), current];
}

function fill(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

/**
 * How phone numbers sit in real JobNimbus accounts: typed into the web app as free text, imported from
 * spreadsheets, or written by integrations. The vendor's contact examples store bare digits ("8882223333").
 * Weighted by repetition: the formatted form is the most common.
 */
export const PHONE_FORMS: ReadonlyArray<(area: string, line: string) => string> = [
  (a, l) => `(${a}) 555-${l}`,
  (a, l) => `${a}555${l}`,
  (a, l) => `(${a}) 555-${l}`,
  (a, l) => `${a}-555-${l}`,
  (a, l) => `+1${a}555${l}`,
  (a, l) => `${a}.555.${l}`,
  (a, l) => `(${a}) 555-${l}`,
  (a, l) => `1-${a}-555-${l}`,
];

/** One fictional number (555-01xx) in the form its line number picks. */
export function phoneIn(area: string, line: string): string {
  return PHONE_FORMS[Number(line) % PHONE_FORMS.length]!(area, line);
}
