/**
 * The contracts of the state a server keeps beside the vendor: the idempotency ledger, the audit log, the
 * shared vendor rate budget and the account-settings bus. Each has two implementations, chosen by
 * configuration in one place (`src/state/select.ts`):
 * - embedded (the laptop default): files in `FSM_STATE_DIR` and in-process structures (`src/state/embedded/`,
 *   today's `src/safety/ledger.ts` and `src/safety/audit.ts` until they move);
 * - Redis (team mode, `FSM_REDIS_URL`): several replicas behind a load balancer act as one (`src/state/redis/`).
 * stdio never loads the Redis side (see test/e2e/imports.test.ts).
 *
 * Tools and the write pipeline see only these interfaces.
 */
import type { Id } from "../domain/types.js";
import type { AuditEntry } from "../safety/audit.js";

/**
 * What `IdempotencyLedger.claim` found: an earlier result to replay, or the key is now ours until
 * `record()` or `release()`. `orphaned` is set when the key was taken over from a claim whose owner died
 * (its request may have reached the vendor): the caller must reconcile (look the record up) before it sends.
 */
export type Claim = { replay: Id } | { token: string; orphaned?: { since: string } };

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
  /** Give a claimed key back (the call sent nothing, or provably failed): a later call with it may send. */
  release(tool: string, key: string, token: string): Promise<void>;
  /** The key's result: replayed from now on. */
  record(tool: string, key: string, args: Record<string, unknown>, id: Id, token?: string): Promise<void>;
  close?(): Promise<void>;
}

export interface AuditSink {
  /** One line per write, dry run and refused write; contact details and secrets redacted by the sink. */
  append(entry: AuditEntry): Promise<void>;
  /** The newest lines, oldest first. */
  recent(limit?: number): Promise<Record<string, unknown>[]>;
  close?(): Promise<void>;
}
