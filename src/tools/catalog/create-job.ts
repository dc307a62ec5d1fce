import { z } from "zod";
import type { AddressInput, Backend, CallContext, JobCreateInput, VendorProfile } from "../../domain/backend.js";
import { InvalidArgumentError } from "../../domain/errors.js";
import type { Id, Job } from "../../domain/types.js";
import { createdAfter, jobMatches } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { projectJob } from "../projections.js";
import { projectJobFor } from "../targets.js";
import { accountValueParam, addressParam, assetIdsParam, salesParams, DATETIME, enumOf, idParam, jobOut, trimmed, text, writeOutput } from "../schemas.js";
import { defineTool, type ToolEnv } from "../types.js";

interface Args {
  title: string;
  location_id?: Id;
  customer_id?: Id;
  workflow?: string;
  status?: string;
  address?: AddressInput;
  description?: string;
  priority?: string;
  technician_id?: Id;
  scheduled_start?: string;
  scheduled_end?: string;
  asset_ids?: Id[];
  relationship_type?: string;
  sales_rep_id?: Id;
  lead_source?: string;
  allow_duplicate: boolean;
  dry_run: boolean;
  idempotency_key?: string;
}

/** Duplicate window: an open job with the same title at the same location within this span is "the same job". */
const RECENT_MS = 7 * 24 * 3600 * 1000;

/** Where a job is: at a location (location_id), or, for vendors whose jobs carry an address, for a customer (customer_id). */
type Site = { locationId: Id; customerId?: undefined } | { customerId: Id; locationId?: undefined };

const byAddress = (p: VendorProfile) => p.jobSite === "address";

/** A job still open: not in a terminal status, nor in a status its workflow marks as closing it. */
function isOpen(backend: Backend, j: Job): boolean {
  const closed = backend.profile.jobWorkflows?.find((w) => w.name === j.workflow)?.closed ?? [];
  return !backend.jobs!.machineFor(j).terminal.includes(j.status) && !closed.includes(j.status);
}

/** Every job with this title at this site created since `since` (the reconcile lookup: all of them, so the ones known before sending can be told apart). */
async function sameJobs(backend: Backend, title: string, site: Site, since: number, ctx: CallContext, openOnly: boolean): Promise<Job[]> {
  const jobs = backend.jobs!;
  const page = await jobs.list({ ...site, createdAfter: new Date(since - 120_000).toISOString(), perPage: 100, signal: ctx.signal });
  return page.items.filter(
    (j) =>
      jobMatches(j, title, site.locationId) &&
      (site.customerId === undefined || String(j.customerId) === String(site.customerId)) &&
      createdAfter(j.createdAt, since) &&
      (!openOnly || isOpen(backend, j)),
  );
}

async function findSameJob(backend: Backend, title: string, site: Site, since: number, ctx: CallContext, openOnly: boolean): Promise<Job | undefined> {
  return (await sameJobs(backend, title, site, since, ctx, openOnly))[0];
}

/** Whether create_job offers an optional input for this vendor (all of them unless the profile lists some). */
function accepts(p: VendorProfile, input: JobCreateInput): boolean {
  return !p.jobCreateInputs || p.jobCreateInputs.includes(input);
}

/** The job's placement parameters: a location id, or a customer, a workflow and status, and an address. */
function siteParams(p: VendorProfile): z.ZodRawShape {
  if (!byAddress(p)) return { location_id: idParam(p, "from get_customer") };
  const workflows = p.jobWorkflows ?? [];
  return {
    customer_id: idParam(p, "from search_customers"),
    ...(workflows.length && p.jobMachine
      ? {
          workflow: accountValueParam(workflows.map((w) => w.name)),
          status: accountValueParam(p.jobMachine.statuses).optional(),
        }
      : {}),
    address: addressParam().optional().describe("default: the customer's address"),
  };
}

export default defineTool<Args>({
  name: "create_job",
  title: "Create job",
  toolset: "jobs",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.jobs?.create ? undefined : "this vendor's API cannot create jobs"),
  description: (env: ToolEnv) =>
    describe(
      env,
      "create_job",
      byAddress(env.profile)
        ? [
            `Create a job for a ${env.profile.customerNoun} in one of the account's job workflows, at the ${env.profile.customerNoun}'s address unless another is given; it starts in the given status, else the workflow's first.`,
            `Duplicates: an open job with the same title for that ${env.profile.customerNoun} from the last 7 days.`,
          ]
        : [
            `Create a job at a customer location${env.profile.jobMachine ? `; it starts ${env.profile.jobMachine.statuses[0]}` : ""}.`,
            "Duplicates: an open job with the same title there from the last 7 days.",
          ],
    ),
  input: (env) => {
    const p = env.profile;
    return {
      title: trimmed(200),
      ...siteParams(p),
      description: text(5000).optional(),
      ...(p.priorities ? { priority: enumOf(p.priorities).default(p.defaultPriority ?? p.priorities[0]!) } : {}),
      ...(accepts(p, "technician") ? { technician_id: idParam(p, "from list_technicians").optional() } : {}),
      ...(accepts(p, "schedule") ? { scheduled_start: DATETIME.optional(), scheduled_end: DATETIME.optional() } : {}),
      ...(p.relationshipTypes
        ? {
            asset_ids: assetIdsParam(p).optional(),
            relationship_type: enumOf(p.relationshipTypes).optional().describe("link type for asset_ids; default serviced"),
          }
        : {}),
      ...salesParams(p),
      allow_duplicate: z.boolean().default(false),
      ...writeParams({ create: true }),
    };
  },
  output: (env) => ({ ...writeOutput("create"), job: jobOut(env.profile).optional() }),
  async run(args, env, call) {
    if (args.scheduled_start && args.scheduled_end && Date.parse(args.scheduled_end) <= Date.parse(args.scheduled_start)) {
      throw new InvalidArgumentError("scheduled_end", "must be after scheduled_start");
    }
    if (args.relationship_type && !args.asset_ids?.length) {
      throw new InvalidArgumentError("relationship_type", "applies only together with asset_ids");
    }
    const jobs = env.backend.jobs!;
    const site: Site = byAddress(env.profile) ? { customerId: args.customer_id! } : { locationId: args.location_id! };
    const op = await jobs.create!({
      title: args.title,
      ...site,
      workflow: args.workflow,
      status: args.status,
      address: args.address,
      description: args.description,
      priority: args.priority,
      technicianId: args.technician_id,
      scheduledStart: args.scheduled_start,
      scheduledEnd: args.scheduled_end,
      assetIds: args.asset_ids,
      relationshipType: args.relationship_type,
      salesRepId: args.sales_rep_id,
      leadSource: args.lead_source,
    });
    const project = (j: Job) => (env.profile.jobStatusTargets ? projectJobFor(env.profile, j, jobs.machineFor(j)) : projectJob(j, "concise", jobs.machineFor(j)));
    const where = site.customerId === undefined ? "at this location" : `for this ${env.profile.customerNoun}`;
    const startedAt = Date.now();
    const siteArgs = site.customerId === undefined ? { location_id: site.locationId } : { customer_id: site.customerId };
    const refs = referencesFor(env.backend);
    const report = await executeWrite(
      {
        tool: "create_job",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (j) => j.id,
        fetch: (id, ctx) => jobs.get(id, ctx),
        reconcile: (ctx) => sameJobs(env.backend, args.title, site, startedAt, ctx, false),
        lookup: { tool: "list_jobs", arguments: { ...siteArgs, created_after: new Date(startedAt - 120_000).toISOString() } },
        references: [
          site.customerId === undefined ? refs.location(site.locationId) : refs.customer(site.customerId),
          ...(args.technician_id === undefined ? [] : [refs.technician(args.technician_id)]),
          ...(args.sales_rep_id === undefined ? [] : [refs.technician(args.sales_rep_id)]),
          ...refs.linkedAssets(args.asset_ids),
        ],
        preflight: args.allow_duplicate
          ? undefined
          : async (ctx) => {
              const existing = await findSameJob(env.backend, args.title, site, Date.now() - RECENT_MS, ctx, true);
              return (
                existing && {
                  value: existing,
                  note: `Job ${existing.id} with the same title ${where} is already open (${existing.status}); nothing was created. Pass allow_duplicate: true to create another.`,
                }
              );
            },
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "job", project) };
  },
});
