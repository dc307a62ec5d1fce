import { afterEach, describe, expect, it, vi } from "vitest";
import { backgroundReserve, HEADERLESS_ANSWERS_END_HOLD, RateLimiter, resetHeaderMs, runInBackground, type RateLimitWait } from "../../src/http/rate-limiter.js";
import { RollingWindowLimiter } from "../../src/sandbox/common/rate-limit.js";
import type { HttpEvent } from "../../src/http/types.js";
import { json, makeClient, startServer } from "./helpers.js";

/** A real 5 ms wait, usable while the fake clock is installed (captured before any test fakes setTimeout). */
const realSetTimeout = globalThis.setTimeout;
const realSleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/** A limiter that counts the requests that have reached it (onFakeClock waits for all of them first). */
class CountingLimiter extends RateLimiter {
  acquired = 0;
  override acquire(signal?: AbortSignal, onWait?: (wait: RateLimitWait) => void): Promise<number> {
    this.acquired++;
    return super.acquire(signal, onWait);
  }
}

/**
 * Run `work` (`requests` requests through `limiter`, against a server in this process) on the fake clock that
 * the caller installed: the clock moves to the next timer (the limiter's, a retry's backoff) only once every
 * request has reached the limiter and every admitted one has been answered. What the vendor sees then depends on
 * the limiter alone, never on how fast this machine runs. (Not vi.waitFor: under fake timers it moves the clock
 * itself at every check.)
 */
async function onFakeClock<T>(limiter: CountingLimiter, requests: number, work: () => Promise<T>): Promise<T> {
  let settled = false;
  const done = work().finally(() => (settled = true));
  const quiet = () => settled || (limiter.acquired >= requests && limiter.state().inFlight === 0 && vi.getTimerCount() > 0);
  while (!settled) {
    for (let polls = 0; !quiet(); polls++) {
      if (polls > 6000) throw new Error(`the requests never went quiet: ${JSON.stringify(limiter.state())}`);
      await realSleep(5);
    }
    if (!settled) await vi.advanceTimersToNextTimerAsync();
  }
  return done;
}

/** Settles pending promise callbacks without moving fake time. */
const flush = () => vi.advanceTimersByTimeAsync(0);

describe("RateLimiter (fake clock)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("spends the advertised budget locally, then queues until X-RateLimit-Reset", async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const waits: RateLimitWait[] = [];
    const limiter = new RateLimiter({ holdFirstRequest: false, onWait: (w) => waits.push(w) });
    await limiter.acquire();
    limiter.update({ "x-ratelimit-limit": "3", "x-ratelimit-remaining": "2", "x-ratelimit-reset": "1700000002" });
    await limiter.acquire();
    await limiter.acquire();
    expect(limiter.state().remaining).toBe(0);

    let admitted = false;
    const fourth = limiter.acquire().then((ms) => {
      admitted = true;
      return ms;
    });
    await vi.advanceTimersByTimeAsync(1990);
    expect(admitted).toBe(false);
    expect(waits).toEqual([{ ms: 2000, reason: "window_exhausted", queued: 1 }]);
    await vi.advanceTimersByTimeAsync(20);
    expect(admitted).toBe(true);
    expect(await fourth).toBeGreaterThanOrEqual(2000);
    expect(limiter.state()).toMatchObject({ limit: 3, remaining: 2 }); // a fresh window of 3, one spent
  });

  it("admits waiters in FIFO order", async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter({ holdFirstRequest: false });
    limiter.blockFor(100);
    const order: number[] = [];
    const all = [1, 2, 3].map((n) => limiter.acquire().then(() => order.push(n)));
    await vi.advanceTimersByTimeAsync(150);
    await Promise.all(all);
    expect(order).toEqual([1, 2, 3]);
  });

  it("blockFor (Retry-After) holds every caller", async () => {
    vi.useFakeTimers({ now: 0 });
    const waits: RateLimitWait[] = [];
    const limiter = new RateLimiter({ holdFirstRequest: false, onWait: (w) => waits.push(w) });
    limiter.blockFor(1000);
    let done = 0;
    const all = [limiter.acquire(), limiter.acquire()].map((p) => p.then(() => done++));
    await vi.advanceTimersByTimeAsync(900);
    expect(done).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all(all);
    expect(done).toBe(2);
    expect(waits.map((w) => w.reason)).toEqual(["retry_after", "retry_after"]);
  });

  it("rejects an aborted waiter and keeps serving the others", async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter({ holdFirstRequest: false });
    limiter.blockFor(500);
    const controller = new AbortController();
    const first = limiter.acquire(controller.signal);
    const second = limiter.acquire();
    controller.abort(new Error("caller went away"));
    await expect(first).rejects.toThrow("caller went away");
    expect(limiter.state().queued).toBe(1);
    await vi.advanceTimersByTimeAsync(600);
    await expect(second).resolves.toBeGreaterThanOrEqual(500);
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toMatchObject({ name: "AbortError" });
  });

  it("paces evenly with maxPerSecond", async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter({ maxPerSecond: 10, holdFirstRequest: false });
    const times: number[] = [];
    const all = [0, 1, 2, 3].map(() => limiter.acquire().then(() => times.push(Date.now())));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(times[0]).toBe(0);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(times[3]).toBeLessThanOrEqual(310);
  });

  it("lets one request go at a time until an answer carries rate information", async () => {
    vi.useFakeTimers({ now: 0 });
    const waits: RateLimitWait[] = [];
    const limiter = new RateLimiter({ onWait: (w) => waits.push(w) });
    await limiter.acquire();
    let second = false;
    const p = limiter.acquire().then(() => (second = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(second).toBe(false);
    expect(waits[0]?.reason).toBe("first_request");
    limiter.update({ "x-ratelimit-limit": "10", "x-ratelimit-remaining": "9", "x-ratelimit-reset": "1" });
    await p;
    expect(second).toBe(true);
  });

  it("holds a burst behind a slow first answer for as long as it takes (no time-based release)", async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter();
    await limiter.acquire(); // the first request; its answer comes late
    const admitted: number[] = [];
    const burst = Array.from({ length: 5 }, () => limiter.acquire().then(() => admitted.push(Date.now())));
    await vi.advanceTimersByTimeAsync(10_000); // far beyond the old 2 s release
    expect(admitted).toEqual([]);
    limiter.update({ "x-ratelimit-limit": "5", "x-ratelimit-remaining": "4" });
    await vi.advanceTimersByTimeAsync(0);
    expect(admitted).toEqual([10_000, 10_000, 10_000, 10_000]); // the window's remaining 4, at once
    await vi.advanceTimersByTimeAsync(2000); // the fifth waits for the next window
    await Promise.all(burst);
    expect(admitted[4]).toBeGreaterThanOrEqual(11_000);
  });

  it("an answer without rate headers does not calibrate: the next request again goes alone", async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter();
    await limiter.acquire();
    const order: string[] = [];
    const second = limiter.acquire().then(() => order.push("second"));
    const third = limiter.acquire().then(() => order.push("third"));
    limiter.update({ "content-type": "application/json" }); // an answer, but no budget in it
    await second;
    await vi.advanceTimersByTimeAsync(5000);
    expect(order).toEqual(["second"]); // the third still waits for the second's answer
    limiter.release(); // the second got no answer at all: still nothing learned
    await third;
    expect(order).toEqual(["second", "third"]);
    const fourth = limiter.acquire();
    let fourthIn = false;
    void fourth.then(() => (fourthIn = true));
    await vi.advanceTimersByTimeAsync(5000);
    expect(fourthIn).toBe(false);
    limiter.update({ "x-ratelimit-remaining": "3" }); // rate information: calibrated from here on
    await fourth;
    await Promise.all([limiter.acquire(), limiter.acquire()]); // several in flight at once now
    expect(limiter.state().inFlight).toBe(3);
  });

  it(`${HEADERLESS_ANSWERS_END_HOLD} answers in a row without rate headers end the hold (the vendor sends none)`, async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter();
    await limiter.acquire();
    for (let answered = 0; answered < HEADERLESS_ANSWERS_END_HOLD; answered++) {
      // One in flight: the next caller is held until an answer comes.
      const next = limiter.acquire();
      let admitted = false;
      void next.then(() => (admitted = true));
      await vi.advanceTimersByTimeAsync(5000);
      expect(admitted, `held after ${answered} header-less answers`).toBe(false);
      limiter.update({}); // an answer without rate information
      await next;
    }
    // Three answers without rate information: no longer held (one is still in flight, two more join it).
    await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(limiter.state().inFlight).toBe(3);
  });

  it("a configured pace is a known budget (no hold); holdFirstRequest: false turns the hold off", async () => {
    vi.useFakeTimers({ now: 0 });
    const paced = new RateLimiter({ maxPerSecond: 100 });
    await paced.acquire();
    const second = paced.acquire();
    await vi.advanceTimersByTimeAsync(20);
    await second; // went after 10 ms of pacing, without any answer
    expect(paced.state().inFlight).toBe(2);
    const unheld = new RateLimiter({ holdFirstRequest: false });
    await Promise.all([unheld.acquire(), unheld.acquire(), unheld.acquire()]);
    expect(unheld.state().inFlight).toBe(3);
  });

  it("keeps the smaller count within a window, ignores stale windows, subtracts in-flight on a new window", async () => {
    vi.useFakeTimers({ now: 10_000_000_000_000 - 5000 });
    const limiter = new RateLimiter({ holdFirstRequest: false });
    const reset1 = String(Math.floor((Date.now() + 3000) / 1000));
    for (let i = 0; i < 4; i++) await limiter.acquire();
    limiter.update({ "x-ratelimit-remaining": "10", "x-ratelimit-reset": reset1 }); // 3 others still in flight
    expect(limiter.state().remaining).toBe(7);
    limiter.update({ "x-ratelimit-remaining": "9", "x-ratelimit-reset": reset1 });
    expect(limiter.state().remaining).toBe(7); // ours is smaller: keep it
    limiter.update({ "x-ratelimit-remaining": "5", "x-ratelimit-reset": reset1 });
    expect(limiter.state().remaining).toBe(5);
    const reset2 = String(Number(reset1) + 60);
    limiter.update({ "x-ratelimit-remaining": "50", "x-ratelimit-reset": reset2 }); // newer window, none in flight
    expect(limiter.state()).toMatchObject({ remaining: 50, inFlight: 0 });
    limiter.update({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset1 }); // late answer about the old one
    expect(limiter.state().remaining).toBe(50);
  });

  describe("rolling window (rollingWindow: true)", () => {
    const T0 = 1_700_000_000_300; // .300 into a second
    /** Headers as a rolling-window vendor sends them: reset = ceil(oldest counted + window) in Unix seconds. */
    const answer = (remaining: number, oldestMs: number, windowMs = 1000) => ({
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String(Math.ceil((oldestMs + windowMs) / 1000)),
    });

    it("learns the window from a request alone in it and reuses each slot one window after its answer", async () => {
      vi.useFakeTimers({ now: T0 });
      const limiter = new RateLimiter({ rollingWindow: true, holdFirstRequest: true });
      await limiter.acquire();
      await vi.advanceTimersByTimeAsync(10);
      limiter.update(answer(4, T0), T0); // alone: reset = ceil(T0 + 1000) = T0 + 1700
      expect(limiter.state().windowMs).toBe(1000);
      const admittedAt: number[] = [];
      const all = Array.from({ length: 5 }, () => limiter.acquire().then(() => admittedAt.push(Date.now())));
      await vi.advanceTimersByTimeAsync(0);
      expect(admittedAt).toEqual([T0 + 10, T0 + 10, T0 + 10, T0 + 10]); // 4 free slots now
      for (let i = 0; i < 4; i++) limiter.update(answer(3 - i, T0), T0 + 10);
      await vi.advanceTimersByTimeAsync(2000);
      await Promise.all(all);
      // The fifth goes once the first request's slot is free (its answer at T0+10, plus the window and a
      // 5 ms margin): not at the whole-second reset (T0 + 1700) nor later.
      expect(admittedAt[4]! - T0).toBeGreaterThanOrEqual(1010);
      expect(admittedAt[4]! - T0).toBeLessThan(1030);
    });

    it("keeps the shortest window an answer shows (one sent late in a second can look a second longer)", async () => {
      vi.useFakeTimers({ now: T0 });
      const limiter = new RateLimiter({ rollingWindow: true, holdFirstRequest: true });
      await limiter.acquire();
      // Sent at .300 but counted in the next second: the reset looks two seconds away.
      limiter.update(answer(4, T0 + 800), T0);
      expect(limiter.state().windowMs).toBe(2000);
      await limiter.acquire();
      await vi.advanceTimersByTimeAsync(3000);
      limiter.update(answer(4, Date.now()), Date.now());
      expect(limiter.state().windowMs).toBe(1000);
    });

    it("a 429 (blockFor) turns the model off for good: back to the vendor's reset", async () => {
      vi.useFakeTimers({ now: T0 });
      const limiter = new RateLimiter({ rollingWindow: true, holdFirstRequest: true });
      await limiter.acquire();
      limiter.update(answer(4, T0), T0);
      expect(limiter.state().windowMs).toBe(1000);
      limiter.blockFor(1000);
      expect(limiter.state().windowMs).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1100);
      await limiter.acquire();
      limiter.update(answer(4, Date.now()), Date.now());
      expect(limiter.state().windowMs).toBeUndefined();
    });

    it("keeps no history while no window is known (a vendor without rate-limit headers)", async () => {
      vi.useFakeTimers({ now: T0 });
      const limiter = new RateLimiter({ rollingWindow: true, holdFirstRequest: true });
      for (let i = 0; i < 100; i++) {
        await limiter.acquire();
        limiter.update({});
      }
      expect(limiter.state()).toMatchObject({ windowMs: undefined, tracked: 0, inFlight: 0 });
    });

    it("a fixed window (the reset is the end of the current second) never turns it on", async () => {
      vi.useFakeTimers({ now: T0 });
      const limiter = new RateLimiter({ rollingWindow: true, holdFirstRequest: true });
      await limiter.acquire();
      limiter.update({ "x-ratelimit-limit": "5", "x-ratelimit-remaining": "4", "x-ratelimit-reset": String(Math.ceil(T0 / 1000)) }, T0);
      expect(limiter.state().windowMs).toBeUndefined();
    });

    it("another client spending the key (the vendor counts more than we sent) turns it off", async () => {
      vi.useFakeTimers({ now: T0 });
      const limiter = new RateLimiter({ rollingWindow: true, holdFirstRequest: true });
      await limiter.acquire();
      limiter.update(answer(4, T0), T0);
      await limiter.acquire();
      limiter.update(answer(1, T0), T0 + 5); // 4 counted, but only 2 of ours were ever sent
      expect(limiter.state().windowMs).toBeUndefined();
    });
  });

  describe("background work (runInBackground: the lookup index's fill)", () => {
    it("stops short of the reserve; an interactive call then goes at once", async () => {
      vi.useFakeTimers({ now: 1_700_000_000_000 });
      const limiter = new RateLimiter({ holdFirstRequest: false });
      await limiter.acquire();
      limiter.update({ "x-ratelimit-limit": "10", "x-ratelimit-remaining": "9", "x-ratelimit-reset": "1700000060" });
      const reserve = backgroundReserve(10);
      expect(reserve).toBe(2);
      let admitted = 0;
      // The fill asks for the whole window: it gets what lies above the reserve, then waits for the next window.
      const fill = runInBackground(() => Promise.all(Array.from({ length: 9 }, () => limiter.acquire().then(() => admitted++))));
      await flush();
      expect(admitted).toBe(9 - reserve);
      expect(limiter.state().remaining).toBe(reserve);
      let interactive = false;
      const user = limiter.acquire().then(() => (interactive = true));
      await flush();
      expect(interactive).toBe(true);
      await user;
      expect(admitted).toBe(9 - reserve);
      // The next window lets the fill go on.
      await vi.advanceTimersByTimeAsync(61_000);
      await fill;
      expect(admitted).toBe(9);
    });

    it("an interactive caller queues ahead of every waiting background request", async () => {
      vi.useFakeTimers({ now: 0 });
      const limiter = new RateLimiter({ holdFirstRequest: false });
      limiter.blockFor(100);
      const order: string[] = [];
      const fill = runInBackground(() => Promise.all([1, 2, 3].map((n) => limiter.acquire().then(() => order.push(`fill ${n}`)))));
      const user = limiter.acquire().then(() => order.push("user"));
      await vi.advanceTimersByTimeAsync(150);
      await Promise.all([fill, user]);
      expect(order).toEqual(["user", "fill 1", "fill 2", "fill 3"]);
    });

    it("on a rolling window, leaves the reserve's slots free for interactive calls", async () => {
      vi.useFakeTimers({ now: 1_700_000_000_000 });
      const limiter = new RateLimiter({ rollingWindow: true });
      // The first answer (its request alone in the window) teaches the window: 5 per 1000 ms.
      await limiter.acquire();
      limiter.update({ "x-ratelimit-limit": "5", "x-ratelimit-remaining": "4", "x-ratelimit-reset": "1700000001" }, 1_700_000_000_000);
      expect(limiter.state().windowMs).toBe(1000);
      let admitted = 0;
      void runInBackground(() => Promise.all(Array.from({ length: 6 }, () => limiter.acquire().then(() => admitted++))));
      await flush();
      // One slot is still held by the first request; background takes up to limit − reserve = 4 slots.
      expect(admitted).toBe(5 - backgroundReserve(5) - 1);
      let interactive = false;
      void limiter.acquire().then(() => (interactive = true));
      await flush();
      expect(interactive).toBe(true);
    });
  });

  it("resetHeaderMs reads Unix seconds, Unix ms and delta seconds", () => {
    const now = 1_700_000_000_000;
    expect(resetHeaderMs({ "x-ratelimit-reset": "1700000060" }, now)).toBe(1_700_000_060_000);
    expect(resetHeaderMs({ "x-ratelimit-reset": "1700000060000" }, now)).toBe(1_700_000_060_000);
    expect(resetHeaderMs({ "x-ratelimit-reset": "30" }, now)).toBe(now + 30_000);
    expect(resetHeaderMs({ "x-ratelimit-reset": "soon" }, now)).toBeUndefined();
    expect(resetHeaderMs({}, now)).toBeUndefined();
  });
});

describe("RateLimiter in the client (real server)", () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    vi.useRealTimers();
    while (cleanup.length) await cleanup.pop()!();
  });

  it("X-RateLimit-Remaining: 0 makes the next request wait for the reset instead of failing", async () => {
    let resetSeconds = 0;
    const server = await startServer((_req, res, n) => {
      if (n === 1) {
        resetSeconds = Math.ceil(Date.now() / 1000) + 1;
        return json(res, 200, { n }, { "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(resetSeconds) });
      }
      // A request before the reset would be refused: proves the client queued it.
      if (Date.now() < resetSeconds * 1000) return json(res, 429, { success: false, error: "rate_limit_exceeded" }, { "retry-after": "5" });
      json(res, 200, { n }, { "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(resetSeconds + 1) });
    });
    const { client, events } = makeClient(server.url, { retry: { retries: 0 } });
    cleanup.push(() => server.close(), () => client.close());

    await client.request({ method: "GET", path: "/jobs" });
    const started = Date.now();
    const second = await client.request({ method: "GET", path: "/jobs" });
    expect(second.status).toBe(200);
    expect(server.count).toBe(2);
    expect(server.requests[1]!.at).toBeGreaterThanOrEqual(resetSeconds * 1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(resetSeconds * 1000 - started - 5);
    const wait = events.find((e) => e.type === "rate_limit_wait");
    expect(wait).toMatchObject({ level: "info", data: { reason: "window_exhausted", path: "/jobs" } });
  });

  it("a burst of 30 against 5 per 1000 ms whose first answer is held back: none refused (issue 14 item 10)", async () => {
    const vendor = new RollingWindowLimiter({ limit: 5, windowMs: 1000 });
    let refused = 0;
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const server = await startServer((_req, res, n) => {
      const decision = vendor.check("key");
      if (!decision.allowed) {
        refused++;
        return json(res, 429, { success: false, error: "rate_limit_exceeded" }, decision.headers);
      }
      // The first answer waits until the test says so (as long as a slow first answer may take).
      if (n === 1) return void firstHeld.then(() => json(res, 200, { ok: true }, decision.headers));
      json(res, 200, { ok: true }, decision.headers);
    });
    const waits: RateLimitWait[] = [];
    const limiter = new RateLimiter({ rollingWindow: true, onWait: (w) => waits.push(w) });
    const { client } = makeClient(server.url, { retry: { retries: 6, minTimeoutMs: 10, maxTimeoutMs: 50 }, rateLimiter: limiter });
    cleanup.push(() => server.close(), () => client.close());
    const all = Promise.allSettled(Array.from({ length: 30 }, (_, i) => client.request({ method: "GET", path: "/jobs", query: { i } })));
    // Synchronise on the limiter, not on time: every other caller is queued behind the first request.
    await vi.waitFor(() => expect([limiter.state().queued, server.count]).toEqual([29, 1]), { timeout: 10_000, interval: 5 });
    expect(waits.every((w) => w.reason === "first_request")).toBe(true);
    releaseFirst();
    const results = await all;
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(refused).toBe(0);
    expect(server.count).toBe(30);
  });

  it("a rolling-window vendor (5 per 1000 ms): a burst of 15 paces at the limit, none refused", async () => {
    // The schedule is read on the fake clock of onFakeClock, so how slow this machine is changes nothing.
    // Half a second into a Unix second, the vendor's whole-second reset header ends each window 500 ms after
    // the window itself has rolled: a limiter pacing by the reset would start each wave 1500 ms apart.
    const T0 = 1_700_000_000_500;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: T0 });
    try {
      const vendor = new RollingWindowLimiter({ limit: 5, windowMs: 1000 });
      let refused = 0;
      const server = await startServer((_req, res) => {
        const decision = vendor.check("key");
        if (!decision.allowed) {
          refused++;
          return json(res, 429, { success: false, error: "rate_limit_exceeded" }, decision.headers);
        }
        json(res, 200, { ok: true }, decision.headers);
      });
      const limiter = new CountingLimiter({ rollingWindow: true });
      const { client } = makeClient(server.url, { retry: { retries: 4, minTimeoutMs: 10, maxTimeoutMs: 50 }, rateLimiter: limiter });
      cleanup.push(() => server.close(), () => client.close());
      const results = await onFakeClock(limiter, 15, () =>
        Promise.allSettled(Array.from({ length: 15 }, (_, i) => client.request({ method: "GET", path: "/jobs", query: { i } }))),
      );
      expect(results.every((r) => r.status === "fulfilled")).toBe(true);
      expect(refused).toBe(0);
      expect(server.count).toBe(15);
      expect(limiter.state().windowMs).toBe(1000);
      // Three waves of 5, each as soon as the window has rolled past the one before (a few ms of margin).
      const arrivals = server.requests.map((r) => r.at - T0);
      const waves = [arrivals.slice(0, 5), arrivals.slice(5, 10), arrivals.slice(10)];
      expect(waves[0]).toEqual([0, 0, 0, 0, 0]);
      for (const [i, wave] of waves.entries()) {
        expect(new Set(wave).size).toBe(1);
        expect(wave[0]).toBeGreaterThanOrEqual(i * 1000);
        expect(wave[0]).toBeLessThan(i * 1000 + 50);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  /** 5 requests per Unix second; beyond that 429 + Retry-After, like FSM Navigator. */
  async function fivePerSecondServer() {
    const perWindow = new Map<number, number>();
    let refused = 0;
    const server = await startServer((_req, res) => {
      const window = Math.floor(Date.now() / 1000);
      const used = (perWindow.get(window) ?? 0) + 1;
      perWindow.set(window, used);
      const headers = {
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": String(Math.max(0, 5 - used)),
        "x-ratelimit-reset": String(window + 1),
      };
      if (used > 5) {
        refused++;
        return json(res, 429, { success: false, error: "rate_limit_exceeded", retry_after: 1 }, { ...headers, "retry-after": "1" });
      }
      json(res, 200, { ok: true }, headers);
    });
    return { server, refused: () => refused };
  }

  /**
   * A burst of 10 on the fake clock of onFakeClock, a quarter into a Unix second. On the real clock a wave could
   * straddle the vendor's second (admitted for one window, arriving in the next, refused), so the test waited
   * for the start of a second and hoped the wave arrived within half of it.
   */
  async function burst(rateLimit: { holdFirstRequest: boolean }) {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_700_000_000_250 });
    const { server, refused } = await fivePerSecondServer();
    const limiter = new CountingLimiter(rateLimit);
    const { client, events } = makeClient(server.url, { retry: { retries: 4, minTimeoutMs: 10, maxTimeoutMs: 50 }, rateLimiter: limiter });
    cleanup.push(() => server.close(), () => client.close());
    const results = await onFakeClock(limiter, 10, () =>
      Promise.allSettled(Array.from({ length: 10 }, (_, i) => client.request({ method: "GET", path: "/jobs", query: { i } }))),
    );
    return { results, server, refused: refused(), events };
  }

  it("a burst of 10 against a 5/s limit: all succeed, the vendor refuses none (first request calibrates)", async () => {
    const { results, refused, events, server } = await burst({ holdFirstRequest: true });
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(refused).toBe(0);
    expect(server.count).toBe(10);
    expect(events.filter((e: HttpEvent) => e.type === "rate_limit_wait").length).toBeGreaterThan(0);
  });

  it("a cold burst without the first-request hold still completes: 429s block everyone, then retries succeed", async () => {
    const { results, refused } = await burst({ holdFirstRequest: false });
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(refused).toBeLessThanOrEqual(5); // only the first, blind wave
  });
});
