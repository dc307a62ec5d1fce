/**
 * In-memory state of one TrackplanFM sandbox: one table per resource keyed by lower-case GUID, plus the
 * number sequences (jobNumber, taskId, …). Handlers and the seed write here; tests read it.
 */
import type { Resource } from "../../vendors/trackplanfm/facts.js";
import type { JobRecord, JobTaskRecord, RecordOf, SiteRecord } from "./types.js";

export type Sequence = "siteId" | "jobId" | "jobNumber" | "taskId" | "jobRequestNumber" | "assetId" | "resourceId" | "storageId" | "stockId" | "stockLevel" | "invoiceNo";

export class TrackplanfmStore {
  private readonly tables = new Map<Resource, Map<string, Record<string, unknown>>>();
  private readonly sequences: Record<Sequence, number>;

  constructor(first: Partial<Record<Sequence, number>> = {}) {
    this.sequences = {
      siteId: 1,
      jobId: 1,
      jobNumber: 1,
      taskId: 1,
      jobRequestNumber: 1,
      assetId: 1,
      resourceId: 1,
      storageId: 1,
      stockId: 1,
      stockLevel: 1,
      invoiceNo: 1,
      ...first,
    };
  }

  table<R extends Resource>(resource: R): Map<string, RecordOf<R>> {
    let t = this.tables.get(resource);
    if (!t) {
      t = new Map();
      this.tables.set(resource, t);
    }
    return t as unknown as Map<string, RecordOf<R>>;
  }

  get<R extends Resource>(resource: R, guid: string): RecordOf<R> | undefined {
    return this.table(resource).get(guid.toLowerCase());
  }

  put<R extends Resource>(resource: R, record: RecordOf<R>): RecordOf<R> {
    this.table(resource).set(record.guid.toLowerCase(), record);
    return record;
  }

  delete(resource: Resource, guid: string): boolean {
    return this.table(resource).delete(guid.toLowerCase());
  }

  all<R extends Resource>(resource: R): RecordOf<R>[] {
    return [...this.table(resource).values()];
  }

  next(seq: Sequence): number {
    const n = this.sequences[seq];
    this.sequences[seq] = n + 1;
    return n;
  }

  siteById(siteId: number): SiteRecord | undefined {
    return this.all("sites").find((s) => s.siteId === siteId);
  }

  tasksOf(job: JobRecord): JobTaskRecord[] {
    return this.all("jobTasks").filter((t) => t.jobGuid?.toLowerCase() === job.guid.toLowerCase());
  }

  counts(): Record<Resource, number> {
    const names: Resource[] = ["jobRequests", "jobs", "jobCosts", "jobTasks", "assets", "sites", "resources", "storageAreas", "stocks", "stockLevels"];
    return Object.fromEntries(names.map((n) => [n, this.table(n).size])) as Record<Resource, number>;
  }
}
