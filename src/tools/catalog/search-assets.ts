import { z } from "zod";
import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe } from "../common.js";
import { listResult, projectAsset } from "../projections.js";
import { assetOut, enumOf, idParam, listOutput, pagingParams, responseFormat, trimmed } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  query?: string;
  status?: string;
  type_id?: Id;
  location_id?: Id;
  page: number;
  per_page: number;
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
    describe(env, "search_assets", ["Find equipment by words of its name, its tag or serial number, or by status, type or location. Returns asset ids for get_asset and the asset tools."]),
  input: (env) => {
    const p = env.profile;
    return {
      query: trimmed(200).optional().describe("name, tag or serial fragment"),
      ...(p.assetMachine ? { status: enumOf(p.assetMachine.statuses).optional() } : {}),
      type_id: idParam(p, "asset type id").optional(),
      location_id: idParam(p, "from get_customer").optional(),
      ...pagingParams(p),
      response_format: responseFormat,
    };
  },
  output: (env) => listOutput(env.profile, assetOut(env.profile)),
  async run(args, env, call) {
    const page = await env.backend.assets!.search({
      query: args.query,
      status: args.status,
      typeId: args.type_id,
      locationId: args.location_id,
      page: args.page,
      perPage: args.per_page,
      signal: call.signal,
    });
    return { data: listResult(page, (a) => projectAsset(a, args.response_format), { ...args }) };
  },
});
