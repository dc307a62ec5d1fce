import { z } from "zod";
import type { Id } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe, orNotFound } from "../common.js";
import { projectJobFor } from "../targets.js";
import { projectNote } from "../projections.js";
import { idParam, jobOut, responseFormat } from "../schemas.js";
import { defineTool } from "../types.js";

/** Notes shown with a detailed job. */
const RECENT_NOTES = 5;

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
      `Get one job with its status and the statuses it may move to next (allowed_next_statuses)${env.profile.jobStatusTargets ? ", and its tasks with theirs (task ids for update_job_status)" : ""}.`,
      ...(env.backend.jobs?.listNotes ? ['response_format "detailed" adds its latest notes.'] : []),
    ]),
  input: (env) => ({ job_id: idParam(env.profile, "from list_jobs or create_job"), response_format: responseFormat }),
  output: (env) => ({ job: jobOut(env.profile).extend({ allowed_next_statuses: z.array(z.string()) }) }),
  async run(args, env, call) {
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    // Where the vendor keeps job notes, the detailed view shows the latest (and lets add_job_note's results be checked).
    const notes = args.response_format === "detailed" && jobs.listNotes ? await jobs.listNotes(job.id, { perPage: RECENT_NOTES, signal: call.signal }) : undefined;
    return {
      data: {
        job: projectJobFor(env.profile, job, jobs.machineFor(job), args.response_format),
        ...(notes ? { recent_notes: notes.items.map(projectNote), notes_total: notes.total } : {}),
      },
    };
  },
});
