/**
 * Deterministic demo data for the TrackplanFM sandbox: one seed and one anchor always give the same account.
 * 36 coded sites in six regions (four UK, two US), 25 resources (engineers and contractors), asset registers
 * per site, a reactive job board in every status whose tasks agree with it (tasks in every state), job costs,
 * job requests, stores with stock and stock levels. GUIDs come from the seeded generator too.
 */
import { JOB_STATUSES, type JobStatus, type TaskStatus } from "../../vendors/trackplanfm/facts.js";
import { isoSeconds } from "../common/clock.js";
import { SeededRandom } from "../common/random.js";
import {
  ASSET_CLASSES,
  CONDITIONS,
  COST_DESCRIPTIONS,
  JOB_REQUEST_TEXTS,
  JOB_TEMPLATES,
  RAISED_BY,
  REGIONS,
  RESOURCES,
  STOCK_ITEMS,
  STOCK_TYPES,
  STORE_NAMES,
  type JobTemplate,
  type ResourceSpec,
} from "./seed-data.js";
import { TrackplanfmStore } from "./store.js";
import { fullRecord, type JobRecord, type ResourceRecord, type SiteRecord } from "./types.js";

export const DEFAULT_SEED = 20260417;
/** Tests that pin exact dates pass this anchor; the product dates demo data from the start of today. */
export const DEFAULT_ANCHOR_DATE = "2026-06-01T12:00:00Z";
export const SEED_JOB_COUNT = 240;
export const SEED_JOB_REQUEST_COUNT = 40;
/**
 * Statuses this demo account defines itself, beyond the assumed list (facts.JOB_STATUSES): real accounts add
 * their own, and the server must learn them from records rather than refuse them. Seeded last, so the rest of
 * the account does not move.
 */
export const ACCOUNT_JOB_STATUSES = ["Awaiting Parts"] as const;
export const SEED_ACCOUNT_STATUS_JOBS = 4;

export function todayAnchor(now = new Date()): string {
  return `${now.toISOString().slice(0, 10)}T00:00:00Z`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** [I] Priority names for tasks (the update body has priorityName; values are per account). */
const TASK_PRIORITIES = ["P1 - 4 hours", "P2 - 24 hours", "P3 - 5 working days"] as const;

/** A board that looks like a normal week: most work open or recently completed. */
const STATUS_WEIGHTS: Readonly<Record<JobStatus, number>> = {
  Logged: 14,
  "Requires Auth": 5,
  Instructed: 16,
  "In Progress": 20,
  "Resource Confirmed Complete": 9,
  Completed: 31,
  Cancelled: 5,
};

const REQUEST_STATUSES = ["New", "Approved", "Rejected"] as const;

export interface SeedOptions {
  seed?: number;
  anchorDate?: string;
}

export function createSeededStore(options: SeedOptions = {}): TrackplanfmStore {
  const anchorMs = Date.parse(options.anchorDate ?? DEFAULT_ANCHOR_DATE);
  if (Number.isNaN(anchorMs)) throw new RangeError(`Invalid anchorDate "${options.anchorDate}"`);
  const store = new TrackplanfmStore({ siteId: 101, jobId: 50001, jobNumber: 10001, taskId: 70001, jobRequestNumber: 3001, assetId: 5001, resourceId: 201, invoiceNo: 9001 });
  new Seeder(store, new SeededRandom(options.seed ?? DEFAULT_SEED), Math.floor(anchorMs / 1000) * 1000).run();
  return store;
}

/** A version-4-shaped GUID from the seeded generator. */
export function seededGuid(rng: SeededRandom): string {
  const hex = Array.from({ length: 8 }, () => rng.int(0, 0xffff).toString(16).padStart(4, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[rng.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface SiteInfo {
  record: SiteRecord;
  region: string;
}

class Seeder {
  private readonly sites: SiteInfo[] = [];
  private readonly resources: Array<{ record: ResourceRecord; spec: ResourceSpec }> = [];

  constructor(
    private readonly store: TrackplanfmStore,
    private readonly rng: SeededRandom,
    private readonly anchorMs: number,
  ) {}

  run(): void {
    this.seedSites();
    this.seedResources();
    this.seedAssets();
    this.seedJobs();
    this.seedJobRequests();
    this.seedStock();
    this.seedAccountStatusJobs();
  }

  /** Jobs in the account's own statuses: attended, a task started, waiting on parts. */
  private seedAccountStatusJobs(): void {
    for (let i = 0; i < SEED_ACCOUNT_STATUS_JOBS; i++) {
      const status = ACCOUNT_JOB_STATUSES[i % ACCOUNT_JOB_STATUSES.length]!;
      const site = this.rng.pick(this.sites);
      const template = this.rng.pick(JOB_TEMPLATES);
      const createdMs = this.anchorMs - this.rng.int(2 * DAY, 14 * DAY);
      const job = this.putJob(site, template, status, createdMs);
      this.seedTask(job, site, template, 0, "Started", createdMs);
    }
  }

  private guid(): string {
    return seededGuid(this.rng);
  }

  private at(msBeforeAnchor: number): string {
    return isoSeconds(new Date(this.anchorMs - msBeforeAnchor));
  }

  private seedSites(): void {
    REGIONS.forEach((region, r) => {
      region.sites.forEach((s, i) => {
        const record = this.store.put(
          "sites",
          fullRecord("sites", {
            guid: this.guid(),
            siteId: this.store.next("siteId"),
            name: s.name,
            code: 1000 + r * 100 + i + 1,
            region: region.region,
            siteType: s.type,
            address: s.address,
            town: s.town,
            postcode: s.postcode,
            country: region.country,
          }),
        );
        this.sites.push({ record, region: region.region });
      });
    });
  }

  private seedResources(): void {
    for (const spec of RESOURCES) {
      const record = this.store.put(
        "resources",
        fullRecord("resources", {
          guid: this.guid(),
          resourceId: this.store.next("resourceId"),
          name: spec.name,
          resourceType: spec.resourceType,
          emailAddress: spec.email,
          phone: spec.phone,
          trade: spec.trade,
          region: spec.regions.join(", "),
        }),
      );
      this.resources.push({ record, spec });
    }
  }

  private seedAssets(): void {
    for (const site of this.sites) {
      const classes = this.rng.sample(ASSET_CLASSES, this.rng.int(4, 6));
      for (const cls of classes) {
        const count = cls.name === "Emergency Lighting" || cls.name === "CCTV Camera" || cls.name === "Fan Coil Unit" ? this.rng.int(1, 2) : 1;
        for (let n = 1; n <= count; n++) {
          const location = this.rng.pick(cls.locations);
          const m = this.rng.int(0, cls.manufacturers.length - 1);
          this.store.put(
            "assets",
            fullRecord("assets", {
              guid: this.guid(),
              assetId: this.store.next("assetId"),
              description: `${cls.name} ${n} - ${location}`,
              assetClassId: cls.id,
              assetClass: cls.name,
              siteId: site.record.siteId,
              siteName: site.record.name,
              location,
              manufacturer: cls.manufacturers[m]!,
              model: cls.models[m % cls.models.length]!,
              serialNumber: `${cls.manufacturers[m]!.replace(/[^A-Za-z]/g, "").slice(0, 3).toUpperCase()}${this.rng.int(100000, 999999)}`,
              installDate: this.at(this.rng.int(200, 4000) * DAY).slice(0, 10) + "T00:00:00Z",
              condition: this.rng.pick(CONDITIONS),
            }),
          );
        }
      }
    }
  }

  /** Resources who cover the site's region, preferring the trade. */
  private resourceFor(region: string, template: JobTemplate): ResourceRecord {
    const inRegion = this.resources.filter((r) => r.spec.regions.includes(region));
    const skilled = inRegion.filter((r) => r.spec.trade === template.trade);
    return this.rng.pick(skilled.length ? skilled : inRegion.length ? inRegion : this.resources).record;
  }

  private seedJobs(): void {
    const statuses = JOB_STATUSES;
    const weights = statuses.map((s) => STATUS_WEIGHTS[s]);
    for (let i = 0; i < SEED_JOB_COUNT; i++) {
      // Every status appears at least once, at its own position; the rest follow the weights.
      const status: JobStatus = i < statuses.length ? statuses[i]! : this.rng.weighted(statuses, weights);
      this.seedJob(status);
    }
  }

  private seedJob(status: JobStatus): void {
    const site = this.rng.pick(this.sites);
    const template = this.rng.pick(JOB_TEMPLATES);
    const closed = status === "Completed" || status === "Cancelled" || status === "Resource Confirmed Complete";
    const ageMs = closed ? this.rng.int(3 * DAY, 90 * DAY) : this.rng.int(2 * HOUR, 21 * DAY);
    const createdMs = this.anchorMs - ageMs;
    const job = this.putJob(site, template, status, createdMs);
    const taskStates = this.taskStatesFor(status, template.tasks.length);
    let lastEnd = createdMs;
    taskStates.forEach((state, i) => {
      lastEnd = this.seedTask(job, site, template, i, state, createdMs);
    });
    if (status === "Completed") {
      job.completedDate = isoSeconds(new Date(Math.min(this.anchorMs - HOUR, lastEnd + this.rng.int(1, 48) * HOUR)));
      job.completedNote = this.rng.pick(["Signed off by site manager", "Works complete, customer satisfied", "Completed and tested"]);
    }
    if (status === "Completed" || status === "Resource Confirmed Complete" || (status === "In Progress" && this.rng.chance(0.3))) {
      this.seedCosts(job, status === "Completed");
    }
  }

  /** A job record at a site, raised by someone of the client's (the one random draw here). */
  private putJob(site: SiteInfo, template: JobTemplate, status: string, createdMs: number): JobRecord {
    const raisedBy = this.rng.pick(RAISED_BY);
    return this.store.put(
      "jobs",
      fullRecord("jobs", {
        guid: this.guid(),
        jobId: this.store.next("jobId"),
        jobNumber: this.store.next("jobNumber"),
        jobDetails: template.detail ? `${template.title}\n${template.detail}` : template.title,
        jobStatus: status,
        siteId: site.record.siteId,
        siteName: site.record.name,
        raisedBy,
        reportedBy: `${raisedBy.toLowerCase().replace(/[^a-z]+/g, ".")}@client.example`,
        jobType: "Reactive",
        createdDate: isoSeconds(new Date(createdMs)),
      }),
    );
  }

  private taskStatesFor(status: JobStatus, available: number): TaskStatus[] {
    switch (status) {
      case "Logged":
      case "Requires Auth":
        return [];
      case "Cancelled":
        return this.rng.chance(0.3) ? ["Not Started"] : [];
      case "Instructed":
        return Array.from({ length: this.rng.int(1, available) }, () => "Not Started" as const);
      case "In Progress":
        if (available < 2) return ["Started"];
        return this.rng.chance(0.5) ? ["Completed", "Started"] : ["Started", "Not Started"];
      case "Resource Confirmed Complete":
      case "Completed":
        return Array.from({ length: this.rng.int(1, available) }, () => "Completed" as const);
    }
  }

  /** One task; returns when its work ended (or was planned to). */
  private seedTask(job: JobRecord, site: SiteInfo, template: JobTemplate, index: number, state: TaskStatus, createdMs: number): number {
    const resource = this.resourceFor(site.region, template);
    const duration = this.rng.int(1, 6);
    const expectedStart = createdMs + this.rng.int(1, 48) * HOUR + index * DAY;
    const startMs = Math.min(expectedStart + this.rng.int(0, 6) * HOUR, this.anchorMs - HOUR);
    const endMs = Math.min(startMs + duration * HOUR, this.anchorMs - 30 * 60_000);
    this.store.put(
      "jobTasks",
      fullRecord("jobTasks", {
        guid: this.guid(),
        taskId: this.store.next("taskId"),
        taskNumber: `${job.jobNumber}/${index + 1}`,
        jobNumber: job.jobNumber,
        jobGuid: job.guid,
        description: template.tasks[index] ?? template.tasks[0]!,
        taskStatus: state,
        resourceId: resource.resourceId,
        resourceName: resource.name,
        durationInHours: duration,
        priorityName: this.rng.pick(TASK_PRIORITIES),
        expectedStartDate: isoSeconds(new Date(expectedStart)),
        expectedEndDate: isoSeconds(new Date(expectedStart + duration * HOUR)),
        startDate: state === "Not Started" ? null : isoSeconds(new Date(startMs)),
        completedDate: state === "Completed" ? isoSeconds(new Date(endMs)) : null,
        completeNote: state === "Completed" ? this.rng.pick(["Fixed and tested", "Parts replaced, all working", "Made safe and repaired"]) : null,
      }),
    );
    return state === "Completed" ? endMs : expectedStart + duration * HOUR;
  }

  private seedCosts(job: JobRecord, invoiced: boolean): void {
    const count = this.rng.int(1, 2);
    for (let i = 0; i < count; i++) {
      const labour = this.rng.float(60, 480);
      const materials = this.rng.float(0, 350);
      this.store.put(
        "jobCosts",
        fullRecord("jobCosts", {
          guid: this.guid(),
          jobGuid: job.guid,
          jobNumber: job.jobNumber,
          jobDetails: job.jobDetails,
          costLabour: labour,
          costMaterials: materials,
          budget: Math.ceil((labour + materials) / 100) * 100 + 100,
          costDescription: this.rng.pick(COST_DESCRIPTIONS),
          invoiceNo: invoiced ? this.store.next("invoiceNo") : null,
          invoiceDate: invoiced ? job.completedDate : null,
        }),
      );
    }
  }

  private seedJobRequests(): void {
    for (let i = 0; i < SEED_JOB_REQUEST_COUNT; i++) {
      const site = this.rng.pick(this.sites);
      const raisedBy = this.rng.pick(RAISED_BY);
      this.store.put(
        "jobRequests",
        fullRecord("jobRequests", {
          guid: this.guid(),
          jobRequestNumber: this.store.next("jobRequestNumber"),
          details: this.rng.pick(JOB_REQUEST_TEXTS),
          requestStatus: i < REQUEST_STATUSES.length ? REQUEST_STATUSES[i]! : this.rng.weighted(REQUEST_STATUSES, [40, 45, 15]),
          raisedBy,
          raisedByEmail: `${raisedBy.toLowerCase().replace(/[^a-z]+/g, ".")}@client.example`,
          site: site.record.name,
          createdDate: this.at(this.rng.int(HOUR, 30 * DAY)),
        }),
      );
    }
  }

  private seedStock(): void {
    const stocks = STOCK_ITEMS.map((item) =>
      this.store.put(
        "stocks",
        fullRecord("stocks", {
          guid: this.guid(),
          stockId: this.store.next("stockId"),
          stockTypeId: item.typeId,
          stockType: STOCK_TYPES.find((t) => t.id === item.typeId)!.name,
          partNumber: item.partNumber,
          description: item.description,
          unitCost: item.unitCost,
        }),
      ),
    );
    // Two stores per region, at its first two sites.
    for (const region of REGIONS) {
      const sites = this.sites.filter((s) => s.region === region.region).slice(0, 2);
      sites.forEach((site, i) => {
        const area = this.store.put(
          "storageAreas",
          fullRecord("storageAreas", {
            guid: this.guid(),
            storageId: this.store.next("storageId"),
            storageName: STORE_NAMES[i % STORE_NAMES.length]!,
            code: `ST-${site.record.code}`,
            siteId: site.record.siteId,
          }),
        );
        for (const stock of this.rng.sample(stocks, 8)) {
          this.store.put(
            "stockLevels",
            fullRecord("stockLevels", {
              guid: this.guid(),
              stockLevelId: `SL-${String(this.store.next("stockLevel")).padStart(4, "0")}`,
              stockId: stock.stockId,
              storageId: area.storageId,
              quantity: this.rng.int(0, 40),
              minimumLevel: this.rng.int(2, 10),
            }),
          );
        }
      });
    }
  }
}
