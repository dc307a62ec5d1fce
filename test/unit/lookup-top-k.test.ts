/**
 * The bounded selection (src/lookup/top-k.ts) against a full sort: the same first k, in the same order, for
 * every k, with many ties broken by position as a stable sort breaks them.
 */
import { describe, expect, it } from "vitest";
import { topK } from "../../src/lookup/top-k.js";
import { SeededRandom } from "../../src/sandbox/common/random.js";

/** Scores with few distinct values (many ties), ranked best first, ties by position. */
function candidates(seed: number, n: number, distinct: number) {
  const rng = new SeededRandom(seed);
  const scores = Array.from({ length: n }, () => rng.int(0, distinct - 1) / 4);
  const compare = (a: number, b: number) => scores[b]! - scores[a]! || a - b;
  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  return { scores, compare, sorted };
}

describe("topK", () => {
  it("returns the first k of a stable full sort, for k from none to more than there are", () => {
    for (const [seed, n, distinct] of [
      [1, 1, 1],
      [2, 7, 2],
      [3, 200, 3],
      [4, 1_000, 40],
      [5, 5_000, 7],
    ] as const) {
      const { compare, sorted } = candidates(seed, n, distinct);
      for (const k of [0, 1, 2, 9, 10, 33, Math.floor(n / 2), n - 1, n, n + 5]) {
        expect(topK(n, k, compare), `n ${n}, k ${k}`).toEqual(sorted.slice(0, Math.max(0, k)));
      }
    }
  });

  it("keeps the earlier of equal candidates when the k-th place is a tie", () => {
    // Everything ties: the first k found are the first k ranked.
    expect(topK(1_000, 5, (a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    const { scores, compare, sorted } = candidates(6, 2_000, 3);
    const k = 50;
    // The precondition that makes this a test of ties: the k-th and (k+1)-th candidates score the same.
    expect(scores[sorted[k - 1]!]).toBe(scores[sorted[k]!]);
    expect(topK(2_000, k, compare)).toEqual(sorted.slice(0, k));
  });

  it("takes a fractional k as its whole part, and a negative one as none", () => {
    const { compare, sorted } = candidates(7, 100, 5);
    expect(topK(100, 2.7, compare)).toEqual(sorted.slice(0, 2));
    expect(topK(100, -3, compare)).toEqual([]);
  });

  it("asks the comparison only about candidates that exist", () => {
    const seen = new Set<number>();
    topK(300, 10, (a, b) => {
      seen.add(a).add(b);
      return a - b;
    });
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(299);
  });
});
