import type { Asset, Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe } from "../common.js";
import { gatherPages, maxPagesParam } from "../pages.js";
import { lookupLimit, lookupList } from "../lookup-list.js";
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
      'Find equipment by a phrase ("boiler at Parkside", a tag or serial).',
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      query: trimmed(200).optional(),
      ...(p.assetMachine ? { status: enumOf(p.assetMachine.statuses).optional() } : {}),
      type_id: idParamOf(p.assetTypeIdKind ?? p.idKind, "from get_asset").optional(),
      location_id: idParam(p, "from get_customer").optional(),
      ...pagingParams(p),
      max_pages: maxPagesParam,
      response_format: responseFormat,
    };
  },
  output: (env) => listOutput(env.profile, assetOut(env.profile)),
  async run(args, env, call) {
    if (args.query && env.lookup?.kinds.has("asset")) {
      // The phrase goes to the local index; the exact filters narrow what it found.
      const answer = await env.lookup.search<Asset>("asset", args.query, {
        call,
        limit: lookupLimit(args),
        filter: (a) =>
          (args.status === undefined || a.status === args.status) &&
          (args.type_id === undefined || String(a.typeId) === String(args.type_id)) &&
          (args.location_id === undefined || String(a.locationId) === String(args.location_id)),
      });
      return { data: lookupList(answer, (a) => projectAsset(a, args.response_format), { ...args }) };
    }
    const query = { query: args.query, status: args.status, typeId: args.type_id, locationId: args.location_id, perPage: args.per_page, signal: call.signal };
    const data = await gatherPages((page) => env.backend.assets!.search({ ...query, page }), { ...args }, call, (a) => projectAsset(a, args.response_format));
    return { data };
  },
});
