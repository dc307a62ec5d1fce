/**
 * The compact term index (src/lookup/term-index.ts) against MiniSearch itself: the same documents and queries give
 * the same records with the same scores (exact, prefix, fuzzy, AND/OR trees, field restrictions and boosts, a
 * discarded document), and a saved index loads into the same answers. Then the asset index on top of it
 * (src/lookup/index-store.ts): a site's words found through the site, codes exactly and by their beginning.
 */
import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { docSource, emptyRecords, KindIndex, setLocation, assetDoc, type Records } from "../../src/lookup/index-store.js";
import type { Term } from "../../src/lookup/parse.js";
import { CodeTable } from "../../src/lookup/code-table.js";
import { runQuery, TermIndex, type Query } from "../../src/lookup/term-index.js";
import { stem, tokenize } from "../../src/lookup/text.js";

const FIELDS = ["name", "type", "notes"];
const DOCS = [
  { id: "1", name: "Hot Water Boiler #1", type: "Boiler", notes: "Annual service due; boiler room in the basement" },
  { id: "2", name: "Hot Water Boiler #2", type: "Boiler", notes: "" },
  { id: "3", name: "RTU-1", type: "HVAC Unit", notes: "Rooftop unit over the kitchen" },
  { id: "4", name: "Rooftop Unit 2", type: "HVAC Unit", notes: "Carrier, replaced compressor" },
  { id: "5", name: "Walk-in Cooler", type: "Refrigeration", notes: "Boilerplate contract" },
  { id: "6", name: "Parkside Boilers", type: "Boiler", notes: "Parkside parking garage" },
];
const cut = (text: string) => tokenize(text).map(stem);
const BOOST = { name: 3, type: 3, notes: 0.6 };

function miniSearch(docs = DOCS): MiniSearch {
  const ms = new MiniSearch({ fields: FIELDS, tokenize, processTerm: stem, searchOptions: { tokenize, processTerm: stem } });
  ms.addAll(docs);
  return ms;
}

function termIndex(docs = DOCS): TermIndex {
  const index = new TermIndex(FIELDS, (text) => cut(text));
  for (const d of docs) index.add(d.id, d);
  return index;
}

/** A query's records and scores as MiniSearch's search gives them (score times the query words matched). */
function ours(index: TermIndex, query: Query): Array<[string, number]> {
  const hits = runQuery(query, (spec, fields) => index.match(spec, fields, BOOST), cut);
  return [...hits].map(([short, h]): [string, number] => [index.idOf(short)!, h.score * h.terms.length]).sort(byId);
}

function theirs(ms: MiniSearch, query: Query): Array<[string, number]> {
  return ms.search(query as never, { boost: BOOST }).map((r): [string, number] => [String(r.id), r.score]).sort(byId);
}

const byId = (a: [string, number], b: [string, number]) => a[0].localeCompare(b[0]);

function expectSame(a: Array<[string, number]>, b: Array<[string, number]>) {
  expect(a.map((r) => r[0])).toEqual(b.map((r) => r[0]));
  a.forEach((r, i) => expect(r[1]).toBeCloseTo(b[i]![1], 6));
}

const QUERIES: Array<[string, Query]> = [
  ["one word", "boiler"],
  ["two words, OR", "boiler rooftop"],
  ["AND", { combineWith: "AND", queries: ["hot", "boiler"] }],
  ["prefix", { queries: ["boil"], prefix: true }],
  ["fuzzy", { queries: ["parksde"], fuzzy: 1 }],
  ["fuzzy by fraction", { queries: ["compresor"], fuzzy: 0.2 }],
  ["prefix and fuzzy together", { queries: ["roofto"], prefix: true, fuzzy: 1 }],
  ["fields", { queries: ["boiler"], fields: ["notes"] }],
  [
    "a tree of alternatives with per-term options",
    {
      combineWith: "OR",
      queries: [
        { combineWith: "AND", queries: ["rooftop", "unit"] },
        { combineWith: "AND", queries: ["rtu"] },
      ],
      prefix: (t: string) => t.length >= 3,
      fuzzy: (t: string) => (t.length >= 5 ? 1 : false),
    },
  ],
  ["nothing", "zeppelin"],
];

describe("TermIndex answers as MiniSearch does", () => {
  it.each(QUERIES)("%s", (_, query) => {
    expectSame(ours(termIndex(), query), theirs(miniSearch(), query));
  });

  it("a discarded document is gone, and the others score as in an index that never had it", () => {
    const index = termIndex();
    index.discard("6");
    expect(index.has("6")).toBe(false);
    expect(index.size).toBe(DOCS.length - 1);
    const without = DOCS.filter((d) => d.id !== "6");
    for (const [, query] of QUERIES) expectSame(ours(index, query), theirs(miniSearch(without), query));
  });

  it("a document added again replaces its old words", () => {
    const index = termIndex();
    index.add("2", { id: "2", name: "Steam Boiler", type: "Boiler", notes: "" });
    expect(ours(index, "hot").map((r) => r[0])).toEqual(["1"]);
    expect(ours(index, "steam").map((r) => r[0])).toEqual(["2"]);
  });

  it("a saved index loads into the same answers, without its discarded documents", () => {
    const index = termIndex();
    index.discard("3");
    const saved = JSON.parse(JSON.stringify(index.toJSON()));
    const loaded = new TermIndex(FIELDS, (text) => cut(text), undefined, saved);
    expect(loaded.size).toBe(DOCS.length - 1);
    expect(loaded.has("3")).toBe(false);
    for (const [, query] of QUERIES) expectSame(ours(loaded, query), ours(index, query));
  });

  it("trimmed after a fill, answers as before, and documents added later grow it again", () => {
    const index = termIndex(DOCS.slice(0, 4));
    index.trim();
    for (const [, query] of QUERIES) expectSame(ours(index, query), theirs(miniSearch(DOCS.slice(0, 4)), query));
    for (const d of DOCS.slice(4)) index.add(d.id, d);
    index.trim();
    index.add("2", DOCS[1]!);
    for (const [, query] of QUERIES) expectSame(ours(index, query), theirs(miniSearch(), query));
  });

  it("refuses a saved index whose arrays do not fit together", () => {
    const saved = termIndex().toJSON();
    expect(() => new TermIndex(FIELDS, (text) => cut(text), undefined, { ...saved, lengths: "" })).toThrow(/field lengths/);
    expect(() => new TermIndex(FIELDS, (text) => cut(text), undefined, { ...saved, postings: [] })).toThrow(/not a saved term index/);
  });
});

/** Two customers, three sites, four assets (FSM Navigator's shape: sites belong to customers). */
function account(): Records {
  const records = emptyRecords();
  records.customers.set("1", { id: 1, name: "Parkside Inn & Suites" } as never);
  records.customers.set("2", { id: 2, name: "Acme Corporation" } as never);
  setLocation(records, { id: 10, customerId: 1, name: "Main Building", street: "12 Bridge Street", city: "Springfield", state: "IL", zip: "62701" } as never);
  setLocation(records, { id: 11, customerId: 1, name: "Conference Center", street: "14 Bridge Street", city: "Springfield", state: "IL", zip: "62701" } as never);
  setLocation(records, { id: 20, customerId: 2, name: "Main Office", street: "8650 Grand Drive", city: "Denver", state: "CO", zip: "80202" } as never);
  const asset = (id: number, name: string, typeName: string, locationId: number, tag: string, serialNumber: string) =>
    records.assets.set(String(id), { id, name, typeName, locationId, tag, serialNumber, status: "Active" } as never);
  asset(1, "Hot Water Boiler #1", "Boiler", 10, "AST-000001", "SIE-2008-73664");
  asset(2, "Hot Water Boiler #2", "Boiler", 11, "AST-000002", "SIE-2009-11111");
  asset(3, "RTU-1", "HVAC Unit", 20, "AST-000003", "LNX-2018-19939");
  asset(4, "Boiler", "Boiler", 20, "AST-000004", "PAX-1788-00042");
  return records;
}

function assetIndex(records: Records): KindIndex {
  const index = new KindIndex("asset", docSource("asset", records));
  for (const a of records.assets.values()) index.upsert(assetDoc(a, records));
  return index;
}

const word = (text: string): Term => ({ text, kind: "word", alternatives: [[text]] });
const code = (text: string, key: string): Term => ({ text, kind: "code", code: key, alternatives: [[text]] });

describe("the asset index", () => {
  it("finds an asset by its site's customer, street and city, and says so", () => {
    const index = assetIndex(account());
    const hits = index.searchAll([word("boiler"), word("parkside")]);
    expect([...hits.keys()].sort()).toEqual(["1", "2"]);
    expect(hits.get("1")!.fields).toEqual(expect.arrayContaining(["type", "customer"]));
    expect(index.explain("1", hits.get("1")!.fields)).toContain("customer: Parkside Inn & Suites");
    expect([...index.searchAll([word("boiler"), word("denver")]).keys()]).toEqual(["4"]);
    expect([...index.searchAll([word("bridge"), word("hot")]).keys()].sort()).toEqual(["1", "2"]);
  });

  it("a site's words change for all its assets when one of them brings new ones", () => {
    const records = account();
    const index = assetIndex(records);
    records.customers.set("2", { id: 2, name: "Acme Aerospace" } as never);
    index.upsert(assetDoc(records.assets.get("4")!, records));
    // Asset 3 stands at the same site: it is found by the new name, no longer by the old one.
    expect([...index.searchAll([word("aerospace")]).keys()].sort()).toEqual(["3", "4"]);
    expect(index.searchAll([word("corporation")]).size).toBe(0);
  });

  it("finds tags and serials exactly and by their beginning, not by one of their parts", () => {
    const index = assetIndex(account());
    expect(index.exact("ast000003")).toEqual([{ key: "3", field: "tag" }]);
    expect(index.exact("sie200873664")).toEqual([{ key: "1", field: "serial" }]);
    expect([...index.searchAll([code("PAX1788", "pax1788")]).keys()]).toEqual(["4"]);
    expect(index.searchAll([code("SIE-2008", "sie2008")]).get("1")!.fields).toEqual(["serial"]);
    expect(index.searchAll([word("ast")]).size).toBe(0);
  });

  it("finds codes the same once trim has packed them, and codes added after it", () => {
    const records = account();
    const index = assetIndex(records);
    const before = index.toJSON();
    index.trim();
    expect(index.toJSON()).toEqual(before);
    expect(index.exact("ast000003")).toEqual([{ key: "3", field: "tag" }]);
    expect([...index.searchAll([code("PAX1788", "pax1788")]).keys()]).toEqual(["4"]);
    records.assets.set("5", { id: 5, name: "Walk-in Freezer", typeName: "Refrigeration", locationId: 10, tag: "AST-000005", serialNumber: "PAX-1788-00077", status: "Active" } as never);
    index.upsert(assetDoc(records.assets.get("5")!, records));
    expect([...index.searchAll([code("PAX1788", "pax1788")]).keys()].sort()).toEqual(["4", "5"]);
    index.trim();
    expect([...index.searchAll([code("PAX1788", "pax1788")]).keys()].sort()).toEqual(["4", "5"]);
    expect(index.exact("ast000005")).toEqual([{ key: "5", field: "tag" }]);
  });

  it.each([
    ["as saved (codes and sites come with it)", false],
    ["given its records' codes again", true],
  ])("a saved index, loaded %s, answers as the one it was saved from", (_, listCodes) => {
    const records = account();
    const index = assetIndex(records);
    // An asset indexed again (its old postings and codes discarded) and a site indexed again (its customer renamed).
    index.upsert(assetDoc(records.assets.get("2")!, records));
    records.customers.set("2", { id: 2, name: "Acme Aerospace" } as never);
    index.upsert(assetDoc(records.assets.get("3")!, records));
    const loaded = new KindIndex("asset", docSource("asset", records), JSON.parse(JSON.stringify(index.toJSON())));
    const source = docSource("asset", records);
    if (listCodes) for (const key of source.keys()) loaded.addCodes(source.codes(key)!);
    const phrases = [[word("boiler"), word("parkside")], [word("springfield")], [code("PAX1788", "pax1788")], [word("hot"), word("conference")], [word("aerospace")], [word("boiler"), word("denver")]];
    for (const terms of phrases) expect([...loaded.searchAll(terms)]).toEqual([...index.searchAll(terms)]);
    expect([...loaded.searchAll([word("aerospace")]).keys()].sort()).toEqual(["3", "4"]);
    expect(loaded.exact("ast000002")).toEqual([{ key: "2", field: "tag" }]);
    expect(loaded.size).toBe(4);
  });

  it("a save streamed while the index changes holds the index as it was at its first chunk", () => {
    const records = account();
    const index = assetIndex(records);
    const chunks = index.save();
    const first = chunks.next();
    // Written while the file is: a new word (a new term in the dictionary), an asset indexed again (its old
    // version discarded, its terms' postings grown), a new code.
    records.assets.set("5", { id: 5, name: "Walk-in Freezer", typeName: "Refrigeration", locationId: 10, tag: "AST-000005", serialNumber: "KLD-2020-55555", status: "Active" } as never);
    index.upsert(assetDoc(records.assets.get("5")!, records));
    index.upsert(assetDoc(records.assets.get("1")!, records));
    const streamed = JSON.parse(`${first.value}${[...chunks].join("")}`);
    expect(streamed).toEqual(assetIndex(account()).toJSON());
    expect(streamed.text.terms).not.toContain("freezer");
  });

  it("refuses a saved index of another shape (the lookup then indexes the records again)", () => {
    const records = account();
    const saved = assetIndex(records).toJSON();
    expect(() => new KindIndex("asset", docSource("asset", records), { ...saved, format: 1 })).toThrow(/another shape/);
    expect(() => new KindIndex("asset", docSource("asset", records), { ...saved, codes: { keys: ["b", "a"], entries: saved.codes.entries } })).toThrow(/code table/);
  });
});

describe("the code table", () => {
  it("finds every longer code a prefix begins, across its sorted runs and the unsorted batch", () => {
    const table = new CodeTable();
    // A fixed scramble of 5,000 keys: several sorted runs and a batch not yet sorted.
    const keys = Array.from({ length: 5_000 }, (_, i) => `${["ast", "sie", "lnx"][i % 3]}${String((i * 7919) % 100_003).padStart(6, "0")}`);
    keys.forEach((k, i) => table.add(k, i));
    for (const prefix of ["ast0", "sie01", "lnx0999", "ast", "zzz", keys[17]!]) {
      const expected = [...new Set(keys)].filter((k) => k.startsWith(prefix) && k.length > prefix.length).sort();
      expect(table.longer(prefix).sort(), prefix).toEqual(expected);
    }
    expect(table.get(keys[42]!)).toEqual([42]);
    table.add(keys[42]!, 9_999);
    table.add(keys[42]!, 9_999);
    expect(table.get(keys[42]!)).toEqual([42, 9_999]);
    expect(table.has("nothing")).toBe(false);
  });
});
