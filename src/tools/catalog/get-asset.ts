import { z } from "zod";
import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe, listWords, orNotFound } from "../common.js";
import { projectAsset, projectServiceRecord } from "../projections.js";
import { assetOut, atLeastOne, idParam, IMPLIED_DEFAULT, responseFormat } from "../schemas.js";
import { defineTool, type ToolEnv } from "../types.js";

/** What get_asset shows for this vendor, from what its profile and backend have. */
function assetParts(env: ToolEnv): string[] {
  const a = env.backend.assets;
  return [
    env.profile.assetMachine ? "allowed next statuses" : "type",
    "location",
    ...(a?.recordMeterReading && !env.profile.unsupported.record_meter_reading ? ["meters"] : []),
    ...(a?.serviceHistory ? ["its service history, newest first (service_page for older)"] : ["its details"]),
  ];
}

interface Args {
  asset_id: Id;
  service_page?: number;
  response_format: "concise" | "detailed";
}

/** Service records per page: the first page answers "what was done lately", later pages the full history. */
const SERVICE_PER_PAGE = 10;

export default defineTool<Args>({
  name: "get_asset",
  title: "Get asset",
  toolset: "assets",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.assets ? undefined : "this vendor has no asset records"),
  description: (env) =>
    describe(env, "get_asset", [`Get one asset: ${listWords(assetParts(env), "and")}.`]),
  input: (env) => ({
    asset_id: idParam(env.profile, "from search_assets"),
    ...(env.backend.assets?.serviceHistory ? { service_page: z.number().int().refine(atLeastOne, "must be 1 or more").refine((v) => v <= 10_000, "must be at most 10000").default(1).meta(IMPLIED_DEFAULT) } : {}),
    response_format: responseFormat,
  }),
  // recent_service and service_total are in every result too; no tool takes a service record's id, so they are
  // left undeclared (output schemas cost tokens in every tools/list). The next page's arguments are declared:
  // an assistant chains on them.
  output: (env) => ({
    asset: assetOut(env.profile),
    ...(env.backend.assets?.serviceHistory ? { service_next_page: z.record(z.string(), z.unknown()).nullable().optional() } : {}),
  }),
  async run(args, env, call) {
    const api = env.backend.assets!;
    const asset = await orNotFound(api.get(args.asset_id, { signal: call.signal }), "asset", args.asset_id, "search_assets");
    const page = args.service_page ?? 1;
    const history = api.serviceHistory ? await api.serviceHistory(asset.id, { page, perPage: SERVICE_PER_PAGE, signal: call.signal }) : undefined;
    const shown = (page - 1) * SERVICE_PER_PAGE + (history?.items.length ?? 0);
    return {
      data: {
        asset: projectAsset(asset, args.response_format, env.profile.assetMachine),
        recent_service: (history?.items ?? []).map((s) => projectServiceRecord(s, args.response_format)),
        service_total: history?.total ?? 0,
        // The exact arguments for older records, as list tools give next_page.
        ...(history ? { service_next_page: history.items.length > 0 && shown < history.total ? { ...args, asset_id: asset.id, service_page: page + 1 } : null } : {}),
      },
    };
  },
});
