/**
 * What the lookup does to hold a large account in little memory (issue 12): the reduce-memory collection after a
 * fill or a load, the idle release after a burst of lookups, and which record fields the compactor shares.
 */
import { getHeapSpaceStatistics } from "node:v8";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RecordCompactor } from "../../src/lookup/compact.js";
import { IDLE_RELEASE_MS, IdleRelease, releaseMemory, WORTH_RELEASING } from "../../src/lookup/release-memory.js";

const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space")!.space_size;

describe("releaseMemory", () => {
  it("shrinks the young generation a burst of allocations grew, without exposing gc to the server's global", () => {
    // Young garbage with some survivors grows the young generation (as a fill's pages do); a bounded loop, not a timing.
    let kept: object[] = [];
    let round = 0;
    do {
      for (let i = 0; i < 50_000; i++) {
        const o = { i, text: `record ${i}`, list: [i, i + 1] };
        if (i % 4 === 0) kept.push(o);
      }
      kept = kept.slice(-20_000);
    } while (++round < 200 && newSpace() < 8 * 1048576);
    const grown = newSpace();
    expect(grown).toBeGreaterThanOrEqual(8 * 1048576);
    const ms = releaseMemory();
    expect(typeof ms).toBe("number");
    expect(newSpace()).toBeLessThan(grown / 2);
    expect(kept.length).toBeGreaterThan(0); // the survivors stayed reachable through the collection
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});

describe("IdleRelease", () => {
  afterEach(() => vi.useRealTimers());

  function setup(busy = false, shrinks = true) {
    vi.useFakeTimers();
    let heap = 100 * 1048576;
    const release = vi.fn(() => {
      if (shrinks) heap = 100 * 1048576;
      return 12;
    });
    const logs: string[] = [];
    const idle = new IdleRelease({ release, heapBytes: () => heap, busy: () => busy, log: (m) => logs.push(m) });
    return { idle, release, logs, grow: (bytes: number) => (heap += bytes) };
  }

  it("releases once, when lookups have been quiet for the idle time and the heap grew enough", () => {
    const { idle, release, logs, grow } = setup();
    idle.touch();
    grow(WORTH_RELEASING + 1);
    vi.advanceTimersByTime(IDLE_RELEASE_MS - 1);
    expect(release).not.toHaveBeenCalled();
    // Another lookup restarts the quiet time.
    idle.touch();
    vi.advanceTimersByTime(IDLE_RELEASE_MS - 1);
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(release).toHaveBeenCalledTimes(1);
    expect(logs).toEqual(["lookup memory released after idle lookups (12 ms)"]);
    vi.advanceTimersByTime(10 * IDLE_RELEASE_MS);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it("does not collect for a small growth, during a fill, or after stop", () => {
    const small = setup();
    small.idle.touch();
    small.grow(WORTH_RELEASING - 1);
    vi.advanceTimersByTime(IDLE_RELEASE_MS);
    expect(small.release).not.toHaveBeenCalled();
    vi.useRealTimers();

    const filling = setup(true);
    filling.idle.touch();
    filling.grow(2 * WORTH_RELEASING);
    vi.advanceTimersByTime(IDLE_RELEASE_MS);
    expect(filling.release).not.toHaveBeenCalled();
    vi.useRealTimers();

    const stopped = setup();
    stopped.idle.touch();
    stopped.grow(2 * WORTH_RELEASING);
    stopped.idle.stop();
    vi.advanceTimersByTime(IDLE_RELEASE_MS);
    expect(stopped.release).not.toHaveBeenCalled();
  });

  it("a release made now (after a fill or a load) counts growth from there", () => {
    // A heap the collection does not shrink: only the base moved by releaseNow keeps the idle release away.
    const { idle, release, grow } = setup(false, false);
    grow(WORTH_RELEASING + 1);
    expect(idle.releaseNow()).toBe(12);
    expect(release).toHaveBeenCalledTimes(1);
    idle.touch();
    vi.advanceTimersByTime(IDLE_RELEASE_MS);
    expect(release).toHaveBeenCalledTimes(1);
  });
});

describe("RecordCompactor", () => {
  it("drops null fields and keeps the others", () => {
    const c = new RecordCompactor();
    expect(c.held({ id: 1, name: "Boiler #1", notes: null, tag: undefined })).toEqual({ id: 1, name: "Boiler #1" });
  });

  it("judges which fields to share over the whole fill: repeated names stay shared, mostly distinct serials do not", () => {
    const c = new RecordCompactor();
    // As in the large account: names repeat only over many records (600 distinct in the first 1,000, 900 in 3,000).
    for (let i = 0; i < 3_000; i++) {
      const name = i < 1_000 ? `Unit ${i % 600}` : `Unit ${i % 900}`;
      c.held({ id: i, name, serial: `SN-${i}`, type: i % 2 ? "Boiler" : "Chiller" });
    }
    // During the fill nothing is judged yet.
    for (const field of ["name", "serial", "type"]) expect(c.shares(field)).toBe(true);
    c.judge();
    expect(c.shares("name")).toBe(true);
    expect(c.shares("type")).toBe(true);
    expect(c.shares("serial")).toBe(false);
  });

  it("does not judge a field seen fewer than 1,000 times (a small account's unique names)", () => {
    const c = new RecordCompactor();
    for (let i = 0; i < 999; i++) c.held({ name: `Site ${i}` });
    c.judge();
    expect(c.shares("name")).toBe(true);
  });
});
