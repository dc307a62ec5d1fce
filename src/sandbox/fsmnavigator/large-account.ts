/**
 * FSM_SANDBOX_SCALE=large for FSM Navigator: the vendor-neutral large account (common/large-account.ts) as
 * customers, locations, assets and jobs of this store, appended after the regular demo data (whose ids do
 * not move). Timestamps are relative to the anchor, like the regular seed's.
 */
import type { AssetStatus, JobStatus } from "../../vendors/fsmnavigator/facts.js";
import { isoDay, isoSeconds } from "../common/clock.js";
import { generateLargeAccount, type AssetCondition, type JobStage, type LargeAccountSizes } from "../common/large-account.js";
import { assetTagFor } from "./operations/assets.js";
import type { FsmNavigatorStore } from "./store.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The generic types onto the account's asset types (the regular seed's where one fits). */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  "Rooftop Unit": "HVAC Unit",
  "Air Handler": "Air Handler",
  "Split System AC": "HVAC Unit",
  "Fire Alarm Panel": "Fire Panel",
};

const ASSET_STATUS: Readonly<Record<AssetCondition, AssetStatus>> = {
  "in service": "Active",
  idle: "Idle",
  "in repair": "In Maintenance",
  "out of service": "Non-Compliant",
  lost: "Lost",
  retired: "Retired",
};

const JOB_STATUS: Readonly<Record<JobStage, JobStatus>> = {
  open: "Pending",
  scheduled: "Assigned",
  "in progress": "In Progress",
  "on hold": "On Hold",
  done: "Closed",
  cancelled: "Cancelled",
};

export function addLargeAccount(store: FsmNavigatorStore, anchorDate: string, sizes?: LargeAccountSizes): void {
  const anchor = Date.parse(anchorDate);
  const account = generateLargeAccount({ sizes });
  const iso = (ms: number) => isoSeconds(new Date(ms));
  const created = iso(anchor - 400 * DAY);

  const typeIds = new Map<string, number>([...store.assetTypes.values()].map((t) => [t.asset_type_name, t.asset_type_id]));
  const typeIdOf = (generic: string): number => {
    const name = TYPE_NAMES[generic] ?? generic;
    let id = typeIds.get(name);
    if (id === undefined) {
      id = store.nextId("assetType");
      store.assetTypes.set(id, { asset_type_id: id, asset_type_name: name });
      typeIds.set(name, id);
    }
    return id;
  };

  const technicians = [...store.technicians.values()].filter((t) => t.status === "Active").map((t) => t.technician_id);
  const locationIds: number[][] = [];
  for (const customer of account.customers) {
    const customerId = store.addSeedCustomer(customer, created);
    locationIds.push(
      customer.sites.map((site, i) => store.addSeedLocation(customerId, site, customer.email, i === 0, created)),
    );
  }

  const assetIds: number[] = [];
  for (const asset of account.assets) {
    const id = store.nextId("asset");
    const installed = anchor - Math.round(asset.ageYears * 365 * DAY);
    store.assets.set(id, {
      asset_id: id,
      asset_tag: assetTagFor(id),
      asset_name: asset.name,
      asset_type_id: typeIdOf(asset.type),
      status: ASSET_STATUS[asset.condition],
      condition: null,
      ownership_type: "customer-owned",
      location_id: (locationIds[asset.customer] as number[])[asset.site] as number,
      assigned_to: null,
      serial_number: asset.serial,
      model: asset.model,
      manufacturer: asset.make,
      purchase_date: isoDay(new Date(installed)),
      purchase_cost: null,
      warranty_expiry: null,
      // The customer's own unit tag and the floor live in the notes, as they do in real accounts.
      notes: `Customer tag ${asset.tag}; ${asset.area}`,
      created_at: iso(Math.min(anchor - DAY, installed + DAY)),
      updated_at: iso(Math.min(anchor - HOUR, installed + 2 * DAY)),
    });
    assetIds.push(id);
  }

  account.jobs.forEach((job, i) => {
    const id = store.nextId("job");
    const start = anchor + job.startHours * HOUR;
    const end = start + job.durationHours * HOUR;
    const status = JOB_STATUS[job.stage];
    const started = status === "In Progress" || status === "On Hold" || status === "Closed";
    store.jobs.set(id, {
      job_id: id,
      job_title: job.title,
      job_description: null,
      job_status: status,
      job_priority: "Medium",
      assigned_technician_id: status === "Pending" || technicians.length === 0 ? null : (technicians[i % technicians.length] as number),
      customer_location_id: (locationIds[job.customer] as number[])[job.site] as number,
      scheduled_start: status === "Pending" ? null : iso(start),
      scheduled_end: status === "Pending" ? null : iso(end),
      actual_start: started ? iso(start) : null,
      actual_end: status === "Closed" ? iso(end) : null,
      created_at: iso(Math.min(anchor - HOUR, start - 3 * DAY)),
      updated_at: iso(Math.min(anchor - HOUR, status === "Closed" ? end + DAY : start - 2 * DAY)),
      asset_links: job.asset === null ? [] : [{ asset_id: assetIds[job.asset] as number, relationship_type: "serviced", relationship_notes: null, linked_at: iso(Math.min(anchor - HOUR, start)) }],
    });
  });
}
