#!/usr/bin/env node
/**
 * The lookup section of `npm run bench` (issue 12, DESIGN §10): how well and how fast the lookup tools
 * understand a dispatcher's words, measured black-box through the built server over stdio.
 *
 *  1. Labelled evaluation: every phrasing of bench/lookup-eval/<vendor>.mjs goes to its tool (search_assets,
 *     search_customers, list_jobs with `query`) on a server in live mode against that vendor's sandbox
 *     (started here from dist/); the target each phrasing means is resolved in the sandbox's store. Prints
 *     recall@5 and top-1 per vendor and kind. A must-find-nothing phrasing counts as correct (for both) when
 *     the list comes back empty.
 *  2. Scale: the same server against a sandbox holding the large account (FSM_SANDBOX_SCALE=large: 50,000
 *     assets, 5,000 customers): first fill (time and vendor requests, as the sandbox's request log counts
 *     them), index size (the files the server keeps in FSM_STATE_DIR besides its ledger and audit log) and
 *     memory growth (from a server that made one vendor call: after the fill, after the warm lookups, once the
 *     idle release has run, and in a third server restarted on the saved index), restart from the
 *     persisted index (a second server on the same FSM_STATE_DIR: spawn to first answered lookup), warm lookup
 *     latency and vendor requests per lookup, for narrow phrases (the target's) and broad ones apart.
 *
 * Run alone: `node bench/lookup.mjs` (after `npm run build`), or `node bench/run.mjs --only lookup`.
 * Flags: --quick (fewer warm lookups; scale on FSM Navigator only), --vendors a,b, --no-scale, --no-eval (the scale
 * section alone), --no-write.
 * LOOKUP_BENCH_SERVER=/path/to/cli.js measures another build's server against this build's sandboxes.
 * Writes its part of bench/RESULTS.md between the lookup markers (the rest of the file is left alone).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { closeAllServers, fmt, machine, memoryOf, percentile, ROOT, sleep, spawnServer, table, textOf, timedCall } from "./lib.mjs";
import { resolveCases, ROWS, TOOL_OF } from "./lookup-eval/records.mjs";

export const LOOKUP_TARGETS = { recallAt5: 0.95, top1: 0.85, indexMb: 80, restartMs: 2000, warmP95Ms: 20, requestsPerLookup: 1 };
export const VENDORS = ["fsmnavigator", "trackplanfm", "jobnimbus"];
const KINDS = ["asset", "customer", "job"];
const DISPLAY = { fsmnavigator: "FSM Navigator", trackplanfm: "TrackplanFM", jobnimbus: "JobNimbus" };
const MARK_START = "<!-- lookup-bench:start -->";
const MARK_END = "<!-- lookup-bench:end -->";
/** Files in FSM_STATE_DIR that are not the lookup index. */
const NOT_INDEX = new Set(["idempotency.json", "audit.jsonl"]);

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const DEFAULT_SERVER = join(ROOT, typeof pkg.bin === "string" ? pkg.bin : pkg.bin["fsm-mcp"]);
const log = (line) => process.stderr.write(`${line}\n`);

/* ---------- vendors: sandbox, store, server environment ---------- */

async function startVendorSandbox(vendor, options) {
  const dist = (p) => import(pathToFileURL(join(ROOT, "dist/sandbox", vendor, p)).href);
  if (vendor === "fsmnavigator") {
    const m = await dist("index.js");
    const sb = await m.startFsmNavigatorSandbox({ rateLimit: false, ...options });
    return { sb, store: sb.store, env: { FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sb.url, FSM_API_KEY: m.DEFAULT_DEMO_KEY.key } };
  }
  if (vendor === "trackplanfm") {
    const m = await dist("index.js");
    const sb = await m.startTrackplanfmSandbox({ rateLimit: false, ...options });
    const user = m.DEFAULT_DEMO_USER;
    return { sb, store: sb.store, env: { FSM_VENDOR: "trackplanfm", FSM_BASE_URL: sb.url, FSM_USERNAME: user.username, FSM_PASSWORD: user.password } };
  }
  const m = await dist("index.js");
  const sb = await m.startJobnimbusSandbox({ rateLimit: false, ...options });
  return { sb, store: sb.storeFor(m.DEFAULT_DEMO_KEY.key), env: { FSM_VENDOR: "jobnimbus", FSM_BASE_URL: sb.url, FSM_API_KEY: m.DEFAULT_DEMO_KEY.key } };
}

async function todayAnchor() {
  const m = await import(pathToFileURL(join(ROOT, "dist/sandbox/fsmnavigator/seed.js")).href);
  return m.todayAnchor();
}

const vendorRequests = (sb) => sb.requests.filter((r) => !r.path.includes("/auth/")).length;

/** Wait until the sandbox has seen no request for `quietMs` (the server's background fill has settled). */
async function settle(sb, { quietMs = 1500, capMs = 120_000 } = {}) {
  const started = performance.now();
  let last = sb.requests.length;
  let lastChange = performance.now();
  while (performance.now() - started < capMs) {
    await sleep(250);
    if (sb.requests.length !== last) {
      last = sb.requests.length;
      lastChange = performance.now();
    } else if (performance.now() - lastChange >= quietMs) break;
  }
  const lastAt = sb.requests.at(-1)?.at;
  return { lastRequestAt: lastAt ? Date.parse(lastAt) : undefined };
}

/** Poll `done` until it holds: the time (epoch ms) it first held, or undefined after `capMs`. */
async function waitFor(done, capMs) {
  const started = Date.now();
  while (Date.now() - started < capMs) {
    if (done()) return Date.now();
    await sleep(100);
  }
  return undefined;
}

function toolInfo(tools, name) {
  const tool = tools.find((t) => t.name === name);
  if (!tool) return { present: false };
  const props = tool.inputSchema?.properties ?? {};
  return { present: true, query: "query" in props, perPage: "per_page" in props };
}

function lookupArgs(info, query, perPage = 10) {
  return { query, ...(info.perPage ? { per_page: perPage } : {}) };
}

const idsOf = (result) => (result?.structuredContent?.items ?? []).map((item) => String(item.id));

/* ---------- 1. labelled evaluation ---------- */

async function evaluate(vendor, { server, stateRoot, anchorDate }) {
  const cases = (await import(pathToFileURL(join(ROOT, "bench/lookup-eval", `${vendor}.mjs`)).href)).default;
  const { sb, store, env } = await startVendorSandbox(vendor, { anchorDate });
  try {
    const resolved = resolveCases(cases, ROWS[vendor](store, anchorDate));
    const handle = await spawnServer({ args: [server], env: { ...env, FSM_STATE_DIR: mkdtempSync(join(stateRoot, `${vendor}-eval-`)) } });
    try {
      const { tools } = await handle.client.listTools();
      const info = Object.fromEntries(KINDS.map((k) => [k, toolInfo(tools, TOOL_OF[k])]));
      // One lookup per tool first, then let any background fill settle: the phrasings measure understanding,
      // not a half-built index (the scale section measures the fill).
      for (const kind of KINDS) if (info[kind].query) await timedCall(handle.client, { name: TOOL_OF[kind], arguments: lookupArgs(info[kind], "boiler") }, { timeout: 120_000 });
      await settle(sb);

      const outcomes = [];
      for (const r of resolved) {
        const kind = r.case.kind;
        const base = { vendor, kind, phrase: r.phrase, style: r.case.style, none: r.case.target === null };
        if (r.error) {
          outcomes.push({ ...base, status: "data error", detail: r.error, hit5: false, top1: false });
          continue;
        }
        if (!info[kind].present || !info[kind].query) {
          outcomes.push({ ...base, status: info[kind].present ? `${TOOL_OF[kind]} has no query argument` : `${TOOL_OF[kind]} not listed`, hit5: false, top1: false });
          continue;
        }
        const before = vendorRequests(sb);
        const call = await timedCall(handle.client, { name: TOOL_OF[kind], arguments: lookupArgs(info[kind], r.phrase) }, { timeout: 60_000 });
        const requests = vendorRequests(sb) - before;
        if (!call.ok) {
          const message = textOf(call.result) || call.error?.message || "error";
          outcomes.push({ ...base, status: "tool error", detail: message.slice(0, 160), hit5: false, top1: false, ms: call.ms, requests });
          continue;
        }
        const ids = idsOf(call.result);
        const target = r.targetId === null ? null : String(r.targetId);
        const hit5 = target === null ? ids.length === 0 : ids.slice(0, 5).includes(target);
        const top1 = target === null ? ids.length === 0 : ids[0] === target;
        outcomes.push({ ...base, status: "ok", hit5, top1, returned: ids.length, rank: target === null ? undefined : ids.indexOf(target) + 1 || undefined, ms: call.ms, requests });
      }
      return { outcomes, tools: info };
    } finally {
      await handle.close();
    }
  } finally {
    await sb.close();
  }
}

function summarise(outcomes) {
  const rows = [];
  for (const vendor of VENDORS) {
    // "held-out": the phrasings written before the matching was last tuned (style "held-out: …"), apart, so
    // an improvement fitted to the rest shows whether it carries to wording it was not fitted to.
    for (const kind of [...KINDS, "all", "held-out"]) {
      const set = outcomes.filter((o) => o.vendor === vendor && (kind === "all" || o.kind === kind || (kind === "held-out" && o.style.startsWith("held-out"))));
      if (set.length === 0) continue;
      const none = set.filter((o) => o.none);
      rows.push({
        vendor,
        kind,
        n: set.length,
        recall5: set.filter((o) => o.hit5).length / set.length,
        top1: set.filter((o) => o.top1).length / set.length,
        noneOk: none.filter((o) => o.hit5).length,
        none: none.length,
        errors: set.filter((o) => o.status !== "ok").length,
        msP95: percentile(set.filter((o) => o.ms !== undefined).map((o) => o.ms), 95),
        requests: set.reduce((n, o) => n + (o.requests ?? 0), 0) / set.length,
      });
    }
  }
  return rows;
}

/* ---------- 2. scale on the large account ---------- */

function stateFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push({ path: relative(dir, path), bytes: statSync(path).size });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** After a restarted server's first lookup, how long to wait before measuring: its release runs 50 ms after the load (src/lookup/lookup.ts). */
const LOAD_RELEASE_WAIT_MS = 1_500;

/** One read that is not a lookup (list_technicians, on every vendor), then the server's RSS once it is idle again. */
async function idleAfterVendorCall(conn, sb) {
  const before = vendorRequests(sb);
  const call = await timedCall(conn.client, { name: "list_technicians", arguments: {} }, { timeout: 60_000 });
  if (!call.ok || vendorRequests(sb) === before) throw new Error("bench: list_technicians did not reach the vendor: the lookup's own memory cannot be told from the HTTP client's start");
  await sleep(500);
  return memoryOf(conn.pid);
}

/** After the warm lookups, how long to wait before measuring RSS again: the lookup's idle release runs 5 s after the last one (src/lookup/release-memory.ts). */
const IDLE_AFTER_MS = 6_000;

/**
 * Phrases for warm lookups, from the large account itself. Narrow: "<unit name> <customer>" (assets) or
 * "<customer>". Broad: every asset type of the account alone ("rooftop unit": thousands of matches) and with the
 * city of one unit of that type; JobNimbus (customers): every business word of the customers' names alone
 * ("bakery") and with a city. A tool still shows one page of them: what the lookup does with the rest is measured.
 */
async function scalePhrases(count) {
  const { generateLargeAccount } = await import(pathToFileURL(join(ROOT, "dist/sandbox/common/large-account.js")).href);
  const account = generateLargeAccount();
  const phrases = [];
  for (let i = 0; i < count; i++) {
    const asset = account.assets[(i * 7919) % account.assets.length];
    const customer = account.customers[asset.customer];
    phrases.push({ asset: `${asset.name} ${customer.name}`, customer: customer.name });
  }
  const cityOf = (asset) => account.customers[asset.customer].sites[asset.site].city;
  const broadAssets = [];
  for (const type of new Set(account.assets.map((a) => a.type))) {
    const ofType = account.assets.filter((a) => a.type === type);
    broadAssets.push(type.toLowerCase(), `${type.toLowerCase()} ${cityOf(ofType[Math.floor(ofType.length / 2)])}`);
  }
  // A customer name's last word of two or more letters that is no legal suffix: its trade ("Bakery", "Marina").
  const words = [...new Set(account.customers.map((c) => c.name.split(/\s+/).filter((w) => /^\p{L}{2,}$/u.test(w) && !/^(inc|llc|ltd|co|corp|group)$/i.test(w)).at(-1)).filter(Boolean))].slice(0, broadAssets.length / 2);
  const broadCustomers = words.flatMap((w, i) => [w.toLowerCase(), `${w.toLowerCase()} ${account.customers[(i * 997) % account.customers.length].sites[0].city}`]);
  const broad = broadAssets.map((asset, i) => ({ asset, customer: broadCustomers[i % broadCustomers.length] }));
  return { narrow: phrases, broad };
}

/** Sequential lookups of `phrases`: latency p50/p95, vendor requests per lookup, how many answered with results. */
async function warmLookups(client, sb, { tool, info, kind, phrases }) {
  const ms = [];
  let hits = 0;
  const before = vendorRequests(sb);
  for (const phrase of phrases) {
    const call = await timedCall(client, { name: tool, arguments: lookupArgs(info, phrase[kind]) }, { timeout: 60_000 });
    ms.push(call.ms);
    if (call.ok && idsOf(call.result).length > 0) hits++;
  }
  return { calls: phrases.length, p50: percentile(ms, 50), p95: percentile(ms, 95), requestsPerLookup: (vendorRequests(sb) - before) / phrases.length, answered: hits };
}

async function scale(vendor, { server, stateRoot, anchorDate, warmCalls }) {
  const kind = vendor === "jobnimbus" ? "customer" : "asset";
  const tool = TOOL_OF[kind];
  const seedStarted = performance.now();
  const { sb, env } = await startVendorSandbox(vendor, { anchorDate, scale: "large" });
  const seedMs = performance.now() - seedStarted;
  const stateDir = mkdtempSync(join(stateRoot, `${vendor}-scale-`));
  const { narrow: phrases, broad } = await scalePhrases(warmCalls);
  const result = { vendor, tool, seedMs };
  try {
    // First server: first use fills the index.
    const first = await spawnServer({ args: [server], env: { ...env, FSM_STATE_DIR: stateDir } });
    try {
      const { tools } = await first.client.listTools();
      const info = toolInfo(tools, tool);
      result.hasQuery = info.query;
      await sleep(500);
      const idle = memoryOf(first.pid);
      // The lookup's own memory is counted from a server that has already made one vendor call: the first call
      // of any tool starts the HTTP client (undici, its WebAssembly parser, a connection pool), which is not the index.
      const idleAfterCall = await idleAfterVendorCall(first, sb);
      result.idleMb = idle?.rssMb;
      result.clientStartMb = idleAfterCall && idle ? idleAfterCall.rssMb - idle.rssMb : undefined;
      const before = vendorRequests(sb);
      const started = Date.now();
      const firstCall = await timedCall(first.client, { name: tool, arguments: lookupArgs(info, phrases[0][kind]) }, { timeout: 300_000 });
      result.firstCallMs = firstCall.ms;
      result.firstCallOk = firstCall.ok;
      // The fill is over when the server says so (its one "lookup index filled" line): a quiet request log alone
      // can be a pause of the fill (a slow page, the server indexing what it read), and warm lookups measured
      // during the fill would be lookups on a half-built index. The log is the fallback for a build without the line.
      const filledAt = await waitFor(() => first.stderr().includes("lookup index filled"), 600_000);
      result.fillLogged = filledAt !== undefined;
      const { lastRequestAt } = await settle(sb, { quietMs: 2000, capMs: 300_000 });
      result.fillMs = filledAt !== undefined ? filledAt - started : lastRequestAt ? Math.max(firstCall.ms, lastRequestAt - started) : firstCall.ms;
      result.fillRequests = vendorRequests(sb) - before;
      const filled = memoryOf(first.pid);
      result.rssGrowthMb = filled && idle ? filled.rssMb - idle.rssMb : undefined;
      result.lookupFilledMb = filled && idleAfterCall ? filled.rssMb - idleAfterCall.rssMb : undefined;
      result.rssMb = filled?.rssMb;

      // Warm lookups on the filled index: the narrow phrases (the target's), then the broad ones.
      result.warm = await warmLookups(first.client, sb, { tool, info, kind, phrases });
      result.broad = await warmLookups(first.client, sb, { tool, info, kind, phrases: broad });
      // What the lookups left resident, at once and once the idle release has had its turn.
      const warmed = memoryOf(first.pid);
      result.rssAfterWarmMb = warmed && idle ? warmed.rssMb - idle.rssMb : undefined;
      await sleep(IDLE_AFTER_MS);
      const rested = memoryOf(first.pid);
      result.rssAfterIdleMb = rested && idle ? rested.rssMb - idle.rssMb : undefined;
      result.lookupRestedMb = rested && idleAfterCall ? rested.rssMb - idleAfterCall.rssMb : undefined;
    } finally {
      await first.close();
    }
    const files = stateFiles(stateDir).filter((f) => !NOT_INDEX.has(f.path));
    result.indexFiles = files;
    result.indexMb = files.reduce((n, f) => n + f.bytes, 0) / 1024 ** 2;

    // Restart on the same state directory: spawn to the first answered lookup.
    const restartBefore = vendorRequests(sb);
    const spawned = performance.now();
    const second = await spawnServer({ args: [server], env: { ...env, FSM_STATE_DIR: stateDir } });
    try {
      const { tools } = await second.client.listTools();
      const info = toolInfo(tools, tool);
      const call = await timedCall(second.client, { name: tool, arguments: lookupArgs(info, phrases[1][kind]) }, { timeout: 300_000 });
      result.restartMs = performance.now() - spawned;
      result.restartAnswered = call.ok && idsOf(call.result).length > 0;
      result.restartRequests = vendorRequests(sb) - restartBefore;
    } finally {
      await second.close();
    }

    // What a restarted server holds: a third server on the same directory, measured as the first (idle after one
    // vendor call, then its first lookup loads the saved index), once the load's memory release has run.
    const third = await spawnServer({ args: [server], env: { ...env, FSM_STATE_DIR: stateDir } });
    try {
      const { tools } = await third.client.listTools();
      const info = toolInfo(tools, tool);
      await sleep(500);
      const idleAfterCall = await idleAfterVendorCall(third, sb);
      await timedCall(third.client, { name: tool, arguments: lookupArgs(info, phrases[2][kind]) }, { timeout: 300_000 });
      await sleep(LOAD_RELEASE_WAIT_MS);
      const loaded = memoryOf(third.pid);
      result.lookupRestartedMb = loaded && idleAfterCall ? loaded.rssMb - idleAfterCall.rssMb : undefined;
    } finally {
      await third.close();
    }
  } finally {
    await sb.close();
  }
  return result;
}

/* ---------- report ---------- */

const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "n/a");
const check = (met) => (met ? "met" : "**missed**");

function render({ evaluation, scaleResults, server, startedAt, host, quick }) {
  const summary = summarise(evaluation.flatMap((e) => e.outcomes));
  const evalTable = table(
    ["vendor", "kind", "phrasings", "recall@5", "top-1", "find-nothing correct", "not scored (errors)", "p95 ms", "vendor requests / phrase"],
    summary.map((r) => [
      DISPLAY[r.vendor],
      r.kind,
      r.n,
      `${pct(r.recall5)} ${r.recall5 >= LOOKUP_TARGETS.recallAt5 ? "" : "✗"}`.trim(),
      `${pct(r.top1)} ${r.top1 >= LOOKUP_TARGETS.top1 ? "" : "✗"}`.trim(),
      `${r.noneOk}/${r.none}`,
      r.errors,
      fmt(r.msP95, 1),
      fmt(r.requests, 2),
    ]),
  );
  const totals = summary.filter((r) => r.kind === "all");
  const toolNotes = evaluation.flatMap((e) =>
    KINDS.filter((k) => e.tools[k] && (!e.tools[k].present || !e.tools[k].query) && e.outcomes.some((o) => o.kind === k)).map(
      (k) => `${DISPLAY[e.vendor]}: ${TOOL_OF[k]} ${e.tools[k].present ? "has no `query` argument" : "is not listed"} in this build: its phrasings count as misses.`,
    ),
  );
  const misses = evaluation.flatMap((e) => e.outcomes.filter((o) => !o.top1));

  const scaleTable = scaleResults.length
    ? table(
        ["vendor", "lookup tool", "sandbox seeding s", "first lookup ms", "first fill s", "fill vendor requests", "index MB", "restart → first answer ms", "restart vendor requests", "warm p50 ms", "warm p95 ms", "vendor requests / warm lookup", "warm lookups with results", "broad p50 ms", "broad p95 ms", "broad lookups with results"],
        scaleResults.map((s) => [
          DISPLAY[s.vendor],
          s.hasQuery === false ? `${s.tool} (no query argument)` : s.tool,
          fmt(s.seedMs / 1000, 1),
          fmt(s.firstCallMs, 0),
          fmt(s.fillMs / 1000, 1),
          s.fillRequests,
          s.indexFiles.length ? fmt(s.indexMb, 1) : "no index file",
          fmt(s.restartMs, 0),
          s.restartRequests,
          fmt(s.warm.p50, 1),
          fmt(s.warm.p95, 1),
          fmt(s.warm.requestsPerLookup, 2),
          `${s.warm.answered}/${s.warm.calls}`,
          fmt(s.broad.p50, 1),
          fmt(s.broad.p95, 1),
          `${s.broad.answered}/${s.broad.calls}`,
        ]),
      )
    : "(not run)";

  const memoryTable = scaleResults.length
    ? table(
        ["vendor", "server idle RSS MB", "HTTP client start MB", "lookup: after the fill MB", "lookup: after warm lookups MB", `lookup: ${IDLE_AFTER_MS / 1000} s later MB`, "lookup: restarted server MB", "after the fill, from idle MB"],
        scaleResults.map((s) => [DISPLAY[s.vendor], fmt(s.idleMb, 1), fmt(s.clientStartMb, 1), fmt(s.lookupFilledMb, 1), fmt(s.rssAfterWarmMb - s.clientStartMb, 1), fmt(s.lookupRestedMb, 1), fmt(s.lookupRestartedMb, 1), fmt(s.rssGrowthMb, 1)]),
      )
    : "(not run)";
  const lookupHeld = (s) => Math.max(s.lookupFilledMb, s.lookupRestedMb, s.lookupRestartedMb);

  const nav = scaleResults.find((s) => s.vendor === "fsmnavigator") ?? scaleResults[0];
  const targetRows = [
    ...totals.map((r) => [`${DISPLAY[r.vendor]}: recall@5 ≥ ${pct(LOOKUP_TARGETS.recallAt5)}, top-1 ≥ ${pct(LOOKUP_TARGETS.top1)} (${r.n} phrasings)`, `${pct(r.recall5)} / ${pct(r.top1)}`, check(r.recall5 >= LOOKUP_TARGETS.recallAt5 && r.top1 >= LOOKUP_TARGETS.top1)]),
    ...(nav
      ? [
          // Both what the index costs on disk and what the server grows by holding it: the most of the lookup's RSS
          // after the fill, after lookups and the idle release, and in a restarted server (the memory table).
          [
            `${DISPLAY[nav.vendor]} large account: index ≤ ${LOOKUP_TARGETS.indexMb} MB for 50,000 assets, on disk and in memory`,
            nav.indexFiles.length ? `${fmt(nav.indexMb, 1)} MB on disk; RSS +${fmt(lookupHeld(nav), 1)} MB at most (from a server idle before any vendor call: +${fmt(nav.rssGrowthMb, 1)} MB after the fill)` : "no index persisted",
            check(nav.indexFiles.length > 0 && nav.indexMb <= LOOKUP_TARGETS.indexMb && lookupHeld(nav) <= LOOKUP_TARGETS.indexMb),
          ],
          [`restart from the persisted index ≤ ${LOOKUP_TARGETS.restartMs / 1000} s to the first answered lookup`, `${fmt(nav.restartMs, 0)} ms${nav.restartAnswered ? "" : " (lookup answered nothing)"}, ${nav.restartRequests} vendor requests`, check(nav.indexFiles.length > 0 && nav.restartAnswered && nav.restartMs <= LOOKUP_TARGETS.restartMs)],
          [`warm lookup p95 ≤ ${LOOKUP_TARGETS.warmP95Ms} ms with ≤ ${LOOKUP_TARGETS.requestsPerLookup} vendor request`, `${fmt(nav.warm.p95, 1)} ms, ${fmt(nav.warm.requestsPerLookup, 2)} requests`, check(nav.warm.p95 <= LOOKUP_TARGETS.warmP95Ms && nav.warm.requestsPerLookup <= LOOKUP_TARGETS.requestsPerLookup && nav.warm.answered > 0)],
          ["first fill: time and vendor requests reported", `${fmt(nav.fillMs / 1000, 1)} s, ${nav.fillRequests} requests`, "reported"],
        ]
      : []),
  ];
  const targets = table(["target", "measured", ""], targetRows);
  const serverLabel = server === DEFAULT_SERVER ? relative(ROOT, server) : `${server} (LOOKUP_BENCH_SERVER)`;

  const terminal = [
    `Lookup evaluation (server: ${serverLabel})`,
    evalTable,
    ...toolNotes,
    "",
    "Lookup at scale (large account)",
    scaleTable,
    "",
    "Lookup memory at scale (RSS growth)",
    memoryTable,
    "",
    "Lookup targets",
    targets,
  ].join("\n");

  const missLines = misses.slice(0, 120).map((o) => `| ${DISPLAY[o.vendor]} | ${o.kind} | ${o.phrase.replace(/\|/g, "\\|")} | ${o.style} | ${o.status === "ok" ? (o.none ? `${o.returned} returned` : o.rank ? `rank ${o.rank}` : `not in ${o.returned}`) : `${o.status}${o.detail ? `: ${o.detail.replace(/\|/g, "\\|").replace(/\n/g, " ")}` : ""}`} |`);
  const markdown = [
    MARK_START,
    "## Lookups: labelled evaluation",
    "",
    `Written by \`node bench/lookup.mjs\` (also part of \`npm run bench\`) on ${startedAt.toISOString()}${quick ? " (quick)" : ""}; server \`${serverLabel}\`; Node ${host.node}; load average ${host.loadAverage.map((l) => l.toFixed(2)).join(" / ")} at the start.`,
    "",
    "Each phrasing of `bench/lookup-eval/<vendor>.mjs` goes to its tool (`search_assets`, `search_customers`, `list_jobs` with `query`) on the server in live mode against the vendor's sandbox; the record it means is resolved in the sandbox's store by name. recall@5: the record is among the first five items; top-1: it is the first. A must-find-nothing phrasing is correct for both when the list is empty. *Not scored*: the tool failed or lacks a `query` argument (counted as misses).",
    "",
    evalTable,
    "",
    ...toolNotes.map((n) => `- ${n}`),
    ...(toolNotes.length ? [""] : []),
    "## Lookups at scale (FSM_SANDBOX_SCALE=large: 50,000 assets, 5,000 customers)",
    "",
    "First lookup on a fresh FSM_STATE_DIR, then until the server logs `lookup index filled` (*first fill*; its vendor requests as the sandbox's request log counts them once it has been quiet for 2 s); *index MB*: the files the server left in FSM_STATE_DIR besides its ledger and audit log; *restart*: a second server on the same FSM_STATE_DIR, from spawn to the first lookup answered with results; *warm*: sequential lookups of `<unit name> <customer>` phrases from the large account (JobNimbus: customer names) on the first server after its fill (the target's p95); *broad*: then every asset type of the account alone and with a city (\"rooftop unit\", \"boiler Naperville\": hundreds to thousands of matches each; JobNimbus: a customer's trade word alone and with a city), one page each.",
    "",
    scaleTable,
    "",
    "Memory (VmRSS of the server process). *Server idle*: after `tools/list`, before any vendor call. *HTTP client start*: what one `list_technicians` call adds to it (undici, its WebAssembly parser, a connection pool: paid by the first call of any tool, not by the index). *Lookup* columns: growth from that idle-after-one-call figure: after the fill; right after the warm and broad lookups (a transient peak: their garbage); " + `${IDLE_AFTER_MS / 1000}` + " s later, once the lookup's idle release has run; and a third server started on the saved index, measured the same way once its first lookup loaded it. *After the fill, from idle*: the growth counted from before any vendor call, as earlier runs reported it. The target row takes the largest of the three held figures (after the fill, after the idle release, restarted).",
    "",
    memoryTable,
    "",
    "## Lookup targets",
    "",
    targets,
    "",
    `<details><summary>Phrasings not answered top-1 (${misses.length}; first 120)</summary>`,
    "",
    "| vendor | kind | phrasing | exercises | outcome |",
    "| --- | --- | --- | --- | --- |",
    ...missLines,
    "",
    "</details>",
    MARK_END,
  ].join("\n");
  return { terminal, markdown };
}

/** Replace the lookup part of RESULTS.md (between the markers), or append it. */
export function writeLookupResults(markdown, file = join(ROOT, "bench/RESULTS.md")) {
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  const next = start >= 0 && end > start ? `${current.slice(0, start)}${markdown}${current.slice(end + MARK_END.length)}` : `${current.trimEnd()}\n\n${markdown}\n`;
  writeFileSync(file, next);
}

export async function runLookupBench({ quick = false, vendors = VENDORS, scaleVendors, withScale = true, withEval = true, server = process.env.LOOKUP_BENCH_SERVER || DEFAULT_SERVER } = {}) {
  const startedAt = new Date();
  const host = machine();
  const stateRoot = mkdtempSync(join(tmpdir(), "fsm-lookup-bench-"));
  const anchorDate = await todayAnchor();
  try {
    const evaluation = [];
    for (const vendor of withEval ? vendors : []) {
      log(`lookup evaluation: ${DISPLAY[vendor]}`);
      evaluation.push({ vendor, ...(await evaluate(vendor, { server, stateRoot, anchorDate })) });
    }
    const scaleResults = [];
    if (withScale) {
      for (const vendor of scaleVendors ?? (quick ? ["fsmnavigator"] : vendors)) {
        log(`lookup at scale: ${DISPLAY[vendor]} large account`);
        scaleResults.push(await scale(vendor, { server, stateRoot, anchorDate, warmCalls: quick ? 50 : 200 }));
      }
    }
    return render({ evaluation, scaleResults, server, startedAt, host, quick });
  } finally {
    await closeAllServers();
    rmSync(stateRoot, { recursive: true, force: true });
  }
}

/* ---------- command line ---------- */

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  const value = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const vendors = value("--vendors")?.split(",") ?? VENDORS;
  const unknown = vendors.filter((v) => !VENDORS.includes(v));
  if (unknown.length) {
    log(`--vendors: unknown ${unknown.join(", ")}; one or more of ${VENDORS.join(", ")}`);
    process.exit(2);
  }
  const watchdog = setTimeout(() => {
    log("lookup bench: over its 15 min budget; stopping");
    void closeAllServers().finally(() => process.exit(1));
  }, 15 * 60_000);
  watchdog.unref();
  try {
    const report = await runLookupBench({ quick: argv.includes("--quick"), vendors, withScale: !argv.includes("--no-scale"), withEval: !argv.includes("--no-eval") });
    process.stdout.write(`\n${report.terminal}\n`);
    if (!argv.includes("--no-write")) {
      writeLookupResults(report.markdown);
      log("wrote the lookup part of bench/RESULTS.md");
    }
    process.exit(0);
  } catch (error) {
    log(`lookup bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await closeAllServers();
    process.exit(1);
  }
}
