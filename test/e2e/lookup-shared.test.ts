/**
 * Two live servers on one FSM_STATE_DIR and key (Claude Desktop and Claude Code started with the same config):
 * both append to one change log, one of them saves the whole index meanwhile, and after restarts every record
 * created through either is found from the saved index, the vendor not asked (src/lookup/change-log.ts).
 * Synchronised on answers and on what is on disk, never on time.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { call, connect, lookupFilled, type Connected, E2E_TIMEOUT_MS } from "./harness.js";

const KEY = DEMO_KEYS[0]!.key;
let sandbox: FsmNavigatorSandbox;
const stateDir = mkdtempSync(join(tmpdir(), "fsm-lookup-shared-"));
const lookupDir = join(stateDir, "lookup");
const MANIFEST = /^fsmnavigator-[0-9a-f]{24}\.json$/;
const manifestFile = () => join(lookupDir, readdirSync(lookupDir).find((f) => MANIFEST.test(f))!);
const changeLog = () => manifestFile().replace(/\.json$/, ".changes.ndjson");
const logText = () => (existsSync(changeLog()) ? readFileSync(changeLog(), "utf8") : "");

const server = (): Promise<Connected> =>
  connect({ FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: KEY, FSM_TIMEOUT_MS: E2E_TIMEOUT_MS, FSM_STATE_DIR: stateDir });

/** Every vendor read of assets: the fill's, and the vendor's own asset search a lookup not answered by the index makes. */
const assetReads = () => sandbox.requests.filter((r) => r.method === "GET" && r.path.endsWith("/assets")).length;

/** Poll until `done` holds (an append or a save is asynchronous; it takes milliseconds). */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not on disk within 15 s: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("two servers sharing one FSM_STATE_DIR and key", () => {
  const run = `SHR-${Date.now()}`;
  const created = new Map<string, number>();
  let a: Connected;
  let b: Connected;
  let site: number;
  let iceMachine: number;

  /** Create an asset through `conn` and wait until its line is in the shared change log. */
  async function create(conn: Connected, label: string): Promise<void> {
    const serial = `${run}-${label}`;
    const made = await call(conn.client, "create_asset", { name: `Shared ${label} Ice Machine`, type_id: iceMachine, serial_number: serial, location_id: site });
    expect(made.isError, made.text).toBe(false);
    created.set(serial, made.data.asset.id);
    await until(() => logText().includes(serial), `${label} in the change log`);
  }

  /**
   * The assets created so far (or those labelled so) are found by serial from the index: the vendor is asked
   * nothing. A live server knows what it wrote and what was on disk when it started, not the other's later writes.
   */
  async function allFound(conn: Connected, labels?: string[]): Promise<void> {
    const before = assetReads();
    const wanted = labels ? [...created].filter(([serial]) => labels.some((l) => serial.endsWith(`-${l}`))) : [...created];
    expect(wanted.length).toBe(labels?.length ?? created.size);
    for (const [serial, id] of wanted) {
      const r = await call(conn.client, "search_assets", { query: serial });
      expect(r.data.items.map((i: { id: number }) => i.id), serial).toEqual([id]);
      expect(r.data.items[0].matched, serial).not.toContain("vendor search");
    }
    expect(assetReads()).toBe(before);
  }

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("both answer from one saved index, and writes through both reach the one change log", async () => {
    const parkside = [...sandbox.store.customers.values()].find((c) => c.customer_name === "Parkside Inn & Suites")!;
    site = sandbox.store.locationsOf(parkside.customer_id)[0]!.location_id;
    iceMachine = [...sandbox.store.assetTypes.values()].find((t) => t.asset_type_name === "Ice Machine")!.asset_type_id;
    a = await server();
    await call(a.client, "search_assets", { query: "boiler parkside" });
    await lookupFilled(a);
    await until(() => existsSync(lookupDir) && readdirSync(lookupDir).some((f) => MANIFEST.test(f)), `the saved index; ${a.stderr().slice(-1500)}`);
    const before = assetReads();
    b = await server();
    const r = await call(b.client, "search_assets", { query: "boiler parkside" });
    expect(r.data.items.length).toBeGreaterThan(0);
    expect(assetReads()).toBe(before);
    // Interleaved, A ahead of B: each server numbers its own lines, so A's numbers run past B's.
    await create(a, "A1");
    await create(b, "B1");
    await create(a, "A2");
    await create(b, "B2");
    await create(a, "A3");
    await create(a, "A4");
    await allFound(a, ["A1", "A2", "A3", "A4"]);
    await allFound(b, ["B1", "B2"]);
  });

  it("a whole save by one server (A restarted, its index saved again) while B writes on: B's later lines are kept", async () => {
    await a.close();
    // A saved index from another build makes the restarted A index it again and save it whole.
    const saved = JSON.parse(readFileSync(manifestFile(), "utf8"));
    writeFileSync(manifestFile(), JSON.stringify({ ...saved, fingerprint: "another-build" }));
    const before = assetReads();
    a = await server();
    await call(a.client, "search_assets", { query: "boiler parkside" });
    await until(() => JSON.parse(readFileSync(manifestFile(), "utf8")).fingerprint !== "another-build", "A's whole save");
    // The save folded the log in: the lines it held are gone from it.
    await until(() => !logText().includes(`${run}-A1`), "the folded lines dropped from the change log");
    // Indexed again from the saved records, not read again from the vendor.
    expect(assetReads()).toBe(before);
    await create(b, "B3");
    await create(a, "A5");
    await create(b, "B4");
    // The restarted A loaded B's first lines; B's later ones it has not read (each finds them after a restart).
    await allFound(a, ["A1", "A2", "A3", "A4", "B1", "B2", "A5"]);
  });

  it("after a restart of B, then of both, every record created through either is found without asking the vendor", async () => {
    const before = assetReads();
    await b.close();
    b = await server();
    await allFound(b);
    await a.close();
    await b.close();
    a = await server();
    await allFound(a);
    expect(assetReads()).toBe(before);
    // Nothing left behind: no save lock, no temp file, everything owner-only.
    for (const f of readdirSync(lookupDir)) {
      expect(f).not.toMatch(/\.lock|\.tmp$/);
      expect(statSync(join(lookupDir, f)).mode & 0o777, f).toBe(0o600);
    }
  });
});
