import { z } from "zod";
import { describe } from "../common.js";
import { READ } from "../annotations.js";
import { listResult, projectCustomer } from "../projections.js";
import { customerOut, listOutput, pagingParams, responseFormat } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  query?: string;
  has_locations?: boolean;
  page: number;
  per_page: number;
  response_format: "concise" | "detailed";
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
      `Find ${env.profile.customerNoun}s by name, email or phone; returns ids, names and contact details.`,
      `Start here to get a customer_id for get_customer (${env.profile.jobSite === "address" ? "address, jobs" : "locations"}) or create_job. Similar names are common: confirm with the user when several match.`,
    ]),
  input: (env) => ({
    query: z.string().trim().min(1).max(200).optional().describe("name, email or phone fragment"),
    ...(env.profile.vendor === "fsmnavigator" ? { has_locations: z.boolean().optional() } : {}),
    ...pagingParams(env.profile),
    response_format: responseFormat,
  }),
  output: (env) => listOutput(env.profile, customerOut(env.profile)),
  async run(args, env, call) {
    const page = await env.backend.customers!.search({
      query: args.query,
      hasLocations: args.has_locations,
      page: args.page,
      perPage: args.per_page,
      signal: call.signal,
    });
    return { data: listResult(page, (c) => projectCustomer(c, args.response_format), { ...args }) };
  },
});
