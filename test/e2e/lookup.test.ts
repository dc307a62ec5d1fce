/**
 * Natural-language lookups end to end on FSM Navigator (src/lookup/): the built server over stdio, pointed at
 * a sandbox this test owns (so it can count what the vendor was asked), one FSM_STATE_DIR kept across restarts.
 * Expected records are read from the sandbox's own store, never hard-coded.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
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

/* The saved index (src/lookup/persist.ts): a manifest per key and scope set, the part files it names, a change log. */
const MANIFEST = /^fsmnavigator-[0-9a-f]{24}\.json$/;
const lookupDir = (dir = stateDir) => join(dir, "lookup");
const savedFiles = (dir = stateDir) => (existsSync(lookupDir(dir)) ? readdirSync(lookupDir(dir)) : []);
const manifests = (dir = stateDir) => savedFiles(dir).filter((f) => MANIFEST.test(f));
function manifest(dir = stateDir): { kinds: string[]; fingerprint: string; parts: Record<string, { file: string; bytes: number }> } {
  return JSON.parse(readFileSync(join(lookupDir(dir), manifests(dir)[0]!), "utf8"));
}
const partFile = (part: string, dir = stateDir) => join(lookupDir(dir), manifest(dir).parts[part]!.file);
const changeLog = (dir = stateDir) => join(lookupDir(dir), manifests(dir)[0]!.replace(/\.json$/, ".changes.ndjson"));

/** Poll until `done` holds (a save or an append is asynchronous; it takes milliseconds). */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not on disk within 15 s: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** kill -9 the server (no shutdown, no save) and wait until it is gone. */
async function kill9(conn: Connected): Promise<void> {
  const transport = conn.client.transport as StdioClientTransport;
  const closed = new Promise<void>((resolve) => {
    const prev = transport.onclose;
    transport.onclose = () => {
      prev?.();
      resolve();
    };
  });
  process.kill(transport.pid!, "SIGKILL");
  await closed;
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
  /** The part files saved after the fill, before any write. */
  let partsBeforeWrite: string[] = [];

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
    // The fill gave back what its reading allocated (release-memory.ts): the server says so, with the time it took.
    expect(conn.stderr()).toMatch(/lookup index filled: .* jobs in \d+ ms; memory given back in \d+ ms/);
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
    partsBeforeWrite = Object.values(manifest().parts).map((p) => p.file).sort();
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

  it("persists the index in FSM_STATE_DIR: owner-only, no key in it, the new record appended to the change log without rewriting the parts", async () => {
    await until(() => existsSync(changeLog()) && readFileSync(changeLog(), "utf8").includes(serial), "the created asset in the change log");
    // One appended line for the write; the parts saved after the fill are the same files, not rewritten.
    expect(Object.values(manifest().parts).map((p) => p.file).sort()).toEqual(partsBeforeWrite);
    expect(partsBeforeWrite.length).toBeGreaterThanOrEqual(4 + 3);
    for (const f of savedFiles()) {
      const path = join(lookupDir(), f);
      expect(readFileSync(path, "utf8"), f).not.toContain(KEY);
      expect(statSync(path).mode & 0o777, f).toBe(0o600);
    }
    expect(readFileSync(partFile("assets"), "utf8")).toContain("Parkside");
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

  it("a restart after kill -9 finds what was written just before it (the change log, a torn last line skipped), without reading the account", async () => {
    const parkside = [...sandbox.store.customers.values()].find((c) => c.customer_name === "Parkside Inn & Suites")!;
    const site = sandbox.store.locationsOf(parkside.customer_id)[0]!;
    const chiller = [...sandbox.store.assetTypes.values()].find((t) => t.asset_type_name === "Ice Machine")!.asset_type_id;
    const made = await call(conn.client, "create_asset", { name: "Quartzite Chiller", type_id: chiller, serial_number: `${serial}-Q`, location_id: site.location_id });
    expect(made.isError, made.text).toBe(false);
    await until(() => readFileSync(changeLog(), "utf8").includes(`${serial}-Q`), "the second created asset in the change log");
    await kill9(conn);
    // A crash in the middle of the next append: half a line at the end of the log.
    appendFileSync(changeLog(), '{"seq":999999,"part":"asset","value":{"id":77');
    const before = reads();
    conn = await server();
    const found = await call(conn.client, "search_assets", { query: "quartzite" });
    expect(found.data.items.map((i: { id: number }) => i.id)).toEqual([made.data.asset.id]);
    await conn.close();
    await restartAnswersFromDisk();
    expect(reads()).toBe(before);
  });

  it("a write before the first lookup after a restart is found by that lookup from the index, and after the next restart", async () => {
    await conn.close();
    conn = await server();
    const parkside = [...sandbox.store.customers.values()].find((c) => c.customer_name === "Parkside Inn & Suites")!;
    const site = sandbox.store.locationsOf(parkside.customer_id)[0]!;
    const iceMachine = [...sandbox.store.assetTypes.values()].find((t) => t.asset_type_name === "Ice Machine")!.asset_type_id;
    const made = await call(conn.client, "create_asset", { name: "Basalt Ice Machine", type_id: iceMachine, serial_number: `${serial}-B`, location_id: site.location_id });
    expect(made.isError, made.text).toBe(false);
    const before = reads();
    const found = await call(conn.client, "search_assets", { query: "basalt" });
    expect(found.data.items.map((i: { id: number }) => i.id)).toEqual([made.data.asset.id]);
    // From the index: the vendor's own search was not asked.
    expect(found.data.items[0].matched).not.toContain("vendor search");
    await conn.close();
    conn = await server();
    const again = await call(conn.client, "search_assets", { query: "basalt" });
    expect(again.data.items.map((i: { id: number }) => i.id)).toEqual([made.data.asset.id]);
    expect(reads()).toBe(before);
  });

  it("a save cut short by a crash (parts of a new generation, no manifest naming them) is ignored, then cleared by the next save", async () => {
    await conn.close();
    const named = new Set(Object.values(manifest().parts).map((p) => p.file));
    const stray = manifests()[0]!.replace(/\.json$/, ".deadbeef.assets.json");
    writeFileSync(join(lookupDir(), stray), '{"fields":["id"],"dicts":{},"rows":[[1],[2');
    await restartAnswersFromDisk();
    expect(new Set(Object.values(manifest().parts).map((p) => p.file))).toEqual(named);
    // A saved index this build cannot use (below) makes the restart save again: the stray goes then.
    await conn.close();
  });

  it("a saved index built another way (fields, tokenizer) is indexed again from the saved records, not read again from the vendor, and saved again", async () => {
    const file = join(lookupDir(), manifests()[0]!);
    const saved = manifest();
    // The restart above loaded the saved search index; a fingerprint from another build must not be trusted.
    expect(Object.keys(saved.parts).filter((p) => p.startsWith("index-")).sort()).toEqual(saved.kinds.map((k) => `index-${k}`).sort());
    writeFileSync(file, JSON.stringify({ ...saved, fingerprint: "another-build" }));
    await restartAnswersFromDisk();
    // The new manifest is swapped in first, then the files no manifest names are removed.
    await until(() => manifest().fingerprint !== "another-build" && !savedFiles().some((f) => f.includes(".deadbeef.")), "the index saved again in this build's form, the stray part gone");
    expect(Object.values(manifest().parts).every((p) => existsSync(join(lookupDir(), p.file)))).toBe(true);
  });

  it("a corrupt search index part is indexed again from the saved records; the vendor is not asked", async () => {
    await conn.close();
    writeFileSync(partFile("index-asset"), "{not json");
    await restartAnswersFromDisk();
  });

  it("a corrupt record part makes the account be read again", async () => {
    await conn.close();
    const file = partFile("assets");
    writeFileSync(file, readFileSync(file, "utf8").slice(0, 200));
    const before = seen(sandbox, "GET", "/assets");
    conn = await server();
    const r = await call(conn.client, "search_assets", { query: "boiler parkside" });
    expect(r.data.items.map((i: { id: number }) => i.id).sort()).toEqual(boilersOf("Parkside Inn & Suites").sort());
    expect(seen(sandbox, "GET", "/assets")).toBeGreaterThan(before);
    await lookupFilled(conn);
  });

  it("another key on the same FSM_STATE_DIR gets an index of its own: it reads the account itself, never the other key's file", async () => {
    const files = () => manifests();
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
    for (const f of savedFiles()) writeFileSync(join(lookupDir(), f), "{not json");
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
      await until(() => manifests(dir).length > 0, "the saved index");
      const saved = manifest(dir);
      expect(saved.kinds.sort()).toEqual(["customer", "job"]);
      expect(Object.keys(saved.parts)).not.toContain("index-asset");
      expect(JSON.parse(readFileSync(partFile("assets", dir), "utf8")).rows).toEqual([]);
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
