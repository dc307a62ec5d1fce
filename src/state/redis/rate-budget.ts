/**
 * The vendor rate budget every replica shares (team mode): one budget per vendor credential, kept in Redis
 * and spent by Lua scripts, so replicas queue instead of collecting 429s.
 *
 * Why a script of our own and not `rate-limiter-flexible`: that library counts fixed points per duration,
 * known in advance. The vendor's limit is learned at run time from its `X-RateLimit-*` answers, requests in
 * flight must hold a slot until answered (the vendor counts them on arrival, we learn of it on the answer),
 * and a busy desk needs a fair share per user; each is a few lines in one script, atomic on the Redis side.
 *
 * The model, per credential (its SHA-256, never the key): a sorted set of our requests, scored by when each
 * stops counting (in flight: admission + a cap; answered: answer time, counted for one window after), the
 * learned limit and window, and a shared `blocked until` (a 429's Retry-After, or a vendor that says
 * remaining 0 while we think slots are free: someone else spends the key). Times are Redis's clock (TIME),
 * so replicas on machines whose clocks differ still agree.
 * - Budget not yet known and the vendor sends rate headers: one request at a time across all replicas
 *   until an answer carries them, or HEADERLESS_ANSWERS_END_HOLD answers did not (as the embedded limiter,
 *   src/http/rate-limiter.ts).
 * - Fair share: users who asked in the last two seconds are "active"; with more than one, a user holding
 *   ceil(limit / active) slots of the window waits while the others go.
 * - Background work (the lookup index's fill: thousands of pages, nobody waiting) leaves the same reserve of
 *   the window to interactive calls as the embedded limiter does (BACKGROUND_RESERVE), and counts as a user of
 *   its own for fair share: a fill started by one dispatcher's lookup neither spends that dispatcher's share
 *   nor empties the window a colleague's call on another replica needs.
 * - The window's length is learned as the embedded limiter learns it (an answer that shows its request
 *   alone in the window); until then one second, and a "remaining 0" answer holds every replica.
 *
 * Redis unreachable: each request falls back to this replica's embedded limiter, so reads keep working
 * (without the cross-replica guarantee until Redis is back).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Logger } from "../../log.js";
import { BACKGROUND_RESERVE, HEADERLESS_ANSWERS_END_HOLD, inBackground, RateLimiter, resetHeaderMs, type RateGate, type RateLimitWait, type RateLimitWaitReason } from "../../http/rate-limiter.js";
import { currentCaller } from "../caller.js";
import { KEY_PREFIX, reasonOf, type RedisConnection } from "./connection.js";

type HeaderBag = Record<string, string | string[] | undefined>;

/** Users who asked within this long share the budget. */
const ACTIVE_USER_MS = 2000;
/** Longest a waiter sleeps before asking again (a settle on any replica wakes it sooner, over pub/sub). */
const POLL_MAX_MS = 100;
const SLOT_MARGIN_MS = 5;

/** Who background work is for fair share: one participant of its own, beside the signed-in users (their `sub`) and "anonymous". */
const BACKGROUND_USER = "(background)";

/**
 * KEYS: state, log, users. ARGV: member, user, hold (1/0), in-flight cap ms, background (1/0). → {admitted, wait ms, reason}
 * The background reserve is backgroundReserve() of rate-limiter.ts written in Lua: min(limit - 1, max(1, floor(limit × share))).
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local st = redis.call('HMGET', KEYS[1], 'limit', 'window', 'blocked')
local limit = tonumber(st[1])
local window = tonumber(st[2]) or 1000
local blocked = tonumber(st[3]) or 0
redis.call('ZADD', KEYS[3], now, ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - ${ACTIVE_USER_MS})
redis.call('PEXPIRE', KEYS[3], 60000)
if blocked > now then return {0, blocked - now, 'retry_after'} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window - ${SLOT_MARGIN_MS})
if not limit then
  -- Budget unknown: only whether a request is in flight matters.
  local headerless = tonumber(redis.call('HGET', KEYS[1], 'headerless')) or 0
  if ARGV[3] == '1' and headerless < ${HEADERLESS_ANSWERS_END_HOLD} and redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf') > 0 then return {0, ${POLL_MAX_MS}, 'first_request'} end
else
  local used = redis.call('ZCARD', KEYS[2])
  if used >= limit then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
    if oldest[2] then return {0, tonumber(oldest[2]) + window + ${SLOT_MARGIN_MS} - now, 'window_exhausted'} end
    return {0, ${POLL_MAX_MS}, 'window_exhausted'}
  end
  if ARGV[5] == '1' and used >= limit - math.min(limit - 1, math.max(1, math.floor(limit * ${BACKGROUND_RESERVE}))) then
    -- Background work stops short of the reserve; the interactive caller that comes along takes it.
    return {0, ${POLL_MAX_MS}, 'background_reserve'}
  end
  local users = redis.call('ZCARD', KEYS[3])
  if users > 1 then
    -- Fair share: count this user's slots (at most the limit's worth of entries to scan).
    local mine, prefix = 0, ARGV[2] .. '|'
    for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
      if string.sub(member, 1, #prefix) == prefix then mine = mine + 1 end
    end
    if mine >= math.ceil(limit / users) then return {0, ${POLL_MAX_MS}, 'fair_share'} end
  end
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[2], 3600000)
return {1, 0, ''}
`;

/** KEYS: state, log. ARGV: member, limit, remaining, reset (ms), window candidate (ms) ('' when unknown), answered (1/0). */
const SETTLE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then redis.call('ZADD', KEYS[2], 'XX', now, ARGV[1]) end
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'limit', ARGV[2]) end
-- An answer without rate information (ARGV[6] = '1'): enough of them in a row end the cold-start hold.
if ARGV[6] == '1' and ARGV[2] == '' and ARGV[3] == '' then redis.call('HINCRBY', KEYS[1], 'headerless', 1) end
if ARGV[5] ~= '' then
  local w = tonumber(redis.call('HGET', KEYS[1], 'window'))
  if (not w) or tonumber(ARGV[5]) < w then redis.call('HSET', KEYS[1], 'window', ARGV[5]) end
end
local limit = tonumber(redis.call('HGET', KEYS[1], 'limit'))
if ARGV[3] == '0' and ARGV[4] ~= '' and limit then
  -- The vendor says the window is spent: if our own count disagrees, someone else spends this key.
  local window = tonumber(redis.call('HGET', KEYS[1], 'window')) or 1000
  local used = redis.call('ZCOUNT', KEYS[2], now - window, '+inf')
  if used < limit then
    local blocked = tonumber(redis.call('HGET', KEYS[1], 'blocked')) or 0
    if tonumber(ARGV[4]) > blocked then redis.call('HSET', KEYS[1], 'blocked', ARGV[4]) end
  end
end
redis.call('PEXPIRE', KEYS[1], 86400000)
-- Waiters on every replica ask again now, rather than at their next poll.
redis.call('PUBLISH', KEYS[1] .. ':settled', '1')
return 1
`;

/** KEYS: state. ARGV: ms. */
const BLOCK = `
local t = redis.call('TIME')
local until_ = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
local blocked = tonumber(redis.call('HGET', KEYS[1], 'blocked')) or 0
if until_ > blocked then redis.call('HSET', KEYS[1], 'blocked', until_) end
redis.call('PEXPIRE', KEYS[1], 86400000)
return 1
`;

export interface SharedRateBudgetOptions {
  /** Identifies the vendor credential (hashed here; never stored). */
  credential: string;
  /** Hold a cold burst until an answer carries rate headers (false for vendors that send none). */
  holdFirstRequest?: boolean;
  /** The embedded limiter's options, for when Redis is away. */
  rollingWindow?: boolean;
  maxPerSecond?: number;
  /** How long an unanswered request keeps its slot (a replica that died mid-request): above the request timeout. */
  inFlightCapMs: number;
  logger: Logger;
}

/** A stable, one-way id for a credential: budgets are keyed by it, the key itself never reaches Redis. */
export function credentialId(credential: string): string {
  return createHash("sha256").update(`fsm-mcp rate budget\0${credential}`).digest("hex").slice(0, 32);
}

export class SharedRateBudget implements RateGate {
  private readonly keys: [string, string, string];
  private readonly hold: boolean;
  private readonly fallback: RateLimiter;
  /** Our admitted, unsettled requests, oldest first: their log members, or null when the fallback admitted them. */
  private readonly inFlight: Array<string | null> = [];
  /** Wakes local waiters when one of our requests settles (others' settle is seen by polling). */
  private wake = new Set<() => void>();
  private waiting = 0;
  private warned = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly opts: SharedRateBudgetOptions,
  ) {
    const base = `${KEY_PREFIX}rate:${credentialId(opts.credential)}`;
    this.keys = [base, `${base}:log`, `${base}:users`];
    this.hold = opts.holdFirstRequest ?? true;
    this.fallback = new RateLimiter({ holdFirstRequest: opts.holdFirstRequest, rollingWindow: opts.rollingWindow, maxPerSecond: opts.maxPerSecond });
    // A slot freed on any replica wakes this replica's waiters (polling remains the backstop).
    const subscribe = () => redis.subscriber.subscribe(`${base}:settled`, () => this.wakeAll()).catch(() => undefined);
    if (redis.subscriber.isReady) void subscribe();
    else redis.subscriber.once("ready", () => void subscribe());
  }

  private wakeAll(): void {
    for (const wake of [...this.wake]) wake();
  }

  async acquire(signal?: AbortSignal, onWait?: (wait: RateLimitWait) => void): Promise<number> {
    const started = Date.now();
    const background = inBackground();
    const user = background ? BACKGROUND_USER : currentCaller();
    let reported: RateLimitWaitReason | undefined;
    this.waiting++;
    try {
      for (;;) {
        signal?.throwIfAborted();
        const member = `${user}|${randomBytes(6).toString("hex")}`;
        let answer: [number, number, string];
        try {
          answer = await this.redis.script<[number, number, string]>(ACQUIRE, this.keys, [member, user, this.hold ? 1 : 0, this.opts.inFlightCapMs, background ? 1 : 0]);
        } catch (error) {
          // A command timeout is not proof that Redis is away: under load (a starved event loop fires the
          // timer before it reads the reply) the script may well have run and admitted us. Falling back then
          // would send outside the shared budget while our slot sits in it, and the replicas together
          // overshoot the vendor. Ask Redis whether it admitted us; only when it does not answer either do
          // we pace on our own.
          const admittedAnyway = await this.wasAdmitted(member);
          if (admittedAnyway === true) {
            this.inFlight.push(member);
            return Date.now() - started;
          }
          if (admittedAnyway === false) continue;
          this.warnOnce(error);
          await this.fallback.acquire(signal, onWait);
          this.inFlight.push(null);
          return Date.now() - started;
        }
        this.warned = false;
        const [admitted, waitMs, reason] = answer;
        if (admitted === 1) {
          this.inFlight.push(member);
          return Date.now() - started;
        }
        if (reason !== reported) {
          reported = reason as RateLimitWaitReason;
          try {
            onWait?.({ ms: Math.max(1, Math.ceil(waitMs)), reason: reported, queued: this.waiting });
          } catch {
            // an observer must never break the budget
          }
        }
        await this.sleep(Math.max(1, Math.min(waitMs, POLL_MAX_MS)) + Math.floor(Math.random() * 5), signal);
      }
    } finally {
      this.waiting--;
    }
  }

  /**
   * Whether the ACQUIRE that gave us no answer admitted `member`: true or false when Redis answers, undefined
   * when it does not. One connection runs its commands in order, so this runs after that script if it ran
   * at all (a command that timed out before it was written is never sent).
   */
  private async wasAdmitted(member: string): Promise<boolean | undefined> {
    try {
      return (await this.redis.client.zScore(this.keys[1], member)) !== null;
    } catch {
      return undefined;
    }
  }

  update(headers: HeaderBag, sentAt?: number): void {
    const member = this.inFlight.shift();
    if (member === null) return this.fallback.update(headers, sentAt);
    const now = Date.now();
    const limit = intHeader(headers, "x-ratelimit-limit");
    const remaining = intHeader(headers, "x-ratelimit-remaining");
    const reset = resetHeaderMs(headers, now);
    // A request alone in the window (remaining = limit − 1) shows the window's length, as in RateLimiter.
    let windowMs: number | undefined;
    if (limit !== undefined && remaining === limit - 1 && reset !== undefined && sentAt !== undefined) {
      const w = reset - Math.ceil(sentAt / 1000) * 1000;
      if (w >= 1000 && w % 1000 === 0) windowMs = w;
    }
    this.settle(member, [limit ?? "", remaining ?? "", reset ?? "", windowMs ?? "", 1]);
  }

  release(): void {
    const member = this.inFlight.shift();
    if (member === null) return this.fallback.release();
    // No answer: it may still have reached the vendor, so it keeps its slot for a window.
    this.settle(member, ["", "", "", "", 0]);
  }

  blockFor(ms: number): void {
    this.fallback.blockFor(ms);
    if (!(ms > 0)) return;
    this.redis.script(BLOCK, [this.keys[0]], [Math.ceil(ms)]).catch((error: unknown) => this.warnOnce(error));
  }

  private settle(member: string | undefined, facts: Array<string | number>): void {
    const done = () => this.wakeAll();
    if (member === undefined) return done();
    this.redis.script(SETTLE, [this.keys[0], this.keys[1]], [member, ...facts]).then(done, (error: unknown) => {
      this.warnOnce(error);
      done();
    });
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.wake.delete(finish);
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        finish();
        reject(signal!.reason);
      };
      const timer = setTimeout(finish, ms);
      this.wake.add(finish);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private warnOnce(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.opts.logger.warn("ratelimit", `shared vendor rate budget unavailable (${reasonOf(error)}); this replica paces on its own until Redis is back`);
  }
}

function intHeader(headers: HeaderBag, name: string): number | undefined {
  const value = headers[name];
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}
