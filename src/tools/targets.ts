/**
 * Status targets for vendors whose API can set only some statuses (VendorProfile.jobStatusTargets, e.g.
 * TrackplanFM: complete a job; start or complete one of its tasks). What a job or task may do next is
 * computed here from the profile's machines, so get_job, update_job_status and add_job_task agree. For
 * vendors without targets these helpers fall back to the job machine unchanged.
 */
import type { StatusTarget, VendorProfile } from "../domain/backend.js";
import { canTransition, type StatusMachine } from "../domain/status-machine.js";
import type { Job, JobTask } from "../domain/types.js";
import { projectJob, prune, type Format } from "./projections.js";
import { cleanText } from "./text.js";

/**
 * What results show for a record that carries no status (TrackplanFM's guide documents none, so a record may
 * have none). Its status is unknown, not forbidden: every target the API offers is open, and the vendor decides.
 */
export const NO_STATUS = "not recorded";

/** A move the machine allows, or any move from a status the record does not carry. */
function canMove(machine: StatusMachine, from: string, to: string): boolean {
  return !from || canTransition(machine, from, to);
}

export function targetOf(profile: VendorProfile, value: string): StatusTarget | undefined {
  return profile.jobStatusTargets?.find((t) => t.value === value);
}

/** Targets one task may take now (none when its job is closed). */
export function taskTargets(profile: VendorProfile, task: JobTask, jobMachine: StatusMachine, jobStatus: string): string[] {
  const m = profile.taskMachine;
  if (!m || !profile.jobStatusTargets || jobMachine.terminal.includes(jobStatus)) return [];
  return profile.jobStatusTargets.filter((t) => t.subject === "task" && canMove(m, task.status, t.status)).map((t) => t.value);
}

/** Targets the job offers now: its own moves and those of any of its tasks. */
export function jobTargets(profile: VendorProfile, job: Job, machine: StatusMachine): string[] {
  const targets = profile.jobStatusTargets ?? [];
  const fromTasks = new Set((job.tasks ?? []).flatMap((t) => taskTargets(profile, t, machine, job.status)));
  return targets.filter((t) => (t.subject === "job" ? canMove(machine, job.status, t.status) : fromTasks.has(t.value))).map((t) => t.value);
}

export function projectTask(profile: VendorProfile, task: JobTask, machine: StatusMachine, jobStatus: string, format: Format = "concise"): Record<string, unknown> {
  return prune({
    id: task.id,
    number: task.number,
    status: task.status || NO_STATUS,
    allowed_next_statuses: profile.jobStatusTargets ? taskTargets(profile, task, machine, jobStatus) : undefined,
    description: cleanText(task.description, 200),
    type: task.type,
    due_at: task.dueAt,
    assignee: cleanText(task.assignee, 120),
    assignee_id: task.assigneeId,
    ...(format === "detailed" ? { started_at: task.startedAt, completed_at: task.completedAt } : {}),
  });
}

/**
 * A job as results show it: projectJob, plus (for vendors with targets) the targets as allowed_next_statuses
 * and its tasks each with their own. allowed_next_statuses is always present (possibly empty).
 */
export function projectJobFor(profile: VendorProfile, job: Job, machine: StatusMachine, format: Format = "concise"): Record<string, unknown> {
  const base = { allowed_next_statuses: [], ...projectJob(job, format, machine) };
  if (!profile.jobStatusTargets) return base;
  if (!job.status) (base as Record<string, unknown>).status = NO_STATUS;
  // Targets replace the machine's statuses, shown right after the status; tasks carry their own.
  const { allowed_next_statuses: _machineNext, tasks: _tasks, ...rest } = base as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    out[key] = value;
    if (key === "status") out.allowed_next_statuses = jobTargets(profile, job, machine);
  }
  if (job.tasks?.length) out.tasks = job.tasks.map((t) => projectTask(profile, t, machine, job.status, format));
  return out;
}
