import { InvalidArgumentError, NotFoundError } from "../../domain/errors.js";
import type { Id, JobCost } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { projectCost } from "../costs.js";
import { referencesFor } from "../references.js";
import { idOut, idParam, jobIdParam, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";
import { z } from "zod";
import { COST_FIELDS, costInput, costParams, costResult } from "./add-job-cost.js";

interface Args {
  job_id: Id;
  cost_id: Id;
  materials?: number;
  labour?: number;
  budget?: number;
  description?: string;
  dry_run: boolean;
}

const same = (a: number | string | null | undefined, b: number | string | undefined) =>
  b === undefined || (typeof b === "number" ? Math.round(Number(a ?? NaN) * 100) === Math.round(b * 100) : a === b);

export default defineTool<Args>({
  name: "update_job_cost",
  title: "Update job cost",
  toolset: "costs",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.jobs?.updateCost && b.jobs.listCosts ? undefined : "this vendor's API cannot update job costs"),
  description: (env) =>
    describe(env, "update_job_cost", ["Correct a cost line of a job; the answer flags it over budget."]),
  input: (env) => ({
    job_id: jobIdParam(env.profile, "from list_jobs"),
    cost_id: idParam(env.profile, "from get_job"),
    ...costParams(),
    ...writeParams(),
  }),
  output: (env) => ({ ...writeOutput("change"), cost: z.looseObject({ id: idOut(env.profile), total: z.number(), over_budget: z.boolean() }).optional() }),
  async run(args, env, call) {
    if (!COST_FIELDS.some((k) => args[k] !== undefined)) throw new InvalidArgumentError("cost_id", `nothing to change: pass at least one of ${COST_FIELDS.join(", ")}`);
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    const costs = await jobs.listCosts!(job.id, { signal: call.signal });
    const cost: JobCost | undefined = costs.items.find((c) => String(c.id).toLowerCase() === String(args.cost_id).toLowerCase());
    if (!cost) throw new NotFoundError(`cost line of job ${job.number ?? job.id}`, args.cost_id, `get_job (job_id ${job.id})`);
    const input = costInput(args);
    if (same(cost.materials, input.materials) && same(cost.labour, input.labour) && same(cost.budget, input.budget) && same(cost.description, input.description)) {
      return { data: writeData({ outcome: "existing", value: cost, notes: ["The cost line already has these values; nothing was sent."] }, "cost", projectCost, { job_id: job.id }) };
    }
    const op = await jobs.updateCost!(job, cost, input);
    const report = await executeWrite(
      { tool: "update_job_cost", args: { ...args }, op, success: "updated", dryRun: args.dry_run, idOf: (c) => c.id, references: [referencesFor(env.backend).known("job", job.id)] },
      env.safety,
      call,
    );
    const extra = report.outcome === "dry_run" ? { job_id: job.id } : await costResult(env, job, report.value, call.signal);
    return { data: writeData(report, "cost", projectCost, { previous: projectCost(cost), ...extra }) };
  },
});
