/**
 * The one path every write takes (DESIGN §6): idempotency ledger → dry run → confirmation of irreversible
 * changes → send → reconcile after an ambiguous failure → ledger + audit. Tools describe the write; this
 * module decides whether and how it is sent.
 */
import type { CallContext, WriteOperation } from "../domain/backend.js";
import { NotConfirmedError, UncertainOutcomeError } from "../domain/errors.js";
import type { Id } from "../domain/types.js";
import { isVendorError } from "../http/errors.js";
import type { VendorRequest } from "../http/types.js";
import type { ToolCall } from "../tools/types.js";
import type { AuditLog } from "./audit.js";
import type { Ledger } from "./ledger.js";

export type WriteOutcome = "created" | "updated" | "existing" | "reconciled" | "replayed" | "dry_run" | "preview";

export interface WritePlan<T> {
  tool: string;
  /** The tool arguments as called (hashed for the ledger, redacted for the audit log). */
  args: Record<string, unknown>;
  op: WriteOperation<T>;
  /** "created" for creates, "updated" for changes. */
  success: "created" | "updated";
  /** Set when the change is irreversible: the summary shown to the user for confirmation. */
  irreversible?: string;
  /** The caller passed confirm: true (used only when the client cannot elicit). */
  confirmed?: boolean;
  dryRun?: boolean;
  idempotencyKey?: string;
  /** Id of a value, for the ledger. */
  idOf(value: T): Id;
  /** Re-read a record by id (idempotent replay). */
  fetch?(id: Id, ctx: CallContext): Promise<T>;
  /**
   * Look for the record an ambiguous POST may have created. Returns it, or undefined when none exists.
   * Writes without it (idempotent methods) rely on the HTTP core's retries.
   */
  reconcile?(ctx: CallContext): Promise<T | undefined>;
  /** The lookup the assistant should run when the outcome stays unknown. */
  lookup?: { tool: string; arguments: Record<string, unknown> };
}

export interface WriteReport<T> {
  outcome: WriteOutcome;
  value?: T;
  request?: DescribedRequest;
  requestId?: string;
  notes: string[];
}

export interface DescribedRequest {
  method: string;
  path: string;
  body?: unknown;
}

export interface SafetyServices {
  ledger?: Ledger;
  audit?: AuditLog;
}

/** The request as the vendor would see it: method, path with query, body. */
export function describeRequest(req: VendorRequest, apiPrefix = ""): DescribedRequest {
  const qs = Object.entries(req.query ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
  return { method: req.method, path: `${apiPrefix}${req.path}${qs ? `?${qs}` : ""}`, ...(req.body === undefined ? {} : { body: req.body }) };
}

export async function executeWrite<T>(plan: WritePlan<T>, services: SafetyServices, call: ToolCall): Promise<WriteReport<T>> {
  const ctx: CallContext = { signal: call.signal };
  const request = describeRequest(plan.op.request);
  const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
    services.audit?.append({ tool: plan.tool, args: plan.args, request: { method: request.method, path: request.path }, outcome, ...extra });

  try {
    if (plan.idempotencyKey && services.ledger) {
      const replay = await services.ledger.lookup(plan.tool, plan.idempotencyKey, plan.args);
      if (replay) {
        const value = plan.fetch ? await plan.fetch(replay.id, ctx) : undefined;
        await audit("replayed", { result_id: replay.id });
        return { outcome: "replayed", value, notes: [`Same idempotency_key and arguments as an earlier call: returning record ${replay.id}; nothing was sent.`] };
      }
    }

    if (plan.dryRun) {
      await audit("dry_run");
      return { outcome: "dry_run", request, notes: [`Dry run: ${plan.op.summary}. Arguments are valid; nothing was sent.`] };
    }

    if (plan.irreversible) {
      const answer = await call.confirm(`${plan.irreversible}\n\nThis cannot be undone. Proceed?`);
      if (answer === "decline" || answer === "cancel") {
        const action = answer === "decline" ? "declined" : "cancelled";
        await audit(action);
        throw new NotConfirmedError(action, plan.irreversible);
      }
      if (answer === "unsupported" && !plan.confirmed) {
        await audit("preview");
        return {
          outcome: "preview",
          request,
          notes: [`${plan.irreversible}. This cannot be undone, so it was not sent.`, "Show this to the user; if they agree, call again with the same arguments and confirm: true."],
        };
      }
    }

    const { value, requestId, notes, outcome } = await sendReconciling(plan, ctx);
    if (plan.idempotencyKey && services.ledger) await services.ledger.record(plan.tool, plan.idempotencyKey, plan.args, plan.idOf(value));
    await audit(outcome, { request_id: requestId, result_id: plan.idOf(value) });
    return { outcome, value, requestId, notes };
  } catch (err) {
    if (!(err instanceof NotConfirmedError)) {
      await audit(err instanceof UncertainOutcomeError ? "uncertain" : "refused", {
        error: err instanceof Error ? err.message : String(err),
        request_id: isVendorError(err) ? err.requestId : undefined,
      });
    }
    throw err;
  }
}

/**
 * Send once. After an ambiguous failure of a non-idempotent write (timeout, reset, 5xx), look the record
 * up instead of blindly re-sending; retry once only if it is provably absent; otherwise say "uncertain".
 */
async function sendReconciling<T>(plan: WritePlan<T>, ctx: CallContext): Promise<{ value: T; requestId?: string; notes: string[]; outcome: WriteOutcome }> {
  try {
    const r = await plan.op.run(ctx);
    return { value: r.value, requestId: r.requestId, notes: r.warnings ?? [], outcome: plan.success };
  } catch (err) {
    if (!isVendorError(err) || !err.writeMayHaveHappened || !plan.reconcile) throw err;
    const found = await plan.reconcile(ctx).catch(() => undefined);
    if (found !== undefined) {
      return { value: found, requestId: err.requestId, notes: [`The vendor did not answer cleanly (${err.kind}${err.status ? ` ${err.status}` : ""}) but the record was created: found it on lookup.`], outcome: "reconciled" };
    }
    let second: unknown;
    try {
      const r = await plan.op.run(ctx);
      return { value: r.value, requestId: r.requestId, notes: [...(r.warnings ?? []), `First attempt failed ambiguously (${err.kind}); the lookup found nothing, so it was sent once more and succeeded.`], outcome: plan.success };
    } catch (retryErr) {
      second = retryErr;
    }
    if (isVendorError(second) && !second.writeMayHaveHappened) throw second;
    const again = await plan.reconcile(ctx).catch(() => undefined);
    if (again !== undefined) {
      return { value: again, requestId: err.requestId, notes: ["The vendor did not answer cleanly twice, but the record exists: found it on lookup."], outcome: "reconciled" };
    }
    throw new UncertainOutcomeError(
      `The vendor did not confirm "${plan.op.summary}" (${err.kind}${err.status ? ` ${err.status}` : ""}) and the record could not be found yet; it may or may not exist.`,
      plan.lookup ?? { tool: "list_jobs", arguments: {} },
      err.requestId,
    );
  }
}
