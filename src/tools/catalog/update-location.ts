import { z } from "zod";
import type { UpdateLocationInput } from "../../domain/backend.js";
import { InvalidArgumentError, NotFoundError, StaleRecordError } from "../../domain/errors.js";
import type { Id, Location } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { projectLocation } from "../projections.js";
import { differing, landed, readBackNotes, type FieldMap } from "../read-back.js";
import { referencesFor } from "../references.js";
import { email, idParam, trimmed, text, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  customer_id: Id;
  location_id: Id;
  name?: string;
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  contact_email?: string;
  notes?: string;
  expected_updated_at?: string;
  dry_run: boolean;
}

/** Argument → how it reads on the location, and its name in UpdateLocationInput. */
const FIELDS: FieldMap<Location> = {
  name: (l) => l.name,
  street: (l) => l.street,
  city: (l) => l.city,
  state: (l) => l.state,
  zip: (l) => l.zip,
  contact_email: (l) => l.contactEmail,
  notes: (l) => l.notes,
};
const INPUT_KEY: Record<string, keyof UpdateLocationInput> = { contact_email: "contactEmail" };

export default defineTool<Args>({
  name: "update_location",
  title: "Update location",
  toolset: "customers",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.customers?.updateLocation && b.customers.findLocation ? undefined : "this vendor's API cannot update customer locations"),
  description: (env) =>
    describe(env, "update_location", [
      "Correct a service location.",
    ]),
  input: (env) => ({
    customer_id: idParam(env.profile, "from search_customers"),
    location_id: idParam(env.profile, "from get_customer"),
    name: trimmed(200).optional(),
    street: trimmed(200).optional(),
    city: trimmed(100).optional(),
    state: z.string().regex(/^[A-Z]{2}$/, "2-letter state code, e.g. IL").optional(),
    zip: z.string().regex(/^\d{5}(-?\d{4})?$/, "5 or 9 digit ZIP").optional(),
    contact_email: email().optional(),
    notes: text(1000).optional(),
    expected_updated_at: z.string().max(40).optional().describe("from get_customer (detailed)"),
    ...writeParams(),
  }),
  // The record is in every result but left undeclared: its ids are the ones the call took (writeOutput: echoes).
  output: () => writeOutput("change"),
  async run(args, env, call) {
    const names = Object.keys(FIELDS);
    const wanted: Record<string, unknown> = Object.fromEntries(names.map((k) => [k, args[k as keyof Args]]));
    if (!names.some((k) => wanted[k] !== undefined)) throw new InvalidArgumentError("location_id", `nothing to change: pass at least one of ${names.join(", ")}`);
    const api = env.backend.customers!;
    const found = await orNotFound(api.findLocation!(args.customer_id, args.location_id, { signal: call.signal }), env.profile.customerNoun, args.customer_id, "search_customers");
    if (!found) throw new NotFoundError(`location of customer ${args.customer_id}`, args.location_id, "get_customer");
    const location: Location = { ...found, customerId: args.customer_id };
    const project = (l: Location) => projectLocation(l, "detailed");
    if (args.expected_updated_at && location.updatedAt && Date.parse(location.updatedAt) !== Date.parse(args.expected_updated_at)) {
      throw new StaleRecordError("location", location.id, `updated_at is ${location.updatedAt}, not ${args.expected_updated_at}`, project(location));
    }
    const changed = differing(FIELDS, location, wanted);
    if (!changed.length) {
      return { data: writeData({ outcome: "existing", value: location, notes: [`Location ${location.id} already has these values; nothing was sent.`] }, "location", project) };
    }
    // Only the fields that differ are sent; "" clears notes, which the vendor stores as empty.
    const change: UpdateLocationInput = Object.fromEntries(changed.map((k) => [INPUT_KEY[k] ?? k, wanted[k]]));
    const op = await api.updateLocation!(location, change);
    const report = await executeWrite(
      {
        tool: "update_location",
        args: { ...args },
        op,
        success: "updated",
        dryRun: args.dry_run,
        idOf: (l) => l.id,
        reconcile: async (ctx) => {
          const now = await api.findLocation!(args.customer_id, location.id, ctx);
          return now && landed(FIELDS, now, wanted, changed) ? { ...now, customerId: args.customer_id } : undefined;
        },
        lookup: { tool: "get_customer", arguments: { customer_id: args.customer_id } },
        references: [referencesFor(env.backend).known("location", location.id)],
      },
      env.safety,
      call,
    );
    const notes = report.value && report.outcome !== "dry_run" ? readBackNotes(FIELDS, location, report.value, wanted, changed) : [];
    return { data: writeData({ ...report, notes: [...report.notes, ...notes] }, "location", project) };
  },
});
