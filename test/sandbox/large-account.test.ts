import { describe, expect, it } from "vitest";
import { generateLargeAccount, LARGE_ACCOUNT_SIZES } from "../../src/sandbox/common/large-account.js";
import { addLargeAccount as addFsmNavigator } from "../../src/sandbox/fsmnavigator/large-account.js";
import { createSeededStore as seedFsmNavigator, DEFAULT_ANCHOR_DATE } from "../../src/sandbox/fsmnavigator/seed.js";
import { addLargeAccount as addTrackplanfm } from "../../src/sandbox/trackplanfm/large-account.js";
import { createSeededStore as seedTrackplanfm } from "../../src/sandbox/trackplanfm/seed.js";
import { addLargeAccount as addJobNimbus } from "../../src/sandbox/jobnimbus/large-account.js";
import { createSeededStore as seedJobNimbus } from "../../src/sandbox/jobnimbus/seed.js";
import { SUMMIT } from "../../src/sandbox/jobnimbus/accounts.js";

const SMALL = { customers: 300, assets: 3_000, jobs: 300 };
const full = generateLargeAccount();

describe("large account generator", () => {
  it("holds the promised numbers: 5,000 customers, 50,000 assets, their sites and jobs", () => {
    expect(full.customers).toHaveLength(LARGE_ACCOUNT_SIZES.customers);
    expect(full.assets).toHaveLength(LARGE_ACCOUNT_SIZES.assets);
    expect(full.jobs).toHaveLength(LARGE_ACCOUNT_SIZES.jobs);
    expect(LARGE_ACCOUNT_SIZES).toMatchObject({ customers: 5_000, assets: 50_000 });
    const sites = full.customers.reduce((n, c) => n + c.sites.length, 0);
    expect(sites).toBeGreaterThan(5_000);
    for (const asset of full.assets) expect(full.customers[asset.customer]!.sites[asset.site]).toBeDefined();
  });

  it("is the same account for the same seed, and another for another seed", () => {
    expect(generateLargeAccount({ sizes: SMALL })).toEqual(generateLargeAccount({ sizes: SMALL }));
    expect(generateLargeAccount({ sizes: SMALL, seed: 7 })).not.toEqual(generateLargeAccount({ sizes: SMALL }));
  });

  it("has big fleets: customers with hundreds of numbered units, each tag once per customer", () => {
    const perCustomer = new Map<number, string[]>();
    for (const asset of full.assets) perCustomer.set(asset.customer, [...(perCustomer.get(asset.customer) ?? []), asset.tag]);
    const sizes = [...perCustomer.values()].map((tags) => tags.length);
    expect(sizes.filter((n) => n >= 100).length).toBeGreaterThanOrEqual(20);
    for (const tags of perCustomer.values()) expect(new Set(tags).size).toBe(tags.length);
    expect(new Set(full.assets.map((a) => a.serial)).size).toBe(full.assets.length);
  });

  it("holds the forms real accounts hold: phone formats, apostrophes, ampersands, accents, legal suffixes, floors", () => {
    const phones = full.customers.map((c) => c.phone).filter((p): p is string => p !== null);
    for (const shape of [/^\(\d{3}\) 555-\d{4}$/, /^\d{3}-555-\d{4}$/, /^\d{3}\.555\.\d{4}$/, /^\+1 \d{3} 555 \d{4}$/, /^\+1\d{10}$/, /^\d{10}$/, /ext\. \d+$/, /^1-\d{3}-555-\d{4}$/]) {
      expect(phones.some((p) => shape.test(p)), String(shape)).toBe(true);
    }
    expect(full.customers.some((c) => c.phone === null)).toBe(true);
    const names = full.customers.map((c) => c.name);
    for (const form of [/O'Brien/, /&/, /[éüöí]/, /\b(LLC|Ltd|Inc\.|Corp\.)$/]) expect(names.some((n) => form.test(n)), String(form)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const areas = new Set(full.assets.map((a) => a.area));
    for (const area of ["Basement", "2nd Floor", "Roof"]) expect(areas.has(area)).toBe(true);
    const names2 = full.assets.map((a) => a.name);
    for (const form of [/^RTU-\d+$/, /^AHU-\d+$/, /^MFP \d+/, /Genset/]) expect(names2.some((n) => form.test(n)), String(form)).toBe(true);
  });
});

describe("vendor adapters", () => {
  it("FSM Navigator: appended after the demo data, which keeps its ids", () => {
    const regular = seedFsmNavigator({ anchorDate: DEFAULT_ANCHOR_DATE });
    const large = seedFsmNavigator({ anchorDate: DEFAULT_ANCHOR_DATE });
    addFsmNavigator(large, DEFAULT_ANCHOR_DATE, SMALL);
    const before = regular.counts();
    const after = large.counts();
    expect(after.customers - before.customers).toBe(SMALL.customers);
    expect(after.assets - before.assets).toBe(SMALL.assets);
    expect(after.jobs - before.jobs).toBe(SMALL.jobs);
    for (const [id, asset] of regular.assets) expect(large.assets.get(id)).toEqual(asset);
    for (const asset of large.assets.values()) if (asset.location_id !== null) expect(large.locations.has(asset.location_id)).toBe(true);
    for (const job of large.jobs.values()) expect(large.locations.has(job.customer_location_id)).toBe(true);
  });

  it("TrackplanFM: one site per customer, assets and jobs on those sites", () => {
    const regular = seedTrackplanfm({ anchorDate: DEFAULT_ANCHOR_DATE });
    const large = seedTrackplanfm({ anchorDate: DEFAULT_ANCHOR_DATE });
    addTrackplanfm(large, DEFAULT_ANCHOR_DATE, SMALL);
    expect(large.counts().sites - regular.counts().sites).toBe(SMALL.customers);
    expect(large.counts().assets - regular.counts().assets).toBe(SMALL.assets);
    expect(large.counts().jobs - regular.counts().jobs).toBe(SMALL.jobs);
    const guids = new Set(large.all("assets").map((a) => a.guid));
    expect(guids.size).toBe(large.counts().assets);
    for (const asset of large.all("assets")) expect(large.siteById(asset.siteId!)?.name).toBe(asset.siteName);
  });

  it("JobNimbus: contacts and their jobs (no assets there)", () => {
    const regular = seedJobNimbus(SUMMIT, { anchorDate: DEFAULT_ANCHOR_DATE });
    const large = seedJobNimbus(SUMMIT, { anchorDate: DEFAULT_ANCHOR_DATE });
    addJobNimbus(large, DEFAULT_ANCHOR_DATE, SMALL);
    expect(large.counts().contacts - regular.counts().contacts).toBe(SMALL.customers);
    expect(large.counts().jobs - regular.counts().jobs).toBe(SMALL.jobs);
    for (const job of large.jobs.values()) expect(large.contacts.has((job.primary as { id: string }).id)).toBe(true);
  });
});
