/**
 * The one path every write takes (DESIGN §6): idempotency ledger → dry run → duplicate preflight →
 * confirmation of irreversible changes → audit intent → send → reconcile after an ambiguous failure →
 * ledger + audit outcome.
 * A dry run answers what the real call would do, with reads only: it checks the records the write names
 * (src/safety/references.ts) and runs the duplicate preflight.
 * Tools describe the write; this module decides whether and how it is sent.
 */
import type { CallContext, WriteOperation } from "../domain/backend.js";
import { nodeCrypto } from "../lazy-crypto.js";
import { DEFAULT_RECONCILE_WINDOW_MS } from "../config.js";
import { NotConfirmedError, ToolError, UncertainOutcomeError } from "../domain/errors.js";
import type { Id } from "../domain/types.js";
import { isVendorError, type VendorError } from "../http/errors.js";
import { abortableSleep } from "../http/retry.js";
import type { VendorRequest } from "../http/types.js";
import type { AuditSink, IdempotencyLedger, Orphaned } from "../state/types.js";
import type { ToolCall } from "../tools/types.js";
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
  /** The caller passed confirm: true or a confirm token (used only when the client cannot elicit). */
  confirmed?: boolean | string;
  dryRun?: boolean;
  idempotencyKey?: string;
  /** Id of a value, for the ledger. */
  idOf(value: T): Id;
  /** Re-read a record by id (idempotent replay). */
  fetch?(id: Id, ctx: CallContext): Promise<T>;
  /**
   * Look for the record an ambiguous write may have made: for a create, every record it would match (newest
   * first; the pipeline lists them before sending too, and accepts only one that was not there then); for a
   * change, the record when it stands as the change leaves it. A lookup that throws proves nothing (the
   * answer becomes uncertain, never "absent"). Writes without it: an ambiguous failure is `uncertain`,
   * unless the request is idempotent (the HTTP core then retried it).
   */
  reconcile?(ctx: CallContext): Promise<T | readonly T[] | undefined>;
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
  ledger?: IdempotencyLedger;
  audit?: AuditSink;
  /** How long to keep looking for a late commit after an ambiguous failure (default 10 s). */
  reconcileWindowMs?: number;
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
  const writeId = nodeCrypto().randomBytes(6).toString("hex");
  let intended = false;
  const audit = async (outcome: string, extra: Record<string, unknown> = {}) => {
    audited.add(call);
    await services.audit?.append({
      tool: plan.tool,
      ...(call.user ? { user: call.user } : {}),
      args: plan.args,
      request: { method: request.method, path: request.path },
      outcome,
      ...(intended ? { write_id: writeId } : {}),
      ...extra,
    });
  };
  const ledger = plan.idempotencyKey ? services.ledger : undefined;
  const key = plan.idempotencyKey ?? "";
  /** Set while this call holds the key: recorded on success, released otherwise. */
  let claim: string | undefined;
  /** The request may have reached the vendor and its outcome is unknown: the key stays taken. */
  let unsettled = false;
  const replayed = async (id: Id): Promise<WriteReport<T>> => {
    const value = plan.fetch ? await plan.fetch(id, ctx) : undefined;
    await audit("replayed", { result_id: id });
    return { outcome: "replayed", value, notes: [`Same idempotency_key and arguments as an earlier call: returning record ${id}; nothing was sent.`] };
  };
  const done = async (report: { value: T; requestId?: string; notes: string[]; outcome: WriteOutcome }): Promise<WriteReport<T>> => {
    if (ledger && claim) {
      await ledger.record(plan.tool, key, plan.args, plan.idOf(report.value), claim);
      claim = undefined;
    }
    await audit(report.outcome, { request_id: report.requestId, result_id: plan.idOf(report.value) });
    services.written?.(plan.tool, report.value);
    return report;
  };

  try {
    let orphaned: Orphaned | undefined;
    if (ledger && plan.dryRun) {
      const replay = await ledger.lookup(plan.tool, key, plan.args);
      if (replay) return await replayed(replay.id);
    } else if (ledger) {
      const claimed = await ledger.claim(plan.tool, key, plan.args, call.signal);
      if ("replay" in claimed) return await replayed(claimed.replay);
      claim = claimed.token;
      orphaned = claimed.orphaned;
    }

    // A call with this key was sent before and never finished (its process died, or its outcome stayed
    // unknown): look for what it made instead of sending again.
    if (orphaned?.sending) {
      unsettled = true;
      return await done(await reconcileOrphan(plan, ctx, orphaned, services));
    }

    plan.guard?.();

    if (plan.dryRun) return await dryRun(plan, ctx, request, audit);

    const existing = await plan.preflight?.(ctx);
    if (existing) {
      // The key now stands for the record that already existed, so a repeat returns it again.
      if (ledger && claim) {
        await ledger.record(plan.tool, key, plan.args, plan.idOf(existing.value), claim);
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
      // A preview the connection words itself (stateless HTTP: with a confirm token for the repeat).
      if (typeof answer === "object") {
        await audit("preview");
        return { outcome: "preview", request, notes: [`${plan.irreversible}. This cannot be undone, so it was not sent.`, ...answer.preview] };
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

    // The records a create's reconcile would match already: none of them can be the one this call makes.
    const known = plan.success === "created" && plan.reconcile ? idsOf(plan, await plan.reconcile(ctx)) : [];
    const sentAt = new Date().toISOString();
    // Write-ahead: the intent is on record (audit, and the ledger claim) before the request leaves.
    if (ledger && claim) await ledger.sending(plan.tool, key, claim, { at: sentAt, known });
    intended = true;
    await audit("intent");
    unsettled = true;
    const report = await sendReconciling(plan, ctx, new Set(known), services);
    return await done(report);
  } catch (err) {
    if (isVendorError(err) && !err.writeMayHaveHappened) unsettled = false; // the vendor refused it: nothing changed
    if (!(err instanceof NotConfirmedError)) {
      await audit(err instanceof UncertainOutcomeError ? "uncertain" : "refused", {
        error: errorSummary(err),
        request_id: isVendorError(err) ? err.requestId : undefined,
      });
    }
    throw err;
  } finally {
    if (ledger && claim) await ledger.release(plan.tool, key, claim, { uncertain: unsettled }).catch(() => undefined);
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

/** The ids of what a reconcile lookup returned (one record, a list, or nothing). */
function idsOf<T>(plan: WritePlan<T>, found: T | readonly T[] | undefined): string[] {
  if (found === undefined) return [];
  return (Array.isArray(found) ? (found as readonly T[]) : [found as T]).map((v) => String(plan.idOf(v)));
}

/** The first record the lookup returned that was not known before sending. */
function firstNew<T>(plan: WritePlan<T>, found: T | readonly T[] | undefined, known: ReadonlySet<string>): T | undefined {
  if (found === undefined) return undefined;
  const list = Array.isArray(found) ? (found as readonly T[]) : [found as T];
  return list.find((v) => !known.has(String(plan.idOf(v))));
}

type Sent<T> = { value: T; requestId?: string; notes: string[]; outcome: WriteOutcome };

/**
 * Send once, never twice. The HTTP core has already retried what a repeat provably leaves unchanged (reads,
 * idempotent PUTs, a request refused before it was read: connection refused, 429). After an ambiguous failure
 * of anything else (timeout, reset, 5xx) the record is looked for, over a bounded window in case the vendor
 * commits late: found → `reconciled`; not found, or the lookup itself failing → `uncertain`, with the lookup
 * to run. Nothing is re-sent: a 5xx or a timeout cannot prove the request was not applied.
 */
async function sendReconciling<T>(plan: WritePlan<T>, ctx: CallContext, known: ReadonlySet<string>, services: SafetyServices): Promise<Sent<T>> {
  try {
    const r = await plan.op.run(ctx);
    return { value: r.value, requestId: r.requestId, notes: r.warnings ?? [], outcome: plan.success };
  } catch (err) {
    if (!isVendorError(err)) throw err;
    if (!err.writeMayHaveHappened) {
      const reached = await alreadyThere(plan, ctx, err);
      if (reached) return reached;
      throw err;
    }
    if (!plan.reconcile) throw uncertain(plan, err, "lookup_unavailable");
    const found = await lookFor(plan, ctx, known, Date.now(), services);
    if (found.value !== undefined) {
      return {
        value: found.value,
        requestId: err.requestId,
        notes: [`The vendor did not answer cleanly (${failure(err)}) but the change landed: found it on lookup; nothing was sent twice.`],
        outcome: "reconciled",
      };
    }
    throw uncertain(plan, err, found.lookupFailed ? "lookup_failed" : "not_found");
  }
}

/**
 * A change (not a create) refused by the vendor while the record already stands as the change leaves it
 * (a status move to the status it has): the goal holds, so it is success, never an error.
 */
async function alreadyThere<T>(plan: WritePlan<T>, ctx: CallContext, err: VendorError): Promise<Sent<T> | undefined> {
  if (plan.success !== "updated" || !plan.reconcile || err.status === undefined) return undefined;
  if (![400, 409, 412, 422].includes(err.status)) return undefined;
  const now = await plan.reconcile(ctx).catch(() => undefined);
  const value = now === undefined ? undefined : Array.isArray(now) ? (now as readonly T[])[0] : (now as T);
  if (value === undefined) return undefined;
  return { value, requestId: err.requestId, notes: [`The vendor refused the request (${failure(err)}), but the record already stands as requested.`], outcome: "reconciled" };
}

/**
 * Poll the reconcile lookup: at once, then after 0.5, 1, 2, 4 … s, until the window since `from` is spent (or
 * `until`, when sooner). A lookup that fails is not "absent": it is remembered so the answer can say the check
 * could not be made.
 */
async function lookFor<T>(
  plan: WritePlan<T>,
  ctx: CallContext,
  known: ReadonlySet<string>,
  from: number,
  services: SafetyServices,
  until = Number.POSITIVE_INFINITY,
): Promise<{ value?: T; lookupFailed: boolean }> {
  const windowMs = services.reconcileWindowMs ?? DEFAULT_RECONCILE_WINDOW_MS;
  const end = Math.min(from + windowMs, until);
  let lastFailed = false;
  for (let round = 0, waitMs = 500; ; round++, waitMs *= 2) {
    try {
      const value = firstNew(plan, await plan.reconcile!(ctx), known);
      if (value !== undefined) return { value, lookupFailed: false };
      lastFailed = false;
    } catch {
      if (ctx.signal?.aborted) return { lookupFailed: true };
      lastFailed = true;
    }
    const left = end - Date.now();
    if (left <= 0) return { lookupFailed: lastFailed };
    try {
      await abortableSleep(Math.min(waitMs, left), ctx.signal);
    } catch {
      return { lookupFailed: lastFailed };
    }
  }
}

/** How long a repeat of an orphaned keyed call looks for the earlier call's record before answering. */
const ORPHAN_ANSWER_MS = 600;

/** A claim whose call was sent and never finished: look for its record, counting the window from its send. */
async function reconcileOrphan<T>(plan: WritePlan<T>, ctx: CallContext, orphaned: Orphaned, services: SafetyServices): Promise<Sent<T>> {
  const sending = orphaned.sending!;
  const lookup = plan.lookup ?? { tool: "list_jobs", arguments: {} };
  if (!plan.reconcile) {
    throw new UncertainOutcomeError(
      `An earlier call with this idempotency_key sent "${plan.op.summary}" at ${sending.at} and never learned the outcome; this server cannot look it up, so nothing was sent again.`,
      lookup,
    );
  }
  // The repeat answers within about a second (issue 14): a look now and one more half a second later, inside
  // the late-commit window counted from the original send. Not found yet is `uncertain`, and the key stays
  // orphaned, so a later repeat looks again rather than sending.
  const found = await lookFor(plan, ctx, new Set(sending.known), Date.parse(sending.at) || Date.now(), services, Date.now() + ORPHAN_ANSWER_MS);
  if (found.value !== undefined) {
    return {
      value: found.value,
      notes: [`An earlier call with this idempotency_key sent this at ${sending.at} and never finished; the record it made was found on lookup, and nothing was sent again.`],
      outcome: "reconciled",
    };
  }
  throw new UncertainOutcomeError(
    `An earlier call with this idempotency_key sent "${plan.op.summary}" at ${sending.at} and never learned the outcome; ${
      found.lookupFailed ? "the lookup failed" : "the record could not be found"
    }, so nothing was sent again. Check with the lookup below; repeating this call with the same idempotency_key looks again (a late commit is found then), and if the record does not exist, call again with a new idempotency_key.`,
    lookup,
  );
}

function failure(err: VendorError): string {
  return `${err.kind}${err.status ? ` ${err.status}` : ""}`;
}

function uncertain<T>(plan: WritePlan<T>, err: VendorError, why: "lookup_unavailable" | "lookup_failed" | "not_found"): UncertainOutcomeError {
  const reason =
    why === "not_found"
      ? "and the record could not be found yet"
      : why === "lookup_failed"
        ? "and the lookup to check it failed too"
        : "and this change has no lookup to check it";
  return new UncertainOutcomeError(
    `The vendor did not confirm "${plan.op.summary}" (${failure(err)}) ${reason}; it may or may not have happened. Nothing was sent twice.`,
    plan.lookup ?? { tool: "list_jobs", arguments: {} },
    err.requestId,
  );
}
