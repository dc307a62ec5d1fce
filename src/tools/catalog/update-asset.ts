import type { AssetField, VendorProfile } from "../../domain/backend.js";
import { InvalidArgumentError, StaleRecordError } from "../../domain/errors.js";
import type { Asset, Id } from "../../domain/types.js";
import { normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { projectAsset } from "../projections.js";
import { referencesFor } from "../references.js";
import { differing, landed, readBackNotes, type FieldMap } from "../read-back.js";
import { DATE, idParam, idParamOf, money, trimmed, text, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  asset_id: Id;
  name?: string;
  type_id?: Id;
  serial_number?: string;
  model?: string;
  manufacturer?: string;
  purchase_date?: string;
  purchase_cost?: number;
  assigned_to?: Id;
  notes?: string;
  expected_name?: string;
  dry_run: boolean;
}

/** Whether the vendor's asset bodies take an optional field (all of them unless the profile lists some). */
export function assetTakes(p: VendorProfile, f: AssetField): boolean {
  return !p.assetFields || p.assetFields.includes(f);
}

/**
 * Argument → how it reads on the asset. Status has its own tool (update_asset_status: the lifecycle applies) and
 * the location too (transfer_asset records the move), so neither is offered here.
 */
const FIELDS: FieldMap<Asset> = {
  name: (a) => a.name,
  type_id: (a) => a.typeId,
  serial_number: (a) => a.serialNumber,
  model: (a) => a.model,
  manufacturer: (a) => a.manufacturer,
  purchase_date: (a) => a.purchaseDate,
  purchase_cost: (a) => a.purchaseCost,
  assigned_to: (a) => a.assignedTo,
  notes: (a) => a.notes,
};
/** The fields this vendor's update body takes: name and type always, the rest as the profile says. */
const fieldsFor = (p: VendorProfile): FieldMap<Asset> =>
  Object.fromEntries(Object.entries(FIELDS).filter(([k]) => k === "name" || k === "type_id" || assetTakes(p, k as AssetField)));

export default defineTool<Args>({
  name: "update_asset",
  title: "Update asset",
  toolset: "assets",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.assets?.update ? undefined : "this vendor's API cannot update assets"),
  description: (env) =>
    describe(env, "update_asset", [
      "Correct an asset's details.",
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      asset_id: idParam(p, "from search_assets"),
      name: trimmed(200).optional(),
      type_id: idParamOf(p.assetTypeIdKind ?? p.idKind, "from get_asset").optional(),
      ...(assetTakes(p, "serial_number") ? { serial_number: trimmed(100).optional() } : {}),
      ...(assetTakes(p, "model") ? { model: trimmed(100).optional() } : {}),
      ...(assetTakes(p, "manufacturer") ? { manufacturer: trimmed(100).optional() } : {}),
      ...(assetTakes(p, "purchase_date") ? { purchase_date: DATE.optional() } : {}),
      ...(assetTakes(p, "purchase_cost") ? { purchase_cost: money(10_000_000).optional() } : {}),
      ...(assetTakes(p, "assigned_to") ? { assigned_to: idParam(p, "from list_technicians").optional() } : {}),
      ...(assetTakes(p, "notes") ? { notes: text(2000).optional() } : {}),
      expected_name: text(200).optional(),
      ...writeParams(),
    };
  },
  // The record is in every result but left undeclared: its ids are the ones the call took (writeOutput: echoes).
  output: () => writeOutput("change"),
  async run(args, env, call) {
    const fields = fieldsFor(env.profile);
    const wanted: Record<string, unknown> = Object.fromEntries(Object.keys(fields).map((k) => [k, args[k as keyof Args]]));
    if (!Object.values(wanted).some((v) => v !== undefined)) throw new InvalidArgumentError("asset_id", `nothing to change: pass at least one of ${Object.keys(fields).join(", ")}`);
    const api = env.backend.assets!;
    const asset = await orNotFound(api.get(args.asset_id, { signal: call.signal }), "asset", args.asset_id, "search_assets");
    const project = (a: Asset) => projectAsset(a, "detailed", env.profile.assetMachine);
    if (args.expected_name !== undefined && normName(asset.name) !== normName(args.expected_name)) {
      throw new StaleRecordError("asset", asset.id, `its name is "${asset.name}", not "${args.expected_name}"`, project(asset));
    }
    const changed = differing(fields, asset, wanted);
    if (!changed.length) {
      return { data: writeData({ outcome: "existing", value: asset, notes: [`Asset ${asset.id} already has these values; nothing was sent.`] }, "asset", project) };
    }
    // Only the fields that differ are planned (a vendor whose PUT takes the whole record lays them over it).
    const set = (k: string) => (changed.includes(k) ? wanted[k] : undefined) as never;
    const op = await api.update!(asset, {
      name: set("name"),
      typeId: set("type_id"),
      serialNumber: set("serial_number"),
      model: set("model"),
      manufacturer: set("manufacturer"),
      purchaseDate: set("purchase_date"),
      purchaseCost: set("purchase_cost"),
      assignedTo: set("assigned_to"),
      notes: set("notes"),
    });
    const refs = referencesFor(env.backend);
    const report = await executeWrite(
      {
        tool: "update_asset",
        args: { ...args },
        op,
        success: "updated",
        dryRun: args.dry_run,
        idOf: (a) => a.id,
        // After an ambiguous failure: the asset holding every asked value means the change landed.
        reconcile: async (ctx) => {
          const now = await api.get(asset.id, ctx);
          return landed(fields, now, wanted, changed) ? now : undefined;
        },
        lookup: { tool: "get_asset", arguments: { asset_id: asset.id } },
        references: [
          refs.known("asset", asset.id),
          ...(changed.includes("type_id") ? [refs.assetType(args.type_id!)] : []),
          ...(changed.includes("assigned_to") ? [refs.technician(args.assigned_to!)] : []),
        ],
      },
      env.safety,
      call,
    );
    const notes = report.value && report.outcome !== "dry_run" ? readBackNotes(fields, asset, report.value, wanted, changed) : [];
    // The changed fields as they were: what to send back to undo it.
    const previous = Object.fromEntries(changed.map((k) => [k, fields[k]!(asset) ?? null]));
    return { data: writeData({ ...report, notes: [...report.notes, ...notes] }, "asset", project, { previous }) };
  },
});
