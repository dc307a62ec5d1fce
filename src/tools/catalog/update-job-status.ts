import { z } from "zod";
import { InvalidArgumentError, StaleRecordError, TransitionRefusedError } from "../../domain/errors.js";
import { allowedNext, canTransition, type StatusMachine } from "../../domain/status-machine.js";
import type { Id, Job, JobTask } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, listWords, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { projectJob } from "../projections.js";
import { jobTargets, projectJobFor, targetOf, taskTargets } from "../targets.js";
import { enumOf, idParam, jobIdParam, jobOut, jobStatusParam, trimmed, writeOutput } from "../schemas.js";
import { cleanText } from "../text.js";
import { defineTool, type ToolCall, type ToolEnv, type ToolOutput } from "../types.js";

interface Args {
  job_id: Id;
  status: string;
  expected_status?: string;
  task_id?: Id;
  note?: string;
  confirm: boolean | string;
  dry_run: boolean;
}

function transitionLines(env: ToolEnv): string[] {
  const m = env.profile.jobMachine;
  if (!m) return [];
  if (!m.transitions) return ["Any status of the job's own workflow may follow any other (the vendor has no transition table)."];
  // The transition table is not spelled out here (it cost ~70 tokens in every tools/list): get_job gives the
  // moves open from the job's status, fsm://statuses/jobs the whole table, and a refused move names them.
  return [];
}

/** Description lines for vendors that offer targets (VendorProfile.jobStatusTargets) instead of every status. */
function targetLines(env: ToolEnv): string[] {
  const p = env.profile;
  const m = p.jobMachine!;
  const targets = p.jobStatusTargets!;
  const tm = p.taskMachine;
  const taskValues = targets.filter((t) => t.subject === "task").map((t) => t.value);
  const irreversible = targets.filter((t) => t.subject === "job" && m.irreversible.includes(t.status)).map((t) => t.value);
  return [
    `Move a job along with what the vendor's API can do: ${targets.map((t) => `${t.value} (${t.description})`).join("; ")}.`,
    taskValues.length ? `${listWords(taskValues)} need task_id: get_job lists the job's tasks${env.backend.jobs?.addTask ? ", add_job_task adds one" : ""}.` : "",
    // That a forbidden move is refused before anything is sent, naming the allowed ones, is in the server instructions.
    tm?.transitions ? `Tasks: ${tm.statuses.map((s) => `${s}→${allowedNext(tm, s).join("/") || "end"}`).join("; ")}.` : "",
    irreversible.length ? `${listWords(irreversible, "and")} cannot be undone and need${irreversible.length === 1 ? "s" : ""} the user's confirmation.` : "",
  ].filter(Boolean);
}

/** update_job_status for vendors with targets: a job target moves the job, a task target one of its tasks. */
async function runTarget(args: Args, env: ToolEnv, call: ToolCall): Promise<ToolOutput> {
  const p = env.profile;
  const target = targetOf(p, args.status)!;
  const taskValues = p.jobStatusTargets!.filter((t) => t.subject === "task").map((t) => t.value);
  if (target.subject === "job" && args.task_id !== undefined) {
    throw new InvalidArgumentError("task_id", `applies only to ${listWords(taskValues)}; leave it out to move the job itself to ${args.status}`);
  }
  const jobs = env.backend.jobs!;
  const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
  const machine = jobs.machineFor(job);
  const project = (j: Job) => projectJobFor(p, j, jobs.machineFor(j));
  if (args.expected_status && job.status !== args.expected_status) {
    throw new StaleRecordError("job", job.id, `status is ${job.status}, not ${args.expected_status}`, project(job));
  }
  const label = `job ${job.number ?? job.id}`;
  /**
   * The guide documents no status field: a record may carry none. Its status is then unknown, not one the
   * assumed machine forbids, so the documented action is sent and the vendor has the last word.
   */
  const unknownStatus: string[] = [];
  let task: JobTask | undefined;
  if (target.subject === "task") {
    const taskIds = (job.tasks ?? []).map((t) => t.id);
    if (args.task_id === undefined) {
      throw new InvalidArgumentError("task_id", `is required for ${args.status}: the id of one of the job's tasks${taskIds.length ? "" : " (this job has none yet)"}`, taskIds);
    }
    task = job.tasks?.find((t) => String(t.id).toLowerCase() === String(args.task_id).toLowerCase());
    if (!task) throw new InvalidArgumentError("task_id", `${label} has no task ${args.task_id}`, taskIds);
    if (machine.terminal.includes(job.status)) throw new TransitionRefusedError("job", job.number ?? job.id, job.status, args.status, []);
    if (task.status === target.status) {
      return { data: writeData({ outcome: "existing", value: job, notes: [`Task ${task.number ?? task.id} of ${label} is already ${task.status}; nothing was sent.`] }, "job", project) };
    }
    if (!task.status) unknownStatus.push(`Task ${task.number ?? task.id} carries no status (the integration guide documents none), so nothing was checked before sending; the vendor decided.`);
    else if (!canTransition(p.taskMachine!, task.status, target.status)) {
      throw new TransitionRefusedError("task", task.number ?? task.id, task.status, args.status, taskTargets(p, task, machine, job.status));
    }
  } else {
    if (job.status === target.status) {
      return { data: writeData({ outcome: "existing", value: job, notes: [`Job ${job.number ?? job.id} is already ${job.status}; nothing was sent.`] }, "job", project) };
    }
    if (!job.status) unknownStatus.push(`Job ${job.number ?? job.id} carries no status (the integration guide documents none), so nothing was checked before sending; the vendor decided.`);
    else if (!canTransition(machine, job.status, target.status)) {
      throw new TransitionRefusedError("job", job.number ?? job.id, job.status, args.status, jobTargets(p, job, machine));
    }
  }
  const op = await jobs.changeStatus!(job, { status: args.status, taskId: task?.id, note: args.note });
  const irreversible = target.subject === "job" && machine.irreversible.includes(target.status);
  const report = await executeWrite(
    {
      tool: "update_job_status",
      args: { ...args },
      op,
      success: "updated",
      dryRun: args.dry_run,
      irreversible: irreversible ? `Move ${label} "${cleanText(job.title, 120)}" from ${job.status || "no recorded status"} to ${target.status}` : undefined,
      confirmed: args.confirm,
      idOf: (j) => j.id,
      // After an ambiguous failure the job (or its task) standing at the target means the change landed.
      reconcile: async (ctx) => {
        const now = await jobs.get(job.id, ctx);
        const reached = task
          ? now.tasks?.find((t) => String(t.id).toLowerCase() === String(task.id).toLowerCase())?.status === target.status
          : now.status === target.status;
        return reached ? now : undefined;
      },
      lookup: { tool: "get_job", arguments: { job_id: job.id } },
      references: [referencesFor(env.backend).known("job", job.id)],
    },
    env.safety,
    call,
  );
  return {
    data: writeData({ ...report, notes: [...unknownStatus, ...report.notes] }, "job", project, {
      previous_status: job.status,
      ...(task ? { task_id: task.id, previous_task_status: task.status } : {}),
    }),
  };
}

/** `value` as `known` spells it (statuses compare case-insensitively, as the vendor's do), or undefined. */
function spelledAs(known: readonly string[], value: string): string | undefined {
  const v = value.toLowerCase();
  return known.find((s) => s.toLowerCase() === v);
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
    if (env.profile.jobStatusTargets) return describe(env, "update_job_status", targetLines(env));
    return describe(env, "update_job_status", [
      "Move a job to a new status.",
      ...transitionLines(env),
      m.irreversible.length ? `${m.irreversible.join(" and ")} cannot be undone and need the user's confirmation.` : "",
    ].filter(Boolean));
  },
  input: (env) => {
    const m = env.profile.jobMachine!;
    const targets = env.profile.jobStatusTargets;
    if (targets) {
      return {
        job_id: jobIdParam(env.profile, "from list_jobs"),
        status: enumOf(targets.map((t) => t.value)),
        task_id: idParam(env.profile, "the task to move, for task targets (get_job lists them)").optional(),
        expected_status: jobStatusParam(env.profile).optional(),
        note: trimmed(2000).optional().describe("completion note"),
        ...writeParams({ irreversible: targets.some((t) => t.subject === "job" && m.irreversible.includes(t.status)) }),
      };
    }
    return {
      job_id: idParam(env.profile, "from list_jobs"),
      status: jobStatusParam(env.profile),
      expected_status: jobStatusParam(env.profile).optional(),
      ...writeParams({ irreversible: m.irreversible.length > 0 }),
    };
  },
  output: (env) => ({
    ...writeOutput("change", { irreversible: true }),
    job: jobOut(env.profile).extend({ allowed_next_statuses: z.array(z.string()) }).optional(),
  }),
  async run(args, env, call) {
    if (env.profile.jobStatusTargets) return runTarget(args, env, call);
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    const machine = jobs.machineFor(job);
    // Account-defined statuses arrive as text (accountValueParam): take the account's spelling of a known one.
    if (env.profile.jobWorkflows) args = { ...args, status: spelledAs(machine.statuses, args.status) ?? spelledAs(env.backend.profile.jobMachine?.statuses ?? [], args.status) ?? args.status };
    const project = (j: typeof job) => projectJob(j, "concise", jobs.machineFor(j));
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
    if (!own.statuses.includes(args.status) && (await jobs.refreshMachines?.(call).catch(() => false))) {
      own = jobs.machineFor(job);
      args = { ...args, status: spelledAs(own.statuses, args.status) ?? args.status };
    }
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
        irreversible: own.irreversible.includes(args.status) ? `Move job ${job.id} "${cleanText(job.title, 120)}" from ${job.status} to ${args.status}` : undefined,
        confirmed: args.confirm,
        idOf: (j) => j.id,
        // After an ambiguous failure the job standing at the target status means the change landed.
        reconcile: async (ctx) => {
          const now = await jobs.get(job.id, ctx);
          return now.status === args.status ? now : undefined;
        },
        lookup: { tool: "get_job", arguments: { job_id: job.id } },
        references: [referencesFor(env.backend).known("job", job.id)],
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "job", project, { previous_status: job.status }) };
  },
});
