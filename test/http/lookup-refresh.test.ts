/**
 * The lookup's refresh and its saved index, in process with an injected clock (the 15-minute TTL cannot be waited
 * out end to end): the real FSM Navigator client over HTTP against the real sandbox, the index saved to a real
 * directory. A record written through fsm-mcp while a refresh reads the account is kept by the refreshed index
 * and by the save that follows it.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLookup, FULL_REFRESH_MS, type LookupService } from "../../src/lookup/index.js";
import { changeLogOf, lookupFile } from "../../src/lookup/persist.js";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { createFsmNavigatorBackend } from "../../src/vendors/fsmnavigator/backend.js";

let sandbox: FsmNavigatorSandbox;
beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false });
});
afterAll(async () => {
  await sandbox?.close();
});

/** A lookup over the sandbox whose clock the test moves; `filled(n)` resolves once the n-th fill has been saved. */
function lookupAt(clock: { now: number }, file: string) {
  const backend = createFsmNavigatorBackend({ origin: sandbox.url, apiKey: DEMO_KEYS[0]!.key, timeoutMs: 15_000 });
  let fills = 0;
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  const lookup: LookupService = createLookup({
    backend,
    kinds: new Set(["customer", "asset", "job"]),
    file,
    now: () => new Date(clock.now),
    log: (_level, message) => {
      // Logged after the fill's save is on disk.
      if (!message.startsWith("lookup index filled")) return;
      fills++;
      for (const w of waiting.filter((w) => w.n <= fills)) w.resolve();
    },
  });
  const filled = (n: number) => new Promise<void>((resolve) => (fills >= n ? resolve() : waiting.push({ n, resolve })));
  return { lookup, filled, close: async () => (await lookup.close(), await backend.close()) };
}

describe("a refresh of the lookup index", () => {
  it("keeps a record written while it read the account, in memory and in the save after it", async () => {
    const file = lookupFile(mkdtempSync(join(tmpdir(), "fsm-lookup-refresh-")), { vendor: "fsmnavigator", origin: sandbox.url, credential: "k", kinds: ["asset", "customer", "job"] });
    const clock = { now: Date.parse("2026-12-01T09:00:00Z") };
    const first = lookupAt(clock, file);
    await first.lookup.search("asset", "boiler");
    await first.filled(1);

    // Past the TTL: this lookup answers from the index and starts a refresh behind it.
    clock.now += FULL_REFRESH_MS + 1;
    await first.lookup.search("asset", "boiler");
    // A write the refresh's pages cannot hold (the vendor's account does not have it): only the write brings it.
    const site = sandbox.store.locationsOf([...sandbox.store.customers.values()][0]!.customer_id)[0]!;
    first.lookup.remember("create_asset", { id: 990_001, name: "Zircon Ice Machine", serialNumber: "ZRC-0001", locationId: site.location_id });
    await first.filled(2);
    const found = await first.lookup.search("asset", "zircon");
    expect(found.items.map((i) => i.record.id)).toEqual([990_001]);
    await first.close();

    // A restart loads the refresh's save: the write is in it (the change log line it was in has been folded in).
    const requests = sandbox.requests.length;
    const second = lookupAt(clock, file);
    const again = await second.lookup.search("asset", "ZRC-0001");
    expect(again.items.map((i) => i.record.id)).toEqual([990_001]);
    expect(sandbox.requests.length).toBe(requests);
    await second.close();
  });

  it("two servers on one saved index, each saving it whole in turn: the later save keeps what the earlier one folded in", async () => {
    const file = lookupFile(mkdtempSync(join(tmpdir(), "fsm-lookup-shared-")), { vendor: "fsmnavigator", origin: sandbox.url, credential: "k", kinds: ["asset", "customer", "job"] });
    const logged = (serial: string) => existsSync(changeLogOf(file)) && readFileSync(changeLogOf(file), "utf8").includes(serial);
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((r) => setTimeout(r, 20));
    };
    const clockX = { now: Date.parse("2026-12-01T09:00:00Z") };
    const clockY = { now: clockX.now };
    const x = lookupAt(clockX, file);
    await x.lookup.search("asset", "boiler");
    await x.filled(1);
    const y = lookupAt(clockY, file);
    await y.lookup.search("asset", "boiler");
    const site = sandbox.store.locationsOf([...sandbox.store.customers.values()][0]!.customer_id)[0]!;
    // Records only these writes bring (the vendor's account does not have them), one through each server.
    y.lookup.remember("create_asset", { id: 990_101, name: "Garnet Ice Machine", serialNumber: "GRN-0001", locationId: site.location_id });
    x.lookup.remember("create_asset", { id: 990_102, name: "Opal Ice Machine", serialNumber: "OPL-0001", locationId: site.location_id });
    await until(() => logged("GRN-0001") && logged("OPL-0001"));

    // X refreshes and saves whole: Y's line is folded into its parts and dropped from the log.
    clockX.now += FULL_REFRESH_MS + 1;
    await x.lookup.search("asset", "boiler");
    await x.filled(2);
    expect(logged("GRN-0001")).toBe(false);
    // Then Y: its own refresh never saw X's write, which is no longer in the log; its save starts from X's.
    clockY.now += FULL_REFRESH_MS + 1;
    await y.lookup.search("asset", "boiler");
    // Y loaded the saved index: this refresh is its first read of the account.
    await y.filled(1);
    await x.close();
    await y.close();

    const requests = sandbox.requests.length;
    const z = lookupAt(clockY, file);
    for (const [serial, id] of [["GRN-0001", 990_101], ["OPL-0001", 990_102]] as const) {
      const found = await z.lookup.search("asset", serial);
      expect(found.items.map((i) => i.record.id), serial).toEqual([id]);
    }
    expect(sandbox.requests.length).toBe(requests);
    await z.close();
  });
});
