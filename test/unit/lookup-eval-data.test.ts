/**
 * The labelled lookup evaluation (bench/lookup-eval/, run by `npm run bench`) is data about the sandboxes'
 * seeds: this keeps it true. Every target must resolve to exactly one record, on any day (the sandboxes
 * date their data from the start of today), and each vendor's set must keep its size and its kinds.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module of the bench, without types
import { resolveCases, ROWS } from "../../bench/lookup-eval/records.mjs";
// @ts-expect-error plain ESM module of the bench, without types
import fsmnavigatorCases from "../../bench/lookup-eval/fsmnavigator.mjs";
// @ts-expect-error plain ESM module of the bench, without types
import trackplanfmCases from "../../bench/lookup-eval/trackplanfm.mjs";
// @ts-expect-error plain ESM module of the bench, without types
import jobnimbusCases from "../../bench/lookup-eval/jobnimbus.mjs";
import { createSeededStore as seedFsmNavigator, todayAnchor } from "../../src/sandbox/fsmnavigator/seed.js";
import { createSeededStore as seedTrackplanfm } from "../../src/sandbox/trackplanfm/seed.js";
import { createSeededStore as seedJobNimbus } from "../../src/sandbox/jobnimbus/seed.js";
import { DEFAULT_DEMO_KEY, ACCOUNTS } from "../../src/sandbox/jobnimbus/accounts.js";

interface Case {
  kind: "asset" | "customer" | "job";
  phrase: string;
  target: Record<string, unknown> | null;
  style: string;
}
interface Resolved {
  case: Case;
  phrase: string;
  targetId?: unknown;
  error?: string;
}

const DAY = 86_400_000;
const today = Date.parse(todayAnchor());
/** Today and two later days of other weekdays (the FSM Navigator seed's job board moves with the weekday). */
const ANCHORS = [0, 3, 5].map((days) => new Date(today + days * DAY).toISOString());
const jobNimbusAccount = ACCOUNTS.find((a) => a.id === DEFAULT_DEMO_KEY.accountId)!;

const VENDORS = [
  { vendor: "fsmnavigator", cases: fsmnavigatorCases as Case[], kinds: ["asset", "customer", "job"], seed: (anchorDate: string) => seedFsmNavigator({ anchorDate }) },
  { vendor: "trackplanfm", cases: trackplanfmCases as Case[], kinds: ["asset", "customer", "job"], seed: (anchorDate: string) => seedTrackplanfm({ anchorDate }) },
  // JobNimbus has no asset records: contacts and jobs only.
  { vendor: "jobnimbus", cases: jobnimbusCases as Case[], kinds: ["customer", "job"], seed: (anchorDate: string) => seedJobNimbus(jobNimbusAccount, { anchorDate }) },
] as const;

describe.each(VENDORS)("lookup evaluation data: $vendor", ({ vendor, cases, kinds, seed }) => {
  it("has at least 80 phrasings over every kind the vendor has, with must-find-nothing ones in each", () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(kinds));
    for (const kind of kinds) {
      expect(cases.filter((c) => c.kind === kind && c.target !== null).length, kind).toBeGreaterThanOrEqual(15);
      expect(cases.filter((c) => c.kind === kind && c.target === null).length, kind).toBeGreaterThanOrEqual(2);
    }
  });

  it("words phrasings as dispatchers do: each one distinct, with typos, abbreviations and statuses among them", () => {
    const phrases = cases.map((c) => c.phrase.toLowerCase());
    expect(new Set(phrases).size).toBe(phrases.length);
    const styles = cases.map((c) => c.style).join(" | ");
    for (const style of ["typo", "abbreviation", "status", "partial", "does not exist", "nonsense"]) expect(styles, style).toContain(style);
    if (kinds.includes("asset")) for (const style of ["ordinal", "floor", "make", "serial", "tag"]) expect(styles, style).toContain(style);
  });

  it.each(ANCHORS)("names exactly one record per phrasing when the sandbox is seeded on %s", (anchorDate) => {
    const resolved = resolveCases(cases, ROWS[vendor](seed(anchorDate), anchorDate)) as Resolved[];
    expect(resolved.filter((r) => r.error).map((r) => `${r.case.phrase}: ${r.error}`)).toEqual([]);
    for (const r of resolved) expect(r.phrase, "a {field} left unfilled").not.toMatch(/\{\w+\}/);
  });
});

describe("FSM Navigator time words", () => {
  it("dates the fixture jobs the phrasings call today, yesterday and overdue as they say", () => {
    const anchorDate = ANCHORS[0]!;
    const store = seedFsmNavigator({ anchorDate });
    // Fixture customers' jobs only: the seed has jobs of the same titles elsewhere.
    const fixtureSites = new Set(
      [...store.customers.values()].filter((c) => ["O'Brien & Sons Bakery", "Café Olé Bistro"].includes(c.customer_name)).flatMap((c) => store.locationsOf(c.customer_id).map((l) => l.location_id)),
    );
    const byTitle = (title: string) => [...store.jobs.values()].find((j) => j.job_title === title && fixtureSites.has(j.customer_location_id))!;
    const anchor = Date.parse(anchorDate);
    const cooler = byTitle("Walk-in cooler not holding temperature");
    expect(cooler.scheduled_start!.slice(0, 10)).toBe(anchorDate.slice(0, 10));
    expect(Date.parse(cooler.scheduled_start!)).toBeGreaterThan(anchor);
    expect(Date.parse(byTitle("Descale ice machine").actual_end!)).toBeLessThan(anchor);
    expect(Date.parse(byTitle("Descale ice machine").actual_end!)).toBeGreaterThanOrEqual(anchor - DAY);
    const overdue = byTitle("Hood fire suppression recharge");
    expect(overdue.job_status).toBe("In Progress");
    expect(Date.parse(overdue.scheduled_end!)).toBeLessThan(anchor);
  });
});
