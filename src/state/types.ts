/**
 * The contracts of the state a server keeps beside the vendor: the idempotency ledger, the audit log, the
 * shared vendor rate budget and the account-settings bus. Each has two implementations, chosen by
 * configuration in one place (`src/state/select.ts`):
 * - embedded (the laptop default): files in `FSM_STATE_DIR` and in-process structures (`src/state/embedded/`);
 * - Redis (team mode, `FSM_REDIS_URL`): several replicas behind a load balancer act as one (`src/state/redis/`).
 * stdio never loads the Redis side (see test/e2e/imports.test.ts).
 *
 * Tools and the write pipeline see only these interfaces.
 */
import type { Id } from "../domain/types.js";
import type { AuditEntry } from "../safety/audit.js";

export type { AuditEntry };

/**
 * What `IdempotencyLedger.claim` found: an earlier result to replay, or the key is now ours until
 * `record()` or `release()`. `orphaned` is set when the key was taken over from a claim whose owner died
 * (its request may have reached the vendor): the caller must reconcile (look the record up) before it sends.
 */
export type Claim = { replay: Id } | { token: string; orphaned?: Orphaned };

/** What a claim knew when its owner died or gave it up. */
export interface Orphaned {
  /** When the key was claimed. */
  since: string;
  /** Present when the request had been handed to the vendor (see `IdempotencyLedger.sending`). */
  sending?: SendingInfo;
}

/** Written into a claim just before its request leaves, so whoever takes the claim over can reconcile. */
export interface SendingInfo {
  /** When the request left (ISO). */
  at: string;
  /** Ids of the records the reconcile lookup already matched before sending: never "ours". */
  known: string[];
}

export interface IdempotencyLedger {
  /**
   * The earlier result for this key, or undefined (also while another call holds it). Throws
   * IdempotencyConflictError on different arguments. Sends nothing: dry runs use it instead of claim().
   */
  lookup(tool: string, key: string, args: Record<string, unknown>): Promise<{ id: Id } | undefined>;
  /**
   * Replay the earlier result for this key, or claim the key for a call about to send. While another live
   * call holds the key, wait for it (then replay its result, or claim the key if it sent nothing).
   */
  claim(tool: string, key: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<Claim>;
  /**
   * The claimed request is about to leave: keep `info` with the claim, so that if this process dies (or the
   * outcome stays unknown) the next claim comes back `orphaned` with it and reconciles instead of sending.
   */
  sending(tool: string, key: string, token: string, info: SendingInfo): Promise<void>;
  /**
   * Give a claimed key back. Plain: the call sent nothing, or the vendor provably refused it; a later call
   * with the key may send. `uncertain`: the request left and its outcome is unknown; the key stays taken,
   * and the next claim of it (any process) comes back `orphaned` so that it looks the record up first.
   */
  release(tool: string, key: string, token: string, opts?: { uncertain?: boolean }): Promise<void>;
  /** The key's result: replayed from now on. */
  record(tool: string, key: string, args: Record<string, unknown>, id: Id, token?: string): Promise<void>;
  close?(): Promise<void>;
}

export interface AuditSink {
  /**
   * One line per write, dry run and refused write; contact details and secrets redacted by the sink (see
   * `auditLine` in src/safety/audit.ts). A line with outcome "intent" is written before a request leaves and
   * must be durable when `append` resolves: a kill after that still leaves the write on record.
   */
  append(entry: AuditEntry): Promise<void>;
  /** The newest lines, oldest first; a line torn by a crash is skipped. */
  recent(limit?: number): Promise<Record<string, unknown>[]>;
  close?(): Promise<void>;
}
