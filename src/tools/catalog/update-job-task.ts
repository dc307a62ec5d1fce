import { InvalidArgumentError, StaleRecordError, TransitionRefusedError } from "../../domain/errors.js";
import type { Id, JobTask } from "../../domain/types.js";
import { normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { DATETIME, enumOf, idOut, idParam, jobIdParam, trimmed, text, upTo, writeOutput } from "../schemas.js";
import { projectTask } from "../targets.js";
import { defineTool } from "../types.js";
import { z } from "zod";

interface Args {
  job_id: Id;
  task_id: Id;
  description?: string;
  technician_id?: Id;
  duration_hours?: number;
  scheduled_start?: string;
  scheduled_end?: string;
  completed?: boolean;
  due_at?: string;
  expected_status?: string;
  expected_assignee?: string;
  dry_run: boolean;
}

const CHANGES = ["description", "technician_id", "duration_hours", "scheduled_start", "scheduled_end", "completed", "due_at"] as const;

export default defineTool<Args>({
  name: "update_job_task",
  title: "Update job task",
  toolset: "jobs",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.jobs?.updateTask ? undefined : "this vendor's API cannot update job tasks"),
  description: (env) =>
    describe(env, "update_job_task", [
      env.profile.taskCompletion
        ? "Complete (completed: true), reopen, reassign, reword or reschedule a job's task."
        : "Reassign a job's task to another technician, reword it or re-plan it; its status moves with update_job_status.",
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      job_id: jobIdParam(p, "from list_jobs"),
      task_id: idParam(p, "from get_job"),
      description: trimmed(2000).optional(),
      technician_id: idParam(p, "from list_technicians").optional(),
      duration_hours: upTo(1000, { positive: true }).optional(),
      ...(p.taskCompletion ? { completed: z.boolean().optional(), due_at: DATETIME.optional() } : { scheduled_start: DATETIME.optional(), scheduled_end: DATETIME.optional() }),
      ...(p.taskMachine ? { expected_status: enumOf(p.taskMachine.statuses).optional() } : {}),
      expected_assignee: text(200).optional().describe('"" for none'),
      ...writeParams(),
    };
  },
  output: (env) => ({ ...writeOutput("change"), task: z.looseObject({ id: idOut(env.profile), status: z.string() }).optional() }),
  async run(args, env, call) {
    if (!CHANGES.some((k) => args[k] !== undefined)) throw new InvalidArgumentError("task_id", `nothing to change: pass at least one of ${CHANGES.join(", ")}`);
    if (args.scheduled_start && args.scheduled_end && Date.parse(args.scheduled_end) <= Date.parse(args.scheduled_start)) {
      throw new InvalidArgumentError("scheduled_end", "must be after scheduled_start");
    }
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    const machine = jobs.machineFor(job);
    const project = (t: JobTask) => projectTask(env.profile, t, machine, job.status, "detailed");
    const task = job.tasks?.find((t) => String(t.id).toLowerCase() === String(args.task_id).toLowerCase());
    if (!task) throw new InvalidArgumentError("task_id", `job ${job.number ?? job.id} has no task ${args.task_id}`, (job.tasks ?? []).map((t) => t.id));
    // Compare-and-set, like the status tools: the task as the caller last saw it.
    if (args.expected_status !== undefined && task.status !== args.expected_status) {
      throw new StaleRecordError("task", task.number ?? task.id, `status is ${task.status}, not ${args.expected_status}`, project(task));
    }
    if (args.expected_assignee !== undefined && normName(task.assignee) !== normName(args.expected_assignee)) {
      throw new StaleRecordError("task", task.number ?? task.id, `it is assigned to ${task.assignee ?? "nobody"}, not ${args.expected_assignee || "nobody"}`, project(task));
    }
    // A closed job takes no task changes (as add_job_task); refused before anything is sent.
    if (machine.terminal.includes(job.status)) throw new TransitionRefusedError("job", job.number ?? job.id, job.status, "a task change", []);
    // Ticking off a task already ticked off (or reopening an open one), and nothing else: nothing to send.
    const completedNow = task.status === env.profile.taskMachine?.terminal[0];
    if (args.completed !== undefined && args.completed === completedNow && !CHANGES.some((k) => k !== "completed" && args[k] !== undefined)) {
      return { data: writeData({ outcome: "existing", value: task, notes: [`Task ${task.id} is already ${task.status}; nothing was sent.`] }, "task", project, { job_id: job.id }) };
    }
    const op = await jobs.updateTask!(job, task, {
      description: args.description,
      technicianId: args.technician_id,
      durationHours: args.duration_hours,
      scheduledStart: args.scheduled_start,
      scheduledEnd: args.scheduled_end,
      completed: args.completed,
      dueAt: args.due_at,
    });
    const refs = referencesFor(env.backend);
    const report = await executeWrite(
      {
        tool: "update_job_task",
        args: { ...args },
        op,
        success: "updated",
        dryRun: args.dry_run,
        idOf: (t) => t.id,
        references: [refs.known("job", job.id), ...(args.technician_id === undefined ? [] : [refs.technician(args.technician_id)])],
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "task", project, { job_id: job.id, previous: project(task) }) };
  },
});
