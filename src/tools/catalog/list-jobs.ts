import type { Id, Job } from "../../domain/types.js";
import { lookupList } from "../lookup-list.js";
import { READ } from "../annotations.js";
import { describe } from "../common.js";
import { gatherPages, maxPagesParam } from "../pages.js";
import { projectJob } from "../projections.js";
import { DATETIME, enumOf, idParam, jobOut, jobStatusParam, listOutput, pagingParams, responseFormat, trimmed } from "../schemas.js";
import { defineTool } from "../types.js";
import type { JobFilter, VendorProfile } from "../../domain/backend.js";
import { listWords } from "../common.js";

interface Args {
  query?: string;
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

function filterWords(p: VendorProfile): string[] {
  return [
    ...(p.jobMachine ? ["status"] : []),
    ...(p.jobWorkflows ? ["workflow"] : []),
    ...(p.priorities ? ["priority"] : []),
    ...(filters(p, "technician") ? ["technician"] : []),
    ...(filters(p, "location") ? [p.jobSite === "address" ? p.customerNoun : "location"] : []),
    ...(filters(p, "created") || filters(p, "updated") ? ["dates"] : []),
  ];
}

export default defineTool<Args>({
  name: "list_jobs",
  title: "List jobs",
  toolset: "jobs",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.jobs ? undefined : "this vendor has no jobs"),
  description: (env) =>
    describe(env, "list_jobs", [
      `List jobs newest first, filtered by ${listWords(filterWords(env.profile))}, or find them by a phrase ("overdue jobs at Parkside"), ranked with why each matched. Use get_job for one job's full record.`,
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      query: trimmed(200).optional().describe("words: customer, site, title, technician, status, time (this week, overdue)"),
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
    if (args.query && env.lookup?.kinds.has("job")) {
      const answer = await env.lookup.search<Job>("job", args.query, { call, filter: (j) => jobFilter(j, args) });
      return { data: lookupList(answer, (j) => projectJob(j, args.response_format), { ...args }) };
    }
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

/** list_jobs' exact filters, applied to the jobs a phrase found (the same meaning the vendor gives them). */
function jobFilter(j: Job, a: Args): boolean {
  const same = (x: unknown, y: unknown) => y === undefined || String(x) === String(y);
  const at = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
  return (
    (a.status === undefined || j.status === a.status) &&
    (a.workflow === undefined || j.workflow === a.workflow) &&
    (a.priority === undefined || j.priority === a.priority) &&
    same(j.technicianId, a.technician_id) &&
    same(j.locationId, a.location_id) &&
    same(j.customerId, a.customer_id) &&
    (a.created_after === undefined || at(j.createdAt) >= Date.parse(a.created_after)) &&
    (a.created_before === undefined || at(j.createdAt) <= Date.parse(a.created_before)) &&
    (a.updated_since === undefined || at(j.updatedAt ?? j.createdAt) >= Date.parse(a.updated_since))
  );
}
