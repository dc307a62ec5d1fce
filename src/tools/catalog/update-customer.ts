import { z } from "zod";
import type { CustomerField, VendorProfile } from "../../domain/backend.js";
import { InvalidArgumentError, StaleRecordError } from "../../domain/errors.js";
import type { Customer, Id } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, listWords, orNotFound, writeData, writeParams } from "../common.js";
import { projectCustomer } from "../projections.js";
import { differing, landed, readBackNotes, type FieldMap } from "../read-back.js";
import { referencesFor } from "../references.js";
import { customerOut, email, idParam, trimmed, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  customer_id: Id;
  name?: string;
  email?: string;
  phone?: string;
  expected_updated_at?: string;
  dry_run: boolean;
}

/** How each field reads on the record. */
const FIELDS: Record<CustomerField, (c: Customer) => unknown> = {
  name: (c) => c.name,
  email: (c) => c.email,
  phone: (c) => c.phone,
};

/** The fields this vendor's update body takes (VendorProfile.customerUpdateFields). */
const offered = (p: VendorProfile): readonly CustomerField[] => p.customerUpdateFields ?? [];

function fieldParam(p: VendorProfile, f: CustomerField) {
  switch (f) {
    case "name":
      return trimmed(200);
    case "email":
      return email(254);
    case "phone":
      return p.phoneFormat ? z.string().regex(p.phoneFormat.pattern, p.phoneFormat.hint) : trimmed(40);
  }
}

export default defineTool<Args>({
  name: "update_customer",
  title: "Update customer details",
  toolset: "customers",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.customers?.update && b.profile.customerUpdateFields?.length ? undefined : "this vendor's API cannot update customers"),
  description: (env) =>
    describe(env, "update_customer", [
      `Correct a ${env.profile.customerNoun}'s ${listWords(offered(env.profile), "or")} (customer_id from search_customers); fields left out stay as they are.`,
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      customer_id: idParam(p, "from search_customers"),
      ...Object.fromEntries(offered(p).map((f) => [f, fieldParam(p, f).optional()])),
      expected_updated_at: z.string().max(40).optional().describe("updated_at from get_customer (detailed)"),
      ...writeParams(),
    };
  },
  output: (env) => ({ ...writeOutput(), customer: customerOut(env.profile).optional() }),
  async run(args, env, call) {
    const names = offered(env.profile);
    const fields: FieldMap<Customer> = Object.fromEntries(names.map((f) => [f, FIELDS[f]]));
    const wanted: Record<string, unknown> = Object.fromEntries(names.map((f) => [f, args[f]]));
    if (!names.some((f) => args[f] !== undefined)) throw new InvalidArgumentError("customer_id", `nothing to change: pass at least one of ${names.join(", ")}`);
    const api = env.backend.customers!;
    const customer = await orNotFound(api.get(args.customer_id, { signal: call.signal }), env.profile.customerNoun, args.customer_id, "search_customers");
    const project = (c: Customer) => projectCustomer(c, "detailed");
    if (args.expected_updated_at && customer.updatedAt && Date.parse(customer.updatedAt) !== Date.parse(args.expected_updated_at)) {
      throw new StaleRecordError(env.profile.customerNoun, customer.id, `updated_at is ${customer.updatedAt}, not ${args.expected_updated_at}`, project(customer));
    }
    const changed = differing(fields, customer, wanted);
    if (!changed.length) {
      return { data: writeData({ outcome: "existing", value: customer, notes: [`${env.profile.customerNoun} ${customer.id} already has these values; nothing was sent.`] }, "customer", project) };
    }
    // Only the fields that differ are sent: a field already so is left to whoever else may be editing it.
    const change = Object.fromEntries(changed.map((k) => [k, wanted[k]])) as { name?: string; email?: string; phone?: string };
    const op = await api.update!(customer, change);
    const report = await executeWrite(
      {
        tool: "update_customer",
        args: { ...args },
        op,
        success: "updated",
        dryRun: args.dry_run,
        idOf: (c) => c.id,
        // After an ambiguous failure: the record holding every asked value means the change landed.
        reconcile: async (ctx) => {
          const now = await api.get(customer.id, ctx);
          return landed(fields, now, wanted, changed) ? now : undefined;
        },
        lookup: { tool: "get_customer", arguments: { customer_id: customer.id } },
        references: [referencesFor(env.backend).known("customer", customer.id)],
      },
      env.safety,
      call,
    );
    const notes = report.value && report.outcome !== "dry_run" ? readBackNotes(fields, customer, report.value, wanted, changed) : [];
    return { data: writeData({ ...report, notes: [...report.notes, ...notes] }, "customer", project) };
  },
});
