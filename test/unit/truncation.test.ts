/**
 * Shortened text is still text: a cut never falls inside a character (fuzz counterexample: add_job_note
 * echoed a 500-unit cut of an emoji-rich note ending in half a surrogate pair), and a vendor value that
 * holds half a character of its own shows it as U+FFFD.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sliceWellFormed } from "../../src/domain/unicode.js";
import { cleanText } from "../../src/tools/text.js";

describe("sliceWellFormed", () => {
  it("cuts before a surrogate pair it would split, and nowhere else", () => {
    expect(sliceWellFormed("ab🔧cd", 3)).toBe("ab");
    expect(sliceWellFormed("ab🔧cd", 4)).toBe("ab🔧");
    expect(sliceWellFormed("abc", 2)).toBe("ab");
    expect(sliceWellFormed("", 5)).toBe("");
  });
});

describe("cleanText", () => {
  it("returns well-formed text for any input and any limit, at most the limit plus the marker", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.integer({ min: 1, max: 200 }), (text, max) => {
        const out = cleanText(text, max)!;
        expect(out.isWellFormed()).toBe(true);
        expect(out.replace(/… \[truncated, \d+ chars\]$/, "").length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 2000 },
    );
  });

  it("shows a vendor's lone surrogate as the replacement character", () => {
    expect(cleanText("Smith \uD83D Roofing")).toBe("Smith \uFFFD Roofing");
  });
});
