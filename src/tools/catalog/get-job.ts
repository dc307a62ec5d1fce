import { z } from "zod";
import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe, orNotFound } from "../common.js";
import { projectJobFor } from "../targets.js";
import { projectNote } from "../projections.js";
import { costTotals, projectCost } from "../costs.js";
import { jobIdParam, jobOut, responseFormat } from "../schemas.js";
import { defineTool } from "../types.js";

/** Notes shown with a detailed job. */
const RECENT_NOTES = 5;
/** Cost lines shown with a job (one page; the totals say when there are more). */
const MAX_COSTS = 50;

interface Args {
  job_id: Id;
  response_format: "concise" | "detailed";
}

export default defineTool<Args>({
  name: "get_job",
  title: "Get job",
  toolset: "jobs",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.jobs ? undefined : "this vendor has no jobs"),
  description: (env) =>
    describe(env, "get_job", [
      `Get one job with the statuses it may move to next${env.profile.jobStatusTargets ? ", and its tasks with theirs (task ids for update_job_status)" : ""}.`,
      ...(env.backend.jobs?.listCosts ? ["With its cost lines (cost ids for update_job_cost) and their totals, over_budget flagged."] : []),
      ...(env.backend.jobs?.listNotes ? ['response_format "detailed" adds its latest notes.'] : []),
    ]),
  input: (env) => ({ job_id: jobIdParam(env.profile, "from list_jobs"), response_format: responseFormat }),
  output: (env) => ({ job: jobOut(env.profile).extend({ allowed_next_statuses: z.array(z.string()) }) }),
  async run(args, env, call) {
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    // Where the vendor keeps job notes, the detailed view shows the latest (and lets add_job_note's results be checked).
    const notes = args.response_format === "detailed" && jobs.listNotes ? await jobs.listNotes(job.id, { perPage: RECENT_NOTES, signal: call.signal }) : undefined;
    // Where the vendor keeps cost lines per job, the job is shown with them (a job's money is part of the job).
    const costs = jobs.listCosts ? await jobs.listCosts(job.id, { perPage: MAX_COSTS, signal: call.signal }) : undefined;
    return {
      data: {
        job: projectJobFor(env.profile, job, jobs.machineFor(job), args.response_format),
        ...(notes ? { recent_notes: notes.items.map(projectNote), notes_total: notes.total } : {}),
        ...(costs ? { costs: costs.items.map(projectCost), cost_totals: { ...costTotals(costs.items), ...(costs.total > costs.items.length ? { lines: costs.total, partial: true } : {}) } } : {}),
      },
    };
  },
});
