import { z } from "zod";
import type { Id, StockLevel } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe } from "../common.js";
import { gatherPages, maxPagesParam } from "../pages.js";
import { prune } from "../projections.js";
import { idOut, idParam, listOutput, pagingParams, responseFormat, trimmed } from "../schemas.js";
import { cleanText } from "../text.js";
import { defineTool } from "../types.js";

interface Args {
  location_id?: Id;
  store_id?: Id;
  query?: string;
  low_only: boolean;
  page: number;
  per_page: number;
  max_pages: number;
  response_format: "concise" | "detailed";
}

function projectStock(s: StockLevel, format: "concise" | "detailed"): Record<string, unknown> {
  const low = s.quantity !== null && s.quantity !== undefined && s.minimum !== null && s.minimum !== undefined && s.quantity <= s.minimum;
  return prune({
    id: s.id,
    store: s.storeName,
    part_number: s.partNumber,
    description: cleanText(s.description, 200),
    quantity: s.quantity,
    minimum: s.minimum,
    low,
    ...(format === "detailed" ? { store_id: s.storeId, location_id: s.locationId, stock_type: s.stockType } : {}),
  });
}

export default defineTool<Args>({
  name: "list_stock",
  title: "Check stock",
  toolset: "stock",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.stock ? undefined : "this vendor keeps no stock records"),
  description: (env) =>
    describe(env, "list_stock", [`What the stores hold: quantities of parts by ${env.profile.customerNoun} or store, with low flagged at or below the minimum.`]),
  input: (env) => ({
    location_id: idParam(env.profile, "from search_customers").optional(),
    store_id: idParam(env.profile, "store_id of a detailed result").optional(),
    query: trimmed(200).optional().describe("words of the part or its part number"),
    low_only: z.boolean().default(false),
    ...pagingParams(env.profile),
    max_pages: maxPagesParam,
    response_format: responseFormat,
  }),
  output: (env) => listOutput(env.profile, z.looseObject({ id: idOut(env.profile) })),
  async run(args, env, call) {
    const query = { locationId: args.location_id, storeId: args.store_id, query: args.query, lowOnly: args.low_only, perPage: args.per_page, signal: call.signal };
    const data = await gatherPages((page) => env.backend.stock!.levels({ ...query, page }), { ...args }, call, (s) => projectStock(s, args.response_format));
    return { data };
  },
});
