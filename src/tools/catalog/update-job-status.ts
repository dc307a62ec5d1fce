import { z } from "zod";
import { InvalidArgumentError, StaleRecordError, TransitionRefusedError } from "../../domain/errors.js";
import { allowedNext, canTransition, type StatusMachine } from "../../domain/status-machine.js";
import type { Id, Job } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { projectJob } from "../projections.js";
import { enumOf, idParam, jobOut, writeOutput } from "../schemas.js";
import { defineTool, type ToolEnv } from "../types.js";

interface Args {
  job_id: Id;
  status: string;
  expected_status?: string;
  task_id?: Id;
  note?: string;
  confirm: boolean;
  dry_run: boolean;
}

function transitionLines(env: ToolEnv): string[] {
  const m = env.profile.jobMachine;
  if (!m) return [];
  if (!m.transitions) return ["Any status of the job's own workflow may follow any other (the vendor has no transition table)."];
  return [`Moves: ${m.statuses.map((s) => `${s}→${allowedNext(m, s).join("/") || "end"}`).join("; ")}.`];
}

/** The target is not a status of the job's own workflow: refused before anything is sent, naming that workflow's statuses. */
function wrongWorkflow(env: ToolEnv, job: Job, status: string, machine: StatusMachine): InvalidArgumentError {
  const workflow = job.workflow ? `the ${job.workflow} workflow` : "its workflow";
  const elsewhere = env.profile.jobWorkflows?.filter((w) => w.name !== job.workflow && w.statuses.includes(status)).map((w) => w.name) ?? [];
  const err = new InvalidArgumentError(
    "status",
    `"${status}" is not a status of ${workflow}, which job ${job.id} follows${elsewhere.length ? ` ("${status}" belongs to ${elsewhere.join(", ")})` : ""}. Nothing was sent.`,
    allowedNext(machine, job.status),
  );
  err.facts.current_status = job.status;
  if (job.workflow) err.facts.workflow = job.workflow;
  err.hints.push(machine.transitions ? `Pick one of the allowed statuses.` : `Pick one of the allowed statuses; in ${workflow} any status may follow any other.`);
  return err;
}

export default defineTool<Args>({
  name: "update_job_status",
  title: "Change job status",
  toolset: "jobs",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.jobs?.changeStatus && b.profile.jobMachine ? undefined : "this vendor's API cannot change job status"),
  description: (env) => {
    const m = env.profile.jobMachine!;
    return describe(env, "update_job_status", [
      "Move a job to a new status. The current status is read first and a move the workflow forbids is refused before anything is sent, naming the allowed ones.",
      ...transitionLines(env),
      m.irreversible.length ? `${m.irreversible.join(" and ")} cannot be undone and need the user's confirmation.` : "",
    ].filter(Boolean));
  },
  input: (env) => {
    const m = env.profile.jobMachine!;
    return {
      job_id: idParam(env.profile, "from list_jobs or create_job"),
      status: enumOf(m.statuses),
      expected_status: enumOf(m.statuses).optional().describe("refuse if the job is no longer in this status"),
      ...writeParams({ irreversible: m.irreversible.length > 0 }),
    };
  },
  output: (env) => ({
    ...writeOutput(),
    job: jobOut(env.profile).extend({ allowed_next_statuses: z.array(z.string()) }).optional(),
  }),
  async run(args, env, call) {
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    const machine = jobs.machineFor(job);
    const project = (j: typeof job) => ({ allowed_next_statuses: [], ...projectJob(j, "concise", jobs.machineFor(j)) });
    if (args.expected_status && job.status !== args.expected_status) {
      throw new StaleRecordError("job", job.id, `status is ${job.status}, not ${args.expected_status}`, project(job));
    }
    if (job.status === args.status) {
      // A repeated call after a lost answer lands here: the job is already where the caller wants it.
      return { data: writeData({ outcome: "existing", value: job, notes: [`Job ${job.id} is already ${job.status}; nothing was sent.`] }, "job", project) };
    }
    // A status outside the job's own machine is one of another workflow (per-workflow vendors). The account
    // may have changed its workflows since they were read: re-read them once before refusing.
    let own = machine;
    if (!own.statuses.includes(args.status) && (await jobs.refreshMachines?.(call).catch(() => false))) own = jobs.machineFor(job);
    if (!own.statuses.includes(args.status)) throw wrongWorkflow(env, job, args.status, own);
    if (!canTransition(own, job.status, args.status)) {
      throw new TransitionRefusedError("job", job.id, job.status, args.status, allowedNext(own, job.status));
    }
    const op = await jobs.changeStatus!(job, { status: args.status, taskId: args.task_id, note: args.note });
    const report = await executeWrite(
      {
        tool: "update_job_status",
        args: { ...args },
        op,
        success: "updated",
        dryRun: args.dry_run,
        irreversible: own.irreversible.includes(args.status) ? `Move job ${job.id} "${job.title}" from ${job.status} to ${args.status}` : undefined,
        confirmed: args.confirm,
        idOf: (j) => j.id,
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "job", project, { previous_status: job.status }) };
  },
});
