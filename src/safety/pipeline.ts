/**
 * The one path every write takes (DESIGN §6): idempotency ledger → dry run → duplicate preflight →
 * confirmation of irreversible changes → send → reconcile after an ambiguous failure → ledger + audit.
 * A dry run answers what the real call would do, with reads only: it checks the records the write names
 * (src/safety/references.ts) and runs the duplicate preflight.
 * Tools describe the write; this module decides whether and how it is sent.
 */
import type { CallContext, WriteOperation } from "../domain/backend.js";
import { NotConfirmedError, ToolError, UncertainOutcomeError } from "../domain/errors.js";
import type { Id } from "../domain/types.js";
import { isVendorError } from "../http/errors.js";
import type { VendorRequest } from "../http/types.js";
import type { ToolCall } from "../tools/types.js";
import type { AuditLog } from "./audit.js";
import type { Ledger } from "./ledger.js";
import { checkReferences, existPhrase, referenceNotes, type Reference } from "./references.js";

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
  /**
   * Duplicate preflight ("check before create", seed 000): an existing record this write would duplicate,
   * with a note saying why. Runs after the idempotency ledger (a replay wins); a dry run runs it too (it only
   * reads) and reports the record a real call would return.
   */
  preflight?(ctx: CallContext): Promise<{ value: T; note: string } | undefined>;
  /**
   * The records the write names by id, checked on a dry run only (why not on real writes:
   * src/safety/references.ts). One the tool has already read is listed without `exists`.
   */
  references?: readonly Reference[];
  /**
   * Checks that refuse the write (they throw) but that the write itself makes false, e.g. "the asset is
   * already at that location": they run after the idempotency ledger, so a replay is not refused by the
   * state its first call created, and before a dry run, which reports them.
   */
  guard?(): void;
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
  /** Told of every record a write created, changed or found existing (the lookup index keeps it fresh). */
  written?(tool: string, value: unknown): void;
}

/** The request as the vendor would see it: method, path with query, body. */
export function describeRequest(req: VendorRequest, apiPrefix = ""): DescribedRequest {
  const qs = Object.entries(req.query ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
  return { method: req.method, path: `${apiPrefix}${req.path}${qs ? `?${qs}` : ""}`, ...(req.body === undefined ? {} : { body: req.body }) };
}

/** Calls whose audit line the pipeline wrote, so the server adds one only for writes refused before it. */
const audited = new WeakSet<object>();

export async function executeWrite<T>(plan: WritePlan<T>, services: SafetyServices, call: ToolCall): Promise<WriteReport<T>> {
  const ctx: CallContext = { signal: call.signal };
  const request = describeRequest(plan.op.request);
  const audit = async (outcome: string, extra: Record<string, unknown> = {}) => {
    audited.add(call);
    await services.audit?.append({ tool: plan.tool, ...(call.user ? { user: call.user } : {}), args: plan.args, request: { method: request.method, path: request.path }, outcome, ...extra });
  };
  const ledger = plan.idempotencyKey ? services.ledger : undefined;
  const key = plan.idempotencyKey ?? "";
  /** Set while this call holds the key: recorded on success, released otherwise. */
  let claim: string | undefined;
  const replayed = async (id: Id): Promise<WriteReport<T>> => {
    const value = plan.fetch ? await plan.fetch(id, ctx) : undefined;
    await audit("replayed", { result_id: id });
    return { outcome: "replayed", value, notes: [`Same idempotency_key and arguments as an earlier call: returning record ${id}; nothing was sent.`] };
  };

  try {
    if (ledger && plan.dryRun) {
      const replay = await ledger.lookup(plan.tool, key, plan.args);
      if (replay) return await replayed(replay.id);
    } else if (ledger) {
      const claimed = await ledger.claim(plan.tool, key, plan.args, call.signal);
      if ("replay" in claimed) return await replayed(claimed.replay);
      claim = claimed.token;
    }

    plan.guard?.();

    if (plan.dryRun) return await dryRun(plan, ctx, request, audit);

    const existing = await plan.preflight?.(ctx);
    if (existing) {
      // The key now stands for the record that already existed, so a repeat returns it again.
      if (ledger && claim) {
        await ledger.record(plan.tool, key, plan.args, plan.idOf(existing.value));
        claim = undefined;
      }
      await audit("existing", { result_id: plan.idOf(existing.value) });
      services.written?.(plan.tool, existing.value);
      return { outcome: "existing", value: existing.value, notes: [existing.note] };
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
    if (ledger && claim) {
      await ledger.record(plan.tool, key, plan.args, plan.idOf(value));
      claim = undefined;
    }
    await audit(outcome, { request_id: requestId, result_id: plan.idOf(value) });
    services.written?.(plan.tool, value);
    return { outcome, value, requestId, notes };
  } catch (err) {
    if (!(err instanceof NotConfirmedError)) {
      await audit(err instanceof UncertainOutcomeError ? "uncertain" : "refused", {
        error: errorSummary(err),
        request_id: isVendorError(err) ? err.requestId : undefined,
      });
    }
    throw err;
  } finally {
    if (ledger && claim) await ledger.release(plan.tool, key, claim).catch(() => undefined);
  }
}

/**
 * What the real call would do, read-only: the records it names are checked (concurrently with the duplicate
 * preflight); a missing one is the not_found the caller would otherwise learn from the vendor, a duplicate is
 * the existing record a real call would return (in the field it would use).
 */
async function dryRun<T>(
  plan: WritePlan<T>,
  ctx: CallContext,
  request: DescribedRequest,
  audit: (outcome: string, extra?: Record<string, unknown>) => Promise<void>,
): Promise<WriteReport<T>> {
  const [refs, dup] = await Promise.allSettled([
    checkReferences(plan.references ?? [], plan.op.verified ?? [], ctx),
    plan.preflight ? plan.preflight(ctx) : Promise.resolve(undefined),
  ]);
  // A missing record explains a failed preflight read (e.g. the locations of a customer that does not exist).
  if (refs.status === "rejected") throw refs.reason;
  if (dup.status === "rejected") throw dup.reason;
  const exist = existPhrase(refs.value.exist);
  const notes = [`Dry run: ${plan.op.summary}. Arguments valid${exist ? `, ${exist}` : ""}; nothing was sent.`, ...referenceNotes(refs.value)];
  const existing = dup.value;
  if (existing) {
    const id = plan.idOf(existing.value);
    notes.push(`A real call would not send this: it would return the existing record ${id} (outcome "existing"). ${existing.note}`);
    await audit("dry_run", { existing_id: id });
    return { outcome: "dry_run", value: existing.value, request, notes };
  }
  await audit("dry_run");
  return { outcome: "dry_run", request, notes };
}

/** One line for the audit log: the error kind (ToolError) and its message. */
export function errorSummary(err: unknown): string {
  if (err instanceof ToolError) return `${err.kind}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * The audit line for a write tool call the pipeline did not see: refused before a request was planned
 * (stale record, forbidden transition, invalid argument) or answered without one (already in that status).
 */
export async function auditOutside(
  services: SafetyServices,
  call: ToolCall,
  tool: string,
  args: Record<string, unknown>,
  result: { outcome: string; result_id?: unknown; error?: string },
): Promise<void> {
  if (audited.has(call) || !services.audit) return;
  audited.add(call);
  await services.audit.append({ tool, ...(call.user ? { user: call.user } : {}), args, ...result });
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
