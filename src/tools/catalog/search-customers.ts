import { z } from "zod";
import { describe } from "../common.js";
import { READ } from "../annotations.js";
import { gatherPages, maxPagesParam } from "../pages.js";
import { lookupLimit, lookupList } from "../lookup-list.js";
import type { Customer } from "../../domain/types.js";
import { projectCustomer } from "../projections.js";
import { customerOut, listOutput, pagingParams, responseFormat, trimmed } from "../schemas.js";
import { defineTool } from "../types.js";
import type { VendorProfile } from "../../domain/backend.js";
import { listWords } from "../common.js";

interface Args {
  query?: string;
  has_locations?: boolean;
  region?: string;
  code?: string;
  page: number;
  per_page: number;
  max_pages: number;
  response_format: "concise" | "detailed";
}

/** What a phrase matches, plus the exact filters, in words: "name, email or phone, site, street or city (...)". */
function searchBy(p: VendorProfile): string {
  const s = p.customerSearch;
  // One example phrase, not the vocabulary: the index matches names, sites, streets, cities, emails and phones.
  const words = `a phrase ("Acme on Elm St")`;
  return s?.filters?.length ? `${words}, or by exact ${listWords([...s.filters])}` : words;
}

/** The exact-code filter: free text, or the vendor's code shape (a TrackplanFM site code is a number, and the vendor refuses any other filter value). */
function codeParam(p: VendorProfile) {
  const shape = p.customerSearch?.code;
  const text = shape ? z.string().regex(shape.pattern, `must be ${shape.hint}`) : trimmed(50);
  return text.optional().describe(`exact ${p.customerNoun} code${shape ? ` (${shape.hint})` : ""}`);
}

export default defineTool<Args>({
  name: "search_customers",
  title: "Search customers",
  toolset: "customers",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.customers ? undefined : "this vendor has no customer records"),
  description: (env) =>
    describe(env, "search_customers", [
      `Find ${env.profile.customerNoun}s by ${searchBy(env.profile)}.`,
    ]),
  input: (env) => ({
    query: trimmed(200).optional(),
    ...(env.profile.vendor === "fsmnavigator" ? { has_locations: z.boolean().optional() } : {}),
    ...(env.profile.customerSearch?.filters?.includes("region") ? { region: trimmed(100).optional().describe("exact region name") } : {}),
    ...(env.profile.customerSearch?.filters?.includes("code") ? { code: codeParam(env.profile) } : {}),
    ...pagingParams(env.profile),
    max_pages: maxPagesParam,
    response_format: responseFormat,
  }),
  output: (env) => listOutput(env.profile, customerOut(env.profile)),
  async run(args, env, call) {
    // has_locations needs the vendor's own filter; every other search goes to the local index.
    if (args.query && args.has_locations === undefined && env.lookup?.kinds.has("customer")) {
      const answer = await env.lookup.search<Customer>("customer", args.query, {
        call,
        limit: lookupLimit(args),
        filter: (c) => (args.region === undefined || c.region === args.region) && (args.code === undefined || c.code === args.code),
      });
      return { data: lookupList(answer, (c) => projectCustomer(c, args.response_format), { ...args }) };
    }
    const query = {
      query: args.query,
      hasLocations: args.has_locations,
      region: args.region,
      code: args.code,
      perPage: args.per_page,
      signal: call.signal,
    };
    const data = await gatherPages((page) => env.backend.customers!.search({ ...query, page }), { ...args }, call, (c) => projectCustomer(c, args.response_format));
    return { data };
  },
});
