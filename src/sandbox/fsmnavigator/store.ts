/**
 * In-memory state of one FSM Navigator sandbox: Maps keyed by id plus id counters. Handlers and the seed
 * write here directly; tests read it (counts(), snapshot()) to check what a request really changed.
 */
import type {
  AssetRecord,
  AssetTypeRecord,
  CustomerRecord,
  JobRecord,
  LocationRecord,
  MeterReadingRecord,
  MeterRecord,
  ServiceRecordRecord,
  TechnicianRecord,
  TransferRecord,
} from "./types.js";

export type IdKind = "customer" | "location" | "technician" | "job" | "assetType" | "asset" | "meter" | "meterReading" | "serviceRecord" | "transfer";

export interface StoreCounts {
  customers: number;
  locations: number;
  technicians: number;
  jobs: number;
  jobAssetLinks: number;
  assetTypes: number;
  assets: number;
  meters: number;
  meterReadings: number;
  serviceRecords: number;
  transfers: number;
}

export class FsmNavigatorStore {
  readonly customers = new Map<number, CustomerRecord>();
  readonly locations = new Map<number, LocationRecord>();
  readonly technicians = new Map<number, TechnicianRecord>();
  readonly jobs = new Map<number, JobRecord>();
  readonly assetTypes = new Map<number, AssetTypeRecord>();
  readonly assets = new Map<number, AssetRecord>();
  readonly meters = new Map<number, MeterRecord>();
  readonly meterReadings = new Map<number, MeterReadingRecord>();
  readonly serviceRecords = new Map<number, ServiceRecordRecord>();
  readonly transfers = new Map<number, TransferRecord>();

  private readonly nextIds: Record<IdKind, number>;

  /** `firstIds`: where each id sequence starts (the seed starts customers at 201, like the docs' examples). */
  constructor(firstIds: Partial<Record<IdKind, number>> = {}) {
    this.nextIds = {
      customer: 1,
      location: 1,
      technician: 1,
      job: 1,
      assetType: 1,
      asset: 1,
      meter: 1,
      meterReading: 1,
      serviceRecord: 1,
      transfer: 1,
      ...firstIds,
    };
  }

  nextId(kind: IdKind): number {
    const id = this.nextIds[kind];
    this.nextIds[kind] = id + 1;
    return id;
  }

  /**
   * A customer as an appended block of demo data holds it (the large account, the lookup fixtures): the
   * account's usual defaults, created and last updated at `created`. Returns its id.
   */
  addSeedCustomer(customer: { name: string; email: string | null; phone: string | null }, created: string): number {
    const customerId = this.nextId("customer");
    this.customers.set(customerId, {
      customer_id: customerId,
      customer_name: customer.name,
      customer_email: customer.email,
      customer_phone: customer.phone,
      default_sla_hours: 24,
      tax_exempt: false,
      tax_exemption_reason: null,
      created_at: created,
      updated_at: created,
    });
    return customerId;
  }

  /** A customer's site as an appended block of demo data holds it (no notes, no coordinates). Returns its id. */
  addSeedLocation(
    customerId: number,
    site: { name: string; street: string; city: string; state: string; zip: string },
    contactEmail: string | null,
    primary: boolean,
    created: string,
  ): number {
    const locationId = this.nextId("location");
    this.locations.set(locationId, {
      location_id: locationId,
      customer_id: customerId,
      location_name: site.name,
      street: site.street,
      city: site.city,
      state: site.state,
      zip: site.zip,
      contact_email: contactEmail,
      notes: null,
      is_primary: primary,
      latitude: null,
      longitude: null,
      created_at: created,
      updated_at: created,
    });
    return locationId;
  }

  locationsOf(customerId: number): LocationRecord[] {
    return [...this.locations.values()].filter((location) => location.customer_id === customerId);
  }

  metersOf(assetId: number): MeterRecord[] {
    return [...this.meters.values()].filter((meter) => meter.asset_id === assetId);
  }

  /** Readings of one meter, oldest first. */
  readingsOf(meterId: number): MeterReadingRecord[] {
    return [...this.meterReadings.values()]
      .filter((reading) => reading.meter_id === meterId)
      .sort((a, b) => a.reading_date.localeCompare(b.reading_date) || a.reading_id - b.reading_id);
  }

  serviceRecordsOf(assetId: number): ServiceRecordRecord[] {
    return [...this.serviceRecords.values()].filter((record) => record.asset_id === assetId);
  }

  counts(): StoreCounts {
    let jobAssetLinks = 0;
    for (const job of this.jobs.values()) jobAssetLinks += job.asset_links.length;
    return {
      customers: this.customers.size,
      locations: this.locations.size,
      technicians: this.technicians.size,
      jobs: this.jobs.size,
      jobAssetLinks,
      assetTypes: this.assetTypes.size,
      assets: this.assets.size,
      meters: this.meters.size,
      meterReadings: this.meterReadings.size,
      serviceRecords: this.serviceRecords.size,
      transfers: this.transfers.size,
    };
  }

  /** Every record as plain data, in id order: two stores with equal snapshots hold the same data. */
  snapshot(): Record<string, unknown[]> {
    const ordered = <T>(map: Map<number, T>): T[] => [...map.entries()].sort(([a], [b]) => a - b).map(([, value]) => structuredClone(value));
    return {
      customers: ordered(this.customers),
      locations: ordered(this.locations),
      technicians: ordered(this.technicians),
      jobs: ordered(this.jobs),
      assetTypes: ordered(this.assetTypes),
      assets: ordered(this.assets),
      meters: ordered(this.meters),
      meterReadings: ordered(this.meterReadings),
      serviceRecords: ordered(this.serviceRecords),
      transfers: ordered(this.transfers),
    };
  }
}
