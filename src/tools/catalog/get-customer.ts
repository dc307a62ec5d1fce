import { z } from "zod";
import { describe, orNotFound } from "../common.js";
import { READ } from "../annotations.js";
import { projectCustomer, projectLocation } from "../projections.js";
import { customerOut, idParam, locationOut, responseFormat } from "../schemas.js";
import { defineTool } from "../types.js";
import type { Id } from "../../domain/types.js";

interface Args {
  customer_id: Id;
  response_format: "concise" | "detailed";
}

/** Enough locations for any real customer in one answer; more are reported, not dropped silently. */
const MAX_LOCATIONS = 100;

export default defineTool<Args>({
  name: "get_customer",
  title: "Get customer with locations",
  toolset: "customers",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.customers ? undefined : "this vendor has no customer records"),
  description: (env) =>
    describe(env, "get_customer", [
      `Get one ${env.profile.customerNoun} and its service locations (location ids are what create_job needs).`,
    ]),
  input: (env) => ({
    customer_id: idParam(env.profile, "from search_customers"),
    response_format: responseFormat,
  }),
  output: (env) => ({
    customer: customerOut(env.profile),
    locations: z.array(locationOut(env.profile)),
    locations_total: z.number(),
  }),
  async run(args, env, call) {
    const api = env.backend.customers!;
    const customer = await orNotFound(api.get(args.customer_id, { signal: call.signal }), "customer", args.customer_id, "search_customers");
    const locations = api.listLocations
      ? await api.listLocations(args.customer_id, { perPage: MAX_LOCATIONS, signal: call.signal })
      : { items: customer.locations ?? [], total: customer.locations?.length ?? 0 };
    const { locations: _embedded, ...rest } = customer;
    return {
      data: {
        customer: projectCustomer(rest, args.response_format),
        locations: locations.items.map((l) => projectLocation(l, args.response_format)),
        locations_total: locations.total,
      },
    };
  },
});
