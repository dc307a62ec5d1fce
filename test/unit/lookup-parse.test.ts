/**
 * The phrase parser (src/lookup/parse.ts) and the vocabulary it reads (src/lookup/vocabulary.ts): what a
 * dispatcher's words become, with statuses taken from the vendor facts and time read against a pinned clock.
 */
import { describe, expect, it } from "vitest";
import { parsePhrase, timeRange, type ParseContext } from "../../src/lookup/parse.js";
import { stem, tokenize, codeKey, looksLikeCode, phoneKeys } from "../../src/lookup/text.js";
import { FILLER_WORDS, TRADE_SYNONYMS } from "../../src/lookup/vocabulary.js";
import * as fsmn from "../../src/vendors/fsmnavigator/facts.js";
import * as tpfm from "../../src/vendors/trackplanfm/facts.js";

const NOW = new Date("2026-12-09T15:30:00Z"); // a Wednesday
const assets: ParseContext = { statuses: fsmn.ASSET_STATUSES, statusWords: "asset", now: NOW };
const jobs: ParseContext = { statuses: fsmn.JOB_STATUSES, closedStatuses: fsmn.JOB_MACHINE.terminal, statusWords: "job", now: NOW };

/** The first word of every alternative of every term: what the index will be asked. */
function termWords(phrase: string, ctx = assets): string[][] {
  return parsePhrase(phrase, ctx).terms.map((t) => t.alternatives.map((a) => a.join(" ")));
}

describe("trade words and abbreviations", () => {
  it.each([
    ["RTU", "rooftop unit"],
    ["rooftop unit", "rtu"],
    ["AHU", "air handler"],
    ["air handling unit", "ahu"],
    ["AC", "air conditioner"],
    ["a/c", "split system"],
    ["split system", "ac"],
    ["genset", "generator"],
    ["FACP", "fire alarm panel"],
    ["fire panel", "facp"],
    ["MFP", "printer"],
    ["copier", "mfp"],
    ["hot water heater", "water heater"],
    ["walk-in freezer", "freezer"],
    ["walk in cooler", "cooler"],
    ["lift", "elevator"],
    // Names written another way (NAME_SYNONYMS).
    ["Saint", "st", "alias"],
    ["St", "saint", "alias"],
    ["Street", "st", "alias"],
    ["Center", "centre", "alias"],
    ["Company", "co", "alias"],
    ["Association", "assn", "alias"],
    ["homeowners association", "hoa", "alias"],
    ["DC", "distribution center", "alias"],
  ])("%s is read as one term that also matches %s", (said, other, kind = "trade") => {
    const terms = parsePhrase(said, assets).terms;
    expect(terms).toHaveLength(1);
    expect(terms[0]!.kind).toBe(kind);
    expect(terms[0]!.alternatives.map((a) => a.join(" "))).toContain(tokenize(other).join(" "));
  });

  it("reads the longest phrase: 'fire alarm control panel' is one term, not 'fire alarm' + 'control' + 'panel'", () => {
    expect(parsePhrase("fire alarm control panel", assets).terms).toHaveLength(1);
  });

  it("keeps every synonym group distinct (no phrase in two groups, which would make the meaning depend on order)", () => {
    const seen = new Map<string, number>();
    TRADE_SYNONYMS.forEach((group, i) => {
      for (const p of group) {
        expect(seen.get(p), `"${p}" is in groups ${seen.get(p)} and ${i}`).toBeUndefined();
        seen.set(p, i);
      }
    });
  });
});

describe("filler, names and codes", () => {
  it("drops filler and keeps the meaningful words", () => {
    const p = parsePhrase("please find the boiler at the Parkside unit", assets);
    expect(termWords("please find the boiler at the Parkside unit")).toEqual([expect.arrayContaining(["boiler"]), [["parkside"].join(" ")]]);
    expect(p.ignored).toEqual(expect.arrayContaining(["please", "find", "the", "at", "unit"]));
    expect(FILLER_WORDS.has("boiler")).toBe(false);
  });

  it("reads a possessive as the name ('Acme's' → acme)", () => {
    expect(termWords("Acme's rooftop unit")[0]).toEqual(["acme"]);
  });

  it("recognises tags and serial numbers as codes, compared exactly", () => {
    const [tag] = parsePhrase("AST-000012", assets).terms;
    expect(tag).toMatchObject({ kind: "code", code: "ast000012" });
    const [serial] = parsePhrase("serial sie-2008-73664", assets).terms.filter((t) => t.kind === "code");
    expect(serial?.code).toBe("sie200873664");
    expect(looksLikeCode("2nd")).toBe(false);
    expect(looksLikeCode("5011")).toBe(true);
    expect(codeKey("LNX-2018-19939")).toBe("lnx201819939");
  });

  it("folds plurals, accents and curly apostrophes the same way the index does", () => {
    expect(tokenize("St. Mary’s Académie").map(stem)).toEqual(["st", "mary", "academie"]);
    expect(stem("boilers")).toBe("boiler");
    expect(stem("bakeries")).toBe("bakery");
    expect(stem("glass")).toBe("glass");
  });
});

describe("phone numbers", () => {
  const customers: ParseContext = { statuses: [], statusWords: "job", now: NOW };
  const phoneTerms = (phrase: string) => parsePhrase(phrase, customers).terms.filter((t) => t.phone).map((t) => ({ text: t.text, code: t.code, phone: t.phone }));

  it("reads a phone-shaped phrase, in any typed form, as one exact term keyed by its last ten digits", () => {
    expect(phoneTerms("(801) 555-0142")).toEqual([{ text: "(801) 555-0142", code: "8015550142", phone: "8015550142" }]);
    expect(phoneTerms("801.555.0142")).toEqual([{ text: "801.555.0142", code: "8015550142", phone: "8015550142" }]);
    expect(phoneTerms("+1 801 555 0142")).toEqual([{ text: "+1 801 555 0142", code: "18015550142", phone: "8015550142" }]);
    expect(phoneTerms("8015550142")).toEqual([{ text: "8015550142", code: "8015550142", phone: "8015550142" }]);
    // With other words around it: the number is one term, the words stay words.
    const parsed = parsePhrase("the customer at (801) 555-0142 in Provo", customers);
    expect(parsed.terms.map((t) => [t.kind, t.text])).toEqual([
      ["code", "(801) 555-0142"],
      ["word", "provo"],
    ]);
  });

  it("leaves numbers that are no phone alone: job numbers, tags, serials, unit numbers, dates", () => {
    expect(phoneTerms("job 24003")).toEqual([]);
    expect(phoneTerms("AST-000012")).toEqual([]);
    expect(phoneTerms("SIE-2008-73664")).toEqual([]);
    expect(phoneTerms("boiler #2 on the 2nd floor")).toEqual([]);
    expect(phoneTerms("jobs on 2026-12-08")).toEqual([]);
    expect(parsePhrase("job 24003", customers).terms).toMatchObject([{ kind: "code", code: "24003" }]);
  });

  it("indexes a stored phone by its digits and its last ten, whatever form it was typed in", () => {
    expect(phoneKeys("8015550142")).toEqual(["8015550142"]);
    expect(phoneKeys("(801) 555-0142")).toEqual(["8015550142"]);
    expect(phoneKeys("+1 (801) 555-0142")).toEqual(["18015550142", "8015550142"]);
    expect(phoneKeys("(314) 555-0171 ext. 44")).toEqual(["3145550171"]);
    expect(phoneKeys("")).toEqual([]);
  });
});

describe("numbers, ordinals and floors", () => {
  it.each([
    ["unit 2", 2],
    ["#2", 2],
    ["no. 3", 3],
    ["second", 2],
    ["3rd", 3],
    ["the fourth RTU", 4],
  ])("%s picks number %i", (said, n) => {
    expect(parsePhrase(said, assets).ordinal?.n).toBe(n);
  });

  it("reads '2nd floor', 'second floor' and 'floor 2' as the same floor, not as an ordinal", () => {
    for (const said of ["2nd floor", "second floor", "floor 2"]) {
      const p = parsePhrase(said, assets);
      expect(p.ordinal).toBeUndefined();
      expect(p.terms).toHaveLength(1);
      expect(p.terms[0]!.kind).toBe("floor");
      expect(p.terms[0]!.alternatives).toContainEqual(["2nd", "floor"]);
    }
  });

  it("reads basement and plant room as places", () => {
    expect(parsePhrase("water heater basement", assets).terms.map((t) => t.kind)).toEqual(["trade", "place"]);
    expect(parsePhrase("boiler in the plant room", assets).terms.map((t) => t.kind)).toEqual(["trade", "place"]);
  });
});

describe("status words, from the vendor facts", () => {
  it.each([
    ["the Carrier unit that went missing", ["Lost"]],
    ["missing", ["Lost"]],
    ["in the shop", ["In Maintenance"]],
    ["not in use", ["Idle"]],
    ["out of service", ["In Maintenance", "Non-Compliant"]],
    ["non-compliant", ["Non-Compliant"]],
    ["pending install", ["Pending Install"]],
  ])("%s → %j on FSM Navigator assets", (said, statuses) => {
    expect(parsePhrase(said, assets).status?.statuses).toEqual(statuses);
    for (const s of statuses) expect(fsmn.ASSET_STATUSES).toContain(s);
  });

  it("keeps only statuses the vendor has: 'missing' means nothing where no asset status exists", () => {
    const p = parsePhrase("missing boiler", { statuses: [], statusWords: "asset", now: NOW });
    expect(p.status).toEqual({ text: "missing", statuses: [] });
  });

  it("maps job words onto the vendor's job statuses", () => {
    expect(parsePhrase("jobs on hold", jobs).status?.statuses).toEqual(["On Hold"]);
    expect(parsePhrase("in progress", jobs).status?.statuses).toEqual(["In Progress"]);
    expect(parsePhrase("done", jobs).status?.statuses).toEqual(["Completed", "Closed"]);
    const open = parsePhrase("open jobs", jobs).status?.statuses;
    expect(open).toEqual(["Pending", "Assigned", "In Progress", "On Hold"]);
    const tp = parsePhrase("needs approval", { statuses: tpfm.JOB_STATUSES, statusWords: "job", now: NOW });
    expect(tp.status?.statuses).toEqual(["Requires Auth"]);
  });

  it("reads the vendor's own status names as said", () => {
    expect(parsePhrase("resource confirmed complete", { statuses: tpfm.JOB_STATUSES, statusWords: "job", now: NOW }).status?.statuses).toEqual(["Resource Confirmed Complete"]);
  });
});

describe("time words (injected clock)", () => {
  it("reads this week from Monday, yesterday and overdue against the given now", () => {
    const p = parsePhrase("jobs for the bakery this week", jobs);
    expect(p.time?.word).toBe("this week");
    expect(p.time?.from?.toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(p.time?.to?.toISOString()).toBe("2026-12-14T00:00:00.000Z");
    expect(termWords("jobs for the bakery this week", jobs)).toEqual([["bakery"]]);
    expect(timeRange("yesterday", NOW)).toEqual({ from: new Date("2026-12-08T00:00:00Z"), to: new Date("2026-12-09T00:00:00Z") });
    expect(timeRange("last week", NOW).from?.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(parsePhrase("overdue", jobs).time?.word).toBe("overdue");
    expect(parsePhrase("past due jobs", jobs).time?.word).toBe("overdue");
  });
});

describe("other scripts", () => {
  it("indexes and reads words in any script, accents folded", () => {
    expect(tokenize("Zoë Ångström Łódź")).toEqual(["zoe", "angstrom", "łodz"]);
    expect(tokenize("株式会社 サクラ Δέλτα")).toEqual(["株式会社", "サクラ", "δελτα"]);
    expect(termWords("चाय की दुकान", assets)).toEqual([["चाय"], ["की"], ["दुकान"]]);
  });
});
