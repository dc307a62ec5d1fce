/**
 * When the JobNimbus workflow cache reads the account's settings again: on records it does not know (once per
 * burst, and not again for what a read could not explain), on an explicit ask, and at most once per period
 * from tool calls; what a failed read does (nothing but tell); what counts as a change.
 */
import { describe, expect, it } from "vitest";
import { SUMMIT, settingsDocument, type AccountDef } from "../../src/sandbox/jobnimbus/accounts.js";
import { describeChange, PERIODIC_CHECK_MS, WorkflowCache } from "../../src/vendors/jobnimbus/freshness.js";
import { AccountWorkflows, parseAccountSettings, type AccountSettings } from "../../src/vendors/jobnimbus/workflows.js";

const settingsOf = (account: AccountDef): AccountSettings => parseAccountSettings(settingsDocument(account));

/** SUMMIT with extra statuses appended to some workflows, and some workflows left out. */
function summitWith(extra: Record<string, string[]> = {}, without: string[] = []): AccountSettings {
  return settingsOf({
    ...SUMMIT,
    workflows: SUMMIT.workflows.filter((w) => !without.includes(w.name)).map((w) => ({ ...w, statuses: [...w.statuses, ...(extra[w.name] ?? [])] })),
  });
}

/** A cache over a fake settings endpoint: `vendor.settings` is what the next read returns (or `vendor.fail`). */
function harness(opts: { periodMs?: number } = {}) {
  const vendor = { settings: summitWith(), fail: undefined as Error | undefined, reads: 0, pending: [] as Array<() => void>, hold: false };
  const log = { changes: [] as string[], failures: [] as string[] };
  let now = 1_000_000;
  const cache = new WorkflowCache(new AccountWorkflows(summitWith()), {
    read: async () => {
      vendor.reads++;
      if (vendor.hold) await new Promise<void>((resolve) => vendor.pending.push(resolve));
      if (vendor.fail) throw vendor.fail;
      return vendor.settings;
    },
    changed: (next, previous) => log.changes.push(describeChange(previous, next)),
    failed: (error, why) => log.failures.push(`${why}: ${(error as Error).message}`),
    now: () => now,
    periodMs: opts.periodMs,
  });
  const release = () => vendor.pending.splice(0).forEach((r) => r());
  return { cache, vendor, log, release, advance: (ms: number) => (now += ms) };
}

/** Let background reads (tick) finish. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("records the cache does not know", () => {
  it("known workflows and statuses (a retired one included) read nothing", async () => {
    const { cache, vendor } = harness();
    await cache.observe("job", [
      { workflow: "Residential Roofing", status: "Lead" },
      { workflow: "residential roofing", status: "Paid" },
      { workflow: "Residential Roofing", status: "Pending Permit" }, // retired in SUMMIT, still known
    ]);
    await cache.observe("contact", [{ workflow: "Customer", status: "Prospect" }, { workflow: null, status: null }]);
    expect(vendor.reads).toBe(0);
  });

  it("an unknown status or workflow reads once for the whole burst, shared by concurrent callers", async () => {
    const { cache, vendor, log, release } = harness();
    vendor.settings = summitWith({ "Residential Roofing": ["Gutter Check"] });
    vendor.hold = true;
    const burst = Promise.all([
      cache.observe("job", [{ workflow: "Residential Roofing", status: "Gutter Check" }, { workflow: "Residential Roofing", status: "Gutter Check" }]),
      cache.observe("job", [{ workflow: "Solar", status: "Site Survey" }]),
      cache.observe("contact", [{ workflow: "Vendor", status: "Approved" }]),
      cache.refresh("fsm://statuses/jobs"),
    ]);
    await flush();
    expect(vendor.reads).toBe(1);
    expect(cache.reading).toBe(true);
    release();
    await burst;
    expect(vendor.reads).toBe(1);
    expect(log.changes).toEqual(["job statuses added: Residential Roofing/Gutter Check"]);
    expect(cache.workflows.jobWorkflow("Residential Roofing")!.statuses).toContain("Gutter Check");
    expect(cache.reading).toBe(false);
  });

  it("what a read could not explain triggers nothing more until the workflows change; something new does", async () => {
    const { cache, vendor, log } = harness();
    await cache.observe("job", [{ workflow: "Solar", status: "Site Survey" }]);
    expect(vendor.reads).toBe(1);
    expect(log.changes).toEqual([]); // same settings: no change, nobody told
    await cache.observe("job", [{ workflow: "Solar", status: "Site Survey" }, { workflow: "solar", status: "Lead" }]);
    expect(vendor.reads).toBe(2); // "solar"/"Lead" is a new pair
    await cache.observe("job", [{ workflow: "Solar", status: "Site Survey" }, { workflow: "solar", status: "Lead" }]);
    expect(vendor.reads).toBe(2);

    vendor.settings = summitWith({ Commercial: ["Drone Survey"] });
    await cache.refresh("fsm://statuses/jobs");
    expect(vendor.reads).toBe(3);
    expect(log.changes).toHaveLength(1);
    // New workflows: what was unexplained is looked at again, once.
    await cache.observe("job", [{ workflow: "Solar", status: "Site Survey" }]);
    await cache.observe("job", [{ workflow: "Solar", status: "Site Survey" }]);
    expect(vendor.reads).toBe(4);
  });

  it("a job with no workflow counts as unknown; a contact in no workflow does not", () => {
    const w = new AccountWorkflows(summitWith());
    expect(w.knows("job", { workflow: null, status: "Lead" })).toBe(false);
    expect(w.knows("contact", { workflow: null, status: null })).toBe(true);
    expect(w.knows("contact", { workflow: "Customer", status: "Lead" })).toBe(true);
    expect(w.knows("contact", { workflow: "Customer", status: "VIP" })).toBe(false);
    expect(w.knows("contact", { workflow: "Vendor", status: null })).toBe(false);
  });
});

describe("a failed read", () => {
  it("changes nothing, resolves false, tells `failed` why, and is not repeated for the same records", async () => {
    const { cache, vendor, log } = harness();
    vendor.settings = summitWith({ "Residential Roofing": ["Gutter Check"] });
    vendor.fail = new Error("503 Service Unavailable");
    const before = cache.workflows;
    await cache.observe("job", [{ workflow: "Residential Roofing", status: "Gutter Check" }]);
    expect(cache.workflows).toBe(before);
    expect(log.changes).toEqual([]);
    expect(log.failures).toEqual(['a job in workflow "Residential Roofing", status "Gutter Check": 503 Service Unavailable']);
    await expect(cache.refresh("asked")).resolves.toBe(false);
    expect(vendor.reads).toBe(2);
    await cache.observe("job", [{ workflow: "Residential Roofing", status: "Gutter Check" }]);
    expect(vendor.reads).toBe(2);

    vendor.fail = undefined;
    await expect(cache.refresh("asked")).resolves.toBe(true);
    expect(cache.workflows.jobWorkflow("Residential Roofing")!.statuses).toContain("Gutter Check");
  });
});

describe("the periodic check from tool calls", () => {
  it("reads in the background at most once per period, counted from the last read (failed ones too)", async () => {
    const { cache, vendor, log, advance } = harness();
    cache.tick();
    advance(PERIODIC_CHECK_MS - 1);
    cache.tick();
    await flush();
    expect(vendor.reads).toBe(0);

    vendor.settings = summitWith({ Commercial: ["Drone Survey"] });
    advance(1);
    vendor.hold = true;
    cache.tick();
    cache.tick(); // while the read is in flight
    await flush();
    expect(vendor.reads).toBe(1);
    vendor.hold = false;
    vendor.pending.splice(0).forEach((r) => r());
    await flush();
    expect(log.changes).toEqual(["job statuses added: Commercial/Drone Survey"]);

    cache.tick();
    await flush();
    expect(vendor.reads).toBe(1);
    vendor.fail = new Error("timeout");
    advance(PERIODIC_CHECK_MS);
    cache.tick();
    await flush();
    expect(vendor.reads).toBe(2);
    expect(log.failures).toEqual(["periodic check: timeout"]);
    advance(PERIODIC_CHECK_MS - 1);
    cache.tick();
    await flush();
    expect(vendor.reads).toBe(2);
  });

  it("an explicit read also restarts the period", async () => {
    const { cache, vendor, advance } = harness({ periodMs: 1000 });
    advance(900);
    await cache.refresh("asked");
    advance(900);
    cache.tick();
    await flush();
    expect(vendor.reads).toBe(1);
    advance(100);
    cache.tick();
    await flush();
    expect(vendor.reads).toBe(2);
  });

  it("is five minutes", () => {
    expect(PERIODIC_CHECK_MS).toBe(5 * 60_000);
  });
});

describe("what counts as a change", () => {
  it("workflows and statuses added or removed, in a few words; identical settings are no change", () => {
    const base = new AccountWorkflows(summitWith());
    expect(base.sameAs(new AccountWorkflows(summitWith()))).toBe(true);
    const next = new AccountWorkflows(summitWith({ "Residential Roofing": ["Gutter Check"], Customer: ["VIP"] }, ["Commercial"]));
    expect(base.sameAs(next)).toBe(false);
    expect(describeChange(base, next)).toBe("job workflows removed: Commercial; job statuses added: Residential Roofing/Gutter Check; contact statuses added: Customer/VIP");
    const reordered = summitWith();
    reordered.workflows.find((w) => w.name === "Commercial")!.statuses.reverse().forEach((s, i) => (s.order = i));
    expect(describeChange(base, new AccountWorkflows(reordered))).toBe("order or closing statuses changed");
    expect(base.sameAs(new AccountWorkflows(reordered))).toBe(false);
  });
});
