import { z } from "zod";
import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe, orNotFound } from "../common.js";
import { projectJobFor, projectTask } from "../targets.js";
import { projectActivity, projectAttachment, projectNote } from "../projections.js";
import { costTotals, projectCost } from "../costs.js";
import { jobIdParam, jobOut, responseFormat } from "../schemas.js";
import { defineTool } from "../types.js";

/** Notes shown with a detailed job. */
const RECENT_NOTES = 5;
/** Cost lines shown with a job (one page; the totals say when there are more). */
const MAX_COSTS = 50;
/** Activity entries shown with a job: the latest few, more in detailed mode. */
const RECENT_ACTIVITY = { concise: 5, detailed: 20 } as const;
/** Attachments listed with a job (names and types; the total says when there are more). */
const MAX_ATTACHMENTS = 20;

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
      ...(env.profile.taskCompletion ? ["With its tasks (ids for update_job_task), latest activity and attachments list."] : []),
      ...(env.backend.jobs?.listNotes && !env.backend.jobs.listActivity ? ['response_format "detailed" adds its latest notes.'] : []),
    ]),
  input: (env) => ({ job_id: jobIdParam(env.profile, "from list_jobs"), response_format: responseFormat }),
  output: (env) => ({ job: jobOut(env.profile).extend({ allowed_next_statuses: z.array(z.string()) }) }),
  async run(args, env, call) {
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    // Where the vendor keeps an activity log, the job comes with its latest entries (notes among them); else the
    // detailed view shows the latest notes (and lets add_job_note's results be checked).
    const activity = jobs.listActivity ? await jobs.listActivity(job.id, { perPage: RECENT_ACTIVITY[args.response_format], signal: call.signal }) : undefined;
    const notes = !activity && args.response_format === "detailed" && jobs.listNotes ? await jobs.listNotes(job.id, { perPage: RECENT_NOTES, signal: call.signal }) : undefined;
    const files = jobs.listAttachments ? await jobs.listAttachments(job.id, { perPage: MAX_ATTACHMENTS, signal: call.signal }) : undefined;
    const machine = jobs.machineFor(job);
    // Where the vendor keeps cost lines per job, the job is shown with them (a job's money is part of the job).
    const costs = jobs.listCosts ? await jobs.listCosts(job.id, { perPage: MAX_COSTS, signal: call.signal }) : undefined;
    return {
      data: {
        job: projectJobFor(env.profile, job, machine, args.response_format),
        ...(env.profile.taskCompletion ? { tasks: (job.tasks ?? []).map((t) => projectTask(env.profile, t, machine, job.status)) } : {}),
        ...(activity ? { recent_activity: activity.items.map(projectActivity), activity_total: activity.total } : {}),
        ...(files ? { attachments: files.items.map(projectAttachment), attachments_total: files.total } : {}),
        ...(notes ? { recent_notes: notes.items.map(projectNote), notes_total: notes.total } : {}),
        ...(costs ? { costs: costs.items.map(projectCost), cost_totals: { ...costTotals(costs.items), ...(costs.total > costs.items.length ? { lines: costs.total, partial: true } : {}) } } : {}),
      },
    };
  },
});
