/** The measured process of rss-probe.mjs (see there). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const ROOT = new URL("../../", import.meta.url).pathname;
const dist = (p) => import(pathToFileURL(join(ROOT, "dist", p)).href);
const rss = () => {
  const s = readFileSync("/proc/self/status", "utf8");
  const kb = (f) => Number(new RegExp(`^${f}:\\s+(\\d+)`, "m").exec(s)?.[1]) / 1024;
  return { rss: kb("VmRSS"), anon: kb("RssAnon"), file: kb("RssFile") };
};

/** A lookup service as the runtime makes it for a live account (its backend, its file). */
async function makeLookup(log) {
  const { loadConfig } = await dist("config.js");
  const { vendorModule } = await dist("vendors/index.js");
  const { lookupKinds } = await dist("lookup/kinds.js");
  const { lookupFile } = await dist("lookup/persist.js");
  const { createLookup } = await dist("lookup/lookup.js");
  const config = loadConfig(process.env);
  const backend = await vendorModule(config.vendor).createBackend(config, { origin: config.baseUrl, sandbox: false, onEvent() {}, wantsEvent: () => false });
  const kinds = lookupKinds(config, backend);
  const file = lookupFile(config.stateDir, { vendor: config.vendor, origin: config.baseUrl, credential: config.apiKey, kinds: [...kinds] });
  return { lookup: createLookup({ backend, kinds, file, log }), backend };
}

/** Fill (first search), wait for the "filled" line, close (saves). */
async function fillAndClose() {
  let filled;
  const done = new Promise((r) => (filled = r));
  const { lookup, backend } = await makeLookup((level, message) => {
    if (message.startsWith("lookup index filled")) filled();
  });
  await lookup.search("asset", "boiler");
  await done;
  await lookup.close();
  await backend.close?.();
}

if (!isMainThread) {
  await fillAndClose();
  parentPort.postMessage("done");
} else {
  const mode = process.argv[2];
  // Warm up the code the lookup path loads, so "idle" is the server's idle (its modules loaded), not an empty process.
  await dist("lookup/lookup.js");
  await dist("vendors/index.js");
  await new Promise((r) => setTimeout(r, 300));
  const idle = rss();
  const t0 = performance.now();
  let lookup;
  if (mode === "inline") {
    let filled;
    const done = new Promise((r) => (filled = r));
    ({ lookup } = await makeLookup((level, message) => message.startsWith("lookup index filled") && filled()));
    await lookup.search("asset", "boiler");
    await done;
  } else {
    if (mode === "worker") {
      const worker = new Worker(new URL(import.meta.url), { workerData: {} });
      await new Promise((resolve, reject) => { worker.on("exit", resolve); worker.on("error", reject); });
    }
    const fillMs = performance.now() - t0;
    const afterWorker = rss();
    ({ lookup } = await makeLookup(() => undefined));
    const l0 = performance.now();
    await lookup.search("asset", "boiler");
    console.error(`[${mode}] worker ended: +${(afterWorker.rss - idle.rss).toFixed(1)} MB after ${Math.round(fillMs)} ms; load + first answer ${Math.round(performance.now() - l0)} ms`);
  }
  const ready = rss();
  await new Promise((r) => setTimeout(r, 2500)); // the lookup's own release after a load runs 50 ms after it
  const { releaseMemory } = await dist("lookup/release-memory.js");
  const ms = releaseMemory();
  const released = rss();
  // Warm lookups: per-call cost after the release.
  const lat = [];
  for (const q of ["rooftop unit", "boiler parkside", "carrier", "second floor ahu", "water heater", "genset", "walk-in freezer", "fire alarm panel"]) for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const answer = await lookup.search("asset", q);
    lat.push(performance.now() - s);
    if (i === 0 && process.env.PROBE_VERBOSE) console.error(`  ${q}: ${answer.items.length} items, ${Math.round(performance.now() - s)} ms, rss +${(rss().rss - idle.rss).toFixed(1)} MB`);
  }
  lat.sort((a, b) => a - b);
  const after = rss();
  // The lookup's own idle release (release-memory.ts IdleRelease) runs 5 s after the last lookup.
  await new Promise((r) => setTimeout(r, 6500));
  const afterRelease = rss();
  const g = (x) => `+${(x.rss - idle.rss).toFixed(1)} MB (anon +${(x.anon - idle.anon).toFixed(1)}, file +${(x.file - idle.file).toFixed(1)})`;
  console.error(`[${mode}] idle ${idle.rss.toFixed(1)} MB; ready ${g(ready)}; after release (${Math.round(ms ?? -1)} ms) ${g(released)}; after 40 lookups ${g(after)}, p95 ${lat[Math.floor(lat.length * 0.95)].toFixed(1)} ms; 6.5 s later (idle release) ${g(afterRelease)}`);
  await lookup.close();
  process.exit(0);
}
