/**
 * The idempotency ledger on Redis: the same semantics as the file ledger (src/state/embedded/ledger.ts), shared by
 * every replica.
 *
 * Per key, a hash `…idem:<namespace>|<tool>|<key>` {hash of the arguments, id once recorded, at, pending
 * token} kept 30 days, and while a call is in flight a lease `…:lease` = its token, set with `SET NX PX` and
 * refreshed every third of its life while the call runs. Each step is one Lua script, so a claim is atomic
 * across replicas: the same key sent to two replicas at the same instant is claimed by one, the other waits
 * and replays its result. A replica that dies mid-call stops refreshing; once its lease lapses (seconds, not
 * minutes: FSM_REDIS_CLAIM_LEASE_SECONDS) the next caller takes the key over as `orphaned`, and the write
 * pipeline looks the record up before it sends anything.
 *
 * Redis unreachable: lookup and claim throw SharedStateUnavailableError (the write is refused before it is
 * sent). A record() that fails after the vendor accepted the write does not turn that success into an error:
 * the lease lapses and a repeat of the call is treated as orphaned (looked up, not re-sent).
 *
 * A command that gives no answer in time may still have run (a replica starved of CPU reads a prompt reply
 * too late). Refusing then would be false, and acting as if it had not run could hold a key nobody uses, so
 * every step here is idempotent per claim token and is simply asked again, patiently, on the same connection
 * (which answers in order): the second answer says what the first did. Only when Redis does not answer that
 * either is the write refused; the claim that may have landed lapses with its lease, unsent.
 */
import { randomBytes } from "node:crypto";
import { IdempotencyConflictError } from "../../domain/errors.js";
import type { Id } from "../../domain/types.js";
import type { Logger } from "../../log.js";
import { argsHash } from "../embedded/ledger.js";
import { ClaimLostError, SharedStateUnavailableError } from "../errors.js";
import type { Claim, IdempotencyLedger, SendingInfo } from "../types.js";
import { KEY_PREFIX, neverSent, reasonOf, type RedisConnection } from "./connection.js";

const RETENTION_MS = 30 * 24 * 3600 * 1000;
/** A waiter gives up after this long (longer than any single write takes: timeouts × attempts, reconcile). */
const MAX_WAIT_MS = 120_000;
const POLL_MIN_MS = 20;
const POLL_MAX_MS = 250;

/**
 * KEYS: entry, lease. ARGV: args hash, token, lease ms, now (ISO), retention ms. Idempotent per token: run again
 * after its answer was lost, it gives the same answer (`taken` marks a claim that was a takeover).
 */
const CLAIM = `
local e = redis.call('HMGET', KEYS[1], 'hash', 'id', 'at', 'pending', 'sending', 'taken')
if e[1] then
  if e[1] ~= ARGV[1] then return {'conflict', e[2] or '', e[3] or ''} end
  if e[2] then return {'replay', e[2]} end
  if e[4] == ARGV[2] then
    -- This claim ran already: the key is ours (nobody else claims while 'pending' is our token).
    redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
    if e[6] == ARGV[2] then return {'orphaned', e[3] or '', e[5] or ''} end
    return {'claimed'}
  end
  if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then
    redis.call('HSET', KEYS[1], 'pending', ARGV[2], 'taken', ARGV[2])
    return {'orphaned', e[3] or '', e[5] or ''}
  end
  return {'wait', e[3] or ''}
end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'at', ARGV[4], 'pending', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return {'claimed'}
`;

/** KEYS: lease. ARGV: token, lease ms. */
const REFRESH = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/**
 * KEYS: entry. ARGV: token, sending info (JSON). Kept with the claim for whoever takes it over. 0: the claim is
 * no longer ours (its lease lapsed and another call took the key over), so this call must not send.
 */
const SENDING = `
if redis.call('HGET', KEYS[1], 'pending') == ARGV[1] then redis.call('HSET', KEYS[1], 'sending', ARGV[2]) return 1 end
return 0
`;

/** KEYS: lease. ARGV: token. The outcome is unknown: only the lease goes, so the next claim comes back orphaned. */
const RELEASE_UNCERTAIN = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

/** KEYS: entry, lease. ARGV: token. Only the holder may give the key back, and only if nothing was recorded. */
const RELEASE = `
local e = redis.call('HMGET', KEYS[1], 'id', 'pending')
if not e[1] and e[2] == ARGV[1] then redis.call('DEL', KEYS[1]) end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
`;

/** KEYS: entry, lease. ARGV: args hash, id (JSON), now (ISO), retention ms, token. The first recorded id wins. */
const RECORD = `
local id = redis.call('HGET', KEYS[1], 'id')
if id then return id end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'id', ARGV[2], 'at', ARGV[3])
redis.call('HDEL', KEYS[1], 'pending')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if ARGV[5] == '' or redis.call('GET', KEYS[2]) == ARGV[5] then redis.call('DEL', KEYS[2]) end
return ARGV[2]
`;

export class RedisLedger implements IdempotencyLedger {
  private readonly refreshers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly redis: RedisConnection,
    /** Which vendor account the ids belong to (as the file ledger's namespace). */
    private readonly namespace: string,
    private readonly logger: Logger,
    private readonly leaseMs: number,
  ) {}

  private keys(tool: string, key: string): [string, string] {
    const entry = `${KEY_PREFIX}idem:${this.namespace}|${tool}|${key}`;
    return [entry, `${entry}:lease`];
  }

  private unavailable(error: unknown): SharedStateUnavailableError {
    return new SharedStateUnavailableError("The shared idempotency ledger", this.redis.shown, reasonOf(error));
  }

  /**
   * One step against Redis. When it fails in a way that leaves open whether it ran (no reply in time), ask
   * again once with the patient timeout: every step is idempotent, so the second answer is what the first did
   * (the connection answers in order). Refused as unavailable only when Redis does not answer that either;
   * `refusal` words that case when the first may have left something behind.
   */
  private async ask<T>(step: (patient: boolean) => Promise<T>, what = "read of the idempotency ledger", refusal = (error: unknown) => this.unavailable(error)): Promise<T> {
    try {
      return await step(false);
    } catch (error) {
      if (neverSent(error)) throw this.unavailable(error);
      this.logger.warn("ledger", `no answer in time to the ${what} (${reasonOf(error)}); asking Redis what became of it`);
      try {
        return await step(true);
      } catch (again) {
        throw refusal(again);
      }
    }
  }

  /** Unreachable after a claim that may have landed: it was never refreshed, so it lapses by itself, unsent. */
  private mayHold(error: unknown, key: string): SharedStateUnavailableError {
    const refused = this.unavailable(error);
    refused.hints.unshift(
      `The claim of idempotency_key "${key}" may have reached Redis before it stopped answering: it frees itself within ${this.leaseMs / 1000} s, and a repeat with the same key waits for that, then sends once.`,
    );
    return refused;
  }

  async lookup(tool: string, key: string, args: Record<string, unknown>): Promise<{ id: Id } | undefined> {
    const [entry] = this.keys(tool, key);
    const e = await this.ask((patient) => (patient ? this.redis.patient : this.redis.client).hmGet(entry, ["hash", "id", "at"]));
    if (!e[0]) return undefined;
    if (e[0] !== argsHash(args)) throw conflict(key, e[1] ?? "", e[2] ?? "");
    return e[1] ? { id: JSON.parse(e[1]) as Id } : undefined;
  }

  async claim(tool: string, key: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<Claim> {
    const [entry, lease] = this.keys(tool, key);
    const hash = argsHash(args);
    const token = `${process.pid}.${randomBytes(8).toString("hex")}`;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const at = new Date().toISOString();
      const answer = await this.ask(
        (patient) => this.redis.script<string[]>(CLAIM, [entry, lease], [hash, token, this.leaseMs, at, RETENTION_MS], { patient }),
        `claim of idempotency key "${key}" (${tool})`,
        (error) => this.mayHold(error, key),
      );
      const [what, a = "", b = "", c = ""] = answer;
      if (what === "conflict") throw conflict(key, a, b);
      if (what === "replay") return { replay: JSON.parse(a) as Id };
      if (what === "claimed" || what === "orphaned") {
        this.keepAlive(lease, token);
        if (what === "claimed") return { token };
        this.logger.warn("ledger", `idempotency key "${key}" (${tool}) was held by a replica that stopped (in flight since ${a}); taken over, its record is looked up before anything is sent`);
        return { token, orphaned: { since: a, ...(c ? { sending: JSON.parse(c) as SendingInfo } : {}) } };
      }
      // Held by a live call on this or another replica: wait for its result (short polls, bounded).
      signal?.throwIfAborted();
      if (Date.now() - started > MAX_WAIT_MS) {
        throw new SharedStateUnavailableError(`The idempotency key "${key}" is still in flight on another replica after ${MAX_WAIT_MS / 1000} s; the ledger`, this.redis.shown, "held");
      }
      await sleep(Math.min(POLL_MAX_MS, POLL_MIN_MS * 2 ** Math.min(attempt, 4)), signal);
    }
  }

  /**
   * The request is about to leave: kept with the claim, so a replica that takes the key over after this one dies
   * knows it may have reached the vendor (and which records it must not count as its own).
   */
  async sending(tool: string, key: string, token: string, info: SendingInfo): Promise<void> {
    const [entry] = this.keys(tool, key);
    // Refuse to send rather than send without a trace a takeover could reconcile from.
    const held = await this.ask(
      (patient) => this.redis.script<number>(SENDING, [entry], [token, JSON.stringify(info)], { patient }),
      `note that idempotency key "${key}" (${tool}) is sending`,
    );
    // Our lease lapsed (this process stalled longer than a lease) and another call took the key over: it
    // sends, or has sent, this very write; sending it here too would be the duplicate the key exists to stop.
    if (held !== 1) throw new ClaimLostError(key);
  }

  async release(tool: string, key: string, token: string, opts: { uncertain?: boolean } = {}): Promise<void> {
    const [entry, lease] = this.keys(tool, key);
    this.stopKeepAlive(token);
    try {
      if (opts.uncertain) await this.redis.script(RELEASE_UNCERTAIN, [lease], [token]);
      else await this.redis.script(RELEASE, [entry, lease], [token]);
    } catch (error) {
      // The lease lapses by itself; a later call then looks the record up first.
      this.logger.warn("ledger", `cannot give back idempotency key "${key}" (${reasonOf(error)}); it frees itself within ${this.leaseMs / 1000} s`);
    }
  }

  async record(tool: string, key: string, args: Record<string, unknown>, id: Id, token?: string): Promise<void> {
    const [entry, lease] = this.keys(tool, key);
    if (token) this.stopKeepAlive(token);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        // After a failure that may have run, ask again patiently: RECORD keeps the first id, so a repeat is harmless.
        await this.redis.script(RECORD, [entry, lease], [argsHash(args), JSON.stringify(id), new Date().toISOString(), RETENTION_MS, token ?? ""], { patient: attempt > 0 });
        return;
      } catch (error) {
        if (attempt === 2) {
          // The write landed: never report it as failed. A repeat finds the lapsed claim and reconciles.
          this.logger.error("ledger", `cannot record idempotency key "${key}" → ${String(id)} (${reasonOf(error)}); a repeat of this call will look the record up instead of replaying it`);
          return;
        }
        await sleep(200 * (attempt + 1));
      }
    }
  }

  async close(): Promise<void> {
    for (const timer of this.refreshers.values()) clearInterval(timer);
    this.refreshers.clear();
  }

  /** Refresh the lease while the call runs: a dead replica's claim lapses within one lease. */
  private keepAlive(lease: string, token: string): void {
    const timer = setInterval(() => {
      this.redis.script<number>(REFRESH, [lease], [token, this.leaseMs]).then(
        (ok) => {
          if (!ok) this.stopKeepAlive(token);
        },
        () => undefined, // Redis away for a moment: the next tick tries again, the lease covers the gap
      );
    }, Math.max(100, Math.floor(this.leaseMs / 3)));
    timer.unref();
    this.refreshers.set(token, timer);
  }

  private stopKeepAlive(token: string): void {
    clearInterval(this.refreshers.get(token));
    this.refreshers.delete(token);
  }
}

function conflict(key: string, id: string, at: string): IdempotencyConflictError {
  return new IdempotencyConflictError(key, id ? { previous_id: JSON.parse(id) as Id, first_used_at: at } : { in_flight_since: at });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
