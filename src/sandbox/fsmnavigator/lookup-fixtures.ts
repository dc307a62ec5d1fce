/**
 * Records the labelled lookup evaluation (bench/lookup-eval/) needs and the random seed does not reliably
 * hold: a bakery with three numbered rooftop units (one Carrier gone missing), equipment on named floors and
 * in the basement, a café with an accented name, and jobs dated today, yesterday and overdue (the seed's
 * job dates depend on the anchor's weekday, so "this week" would not name the same seed job every day).
 *
 * Hand-written, no random draws, appended after everything else: the regular seed's records keep their ids
 * and values. Dated relative to the anchor like the rest.
 */
import type { AssetStatus, JobStatus } from "../../vendors/fsmnavigator/facts.js";
import { isoDay, isoSeconds } from "../common/clock.js";
import { assetTagFor } from "./operations/assets.js";
import type { FsmNavigatorStore } from "./store.js";
import type { AssetRecord } from "./types.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface FixtureAsset {
  site: number;
  name: string;
  type: string;
  make: string;
  model: string;
  serial: string;
  status: AssetStatus;
  notes?: string;
  years: number;
}

const CUSTOMERS = [
  {
    name: "O'Brien & Sons Bakery",
    email: "office@obrienbakery.example.com",
    phone: "+12175550142",
    sites: [
      { name: "Bridge Street Bakery", street: "412 Bridge Street", city: "Galesburg", zip: "61401" },
      { name: "Commissary Kitchen", street: "88 Depot Road", city: "Galesburg", zip: "61401" },
    ],
  },
  {
    name: "Café Olé Bistro",
    email: "hola@cafeole.example.com",
    phone: "+13095550147",
    sites: [{ name: "Café Olé – Riverfront", street: "17 Water Street", city: "Peoria", zip: "61602" }],
  },
] as const;

const ASSETS: readonly FixtureAsset[] = [
  { site: 0, name: "RTU-1", type: "HVAC Unit", make: "Carrier", model: "48TC 10-ton", serial: "CAR-48TC-771201", status: "Active", years: 6 },
  { site: 0, name: "RTU-2", type: "HVAC Unit", make: "Trane", model: "Voyager YSC120", serial: "TRN-YSC-880412", status: "In Maintenance", notes: "Compressor out for bench repair", years: 9 },
  { site: 0, name: "RTU-3", type: "HVAC Unit", make: "Carrier", model: "50XC 7.5-ton", serial: "CAR-50XC-903377", status: "Lost", notes: "Not found on the roof at the last PM visit; may have been swapped by the landlord's contractor", years: 4 },
  { site: 0, name: "Walk-in Cooler – Basement", type: "Walk-in Cooler", make: "Kolpak", model: "KT7-0810-CT", serial: "KLP-KT7-556019", status: "Active", years: 7 },
  { site: 0, name: "Split System AC – 2nd Floor Office", type: "HVAC Unit", make: "Mitsubishi Electric", model: "MSZ-GL18NA", serial: "MIT-GL18-224590", status: "Active", years: 3 },
  { site: 0, name: "Fire Alarm Control Panel – Front Office", type: "Fire Panel", make: "Notifier", model: "NFS-320", serial: "NTF-320-661842", status: "Non-Compliant", notes: "Failed annual inspection: battery test", years: 11 },
  { site: 1, name: "Walk-in Freezer – Basement", type: "Walk-in Freezer", make: "Norlake", model: "KLF7710-C", serial: "NL-KLF-340915", status: "Active", years: 8 },
  { site: 1, name: "Standby Generator 48 kW", type: "Generator", make: "Generac", model: "SG048", serial: "GNR-SG048-118230", status: "Retired", notes: "Replaced; kept on site as a spare", years: 19 },
  { site: 1, name: "Ice Machine – Loading Dock", type: "Ice Machine", make: "Hoshizaki", model: "KM-515MAJ", serial: "HOS-KM515-772004", status: "Idle", years: 5 },
  { site: 2, name: "Espresso Bar Ice Machine", type: "Ice Machine", make: "Manitowoc", model: "NEO UDF0140A", serial: "MAN-NEO-415566", status: "Active", years: 2 },
  { site: 2, name: "Kitchen Hood – Cook Line", type: "Kitchen Exhaust Hood", make: "CaptiveAire", model: "5424ND-2-PSP", serial: "CPT-5424-909131", status: "Active", years: 6 },
];

interface FixtureJob {
  /** An index into the sites above, or a regular customer's site by name. */
  site: number | { customer: string; location: string };
  title: string;
  status: JobStatus;
  /** Scheduled start, hours from the anchor (the start of today, UTC). */
  startHours: number;
  hours: number;
  asset?: number;
}

const JOBS: readonly FixtureJob[] = [
  // Today, 15:00 UTC: "this week", "today".
  { site: 0, title: "Walk-in cooler not holding temperature", status: "Assigned", startHours: 15, hours: 2, asset: 3 },
  // Yesterday, done.
  { site: 1, title: "Descale ice machine", status: "Completed", startHours: -24 + 14, hours: 2, asset: 8 },
  // Started three days ago, due two days ago, still open: overdue.
  { site: 2, title: "Hood fire suppression recharge", status: "In Progress", startHours: -72 + 14, hours: 24, asset: 10 },
  // Not scheduled yet.
  { site: 0, title: "Replace missing rooftop unit RTU-3", status: "Pending", startHours: 0, hours: 8, asset: 2 },
  // At regular customers (the seed's jobs change with the anchor's weekday; its customers and sites do not).
  { site: { customer: "Parkside Inn & Suites", location: "Main Building" }, title: "Boiler banging on startup", status: "Assigned", startHours: 24 + 14, hours: 3 },
  { site: { customer: "Grand Plaza Hotel", location: "Main Building" }, title: "RTU-2 compressor replacement", status: "On Hold", startHours: -5 * 24 + 14, hours: 6 },
  { site: { customer: "Horizon Data Center", location: "Data Hall A" }, title: "Generator failed load bank test", status: "In Progress", startHours: -24 + 13, hours: 4 },
  { site: { customer: "Magnolia Event Hall", location: "Main Building" }, title: "Burner tune-up on the hall boiler", status: "Cancelled", startHours: 2 * 24 + 14, hours: 2 },
  { site: { customer: "Acme Corporation", location: "Main Office" }, title: "Insurance report for the missing RTU-2", status: "Pending", startHours: 0, hours: 1 },
];

export function addLookupFixtures(store: FsmNavigatorStore, anchor: number): void {
  const iso = (ms: number) => isoSeconds(new Date(ms));
  const typeIds = new Map([...store.assetTypes.values()].map((t) => [t.asset_type_name, t.asset_type_id]));
  const technician = [...store.technicians.values()].find((t) => t.status === "Active")?.technician_id ?? null;
  const siteIds: number[] = [];
  for (const customer of CUSTOMERS) {
    const created = iso(anchor - 200 * DAY);
    const customerId = store.addSeedCustomer(customer, created);
    customer.sites.forEach((site, i) => {
      siteIds.push(store.addSeedLocation(customerId, { ...site, state: "IL" }, customer.email, i === 0, created));
    });
  }

  const assetIds = ASSETS.map((asset) => {
    const id = store.nextId("asset");
    const purchased = anchor - asset.years * 365 * DAY;
    const record: AssetRecord = {
      asset_id: id,
      asset_tag: assetTagFor(id),
      asset_name: asset.name,
      asset_type_id: typeIds.get(asset.type) as number,
      status: asset.status,
      condition: asset.status === "Active" ? "Good" : "Fair",
      ownership_type: "customer-owned",
      location_id: siteIds[asset.site] as number,
      assigned_to: null,
      serial_number: asset.serial,
      model: asset.model,
      manufacturer: asset.make,
      purchase_date: isoDay(new Date(purchased)),
      purchase_cost: null,
      warranty_expiry: isoDay(new Date(purchased + 5 * 365 * DAY)),
      notes: asset.notes ?? null,
      created_at: iso(purchased + 7 * DAY),
      updated_at: iso(anchor - 2 * DAY),
    };
    store.assets.set(id, record);
    return id;
  });

  for (const job of JOBS) {
    const id = store.nextId("job");
    const start = anchor + job.startHours * HOUR;
    const end = start + job.hours * HOUR;
    const started = job.status === "In Progress" || job.status === "Completed" || job.status === "On Hold";
    store.jobs.set(id, {
      job_id: id,
      job_title: job.title,
      job_description: null,
      job_status: job.status,
      job_priority: "High",
      assigned_technician_id: job.status === "Pending" || job.status === "Cancelled" ? null : technician,
      customer_location_id: typeof job.site === "number" ? (siteIds[job.site] as number) : regularSite(store, job.site),
      scheduled_start: job.status === "Pending" || job.status === "Cancelled" ? null : iso(start),
      scheduled_end: job.status === "Pending" || job.status === "Cancelled" ? null : iso(end),
      actual_start: started ? iso(start) : null,
      actual_end: job.status === "Completed" ? iso(end) : null,
      // Created at the anchor: ids follow creation time, and these come last.
      created_at: iso(anchor),
      updated_at: iso(anchor),
      asset_links: job.asset === undefined ? [] : [{ asset_id: assetIds[job.asset] as number, relationship_type: "serviced", relationship_notes: null, linked_at: iso(anchor) }],
    });
  }
}

/** A regular customer's site by names; the seed always holds these (a changed seed fails the lookup-eval data test). */
function regularSite(store: FsmNavigatorStore, site: { customer: string; location: string }): number {
  const customer = [...store.customers.values()].find((c) => c.customer_name === site.customer);
  const location = customer && store.locationsOf(customer.customer_id).find((l) => l.location_name === site.location);
  if (!location) throw new Error(`lookup fixtures: the seed has no ${site.customer} / ${site.location}`);
  return location.location_id;
}
