/**
 * Natural-language lookups end to end on FSM Navigator (src/lookup/): the built server over stdio, pointed at
 * a sandbox this test owns (so it can count what the vendor was asked), one FSM_STATE_DIR kept across restarts.
 * Expected records are read from the sandbox's own store, never hard-coded.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { call, connect, recordProgress, seen, type Connected, lookupFilled, E2E_TIMEOUT_MS } from "./harness.js";

const KEY = DEMO_KEYS[0]!.key;
let sandbox: FsmNavigatorSandbox;
const stateDir = mkdtempSync(join(tmpdir(), "fsm-lookup-"));

function server(extra: Record<string, string> = {}, dir = stateDir): Promise<Connected> {
  return connect({ FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: KEY, FSM_TIMEOUT_MS: E2E_TIMEOUT_MS, FSM_STATE_DIR: dir, ...extra });
}

/** Vendor reads of the account (lists of customers, locations, assets, jobs). */
function reads(): number {
  return sandbox.requests.filter((r) => r.method === "GET").length;
}

/** The ids of the sandbox's boilers at a customer's locations, from the store. */
function boilersOf(customerName: string): number[] {
  const store = sandbox.store;
  const customer = [...store.customers.values()].find((c) => c.customer_name === customerName)!;
  const sites = new Set(store.locationsOf(customer.customer_id).map((l) => l.location_id));
  const boilerType = [...store.assetTypes.values()].find((t) => t.asset_type_name === "Boiler")!.asset_type_id;
  return [...store.assets.values()].filter((a) => a.asset_type_id === boilerType && a.location_id !== null && sites.has(a.location_id)).map((a) => a.asset_id);
}

beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("lookups on FSM Navigator", () => {
  let conn: Connected;
  let createdId: number;
  const serial = `LKP-${Date.now()}`;

  beforeAll(async () => {
    conn = await server();
  });
  afterAll(async () => {
    await conn?.close();
  });

  it("fills the index on first use with progress, and 'boiler parkside' finds Parkside's boilers, explained", async () => {
    const progress = recordProgress(conn.client);
    const r = await conn.client.callTool({ name: "search_assets", arguments: { query: "the boiler at Parkside" } }, undefined, { onprogress: () => undefined });
    const data = r.structuredContent as any;
    expect(r.isError).toBeFalsy();
    const expected = boilersOf("Parkside Inn & Suites");
    expect(expected.length).toBeGreaterThan(0);
    expect(data.items.map((i: { id: number }) => i.id).sort()).toEqual([...expected].sort());
    for (const item of data.items) {
      expect(item.matched).toContainEqual(expect.stringMatching(/^(name|type): .*Boiler/));
      expect(item.matched).toContain("customer: Parkside Inn & Suites");
      expect(item.score).toBeGreaterThan(0);
    }
    expect(progress.some((p) => /^indexing (customers|locations|assets|jobs)/.test(p.message ?? ""))).toBe(true);
    expect(seen(sandbox, "GET", "/assets")).toBeGreaterThan(0);
  });

  it("a phrase naming a customer that does not exist returns nothing, and says which words were not understood", async () => {
    const r = await call(conn.client, "search_assets", { query: "boiler at Zenithal Biolabs" });
    expect(r.isError).toBe(false);
    expect(r.data.items).toEqual([]);
    expect(r.data.total).toBe(0);
    expect(r.data.not_understood).toEqual(expect.arrayContaining(["zenithal"]));
    expect(r.data.hint).toMatch(/zenithal/);
  });

  it("a phrase no record matches word for word is relaxed by one plain word, explained, but a missing name or unit still finds nothing", async () => {
    const pizza = await call(conn.client, "search_customers", { query: "the pizza place Bella Napoli" });
    expect(pizza.data.items[0]).toMatchObject({ name: "Bella Napoli Pizzeria" });
    expect(pizza.data.items[0].matched).toContain('not matched: "pizza"');
    const typo = await call(conn.client, "search_customers", { query: "Obrein bakery" });
    expect(typo.data.items[0]).toMatchObject({ name: "O'Brien & Sons Bakery" });
    for (const [tool, query] of [["search_customers", "Acme Aerospace"], ["search_assets", "RTU-7 at O'Brien & Sons Bakery"], ["search_assets", "boiler at Zephyr Aerospace"], ["search_assets", "boiler at Keystone Medical"]] as const) {
      const none = await call(conn.client, tool, { query });
      expect(none.data.items, query).toEqual([]);
    }
  });

  it("answers from the index once filled: a second lookup asks the vendor nothing", async () => {
    // The first lookup answered once its kind was read; the rest of the fill (jobs) goes on in the background.
    await lookupFilled(conn);
    const before = reads();
    const r = await call(conn.client, "search_assets", { query: "Carrier split system", per_page: 5 });
    expect(r.data.items.length).toBeGreaterThan(0);
    expect(r.data.items[0].matched).toEqual(expect.arrayContaining([expect.stringMatching(/^make: Carrier$/)]));
    expect(reads()).toBe(before);
  });

  it("search_customers takes a typo and a partial name; list_jobs takes a phrase and keeps its exact filters", async () => {
    const typo = await call(conn.client, "search_customers", { query: "parksde inn" });
    expect(typo.data.items[0]).toMatchObject({ name: "Parkside Inn & Suites" });
    const parkside = typo.data.items[0].id;
    const jobs = await call(conn.client, "list_jobs", { query: "parkside", per_page: 100 });
    const store = [...sandbox.store.jobs.values()].filter((j) => sandbox.store.locationsOf(parkside).some((l) => l.location_id === j.customer_location_id));
    expect(jobs.data.total).toBe(store.length);
    const pending = await call(conn.client, "list_jobs", { query: "parkside", status: "Pending", per_page: 100 });
    expect(pending.data.items.every((j: { status: string }) => j.status === "Pending")).toBe(true);
    expect(pending.data.total).toBe(store.filter((j) => j.job_status === "Pending").length);
  });

  it("a record created through fsm-mcp is found at once, without reading the account again", async () => {
    const parkside = [...sandbox.store.customers.values()].find((c) => c.customer_name === "Parkside Inn & Suites")!;
    const site = sandbox.store.locationsOf(parkside.customer_id)[0]!;
    const iceMachine = [...sandbox.store.assetTypes.values()].find((t) => t.asset_type_name === "Ice Machine")!.asset_type_id;
    const made = await call(conn.client, "create_asset", { name: "Zircon Ice Machine", type_id: iceMachine, serial_number: serial, location_id: site.location_id, manufacturer: "Manitowoc" });
    expect(made.isError, made.text).toBe(false);
    createdId = made.data.asset.id;
    const before = reads();
    const found = await call(conn.client, "search_assets", { query: "zircon at parkside" });
    expect(found.data.items.map((i: { id: number }) => i.id)).toEqual([createdId]);
    const bySerial = await call(conn.client, "search_assets", { query: serial });
    expect(bySerial.data.items[0]).toMatchObject({ id: createdId, matched: [`serial: ${serial}`] });
    expect(reads()).toBe(before);
  });

  it("persists the index in FSM_STATE_DIR: owner-only, no key in it, the new record included", async () => {
    const dir = join(stateDir, "lookup");
    // The save after a write is asynchronous: wait until it is on disk (it takes milliseconds).
    const deadline = Date.now() + 15_000;
    const file = () => readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => join(dir, f))[0];
    while (!(existsSync(dir) && file() && readFileSync(file()!, "utf8").includes(serial)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const text = readFileSync(file()!, "utf8");
    expect(text).toContain(serial);
    expect(text).not.toContain(KEY);
    expect(statSync(file()!).mode & 0o777).toBe(0o600);
  });

  /** Restart on the same FSM_STATE_DIR: Parkside's boilers and the asset made above are found without a vendor read. */
  async function restartAnswersFromDisk(): Promise<void> {
    const before = reads();
    conn = await server();
    const r = await call(conn.client, "search_assets", { query: "boiler parkside" });
    expect(r.data.items.map((i: { id: number }) => i.id).sort()).toEqual(boilersOf("Parkside Inn & Suites").sort());
    const mine = await call(conn.client, "search_assets", { query: "zircon" });
    expect(mine.data.items.map((i: { id: number }) => i.id)).toEqual([createdId]);
    expect(reads()).toBe(before);
  }

  it("a restart with the same FSM_STATE_DIR answers from the saved index without reading the account", async () => {
    await conn.close();
    await restartAnswersFromDisk();
    const before = reads();
    const customers = await call(conn.client, "search_customers", { query: "riverside dental" });
    expect(customers.data.items[0].name).toBe("Riverside Family Dental");
    expect(reads()).toBe(before);
  });

  it("a saved index built another way (fields, tokenizer) is indexed again from the saved records, not read again from the vendor", async () => {
    await conn.close();
    const dir = join(stateDir, "lookup");
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith(".json"))!);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    // The restart above loaded MiniSearch's own serialisation; a fingerprint from another build must not be trusted.
    expect(Object.keys(saved.index).sort()).toEqual([...saved.kinds].sort());
    writeFileSync(file, JSON.stringify({ ...saved, fingerprint: "another-build", index: { asset: { bogus: true } } }));
    await restartAnswersFromDisk();
  });

  it("another key on the same FSM_STATE_DIR gets an index of its own: it reads the account itself, never the other key's file", async () => {
    const dir = join(stateDir, "lookup");
    const files = () => readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files()).toHaveLength(1);
    const other = DEMO_KEYS.find((k) => k.label === "read-only")!;
    const second = await server({ FSM_API_KEY: other.key });
    try {
      const before = sandbox.requests.filter((r) => r.keyLabel === "read-only" && r.path.includes("/assets")).length;
      const r = await call(second.client, "search_assets", { query: "boiler parkside" });
      expect(r.data.items.map((i: { id: number }) => i.id).sort()).toEqual(boilersOf("Parkside Inn & Suites").sort());
      // This key's own fill read the assets (the other key's saved index would have answered without it).
      expect(sandbox.requests.filter((r) => r.keyLabel === "read-only" && r.path.includes("/assets")).length).toBeGreaterThan(before);
      await lookupFilled(second);
    } finally {
      await second.close();
    }
    expect(files()).toHaveLength(2);
  });

  it("a corrupt saved index is ignored and rebuilt from the vendor", async () => {
    await conn.close();
    const dir = join(stateDir, "lookup");
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), "{not json");
    const before = seen(sandbox, "GET", "/assets");
    conn = await server();
    const r = await call(conn.client, "search_assets", { query: "boiler parkside" });
    expect(r.data.items.map((i: { id: number }) => i.id).sort()).toEqual(boilersOf("Parkside Inn & Suites").sort());
    expect(seen(sandbox, "GET", "/assets")).toBeGreaterThan(before);
  });
});

describe("a key without assets:read", () => {
  it("lists no search_assets and builds no asset index: the vendor is never asked for assets", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fsm-lookup-scoped-"));
    const conn = await server({ FSM_SCOPES: "customers:read,jobs:read" }, dir);
    try {
      const tools = (await conn.client.listTools()).tools.map((t) => t.name);
      expect(tools).not.toContain("search_assets");
      const assetsBefore = seen(sandbox, "GET", "/assets");
      const r = await call(conn.client, "search_customers", { query: "acme" });
      expect(r.data.items.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(["Acme Corporation", "Acme Corp Logistics"]));
      const jobs = await call(conn.client, "list_jobs", { query: "acme", per_page: 1 });
      expect(jobs.isError, jobs.text).toBe(false);
      expect(seen(sandbox, "GET", "/assets")).toBe(assetsBefore);
      // A tool that is not listed is refused (as an error result or a protocol error, whichever the SDK gives).
      const refused = await call(conn.client, "search_assets", { query: "boiler" }).catch((e: unknown) => ({ isError: true, text: String(e) }));
      expect(refused.isError).toBe(true);
      const deadline = Date.now() + 15_000;
      const files = () => (existsSync(join(dir, "lookup")) ? readdirSync(join(dir, "lookup")).filter((f) => f.endsWith(".json")) : []);
      while (!files().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const saved = JSON.parse(readFileSync(join(dir, "lookup", files()[0]!), "utf8"));
      expect(saved.kinds.sort()).toEqual(["customer", "job"]);
      expect(saved.assets).toEqual([]);
    } finally {
      await conn.close();
    }
  });
});

describe("the index fill and the vendor's rate limit", () => {
  it("the fill leaves part of the rate limit unspent: the user's own call goes at once while the fill waits for the window", async () => {
    // 20 requests per 10 minutes: the demo account's fill needs about 70 (one per customer for its sites), so it
    // cannot finish within the window; what it leaves is what the user's call gets.
    const limit = 20;
    const limited = await startFsmNavigatorSandbox({ port: 0, rateLimit: { limit, windowMs: 600_000 } });
    const conn = await connect({ FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: limited.url, FSM_API_KEY: KEY, FSM_TIMEOUT_MS: E2E_TIMEOUT_MS, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-lookup-rate-")) });
    try {
      const first = await call(conn.client, "search_customers", { query: "acme" });
      expect(first.isError, first.text).toBe(false);
      // The background fill spends what it may (the limit less backgroundReserve(limit) = 4), then waits: the
      // client says so in its log (synchronising on that line, not on time).
      const deadline = Date.now() + 30_000;
      while (!conn.stderr().includes("(background reserve)") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(conn.stderr()).toContain("(background reserve)");
      expect(conn.stderr()).not.toContain("lookup index filled");
      const customer = [...limited.store.customers.values()][0]!;
      const own = await call(conn.client, "get_customer", { customer_id: customer.customer_id });
      expect(own.isError, own.text).toBe(false);
      expect(own.data.customer.id).toBe(customer.customer_id);
      // Nothing was refused, and the vendor saw no more than its limit: the user's call took a reserved slot.
      expect(limited.requests.filter((r) => r.status === 429)).toEqual([]);
      expect(limited.requests.length).toBeLessThanOrEqual(limit);
    } finally {
      await conn.close();
      await limited.close();
    }
  });
});
