import { z } from "zod";
import { InvalidArgumentError, StaleRecordError } from "../../domain/errors.js";
import type { Backend } from "../../domain/backend.js";
import type { Id } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { projectJob } from "../projections.js";
import { assetIdsParam, DATETIME, enumOf, idParam, jobOut, jobStatusParam, trimmed, text, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  job_id: Id;
  title?: string;
  description?: string;
  priority?: string;
  technician_id?: Id;
  scheduled_start?: string;
  scheduled_end?: string;
  asset_ids?: Id[];
  relationship_type?: string;
  expected_updated_at?: string;
  expected_status?: string;
  dry_run: boolean;
}

const CHANGES = ["title", "description", "priority", "technician_id", "scheduled_start", "scheduled_end", "asset_ids"] as const;

export default defineTool<Args>({
  name: "update_job",
  title: "Update job",
  toolset: "jobs",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.jobs?.update ? undefined : "this vendor's API cannot update job details"),
  description: (env) => {
    const p = env.profile;
    // The fields are the schema's: the description says only what the schema cannot.
    return describe(env, "update_job", [
      `Change a job's details.${p.relationshipTypes ? " asset_ids replaces every link; [] removes all." : ""}`,
    ]);
  },
  input: (env) => {
    const p = env.profile;
    return {
      job_id: idParam(p, "from list_jobs"),
      title: trimmed(200).optional(),
      description: text(5000).optional(),
      ...(p.priorities ? { priority: enumOf(p.priorities).optional() } : {}),
      technician_id: idParam(p, "from list_technicians").optional(),
      scheduled_start: DATETIME.optional(),
      scheduled_end: DATETIME.optional(),
      ...(p.relationshipTypes
        ? { asset_ids: assetIdsParam(p).optional(), relationship_type: enumOf(p.relationshipTypes).optional() }
        : {}),
      expected_updated_at: z.string().max(40).optional().describe("from get_job"),
      ...(p.jobMachine ? { expected_status: jobStatusParam(p).optional() } : {}),
      ...writeParams(),
    };
  },
  output: (env) => ({ ...writeOutput("change"), job: jobOut(env.profile).optional() }),
  async run(args, env, call) {
    if (!CHANGES.some((k) => args[k] !== undefined)) {
      throw new InvalidArgumentError("job_id", `nothing to change: pass at least one of ${CHANGES.join(", ")}`);
    }
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    if (args.expected_updated_at && job.updatedAt && Date.parse(job.updatedAt) !== Date.parse(args.expected_updated_at)) {
      throw new StaleRecordError("job", job.id, `updated_at is ${job.updatedAt}, not ${args.expected_updated_at}`, projectJob(job, "detailed", jobs.machineFor(job)));
    }
    if (args.expected_status && job.status !== args.expected_status) {
      throw new StaleRecordError("job", job.id, `status is ${job.status}, not ${args.expected_status}`, projectJob(job, "concise", jobs.machineFor(job)));
    }
    const start = args.scheduled_start ?? job.scheduledStart;
    const end = args.scheduled_end ?? job.scheduledEnd;
    if (start && end && Date.parse(end) <= Date.parse(start)) throw new InvalidArgumentError("scheduled_end", `must be after scheduled_start (${start})`);
    const op = await jobs.update!(job.id, {
      title: args.title,
      description: args.description,
      priority: args.priority,
      technicianId: args.technician_id,
      scheduledStart: args.scheduled_start,
      scheduledEnd: args.scheduled_end,
      assetIds: args.asset_ids,
      relationshipType: args.relationship_type,
    });
    const report = await executeWrite(
      {
        tool: "update_job",
        args: { ...args },
        op,
        success: "updated",
        dryRun: args.dry_run,
        idOf: (j) => j.id,
        references: updateReferences(env.backend, job.id, args),
      },
      env.safety,
      call,
    );
    // The update response is partial: overlay it on the record we read so the result is complete.
    const merged = report.value ? { ...job, ...Object.fromEntries(Object.entries(report.value).filter(([, v]) => v !== null && v !== undefined)) } : undefined;
    return { data: writeData({ ...report, value: merged }, "job", (j) => projectJob(j, "concise", jobs.machineFor(j))) };
  },
});

/** The job (read above) and the records the change names. */
function updateReferences(backend: Backend, jobId: Id, args: Args) {
  const refs = referencesFor(backend);
  return [refs.known("job", jobId), ...(args.technician_id == null ? [] : [refs.technician(args.technician_id)]), ...refs.linkedAssets(args.asset_ids)];
}
