import { z } from "zod";
import type { AssetField, VendorProfile } from "../../domain/backend.js";
import { InvalidArgumentError, StaleRecordError } from "../../domain/errors.js";
import type { Asset, Id } from "../../domain/types.js";
import { normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { projectAsset } from "../projections.js";
import { referencesFor } from "../references.js";
import { assetOut, idParam, idParamOf, trimmed, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  asset_id: Id;
  name?: string;
  type_id?: Id;
  serial_number?: string;
  model?: string;
  manufacturer?: string;
  expected_name?: string;
  dry_run: boolean;
}

/** Whether the vendor's asset bodies take an optional field (all of them unless the profile lists some). */
export function assetTakes(p: VendorProfile, f: AssetField): boolean {
  return !p.assetFields || p.assetFields.includes(f);
}

const CHANGES = ["name", "type_id", "serial_number", "model", "manufacturer"] as const;

export default defineTool<Args>({
  name: "update_asset",
  title: "Update asset details",
  toolset: "assets",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.assets?.update ? undefined : "this vendor's API cannot update assets"),
  description: (env) =>
    describe(env, "update_asset", [
      `Correct an asset's details (asset_id from search_assets); fields left out stay as they are.${env.backend.assets?.changeStatus ? " Status: update_asset_status." : ""}`,
      "expected_name refuses the change if the asset was renamed since you read it.",
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      asset_id: idParam(p, "from search_assets"),
      name: trimmed(200).optional(),
      type_id: idParamOf(p.assetTypeIdKind ?? p.idKind, "asset type id").optional(),
      ...(assetTakes(p, "serial_number") ? { serial_number: trimmed(100).optional() } : {}),
      ...(assetTakes(p, "model") ? { model: trimmed(100).optional() } : {}),
      ...(assetTakes(p, "manufacturer") ? { manufacturer: trimmed(100).optional() } : {}),
      expected_name: z.string().max(200).optional(),
      ...writeParams(),
    };
  },
  output: (env) => ({ ...writeOutput("change"), asset: assetOut(env.profile).optional() }),
  async run(args, env, call) {
    if (!CHANGES.some((k) => args[k] !== undefined)) throw new InvalidArgumentError("asset_id", `nothing to change: pass at least one of ${CHANGES.join(", ")}`);
    const api = env.backend.assets!;
    const asset = await orNotFound(api.get(args.asset_id, { signal: call.signal }), "asset", args.asset_id, "search_assets");
    const project = (a: Asset) => projectAsset(a, "concise", env.profile.assetMachine);
    if (args.expected_name !== undefined && normName(asset.name) !== normName(args.expected_name)) {
      throw new StaleRecordError("asset", asset.id, `its name is "${asset.name}", not "${args.expected_name}"`, project(asset));
    }
    const op = await api.update!(asset, { name: args.name, typeId: args.type_id, serialNumber: args.serial_number, model: args.model, manufacturer: args.manufacturer });
    const refs = referencesFor(env.backend);
    const report = await executeWrite(
      {
        tool: "update_asset",
        args: { ...args },
        op,
        success: "updated",
        dryRun: args.dry_run,
        idOf: (a) => a.id,
        references: [refs.known("asset", asset.id), ...(args.type_id === undefined ? [] : [refs.assetType(args.type_id)])],
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "asset", project, { previous: project(asset) }) };
  },
});
