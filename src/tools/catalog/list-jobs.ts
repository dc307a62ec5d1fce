import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe } from "../common.js";
import { gatherPages, maxPagesParam } from "../pages.js";
import { projectJob } from "../projections.js";
import { DATETIME, enumOf, idParam, jobOut, jobStatusParam, listOutput, pagingParams, responseFormat } from "../schemas.js";
import { defineTool } from "../types.js";
import type { JobFilter, VendorProfile } from "../../domain/backend.js";

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
  max_pages: number;
  response_format: "concise" | "detailed";
}

/** Whether list_jobs offers a filter for this vendor (all of them unless the profile lists some). */
function filters(p: VendorProfile, f: JobFilter): boolean {
  return !p.jobFilters || p.jobFilters.includes(f);
}

export default defineTool<Args>({
  name: "list_jobs",
  title: "List jobs",
  toolset: "jobs",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.jobs ? undefined : "this vendor has no jobs"),
  description: (env) =>
    describe(env, "list_jobs", ["List jobs, newest first; get_job has one job's full record."]),
  input: (env) => {
    const p = env.profile;
    return {
      ...(p.jobMachine ? { status: jobStatusParam(p).optional() } : {}),
      ...(p.jobWorkflows?.length ? { workflow: enumOf(p.jobWorkflows.map((w) => w.name)).optional() } : {}),
      ...(p.priorities ? { priority: enumOf(p.priorities).optional() } : {}),
      ...(filters(p, "technician") ? { technician_id: idParam(p, "from list_technicians").optional() } : {}),
      // Vendors whose jobs carry their own address have no locations: filter by the customer instead.
      ...(filters(p, "location")
        ? p.jobSite === "address"
          ? { customer_id: idParam(p, "from search_customers").optional() }
          : { location_id: idParam(p, "from get_customer").optional() }
        : {}),
      ...(filters(p, "created") ? { created_after: DATETIME.optional(), created_before: DATETIME.optional() } : {}),
      ...(filters(p, "updated") ? { updated_since: DATETIME.optional() } : {}),
      ...pagingParams(p),
      max_pages: maxPagesParam,
      response_format: responseFormat,
    };
  },
  output: (env) => listOutput(env.profile, jobOut(env.profile)),
  async run(args, env, call) {
    const query = {
      status: args.status,
      workflow: args.workflow,
      priority: args.priority,
      technicianId: args.technician_id,
      locationId: args.location_id,
      customerId: args.customer_id,
      createdAfter: args.created_after,
      createdBefore: args.created_before,
      updatedSince: args.updated_since,
      perPage: args.per_page,
      signal: call.signal,
    };
    const data = await gatherPages((page) => env.backend.jobs!.list({ ...query, page }), { ...args }, call, (j) => projectJob(j, args.response_format));
    return { data };
  },
});
