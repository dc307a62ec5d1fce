import { z } from "zod";
import { describe, orNotFound } from "../common.js";
import { READ } from "../annotations.js";
import { projectActivity, projectCustomer, projectJob, projectLocation, prune } from "../projections.js";
import { cleanText } from "../text.js";
import { customerOut, idParam, jobOut, locationOut, responseFormat } from "../schemas.js";
import { defineTool, type ToolEnv } from "../types.js";
import type { Id, JobTask } from "../../domain/types.js";

interface Args {
  customer_id: Id;
  response_format: "concise" | "detailed";
}

/** Enough locations for any real customer in one answer; more are reported, not dropped silently. */
const MAX_LOCATIONS = 100;
/** A contact's most recent jobs, for vendors without locations. */
const MAX_JOBS = 20;
/** Open tasks shown with a customer (inspections, meetings, install days on its jobs), soonest first. */
const MAX_TASKS = 10;
const projectTaskRow = (t: JobTask) => prune({ id: t.id, description: cleanText(t.description, 200), type: t.type, due_at: t.dueAt, assignee: cleanText(t.assignee, 120) });

/** Activity entries shown with a customer: the latest few, more in detailed mode. */
const RECENT_ACTIVITY = { concise: 5, detailed: 20 } as const;

/** Vendors whose jobs carry their own address have no locations: the customer's jobs take their place. */
const withJobs = (env: ToolEnv) => env.profile.jobSite === "address";

export default defineTool<Args>({
  name: "get_customer",
  title: (env) => (withJobs(env) ? "Get customer with jobs" : "Get customer with locations"),
  toolset: "customers",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.customers ? undefined : "this vendor has no customer records"),
  description: (env) =>
    describe(env, "get_customer", [
      withJobs(env)
        ? `Get one ${env.profile.customerNoun} (contact details, workflow status, address), its most recent jobs (ids for get_job)${env.backend.customers?.listActivity ? ", open tasks and latest activity (notes, status changes)" : ""}.`
        : `Get one ${env.profile.customerNoun} and its service locations.`,
    ]),
  input: (env) => ({
    customer_id: idParam(env.profile, "from search_customers"),
    response_format: responseFormat,
  }),
  output: (env): z.ZodRawShape =>
    withJobs(env)
      ? { customer: customerOut(env.profile), jobs: z.array(jobOut(env.profile)), jobs_total: z.number() }
      : {
          customer: customerOut(env.profile),
          locations: z.array(locationOut(env.profile)),
        },
  async run(args, env, call) {
    const api = env.backend.customers!;
    const customer = await orNotFound(api.get(args.customer_id, { signal: call.signal }), "customer", args.customer_id, "search_customers");
    if (withJobs(env) && env.backend.jobs) {
      const jobs = await env.backend.jobs.list({ customerId: customer.id, perPage: MAX_JOBS, signal: call.signal });
      const activity = api.listActivity ? await api.listActivity(customer.id, { perPage: RECENT_ACTIVITY[args.response_format], signal: call.signal }) : undefined;
      const tasks = api.listTasks ? await api.listTasks(customer.id, { signal: call.signal }) : undefined;
      return {
        data: {
          customer: projectCustomer(customer, args.response_format),
          jobs: jobs.items.map((j) => projectJob(j, "concise")),
          jobs_total: jobs.total,
          ...(tasks ? { tasks: tasks.filter((t) => t.status !== env.profile.taskMachine?.terminal[0]).slice(0, MAX_TASKS).map(projectTaskRow), open_tasks: tasks.filter((t) => t.status !== env.profile.taskMachine?.terminal[0]).length } : {}),
          ...(activity ? { recent_activity: activity.items.map(projectActivity), activity_total: activity.total } : {}),
        },
      };
    }
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
