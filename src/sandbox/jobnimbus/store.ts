/**
 * In-memory state of one JobNimbus demo account: records keyed by jnid (raw vendor shape, timestamps in
 * Unix seconds), the account's users and its settings document. The settings document is the truth the
 * API validates against, so a test can change it (as an admin would in the web app) and watch a client
 * pick the change up.
 */
import { SeededRandom } from "../common/random.js";
import { settingsDocument, type AccountDef } from "./accounts.js";

export type RecordType = "contact" | "job" | "task" | "activity" | "attachment";

/** A record as the API returns it. */
export type JnRecord = Record<string, unknown> & {
  jnid: string;
  recid: number;
  type: RecordType;
  date_created: number;
  date_updated: number;
  is_active: boolean;
};

export interface UserRecord {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  image_url: string;
  calendar_color: string;
  is_active: boolean;
  /** Not part of the vendor's user object: which group the seed puts the user in. */
  role: string;
}

export interface SettingsStatus {
  id: number;
  name: string;
  is_lead: boolean;
  is_closed: boolean;
  is_active: boolean;
  order: number;
  [key: string]: unknown;
}

export interface SettingsWorkflow {
  id: number;
  order: number;
  object_type: string;
  name: string;
  is_active: boolean;
  status: SettingsStatus[];
  [key: string]: unknown;
}

export interface SettingsDocument {
  workflows: SettingsWorkflow[];
  taskTypes: Array<{ TaskTypeId: number; TypeName: string; IsActive: boolean; [key: string]: unknown }>;
  activityTypes: Array<{ ActivityTypeId: number; TypeName: string; IsActive: boolean; [key: string]: unknown }>;
  sources: Array<{ JobSourceId: number; SourceName: string; IsActive: boolean }>;
  fileTypes: Array<{ FileTypeId: number; TypeName: string; IsActive: boolean }>;
  [key: string]: unknown;
}

export type Collection = "contacts" | "jobs" | "tasks" | "activities" | "files";

export interface StoreCounts {
  contacts: number;
  jobs: number;
  tasks: number;
  activities: number;
  files: number;
  users: number;
}

const JNID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Case- and spacing-insensitive key, as names typed by people are compared [I]. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, " ");
}

export class JobNimbusStore {
  readonly contacts = new Map<string, JnRecord>();
  readonly jobs = new Map<string, JnRecord>();
  readonly tasks = new Map<string, JnRecord>();
  readonly activities = new Map<string, JnRecord>();
  readonly files = new Map<string, JnRecord>();
  readonly users: UserRecord[] = [];
  readonly settings: SettingsDocument;
  private readonly ids: SeededRandom;
  private readonly usedIds = new Set<string>();
  private readonly recids: Record<RecordType, number> = { contact: 0, job: 0, task: 0, activity: 0, attachment: 0 };
  /** Human record numbers start where a young account's would. */
  private readonly numbers: Record<RecordType, number> = { contact: 1000, job: 1000, task: 0, activity: 0, attachment: 0 };

  constructor(
    readonly account: AccountDef,
    idSeed: number,
  ) {
    this.settings = settingsDocument(account) as SettingsDocument;
    this.ids = new SeededRandom(idSeed);
  }

  collection(name: Collection): Map<string, JnRecord> {
    return this[name];
  }

  /** A fresh jnid: 16 lowercase alphanumerics like the docs' "jsy16hg9ztze7cxx" (deterministic per seed). */
  newJnid(): string {
    for (;;) {
      let id = "";
      for (let i = 0; i < 16; i++) id += JNID_ALPHABET[this.ids.int(0, JNID_ALPHABET.length - 1)];
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }

  nextRecid(type: RecordType): number {
    return ++this.recids[type];
  }

  /** The next human record number (contacts and jobs have their own sequences). */
  nextNumber(type: RecordType): string {
    return String(++this.numbers[type]);
  }

  /** A record of any collection by jnid. */
  find(jnid: string): JnRecord | undefined {
    return this.contacts.get(jnid) ?? this.jobs.get(jnid) ?? this.tasks.get(jnid) ?? this.activities.get(jnid) ?? this.files.get(jnid);
  }

  user(id: string): UserRecord | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** An active workflow of the object type, matched by name (case-insensitive [I]). */
  workflow(objectType: string, name: string): SettingsWorkflow | undefined {
    const key = nameKey(name);
    return this.settings.workflows.find((w) => w.object_type === objectType && w.is_active && nameKey(w.name) === key);
  }

  activeWorkflows(objectType: string): SettingsWorkflow[] {
    return this.settings.workflows.filter((w) => w.object_type === objectType && w.is_active);
  }

  /** An active status of a workflow, matched by name (case-insensitive [I]). */
  static activeStatus(workflow: SettingsWorkflow, name: string): SettingsStatus | undefined {
    const key = nameKey(name);
    return workflow.status.find((s) => s.is_active && nameKey(s.name) === key);
  }

  static activeStatusNames(workflow: SettingsWorkflow): string[] {
    return workflow.status.filter((s) => s.is_active).map((s) => s.name);
  }

  activeTypeNames(list: "taskTypes" | "activityTypes"): string[] {
    return this.settings[list].filter((t) => t.IsActive).map((t) => t.TypeName);
  }

  activeSourceNames(): string[] {
    return this.settings.sources.filter((s) => s.IsActive).map((s) => s.SourceName);
  }

  /** What an admin does in Settings → Workflows: add a status to a workflow (tests use it to change the account). */
  addStatus(workflowName: string, status: string, options: { closed?: boolean } = {}): void {
    const w = this.settings.workflows.find((x) => x.name === workflowName);
    if (!w) throw new Error(`no workflow ${workflowName}`);
    const id = Math.max(0, ...this.settings.workflows.flatMap((x) => x.status.map((s) => s.id))) + 1;
    w.status.push({ id, name: status, is_lead: false, is_closed: options.closed ?? false, is_active: true, is_archived: false, order: w.status.length + 1, profile_ids: [] });
  }

  /** Add a whole workflow (Settings → Workflows → New). */
  addWorkflow(name: string, objectType: "contact" | "job", statuses: readonly string[]): void {
    const ids = this.settings.workflows.flatMap((x) => x.status.map((s) => s.id));
    let statusId = Math.max(0, ...ids);
    this.settings.workflows.push({
      id: Math.max(0, ...this.settings.workflows.map((w) => w.id)) + 1,
      order: this.settings.workflows.length + 1,
      object_type: objectType,
      name,
      is_active: true,
      status: statuses.map((s, i) => ({ id: ++statusId, name: s, is_lead: i === 0, is_closed: false, is_active: true, is_archived: false, order: i + 1 })),
    });
  }

  /**
   * Make a workflow inactive, or active again (Settings → Workflows → Active): its records keep it, but the
   * settings no longer offer it and new records cannot use it (tests use it to change the account).
   */
  setWorkflowActive(workflowName: string, active: boolean): void {
    const w = this.settings.workflows.find((x) => x.name === workflowName);
    if (!w) throw new Error(`no workflow ${workflowName}`);
    w.is_active = active;
  }

  counts(): StoreCounts {
    return {
      contacts: this.contacts.size,
      jobs: this.jobs.size,
      tasks: this.tasks.size,
      activities: this.activities.size,
      files: this.files.size,
      users: this.users.length,
    };
  }
}
