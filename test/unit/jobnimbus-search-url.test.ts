/**
 * A free-text contact search always fits in a URL: the text goes into every name clause of the `filter`
 * parameter, so a long name in a non-Latin script (the fuzz found one of 193 characters) made a 16.6 KB URL
 * that web servers refuse. Past FILTER_URL_MAX_LENGTH the search falls back to prefix clauses on the longest
 * leading part that fits, which still finds the contact named by the whole text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFilter } from "../../src/sandbox/jobnimbus/filter.js";
import { contactTextQueries } from "../../src/vendors/jobnimbus/client.js";
import { FILTER_URL_MAX_LENGTH } from "../../src/vendors/jobnimbus/facts.js";
import { encodeFilter, filter } from "../../src/vendors/jobnimbus/filter.js";

const encoded = (text: string) => encodeURIComponent(encodeFilter(filter({ should: contactTextQueries(text), minimumShouldMatch: 1 }))!).length;
const finds = (text: string, record: Record<string, unknown>) => parseFilter(encodeFilter(filter({ should: contactTextQueries(text), minimumShouldMatch: 1 }))!).test(record);

describe("contact text search in the URL", () => {
  it("fits FILTER_URL_MAX_LENGTH for any text a tool accepts (up to 200 characters, any script)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom(" ", "a", "é"), fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c))), minLength: 1, maxLength: 200 }), (text) => {
        if (!text.trim()) return;
        expect(encoded(text)).toBeLessThanOrEqual(FILTER_URL_MAX_LENGTH);
      }),
      { numRuns: 300 },
    );
    expect(encoded("🔧".repeat(200))).toBeLessThanOrEqual(FILTER_URL_MAX_LENGTH);
  });

  it("keeps the full phrase-and-prefix search for text that fits (any 200-character Latin name)", () => {
    const name = "The Very Long Named Roofing and Restoration Company ".repeat(4).slice(0, 200).trim();
    expect(contactTextQueries(name)).toContainEqual({ match_phrase: { company: name } });
    expect(contactTextQueries(name)).toHaveLength(9);
  });

  it("still finds the contact whose name is the whole long non-Latin text, and not an unrelated one", () => {
    const name = `屋根修理 ${"𠀋𡈽𡌛".repeat(60)} 株式会社`;
    expect(contactTextQueries(name).some((q) => "match_phrase" in q)).toBe(false);
    expect(finds(name, { display_name: name, company: name })).toBe(true);
    expect(finds(name, { display_name: "Summit Roofing", company: "Summit Roofing" })).toBe(false);
  });
});
