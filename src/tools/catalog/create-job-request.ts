import { z } from "zod";
import type { Backend, CallContext } from "../../domain/backend.js";
import type { Id, JobRequest } from "../../domain/types.js";
import { createdAfter, normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { email, idOut, idParam, trimmed, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";
import { projectJobRequest } from "./list-job-requests.js";

interface Args {
  location_id: Id;
  description: string;
  raised_by?: string;
  raised_by_email?: string;
  allow_duplicate: boolean;
  dry_run: boolean;
  idempotency_key?: string;
}

/** Duplicate window: the same text for the same site within this span is "the same request". */
const RECENT_MS = 7 * 24 * 3600 * 1000;
/** Statuses that end a request's life as a request (it will not be acted on again). [I] the sandbox's words. */
const SETTLED = ["rejected", "cancelled", "closed"];
/**
 * The request text is matched through a contains-filter of its start (long texts make long URLs), cut by code
 * points: a cut inside a surrogate pair would leave a lone surrogate, which no URL can carry (the fuzz found it).
 */
const MATCH_PREFIX = 60;
const start = (text: string) => Array.from(text).slice(0, MATCH_PREFIX).join("");

async function sameRequests(backend: Backend, description: string, site: string, since: number, ctx: CallContext, openOnly: boolean): Promise<JobRequest[]> {
  const page = await backend.jobRequests!.list({ query: start(description), createdAfter: new Date(since - 120_000).toISOString(), perPage: 50, signal: ctx.signal });
  return page.items.filter(
    (r) =>
      normName(r.description) === normName(description) &&
      normName(r.site) === normName(site) &&
      createdAfter(r.createdAt, since) &&
      (!openOnly || !SETTLED.includes(normName(r.status))),
  );
}

async function findSame(backend: Backend, description: string, site: string, since: number, ctx: CallContext, openOnly: boolean): Promise<JobRequest | undefined> {
  return (await sameRequests(backend, description, site, since, ctx, openOnly))[0];
}

export default defineTool<Args>({
  name: "create_job_request",
  title: "Log job request",
  toolset: "requests",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.jobRequests?.create ? undefined : "this vendor's API cannot create job requests"),
  description: (env) =>
    describe(env, "create_job_request", [
      `Log a caller's request at a ${env.profile.customerNoun} for the helpdesk to approve into a job.`,
      "Duplicates: an open request with the same text there from the last 7 days.",
    ]),
  input: (env) => ({
    location_id: idParam(env.profile, "from search_customers"),
    description: trimmed(2000),
    raised_by: trimmed(100).optional().describe("the caller's name"),
    raised_by_email: email(200).optional(),
    allow_duplicate: z.boolean().default(false),
    ...writeParams({ create: true }),
  }),
  output: (env) => ({ ...writeOutput("create"), job_request: z.looseObject({ id: idOut(env.profile) }).optional() }),
  async run(args, env, call) {
    const api = env.backend.jobRequests!;
    const op = await api.create!({ locationId: args.location_id, description: args.description, raisedBy: args.raised_by, raisedByEmail: args.raised_by_email });
    // The site's name as the request will carry it (the planning read it).
    const site = String((op.request.body as { site?: unknown } | undefined)?.site ?? "");
    const startedAt = Date.now();
    const report = await executeWrite(
      {
        tool: "create_job_request",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (r) => r.id,
        fetch: async (id, ctx) => (await api.list({ query: start(args.description), perPage: 50, signal: ctx.signal })).items.find((r) => String(r.id) === String(id)) ?? { id, description: args.description, site },
        reconcile: (ctx) => sameRequests(env.backend, args.description, site, startedAt, ctx, false),
        lookup: { tool: "list_job_requests", arguments: { query: start(args.description) } },
        references: [referencesFor(env.backend).location(args.location_id)],
        preflight: args.allow_duplicate
          ? undefined
          : async (ctx) => {
              const existing = await findSame(env.backend, args.description, site, Date.now() - RECENT_MS, ctx, true);
              return (
                existing && {
                  value: existing,
                  note: `Request ${existing.number ?? existing.id} with the same text for ${site} is already open (${existing.status ?? "no status"}); nothing was created. Pass allow_duplicate: true to log another.`,
                }
              );
            },
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "job_request", (r) => projectJobRequest(r)) };
  },
});
