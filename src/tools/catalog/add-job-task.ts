import { z } from "zod";
import { TransitionRefusedError } from "../../domain/errors.js";
import type { Id, Job, JobTask } from "../../domain/types.js";
import { normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, listWords, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { accountValueParam, DATETIME, idOut, idParam, jobIdParam, trimmed, upTo, writeOutput } from "../schemas.js";
import { projectTask } from "../targets.js";
import { defineTool } from "../types.js";

interface Args {
  job_id: Id;
  description: string;
  technician_id?: Id;
  duration_hours?: number;
  due_at?: string;
  type?: string;
  allow_duplicate: boolean;
  dry_run: boolean;
  idempotency_key?: string;
}

/** An open task of the job with the same description: "the same task". */
function sameTask(job: Job, description: string, terminal: readonly string[], exclude: ReadonlySet<string> = new Set()): JobTask | undefined {
  return job.tasks?.find((t) => normName(t.description) === normName(description) && !terminal.includes(t.status) && !exclude.has(String(t.id)));
}

export default defineTool<Args>({
  name: "add_job_task",
  title: "Add task to job",
  toolset: "jobs",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.jobs?.addTask ? undefined : "this vendor's jobs have no tasks"),
  description: (env) => {
    const tm = env.profile.taskMachine;
    const moves = env.profile.jobStatusTargets?.filter((t) => t.subject === "task").map((t) => t.value) ?? [];
    return describe(env, "add_job_task", [
      `Add a task (work for one technician) to a job${tm ? `; it starts ${tm.statuses[0]}` : ""}.`,
      moves.length ? `Then move it with update_job_status (${listWords(moves)}) and its task_id.` : "",
      env.profile.taskCompletion ? "update_job_task completes, reopens or reassigns it." : "",
      "Duplicates: an open task with the same description on that job.",
    ].filter(Boolean));
  },
  input: (env) => {
    const p = env.profile;
    return {
      job_id: jobIdParam(p, "from list_jobs"),
      description: trimmed(2000),
      technician_id: idParam(p, "from list_technicians").optional(),
      duration_hours: upTo(1000, { positive: true }).optional(),
      // Where tasks sit on a calendar (profile.taskTypes: JobNimbus), the due date places them and is required.
      ...(p.taskTypes ? { due_at: DATETIME, type: accountValueParam(p.taskTypes).optional().describe("default the first example") } : {}),
      allow_duplicate: z.boolean().default(false),
      ...writeParams({ create: true }),
    };
  },
  output: (env) => ({
    ...writeOutput("create"),
    task: z.looseObject({ id: idOut(env.profile), status: z.string() }).optional(),
    job_id: idOut(env.profile).optional(),
  }),
  async run(args, env, call) {
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    const machine = jobs.machineFor(job);
    if (machine.terminal.includes(job.status)) {
      // A closed job takes no new work; refused before anything is sent.
      throw new TransitionRefusedError("job", job.number ?? job.id, job.status, "a new task", []);
    }
    const terminalTask = env.profile.taskMachine?.terminal ?? [];
    const project = (t: JobTask) => projectTask(env.profile, t, machine, job.status);
    const extra = { job_id: job.id };
    const op = await jobs.addTask!(job, { description: args.description, technicianId: args.technician_id, durationHours: args.duration_hours, dueAt: args.due_at, type: args.type });
    const before = new Set((job.tasks ?? []).map((t) => String(t.id)));
    const reread = async (ctx: { signal?: AbortSignal }) => jobs.get(job.id, ctx);
    const refs = referencesFor(env.backend);
    const report = await executeWrite(
      {
        tool: "add_job_task",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (t) => t.id,
        fetch: async (id, ctx) => (await reread(ctx)).tasks?.find((t) => String(t.id) === String(id)) ?? { id, status: "", description: args.description },
        // After an ambiguous POST: a task with this description that was not on the job before is ours.
        reconcile: async (ctx) => sameTask(await reread(ctx), args.description, [], before),
        lookup: { tool: "get_job", arguments: { job_id: job.id } },
        // The job as read above: a repeat of an open task is that task (a dry run reports it too).
        preflight: args.allow_duplicate
          ? undefined
          : async () => {
              const existing = sameTask(job, args.description, terminalTask);
              return (
                existing && {
                  value: existing,
                  note: `Task ${existing.number ?? existing.id} with the same description is already open on this job (${existing.status}); nothing was added. Pass allow_duplicate: true to add another.`,
                }
              );
            },
        references: [refs.known("job", job.id), ...(args.technician_id === undefined ? [] : [refs.technician(args.technician_id)])],
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "task", (t) => project(t), extra) };
  },
});
