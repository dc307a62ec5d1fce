/**
 * The account's workflows as this process knows them, and when to read them again. A JobNimbus admin edits
 * workflows in the web app at any time, and the tool schemas (status enums) are built from them, so the
 * cached copy is re-read (GET /account/settings) on evidence that it is stale:
 *  - observe(): a job or contact read carrying a workflow or status the copy does not know;
 *  - refresh(): an explicit ask (a client reading fsm://statuses/jobs; a requested status validation would refuse);
 *  - tick(): the first tool call once PERIODIC_CHECK_MS have passed since the last read, which catches a
 *    status added where no record shows it yet.
 * Every trigger shares the one read in flight. A failed read changes nothing: `failed` is told (the backend
 * logs a warning) and the cached copy stays. There is no timer: an idle server reads nothing and nothing
 * here keeps the process alive.
 */
import type { Workflow } from "../../domain/backend.js";
import { AccountWorkflows, type AccountSettings } from "./workflows.js";

/**
 * At most one settings read per five minutes from tool calls alone. Why five: an admin who adds a status
 * usually moves a job into it soon after, and that job's first read triggers a read at once (observe), so the
 * periodic check only matters for statuses nothing carries yet; five minutes keeps that wait short while costing
 * a busy assistant one small GET in a few hundred tool calls (the API's rate budget is per key and shared).
 */
export const PERIODIC_CHECK_MS = 5 * 60_000;

export type RecordKind = "job" | "contact";

/** The part of a job or contact that says which workflow and status it is in. */
export interface WorkflowPosition {
  workflow?: string | null;
  status?: string | null;
}

export interface WorkflowCacheOptions {
  /** The account's settings as the vendor has them now. */
  read(): Promise<AccountSettings>;
  /** The job or contact workflows changed (active statuses, order, closing statuses, workflows added or retired). */
  changed(next: AccountWorkflows, previous: AccountWorkflows): void;
  /** A read failed; the cached workflows stay. `why` is what triggered it. */
  failed(error: unknown, why: string): void;
  /** Clock (tests); default Date.now. */
  now?: () => number;
  /** Default PERIODIC_CHECK_MS. */
  periodMs?: number;
}

export class WorkflowCache {
  private current: AccountWorkflows;
  private inFlight?: Promise<boolean>;
  private lastRead: number;
  /**
   * Workflow/status pairs that records carry but the newest read did not explain (a workflow the account
   * retired with jobs still in it, or a read that failed): seeing them again triggers nothing, so a list of
   * such jobs costs one read, not one per job. Cleared whenever the workflows change.
   */
  private readonly unexplained = new Set<string>();
  private readonly now: () => number;
  private readonly periodMs: number;

  constructor(
    initial: AccountWorkflows,
    private readonly opts: WorkflowCacheOptions,
  ) {
    this.current = initial;
    this.now = opts.now ?? Date.now;
    this.periodMs = opts.periodMs ?? PERIODIC_CHECK_MS;
    this.lastRead = this.now();
  }

  get workflows(): AccountWorkflows {
    return this.current;
  }

  /** Whether a read is under way (tests, logs). */
  get reading(): boolean {
    return this.inFlight !== undefined;
  }

  /**
   * Read the settings now, or join the read in flight. Resolves true when the workflows changed; never rejects.
   * The shared read carries no caller's abort signal: one caller giving up must not fail the others' read.
   */
  refresh(why: string): Promise<boolean> {
    this.inFlight ??= this.read(why).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * Records just read: when one carries a workflow or status the cache does not know (and no read since it
   * was last seen left it unexplained), read the settings once, shared by every record and caller of the burst.
   */
  async observe(kind: RecordKind, records: readonly WorkflowPosition[]): Promise<void> {
    const unknown = this.unknownKeys(kind, records);
    if (!unknown.length) return;
    await this.refresh(`a ${kind} in ${describePosition(records, kind, this.current)}`);
    for (const key of this.unknownKeys(kind, records)) this.unexplained.add(key);
  }

  /** On every tool call: start a background read when the last one is PERIODIC_CHECK_MS old. Cheap otherwise. */
  tick(): void {
    if (this.inFlight || this.now() - this.lastRead < this.periodMs) return;
    void this.refresh("periodic check");
  }

  private async read(why: string): Promise<boolean> {
    // Counted from the start of the attempt, so a failing vendor is asked at most once per period by tick().
    this.lastRead = this.now();
    let next: AccountWorkflows;
    try {
      next = new AccountWorkflows(await this.opts.read());
    } catch (error) {
      this.opts.failed(error, why);
      return false;
    }
    return this.adopt(next);
  }

  /** Take workflows read elsewhere (the read that found a refused key working again); true when they changed. */
  adopt(next: AccountWorkflows): boolean {
    this.lastRead = this.now();
    const previous = this.current;
    // Kept even when the enums are the same: retired statuses (which records may still carry) can differ.
    this.current = next;
    if (next.sameAs(previous)) return false;
    this.unexplained.clear();
    this.opts.changed(next, previous);
    return true;
  }

  private unknownKeys(kind: RecordKind, records: readonly WorkflowPosition[]): string[] {
    const keys = new Set<string>();
    for (const r of records) {
      if (this.current.knows(kind, r)) continue;
      const key = JSON.stringify([kind, r.workflow ?? null, r.status ?? null]);
      if (!this.unexplained.has(key)) keys.add(key);
    }
    return [...keys];
  }
}

/** For the log line: the first unknown position, e.g. `workflow "Residential Roofing", status "Gutter Check"`. */
function describePosition(records: readonly WorkflowPosition[], kind: RecordKind, known: AccountWorkflows): string {
  const r = records.find((x) => !known.knows(kind, x));
  return r ? `workflow "${r.workflow ?? "none"}", status "${r.status ?? "none"}"` : "an unknown workflow";
}

/**
 * What changed between two reads, in a few words for the log:
 * `job statuses added: Gutter Check; contact workflows removed: Sub-Contractor`.
 */
export function describeChange(previous: AccountWorkflows, next: AccountWorkflows): string {
  const parts: string[] = [];
  for (const kind of ["job", "contact"] as const) {
    const diff = (of: (w: readonly Workflow[]) => string[], what: string) => {
      const before = new Set(of(previous[kind]));
      const after = new Set(of(next[kind]));
      const added = [...after].filter((x) => !before.has(x));
      const removed = [...before].filter((x) => !after.has(x));
      if (added.length) parts.push(`${kind} ${what} added: ${added.join(", ")}`);
      if (removed.length) parts.push(`${kind} ${what} removed: ${removed.join(", ")}`);
    };
    diff((ws) => ws.map((w) => w.name), "workflows");
    // Statuses of workflows both reads have (a new or retired workflow is named once, above).
    const both = new Set(previous[kind].map((w) => w.name).filter((n) => next[kind].some((w) => w.name === n)));
    diff((ws) => ws.filter((w) => both.has(w.name)).flatMap((w) => w.statuses.map((s) => `${w.name}/${s}`)), "statuses");
  }
  return parts.length ? parts.join("; ") : "order or closing statuses changed";
}
