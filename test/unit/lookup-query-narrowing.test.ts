/**
 * runQuery with a cost (src/lookup/term-index.ts): an AND runs its cheapest part first and the others only among
 * what it matched. The hits must be exactly the plain AND's: the same documents, the same scores to the last bit
 * (equal scores are ranked by name, so a last-bit difference would reorder them), the same terms and fields.
 * On a generated account (fixed seed), where common words ("unit") match thousands of documents.
 */
import { describe, expect, it } from "vitest";
import { runQuery, TermIndex, type Hits, type Query } from "../../src/lookup/term-index.js";
import { generateLargeAccount } from "../../src/sandbox/common/large-account.js";
import { stem, tokenize } from "../../src/lookup/text.js";

const FIELDS = ["name", "type", "make", "model", "area"];
const BOOST = { name: 3, type: 3, make: 2.5, model: 2, area: 1 };
const cut = (text: string) => tokenize(text).map(stem);

const account = generateLargeAccount({ sizes: { customers: 300, assets: 6_000, jobs: 0 } });
const index = new TermIndex(FIELDS, (text) => cut(text));
account.assets.forEach((a, i) => index.add(String(i), { name: a.name, type: a.type, make: a.make, model: a.model, area: a.area }));

const QUERIES: Array<[string, Query]> = [
  ["two words, one common", { combineWith: "AND", queries: ["rooftop", "unit"] }],
  ["the common word first", { combineWith: "AND", queries: ["unit", "rooftop"] }],
  ["an OR of ANDs, as a trade word's alternatives", { combineWith: "OR", queries: [{ combineWith: "AND", queries: ["cooling", "unit"] }, "rtu", { combineWith: "AND", queries: ["rooftop", "unit"] }, "unit"] }],
  ["three words, fuzzy and prefix", { combineWith: "AND", queries: ["unit", "carier", "roof"], fuzzy: (t: string) => (t.length >= 5 ? 1 : false), prefix: true }],
  ["a string cut into several words", { combineWith: "AND", queries: ["rooftop unit floor"] }],
  // Summed in another order, 12 of its 46 scores differ in their last bits: the order of the sum is tested too.
  ["four words", { combineWith: "AND", queries: ["unit", "rooftop", "floor", "carrier"] }],
  ["an AND with no match", { combineWith: "AND", queries: ["unit", "zzzzqx"] }],
];

function plain(hits: Hits) {
  return [...hits].map(([short, h]) => ({ short, score: h.score, terms: [...h.terms].sort(), fields: h.fields })).sort((a, b) => a.short - b.short);
}

describe("runQuery narrowed by cost", () => {
  it.each(QUERIES)("%s: the plain AND's hits, scores exact", (_, query) => {
    const leaf = (spec: Parameters<TermIndex["match"]>[0], fields: readonly string[] | undefined, among?: ReadonlySet<number>) => index.match(spec, fields, BOOST, among);
    const whole = runQuery(query, leaf, cut);
    const narrowed = runQuery(query, leaf, cut, { cost: (spec) => index.reach(spec) });
    expect(plain(narrowed)).toEqual(plain(whole));
  });

  it("the account makes the narrowing matter: the common word matches far more than the AND", () => {
    const leaf = (spec: Parameters<TermIndex["match"]>[0], fields: readonly string[] | undefined) => index.match(spec, fields, BOOST);
    const unit = runQuery("unit", leaf, cut).size;
    const both = runQuery({ combineWith: "AND", queries: ["rooftop", "unit"] }, leaf, cut).size;
    expect(both).toBeGreaterThan(50);
    expect(unit).toBeGreaterThan(2 * both);
  });

  it("only among given documents: their hits are the plain query's", () => {
    const leaf = (spec: Parameters<TermIndex["match"]>[0], fields: readonly string[] | undefined, among?: ReadonlySet<number>) => index.match(spec, fields, BOOST, among);
    const query: Query = { combineWith: "AND", queries: ["rooftop", "unit"] };
    const whole = runQuery(query, leaf, cut);
    const among = new Set([...whole.keys()].filter((short) => short % 2 === 0));
    const some = runQuery(query, leaf, cut, { among, cost: (spec) => index.reach(spec) });
    expect(plain(some)).toEqual(plain(whole).filter((h) => among.has(h.short)));
  });
});
