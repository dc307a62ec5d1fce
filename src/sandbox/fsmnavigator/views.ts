/**
 * What the API returns for each record: the stored fields in the order the seeds show them, plus derived
 * names (customer_name on a job, asset_type_name, …) computed from the store at read time.
 */
import type { FsmNavigatorStore } from "./store.js";
import type {
  AssetRecord,
  CustomerRecord,
  JobRecord,
  LocationRecord,
  MeterReadingRecord,
  MeterRecord,
  ServiceRecordRecord,
  TechnicianRecord,
  TransferRecord,
} from "./types.js";

export type Row = Record<string, unknown>;

export function technicianName(store: FsmNavigatorStore, technicianId: number | null): string | null {
  if (technicianId === null) return null;
  const technician = store.technicians.get(technicianId);
  return technician ? `${technician.first_name} ${technician.last_name}` : null;
}

export function customerView(customer: CustomerRecord): Row {
  return { ...customer };
}

export function locationView(location: LocationRecord): Row {
  return { ...location };
}

export function technicianView(technician: TechnicianRecord, detailed: boolean): Row {
  const { skills, ...listed } = technician;
  return detailed ? { ...listed, transport_modes: [...listed.transport_modes], skills: [...skills] } : { ...listed, transport_modes: [...listed.transport_modes] };
}

export function jobView(store: FsmNavigatorStore, job: JobRecord, withAssets: boolean): Row {
  const location = store.locations.get(job.customer_location_id);
  const customer = location ? store.customers.get(location.customer_id) : undefined;
  const view: Row = {
    job_id: job.job_id,
    job_title: job.job_title,
    job_description: job.job_description,
    job_status: job.job_status,
    job_priority: job.job_priority,
    assigned_technician_id: job.assigned_technician_id,
    assigned_technician_name: technicianName(store, job.assigned_technician_id),
    customer_location_id: job.customer_location_id,
    customer_location_name: location?.location_name ?? null,
    customer_id: customer?.customer_id ?? null,
    customer_name: customer?.customer_name ?? null,
    scheduled_start: job.scheduled_start,
    scheduled_end: job.scheduled_end,
    actual_start: job.actual_start,
    actual_end: job.actual_end,
    created_at: job.created_at,
    updated_at: job.updated_at,
  };
  // Seed 001 shows linked assets on the single-job response only.
  if (withAssets) {
    view.assets = job.asset_links.map((link) => {
      const asset = store.assets.get(link.asset_id);
      return {
        asset_id: link.asset_id,
        asset_tag: asset?.asset_tag ?? null,
        asset_name: asset?.asset_name ?? null,
        asset_status: asset?.status ?? null,
        relationship_type: link.relationship_type,
        relationship_notes: link.relationship_notes,
        linked_at: link.linked_at,
      };
    });
  }
  return view;
}

/** "Main Office — Acme Corporation", as seed 002's location_name shows it. */
function assetLocationName(store: FsmNavigatorStore, locationId: number | null): string | null {
  if (locationId === null) return null;
  const location = store.locations.get(locationId);
  if (!location) return null;
  const customer = store.customers.get(location.customer_id);
  return customer ? `${location.location_name} — ${customer.customer_name}` : location.location_name;
}

export function assetView(store: FsmNavigatorStore, asset: AssetRecord, withMeters: boolean): Row {
  const view: Row = {
    asset_id: asset.asset_id,
    asset_tag: asset.asset_tag,
    asset_name: asset.asset_name,
    asset_type_id: asset.asset_type_id,
    asset_type_name: store.assetTypes.get(asset.asset_type_id)?.asset_type_name ?? null,
    status: asset.status,
    condition: asset.condition,
    ownership_type: asset.ownership_type,
    location_id: asset.location_id,
    location_name: assetLocationName(store, asset.location_id),
    assigned_to: asset.assigned_to,
    assigned_to_name: technicianName(store, asset.assigned_to),
    serial_number: asset.serial_number,
    model: asset.model,
    manufacturer: asset.manufacturer,
    purchase_date: asset.purchase_date,
    purchase_cost: asset.purchase_cost,
    warranty_expiry: asset.warranty_expiry,
    notes: asset.notes,
    created_at: asset.created_at,
    updated_at: asset.updated_at,
  };
  // [I] The docs say meters are configured in the dashboard and never show them on the API; the sandbox lists
  // them on the single-asset response so a client can find the meter_id a reading needs.
  if (withMeters) view.meters = store.metersOf(asset.asset_id).map((meter) => meterView(store, meter));
  return view;
}

export function meterView(store: FsmNavigatorStore, meter: MeterRecord): Row {
  const readings = store.readingsOf(meter.meter_id);
  const last = readings[readings.length - 1];
  return {
    meter_id: meter.meter_id,
    meter_name: meter.meter_name,
    unit: meter.unit,
    last_reading_value: last?.reading_value ?? null,
    last_reading_date: last?.reading_date ?? null,
    reading_count: readings.length,
  };
}

export function serviceRecordView(record: ServiceRecordRecord): Row {
  return { ...record };
}

export function meterReadingView(reading: MeterReadingRecord): Row {
  return { ...reading };
}

export function transferView(transfer: TransferRecord): Row {
  return { ...transfer };
}
