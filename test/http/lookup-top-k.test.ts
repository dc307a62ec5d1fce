/**
 * A lookup asked for its first k items (what a tool pages to) answers exactly what the whole ranking answers up
 * to k: same records, order, scores and explanations, the same total, on a realistic index. The real FSM
 * Navigator client over HTTP against the real sandbox, its demo data plus a generated large account (fixed seed,
 * smaller sizes), so broad phrases match hundreds to thousands of records with many equal scores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLookup, type LookupAnswer, type LookupRecord, type LookupService } from "../../src/lookup/index.js";
import { DEFAULT_ANCHOR_DATE, DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { addLargeAccount } from "../../src/sandbox/fsmnavigator/large-account.js";
import { lookupLimit, lookupList } from "../../src/tools/lookup-list.js";
import { createFsmNavigatorBackend } from "../../src/vendors/fsmnavigator/backend.js";
import type { Asset, Job } from "../../src/domain/types.js";

let sandbox: FsmNavigatorSandbox;
let lookup: LookupService;
let closeBackend: () => Promise<void>;

beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false, anchorDate: DEFAULT_ANCHOR_DATE });
  addLargeAccount(sandbox.store, DEFAULT_ANCHOR_DATE, { customers: 400, assets: 4_000, jobs: 400 });
  const backend = createFsmNavigatorBackend({ origin: sandbox.url, apiKey: DEMO_KEYS[0]!.key, timeoutMs: 30_000 });
  closeBackend = () => backend.close();
  let filled!: () => void;
  const done = new Promise<void>((resolve) => (filled = resolve));
  lookup = createLookup({
    backend,
    kinds: new Set(["customer", "asset", "job"]),
    now: () => new Date(DEFAULT_ANCHOR_DATE),
    // The whole account read (every kind): the rankings compared are those of the complete index.
    log: (_level, message) => void (message.startsWith("lookup index filled") && filled()),
  });
  await lookup.search("asset", "boiler");
  await done;
}, 120_000);

afterAll(async () => {
  await lookup?.close();
  await closeBackend?.();
  await sandbox?.close();
});

/** What a caller sees of an answer: each item's record id, score and explanation, and the counts. */
function seen(answer: LookupAnswer, upTo = answer.items.length) {
  return {
    total: answer.total,
    notUnderstood: answer.notUnderstood,
    hint: answer.hint,
    items: answer.items.slice(0, upTo).map((i) => ({ id: i.record.id, score: i.score, matched: i.matched })),
  };
}

/** The first position k where the k-th and (k+1)-th items score the same (a tie the selection must break as the sort did). */
function tieBoundary(answer: LookupAnswer): number | undefined {
  const i = answer.items.findIndex((item, n) => n > 0 && item.score === answer.items[n - 1]!.score);
  return i > 0 ? i : undefined;
}

const PHRASES: Array<[kind: "asset" | "customer" | "job", phrase: string]> = [
  ["asset", "rooftop unit"],
  ["asset", "boiler"],
  ["asset", "unit"],
  ["asset", "printer Springfield"],
  ["asset", "second boiler"],
  ["asset", "boiler 2"],
  ["asset", "out of service"],
  ["customer", "Chicago"],
  ["customer", "Springfield"],
  ["job", "preventive maintenance"],
  ["job", "this week"],
  ["job", "boiler"],
];

describe("a lookup limited to the items a tool pages to", () => {
  it.each(PHRASES)("%s %j: the first page, a later page and a tie at the boundary are the whole ranking's", async (kind, phrase) => {
    const full = await lookup.search<LookupRecord>(kind, phrase);
    expect(full.total).toBe(full.items.length);
    // Broad enough that the selection is not the whole ranking.
    expect(full.total).toBeGreaterThan(40);
    // Best first.
    for (let i = 1; i < full.items.length; i++) expect(full.items[i]!.score).toBeLessThanOrEqual(full.items[i - 1]!.score);
    const tie = tieBoundary(full);
    for (const limit of [1, 10, 30, ...(tie ? [tie] : [])]) {
      const limited = await lookup.search<LookupRecord>(kind, phrase, { limit });
      expect(limited.items).toHaveLength(limit);
      expect(seen(limited), `limit ${limit}`).toEqual(seen(full, limit));
    }
  });

  it("breaks ties at the boundary as the full ranking does (the phrases hold such ties)", async () => {
    const ties = [];
    for (const [kind, phrase] of PHRASES) if (tieBoundary(await lookup.search<LookupRecord>(kind, phrase))) ties.push(phrase);
    expect(ties.length).toBeGreaterThanOrEqual(PHRASES.length / 2);
  });

  it("applies the caller's filter before choosing: every page and the total count only what it keeps", async () => {
    const all = await lookup.search<Asset>("asset", "rooftop unit");
    const site = all.items[Math.floor(all.items.length / 2)]!.record;
    const filters: Array<(a: Asset) => boolean> = [(a) => a.status === site.status, (a) => Number(a.id) % 3 === 0, (a) => String(a.typeId) === String(site.typeId) && a.status !== site.status];
    for (const filter of filters) {
      const full = await lookup.search<Asset>("asset", "rooftop unit", { filter });
      expect(full.total).toBeGreaterThan(30);
      expect(full.total).toBeLessThan(all.total);
      for (const limit of [1, 10, 25]) expect(seen(await lookup.search<Asset>("asset", "rooftop unit", { filter, limit }))).toEqual(seen(full, limit));
    }
    const jobs = (j: Job) => j.status !== "Closed";
    const fullJobs = await lookup.search<Job>("job", "preventive maintenance", { filter: jobs });
    expect(fullJobs.total).toBeGreaterThan(10);
    expect(seen(await lookup.search<Job>("job", "preventive maintenance", { filter: jobs, limit: 10 }))).toEqual(seen(fullJobs, 10));
  });

  it("a tool's later page (its limit: the ranking up to that page) lists what the whole ranking lists there, with the same total and remaining", async () => {
    const project = (a: Asset) => ({ id: a.id });
    const full = await lookup.search<Asset>("asset", "boiler");
    for (const args of [
      { page: 1, per_page: 10, max_pages: 1 },
      { page: 3, per_page: 10, max_pages: 1 },
      { page: 2, per_page: 7, max_pages: 2 },
    ]) {
      const limited = await lookup.search<Asset>("asset", "boiler", { limit: lookupLimit(args) });
      const shown = lookupList(limited, project, { ...args });
      expect(shown).toEqual(lookupList(full, project, { ...args }));
      expect((shown.items as unknown[]).length).toBe(args.per_page * args.max_pages);
      expect(shown.total).toBe(full.total);
    }
  });
});
