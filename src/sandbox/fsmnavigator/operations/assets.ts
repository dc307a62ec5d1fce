/** Assets API (seed 002): assets, status lifecycle, service history, meter readings, transfers. */
import { ASSET_MACHINE } from "../../../vendors/fsmnavigator/facts.js";
import { isoDay } from "../../common/clock.js";
import { FieldErrors } from "../../common/validate.js";
import { ApiError } from "../errors.js";
import { ASSET_CREATE, ASSET_FILTERS, ASSET_STATUS_UPDATE, ASSET_UPDATE, METER_READING_CREATE, PAGING, SERVICE_RECORD_CREATE, TRANSFER_CREATE } from "../schemas.js";
import type { FsmNavigatorStore } from "../store.js";
import type { AssetRecord, MeterReadingRecord, ServiceRecordRecord, TransferRecord } from "../types.js";
import { assetView, meterReadingView, serviceRecordView, transferView } from "../views.js";
import {
  assertTransition,
  checkReference,
  defineOperation,
  idOf,
  listPage,
  written,
  requireRecord,
  requireSomeField,
  throwIfInvalid,
  withinRange,
} from "../operation.js";

/** Seed 002: tags are AST- and six digits, e.g. AST-000123 for asset 123. */
export function assetTagFor(assetId: number): string {
  return `AST-${String(assetId).padStart(6, "0")}`;
}

const listAssets = defineOperation({
  resource: "asset",
  shape: "list",
  query: ASSET_FILTERS,
  handle({ store, query }) {
    const created = withinRange(query.created_after, query.created_before);
    const search = query.search?.trim().toLowerCase();
    const sameText = (a: string | null, b: string | undefined): boolean => b === undefined || (a ?? "").toLowerCase() === b.trim().toLowerCase();
    const assets = [...store.assets.values()]
      .filter(
        (asset) =>
          (query.status === undefined || asset.status === query.status) &&
          (query.asset_type_id === undefined || asset.asset_type_id === query.asset_type_id) &&
          (query.location_id === undefined || asset.location_id === query.location_id) &&
          sameText(asset.condition, query.condition) &&
          sameText(asset.ownership_type, query.ownership_type) &&
          (!search ||
            asset.asset_name.toLowerCase().includes(search) ||
            asset.asset_tag.toLowerCase().includes(search) ||
            (asset.serial_number?.toLowerCase().includes(search) ?? false)) &&
          created(asset.created_at),
      )
      .sort((a, b) => a.asset_id - b.asset_id);
    return listPage("asset", assets, query, (asset) => assetView(store, asset, false));
  },
});

const getAsset = defineOperation({
  resource: "asset",
  shape: "item",
  handle(ctx) {
    const asset = requireRecord(ctx.store.assets, idOf(ctx), "Asset");
    return { shape: "item", resource: "asset", item: assetView(ctx.store, asset, true) };
  },
});

const createAsset = defineOperation({
  resource: "asset",
  shape: "write",
  successStatus: 201,
  body: ASSET_CREATE,
  handle({ store, clock, body }) {
    const errors = new FieldErrors();
    checkAssetType(store, errors, body.asset_type_id);
    checkReference(errors, "location_id", body.location_id, store.locations, "location");
    checkReference(errors, "assigned_to", body.assigned_to, store.technicians, "technician");
    throwIfInvalid(errors);
    const now = clock.tick();
    const assetId = store.nextId("asset");
    const asset: AssetRecord = {
      asset_id: assetId,
      asset_tag: assetTagFor(assetId),
      asset_name: body.asset_name,
      asset_type_id: body.asset_type_id,
      status: body.status ?? "Active",
      condition: body.condition ?? null,
      ownership_type: body.ownership_type ?? null,
      location_id: body.location_id ?? null,
      assigned_to: body.assigned_to ?? null,
      serial_number: body.serial_number ?? null,
      model: body.model ?? null,
      manufacturer: body.manufacturer ?? null,
      purchase_date: body.purchase_date ?? null,
      purchase_cost: body.purchase_cost ?? null,
      warranty_expiry: body.warranty_expiry ?? null,
      notes: body.notes ?? null,
      created_at: now,
      updated_at: now,
    };
    store.assets.set(assetId, asset);
    const view = assetView(store, asset, true);
    return written("asset", "Asset created successfully", view, ["asset_id", "asset_tag", "asset_name"]);
  },
});

const updateAsset = defineOperation({
  resource: "asset",
  shape: "write",
  body: ASSET_UPDATE,
  handle(ctx) {
    const { store, clock, body } = ctx;
    const asset = requireRecord(store.assets, idOf(ctx), "Asset");
    requireSomeField(body, ASSET_UPDATE);
    const errors = new FieldErrors();
    if (body.asset_type_id !== undefined) checkAssetType(store, errors, body.asset_type_id);
    checkReference(errors, "location_id", body.location_id, store.locations, "location");
    checkReference(errors, "assigned_to", body.assigned_to, store.technicians, "technician");
    throwIfInvalid(errors);
    // Seed 002: "to change other fields along with the status, use PUT"; the transition table still applies.
    const newStatus = body.status !== undefined && body.status !== asset.status ? body.status : undefined;
    if (newStatus !== undefined) assertTransition(ASSET_MACHINE, asset.asset_id, asset.status, newStatus);

    const { status: _status, ...fields } = body;
    Object.assign(asset, fields);
    if (newStatus !== undefined) asset.status = newStatus;
    asset.updated_at = clock.tick();
    const view = assetView(store, asset, true);
    return written("asset", "Asset updated successfully", view, ["asset_id", "asset_name", "status"]);
  },
});

const updateAssetStatus = defineOperation({
  resource: "asset",
  shape: "write",
  body: ASSET_STATUS_UPDATE,
  handle(ctx) {
    const asset = requireRecord(ctx.store.assets, idOf(ctx), "Asset");
    const previous = asset.status;
    assertTransition(ASSET_MACHINE, asset.asset_id, previous, ctx.body.status);
    asset.status = ctx.body.status;
    asset.updated_at = ctx.clock.tick();
    const view = assetView(ctx.store, asset, true);
    return written("asset", `Asset status updated to ${asset.status}`, { ...view, previous_status: previous }, ["asset_id", "status", "previous_status"]);
  },
});

const listServiceHistory = defineOperation({
  resource: "service_record",
  shape: "list",
  query: PAGING,
  handle(ctx) {
    const asset = requireRecord(ctx.store.assets, idOf(ctx), "Asset");
    // Most recent service first.
    const records = ctx.store
      .serviceRecordsOf(asset.asset_id)
      .sort((a, b) => b.service_date.localeCompare(a.service_date) || b.service_id - a.service_id);
    return listPage("service_record", records, ctx.query, serviceRecordView);
  },
});

const createServiceRecord = defineOperation({
  resource: "service_record",
  shape: "write",
  successStatus: 201,
  body: SERVICE_RECORD_CREATE,
  handle(ctx) {
    const { store, clock, body } = ctx;
    const asset = requireRecord(store.assets, idOf(ctx), "Asset");
    const errors = new FieldErrors();
    checkReference(errors, "technician_id", body.technician_id, store.technicians, "technician");
    checkReference(errors, "task_id", body.task_id, store.jobs, "job");
    throwIfInvalid(errors);
    const now = clock.tick();
    const record: ServiceRecordRecord = {
      service_id: store.nextId("serviceRecord"),
      asset_id: asset.asset_id,
      task_id: body.task_id ?? null,
      service_type: body.service_type,
      description: body.description,
      resolution_notes: body.resolution_notes ?? null,
      technician_id: body.technician_id ?? null,
      service_date: body.service_date,
      service_started_at: null,
      service_completed_at: null,
      next_service_due: body.next_service_due ?? null,
      meter_reading_at_service: body.meter_reading_at_service ?? null,
      labor_hours: body.labor_hours ?? null,
      service_cost: body.service_cost ?? null,
      is_warranty_work: body.is_warranty_work ?? false,
      warranty_claim_number: body.warranty_claim_number ?? null,
      parts_used_summary: body.parts_used_summary ?? null,
      created_at: now,
    };
    store.serviceRecords.set(record.service_id, record);
    const view = serviceRecordView(record);
    return written("service_record", "Service record created successfully", view, ["service_id", "asset_id", "service_type"]);
  },
});

const submitMeterReading = defineOperation({
  resource: "meter_reading",
  shape: "write",
  // [I] No response is documented; a reading is a new record, so 201 like the other creates.
  successStatus: 201,
  body: METER_READING_CREATE,
  handle(ctx) {
    const { store, clock, body } = ctx;
    const asset = requireRecord(store.assets, idOf(ctx), "Asset");
    const meter = store.meters.get(body.meter_id);
    if (!meter || meter.asset_id !== asset.asset_id) {
      // Seed 002's exact message.
      throw new ApiError("meter_not_found", "Meter not found or does not belong to this asset", { meter_id: body.meter_id, asset_id: asset.asset_id });
    }
    const last = store.readingsOf(meter.meter_id).at(-1);
    if (last && body.reading_value < last.reading_value) {
      // public-facts §1.9 [C]: readings must not go below the previous one.
      const errors = new FieldErrors();
      errors.add(
        "reading_value",
        `reading_value ${body.reading_value} is below the meter's last reading (${last.reading_value} on ${last.reading_date}); readings must not decrease`,
      );
      throwIfInvalid(errors);
    }
    const reading: MeterReadingRecord = {
      reading_id: store.nextId("meterReading"),
      meter_id: meter.meter_id,
      asset_id: asset.asset_id,
      reading_value: body.reading_value,
      reading_date: body.reading_date,
      created_at: clock.tick(),
    };
    store.meterReadings.set(reading.reading_id, reading);
    const view = { ...meterReadingView(reading), previous_reading_value: last?.reading_value ?? null };
    return written("meter_reading", "Meter reading recorded successfully", view, ["reading_id", "meter_id", "asset_id", "reading_value", "reading_date"]);
  },
});

const transferAsset = defineOperation({
  resource: "transfer",
  shape: "write",
  body: TRANSFER_CREATE,
  handle(ctx) {
    const { store, clock, body } = ctx;
    const asset = requireRecord(store.assets, idOf(ctx), "Asset");
    const errors = new FieldErrors();
    checkReference(errors, "to_location_id", body.to_location_id, store.locations, "location");
    // [I] Moving an asset to where it already is would record a transfer that moved nothing.
    if (body.to_location_id === asset.location_id) errors.add("to_location_id", `to_location_id ${body.to_location_id} is already the asset's location`);
    throwIfInvalid(errors);
    const now = clock.tick();
    const transfer: TransferRecord = {
      transfer_id: store.nextId("transfer"),
      asset_id: asset.asset_id,
      from_location_id: asset.location_id,
      to_location_id: body.to_location_id,
      transfer_reason: body.transfer_reason ?? null,
      transfer_date: body.transfer_date ?? isoDay(new Date(now)),
      status: "Completed",
      created_at: now,
    };
    store.transfers.set(transfer.transfer_id, transfer);
    asset.location_id = body.to_location_id;
    asset.updated_at = now;
    const view = transferView(transfer);
    return written("transfer", "Asset transfer initiated successfully", view, ["transfer_id", "asset_id", "from_location_id", "to_location_id", "status"]);
  },
});

export const ASSET_OPERATIONS = {
  listAssets,
  getAsset,
  createAsset,
  updateAsset,
  updateAssetStatus,
  listServiceHistory,
  createServiceRecord,
  submitMeterReading,
  transferAsset,
};

function checkAssetType(store: FsmNavigatorStore, errors: FieldErrors, assetTypeId: number): void {
  if (store.assetTypes.has(assetTypeId)) return;
  const known = [...store.assetTypes.values()].map((type) => `${type.asset_type_id} ${type.asset_type_name}`).join(", ");
  errors.add("asset_type_id", `asset_type_id ${assetTypeId} is not a known asset type; known types: ${known}`);
}
