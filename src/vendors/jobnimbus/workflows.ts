/**
 * Account-defined workflows: GET /account/settings → the job and contact workflows the tools are built
 * from. JobNimbus has no transition table: any active status of a workflow may follow any other, so each
 * workflow becomes a StatusMachine with `transitions` undefined and no terminal status (a closed status
 * such as "Paid" can be left again). The union of the job workflows' active statuses is the enum of the
 * status parameters; a job's own workflow decides which of them it may take.
 */
import type { Workflow } from "../../domain/backend.js";
import { normaliseWord, type StatusMachine } from "../../domain/status-machine.js";
import type { Job } from "../../domain/types.js";
import type { ObjectType } from "./facts.js";
import { isObj, MalformedPayloadError, type Obj } from "./normalize.js";

export interface SettingsStatus {
  id?: number;
  name: string;
  isActive: boolean;
  isClosed: boolean;
  isLead: boolean;
  order: number;
}

export interface SettingsWorkflow {
  id?: number;
  name: string;
  objectType: string;
  isActive: boolean;
  order: number;
  statuses: SettingsStatus[];
}

/** The parts of GET /account/settings this server uses (public-facts §3.5). */
export interface AccountSettings {
  workflows: SettingsWorkflow[];
  taskTypes: string[];
  activityTypes: string[];
  sources: string[];
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

function int(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Settings lists use PascalCase items with an IsActive flag: `{TypeName, IsActive}`, `{SourceName, IsActive}` [C]. */
function activeNames(list: unknown, key: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObj).filter((o) => o.IsActive !== false).map((o) => text(o[key])).filter((n): n is string => Boolean(n));
}

/** Read the settings body leniently; a body without a workflows array is malformed. */
export function parseAccountSettings(body: unknown): AccountSettings {
  if (!isObj(body) || !Array.isArray(body.workflows)) throw new MalformedPayloadError('expected account settings with a "workflows" array');
  const workflows = body.workflows.filter(isObj).flatMap((w: Obj, index): SettingsWorkflow[] => {
    const name = text(w.name);
    if (!name) return [];
    const statuses = (Array.isArray(w.status) ? w.status : []).filter(isObj).flatMap((s: Obj, i): SettingsStatus[] => {
      const statusName = text(s.name);
      if (!statusName) return [];
      return [{ id: int(s.id), name: statusName, isActive: s.is_active !== false, isClosed: s.is_closed === true, isLead: s.is_lead === true, order: int(s.order) ?? i }];
    });
    return [{ id: int(w.id), name, objectType: String(w.object_type ?? ""), isActive: w.is_active !== false, order: int(w.order) ?? index, statuses }];
  });
  return {
    workflows,
    taskTypes: activeNames(body.taskTypes, "TypeName"),
    activityTypes: activeNames(body.activityTypes, "TypeName"),
    sources: activeNames(body.sources, "SourceName"),
  };
}

interface KnownWorkflow {
  workflow: Workflow;
  /** Every status name the account has in this workflow, active or retired. */
  all: ReadonlySet<string>;
  machine: StatusMachine;
}

/** The workflows of one object type, in the account's order, as the tools see them. */
function workflowsOf(settings: AccountSettings, objectType: ObjectType): KnownWorkflow[] {
  return settings.workflows
    .filter((w) => w.objectType === objectType && w.isActive)
    .sort((a, b) => a.order - b.order)
    .flatMap((w) => {
      const active = w.statuses.filter((s) => s.isActive).sort((a, b) => a.order - b.order);
      if (!active.length) return [];
      const workflow: Workflow = { name: w.name, statuses: active.map((s) => s.name), closed: active.filter((s) => s.isClosed).map((s) => s.name) };
      return [{ workflow, all: new Set(w.statuses.map((s) => s.name)), machine: workflowMachine(workflow) }];
    });
}

/** A workflow as a status machine: any active status may follow any other; nothing is terminal. */
export function workflowMachine(workflow: Workflow): StatusMachine {
  return {
    subject: "job",
    statuses: workflow.statuses,
    terminal: [],
    irreversible: [],
    descriptions: Object.fromEntries(workflow.closed.map((s) => [s, `closes the job in ${workflow.name} (it can be reopened)`])),
  };
}

/** The status enum across workflows: every active status once, in workflow order, with the workflows it belongs to. */
export function unionMachine(workflows: readonly Workflow[]): StatusMachine {
  const owners = new Map<string, string[]>();
  for (const w of workflows) for (const s of w.statuses) owners.set(s, [...(owners.get(s) ?? []), w.name]);
  return {
    subject: "job",
    statuses: [...owners.keys()],
    terminal: [],
    irreversible: [],
    descriptions: Object.fromEntries([...owners].map(([s, ws]) => [s, `a status of ${ws.join(", ")}`])),
  };
}

/** The account's workflows, with lookups that tolerate case and spacing ("insurance restoration"). */
export class AccountWorkflows {
  readonly job: readonly Workflow[];
  readonly contact: readonly Workflow[];
  private readonly jobByName: ReadonlyMap<string, KnownWorkflow>;
  private readonly contactByName: ReadonlyMap<string, KnownWorkflow>;

  constructor(readonly settings: AccountSettings) {
    const jobs = workflowsOf(settings, "job");
    const contacts = workflowsOf(settings, "contact");
    this.job = jobs.map((k) => k.workflow);
    this.contact = contacts.map((k) => k.workflow);
    this.jobByName = new Map(jobs.map((k) => [normaliseWord(k.workflow.name), k]));
    this.contactByName = new Map(contacts.map((k) => [normaliseWord(k.workflow.name), k]));
  }

  jobWorkflow(name: string | null | undefined): Workflow | undefined {
    return name ? this.jobByName.get(normaliseWord(name))?.workflow : undefined;
  }

  contactWorkflow(name: string | null | undefined): Workflow | undefined {
    return name ? this.contactByName.get(normaliseWord(name))?.workflow : undefined;
  }

  /** The status of `workflow` spelled `loose` ("in progress" → "In Progress"), if it is one of its active statuses. */
  static statusIn(workflow: Workflow, loose: string): string | undefined {
    const key = normaliseWord(loose);
    return workflow.statuses.find((s) => normaliseWord(s) === key);
  }

  /** The union machine of the job workflows (the enum of status parameters), or undefined without job workflows. */
  jobMachine(): StatusMachine | undefined {
    return this.job.length ? unionMachine(this.job) : undefined;
  }

  /**
   * True when the job's workflow and current status are in these settings (a retired status counts):
   * otherwise the account changed since they were read, and a refresh is due.
   */
  knowsJob(job: Pick<Job, "workflow" | "status">): boolean {
    const known = job.workflow ? this.jobByName.get(normaliseWord(job.workflow)) : undefined;
    return Boolean(known && (!job.status || known.all.has(job.status)));
  }

  /**
   * The same question for a job or a contact. A contact in no workflow at all (nothing to know) counts as
   * known; a job always has one in JobNimbus, so a job without one does not.
   */
  knows(kind: "job" | "contact", record: Pick<Job, "workflow"> & { status?: string | null }): boolean {
    if (kind === "job") return this.knowsJob({ workflow: record.workflow, status: record.status ?? "" });
    if (!record.workflow) return !record.status;
    const known = this.contactByName.get(normaliseWord(record.workflow));
    return Boolean(known && (!record.status || known.all.has(record.status)));
  }

  /**
   * The machine that governs `job`: its own workflow's. A job sitting in a status that is no longer active
   * (retired in the settings) may still move to any active status of its workflow; an unknown workflow
   * governs nothing but the status the job is in.
   */
  machineForJob(job: Pick<Job, "workflow" | "status">): StatusMachine {
    const known = job.workflow ? this.jobByName.get(normaliseWord(job.workflow)) : undefined;
    if (!known) return { subject: "job", statuses: job.status ? [job.status] : [], terminal: [], irreversible: [] };
    if (!job.status || known.machine.statuses.includes(job.status)) return known.machine;
    return { ...known.machine, statuses: [job.status, ...known.machine.statuses] };
  }

  /** Whether two settings describe the same job and contact workflows (a refresh that changed nothing). */
  sameAs(other: AccountWorkflows): boolean {
    return JSON.stringify([this.job, this.contact]) === JSON.stringify([other.job, other.contact]);
  }
}
