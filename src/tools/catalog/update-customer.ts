import { z } from "zod";
import type { AddressInput, CustomerField, UpdateCustomerInput, VendorProfile } from "../../domain/backend.js";
import { InvalidArgumentError, StaleRecordError } from "../../domain/errors.js";
import type { Customer, Id } from "../../domain/types.js";
import { normName, normPhone } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { projectCustomer } from "../projections.js";
import { readBackNotes, type FieldMap } from "../read-back.js";
import { referencesFor } from "../references.js";
import { accountValueParam, addressParam, email, idParam, trimmed, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  customer_id: Id;
  name?: string;
  email?: string;
  phone?: string;
  address?: AddressInput;
  status?: string;
  expected_updated_at?: string;
  dry_run: boolean;
}

/** The fields this vendor's update body takes (VendorProfile.customerUpdateFields); each vendor's profile decides. */
const offered = (p: VendorProfile): readonly CustomerField[] => p.customerUpdateFields ?? [];

function fieldParam(p: VendorProfile, f: CustomerField) {
  switch (f) {
    case "name":
      return trimmed(200);
    case "email":
      return email(254);
    case "phone":
      // A vendor with a documented phone format (FSM Navigator: E.164) gets it; others keep what is typed in their
      // app (JobNimbus keeps free text), and search matches every form of a number.
      if (p.phoneFormat) return z.string().regex(p.phoneFormat.pattern, p.phoneFormat.hint);
      return z.string().max(40).regex(/^\+?[\d\s().-]{7,}$/, "must be a phone number, e.g. +18015550142 or (801) 555-0142");
    case "address":
      return addressParam();
    case "status":
      // The contact's own workflow's statuses, which the account may add to (checked by the backend).
      return accountValueParam([...new Set((p.customerWorkflows ?? []).flatMap((w) => w.statuses))]);
  }
}

/** How the single-valued fields read on the record, for the read-back notes. */
const READ_BACK = {
  name: (c: Customer) => c.name,
  email: (c: Customer) => c.email,
  phone: (c: Customer) => c.phone,
  status: (c: Customer) => c.status,
} as const;

/** Whether the record already holds the asked value (then it is not sent). Addresses are always sent when given. */
function already(c: Customer, f: CustomerField, v: unknown): boolean {
  switch (f) {
    case "name":
      return normName(c.name) === normName(String(v));
    case "email":
      return (c.email ?? "").toLowerCase() === String(v).toLowerCase();
    case "phone":
      return normPhone(c.phone) !== "" && normPhone(c.phone) === normPhone(String(v));
    case "status":
      return (c.status ?? "").toLowerCase() === String(v).toLowerCase();
    default:
      return false;
  }
}

export default defineTool<Args>({
  name: "update_customer",
  title: "Update customer",
  toolset: "customers",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.customers?.update && b.profile.customerUpdateFields?.length ? undefined : "this vendor's API cannot update customers"),
  description: (env) =>
    describe(env, "update_customer", [
      `Correct a ${env.profile.customerNoun}'s details.`,
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      customer_id: idParam(p, "from search_customers"),
      ...Object.fromEntries(offered(p).map((f) => [f, fieldParam(p, f).optional()])),
      expected_updated_at: z.string().max(40).optional().describe("from get_customer (detailed)"),
      ...writeParams(),
    };
  },
  // The record is in every result but left undeclared: its ids are the ones the call took (writeOutput: echoes).
  output: () => writeOutput("change"),
  async run(args, env, call) {
    const names = offered(env.profile);
    if (!names.some((f) => args[f] !== undefined)) throw new InvalidArgumentError("customer_id", `nothing to change: pass at least one of ${names.join(", ")}`);
    const api = env.backend.customers!;
    const customer = await orNotFound(api.get(args.customer_id, { signal: call.signal }), env.profile.customerNoun, args.customer_id, "search_customers");
    const project = (c: Customer) => projectCustomer(c, "detailed");
    if (args.expected_updated_at && customer.updatedAt && Date.parse(customer.updatedAt) !== Date.parse(args.expected_updated_at)) {
      throw new StaleRecordError(env.profile.customerNoun, customer.id, `updated_at is ${customer.updatedAt}, not ${args.expected_updated_at}`, project(customer));
    }
    // Only the fields that differ are sent: a field already so is left to whoever else may be editing it.
    const changed = names.filter((f) => args[f] !== undefined && !already(customer, f, args[f]));
    if (!changed.length) {
      return { data: writeData({ outcome: "existing", value: customer, notes: [`${env.profile.customerNoun} ${customer.id} already has these values; nothing was sent.`] }, "customer", project) };
    }
    const change = Object.fromEntries(changed.map((k) => [k, args[k]])) as UpdateCustomerInput;
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
          return changed.every((f) => f === "address" || already(now, f, args[f])) ? now : undefined;
        },
        lookup: { tool: "get_customer", arguments: { customer_id: customer.id } },
        references: [referencesFor(env.backend).known("customer", customer.id)],
      },
      env.safety,
      call,
    );
    // Read back: a sent field the vendor did not keep, or a field not sent that changed anyway (addresses are
    // shaped differently by each vendor, so only the single-valued fields are compared).
    const scalar: FieldMap<Customer> = Object.fromEntries(names.filter((f) => f in READ_BACK).map((f) => [f, READ_BACK[f as keyof typeof READ_BACK]]));
    const notes = report.value && report.outcome !== "dry_run" ? readBackNotes(scalar, customer, report.value, { ...args }, changed.filter((f) => f in scalar)) : [];
    return { data: writeData({ ...report, notes: [...report.notes, ...notes] }, "customer", project, { previous: project(customer) }) };
  },
});
