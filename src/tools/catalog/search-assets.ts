import { z } from "zod";
import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe, listWords } from "../common.js";
import { gatherPages, maxPagesParam } from "../pages.js";
import { projectAsset } from "../projections.js";
import { assetOut, enumOf, idParam, idParamOf, listOutput, pagingParams, responseFormat, trimmed } from "../schemas.js";
import { defineTool, type ToolEnv } from "../types.js";

/** Whether any asset tool beyond get_asset takes the ids (service, status, meters, transfer). */
function assetTools(env: ToolEnv): boolean {
  const a = env.backend.assets;
  const u = env.profile.unsupported;
  return Boolean(
    (a?.logService && !u.log_asset_service) || (a?.changeStatus && !u.update_asset_status) || (a?.recordMeterReading && !u.record_meter_reading) || (a?.transfer && !u.transfer_asset),
  );
}

interface Args {
  query?: string;
  status?: string;
  type_id?: Id;
  location_id?: Id;
  page: number;
  per_page: number;
  max_pages: number;
  response_format: "concise" | "detailed";
}

export default defineTool<Args>({
  name: "search_assets",
  title: "Search assets",
  toolset: "assets",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.assets ? undefined : "this vendor has no asset records"),
  description: (env) =>
    describe(env, "search_assets", [
      `Find equipment by ${env.profile.assetSearchBy ?? "words of its name, its tag or serial number"}, or by ${listWords([...(env.profile.assetMachine ? ["status"] : []), "type", "location"])}. Returns asset ids for get_asset${assetTools(env) ? " and the asset tools" : ""}.`,
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      query: trimmed(200).optional().describe("name, tag or serial fragment"),
      ...(p.assetMachine ? { status: enumOf(p.assetMachine.statuses).optional() } : {}),
      type_id: idParamOf(p.assetTypeIdKind ?? p.idKind, "asset type id").optional(),
      location_id: idParam(p, "from get_customer").optional(),
      ...pagingParams(p),
      max_pages: maxPagesParam,
      response_format: responseFormat,
    };
  },
  output: (env) => listOutput(env.profile, assetOut(env.profile)),
  async run(args, env, call) {
    const query = { query: args.query, status: args.status, typeId: args.type_id, locationId: args.location_id, perPage: args.per_page, signal: call.signal };
    const data = await gatherPages((page) => env.backend.assets!.search({ ...query, page }), { ...args }, call, (a) => projectAsset(a, args.response_format));
    return { data };
  },
});
