/**
 * Deterministic demo data for the FSM Navigator sandbox. One seed and one anchor date always give the same
 * account: customers, sites, technicians, equipment with service history and meters, and a job board in
 * every status with timestamps consistent with that status. Nothing here reads the real clock.
 *
 * Ids follow creation order, as in a real account, and start where the vendor's examples do (customer 201,
 * location 87, technician 41 so that 45 is seed 001's "John Smith").
 */
import { ASSET_STATUSES, JOB_STATUSES, type AssetStatus, type JobStatus, type Priority, type RelationshipType, type ServiceType } from "../../vendors/fsmnavigator/facts.js";
import { isoDay, isoSeconds } from "../common/clock.js";
import { SeededRandom } from "../common/random.js";
import { assetTagFor } from "./operations/assets.js";
import {
  ASSET_TYPE_PROFILES,
  CANCEL_REASONS,
  CATEGORY_EQUIPMENT,
  CITIES,
  CUSTOMER_PROFILES,
  HOLD_REASONS_NOT_STARTED,
  HOLD_REASONS_STARTED,
  JOB_TEMPLATES,
  LOST_NOTES,
  SITE_NAMES,
  SITE_NOTES,
  SLA_HOURS,
  STREET_DIRECTIONS,
  STREET_NAMES,
  STREET_SUFFIXES,
  TECHNICIAN_PROFILES,
  type AssetTypeProfile,
  type Category,
  type City,
  type JobKind,
  type JobTemplate,
  type ServiceText,
  type Trade,
} from "./seed-data.js";
import { addLookupFixtures } from "./lookup-fixtures.js";
import { FsmNavigatorStore } from "./store.js";
import type { AssetRecord, CustomerRecord, JobAssetLink, JobRecord, LocationRecord, MeterRecord, ServiceRecordRecord, TechnicianRecord } from "./types.js";

export const DEFAULT_SEED = 20260601;
/** Tests that pin exact dates pass this anchor; the product dates its demo data from today (todayAnchor()). */
export const DEFAULT_ANCHOR_DATE = "2026-06-01T12:00:00Z";

/** The start of today (UTC): demo data stays identical all day and reads as current ("scheduled tomorrow"). */
export function todayAnchor(now = new Date()): string {
  return `${now.toISOString().slice(0, 10)}T00:00:00Z`;
}
/** How many jobs the demo board holds. */
export const SEED_JOB_COUNT = 560;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SeedOptions {
  seed?: number;
  anchorDate?: string;
}

export function createSeededStore(options: SeedOptions = {}): FsmNavigatorStore {
  const anchorMs = Date.parse(options.anchorDate ?? DEFAULT_ANCHOR_DATE);
  if (Number.isNaN(anchorMs)) throw new RangeError(`Invalid anchorDate "${options.anchorDate}"`);
  const store = new FsmNavigatorStore({ customer: 201, location: 87, technician: 41 });
  new Seeder(store, new SeededRandom(options.seed ?? DEFAULT_SEED), Math.floor(anchorMs / 1000) * 1000).run();
  return store;
}

interface SiteInfo {
  location: LocationRecord;
  category: Category;
}

interface TechnicianInfo {
  record: TechnicianRecord;
  trades: readonly Trade[];
}

/** Weighted status mixes: a board that looks like a busy Monday morning. */
const JOB_STATUS_WEIGHTS: Readonly<Record<JobStatus, number>> = {
  Pending: 9,
  Assigned: 10,
  "In Progress": 4,
  "On Hold": 4,
  Completed: 8,
  Invoiced: 10,
  Paid: 8,
  Closed: 38,
  Cancelled: 9,
};
const ASSET_STATUS_WEIGHTS: Readonly<Record<AssetStatus, number>> = {
  Active: 60,
  Idle: 7,
  "In Maintenance": 7,
  "Pending Install": 5,
  "In Transit": 3,
  Lost: 3,
  "Non-Compliant": 5,
  Decommissioned: 5,
  Retired: 5,
};
const OFF_DUTY: ReadonlySet<AssetStatus> = new Set(["Decommissioned", "Retired", "Lost"]);

class Seeder {
  private readonly accountStart: number;
  private readonly sites: SiteInfo[] = [];
  private readonly technicians: TechnicianInfo[] = [];
  private readonly typeIdByName = new Map<string, number>();

  constructor(
    private readonly store: FsmNavigatorStore,
    private readonly rng: SeededRandom,
    private readonly anchor: number,
  ) {
    // The company adopted FSM Navigator three years before the anchor.
    this.accountStart = anchor - 3 * 365 * DAY;
  }

  run(): void {
    this.seedTechnicians();
    this.seedCustomersAndSites();
    this.seedAssetTypes();
    this.seedAssets();
    this.seedMeters();
    this.seedServiceHistory();
    this.seedTransfers();
    this.seedJobs();
    // Last, so the records above keep their ids: what the labelled lookup evaluation names (lookup-fixtures.ts).
    addLookupFixtures(this.store, this.anchor);
  }

  /* ---------- technicians ---------- */

  private seedTechnicians(): void {
    TECHNICIAN_PROFILES.forEach((profile, index) => {
      const hired = this.accountStart + index * 25 * DAY + this.rng.int(0, 10) * HOUR;
      const left = profile.active ? undefined : this.rng.int(hired + 200 * DAY, this.anchor - 30 * DAY);
      const record: TechnicianRecord = {
        technician_id: this.store.nextId("technician"),
        first_name: profile.first,
        last_name: profile.last,
        status: profile.active ? "Active" : "Inactive",
        availability_status: profile.active ? this.rng.weighted(["Available", "Busy", "Offline"] as const, [50, 35, 15]) : "Offline",
        vehicle_type: profile.vehicle,
        transport_modes: [...profile.modes],
        skills: [...profile.skills],
        created_at: iso(hired),
        updated_at: iso(left ?? this.rng.int(hired, this.anchor - HOUR)),
      };
      this.store.technicians.set(record.technician_id, record);
      this.technicians.push({ record, trades: profile.trades });
    });
  }

  /** A technician of the trade who worked here at `at` (hired before, not yet gone); Active ones when `at` is now. */
  private technicianFor(trade: Trade, at: number): TechnicianRecord {
    const employed = this.technicians.filter(
      (t) => Date.parse(t.record.created_at) <= at && (t.record.status === "Active" || Date.parse(t.record.updated_at) > at),
    );
    const pool = employed.filter((t) => t.trades.includes(trade));
    const fallback = employed.length > 0 ? employed : this.technicians.filter((t) => t.record.status === "Active");
    return this.rng.pick(pool.length > 0 ? pool : fallback).record;
  }

  /* ---------- customers and sites ---------- */

  private seedCustomersAndSites(): void {
    const drafts = CUSTOMER_PROFILES.map((profile, index) => {
      const created =
        index === 0
          ? this.accountStart + 2 * DAY + 10 * HOUR // Acme Corporation: the first customer, id 201
          : profile.recent
            ? this.rng.int(this.anchor - 60 * DAY, this.anchor - 12 * DAY)
            : this.rng.int(this.accountStart + 5 * DAY, this.anchor - 120 * DAY);
      return { profile, created, index };
    });
    drafts.sort((a, b) => a.created - b.created || a.index - b.index);

    const siteDrafts: Array<{ site: Omit<SiteInfo, "location"> & { location: Omit<LocationRecord, "location_id"> }; order: number }> = [];
    for (const { profile, created } of drafts) {
      const home = CITIES[profile.home] as City;
      const customer: CustomerRecord = {
        customer_id: this.store.nextId("customer"),
        customer_name: profile.name,
        customer_email: `${profile.mailbox}@${profile.domain}`,
        // A few small accounts never gave a phone number.
        customer_phone: this.rng.chance(0.06) ? null : this.uniquePhone(home),
        default_sla_hours: this.rng.pick(SLA_HOURS[profile.category]),
        tax_exempt: profile.taxExemptReason !== undefined,
        tax_exemption_reason: profile.taxExemptReason ?? null,
        created_at: iso(created),
        updated_at: iso(this.rng.chance(0.5) ? created : this.rng.int(created, this.anchor - HOUR)),
      };
      this.store.customers.set(customer.customer_id, customer);

      const names = SITE_NAMES[profile.category];
      for (let i = 0; i < profile.sites; i++) {
        const city = i === 0 || this.rng.chance(0.6) ? home : this.rng.pick(CITIES);
        const siteCreated = i === 0 ? created + this.rng.int(5, 90) * MINUTE : this.rng.int(created + DAY, Math.max(created + DAY, this.anchor - 20 * DAY));
        const name = names[i % names.length] as string;
        siteDrafts.push({
          order: siteDrafts.length,
          site: {
            category: profile.category,
            location: {
              customer_id: customer.customer_id,
              location_name: name,
              street: this.street(profile.category),
              city: city.city,
              state: city.state,
              zip: this.rng.pick(city.zips),
              contact_email: i === 0 || this.rng.chance(0.5) ? customer.customer_email : `${slug(name)}@${profile.domain}`,
              notes: this.rng.chance(0.3) ? this.rng.pick(SITE_NOTES) : null,
              is_primary: i === 0,
              latitude: round(city.lat + this.rng.float(-0.06, 0.06, 6), 6),
              longitude: round(city.lon + this.rng.float(-0.08, 0.08, 6), 6),
              created_at: iso(siteCreated),
              updated_at: iso(siteCreated),
            },
          },
        });
      }
    }
    siteDrafts.sort((a, b) => a.site.location.created_at.localeCompare(b.site.location.created_at) || a.order - b.order);
    for (const { site } of siteDrafts) {
      const location: LocationRecord = { location_id: this.store.nextId("location"), ...site.location };
      this.store.locations.set(location.location_id, location);
      this.sites.push({ location, category: site.category });
    }
  }

  private readonly phonesInUse = new Set<string>();

  /** Customers never share a phone number, so a search by phone finds one customer. */
  private uniquePhone(city: City): string {
    for (;;) {
      const phone = phoneIn(this.rng, city);
      if (this.phonesInUse.has(phone)) continue;
      this.phonesInUse.add(phone);
      return phone;
    }
  }

  private street(category: Category): string {
    const base = `${this.rng.int(1, 98) * 100 + this.rng.int(0, 99)} ${this.rng.pick(STREET_DIRECTIONS)}${this.rng.pick(STREET_NAMES)} ${this.rng.pick(STREET_SUFFIXES)}`;
    const suite = (category === "office" || category === "clinic") && this.rng.chance(0.3);
    return suite ? `${base}, Suite ${this.rng.int(1, 4)}${this.rng.pick(["00", "10", "20", "50"])}` : base;
  }

  /* ---------- assets ---------- */

  private seedAssetTypes(): void {
    for (const profile of ASSET_TYPE_PROFILES) {
      const id = this.store.nextId("assetType");
      this.store.assetTypes.set(id, { asset_type_id: id, asset_type_name: profile.name });
      this.typeIdByName.set(profile.name, id);
    }
  }

  private profileOf(asset: AssetRecord): AssetTypeProfile {
    return ASSET_TYPE_PROFILES[asset.asset_type_id - 1] as AssetTypeProfile;
  }

  private seedAssets(): void {
    // Which equipment each site has: its most typical piece plus a few others.
    const slots: Array<{ site: SiteInfo; profile: AssetTypeProfile; namePattern: string; number: number }> = [];
    for (const site of this.sites) {
      const equipment = CATEGORY_EQUIPMENT[site.category];
      const extra = this.rng.int(site.category === "property" || site.category === "school" || site.category === "hotel" ? 2 : 1, 3);
      const chosen = [equipment[0] as string, ...this.rng.sample(equipment.slice(1), extra)];
      for (const typeName of chosen) {
        const profile = ASSET_TYPE_PROFILES.find((p) => p.name === typeName) as AssetTypeProfile;
        const copies = typeName === "HVAC Unit" || typeName === "Refrigerated Display Case" ? this.rng.int(1, 3) : 1;
        // One naming scheme per site and type, so copies read "RTU-1", "RTU-2".
        const namePattern = this.rng.pick(profile.names);
        for (let n = 1; n <= copies; n++) slots.push({ site, profile, namePattern, number: n });
      }
    }
    const statuses = forcedMix(this.rng, slots.length, ASSET_STATUSES, ASSET_STATUS_WEIGHTS);

    const drafts = slots.map((slot, index) => ({ ...this.assetDraft(slot, statuses[index] as AssetStatus), order: index }));
    drafts.sort((a, b) => a.record.created_at.localeCompare(b.record.created_at) || a.order - b.order);
    for (const draft of drafts) {
      const id = this.store.nextId("asset");
      const record: AssetRecord = { ...draft.record, asset_id: id, asset_tag: assetTagFor(id) };
      this.store.assets.set(id, record);
    }
  }

  private assetDraft(
    { site, profile, namePattern, number }: { site: SiteInfo; profile: AssetTypeProfile; namePattern: string; number: number },
    status: AssetStatus,
  ): { record: AssetRecord } {
    const rng = this.rng;
    const ageYears =
      status === "Pending Install" ? rng.float(0.03, 0.15, 3) : status === "Retired" || status === "Decommissioned" ? rng.float(profile.lifeYears * 0.7, profile.lifeYears * 1.2, 3) : rng.float(0.4, profile.lifeYears * 0.9, 3);
    const purchased = startOfDay(this.anchor - Math.round(ageYears * 365 * DAY));
    const siteCreated = Date.parse(site.location.created_at);
    const created = Math.min(this.anchor - DAY, Math.max(siteCreated + rng.int(1, 20) * DAY, purchased + rng.int(2, 14) * DAY)) + rng.int(13, 21) * HOUR - 12 * HOUR;
    const statusChanged = status === "Active" ? undefined : rng.int(Math.max(created + HOUR, this.anchor - 90 * DAY), this.anchor - HOUR);
    const make = rng.pick(profile.makes);
    const model = rng.pick(make.models);
    const purchaseYear = new Date(purchased).getUTCFullYear();
    const otherSites = this.sites.filter((s) => s.location.customer_id === site.location.customer_id && s !== site);
    const notes =
      status === "Lost"
        ? rng.pick(LOST_NOTES)
        : status === "In Transit"
          ? `In transit from ${site.location.location_name}${otherSites.length > 0 ? ` to ${rng.pick(otherSites).location.location_name}` : " to the shop for bench repair"}`
          : rng.chance(0.25)
            ? rng.pick(["Installed on building rooftop, zone B", "Access through the ceiling hatch in the janitor closet", `Under service agreement SA-${purchaseYear}-${rng.int(100, 999)}`, "Customer supplies filters; keep spares on site", "Tagged with QR label on the service panel"])
            : null;
    const record: AssetRecord = {
      asset_id: 0,
      asset_tag: "",
      asset_name: fillName(rng, namePattern, profile.areas, number),
      asset_type_id: this.typeIdByName.get(profile.name) as number,
      status,
      condition: conditionFor(rng, status, ageYears / profile.lifeYears),
      ownership_type: rng.weighted(["customer-owned", "company-owned", "leased"], [75, 15, 10]),
      location_id: status === "In Transit" ? null : site.location.location_id,
      assigned_to: rng.chance(0.4) ? this.technicianFor(profile.trade, this.anchor).technician_id : null,
      serial_number: `${make.serialPrefix}-${purchaseYear}-${String(rng.int(0, 99999)).padStart(5, "0")}`,
      model,
      manufacturer: make.manufacturer,
      purchase_date: isoDay(new Date(purchased)),
      purchase_cost: Math.round(rng.int(profile.cost[0], profile.cost[1]) / 10) * 10 + rng.pick([0, 0, 0.5, 0.99]),
      warranty_expiry: isoDay(new Date(addYears(purchased, profile.warrantyYears))),
      notes,
      created_at: iso(created),
      updated_at: iso(statusChanged ?? rng.int(created, this.anchor - HOUR)),
    };
    return { record };
  }

  /* ---------- meters ---------- */

  private seedMeters(): void {
    for (const asset of this.store.assets.values()) {
      const profile = this.profileOf(asset);
      if (!profile.meter || asset.status === "Pending Install" || !this.rng.chance(profile.meter.share)) continue;
      const created = Date.parse(asset.created_at);
      const meter: MeterRecord = {
        meter_id: this.store.nextId("meter"),
        asset_id: asset.asset_id,
        meter_name: profile.meter.name,
        unit: profile.meter.unit,
        created_at: asset.created_at,
      };
      this.store.meters.set(meter.meter_id, meter);
      // Monthly readings over the last 14 months, increasing; they stop when the asset left service.
      const end = OFF_DUTY.has(asset.status) ? Date.parse(asset.updated_at) : this.anchor - DAY;
      let at = Math.max(created + DAY, this.anchor - 14 * 30 * DAY);
      let value = this.rng.int(profile.meter.start[0], profile.meter.start[1]);
      for (; at <= end; at += this.rng.int(27, 33) * DAY) {
        const readingId = this.store.nextId("meterReading");
        this.store.meterReadings.set(readingId, {
          reading_id: readingId,
          meter_id: meter.meter_id,
          asset_id: asset.asset_id,
          reading_value: value,
          reading_date: isoDay(new Date(at)),
          created_at: iso(Math.min(startOfDay(at) + this.rng.int(14, 20) * HOUR, this.anchor - MINUTE)),
        });
        value += this.rng.int(profile.meter.perMonth[0], profile.meter.perMonth[1]);
      }
    }
  }

  private meterValueAt(assetId: number, day: string): number | null {
    const meter = this.store.metersOf(assetId)[0];
    if (!meter) return null;
    const readings = this.store.readingsOf(meter.meter_id);
    const before = readings.filter((r) => r.reading_date <= day).at(-1) ?? readings[0];
    return before?.reading_value ?? null;
  }

  /* ---------- service history ---------- */

  private seedServiceHistory(): void {
    for (const asset of this.store.assets.values()) {
      if (asset.status === "Pending Install" || asset.status === "In Transit" || !this.rng.chance(0.88)) continue;
      const profile = this.profileOf(asset);
      const purchased = Date.parse(`${asset.purchase_date}T00:00:00Z`);
      const end = OFF_DUTY.has(asset.status) || asset.status === "Non-Compliant" ? Date.parse(asset.updated_at) - DAY : this.anchor - DAY;
      // History starts when the site became a customer of the account; earlier work was someone else's.
      const siteCreated = Date.parse((this.store.locations.get(asset.location_id as number) as LocationRecord).created_at);
      const start = Math.max(purchased + 14 * DAY, this.accountStart, siteCreated);
      if (end <= start) continue;

      if (purchased >= siteCreated) {
        this.addServiceRecord(asset, profile, "installation", purchased + this.rng.int(3, 14) * DAY, [
          `Installation and start-up of ${asset.manufacturer} ${asset.model}`,
          "Installed, commissioned and started up; customer walked through operation",
          null,
        ]);
      }
      const months = (end - start) / (30 * DAY);
      const count = this.rng.int(1, Math.max(1, Math.min(6, Math.floor(months / profile.pmEveryMonths))));
      const dates = Array.from({ length: count }, () => this.rng.int(start, end)).sort((a, b) => a - b);
      for (const date of dates) {
        const type = this.serviceTypeFor(asset, date);
        this.addServiceRecord(asset, profile, type, date, this.serviceText(profile, type));
      }
      if (asset.status === "Non-Compliant") {
        this.addServiceRecord(asset, profile, "inspection", end, [
          profile.inspection[0],
          "Failed: did not meet code requirements at inspection; tagged non-compliant until corrected",
          null,
        ]);
      }
      if (asset.status === "Decommissioned") {
        this.addServiceRecord(asset, profile, "decommission", end, [
          "Removed from service",
          "Disconnected and tagged out; refrigerant or fuel recovered where applicable",
          null,
        ]);
      }
    }
  }

  private serviceTypeFor(asset: AssetRecord, date: number): ServiceType {
    const underWarranty = asset.warranty_expiry !== null && isoDay(new Date(date)) <= asset.warranty_expiry;
    const metered = this.store.metersOf(asset.asset_id).length > 0;
    const calibrates = ["Fire Panel", "Air Compressor", "Generator", "Boiler"].includes(this.profileOf(asset).name);
    return this.rng.weighted<ServiceType>(
      ["preventive_maintenance", "inspection", "repair", "warranty_claim", "calibration", "upgrade", "meter_read"],
      [45, 20, 22, underWarranty ? 6 : 0, calibrates ? 5 : 0, 3, metered ? 6 : 0],
    );
  }

  private serviceText(profile: AssetTypeProfile, type: ServiceType): ServiceText {
    switch (type) {
      case "preventive_maintenance":
        return this.rng.pick(profile.pm);
      case "inspection":
        return profile.inspection;
      case "repair":
      case "warranty_claim":
        return this.rng.pick(profile.repairs);
      case "calibration":
        return ["Calibration of controls and safeties", "Calibrated sensors and pressure switches to manufacturer specification", null];
      case "upgrade":
        return ["Controller firmware upgrade", "Upgraded controller firmware to the current release; settings verified after restart", null];
      case "meter_read":
        return ["Meter reading during site visit", "Reading recorded; no service due", null];
      default:
        return this.rng.pick(profile.pm);
    }
  }

  private addServiceRecord(
    asset: AssetRecord,
    profile: AssetTypeProfile,
    type: ServiceType,
    date: number,
    [description, resolution, parts]: ServiceText,
    job?: { id: number; technicianId: number | null; start: number; end: number },
  ): void {
    const rng = this.rng;
    const day = isoDay(new Date(date));
    const labor = job ? roundHalf((job.end - job.start) / HOUR) : type === "meter_read" ? 0.5 : roundHalf(rng.float(type === "repair" ? 1 : 0.5, type === "inspection" ? 3 : 5, 1));
    const started = job ? job.start : startOfDay(date) + rng.int(13, 19) * HOUR + rng.pick([0, 30]) * MINUTE;
    const completed = job ? job.end : started + labor * HOUR;
    const warranty = type === "warranty_claim" || (type === "repair" && asset.warranty_expiry !== null && day <= asset.warranty_expiry && rng.chance(0.5));
    const nextDue =
      type === "preventive_maintenance" ? isoDay(new Date(addMonths(date, profile.pmEveryMonths))) : type === "inspection" ? isoDay(new Date(addMonths(date, 12))) : null;
    const record: ServiceRecordRecord = {
      service_id: this.store.nextId("serviceRecord"),
      asset_id: asset.asset_id,
      task_id: job?.id ?? null,
      service_type: type,
      description,
      resolution_notes: resolution,
      technician_id: job ? job.technicianId : this.technicianFor(profile.trade, started).technician_id,
      service_date: day,
      service_started_at: iso(started),
      service_completed_at: iso(completed),
      next_service_due: nextDue,
      meter_reading_at_service: this.meterValueAt(asset.asset_id, day),
      labor_hours: labor,
      service_cost: warranty ? 0 : round(labor * rng.int(95, 145) + (parts ? rng.int(40, 900) : 0), 2),
      is_warranty_work: warranty,
      warranty_claim_number: warranty ? `WC-${day.slice(0, 4)}-${String(rng.int(0, 99999)).padStart(5, "0")}` : null,
      parts_used_summary: parts,
      created_at: iso(Math.max(completed, Math.min(completed + rng.int(10, 90) * MINUTE, this.anchor - MINUTE))),
    };
    this.store.serviceRecords.set(record.service_id, record);
  }

  /* ---------- transfers ---------- */

  private seedTransfers(): void {
    const movable = [...this.store.assets.values()].filter((asset) => {
      if ((asset.status !== "Active" && asset.status !== "Idle") || asset.location_id === null) return false;
      const customerId = this.store.locations.get(asset.location_id)?.customer_id;
      return this.sites.filter((s) => s.location.customer_id === customerId).length > 1;
    });
    for (const asset of this.rng.sample(movable, 14).sort((a, b) => a.asset_id - b.asset_id)) {
      const here = this.store.locations.get(asset.location_id as number) as LocationRecord;
      const from = this.rng.pick(this.sites.filter((s) => s.location.customer_id === here.customer_id && s.location !== here)).location;
      const earliest = Math.max(Date.parse(asset.created_at), Date.parse(from.created_at), Date.parse(here.created_at)) + DAY;
      if (earliest >= this.anchor - 2 * DAY) continue;
      const when = this.rng.int(earliest, this.anchor - 2 * DAY);
      const reason = this.rng.pick([
        `Relocated from ${from.location_name} to ${here.location_name}`,
        "Moved to replace a failed unit",
        "Consolidating equipment after remodel",
        "Seasonal move for the event space",
      ]);
      const transferId = this.store.nextId("transfer");
      this.store.transfers.set(transferId, {
        transfer_id: transferId,
        asset_id: asset.asset_id,
        from_location_id: from.location_id,
        to_location_id: here.location_id,
        transfer_reason: reason,
        transfer_date: isoDay(new Date(when)),
        status: "Completed",
        created_at: iso(when),
      });
      this.addServiceRecord(asset, this.profileOf(asset), "relocation", when, ["Relocation of asset between sites", reason, null]);
      if (asset.updated_at < iso(when)) asset.updated_at = iso(when);
    }
  }

  /* ---------- jobs ---------- */

  private seedJobs(): void {
    const statuses = forcedMix(this.rng, SEED_JOB_COUNT, JOB_STATUSES, JOB_STATUS_WEIGHTS);
    const drafts = statuses.map((status, order) => ({ ...this.jobDraft(status), order }));
    drafts.sort((a, b) => a.job.created_at.localeCompare(b.job.created_at) || a.order - b.order);
    for (const draft of drafts) {
      const job: JobRecord = { ...draft.job, job_id: this.store.nextId("job") };
      this.store.jobs.set(job.job_id, job);
      // Work finished on linked equipment shows up in its service history, under this job.
      if (job.actual_end === null || job.job_status === "Cancelled") continue;
      for (const link of job.asset_links) {
        const asset = this.store.assets.get(link.asset_id) as AssetRecord;
        const type = serviceTypeOfLink(link.relationship_type);
        const profile = this.profileOf(asset);
        const [, resolution, parts] = this.serviceText(profile, type === "installation" ? "preventive_maintenance" : type);
        this.addServiceRecord(asset, profile, type, Date.parse(job.actual_end), [job.job_title, type === "installation" ? "Installed and commissioned" : resolution, parts], {
          id: job.job_id,
          technicianId: job.assigned_technician_id,
          start: Date.parse(job.actual_start as string),
          end: Date.parse(job.actual_end),
        });
      }
    }
  }

  private jobDraft(status: JobStatus): { job: JobRecord } {
    const rng = this.rng;
    const timeline = this.timelineFor(status);
    // Finished jobs may move back a few weeks when their timeline is built (see timelineFor).
    const finished = status === "Completed" || status === "Invoiced" || status === "Paid" || status === "Closed";
    const site = this.siteForJobAt(timeline.created - (finished ? 60 * DAY : 0));
    const template = this.templateFor(site);
    const timing = timeline.build(template.kind);
    const withTechnician = status !== "Pending" && (status !== "Cancelled" || rng.chance(0.4));
    const technician = withTechnician ? this.technicianFor(template.trade, timing.actualStart ?? timing.created) : undefined;
    const started = timing.actualStart !== null;
    const extra =
      status === "On Hold"
        ? rng.pick(started ? HOLD_REASONS_STARTED : HOLD_REASONS_NOT_STARTED)
        : status === "Cancelled"
          ? rng.pick(CANCEL_REASONS)
          : undefined;
    const job: JobRecord = {
      job_id: 0,
      job_title: template.title,
      job_description: extra ? `${template.description}\n\n${extra}` : template.description,
      job_status: status,
      job_priority: priorityFor(rng, template.kind),
      assigned_technician_id: technician?.technician_id ?? null,
      customer_location_id: site.location.location_id,
      scheduled_start: timing.scheduledStart !== null ? iso(timing.scheduledStart) : null,
      scheduled_end: timing.scheduledEnd !== null ? iso(timing.scheduledEnd) : null,
      actual_start: timing.actualStart !== null ? iso(timing.actualStart) : null,
      actual_end: timing.actualEnd !== null ? iso(timing.actualEnd) : null,
      created_at: iso(timing.created),
      updated_at: iso(timing.updated),
      asset_links: this.linksFor(site, template, timing.created),
    };
    return { job };
  }

  /** Sites that existed well before the job was opened. */
  private siteForJobAt(created: number): SiteInfo {
    const eligible = this.sites.filter((site) => Date.parse(site.location.created_at) < created - 2 * DAY);
    return this.rng.pick(eligible.length > 0 ? eligible : this.sites);
  }

  /** A job that fits the site: its kind of business, and equipment it really has (preferred 3:1). */
  private templateFor(site: SiteInfo): JobTemplate {
    const typesHere = new Set(
      [...this.store.assets.values()].filter((a) => a.location_id === site.location.location_id).map((a) => this.profileOf(a).name),
    );
    const fits = JOB_TEMPLATES.filter((t) => (!t.only || t.only.includes(site.category)) && (!t.assetType || typesHere.has(t.assetType)));
    const weights = fits.map((t) => (t.assetType ? 3 : 1));
    return this.rng.weighted(fits, weights);
  }

  private linksFor(site: SiteInfo, template: JobTemplate, created: number): JobAssetLink[] {
    if (!template.assetType) return [];
    const candidates = [...this.store.assets.values()].filter(
      (asset) =>
        asset.location_id === site.location.location_id &&
        this.profileOf(asset).name === template.assetType &&
        Date.parse(asset.created_at) < created &&
        !(OFF_DUTY.has(asset.status) && Date.parse(asset.updated_at) < created) &&
        (asset.status !== "Pending Install" || template.kind === "install"),
    );
    if (candidates.length === 0) return [];
    const chosen = this.rng.sample(candidates, template.kind === "maintenance" || template.kind === "inspection" ? 3 : this.rng.int(1, 2));
    return chosen
      .sort((a, b) => a.asset_id - b.asset_id)
      .map((asset) => ({
        asset_id: asset.asset_id,
        relationship_type: relationshipFor(template, this.store.metersOf(asset.asset_id).length > 0),
        relationship_notes: template.kind === "install" && template.title.includes("replacement") ? "Old unit removed and hauled away" : null,
        linked_at: iso(created + this.rng.int(1, 30) * MINUTE),
      }));
  }

  /**
   * When a job in `status` was created, and (once its kind is known) the rest of its timeline. Finished jobs
   * are built forward from creation and moved back by whole weeks until their last event lies before the
   * anchor, which keeps weekday business hours intact.
   */
  private timelineFor(status: JobStatus): { created: number; build(kind: JobKind): JobTiming } {
    const rng = this.rng;
    const anchor = this.anchor;
    const createdIn = (fromDays: number, toDays: number): number => rng.int(anchor - fromDays * DAY, anchor - toDays * DAY);
    switch (status) {
      case "Pending": {
        const created = rng.int(anchor - 6 * DAY, anchor - 5 * MINUTE);
        return {
          created,
          build: (kind) => {
            const scheduled = rng.chance(0.6) ? this.slotAfter(anchor + rng.int(1, 21) * DAY) : null;
            return timing({ created, updated: created, scheduledStart: scheduled, scheduledEnd: scheduled !== null ? scheduled + durationOf(rng, kind) : null });
          },
        };
      }
      case "Assigned": {
        const created = rng.int(anchor - 10 * DAY, anchor - 2 * HOUR);
        return {
          created,
          build: (kind) => {
            const assigned = rng.int(created + 5 * MINUTE, Math.min(created + 36 * HOUR, anchor - MINUTE));
            const scheduled = this.slotAfter(anchor + rng.int(0, 13) * DAY);
            return timing({ created, updated: assigned, scheduledStart: scheduled, scheduledEnd: scheduled + durationOf(rng, kind) });
          },
        };
      }
      case "In Progress": {
        // Emergencies called in overnight, or multi-day work started on an earlier day.
        const actualStart = rng.int(anchor - 72 * HOUR, anchor - 20 * MINUTE);
        const created = actualStart - rng.int(2 * HOUR, 7 * DAY);
        return {
          created,
          build: (kind) => {
            const scheduled = floorTo30(actualStart - rng.int(0, 30) * MINUTE);
            return timing({ created, updated: actualStart, scheduledStart: scheduled, scheduledEnd: scheduled + durationOf(rng, kind) + DAY, actualStart });
          },
        };
      }
      case "On Hold": {
        const held = rng.int(anchor - 12 * DAY, anchor - 2 * HOUR);
        const started = rng.chance(0.7);
        const created = held - rng.int(1, 10) * DAY;
        return {
          created,
          build: (kind) => {
            const actualStart = started ? held - rng.int(1, 4) * HOUR : null;
            const scheduled = actualStart !== null ? floorTo30(actualStart - rng.int(0, 30) * MINUTE) : null;
            return timing({ created, updated: held, scheduledStart: scheduled, scheduledEnd: scheduled !== null ? scheduled + durationOf(rng, kind) : null, actualStart });
          },
        };
      }
      case "Cancelled": {
        const created = createdIn(150, 1);
        return {
          created,
          build: (kind) => {
            const cancelled = rng.int(created + HOUR, Math.max(created + HOUR, Math.min(created + 6 * DAY, anchor - MINUTE)));
            const scheduled = rng.chance(0.6) ? this.slotAfter(created + rng.int(1, 10) * DAY) : null;
            return timing({ created, updated: cancelled, scheduledStart: scheduled, scheduledEnd: scheduled !== null ? scheduled + durationOf(rng, kind) : null });
          },
        };
      }
      default: {
        const ranges: Record<string, [number, number]> = { Completed: [12, 1], Invoiced: [45, 4], Paid: [80, 14], Closed: [185, 25] };
        const [from, to] = ranges[status] as [number, number];
        const created = createdIn(from, to);
        return { created, build: (kind) => this.finishedTimeline(status, created, kind) };
      }
    }
  }

  private finishedTimeline(status: JobStatus, createdAt: number, kind: JobKind): JobTiming {
    const rng = this.rng;
    const lead = kind === "emergency" ? rng.int(1, 4) * HOUR : rng.int(kind === "maintenance" || kind === "inspection" ? 3 : 1, 14) * DAY;
    const scheduled = kind === "emergency" ? ceilTo30(createdAt + lead) : this.slotAfter(createdAt + lead);
    const duration = durationOf(rng, kind);
    const actualStart = scheduled + rng.int(-15, 45) * MINUTE;
    const actualEnd = actualStart + Math.round(duration * rng.float(0.7, 1.4, 2));
    const invoiced = actualEnd + rng.int(1, 4) * DAY;
    const paid = invoiced + rng.int(7, 35) * DAY;
    const closed = paid + rng.int(1, 6) * DAY;
    const last = status === "Completed" ? actualEnd : status === "Invoiced" ? invoiced : status === "Paid" ? paid : closed;
    const weeksBack = last > this.anchor - 30 * MINUTE ? Math.ceil((last - (this.anchor - 30 * MINUTE)) / (7 * DAY)) : 0;
    const shift = weeksBack * 7 * DAY;
    return timing({
      created: createdAt - shift,
      updated: last - shift,
      scheduledStart: scheduled - shift,
      scheduledEnd: scheduled + duration - shift,
      actualStart: actualStart - shift,
      actualEnd: actualEnd - shift,
    });
  }

  /** The first weekday business slot (13:00–20:30 UTC, i.e. 8:00–15:30 Central) on the day of `ms` or later. */
  private slotAfter(ms: number): number {
    let day = startOfDay(ms);
    for (;;) {
      const weekday = new Date(day).getUTCDay();
      if (weekday !== 0 && weekday !== 6) {
        const slot = day + this.rng.int(13, 20) * HOUR + this.rng.pick([0, 30]) * MINUTE;
        if (slot > ms) return slot;
      }
      day += DAY;
    }
  }
}

/* ---------- helpers ---------- */

interface JobTiming {
  created: number;
  updated: number;
  scheduledStart: number | null;
  scheduledEnd: number | null;
  actualStart: number | null;
  actualEnd: number | null;
}

function timing(parts: Partial<JobTiming> & { created: number; updated: number }): JobTiming {
  return { scheduledStart: null, scheduledEnd: null, actualStart: null, actualEnd: null, ...parts };
}

/**
 * `count` values drawn with `weights`, with every value of `all` placed at least once (at random positions),
 * so the demo data always covers every status.
 */
function forcedMix<T extends string>(rng: SeededRandom, count: number, all: readonly T[], weights: Readonly<Record<T, number>>): T[] {
  const values = Array.from({ length: count }, () => rng.weighted(all, all.map((value) => weights[value])));
  const positions = rng.sample(
    Array.from({ length: count }, (_, i) => i),
    all.length,
  );
  all.forEach((value, i) => {
    values[positions[i] as number] = value;
  });
  return values;
}

function durationOf(rng: SeededRandom, kind: JobKind): number {
  const hours = { inspection: [1, 3], maintenance: [2, 4], repair: [1, 4], emergency: [2, 5], install: [4, 9] }[kind] as [number, number];
  return rng.int(hours[0] * 2, hours[1] * 2) * 30 * MINUTE;
}

function priorityFor(rng: SeededRandom, kind: JobKind): Priority {
  switch (kind) {
    case "emergency":
      return rng.weighted<Priority>(["Urgent", "High"], [60, 40]);
    case "repair":
      return rng.weighted<Priority>(["Low", "Medium", "High"], [10, 55, 35]);
    case "install":
      return rng.weighted<Priority>(["Low", "Medium", "High"], [10, 70, 20]);
    default:
      return rng.weighted<Priority>(["Low", "Medium", "High"], [40, 55, 5]);
  }
}

function relationshipFor(template: JobTemplate, metered: boolean): RelationshipType {
  switch (template.kind) {
    case "install":
      return template.title.includes("replacement") ? "replaced" : "installed";
    case "inspection":
      return "inspected";
    case "maintenance":
      return metered && template.title.includes("250-hour") ? "meter_threshold" : "maintenance";
    default:
      return "serviced";
  }
}

function serviceTypeOfLink(relationship: RelationshipType): ServiceType {
  switch (relationship) {
    case "installed":
    case "replaced":
      return "installation";
    case "inspected":
      return "inspection";
    case "maintenance":
    case "meter_threshold":
      return "preventive_maintenance";
    default:
      return "repair";
  }
}

function conditionFor(rng: SeededRandom, status: AssetStatus, wear: number): string {
  if (status === "Pending Install") return "New";
  if (status === "Retired" || status === "Decommissioned") return "Poor";
  if (status === "Non-Compliant" || status === "In Maintenance") return rng.pick(["Fair", "Poor"]);
  if (wear < 0.25) return rng.pick(["Excellent", "Good"]);
  if (wear < 0.6) return rng.weighted(["Good", "Fair"], [70, 30]);
  return rng.weighted(["Good", "Fair", "Poor"], [30, 50, 20]);
}

function fillName(rng: SeededRandom, pattern: string, areas: readonly string[] | undefined, number: number): string {
  return pattern
    .replace("{n}", String(number))
    .replace("{area}", rng.pick(areas ?? ["Building"]))
    .replace("{gal}", String(rng.pick([50, 75, 100, 119])))
    .replace("{kw}", String(rng.pick([20, 48, 60, 150, 200])))
    .replace("{letter}", rng.pick(["A", "B", "C", "D"]));
}

/** E.164 with the city's area code and a 555-01XX number (reserved for fiction, so nobody real is dialled). */
function phoneIn(rng: SeededRandom, city: City): string {
  return `+1${rng.pick(city.areaCodes)}55501${String(rng.int(0, 99)).padStart(2, "0")}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.|\.$/g, "");
}

function iso(ms: number): string {
  return isoSeconds(new Date(ms));
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function roundHalf(hours: number): number {
  return Math.max(0.5, Math.round(hours * 2) / 2);
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function floorTo30(ms: number): number {
  return Math.floor(ms / (30 * MINUTE)) * 30 * MINUTE;
}

function ceilTo30(ms: number): number {
  return Math.ceil(ms / (30 * MINUTE)) * 30 * MINUTE;
}

function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}

function addYears(ms: number, years: number): number {
  return addMonths(ms, 12 * years);
}
