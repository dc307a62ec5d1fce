/**
 * The JobNimbus backend: the account's workflows are read at startup (GET /account/settings) and become
 * the profile's enums. They follow the account while the server runs (freshness.ts decides when to read them
 * again): when a read finds them changed, the profile is rebuilt and `watchProfile` listeners (the MCP
 * server) re-register the tool schemas. A status or workflow the cached settings do not know triggers one
 * settings read before anything is refused. Customers are contacts, jobs carry their own address (no
 * locations), notes are activities, technicians are the account's users. There are no assets.
 */
import type {
  AddressInput,
  Backend,
  KeyProblem,
  CallContext,
  CreateCustomerInput,
  AddTaskInput,
  CreateJobInput,
  CustomersApi,
  UpdateCustomerInput,
  UpdateTaskInput,
  JobsApi,
  TechniciansApi,
  UpdateJobInput,
  VendorProfile,
  Workflow,
} from "../../domain/backend.js";
import { InvalidArgumentError, NotFoundError } from "../../domain/errors.js";
import { withVerified } from "../../domain/write-operation.js";
import type { Customer, Id, Job, JobTask, Technician } from "../../domain/types.js";
import { HttpClient } from "../../http/client.js";
import { isVendorError, type VendorError } from "../../http/errors.js";
import type { AuthProvider, HttpClientOptions, HttpEvent } from "../../http/types.js";
import { JobNimbusClient, type JobBody, type JobChanges } from "./client.js";
import * as facts from "./facts.js";
import { describeChange, WorkflowCache, type RecordKind, type WorkflowPosition } from "./freshness.js";
import { jobNimbusDialect, TASK_COMPLETED, TASK_OPEN, toTechnician, unixFromIso, type Obj } from "./normalize.js";
import { AccountWorkflows, type AccountSettings } from "./workflows.js";

export interface JobNimbusBackendOptions extends Omit<HttpClientOptions, "baseUrl" | "dialect" | "auth"> {
  /** Vendor origin, e.g. https://app.jobnimbus.com or the sandbox's http://127.0.0.1:PORT. */
  origin: string;
  apiKey: string;
  /** Authorization scheme (FSM_AUTH_SCHEME); default Bearer. */
  authScheme?: string;
  sandbox?: boolean;
  /** Account settings already at hand (README generation, tests): skips the startup read. */
  settings?: AccountSettings;
  /** How old the cached workflows may get before a tool call re-reads them (tests); default PERIODIC_CHECK_MS. */
  workflowCheckMs?: number;
}

/**
 * Results are for a model to read: 100 records is already a long answer, although the API itself returns
 * up to 1000 per request (facts.PAGE_SIZE_MAX).
 */
export const TOOL_PAGE_MAX = 100;

export const TECHNICIAN_STATUSES = ["Active", "Inactive"] as const;

export function jobNimbusAuth(apiKey: string, scheme = facts.DEFAULT_AUTH_SCHEME): AuthProvider {
  return {
    apply: (headers) => {
      headers.authorization = `${scheme} ${apiKey}`;
    },
    secrets: () => (apiKey ? [apiKey] : []),
  };
}

export function jobNimbusProfile(workflows: AccountWorkflows, sandbox: boolean): VendorProfile {
  const jobMachine = workflows.jobMachine();
  return {
    vendor: facts.VENDOR,
    displayName: facts.DISPLAY_NAME,
    sandbox,
    idKind: "string",
    customerNoun: "contact",
    ...(jobMachine ? { jobMachine } : {}),
    jobSite: "address",
    jobWorkflows: workflows.job,
    customerWorkflows: workflows.contact,
    technicianStatuses: TECHNICIAN_STATUSES,
    maxPageSize: TOOL_PAGE_MAX,
    unsupported: facts.UNSUPPORTED,
    toolNotes: facts.TOOL_NOTES,
    // Tasks are ticked off and reopened (is_completed), typed by the account's task types, due at date_start.
    taskMachine: TASK_MACHINE,
    jobFilters: ["technician", "location", "created", "updated", "query"],
    taskCompletion: true,
    ...(workflows.settings.taskTypes.length ? { taskTypes: workflows.settings.taskTypes } : {}),
    ...(workflows.settings.sources.length ? { leadSources: workflows.settings.sources } : {}),
    customerUpdateFields: workflows.contact.length ? ["name", "email", "phone", "address", "status"] : ["name", "email", "phone", "address"],
  };
}

const TASK_MACHINE = { subject: "task", statuses: [TASK_OPEN, TASK_COMPLETED], terminal: [TASK_COMPLETED], irreversible: [] } as const;

export async function createJobNimbusBackend(opts: JobNimbusBackendOptions): Promise<Backend> {
  const { origin, apiKey, authScheme, sandbox = false, settings, workflowCheckMs, ...httpOptions } = opts;
  const http = new HttpClient({
    ...httpOptions,
    // JobNimbus sends no rate headers [I]: nothing would end a first-request hold; 429 Retry-After paces it.
    rateLimit: { holdFirstRequest: false, ...httpOptions.rateLimit },
    baseUrl: new URL(facts.API_PREFIX, origin).href,
    dialect: jobNimbusDialect,
    auth: jobNimbusAuth(apiKey, authScheme),
  });
  const client = new JobNimbusClient(http);
  let initial: AccountSettings;
  try {
    initial = settings ?? (await client.accountSettings());
  } catch (err) {
    if (isKeyRefusal(err)) {
      // A refused key must not kill the server: an MCP client would see only "connection closed" and the
      // assistant could tell the user nothing. Start without workflows; every call (and fsm://capabilities)
      // answers with the refusal and its fix, and the first call after the key works loads the account.
      httpOptions.onEvent?.({ level: "error", type: "startup", message: `JobNimbus: ${keyProblem(err).error} ${keyProblem(err).fix}` });
      return new JobNimbusBackend(client, new AccountWorkflows(NO_SETTINGS), { sandbox, onEvent: httpOptions.onEvent, workflowCheckMs, refused: err });
    }
    await http.close();
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`JobNimbus: cannot read the account's workflows and statuses (GET ${facts.API_PREFIX}/account/settings): ${why}.`);
  }
  return new JobNimbusBackend(client, new AccountWorkflows(initial), { sandbox, onEvent: httpOptions.onEvent, workflowCheckMs });
}

const NO_SETTINGS: AccountSettings = { workflows: [], taskTypes: [], activityTypes: [], sources: [] };

/** 401 (key unknown, revoked, wrong scheme) or 403 (its access profile may not read settings): the key is the problem. */
function isKeyRefusal(err: unknown): err is VendorError {
  return isVendorError(err) && (err.status === 401 || err.status === 403);
}

function keyProblem(err: VendorError): KeyProblem {
  const said = err.message;
  return err.status === 401
    ? {
        status: 401,
        error: `the API key was refused (401) reading the account settings: ${said}`,
        fix: "Check FSM_API_KEY (JobNimbus → Settings → API: the key exists and is active) and FSM_AUTH_SCHEME (default Bearer; older keys may need Token), then restart; a key re-activated in JobNimbus is picked up on the next call.",
      }
    : {
        status: 403,
        error: `the API key may not read the account settings (403): ${said}`,
        fix: "Give the key's access profile (JobNimbus → Settings → API) permission to read settings, contacts and jobs; the next call picks it up.",
      };
}

type Refusal = { field: string; message: string; allowed: readonly string[] };

class JobNimbusBackend implements Backend {
  readonly technicians: TechniciansApi;
  private readonly cache: WorkflowCache;
  /** What the tools are built from; replaced as a whole when the account's workflows change. */
  private current: { profile: VendorProfile; customers: CustomersApi; jobs: JobsApi };
  private readonly listeners = new Set<(profile: VendorProfile) => void>();
  private userNames?: Promise<Map<string, string>>;
  /** The key's refusal at startup (or since), until a settings read succeeds. */
  private refused?: VendorError;
  private keyCheck?: Promise<void>;

  constructor(
    private readonly client: JobNimbusClient,
    workflows: AccountWorkflows,
    private readonly opts: { sandbox: boolean; onEvent?: (event: HttpEvent) => void; workflowCheckMs?: number; refused?: VendorError },
  ) {
    this.refused = opts.refused;
    this.cache = new WorkflowCache(workflows, {
      periodMs: opts.workflowCheckMs,
      read: () => client.accountSettings(),
      changed: (next, previous) => this.apply(next, previous),
      failed: (error, why) =>
        this.opts.onEvent?.({
          level: "warning",
          type: "settings_refresh",
          message: `JobNimbus: re-reading the account's workflows (${why}) failed, keeping the ones read before: ${error instanceof Error ? error.message : String(error)}`,
        }),
    });
    this.current = this.build(workflows);
    const tick = () => this.keyChecked();
    this.technicians = ticking(
      {
        list: async (q) => {
          const users = (await client.accountUsers(q)).map(toTechnician).filter((t) => !q.status || t.status === q.status);
          const perPage = q.perPage ?? TOOL_PAGE_MAX;
          const page = q.page ?? 1;
          return { items: users.slice((page - 1) * perPage, page * perPage), page, perPage, total: users.length, totalPages: Math.max(1, Math.ceil(users.length / perPage)) };
        },
      },
      tick,
    );
  }

  get profile(): VendorProfile {
    return this.current.profile;
  }

  get customers(): CustomersApi {
    return this.current.customers;
  }

  get jobs(): JobsApi {
    return this.current.jobs;
  }

  /** What fsm://capabilities shows while the key is refused: the vendor's words and the fix (a read retries the key first). */
  async keyProblem(): Promise<KeyProblem | undefined> {
    await this.keyChecked().catch(() => undefined);
    return this.refused ? keyProblem(this.refused) : undefined;
  }

  /**
   * Before every operation: while the key is refused, read the settings again (one read shared by a burst of
   * calls) and answer with the refusal if it still stands; once it works, the account's workflows load (the
   * profile and the tools follow) and the call goes on. Otherwise the periodic freshness check.
   */
  private async keyChecked(): Promise<void> {
    if (!this.refused) return this.cache.tick();
    this.keyCheck ??= this.client
      .accountSettings()
      .then(
        (settings) => {
          this.refused = undefined;
          this.opts.onEvent?.({ level: "info", type: "startup", message: "JobNimbus: the API key is accepted now; the account's workflows are loaded" });
          this.cache.adopt(new AccountWorkflows(settings));
        },
        (err: unknown) => {
          if (isKeyRefusal(err)) this.refused = err;
          else throw err;
        },
      )
      .finally(() => {
        this.keyCheck = undefined;
      });
    await this.keyCheck;
    if (this.refused) throw this.refused;
  }

  watchProfile(listener: (profile: VendorProfile) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  refreshProfile(why: string): Promise<boolean> {
    return this.cache.refresh(why);
  }

  close(): Promise<void> {
    return this.client.http.close();
  }

  private get workflows(): AccountWorkflows {
    return this.cache.workflows;
  }

  /** New workflows: a new profile and operations (a write with no workflow left to write into disappears), then the listeners. */
  private apply(next: AccountWorkflows, previous: AccountWorkflows): void {
    this.current = this.build(next);
    this.opts.onEvent?.({ level: "info", type: "settings_refresh", message: `JobNimbus: the account's workflows changed (${describeChange(previous, next)}); tool schemas follow` });
    for (const listener of this.listeners) {
      try {
        listener(this.current.profile);
      } catch (error) {
        this.opts.onEvent?.({ level: "error", type: "settings_refresh", message: `JobNimbus: applying the new workflows failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
      }
    }
  }

  /**
   * The profile and the operations for one read of the workflows. Creating a contact or a job, and moving a
   * job, exist only while the account has a workflow for them (the catalogue hides the tool otherwise). Every
   * operation first gives the cache its periodic chance to re-read the settings (tick).
   */
  private build(workflows: AccountWorkflows): { profile: VendorProfile; customers: CustomersApi; jobs: JobsApi } {
    const c = this.client;
    const tick = () => this.keyChecked();
    const customers: CustomersApi = {
      search: async (q) => this.observed("contact", await c.searchContacts(q)),
      get: async (id, o) => {
        const contact = await this.notFoundAs(c.getContact(String(id), o), "customer", id, "search_customers");
        await this.cache.observe("contact", [contact]);
        return contact;
      },
      ...(workflows.contact.length ? { create: (input: CreateCustomerInput) => this.planContact(input) } : {}),
      update: (customer: Customer, input: UpdateCustomerInput) => this.planContactUpdate(customer, input),
      addNote: async (customerId, text) => withVerified(c.createContactNote(String(customerId), text), { kind: "customer", id: customerId }),
      listNotes: (customerId, q) => c.listNotes(String(customerId), q),
      listActivity: (customerId, q) => c.listActivity(String(customerId), q),
      listTasks: async (customerId, ctx) => this.namedTasks(await c.tasksOf(String(customerId), ctx)),
    };
    const canWrite = workflows.job.length > 0;
    const jobs: JobsApi = {
      list: async (q) => {
        const page = await this.observed("job", await c.listJobs(q));
        return { ...page, items: await this.withTechnicianNames(page.items) };
      },
      get: (id, ctx) => this.getJob(id, ctx),
      ...(canWrite
        ? {
            create: (input: CreateJobInput) => this.planJob(input),
            changeStatus: async (job: Job, input: { status: string }) => c.changeJobStatus(job, await this.statusForJob(job, input.status)),
          }
        : {}),
      update: async (id, input) => {
        const changes = compactChanges(jobChanges(input));
        return c.updateJob(String(id), changes, `Update job ${id}: ${Object.keys(changes).join(", ")}`);
      },
      machineFor: (job) => this.workflows.machineForJob(job),
      refreshMachines: () => this.cache.refresh("the job statuses were asked for"),
      addNote: async (jobId, text) => {
        const job = await this.notFoundAs(c.getJob(String(jobId)), "job", jobId, "list_jobs");
        const op = c.createNote({ id: String(job.id), customerId: job.customerId === null || job.customerId === undefined ? null : String(job.customerId) }, text);
        return withVerified(op, { kind: "job", id: jobId });
      },
      listNotes: (jobId, q) => c.listNotes(String(jobId), q),
      listActivity: (jobId, q) => c.listActivity(String(jobId), q),
      listAttachments: (jobId, q) => c.listAttachments(String(jobId), q),
      addTask: (job: Job, input: AddTaskInput) => this.planTask(job, input),
      updateTask: async (job: Job, task: JobTask, input: UpdateTaskInput) => this.planTaskUpdate(job, task, input),
    };
    return {
      profile: jobNimbusProfile(workflows, this.opts.sandbox),
      customers: ticking(customers, tick),
      jobs: ticking(jobs, tick, ["machineFor", "refreshMachines"]),
    };
  }

  /** Records just read: one the cached workflows do not know means the account changed; read them again first. */
  private async observed<T extends WorkflowPosition, P extends { items: T[] }>(kind: RecordKind, page: P): Promise<P> {
    await this.cache.observe(kind, page.items);
    return page;
  }

  /**
   * Resolve against the cached workflows; when that refuses, refresh the settings once and try again, so an
   * account that just added a workflow or status is not refused on stale data.
   */
  private async resolveFresh<T>(resolve: () => T | Refusal): Promise<T> {
    let result = resolve();
    if (isRefusal(result)) {
      await this.cache.refresh("a requested workflow or status is unknown");
      result = resolve();
    }
    if (isRefusal(result)) throw new InvalidArgumentError(result.field, result.message, result.allowed);
    return result;
  }

  private resolveWorkflowStatus(kind: "job" | "contact", workflowName: string | undefined, status: string | undefined): { workflow: Workflow; status: string } | Refusal {
    const all = kind === "job" ? this.workflows.job : this.workflows.contact;
    const workflow = workflowName === undefined ? all[0] : kind === "job" ? this.workflows.jobWorkflow(workflowName) : this.workflows.contactWorkflow(workflowName);
    if (!workflow) {
      return { field: "workflow", message: `"${workflowName}" is not a ${kind} workflow of this account`, allowed: all.map((w) => w.name) };
    }
    if (status === undefined) return { workflow, status: workflow.statuses[0]! };
    const exact = AccountWorkflows.statusIn(workflow, status);
    if (exact) return { workflow, status: exact };
    return { field: "status", message: notInWorkflow(status, workflow, all), allowed: workflow.statuses };
  }

  /** The spelling of `status` in the job's own workflow, refusing (after one refresh) a status of any other workflow. */
  private statusForJob(job: Job, status: string): Promise<string> {
    return this.resolveFresh(() => {
      const workflow = this.workflows.jobWorkflow(job.workflow);
      if (!workflow) return { field: "status", message: `job ${job.id} is in workflow "${job.workflow ?? "none"}", which this account does not define`, allowed: [] };
      return AccountWorkflows.statusIn(workflow, status) ?? { field: "status", message: notInWorkflow(status, workflow, this.workflows.job), allowed: workflow.statuses };
    });
  }

  /** A job by jnid or, failing that, by its number ("job 1042"), with its tasks (soonest due first). */
  private async getJob(id: Id, ctx?: CallContext): Promise<Job> {
    let job: Job;
    try {
      job = await this.client.getJob(String(id), ctx);
    } catch (err) {
      const byNumber = isVendorError(err) && err.status === 404 && /^\d{1,9}$/.test(String(id)) ? await this.client.jobByNumber(String(id), ctx) : undefined;
      if (byNumber) job = byNumber;
      else if (isVendorError(err) && err.status === 404) throw new NotFoundError("job", id, "list_jobs");
      else throw err;
    }
    // A workflow or status we have never seen: the account changed since it was read.
    await this.cache.observe("job", [job]);
    const tasks = await this.client.tasksOf(String(job.id), ctx);
    const [named] = await this.withTechnicianNames([job]);
    return { ...named!, tasks: await this.namedTasks(tasks) };
  }

  /** Tasks with their assignees' names (from the account's users, read once). */
  private async namedTasks(tasks: JobTask[]): Promise<JobTask[]> {
    if (!tasks.some((t) => t.assigneeId)) return tasks;
    const names = await this.users();
    return tasks.map((t) => (t.assigneeId && names.has(String(t.assigneeId)) ? { ...t, assignee: names.get(String(t.assigneeId)) } : t));
  }

  /** The task type named (any case), else the account's first; refused, naming the types, when unknown. */
  private taskType(name: string | undefined): string {
    const types = this.workflows.settings.taskTypes;
    if (!types.length) throw new InvalidArgumentError("type", "this account defines no task types (JobNimbus → Settings → Tasks)");
    if (name === undefined) return types[0]!;
    const found = types.find((t) => t.toLowerCase() === name.trim().toLowerCase());
    if (!found) throw new InvalidArgumentError("type", `"${name}" is not a task type of this account`, types);
    return found;
  }

  private async planTask(job: Job, input: AddTaskInput) {
    if (!input.dueAt) throw new InvalidArgumentError("due_at", "is required: a JobNimbus task sits on the calendar at its due date and time");
    const start = unixFromIso(input.dueAt);
    const type = this.taskType(input.type);
    const body = {
      title: input.description,
      record_type_name: type,
      date_start: start,
      date_end: input.durationHours ? start + Math.round(input.durationHours * 3600) : undefined,
      related: [{ id: String(job.id) }, ...(job.customerId ? [{ id: String(job.customerId) }] : [])],
      owners: input.technicianId === undefined ? undefined : [{ id: String(input.technicianId) }],
    };
    const op = this.client.createTask(body, `Add ${type} task "${input.description}" to job ${job.number ?? job.id}, due ${input.dueAt}`);
    return withVerified(op, { kind: "job", id: job.id });
  }

  private planTaskUpdate(job: Job, task: JobTask, input: UpdateTaskInput) {
    const due = input.dueAt ?? input.scheduledStart;
    const start = due ? unixFromIso(due) : undefined;
    const changes = {
      title: input.description,
      owners: input.technicianId === undefined ? undefined : [{ id: String(input.technicianId) }],
      date_start: start,
      date_end: input.scheduledEnd ? unixFromIso(input.scheduledEnd) : input.durationHours && start ? start + Math.round(input.durationHours * 3600) : undefined,
      is_completed: input.completed,
    };
    const what = Object.entries(changes).filter(([, v]) => v !== undefined).map(([k]) => k);
    return this.client.updateTask(String(task.id), changes, `Update task ${task.id} of job ${job.number ?? job.id}: ${what.join(", ")}`);
  }

  /**
   * A contact correction: only the fields given. A phone replaces the number in the field that holds the
   * current one (mobile, home or work), else mobile; a status is one of the contact's own workflow and is
   * sent with it (record_type_name), as a job status is.
   */
  private async planContactUpdate(customer: Customer, input: UpdateCustomerInput) {
    const raw = await this.client.getContactRecord(String(customer.id));
    const phoneField = (["mobile_phone", "home_phone", "work_phone"] as const).find((f) => typeof raw[f] === "string" && raw[f] !== "" && raw[f] === customer.phone) ?? "mobile_phone";
    let workflowStatus: { record_type_name: string; status_name: string } | undefined;
    if (input.status !== undefined) {
      const own = typeof raw.record_type_name === "string" && raw.record_type_name !== "" ? raw.record_type_name : undefined;
      const { workflow, status } = await this.resolveFresh(() => this.resolveWorkflowStatus("contact", own, input.status));
      workflowStatus = { record_type_name: workflow.name, status_name: status };
    }
    const body = {
      display_name: input.name,
      email: input.email,
      ...(input.phone === undefined ? {} : { [phoneField]: input.phone }),
      ...addressFields(input.address),
      ...workflowStatus,
    };
    const fields = Object.keys(compactChanges(body as JobChanges));
    return this.client.updateContact(String(customer.id), body, `Update contact ${customer.id}: ${fields.join(", ")}`);
  }

  /** A lead source as the account spells it; refused, naming the account's, when unknown. */
  private leadSource(name: string | undefined): string | undefined {
    if (name === undefined) return undefined;
    const sources = this.workflows.settings.sources;
    const found = sources.find((x) => x.toLowerCase() === name.trim().toLowerCase());
    if (!found) throw new InvalidArgumentError("lead_source", `"${name}" is not a lead source of this account`, sources);
    return found;
  }

  private users(): Promise<Map<string, string>> {
    this.userNames ??= this.client.accountUsers().then(
      (users) => new Map(users.map(toTechnician).map((t: Technician) => [String(t.id), t.name])),
      () => {
        this.userNames = undefined;
        return new Map<string, string>();
      },
    );
    return this.userNames;
  }

  private async planContact(input: CreateCustomerInput) {
    const { workflow, status } = await this.resolveFresh(() => this.resolveWorkflowStatus("contact", input.workflow, input.status));
    const body = {
      record_type_name: workflow.name,
      status_name: status,
      display_name: input.name,
      first_name: input.firstName,
      last_name: input.lastName,
      company: input.company,
      email: input.email,
      mobile_phone: input.phone,
      ...addressFields(input.address),
      sales_rep: input.salesRepId === undefined ? undefined : String(input.salesRepId),
      source_name: this.leadSource(input.leadSource),
    };
    return this.client.createContact(body, `Create contact "${input.name}" in ${workflow.name} as ${status}`);
  }

  private async planJob(input: CreateJobInput) {
    const { workflow, status } = await this.resolveFresh(() => this.resolveWorkflowStatus("job", input.workflow, input.status));
    if (input.customerId === undefined) throw new InvalidArgumentError("customer_id", "is required: the contact the job is for (from search_customers)");
    const contact = await this.notFoundAs(this.client.getContactRecord(String(input.customerId)), "customer", input.customerId, "search_customers");
    const address = input.address ? addressFields(input.address) : contactAddress(contact);
    const body: JobBody = {
      name: input.title,
      record_type_name: workflow.name,
      status_name: status,
      primary: { id: String(input.customerId) },
      description: input.description,
      ...address,
      owners: input.technicianId === undefined ? undefined : [{ id: String(input.technicianId) }],
      date_start: input.scheduledStart ? unixFromIso(input.scheduledStart) : undefined,
      date_end: input.scheduledEnd ? unixFromIso(input.scheduledEnd) : undefined,
      sales_rep: input.salesRepId === undefined ? undefined : String(input.salesRepId),
      source_name: this.leadSource(input.leadSource),
    };
    const op = this.client.createJob(body, `Create job "${input.title}" for contact ${input.customerId} in ${workflow.name} as ${status}`);
    return withVerified(op, { kind: "customer", id: input.customerId });
  }

  /** Fill in technician names from the account's users (read once, lazily; names are a nicety, never an error). */
  private async withTechnicianNames(jobs: Job[]): Promise<Job[]> {
    if (!jobs.some((j) => j.technicianId && !j.technicianName)) return jobs;
    const names = await this.users();
    return jobs.map((j) => (j.technicianId && !j.technicianName && names.has(String(j.technicianId)) ? { ...j, technicianName: names.get(String(j.technicianId)) } : j));
  }

  /** A vendor 404 as a not_found naming the tool that finds valid ids. */
  private async notFoundAs<T>(p: Promise<T>, entity: string, id: Id, finder: string): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (isVendorError(err) && err.status === 404) throw new NotFoundError(entity, id, finder);
      throw err;
    }
  }
}

/** `api` with every method (but `skip`, which stay synchronous) awaiting `before` first. */
function ticking<T extends object>(api: T, before: () => Promise<void>, skip: readonly string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(api)) {
    out[key] =
      typeof value === "function" && !skip.includes(key)
        ? async (...args: unknown[]) => {
            await before();
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value;
  }
  return out as T;
}

function isRefusal(v: unknown): v is Refusal {
  return typeof v === "object" && v !== null && "field" in v && "message" in v && "allowed" in v;
}

/** `"Bid Submitted" is not a status of the Residential Roofing workflow (it is one of Commercial)`. */
function notInWorkflow(status: string, workflow: Workflow, all: readonly Workflow[]): string {
  const elsewhere = all.filter((w) => w !== workflow && AccountWorkflows.statusIn(w, status)).map((w) => w.name);
  return `"${status}" is not a status of the ${workflow.name} workflow${elsewhere.length ? ` (it is one of ${elsewhere.join(", ")})` : ""}`;
}

function addressFields(a: AddressInput | undefined): Partial<JobBody> {
  if (!a) return {};
  return { address_line1: a.line1, address_line2: a.line2, city: a.city, state_text: a.state, zip: a.zip };
}

/** The job's address defaults to its contact's. */
function contactAddress(contact: Obj): Partial<JobBody> {
  const s = (k: string) => (typeof contact[k] === "string" && contact[k] !== "" ? (contact[k] as string) : undefined);
  return { address_line1: s("address_line1"), address_line2: s("address_line2"), city: s("city"), state_text: s("state_text"), zip: s("zip") };
}

function compactChanges(changes: JobChanges): JobChanges {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as JobChanges;
}

/** Tool changes → a partial PUT body. Clearing the technician empties `owners`; clearing a date sends 0 (unset). */
function jobChanges(input: UpdateJobInput): JobChanges {
  return {
    name: input.title,
    description: input.description,
    owners: input.technicianId === undefined ? undefined : input.technicianId === null ? [] : [{ id: String(input.technicianId) }],
    date_start: input.scheduledStart === undefined ? undefined : unixFromIso(input.scheduledStart),
    date_end: input.scheduledEnd === undefined ? undefined : unixFromIso(input.scheduledEnd),
  };
}
