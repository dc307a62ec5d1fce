#!/usr/bin/env node
/**
 * Probe for issue 12 item 4: the memory the lookup's code tables (src/lookup/code-table.ts) hold for the large
 * sandbox account, measured on their own. Not part of `npm run bench`. Needs a build and --expose-gc:
 *
 *   node --expose-gc bench/probe/code-table-heap.mjs
 *
 * It fills one table per kind as KindIndex.addCodes does (an asset's tag and serial, a customer's phone in every
 * stored form; entries are short id × 8 + field) with FSM Navigator's tags (AST-000123) and the account's serials and
 * phones, packs it as KindIndex.trim does (a build without pack() is measured as it is), and reports what the tables hold after a full collection: the JS heap, and the typed arrays' memory outside
 * it (memoryUsage().arrayBuffers). Measured as what a collection gives back when the tables are dropped (a reading
 * before the fill also counts what the first run of the code leaves behind, and came out 2 MB low). The keys are made
 * while adding (codeKey makes new strings in the index too), so only what the tables keep is counted.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../lib.mjs";

if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
const load = (path) => import(pathToFileURL(join(ROOT, "dist", path)).href);
const { CodeTable } = await load("lookup/code-table.js");
const { codeKey, phoneKeys } = await load("lookup/text.js");
const { generateLargeAccount } = await load("sandbox/common/large-account.js");
const { assetTagFor } = await load("sandbox/fsmnavigator/operations/assets.js");

const SLOTS = 8;
const account = generateLargeAccount();

/** Resident bytes of glibc's main heap ([heap] in smaps, Linux only; 0 elsewhere): where typed arrays' memory comes from. */
function brkResident() {
  let smaps;
  try {
    smaps = readFileSync("/proc/self/smaps", "utf8");
  } catch {
    return 0;
  }
  let kb = 0;
  let inHeap = false;
  for (const line of smaps.split("\n")) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inHeap = line.endsWith("[heap]");
    else if (inHeap && line.startsWith("Rss:")) kb += Number(line.split(/\s+/)[1]);
  }
  return kb * 1024;
}

function reading() {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, brk: brkResident(), rss: m.rss };
}

const idle = reading();
const started = performance.now();
let assets = new CodeTable();
account.assets.forEach((a, short) => {
  assets.add(codeKey(assetTagFor(100_000 + short)), short * SLOTS);
  const serial = codeKey(a.serial);
  if (serial) assets.add(serial, short * SLOTS + 1);
});
let customers = new CodeTable();
account.customers.forEach((c, short) => {
  for (const key of phoneKeys(c.phone ?? "")) customers.add(key, short * SLOTS + 1);
});
const fillMs = performance.now() - started;
// What KindIndex.trim does once a kind has been read.
const packStarted = performance.now();
assets.pack?.();
customers.pack?.();
const packMs = performance.now() - packStarted;

// A few lookups, so the figures are of tables that answer (and as a check that they do).
const tag = codeKey(assetTagFor(100_042));
const t0 = performance.now();
let found = 0;
for (let i = 0; i < 1000; i++) found += assets.get(codeKey(assetTagFor(100_000 + ((i * 37) % account.assets.length)))).length;
const prefix = assets.longer(tag.slice(0, 7)).length;
const lookMs = performance.now() - t0;
const held = reading();
const keys = assets.save((e) => e).keys.length + customers.save((e) => e).keys.length;
assets = customers = undefined;
const dropped = reading();
const mb = (n) => (n / 1048576).toFixed(2);
console.log(
  JSON.stringify({
    keys,
    heapMB: mb(held.heap - dropped.heap),
    arrayBuffersMB: mb(held.buffers - dropped.buffers),
    totalMB: mb(held.heap - dropped.heap + held.buffers - dropped.buffers),
    // What the fill left resident: glibc's heap (freed blocks it keeps count) and the whole process.
    brkGrowthMB: mb(held.brk - idle.brk),
    rssGrowthMB: mb(held.rss - idle.rss),
    fillMs: Math.round(fillMs),
    packMs: Math.round(packMs),
    found,
    prefixMatches: prefix,
    lookupsMs: Math.round(lookMs),
  }),
);
