/**
 * Client-side rate limiter for one vendor origin. It keeps a burst of tool calls under the vendor's limit
 * so that requests queue here (FIFO) instead of failing there:
 * - learns the budget from `X-RateLimit-Limit / -Remaining / -Reset` (FSM Navigator sends them on every
 *   response) and spends it locally for each request it admits;
 * - after a 429 with `Retry-After`, holds every caller until then (`blockFor`);
 * - optionally paces requests evenly (`maxPerSecond`) for vendors that send no headers;
 * - lets one request go at a time until an answer carries the vendor's rate information
 *   (`X-RateLimit-Limit` or `-Remaining`), so a cold burst cannot overshoot before the budget is known. An
 *   answer without those headers teaches nothing and does not end the hold; nor does time (a slow first
 *   answer holds the burst for as long as it takes: the request's own timeout bounds it). Only after
 *   HEADERLESS_ANSWERS_END_HOLD answers in a row without them does it conclude that the vendor (or what
 *   stands in front of it) sends none, and stop holding: serialising every request for ever would be worse
 *   than the one blind wave that 429 `Retry-After` then corrects. A configured
 *   pace (`maxPerSecond`) is a known budget, so it needs no hold; vendors that send no rate headers turn the
 *   hold off (`holdFirstRequest: false`) and are paced by `maxPerSecond` or by 429 `Retry-After` (`blockFor`);
 * - for vendors that document a rolling window (`rollingWindow`), learns the window's length from that first
 *   answer and reuses each slot one window after the request that held it was answered (see
 *   `learnWindow`), instead of waiting for the whole-second `X-RateLimit-Reset`, which can cost up to a
 *   second per window: with a one-second window that halves the rate.
 * The owner must settle every admitted request exactly once: `update(headers)` when a response arrived,
 * `release()` when none did.
 */
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";

export type RateLimitWaitReason = "retry_after" | "window_exhausted" | "first_request" | "pacing" | "fair_share" | "background_reserve";

/**
 * Work nobody is waiting for (the lookup index's fill reads thousands of pages): requests made inside
 * `runInBackground` queue behind every interactive request and leave BACKGROUND_RESERVE of the vendor's budget
 * unspent, so a user's own call never waits for a window the fill emptied. Carried by async context, so the
 * vendor clients between the fill and the limiter need not pass anything along.
 */
const backgroundWork = new AsyncLocalStorage<true>();

export function runInBackground<T>(work: () => Promise<T>): Promise<T> {
  return backgroundWork.run(true, work);
}

/** Whether the caller runs inside runInBackground (the shared team budget keeps the same reserve). */
export function inBackground(): boolean {
  return backgroundWork.getStore() === true;
}

/** The share of the vendor's limit (per window) background work leaves for interactive calls. */
export const BACKGROUND_RESERVE = 0.2;

/** Slots of a window of `limit` requests that background work may not take (never all of them). */
export function backgroundReserve(limit: number): number {
  return Math.min(limit - 1, Math.max(1, Math.floor(limit * BACKGROUND_RESERVE)));
}

type HeaderBagOf = Record<string, string | string[] | undefined>;

/**
 * What the HTTP client needs of a limiter. Two implementations: `RateLimiter` below (in-process, the
 * default) and the budget every replica shares in team mode (src/state/redis/rate-budget.ts). The owner
 * settles every admitted request exactly once: `update(headers)` when a response arrived, `release()` when
 * none did.
 */
export interface RateGate {
  acquire(signal?: AbortSignal, onWait?: (wait: RateLimitWait) => void): Promise<number>;
  update(headers: HeaderBagOf, sentAt?: number): void;
  release(): void;
  blockFor(ms: number): void;
}

export interface RateLimitWait {
  /** Estimated wait (a lower bound for callers queued behind others). */
  ms: number;
  reason: RateLimitWaitReason;
  /** Callers waiting, including this one. */
  queued: number;
}

export interface RateLimiterOptions {
  /** Pace admissions to at most this many per second (evenly spaced). Off by default. */
  maxPerSecond?: number;
  /**
   * Until an answer carries rate information, let one request go at a time (default true). Turn it off for
   * a vendor that sends no rate headers: nothing would ever end the hold.
   */
  holdFirstRequest?: boolean;
  /** Called whenever a caller has to wait. */
  onWait?: (wait: RateLimitWait) => void;
  /** Time source in ms (tests inject one). Default Date.now: `X-RateLimit-Reset` is wall-clock time. */
  now?: () => number;
  /** The vendor counts requests per key over a rolling window (FSM Navigator documents one). */
  rollingWindow?: boolean;
}

export interface RateLimitState {
  limit?: number;
  remaining?: number;
  /** Wall-clock ms when the current window ends, when known. */
  resetAt?: number;
  blockedUntil: number;
  inFlight: number;
  queued: number;
  /** The rolling window's length, once learned (and while trusted). */
  windowMs?: number;
  /** Our requests the rolling-window model tracks (in flight, or still in the vendor's window). */
  tracked: number;
}

type HeaderBag = Record<string, string | string[] | undefined>;

interface Waiter {
  resolve: (waitedMs: number) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
  onWait?: (wait: RateLimitWait) => void;
  enqueuedAt: number;
  /** Made inside runInBackground: queued behind interactive callers, and kept out of the reserve. */
  background: boolean;
  /** Last reason this caller was told about; it is told again only when the reason changes. */
  reportedReason?: RateLimitWaitReason;
}

/** Answers in a row without rate information after which the hold ends (the vendor sends none). */
export const HEADERLESS_ANSWERS_END_HOLD = 3;
/** When remaining hits 0 in a window whose end we do not know yet, assume it ends this much later. */
const UNKNOWN_WINDOW_MS = 1000;
/** A reused slot goes out this long after the vendor's window should have let its request go. */
const SLOT_MARGIN_MS = 5;

export class RateLimiter implements RateGate {
  private readonly now: () => number;
  private readonly paceMs: number;
  private readonly onWait?: (wait: RateLimitWait) => void;

  private limit?: number;
  private remaining?: number;
  private resetAt?: number;
  /** End of the latest window we rolled past; headers about it or older windows are stale. */
  private passedResetAt = Number.NEGATIVE_INFINITY;
  private blockedUntil = 0;
  private nextSlotAt = 0;
  private inFlight = 0;
  /** False until an answer carried the vendor's rate information (or a configured pace says the budget). */
  private calibrated = false;
  /** Answers without rate information since the last one with it (see HEADERLESS_ANSWERS_END_HOLD). */
  private headerless = 0;

  private readonly rolling: boolean;
  /** Learned length of the vendor's rolling window; undefined until learned, and again once distrusted. */
  private windowMs?: number;
  /** The rolling-window model was contradicted (a 429, someone else spending the key): never use it again. */
  private windowDistrusted = false;
  private firstAdmittedAt?: number;
  /**
   * Our requests the vendor may still count, oldest first: in flight (freeAt undefined), or answered and
   * counted until freeAt (answer time + window: the vendor counted it on arrival, before we got the answer).
   */
  private slots: Array<{ admittedAt: number; freeAt?: number }> = [];

  private readonly queue: Waiter[] = [];
  private timer?: NodeJS.Timeout;

  constructor(opts: RateLimiterOptions = {}) {
    this.now = opts.now ?? (() => Date.now());
    this.paceMs = opts.maxPerSecond && opts.maxPerSecond > 0 ? 1000 / opts.maxPerSecond : 0;
    this.onWait = opts.onWait;
    this.rolling = opts.rollingWindow ?? false;
    if (opts.holdFirstRequest === false || this.paceMs > 0) this.calibrated = true;
  }

  /**
   * Resolves (with the ms waited) when a request may go out; rejects with the signal's reason if the signal
   * aborts first. Callers are admitted in arrival order.
   */
  acquire(signal?: AbortSignal, onWait?: (wait: RateLimitWait) => void): Promise<number> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<number>((resolve, reject) => {
      // The queue is pumped from a shared timer: bind the callback so it runs in this caller's async
      // context (log lines about this wait then reach the MCP session that made the request).
      const background = inBackground();
      const waiter: Waiter = { resolve, reject, signal, onWait: onWait && AsyncResource.bind(onWait), enqueuedAt: this.now(), background };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(abortReason(signal));
          this.pump();
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      // Interactive callers go ahead of every background one (in arrival order among themselves).
      const firstBackground = background ? -1 : this.queue.findIndex((w) => w.background);
      if (firstBackground < 0) this.queue.push(waiter);
      else this.queue.splice(firstBackground, 0, waiter);
      this.pump();
    });
  }

  /**
   * Settle an admitted request that got a response: learn the budget from its headers. `sentAt` (wall-clock
   * ms) is when the request really left, if later than its admission (the rolling-window model uses it).
   */
  update(headers: HeaderBag, sentAt?: number): void {
    const wasFirst = !this.calibrated && this.inFlight === 1;
    const now = this.now();
    const limit = intHeader(headers, "x-ratelimit-limit");
    const remaining = intHeader(headers, "x-ratelimit-remaining");
    const reset = resetHeaderMs(headers, now);
    if (this.rolling) this.checkWindow(limit ?? this.limit, remaining, reset, sentAt ?? (wasFirst ? this.firstAdmittedAt : undefined));
    this.settle(now);
    this.rollWindowIfOver(now);
    if (limit !== undefined) this.limit = limit;
    if (remaining !== undefined) this.learnRemaining(remaining, reset);
    // Only real rate information ends the hold: an answer without it (a proxy's error page, an endpoint
    // that omits the headers) says nothing about the budget.
    if (limit !== undefined || remaining !== undefined) this.calibrated = true;
    else if (!this.calibrated && ++this.headerless >= HEADERLESS_ANSWERS_END_HOLD) this.calibrated = true;
    this.pump();
  }

  /** Settle an admitted request that got no response (network error, timeout, abort). */
  release(): void {
    this.settle(this.now());
    this.pump();
  }

  /** Hold every caller for `ms` (a 429's Retry-After). */
  blockFor(ms: number): void {
    // A refusal while we paced by the learned window proves the model wrong (another client on the key, or
    // a window that is not what it seemed): back to the vendor's own counts for good.
    this.distrustWindow();
    if (!(ms > 0)) return;
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
    this.pump();
  }

  state(): RateLimitState {
    return {
      limit: this.limit,
      remaining: this.remaining,
      resetAt: this.resetAt,
      blockedUntil: this.blockedUntil,
      inFlight: this.inFlight,
      queued: this.queue.length,
      windowMs: this.windowMs,
      tracked: this.slots.length,
    };
  }

  private settle(now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.rolling) {
      const index = this.slots.findIndex((s) => s.freeAt === undefined);
      if (index < 0) return;
      // Counted by the vendor when it arrived, which was before now: free one window after now at the latest.
      // Without a learned window (yet) there is nothing to keep it for.
      if (this.windowMs === undefined) this.slots.splice(index, 1);
      else this.slots[index]!.freeAt = now + this.windowMs;
    }
  }

  /**
   * Rolling-window bookkeeping for one answer, before it settles. An answer saying its request is the only
   * one in the window (remaining = limit − 1; the first request, which goes alone, and then the first of
   * each wave) tells when that request leaves it: `X-RateLimit-Reset` = `ceil(arrival + window)` in whole
   * seconds. [I] Rate windows are whole seconds (per second, per minute, per hour), so the window is the
   * reset minus the second the request arrived in, taken as the second it was sent in (`sentAt`): exact
   * unless it arrived in the next second, and then one second too long, which is safe; the shortest such
   * figure is kept.
   * Other answers check the model: the vendor cannot count more of our requests than were sent, or were
   * still counted, since the oldest request now in flight was admitted; if it counts more, someone else
   * spends this key and only the vendor's own figures can be trusted.
   */
  private checkWindow(limit: number | undefined, remaining: number | undefined, reset: number | undefined, sentAt: number | undefined): void {
    if (this.windowDistrusted || remaining === undefined || limit === undefined) return;
    if (remaining === limit - 1 && sentAt !== undefined && reset !== undefined) {
      const windowMs = reset - Math.ceil(sentAt / 1000) * 1000;
      // A fixed window (the reset is the end of the current second or minute) gives 0 or an odd figure.
      if (windowMs >= 1000 && windowMs % 1000 === 0) this.windowMs = Math.min(windowMs, this.windowMs ?? windowMs);
      else this.distrustWindow();
      return;
    }
    if (this.windowMs === undefined) return;
    const since = Math.min(...this.slots.filter((s) => s.freeAt === undefined).map((s) => s.admittedAt));
    const ours = this.slots.filter((s) => s.freeAt === undefined || s.freeAt > since).length;
    if (limit - remaining > ours) this.distrustWindow();
  }

  private distrustWindow(): void {
    if (!this.rolling || this.windowDistrusted) return;
    this.windowDistrusted = true;
    this.windowMs = undefined;
    this.slots = [];
  }

  private learnRemaining(remaining: number, reset: number | undefined): void {
    if (reset !== undefined && reset <= this.passedResetAt) return; // about a window we already left
    if (this.remaining === undefined) {
      // No local count yet: the vendor's figure, minus requests it may not have counted yet.
      this.remaining = Math.max(0, remaining - this.inFlight);
      if (reset !== undefined) this.resetAt = reset;
      return;
    }
    if (reset === undefined || reset === this.resetAt || this.resetAt === undefined) {
      // Same window as ours (or one we rolled into without knowing its end): our count already includes
      // requests still in flight, the vendor's may not, so keep the smaller.
      this.remaining = Math.min(this.remaining, remaining);
      if (reset !== undefined) this.resetAt = reset;
      return;
    }
    if (reset > this.resetAt) {
      // The vendor moved to a newer window than we thought (or slides it): trust it, minus what is in flight.
      this.passedResetAt = this.resetAt;
      this.resetAt = reset;
      this.remaining = Math.max(0, remaining - this.inFlight);
    }
    // reset < resetAt: a late answer about an older window; ignore.
  }

  private rollWindowIfOver(now: number): void {
    if (this.resetAt !== undefined && now >= this.resetAt) {
      this.passedResetAt = this.resetAt;
      this.resetAt = undefined;
      this.remaining = this.limit; // a fresh window; undefined when the vendor never said its limit
    }
  }

  /** Why the head of the queue must wait, and how long; undefined when it may go now. */
  private gate(now: number, background = false): { ms: number; reason: RateLimitWaitReason } | undefined {
    const shared = this.sharedGate(now);
    if (shared || !background || this.limit === undefined) return shared;
    // Background work stops short of the reserve; the interactive caller that comes along takes it.
    const reserve = backgroundReserve(this.limit);
    if (this.windowMs !== undefined) {
      if (this.slots.length < this.limit - reserve) return undefined;
      const frees = this.slots.map((s) => (s.freeAt === undefined ? Number.POSITIVE_INFINITY : s.freeAt + SLOT_MARGIN_MS)).sort((a, b) => a - b);
      const next = frees[this.slots.length - (this.limit - reserve)]!;
      return { ms: Number.isFinite(next) ? Math.max(1, next - now) : UNKNOWN_WINDOW_MS, reason: "background_reserve" };
    }
    if (this.remaining !== undefined && this.remaining <= reserve) {
      this.resetAt ??= now + UNKNOWN_WINDOW_MS;
      return { ms: Math.max(1, this.resetAt - now), reason: "background_reserve" };
    }
    return undefined;
  }

  /** What holds every caller alike: a Retry-After, an empty window, the first request's hold, the pace. */
  private sharedGate(now: number): { ms: number; reason: RateLimitWaitReason } | undefined {
    if (this.blockedUntil > now) return { ms: this.blockedUntil - now, reason: "retry_after" };
    this.rollWindowIfOver(now);
    if (this.windowMs !== undefined && this.limit !== undefined) {
      // Rolling window, length known: a slot is free once the request holding it has left the window.
      this.slots = this.slots.filter((s) => s.freeAt === undefined || s.freeAt + SLOT_MARGIN_MS > now);
      if (this.slots.length >= this.limit) {
        const next = Math.min(...this.slots.map((s) => (s.freeAt === undefined ? Number.POSITIVE_INFINITY : s.freeAt + SLOT_MARGIN_MS)));
        // Every slot in flight: the next answer (update/release) pumps again; the timer is only a backstop.
        return { ms: Number.isFinite(next) ? next - now : UNKNOWN_WINDOW_MS, reason: "window_exhausted" };
      }
    } else if (this.remaining !== undefined && this.remaining <= 0) {
      this.resetAt ??= now + UNKNOWN_WINDOW_MS;
      return { ms: this.resetAt - now, reason: "window_exhausted" };
    }
    // Budget unknown: one request at a time. The next answer (update/release) pumps again; the timer is a
    // backstop and the figure only what the caller is told.
    if (!this.calibrated && this.inFlight > 0) return { ms: UNKNOWN_WINDOW_MS, reason: "first_request" };
    if (this.nextSlotAt > now) return { ms: this.nextSlotAt - now, reason: "pacing" };
    return undefined;
  }

  private admit(now: number): void {
    this.inFlight++;
    if (this.remaining !== undefined) this.remaining--;
    if (!this.calibrated) this.firstAdmittedAt = now;
    if (this.rolling && !this.windowDistrusted) this.slots.push({ admittedAt: now });
    if (this.paceMs > 0) this.nextSlotAt = Math.max(now, this.nextSlotAt) + this.paceMs;
  }

  /** Admit whoever may go, then sleep until the head's gate opens (or until update/release/blockFor). */
  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0) {
      const now = this.now();
      const head = this.queue[0]!;
      const gate = this.gate(now, head.background);
      if (!gate) {
        this.queue.shift();
        if (head.signal && head.onAbort) head.signal.removeEventListener("abort", head.onAbort);
        this.admit(now);
        head.resolve(now - head.enqueuedAt);
        continue;
      }
      this.reportWaits(gate);
      // +1: a timer may fire a hair early against the wall clock; the gate is re-checked anyway.
      this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(gate.ms) + 1));
      return;
    }
  }

  /**
   * Tell each blocked caller why it waits, once per reason (the head's wait is a lower bound for those
   * behind it).
   */
  private reportWaits(gate: { ms: number; reason: RateLimitWaitReason }): void {
    const queued = this.queue.length;
    for (const waiter of this.queue) {
      if (waiter.reportedReason === gate.reason) continue;
      waiter.reportedReason = gate.reason;
      const wait: RateLimitWait = { ms: Math.ceil(gate.ms), reason: gate.reason, queued };
      safeCall(this.onWait, wait);
      safeCall(waiter.onWait, wait);
    }
  }
}

function safeCall(fn: ((wait: RateLimitWait) => void) | undefined, wait: RateLimitWait): void {
  try {
    fn?.(wait);
  } catch {
    // An observer must never break the limiter.
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function intHeader(headers: HeaderBag, name: string): number | undefined {
  const raw = headerValue(headers, name);
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/**
 * `X-RateLimit-Reset` as wall-clock ms. FSM Navigator documents Unix seconds; some vendors send seconds
 * until the reset or Unix milliseconds, told apart by magnitude.
 */
export function resetHeaderMs(headers: HeaderBag, now: number): number | undefined {
  const raw = headerValue(headers, "x-ratelimit-reset");
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) return undefined;
  if (value >= 1e12) return value; // Unix ms
  if (value >= 1e9) return value * 1000; // Unix seconds
  return now + value * 1000; // seconds from now
}
