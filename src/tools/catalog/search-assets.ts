import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe, listWords } from "../common.js";
import { gatherPages, maxPagesParam } from "../pages.js";
import { projectAsset } from "../projections.js";
import { assetOut, enumOf, idParam, idParamOf, listOutput, pagingParams, responseFormat, trimmed } from "../schemas.js";
import { defineTool } from "../types.js";

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
      `Find equipment by ${env.profile.assetSearchBy ?? "name, tag or serial number"}, ${listWords([...(env.profile.assetMachine ? ["status"] : []), "type", "location"])}.`,
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
