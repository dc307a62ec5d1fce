import { z } from "zod";
import type { AddressInput, Backend, CallContext, VendorProfile } from "../../domain/backend.js";
import type { Customer } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { createdAfter, customerMatch, type CustomerKeys } from "../../safety/matching.js";
import { CREATE } from "../annotations.js";
import { describe, writeData, writeParams } from "../common.js";
import { projectCustomer } from "../projections.js";
import { accountValueParam, addressParam, customerOut, email, salesParams, trimmed, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  name: string;
  email?: string;
  phone?: string;
  company?: string;
  first_name?: string;
  last_name?: string;
  workflow?: string;
  status?: string;
  address?: AddressInput;
  sales_rep_id?: string;
  lead_source?: string;
  allow_duplicate: boolean;
  dry_run: boolean;
  idempotency_key?: string;
}

/** Look for an existing customer by email, then phone, then name (seed 000's "check before create"). */
async function findExisting(
  backend: Backend,
  keys: CustomerKeys,
  ctx: CallContext,
  createdSince?: number,
): Promise<{ customer: Customer; why: string } | undefined> {
  for (const query of [keys.email, keys.phone, keys.name]) {
    if (!query) continue;
    const page = await backend.customers!.search({ query, perPage: 50, signal: ctx.signal });
    for (const c of page.items) {
      if (createdSince !== undefined && !createdAfter(c.createdAt, createdSince)) continue;
      const why = customerMatch(c, keys);
      if (why) return { customer: c, why };
    }
  }
  return undefined;
}

/**
 * Vendors whose customers carry an account-defined workflow status (JobNimbus contacts): the workflow and
 * status enums are the account's, plus the name parts and address such records hold.
 */
function workflowParams(p: VendorProfile) {
  const workflows = p.customerWorkflows;
  if (!workflows?.length) return {};
  const statuses = [...new Set(workflows.flatMap((w) => w.statuses))];
  return {
    company: trimmed(200).optional(),
    first_name: trimmed(100).optional(),
    last_name: trimmed(100).optional(),
    workflow: accountValueParam(workflows.map((w) => w.name)).default(workflows[0]!.name),
    status: accountValueParam(statuses).optional(),
    ...(p.jobSite === "address" ? { address: addressParam().optional() } : {}),
  };
}

export default defineTool<Args>({
  name: "create_customer",
  title: "Create customer",
  toolset: "customers",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.customers?.create ? undefined : "this vendor's API cannot create customers"),
  description: (env) =>
    describe(env, "create_customer", [
      `Create a ${env.profile.customerNoun}; duplicates: same email, phone or name.`,
      ...(env.profile.jobSite === "address" ? ["Then create its jobs with create_job (customer_id); they take the contact's address unless given another."] : []),
    ]),
  input: (env) => ({
    name: trimmed(200),
    email: email(254).optional(),
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164, e.g. +15551234567").optional(),
    ...workflowParams(env.profile),
    ...salesParams(env.profile),
    allow_duplicate: z.boolean().default(false),
    ...writeParams({ create: true }),
  }),
  output: (env) => ({ ...writeOutput("create"), customer: customerOut(env.profile).optional() }),
  async run(args, env, call) {
    const keys = { name: args.name, email: args.email, phone: args.phone };
    const op = await env.backend.customers!.create!({
      name: args.name,
      email: args.email,
      phone: args.phone,
      company: args.company,
      firstName: args.first_name,
      lastName: args.last_name,
      workflow: args.workflow,
      status: args.status,
      address: args.address,
      salesRepId: args.sales_rep_id,
      leadSource: args.lead_source,
    });
    const startedAt = Date.now();
    const report = await executeWrite(
      {
        tool: "create_customer",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (c) => c.id,
        fetch: (id, ctx) => env.backend.customers!.get(id, ctx),
        // Only a customer created since this call started can be the one it made.
        reconcile: async (ctx) => (await findExisting(env.backend, keys, ctx, startedAt))?.customer,
        lookup: { tool: "search_customers", arguments: { query: args.email ?? args.phone ?? args.name } },
        preflight: args.allow_duplicate
          ? undefined
          : async (ctx) => {
              const existing = await findExisting(env.backend, keys, ctx);
              return existing && { value: existing.customer, note: `A customer with the ${existing.why} already exists; nothing was created. Pass allow_duplicate: true to create another.` };
            },
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "customer", (c) => projectCustomer(c)) };
  },
});
