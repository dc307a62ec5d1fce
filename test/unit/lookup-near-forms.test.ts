/**
 * What the phrase parser adds for words written differently from the records (issue 12): near forms matched
 * exactly (transpositions, joins, splits), name synonyms, spoken status phrases, number words, word roots, and a
 * relaxed second pass through the real index (KindIndex) for a phrase no record matches word for word.
 */
import { describe, expect, it } from "vitest";
import { KindIndex } from "../../src/lookup/index-store.js";
import { parsePhrase, splits, transpositions, type ParseContext } from "../../src/lookup/parse.js";
import { rootOf, tokenize } from "../../src/lookup/text.js";
import { NAME_SYNONYMS, PLACE_SYNONYMS, TRADE_SYNONYMS } from "../../src/lookup/vocabulary.js";
import * as fsmn from "../../src/vendors/fsmnavigator/facts.js";
import * as tpfm from "../../src/vendors/trackplanfm/facts.js";

const NOW = new Date("2026-12-09T15:30:00Z"); // a Wednesday
const assets: ParseContext = { statuses: fsmn.ASSET_STATUSES, statusWords: "asset", now: NOW };
const customers: ParseContext = { statuses: [], statusWords: "job", now: NOW };
const tpJobs: ParseContext = { statuses: tpfm.JOB_STATUSES, statusWords: "job", now: NOW };

const variantsOf = (phrase: string, ctx = customers) => parsePhrase(phrase, ctx).terms.map((t) => (t.variants ?? []).map((v) => v.join(" ")));

describe("near forms of a word, matched exactly", () => {
  it("lists every swap of two neighbouring letters (Damerau's one edit)", () => {
    expect(transpositions("obrein")).toContain("obrien");
    expect(transpositions("hammersmtih")).toContain("hammersmith");
    expect(transpositions("abc")).toEqual(["bac", "acb"]);
    // A doubled letter swapped with itself is the word again, not a variant.
    expect(transpositions("aab")).toEqual(["aba"]);
  });

  it("splits a word in two, each part at least two letters ('reroof' → re roof)", () => {
    expect(splits("reroof")).toContainEqual(["re", "roof"]);
    expect(splits("abcd")).toEqual([["ab", "cd"]]);
    expect(splits("abc")).toEqual([]);
  });

  it("gives plain words their transpositions, splits and joins with the neighbouring word", () => {
    const [south, bank] = variantsOf("South Bank arts");
    expect(south).toContain("southbank");
    expect(bank).toContain("southbank");
    expect(bank).toContain("bankarts");
    expect(variantsOf("Parksdie")[0]).toContain("parkside");
    expect(variantsOf("reroof")[0]).toContain("re roof");
  });

  it("gives codes, numbers and vocabulary no near forms", () => {
    const terms = parsePhrase("RTU 2 AST-000012", assets).terms;
    expect(terms.every((t) => t.variants === undefined)).toBe(true);
  });

  it("marks a word that is a word of the vendor's status names with those statuses", () => {
    const ctx: ParseContext = { statuses: ["Claim Filed", "Claim Denied", "Claim Approved"], statusWords: "job", now: NOW };
    const denied = parsePhrase("Sato denied hail claim", ctx).terms.find((t) => t.text === "denied");
    expect(denied?.statuses).toEqual(["Claim Denied"]);
    expect(parsePhrase("Sato denied hail claim", ctx).terms.find((t) => t.text === "sato")?.statuses).toBeUndefined();
  });
});

describe("name synonyms and spoken forms (the synonyms themselves: lookup-parse.test.ts)", () => {
  it("keeps every vocabulary phrase in one group only, across trade, place and name synonyms", () => {
    const seen = new Map<string, string>();
    for (const [name, groups] of [["trade", TRADE_SYNONYMS], ["place", PLACE_SYNONYMS], ["name", NAME_SYNONYMS]] as const) {
      groups.forEach((group, i) => {
        for (const p of group) {
          expect(seen.get(p), `"${p}" is in ${seen.get(p)} and ${name} ${i}`).toBeUndefined();
          seen.set(p, `${name} ${i}`);
        }
      });
    }
  });

  it("reads 'waiting for' and 'needing' as the listed status phrases", () => {
    expect(parsePhrase("lift job waiting for approval", tpJobs).status?.statuses).toEqual(["Requires Auth"]);
    expect(parsePhrase("hot water job needing approval", tpJobs).status?.statuses).toEqual(["Requires Auth"]);
    expect(parsePhrase("fire door waiting for authorisation", tpJobs).status?.statuses).toEqual(["Requires Auth"]);
    expect(parsePhrase("the RTU at Acme waiting to be installed", assets).status?.statuses).toEqual(["Pending Install"]);
  });

  it("drops titles, code markers and the spoken 'n'", () => {
    expect(parsePhrase("Mr Hughes in Thornton", customers).terms.map((t) => t.text)).toEqual(["hughes", "thornton"]);
    expect(parsePhrase("Paws n Claws", customers).terms.map((t) => t.text)).toEqual(["paws", "claws"]);
    const serial = parsePhrase("serial CAR-50XC-903377", assets);
    expect(serial.terms).toHaveLength(1);
    expect(serial.terms[0]).toMatchObject({ kind: "code", code: "car50xc903377" });
  });

  it("reads numbers said as words after a floor or unit word", () => {
    expect(parsePhrase("AHU level three", assets).terms.find((t) => t.kind === "floor")?.alternatives).toContainEqual(["level", "3"]);
    expect(parsePhrase("boiler unit two", assets).ordinal).toEqual({ text: "unit two", n: 2 });
  });

  it("reads a unit code that is no tag ('RTU-7') with the number a record must carry", () => {
    expect(parsePhrase("RTU-7 at O'Brien", assets).terms[0]).toMatchObject({ kind: "code", number: 7 });
    expect(parsePhrase("SIE-2008-73664", assets).terms[0]!.number).toBeUndefined();
  });

  it("intersects two time words: 'upcoming … this week' is from today to the end of the week", () => {
    const time = parsePhrase("upcoming jobs this week", { ...customers, statuses: fsmn.JOB_STATUSES }).time!;
    expect(time.from?.toISOString()).toBe("2026-12-09T00:00:00.000Z");
    expect(time.to?.toISOString()).toBe("2026-12-14T00:00:00.000Z");
  });
});

describe("word roots and apostrophes", () => {
  it.each([
    ["descaling", "descal"],
    ["brewery", "brew"],
    ["warehouse", "warehous"],
    ["replacement", "replace"],
  ])("%s → %s", (word, root) => expect(rootOf(word)).toBe(root));

  it("leaves a word with no ending, or one too short to cut, alone", () => {
    expect(rootOf("pizza")).toBeUndefined();
    expect(rootOf("tiles")).toBeUndefined();
  });

  it("indexes O'Brien also as obrien", () => {
    expect(tokenize("O'Brien & Sons Bakery")).toEqual(expect.arrayContaining(["o", "brien", "obrien", "sons", "bakery"]));
  });
});

describe("near forms through the index", () => {
  const index = new KindIndex("customer");
  const doc = (id: string, name: string) => ({ id, code: "", name, company: "", locations: "", email: "", phone: "", region: "", city: "", street: "" });
  index.upsert(doc("1", "Parkside Inn & Suites"));
  index.upsert(doc("2", "Southbank Arts Centre"));
  index.upsert(doc("3", "Mile High Self Storage - TPO Re-roof"));
  const ids = (phrase: string, leeway?: number) => [...index.searchAll(parsePhrase(phrase, customers).terms.map((t) => (leeway ? { ...t, leeway } : t))).keys()];

  it("a relaxed search finds a transposed name, a word split in two and two words run together", () => {
    expect(ids("Parksdie inn", 1)).toEqual(["1"]);
    expect(ids("South Bank arts", 1)).toEqual(["2"]);
    expect(ids("mile high reroof", 1)).toEqual(["3"]);
  });

  it("a strict search does not search near forms (it stays as fast as a plain query)", () => {
    expect(ids("Parksdie inn")).toEqual([]);
    expect(ids("South Bank arts")).toEqual([]);
  });

  it("a relaxed search allows two typos in a long word, one in a stemmed four-letter one", () => {
    index.upsert(doc("4", "Olivia Nguyen"));
    index.upsert(doc("5", "Dallas Uptown Tower"));
    expect(ids("Nyugen", 2)).toEqual(["4"]);
    expect(ids("Nyugen")).toEqual([]);
    expect(ids("Dalas uptown", 1)).toEqual(["5"]);
    expect(ids("Dalas uptown")).toEqual([]);
  });

  it("still finds nothing for words that are no near form of any record's", () => {
    expect(ids("Zephyr Aerospace", 2)).toEqual([]);
  });
});
