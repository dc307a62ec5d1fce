/** Jobs API (seed 001): list with filters, get with linked assets, create, update, status changes. */
import { DEFAULT_RELATIONSHIP, JOB_MACHINE, type JobStatus, type RelationshipType } from "../../../vendors/fsmnavigator/facts.js";
import { FieldErrors } from "../../common/validate.js";
import { JOB_CREATE, JOB_FILTERS, JOB_STATUS_UPDATE, JOB_UPDATE } from "../schemas.js";
import type { FsmNavigatorStore } from "../store.js";
import type { JobAssetLink, JobRecord } from "../types.js";
import { jobView } from "../views.js";
import {
  assertTransition,
  checkReference,
  defineOperation,
  idOf,
  listPage,
  written,
  requireRecord,
  requireSomeField,
  throwIfInvalid,
  withinRange,
} from "../operation.js";

const listJobs = defineOperation({
  resource: "job",
  shape: "list",
  query: JOB_FILTERS,
  handle({ store, query }) {
    const created = withinRange(query.created_after, query.created_before);
    const updated = withinRange(query.updated_since, undefined);
    const jobs = [...store.jobs.values()]
      .filter(
        (job) =>
          (query.status === undefined || job.job_status === query.status) &&
          (query.priority === undefined || job.job_priority === query.priority) &&
          (query.assigned_technician_id === undefined || job.assigned_technician_id === query.assigned_technician_id) &&
          (query.customer_location_id === undefined || job.customer_location_id === query.customer_location_id) &&
          created(job.created_at) &&
          updated(job.updated_at),
      )
      // Newest first, id breaking ties, so pages never shuffle between requests.
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.job_id - a.job_id);
    return listPage("job", jobs, query, (job) => jobView(store, job, false));
  },
});

const getJob = defineOperation({
  resource: "job",
  shape: "item",
  handle(ctx) {
    const job = requireRecord(ctx.store.jobs, idOf(ctx), "Job");
    return { shape: "item", resource: "job", item: jobView(ctx.store, job, true) };
  },
});

const createJob = defineOperation({
  resource: "job",
  shape: "write",
  successStatus: 201,
  body: JOB_CREATE,
  handle({ store, clock, body }) {
    const errors = new FieldErrors();
    checkReference(errors, "customer_location_id", body.customer_location_id, store.locations, "location");
    checkTechnician(store, errors, body.assigned_technician_id);
    checkSchedule(errors, body.scheduled_start ?? null, body.scheduled_end ?? null);
    throwIfInvalid(errors);

    const now = clock.tick();
    const job: JobRecord = {
      job_id: store.nextId("job"),
      job_title: body.job_title,
      job_description: body.job_description ?? null,
      job_status: "Pending",
      job_priority: body.job_priority ?? "Medium",
      assigned_technician_id: body.assigned_technician_id ?? null,
      customer_location_id: body.customer_location_id,
      scheduled_start: body.scheduled_start ?? null,
      scheduled_end: body.scheduled_end ?? null,
      actual_start: null,
      actual_end: null,
      created_at: now,
      updated_at: now,
      asset_links: linkAssets(store, body.asset_ids ?? [], body.asset_relationship_type ?? DEFAULT_RELATIONSHIP, now, []),
    };
    store.jobs.set(job.job_id, job);
    const view = jobView(store, job, true);
    return written("job", "Job created successfully", view, ["job_id", "job_title", "job_status", "created_at"]);
  },
});

const updateJob = defineOperation({
  resource: "job",
  shape: "write",
  body: JOB_UPDATE,
  handle(ctx) {
    const { store, clock, body } = ctx;
    const job = requireRecord(store.jobs, idOf(ctx), "Job");
    requireSomeField(body, JOB_UPDATE);
    const errors = new FieldErrors();
    checkReference(errors, "customer_location_id", body.customer_location_id, store.locations, "location");
    checkTechnician(store, errors, body.assigned_technician_id);
    const start = body.scheduled_start !== undefined ? body.scheduled_start : job.scheduled_start;
    const end = body.scheduled_end !== undefined ? body.scheduled_end : job.scheduled_end;
    checkSchedule(errors, start, end);
    throwIfInvalid(errors);
    // Sending the current status again (a client PUTting the whole object) is not a transition.
    const newStatus = body.job_status !== undefined && body.job_status !== job.job_status ? body.job_status : undefined;
    if (newStatus !== undefined) assertTransition(JOB_MACHINE, job.job_id, job.job_status, newStatus);

    const now = clock.tick();
    if (body.job_title !== undefined) job.job_title = body.job_title;
    if (body.job_description !== undefined) job.job_description = body.job_description;
    if (body.job_priority !== undefined) job.job_priority = body.job_priority;
    if (body.customer_location_id !== undefined) job.customer_location_id = body.customer_location_id;
    if (body.assigned_technician_id !== undefined) job.assigned_technician_id = body.assigned_technician_id;
    job.scheduled_start = start;
    job.scheduled_end = end;
    if (body.asset_ids !== undefined) {
      // Seed 001: asset_ids on PUT replaces every link; [] removes them all.
      job.asset_links = linkAssets(store, body.asset_ids, body.asset_relationship_type, now, job.asset_links);
    } else if (body.asset_relationship_type !== undefined) {
      job.asset_links = job.asset_links.map((link) => ({ ...link, relationship_type: body.asset_relationship_type as RelationshipType }));
    }
    if (newStatus !== undefined) applyJobStatus(job, newStatus, now);
    job.updated_at = now;
    const view = jobView(store, job, true);
    return written("job", "Job updated successfully", view, ["job_id", "job_title", "job_status"]);
  },
});

const updateJobStatus = defineOperation({
  resource: "job",
  shape: "write",
  body: JOB_STATUS_UPDATE,
  handle(ctx) {
    const job = requireRecord(ctx.store.jobs, idOf(ctx), "Job");
    const previous = job.job_status;
    assertTransition(JOB_MACHINE, job.job_id, previous, ctx.body.job_status);
    const now = ctx.clock.tick();
    applyJobStatus(job, ctx.body.job_status, now);
    job.updated_at = now;
    const view = jobView(ctx.store, job, true);
    return written("job", `Job status updated to ${job.job_status}`, { ...view, previous_status: previous }, ["job_id", "job_status", "previous_status"]);
  },
});

export const JOB_OPERATIONS = { listJobs, getJob, createJob, updateJob, updateJobStatus };

/**
 * Status side effects: the first move to In Progress stamps actual_start (a resume after On Hold keeps it),
 * Completed stamps actual_end.
 */
function applyJobStatus(job: JobRecord, status: JobStatus, now: string): void {
  job.job_status = status;
  if (status === "In Progress" && job.actual_start === null) job.actual_start = now;
  if (status === "Completed") {
    job.actual_start ??= now;
    job.actual_end = now;
  }
}

/** [I] The docs do not say; the sandbox refuses unknown and Inactive technicians, as the web app would. */
function checkTechnician(store: FsmNavigatorStore, errors: FieldErrors, technicianId: number | null | undefined): void {
  if (technicianId === undefined || technicianId === null) return;
  const technician = store.technicians.get(technicianId);
  if (!technician) errors.add("assigned_technician_id", `assigned_technician_id ${technicianId} does not exist (no technician with that id)`);
  else if (technician.status !== "Active") {
    errors.add("assigned_technician_id", `assigned_technician_id ${technicianId} is ${technician.status}; assign an Active technician`);
  }
}

/** [I] A schedule cannot end before it starts. */
function checkSchedule(errors: FieldErrors, start: string | null, end: string | null): void {
  if (start !== null && end !== null && Date.parse(end) < Date.parse(start)) {
    errors.add("scheduled_end", "scheduled_end must not be before scheduled_start");
  }
}

/**
 * The new link list for `assetIds`: unknown ids are skipped silently (seed 001), duplicates once; assets
 * already linked keep their link date and, unless a relationship type is given, their relationship.
 */
function linkAssets(
  store: FsmNavigatorStore,
  assetIds: readonly number[],
  relationship: RelationshipType | undefined,
  now: string,
  current: readonly JobAssetLink[],
): JobAssetLink[] {
  const links: JobAssetLink[] = [];
  for (const assetId of new Set(assetIds)) {
    if (!store.assets.has(assetId)) continue;
    const existing = current.find((link) => link.asset_id === assetId);
    links.push({
      asset_id: assetId,
      relationship_type: relationship ?? existing?.relationship_type ?? DEFAULT_RELATIONSHIP,
      relationship_notes: existing?.relationship_notes ?? null,
      linked_at: existing?.linked_at ?? now,
    });
  }
  return links;
}
