import type { Id, Job } from "../../domain/types.js";
import { lookupLimit, lookupList } from "../lookup-list.js";
import { READ } from "../annotations.js";
import { describe } from "../common.js";
import { gatherPages, maxPagesParam } from "../pages.js";
import { projectJob } from "../projections.js";
import { accountValueParam, DATETIME, enumOf, idParam, jobOut, jobStatusParam, listOutput, pagingParams, responseFormat, trimmed } from "../schemas.js";
import { defineTool, type ToolEnv } from "../types.js";
import { InvalidArgumentError } from "../../domain/errors.js";
import type { JobFilter, VendorProfile } from "../../domain/backend.js";

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
  return f === "query" ? Boolean(p.jobFilters?.includes(f)) : !p.jobFilters || p.jobFilters.includes(f);
}

/** What `query` matches: the profile's words, or (a vendor whose filters list "query") number, name or street address. */
function searchBy(p: VendorProfile): string | undefined {
  return p.jobSearchBy ?? (filters(p, "query") ? 'a job number, or words of its name or street address ("1042", "Hendricks roof", "4410 Quebec")' : undefined);
}

export default defineTool<Args>({
  name: "list_jobs",
  title: "List jobs",
  toolset: "jobs",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.jobs ? undefined : "this vendor has no jobs"),
  description: (env) =>
    describe(env, "list_jobs", ['List jobs newest first, or find them by a phrase ("overdue jobs at Parkside").']),
  input: (env) => {
    const p = env.profile;
    return {
      query: trimmed(200).optional(),
      ...(p.jobMachine ? { status: jobStatusParam(p).optional() } : {}),
      ...(p.jobWorkflows?.length ? { workflow: accountValueParam(p.jobWorkflows.map((w) => w.name)).optional() } : {}),
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
    const account = env.profile.jobWorkflows ? await accountFilters(env, args, call) : {};
    if (args.query && env.lookup?.kinds.has("job")) {
      const filtered = { ...args, status: account.status ?? args.status, workflow: account.workflow ?? args.workflow };
      const answer = await env.lookup.search<Job>("job", args.query, { call, limit: lookupLimit(args), filter: (j) => jobFilter(j, filtered) });
      return { data: lookupList(answer, (j) => projectJob(j, args.response_format), { ...args }) };
    }
    // Without a job index (a key that cannot list jobs in full), a phrase goes to the vendor's own job search
    // where it has one, and is refused where it has none rather than silently ignored.
    if (args.query && !searchBy(env.profile)) {
      throw new InvalidArgumentError("query", `${env.profile.displayName} has no job search and no job index is kept for this key: use the exact filters instead`);
    }
    const query = {
      query: args.query,
      status: account.status ?? args.status,
      workflow: account.workflow ?? args.workflow,
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

/**
 * Account-defined status and workflow filters (text, see accountValueParam): the account's spelling of each, the
 * settings read again once before one is refused, so a status added since startup filters rather than fails.
 */
async function accountFilters(env: ToolEnv, args: { status?: string; workflow?: string }, call: { signal?: AbortSignal }): Promise<{ status?: string; workflow?: string }> {
  const lookup = () => {
    const p = env.backend.profile;
    const status = args.status === undefined ? undefined : p.jobMachine?.statuses.find((s) => s.toLowerCase() === args.status!.toLowerCase());
    const workflow = args.workflow === undefined ? undefined : p.jobWorkflows?.find((w) => w.name.toLowerCase() === args.workflow!.toLowerCase())?.name;
    return { status, workflow, missing: (args.status !== undefined && !status) || (args.workflow !== undefined && !workflow) };
  };
  let found = lookup();
  if (found.missing && (await env.backend.jobs?.refreshMachines?.(call).catch(() => false))) found = lookup();
  const p = env.backend.profile;
  if (args.status !== undefined && !found.status) throw new InvalidArgumentError("status", `"${args.status}" is not a job status of this account`, p.jobMachine?.statuses ?? []);
  if (args.workflow !== undefined && !found.workflow) throw new InvalidArgumentError("workflow", `"${args.workflow}" is not a job workflow of this account`, p.jobWorkflows?.map((w) => w.name) ?? []);
  return { status: found.status, workflow: found.workflow };
}

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
