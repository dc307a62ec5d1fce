/**
 * FSM_SANDBOX_SCALE=large for TrackplanFM: the vendor-neutral large account (common/large-account.ts) as this
 * store's sites (one per customer: TrackplanFM has no customer record above the site), assets and reactive
 * jobs, appended after the regular demo data. GUIDs come from a generator of their own, so the regular
 * records keep theirs.
 */
import { isoSeconds } from "../common/clock.js";
import { generateLargeAccount, type JobStage, type LargeAccountSizes } from "../common/large-account.js";
import { SeededRandom } from "../common/random.js";
import { seededGuid } from "./seed.js";
import type { TrackplanfmStore } from "./store.js";
import { fullRecord } from "./types.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const JOB_STATUS: Readonly<Record<JobStage, string>> = {
  open: "Logged",
  scheduled: "Instructed",
  "in progress": "In Progress",
  "on hold": "Requires Auth",
  done: "Completed",
  cancelled: "Cancelled",
};

export function addLargeAccount(store: TrackplanfmStore, anchorDate: string, sizes?: LargeAccountSizes): void {
  const anchor = Date.parse(anchorDate);
  const account = generateLargeAccount({ sizes });
  const guids = new SeededRandom(0x7a11);
  const iso = (ms: number) => isoSeconds(new Date(ms));

  const sites = account.customers.map((customer, i) => {
    const site = customer.sites[0]!;
    return store.put(
      "sites",
      fullRecord("sites", {
        guid: seededGuid(guids),
        siteId: store.next("siteId"),
        name: customer.name,
        code: 20_001 + i,
        region: `US ${site.state}`,
        siteType: "Customer",
        address: site.street,
        town: site.city,
        postcode: site.zip,
        country: "United States",
      }),
    );
  });

  for (const asset of account.assets) {
    const site = sites[asset.customer]!;
    store.put(
      "assets",
      fullRecord("assets", {
        guid: seededGuid(guids),
        assetId: store.next("assetId"),
        description: asset.name,
        assetClass: asset.type,
        siteId: site.siteId,
        siteName: site.name,
        location: asset.area,
        manufacturer: asset.make,
        model: asset.model,
        serialNumber: asset.serial,
        installDate: `${iso(anchor - Math.round(asset.ageYears * 365 * DAY)).slice(0, 10)}T00:00:00Z`,
        condition: asset.condition === "in service" ? "Good" : asset.condition === "retired" || asset.condition === "out of service" ? "Poor" : "Fair",
      }),
    );
  }

  for (const job of account.jobs) {
    const site = sites[job.customer]!;
    const start = anchor + job.startHours * HOUR;
    const status = JOB_STATUS[job.stage];
    store.put(
      "jobs",
      fullRecord("jobs", {
        guid: seededGuid(guids),
        jobId: store.next("jobId"),
        jobNumber: store.next("jobNumber"),
        jobDetails: job.title,
        jobStatus: status,
        siteId: site.siteId,
        siteName: site.name,
        raisedBy: "Facilities Desk",
        reportedBy: "facilities.desk@client.example",
        jobType: "Reactive",
        createdDate: iso(Math.min(anchor - HOUR, start - 2 * DAY)),
        ...(status === "Completed" ? { completedDate: iso(Math.min(anchor - HOUR, start + job.durationHours * HOUR)), completedNote: "Completed and tested" } : {}),
      }),
    );
  }
}
