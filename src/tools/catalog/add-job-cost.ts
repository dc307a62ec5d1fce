import { z } from "zod";
import type { JobCostInput } from "../../domain/backend.js";
import { InvalidArgumentError } from "../../domain/errors.js";
import type { Id, Job, JobCost } from "../../domain/types.js";
import { normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { costTotals, overBudgetNote, projectCost } from "../costs.js";
import { referencesFor } from "../references.js";
import { idOut, jobIdParam, money, trimmed, writeOutput } from "../schemas.js";
import { defineTool, type ToolEnv } from "../types.js";

/** [I] Highest amount a cost line takes (the guide gives none). */
export const MONEY_MAX = 10_000_000;

interface Args {
  job_id: Id;
  materials?: number;
  labour?: number;
  budget?: number;
  description?: string;
  allow_duplicate: boolean;
  dry_run: boolean;
  idempotency_key?: string;
}

/** The money and text arguments shared by add_job_cost and update_job_cost. */
export function costParams() {
  return {
    materials: money(MONEY_MAX).optional(),
    labour: money(MONEY_MAX).optional(),
    budget: money(MONEY_MAX).optional(),
    description: trimmed(500).optional(),
  };
}

export const COST_FIELDS = ["materials", "labour", "budget", "description"] as const;

export function costInput(args: Partial<Record<(typeof COST_FIELDS)[number], unknown>>): JobCostInput {
  return { materials: args.materials as number | undefined, labour: args.labour as number | undefined, budget: args.budget as number | undefined, description: args.description as string | undefined };
}

/** The same line: same description and amounts (undefined matches an unset amount). */
function sameCost(c: JobCost, input: JobCostInput): boolean {
  const eq = (a: number | null | undefined, b: number | undefined) => Math.round((a ?? -1) * 100) === Math.round((b ?? -1) * 100);
  return normName(c.description) === normName(input.description) && eq(c.materials, input.materials) && eq(c.labour, input.labour) && eq(c.budget, input.budget);
}

/** A cost result: the line, the job's totals after the write (when they can be read), over-budget notes. */
export async function costResult(env: ToolEnv, job: Job, cost: JobCost | undefined, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const jobs = env.backend.jobs!;
  const costs = await jobs.listCosts!(job.id, { signal }).catch(() => undefined);
  return { job_id: job.id, ...(costs ? { job_totals: costTotals(costs.items) } : {}), ...(cost && overBudgetNote(cost) ? { warning: overBudgetNote(cost) } : {}) };
}

export default defineTool<Args>({
  name: "add_job_cost",
  title: "Add job cost",
  toolset: "costs",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.jobs?.addCost && b.jobs.listCosts ? undefined : "this vendor's jobs have no cost lines"),
  description: (env) =>
    describe(env, "add_job_cost", [
      "Record materials and labour against a budget on a job. Amounts are in the account's currency, two decimals at most; the answer flags a line over its budget (over_budget) and gives the job's totals.",
      "Duplicates: a line with the same description and amounts on the job.",
    ]),
  input: (env) => ({
    job_id: jobIdParam(env.profile, "from list_jobs"),
    ...costParams(),
    allow_duplicate: z.boolean().default(false),
    ...writeParams({ create: true }),
  }),
  output: (env) => ({ ...writeOutput("create"), cost: z.looseObject({ id: idOut(env.profile), total: z.number(), over_budget: z.boolean() }).optional() }),
  async run(args, env, call) {
    const input = costInput(args);
    if (!COST_FIELDS.some((k) => args[k] !== undefined)) throw new InvalidArgumentError("materials", `nothing to record: pass at least one of ${COST_FIELDS.join(", ")}`);
    const jobs = env.backend.jobs!;
    const job = await orNotFound(jobs.get(args.job_id, { signal: call.signal }), "job", args.job_id, "list_jobs");
    const before = await jobs.listCosts!(job.id, { signal: call.signal });
    const known = new Set(before.items.map((c) => String(c.id)));
    const op = await jobs.addCost!(job, input);
    const report = await executeWrite(
      {
        tool: "add_job_cost",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (c) => c.id,
        fetch: async (id, ctx) => (await jobs.listCosts!(job.id, ctx)).items.find((c) => String(c.id) === String(id)) ?? { id },
        // After an ambiguous POST: a line with these values that was not on the job before is ours.
        reconcile: async (ctx) => (await jobs.listCosts!(job.id, ctx)).items.find((c) => !known.has(String(c.id)) && sameCost(c, input)),
        lookup: { tool: "get_job", arguments: { job_id: job.id } },
        references: [referencesFor(env.backend).known("job", job.id)],
        preflight: args.allow_duplicate
          ? undefined
          : async () => {
              const existing = before.items.find((c) => sameCost(c, input));
              return existing && { value: existing, note: `Job ${job.number ?? job.id} already has this cost line; nothing was added. Pass allow_duplicate: true to add another.` };
            },
      },
      env.safety,
      call,
    );
    const extra = report.outcome === "dry_run" || report.outcome === "preview" ? { job_id: job.id } : await costResult(env, job, report.value, call.signal);
    return { data: writeData(report, "cost", projectCost, extra) };
  },
});
