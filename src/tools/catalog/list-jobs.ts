import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe } from "../common.js";
import { listResult, projectJob } from "../projections.js";
import { DATETIME, enumOf, idParam, jobOut, listOutput, pagingParams, responseFormat } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  status?: string;
  workflow?: string;
  priority?: string;
  technician_id?: Id;
  location_id?: Id;
  customer_id?: Id;
  created_after?: string;
  created_before?: string;
  updated_since?: string;
  page: number;
  per_page: number;
  response_format: "concise" | "detailed";
}

export default defineTool<Args>({
  name: "list_jobs",
  title: "List jobs",
  toolset: "jobs",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.jobs ? undefined : "this vendor has no jobs"),
  description: (env) => {
    const p = env.profile;
    const filters = [p.jobMachine && "status", p.jobWorkflows && "workflow", p.priorities && "priority", "technician", p.jobSite === "address" ? p.customerNoun : "location"].filter(Boolean);
    return describe(env, "list_jobs", [`List jobs, newest first, filtered by ${filters.join(", ")} or dates. Use get_job for one job's full record.`]);
  },
  input: (env) => {
    const p = env.profile;
    return {
      ...(p.jobMachine ? { status: enumOf(p.jobMachine.statuses).optional() } : {}),
      ...(p.jobWorkflows?.length ? { workflow: enumOf(p.jobWorkflows.map((w) => w.name)).optional() } : {}),
      ...(p.priorities ? { priority: enumOf(p.priorities).optional() } : {}),
      technician_id: idParam(p, "from list_technicians").optional(),
      // Vendors whose jobs carry their own address have no locations: filter by the customer instead.
      ...(p.jobSite === "address" ? { customer_id: idParam(p, "from search_customers").optional() } : { location_id: idParam(p, "from get_customer").optional() }),
      created_after: DATETIME.optional(),
      created_before: DATETIME.optional(),
      updated_since: DATETIME.optional(),
      ...pagingParams(p),
      response_format: responseFormat,
    };
  },
  output: (env) => listOutput(env.profile, jobOut(env.profile)),
  async run(args, env, call) {
    const page = await env.backend.jobs!.list({
      status: args.status,
      workflow: args.workflow,
      priority: args.priority,
      technicianId: args.technician_id,
      locationId: args.location_id,
      customerId: args.customer_id,
      createdAfter: args.created_after,
      createdBefore: args.created_before,
      updatedSince: args.updated_since,
      page: args.page,
      perPage: args.per_page,
      signal: call.signal,
    });
    return { data: listResult(page, (j) => projectJob(j, args.response_format), { ...args }) };
  },
});

