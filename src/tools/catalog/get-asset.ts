import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe, listWords, orNotFound } from "../common.js";
import { projectAsset, projectServiceRecord } from "../projections.js";
import { assetOut, idParam, responseFormat } from "../schemas.js";
import { defineTool, type ToolEnv } from "../types.js";

/** What get_asset shows for this vendor, from what its profile and backend have. */
function assetParts(env: ToolEnv): string[] {
  const a = env.backend.assets;
  return [
    env.profile.assetMachine ? "status and allowed next statuses" : "type",
    "location",
    ...(a?.recordMeterReading && !env.profile.unsupported.record_meter_reading ? ["meters (ids for record_meter_reading)"] : []),
    ...(a?.serviceHistory ? ["its most recent service records"] : ["its details"]),
  ];
}

interface Args {
  asset_id: Id;
  response_format: "concise" | "detailed";
}

const RECENT_SERVICE = 5;

export default defineTool<Args>({
  name: "get_asset",
  title: "Get asset with service history",
  toolset: "assets",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.assets ? undefined : "this vendor has no asset records"),
  description: (env) =>
    describe(env, "get_asset", [`Get one asset: ${listWords(assetParts(env), "and")}.`]),
  input: (env) => ({ asset_id: idParam(env.profile, "from search_assets"), response_format: responseFormat }),
  // recent_service and service_total are in every result too; no tool takes a service record's id, so they
  // are left undeclared (output schemas cost tokens in every tools/list).
  output: (env) => ({ asset: assetOut(env.profile) }),
  async run(args, env, call) {
    const api = env.backend.assets!;
    const asset = await orNotFound(api.get(args.asset_id, { signal: call.signal }), "asset", args.asset_id, "search_assets");
    const history = api.serviceHistory ? await api.serviceHistory(asset.id, { perPage: RECENT_SERVICE, signal: call.signal }) : undefined;
    return {
      data: {
        asset: projectAsset(asset, args.response_format, env.profile.assetMachine),
        recent_service: (history?.items ?? []).map((s) => projectServiceRecord(s, args.response_format)),
        service_total: history?.total ?? 0,
      },
    };
  },
});
