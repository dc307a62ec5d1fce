/**
 * Job cost lines as results show them (get_job, add_job_cost, update_job_cost): each line's total
 * (materials + labour) beside its budget, and the job's totals, with over_budget flagged wherever a total
 * exceeds the budget set for it, so an assistant never has to add money up itself.
 */
import type { JobCost } from "../domain/types.js";
import { prune } from "./projections.js";
import { cleanText } from "./text.js";

/** Cents, so 0.1 + 0.2 adds up to 0.3. */
const cents = (v: number | null | undefined) => Math.round((v ?? 0) * 100);
const amount = (c: number) => c / 100;

export function projectCost(c: JobCost): Record<string, unknown> {
  const total = cents(c.materials) + cents(c.labour);
  return prune({
    id: c.id,
    description: cleanText(c.description, 200),
    materials: c.materials,
    labour: c.labour,
    total: amount(total),
    budget: c.budget,
    over_budget: c.budget !== null && c.budget !== undefined && total > cents(c.budget),
    invoice_no: c.invoiceNo,
    invoice_date: c.invoiceDate,
  });
}

/** The job's totals; its budget is the sum of the budgets its lines carry (absent when none carries one). */
export function costTotals(costs: readonly JobCost[]): Record<string, unknown> {
  const budgeted = costs.filter((c) => c.budget !== null && c.budget !== undefined);
  const total = costs.reduce((n, c) => n + cents(c.materials) + cents(c.labour), 0);
  const budget = budgeted.reduce((n, c) => n + cents(c.budget), 0);
  return prune({
    lines: costs.length,
    materials: amount(costs.reduce((n, c) => n + cents(c.materials), 0)),
    labour: amount(costs.reduce((n, c) => n + cents(c.labour), 0)),
    total: amount(total),
    budget: budgeted.length ? amount(budget) : undefined,
    over_budget: budgeted.length > 0 && total > budget,
  });
}

/** A note for a line over its budget, or undefined. */
export function overBudgetNote(c: JobCost): string | undefined {
  const total = cents(c.materials) + cents(c.labour);
  if (c.budget === null || c.budget === undefined || total <= cents(c.budget)) return undefined;
  return `Over budget: this cost totals ${amount(total).toFixed(2)} against a budget of ${c.budget.toFixed(2)} (${amount(total - cents(c.budget)).toFixed(2)} over).`;
}
