#!/usr/bin/env node
/**
 * `npm run bench`: fsm-mcp side by side with what a user would pick instead, against the same FSM Navigator
 * sandbox on 127.0.0.1 (started in this process from dist/):
 *   - fsm-mcp: the published bin, in live mode pointed at the sandbox (as with a real account);
 *   - a generic OpenAPI-to-MCP bridge (@ivotoby/openapi-mcp-server) pointed at the sandbox's /openapi.json;
 *   - the floor: a bare MCP SDK server with one trivial tool (bench/bare-server.mjs).
 * Prints tables with ratios and writes bench/RESULTS.md. Runs against the built dist/ (npm run bench builds
 * first); bounded to a few minutes and self-terminating. `--quick` runs fewer iterations (a smoke test).
 * Then the lookup section (bench/lookup.mjs): the labelled evaluation on each vendor sandbox and the large
 * account; `--only lookup` runs just that section and rewrites just its part of RESULTS.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { countTokens as cl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as o200k } from "gpt-tokenizer/encoding/o200k_base";
import { Pool } from "undici";
import {
  closeAllServers,
  cpuMsOf,
  fmt,
  machine,
  median,
  memoryOf,
  percentile,
  ratio,
  ROOT,
  sleep,
  spawnServer,
  table,
  textOf,
  timedCall,
} from "./lib.mjs";
import { renderTeamSessions, teamSessions } from "./team-sessions.mjs";
import { keyedCreates, WRITES_TARGET } from "./writes.mjs";
import { teamBench } from "./team.mjs";
import { tokenTable } from "./tokens.mjs";

const QUICK = process.argv.includes("--quick");
/**
 * `--only lookup`: just the lookup section (bench/lookup.mjs), which rewrites only its part of RESULTS.md.
 * `--only cold`, `--only rss`: just the cold-start or the RSS-after-calls section with their targets, printed
 * (RESULTS.md untouched): for measuring a startup or memory change against the same servers in one run.
 */
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const ALONE = ["lookup", "cold", "rss"];
if (ONLY !== undefined && !ALONE.includes(ONLY)) {
  process.stderr.write(`--only: the sections that run alone are: ${ALONE.join(", ")} (got "${ONLY}")\n`);
  process.exit(2);
}
if (ONLY === "lookup") {
  const { runLookupBench, writeLookupResults } = await import("./lookup.mjs");
  const report = await runLookupBench({ quick: QUICK });
  process.stdout.write(`\n${report.terminal}\n`);
  writeLookupResults(report.markdown);
  process.exit(0);
}
const N = {
  coldRuns: QUICK ? 3 : 15,
  warmup: QUICK ? 20 : 100,
  calls: QUICK ? 200 : 1000,
  concurrency: 8,
  concurrentCalls: QUICK ? 160 : 800,
  burst: 50,
  listJobs: 10_000,
  perPage: 100,
  rssCalls: QUICK ? 1000 : 10_000,
  rssIdleMs: 2000,
};
// The lookup section (bench/lookup.mjs) runs after the others and has a budget of its own in this one.
const HARD_LIMIT_MS = 20 * 60_000;

const TARGETS = {
  coldVsBare: 1.5,
  coldVsBridge: 0.5,
  tokens: 4000,
  overheadMs: 1,
  rateShare: 0.9,
  idleRssMb: 60,
  /** RSS after N.rssCalls get-job calls and a short idle: at most the bare SDK server's after the same calls + this. */
  rssOverBareMb: 10,
};

const byId = (rows, id) => rows.find((r) => r.id === id);
const check = (met) => (met ? "met" : "**missed**");
const TARGET_HEADER = ["target", "measured", "", "for comparison"];

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const BIN = join(ROOT, typeof pkg.bin === "string" ? pkg.bin : pkg.bin["fsm-mcp"]);
const TSC_CLI = join(ROOT, "dist/cli.js");
const BRIDGE_PKG = join(ROOT, "node_modules/@ivotoby/openapi-mcp-server");
const BRIDGE = join(BRIDGE_PKG, "bin/mcp-server.js");
const BARE = join(ROOT, "bench/bare-server.mjs");
/**
 * BENCH_BASELINE_BIN=/path/to/another/build/fsm-mcp.mjs adds that build to the cold-start and RSS sections as
 * one more contestant (same runs, interleaved): before → after figures for a change from one run.
 */
const BASELINE_BIN = process.env.BENCH_BASELINE_BIN;
const versionOf = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;

const { startFsmNavigatorSandbox, DEFAULT_DEMO_KEY } = await import(join(ROOT, "dist/sandbox/fsmnavigator/index.js"));
const KEY = DEFAULT_DEMO_KEY.key;

const stateRoot = mkdtempSync(join(tmpdir(), "fsm-bench-"));
let stateCount = 0;
const stateDir = () => join(stateRoot, String(stateCount++));

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: over the ${HARD_LIMIT_MS / 60_000} min budget; stopping\n`);
  void closeAllServers().finally(() => process.exit(1));
}, HARD_LIMIT_MS);
watchdog.unref();

const log = (line) => process.stderr.write(`${line}\n`);

/* ---------- the contestants ---------- */

const spec = {
  ours: (sb, entry = BIN) => ({
    args: [entry],
    env: { FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sb.url, FSM_API_KEY: KEY, FSM_STATE_DIR: stateDir() },
  }),
  oursSandboxMode: () => ({ args: [BIN], env: { FSM_STATE_DIR: stateDir() } }),
  bridge: (sb) => ({
    args: [BRIDGE, "--api-base-url", sb.apiBase, "--openapi-spec", `${sb.url}/openapi.json`, "--headers", `X-API-Key:${KEY}`, "--transport", "stdio", "--verbose", "false"],
    env: {},
  }),
  bare: (sb) => ({ args: [BARE], env: { BENCH_API_BASE: sb.apiBase, BENCH_API_KEY: KEY } }),
};

const withEnv = (s, env) => ({ ...s, env: { ...s.env, ...env } });

/** The servers compared call by call: each one's "get a job" tool and the direct HTTP request it stands for. */
const CONTESTANTS = [
  {
    id: "ours",
    name: "fsm-mcp",
    spec: (sb) => spec.ours(sb),
    getJob: (id) => ({ name: "get_job", arguments: { job_id: id } }),
    directPath: (id) => `/api/v1/jobs?id=${id}`,
    listJobs: (page) => ({ name: "list_jobs", arguments: { page, per_page: N.perPage } }),
  },
  {
    id: "bridge",
    name: "openapi-mcp-server",
    spec: (sb) => spec.bridge(sb),
    getJob: (id) => ({ name: "get-job", arguments: { id } }),
    // The bridge follows the document's path-style URLs.
    directPath: (id) => `/api/v1/jobs/${id}`,
    listJobs: (page) => ({ name: "lst-jobs", arguments: { page, per_page: N.perPage } }),
  },
  {
    id: "bare",
    name: "bare SDK server",
    spec: (sb) => spec.bare(sb),
    getJob: (id) => ({ name: "get_job", arguments: { id } }),
    directPath: (id) => `/api/v1/jobs?id=${id}`,
  },
];

/* ---------- direct HTTP, the baseline ---------- */

function directClient(sb) {
  const pool = new Pool(sb.url, { connections: N.concurrency });
  return {
    async get(path) {
      const started = performance.now();
      const response = await pool.request({ path, method: "GET", headers: { "x-api-key": KEY, accept: "application/json" } });
      const body = JSON.parse(await response.body.text());
      return { ok: response.statusCode === 200, ms: performance.now() - started, body };
    },
    close: () => pool.close(),
  };
}

/* ---------- phases ---------- */

async function coldStart(sandbox, jobIds) {
  const variants = [
    { id: "ours", label: `fsm-mcp (bin: ${relative(ROOT, BIN)})`, spec: () => spec.ours(sandbox), firstCall: CONTESTANTS[0].getJob },
    // The bin keeps Node's compile cache in the OS cache directory (src/bin.ts): every start after the first
    // finds it. The first start after an install or upgrade compiles from source, as this variant does.
    { id: "ours-nocache", label: "fsm-mcp bin, compile cache off (as a first start)", spec: () => withEnv(spec.ours(sandbox), { NODE_DISABLE_COMPILE_CACHE: "1" }), firstCall: CONTESTANTS[0].getJob },
    ...(BASELINE_BIN ? [{ id: "ours-baseline", label: "fsm-mcp baseline (BENCH_BASELINE_BIN)", spec: () => spec.ours(sandbox, BASELINE_BIN), firstCall: CONTESTANTS[0].getJob }] : []),
    ...(BIN !== TSC_CLI ? [{ id: "ours-tsc", label: "fsm-mcp (tsc output: dist/cli.js)", spec: () => spec.ours(sandbox, TSC_CLI), firstCall: CONTESTANTS[0].getJob }] : []),
    { id: "ours-sandbox", label: "fsm-mcp, built-in sandbox (no credentials)", spec: () => spec.oursSandboxMode() },
    { id: "bridge", label: "openapi-mcp-server", spec: () => spec.bridge(sandbox), firstCall: CONTESTANTS[1].getJob },
    { id: "bare", label: "bare SDK server", spec: () => spec.bare(sandbox), firstCall: CONTESTANTS[2].getJob },
  ];
  const samples = Object.fromEntries(variants.map((v) => [v.id, { ms: [], cpu: [], first: [] }]));
  // Rounds interleave the variants so that load from elsewhere on the machine hits them alike.
  for (let round = 0; round < N.coldRuns; round++) {
    for (const variant of variants) {
      const started = performance.now();
      const server = await spawnServer(variant.spec());
      await server.client.listTools();
      samples[variant.id].ms.push(performance.now() - started);
      samples[variant.id].cpu.push(cpuMsOf(server.pid));
      if (variant.firstCall) {
        const first = await timedCall(server.client, variant.firstCall(jobIds[round % jobIds.length]));
        if (!first.ok) throw new Error(`${variant.label}: first call failed: ${JSON.stringify(first.result ?? first.error?.message)}`);
        samples[variant.id].first.push(first.ms);
      }
      await server.close();
    }
    log(`  cold start round ${round + 1}/${N.coldRuns}`);
  }
  return variants.map((v) => ({
    id: v.id,
    label: v.label,
    medianMs: median(samples[v.id].ms),
    minMs: Math.min(...samples[v.id].ms),
    cpuMs: median(samples[v.id].cpu),
    firstCallMs: v.firstCall ? median(samples[v.id].first) : undefined,
  }));
}

function listing(tools) {
  const json = JSON.stringify({ tools });
  return {
    tools: tools.length,
    bytes: Buffer.byteLength(json),
    cl100k: cl100k(json),
    o200k: o200k(json),
    enums: (json.match(/"enum":/g) ?? []).length,
    withOutputSchema: tools.filter((t) => t.outputSchema).length,
  };
}

/**
 * One long-lived instance per contestant, all running at once: tools/list size, idle RSS, latency against
 * direct HTTP, throughput, peak RSS. The contestants take turns (each call paired with its direct request),
 * so that load from elsewhere on the machine hits them alike.
 */
async function calls(sandbox, contestants, jobIds) {
  const direct = directClient(sandbox);
  const runs = [];
  try {
    for (const contestant of contestants) runs.push({ contestant, server: await spawnServer(contestant.spec(sandbox)) });
    for (const run of runs) {
      const { tools } = await run.server.client.listTools();
      const name = run.contestant.getJob(1).name;
      if (!tools.some((t) => t.name === name)) throw new Error(`${run.contestant.name} lists no ${name}`);
      run.size = listing(tools);
      if (run.contestant.id === "ours") run.perTool = tokenTable("fsmnavigator", tools);
    }
    await sleep(1000);
    for (const run of runs) run.idle = memoryOf(run.server.pid);

    const id = (i) => jobIds[i % jobIds.length];
    const one = async (run, i) => {
      const r = await timedCall(run.server.client, run.contestant.getJob(id(i)));
      if (!r.ok) throw new Error(`${run.contestant.name} get job failed: ${textOf(r.result) || r.error?.message}`);
      return r;
    };
    for (let i = 0; i < N.warmup; i++) {
      for (const run of runs) {
        await one(run, i);
        await direct.get(run.contestant.directPath(id(i)));
      }
    }
    // Pairs: one direct request, then the same record through the server, so both see the same conditions.
    for (const run of runs) Object.assign(run, { viaMcp: [], viaHttp: [], failures: 0, cpuBefore: cpuMsOf(run.server.pid) });
    // In blocks of 50 calls per server, rotating: each server's calls stay back to back (as a host's would),
    // while drifting machine load is spread over all of them.
    const block = 50;
    for (let start = 0; start < N.calls; start += block) {
      for (const run of runs) {
        for (let i = start; i < Math.min(start + block, N.calls); i++) {
          const d = await direct.get(run.contestant.directPath(id(i)));
          const m = await timedCall(run.server.client, run.contestant.getJob(id(i)));
          if (!m.ok || !d.ok) run.failures++;
          run.viaHttp.push(d.ms);
          run.viaMcp.push(m.ms);
        }
      }
    }
    for (const run of runs) run.serverCpuPerCall = (cpuMsOf(run.server.pid) - run.cpuBefore) / N.calls;

    // Throughput in rounds that rotate through the contestants: N.concurrency calls in flight at a time.
    const burst = async (call, count) => {
      let next = 0;
      let failed = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: N.concurrency }, async () => {
          while (next < count) {
            const r = await call(id(next++));
            if (!r.ok) failed++;
          }
        }),
      );
      return { seconds: (performance.now() - started) / 1000, failed };
    };
    const rounds = 4;
    const perRound = N.concurrentCalls / rounds;
    for (const run of runs) run.concurrent = { mcp: { seconds: 0, failed: 0 }, http: { seconds: 0, failed: 0 } };
    for (let round = 0; round < rounds; round++) {
      for (const run of runs) {
        const viaMcp = await burst((jobId) => timedCall(run.server.client, run.contestant.getJob(jobId)), perRound);
        const viaHttp = await burst((jobId) => direct.get(run.contestant.directPath(jobId)), perRound);
        for (const [key, r] of [["mcp", viaMcp], ["http", viaHttp]]) {
          run.concurrent[key].seconds += r.seconds;
          run.concurrent[key].failed += r.failed;
        }
      }
    }
    for (const run of runs) run.peak = memoryOf(run.server.pid);

    return runs.map((run) => ({
      id: run.contestant.id,
      name: run.contestant.name,
      size: run.size,
      perTool: run.perTool,
      idleRssMb: run.idle?.rssMb,
      peakRssMb: run.peak?.hwmMb,
      latency: {
        mcpMedian: median(run.viaMcp),
        mcpP95: percentile(run.viaMcp, 95),
        httpMedian: median(run.viaHttp),
        httpP95: percentile(run.viaHttp, 95),
        failures: run.failures,
        serverCpuPerCall: run.serverCpuPerCall,
      },
      concurrent: {
        mcp: { perSecond: N.concurrentCalls / run.concurrent.mcp.seconds, failed: run.concurrent.mcp.failed },
        http: { perSecond: N.concurrentCalls / run.concurrent.http.seconds, failed: run.concurrent.http.failed },
      },
    }));
  } finally {
    await Promise.all(runs.map((run) => run.server.close()));
    await direct.close();
  }
}

/**
 * Memory a long session leaves behind: one instance per contestant, all running at once, each answers
 * N.rssCalls get-job calls (sequential, as a host sends them; the servers take turns in blocks so that machine
 * load hits them alike); VmRSS read from /proc after start, right after the calls, and after N.rssIdleMs idle.
 */
async function rssAfterCalls(sandbox, contestants, jobIds) {
  const runs = [];
  // Every server gets bench/heap-probe.mjs (its heap after a full collection, on SIGUSR2), read once, after the
  // last RSS reading (a forced collection earlier would change what is measured): what the calls left behind,
  // apart from what V8 and the process merely keep.
  const probed = (s) => ({ ...s, args: ["--expose-gc", "--import", pathToFileURL(join(ROOT, "bench/heap-probe.mjs")).href, ...s.args] });
  const heapOf = async (server) => {
    const reading = server.nextStderr(/\[heap-probe\] (\d+) (\d+)\n/);
    process.kill(server.pid, "SIGUSR2");
    return Number((await reading)[1]) / 2 ** 20;
  };
  try {
    for (const contestant of contestants) runs.push({ contestant, server: await spawnServer(probed(contestant.spec(sandbox))), failures: 0 });
    for (const run of runs) await run.server.client.listTools();
    await sleep(1000);
    for (const run of runs) run.start = memoryOf(run.server.pid);
    const block = 500;
    for (let start = 0; start < N.rssCalls; start += block) {
      for (const run of runs) {
        for (let i = start; i < Math.min(start + block, N.rssCalls); i++) {
          const r = await timedCall(run.server.client, run.contestant.getJob(jobIds[i % jobIds.length]));
          if (!r.ok) run.failures++;
        }
      }
      log(`  ${Math.min(start + block, N.rssCalls)}/${N.rssCalls} calls each`);
    }
    for (const run of runs) run.afterCalls = memoryOf(run.server.pid);
    await sleep(N.rssIdleMs);
    for (const run of runs) run.afterIdle = memoryOf(run.server.pid);
    for (const run of runs) run.heapMb = await heapOf(run.server);
    return runs.map((run) => ({
      id: run.contestant.id,
      name: run.contestant.name,
      startRssMb: run.start?.rssMb,
      afterCallsRssMb: run.afterCalls?.rssMb,
      afterIdleRssMb: run.afterIdle?.rssMb,
      peakRssMb: run.afterIdle?.hwmMb,
      heapMb: run.heapMb,
      failures: run.failures,
    }));
  } finally {
    await Promise.all(runs.map((run) => run.server.close()));
  }
}

/** 50 calls fired at once at a sandbox limited to 5 requests per second (per key, rolling window). */
async function rateLimited(sandbox, contestant, jobIds, limit) {
  const server = await spawnServer(contestant.spec(sandbox));
  try {
    await server.client.listTools();
    await sleep(limit.windowMs + 100); // a fresh window for this contestant
    const seenBefore = sandbox.requests.length;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: N.burst }, (_, i) => timedCall(server.client, contestant.getJob(jobIds[i % jobIds.length]), { timeout: 120_000 })),
    );
    const seconds = (performance.now() - started) / 1000;
    const vendor = sandbox.requests.slice(seenBefore).filter((r) => r.path.startsWith("/api/"));
    const ok = results.filter((r) => r.ok).length;
    return {
      id: contestant.id,
      name: contestant.name,
      ok,
      failed: N.burst - ok,
      seconds,
      perSecond: ok / seconds,
      vendorRequests: vendor.length,
      vendor429: vendor.filter((r) => r.status === 429).length,
    };
  } finally {
    await server.close();
    await sleep(limit.windowMs + 100);
  }
}

/** Page through 10,000 jobs (per_page 100) as a client following the pages would. */
async function listAll(sandbox, contestant) {
  const server = await spawnServer(contestant.spec(sandbox));
  try {
    await server.client.listTools();
    await sleep(500);
    const idle = memoryOf(server.pid);
    const seenBefore = sandbox.requests.length;
    const ids = new Set();
    let calls = 0;
    let bytes = 0;
    const started = performance.now();
    for (let page = 1; page !== undefined; ) {
      const r = await timedCall(server.client, contestant.listJobs(page), { timeout: 60_000 });
      calls++;
      if (!r.ok) throw new Error(`${contestant.name} listing page ${page} failed: ${textOf(r.result) || r.error?.message}`);
      bytes += r.bytes;
      if (r.result.structuredContent) {
        // fsm-mcp: items in structured content, next_page holds the arguments for the next call.
        const data = r.result.structuredContent;
        for (const job of data.items) ids.add(job.id);
        page = data.next_page ? data.next_page.page : undefined;
      } else {
        // The bridge: the vendor's body as text (envelope B on the collection URL).
        const body = JSON.parse(textOf(r.result));
        for (const job of body.data) ids.add(job.job_id);
        page = body.pagination.page < body.pagination.total_pages ? page + 1 : undefined;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      id: contestant.id,
      name: contestant.name,
      jobs: ids.size,
      calls,
      vendorCalls: sandbox.requests.length - seenBefore,
      seconds,
      resultMb: bytes / 1024 ** 2,
      idleRssMb: idle?.rssMb,
      peakRssMb: memoryOf(server.pid)?.hwmMb,
    };
  } finally {
    await server.close();
  }
}

async function listAllDirect(sandbox) {
  const direct = directClient(sandbox);
  const started = performance.now();
  let jobs = 0;
  let calls = 0;
  for (let page = 1; page !== undefined; ) {
    const { body } = await direct.get(`/api/v1/jobs?page=${page}&per_page=${N.perPage}`);
    calls++;
    jobs += body.data.length;
    page = body.pagination.page < body.pagination.total_pages ? page + 1 : undefined;
  }
  await direct.close();
  return { jobs, calls, seconds: (performance.now() - started) / 1000 };
}

async function runCold(sandbox, jobIds) {
  log("cold start: spawn → initialize → tools/list answered");
  return coldStart(sandbox, jobIds);
}

async function runRss(sandbox, jobIds) {
  log(`RSS: ${N.rssCalls} sequential get-job calls per server, servers interleaved, then ${N.rssIdleMs / 1000} s idle`);
  const baseline = BASELINE_BIN ? [{ ...CONTESTANTS[0], id: "ours-baseline", name: "fsm-mcp baseline (BENCH_BASELINE_BIN)", spec: (sb) => spec.ours(sb, BASELINE_BIN) }] : [];
  return rssAfterCalls(sandbox, [...CONTESTANTS, ...baseline], jobIds);
}

/* ---------- run ---------- */

const startedAt = new Date();
const host = machine();
log(`fsm-mcp bench on ${host.cores} cores (${host.cpu}), Node ${host.node}, load ${host.loadAverage.map((l) => l.toFixed(2)).join(" ")}${QUICK ? " (quick)" : ""}`);

const RATE_LIMIT = { limit: 5, windowMs: 1000 };
const main = await startFsmNavigatorSandbox({ rateLimit: false });
const limited = await startFsmNavigatorSandbox({ rateLimit: RATE_LIMIT });
const big = await startFsmNavigatorSandbox({ rateLimit: false });
let exitCode = 0;
try {
  const jobIds = [...main.store.jobs.keys()];
  const templates = [...big.store.jobs.values()];
  for (let i = 0; big.store.jobs.size < N.listJobs; i++) {
    const template = templates[i % templates.length];
    const jobId = big.store.nextId("job");
    big.store.jobs.set(jobId, { ...structuredClone(template), job_id: jobId, job_title: `${template.job_title} #${jobId}` });
  }

  if (ONLY === "cold" || ONLY === "rss") {
    const part = ONLY === "cold" ? coldReport(await runCold(main, jobIds)) : rssReport(await runRss(main, jobIds));
    process.stdout.write(`\n${part.title}\n${part.body}\n\nTargets (fsm-mcp)\n${table(TARGET_HEADER, part.targets)}\n`);
  } else {
  const cold = await runCold(main, jobIds);

  log(`calls: ${N.calls} sequential get-job calls per server paired with direct HTTP, then ${N.concurrentCalls} with ${N.concurrency} in flight (servers interleaved)`);
  const perCall = await calls(main, CONTESTANTS, jobIds);

  log(`rate limit: ${N.burst} calls at once against ${RATE_LIMIT.limit} requests / ${RATE_LIMIT.windowMs} ms`);
  const rate = [];
  for (const contestant of CONTESTANTS) {
    rate.push(await rateLimited(limited, contestant, jobIds, RATE_LIMIT));
    log(`  ${contestant.name} done`);
  }

  log(`listing ${N.listJobs} jobs, ${N.perPage} per page`);
  const lists = [];
  for (const contestant of CONTESTANTS.filter((c) => c.listJobs)) {
    lists.push(await listAll(big, contestant));
    log(`  ${contestant.name} done`);
  }
  const listDirect = await listAllDirect(big);

  const rss = await runRss(main, jobIds);

  log("creates: keyed vs unkeyed under 20 concurrent HTTP sessions (bench/writes.mjs)");
  const writes = await keyedCreates({ rounds: QUICK ? 4 : 10 });

  log("team: idle Streamable HTTP sessions at 1, 50 and 200 on one replica (bench/team-sessions.mjs)");
  const sessions = renderTeamSessions(await teamSessions());
  log("team: replicas on Redis (bench/team.mjs)");
  const replicas = await teamBench({ quick: QUICK, log });
  const team = { sections: [...sessions.sections, ...replicas.sections], targets: sessions.targets };

  const report = render({ host, startedAt, cold, perCall, rate, lists, listDirect, writes, team, rss });
  process.stdout.write(`\n${report.terminal}\n`);
  writeFileSync(join(ROOT, "bench/RESULTS.md"), report.markdown);

  log("lookups: labelled evaluation per vendor sandbox, then the large account (bench/lookup.mjs)");
  const { runLookupBench, writeLookupResults } = await import("./lookup.mjs");
  const lookups = await runLookupBench({ quick: QUICK });
  process.stdout.write(`\n${lookups.terminal}\n`);
  writeLookupResults(lookups.markdown);
  log(`wrote bench/RESULTS.md in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`);
  }
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  exitCode = 1;
} finally {
  await closeAllServers();
  await Promise.all([main.close(), limited.close(), big.close()]);
  rmSync(stateRoot, { recursive: true, force: true });
  clearTimeout(watchdog);
}
process.exit(exitCode);

/* ---------- report ---------- */

/** The cold-start table and its two target rows (vs the bare server, vs the bridge). */
function coldReport(cold) {
  const ours = byId(cold, "ours");
  const bare = byId(cold, "bare");
  const bridge = byId(cold, "bridge");
  return {
    title: `Cold start (spawn → initialize → tools/list answered; median of ${N.coldRuns} runs)`,
    body: table(
      ["server", "median ms", "fastest ms", "server CPU ms", "vs bare", "vs bridge", "first get-job call ms"],
      cold.map((r) => [r.label, fmt(r.medianMs, 0), fmt(r.minMs, 0), fmt(r.cpuMs, 0), ratio(r.medianMs, bare.medianMs), ratio(r.medianMs, bridge.medianMs), fmt(r.firstCallMs, 1)]),
    ),
    targets: [
      [`cold start ≤ ${TARGETS.coldVsBare}× the bare SDK server`, `${ratio(ours.medianMs, bare.medianMs)} (${fmt(ours.medianMs, 0)} vs ${fmt(bare.medianMs, 0)} ms)`, check(ours.medianMs <= TARGETS.coldVsBare * bare.medianMs), `tsc build: ${fmt(byId(cold, "ours-tsc")?.medianMs, 0)} ms`],
      [`cold start ≤ ${TARGETS.coldVsBridge}× the bridge`, `${ratio(ours.medianMs, bridge.medianMs)} (${fmt(ours.medianMs, 0)} vs ${fmt(bridge.medianMs, 0)} ms)`, check(ours.medianMs <= TARGETS.coldVsBridge * bridge.medianMs), ""],
    ],
  };
}

/** The RSS-after-calls table and its target row (vs the bare server after the same calls). */
function rssReport(rss) {
  const ours = byId(rss, "ours");
  const bare = byId(rss, "bare");
  const bridge = byId(rss, "bridge");
  return {
    title: `Memory after a long session (VmRSS: after start + tools/list + 1 s; after ${N.rssCalls.toLocaleString("en-US")} sequential get-job calls; after ${N.rssIdleMs / 1000} s more idle)`,
    body: table(
      ["server", "after start MB", "after calls MB", "after idle MB", "peak MB", "after idle minus bare, MB", "after idle vs bridge", "heap after a full GC at the end, MB", "failed"],
      rss.map((r) => [r.name, fmt(r.startRssMb, 1), fmt(r.afterCallsRssMb, 1), fmt(r.afterIdleRssMb, 1), fmt(r.peakRssMb, 1), fmt(r.afterIdleRssMb - bare.afterIdleRssMb, 1), ratio(r.afterIdleRssMb, bridge.afterIdleRssMb), fmt(r.heapMb, 1), r.failures]),
    ),
    targets: [
      [
        `RSS after ${N.rssCalls.toLocaleString("en-US")} calls ≤ the bare SDK server's + ${TARGETS.rssOverBareMb} MB, 0 failed`,
        `${fmt(ours.afterIdleRssMb, 1)} MB (bare + ${fmt(ours.afterIdleRssMb - bare.afterIdleRssMb, 1)} MB), ${ours.failures} failed`,
        check(ours.afterIdleRssMb <= bare.afterIdleRssMb + TARGETS.rssOverBareMb && ours.failures === 0),
        `bare SDK server: ${fmt(bare.afterIdleRssMb, 1)} MB; bridge: ${fmt(bridge.afterIdleRssMb, 1)} MB`,
      ],
    ],
  };
}

function render({ host, startedAt, cold, perCall, rate, lists, listDirect, writes, team, rss }) {
  const ours = byId(perCall, "ours");
  const oursRate = byId(rate, "ours");
  const overhead = (r) => r.latency.mcpMedian - r.latency.httpMedian;

  const sections = [];
  const coldPart = coldReport(cold);
  const rssPart = rssReport(rss);
  sections.push([coldPart.title, coldPart.body]);
  sections.push([
    "tools/list (the JSON result as sent; tokens: gpt-tokenizer cl100k_base and o200k_base)",
    table(
      ["server", "tools", "bytes", "tokens cl100k", "tokens o200k", "enums", "output schemas", "cl100k vs bridge"],
      perCall.map((r) => [r.name, r.size.tools, r.size.bytes, r.size.cl100k, r.size.o200k, r.size.enums, `${r.size.withOutputSchema}/${r.size.tools}`, ratio(r.size.cl100k, byId(perCall, "bridge").size.cl100k)]),
    ),
  ]);
  sections.push([
    "fsm-mcp tools/list per tool (cl100k tokens of each definition as sent; budgets from bench/token-budget.json, enforced by test/e2e/tool-rules.ts)",
    ours.perTool.text,
  ]);
  sections.push([
    `Per call: get a job (${N.calls} sequential calls per server, each paired with a direct undici request for the same record; servers take turns in blocks of 50)`,
    table(
      ["server", "median ms", "p95 ms", "direct median ms", "direct p95 ms", "overhead median ms", "overhead p95 ms", "overhead minus the bare server's, ms", "server CPU ms/call", "failed"],
      perCall.map((r) => [
        r.name,
        fmt(r.latency.mcpMedian, 2),
        fmt(r.latency.mcpP95, 2),
        fmt(r.latency.httpMedian, 2),
        fmt(r.latency.httpP95, 2),
        fmt(overhead(r), 2),
        fmt(r.latency.mcpP95 - r.latency.httpP95, 2),
        fmt(overhead(r) - overhead(byId(perCall, "bare")), 2),
        fmt(r.latency.serverCpuPerCall, 3),
        r.latency.failures,
      ]),
    ),
  ]);
  sections.push([
    `Concurrent reads (${N.concurrentCalls} get-job calls per server, ${N.concurrency} in flight, in 4 rounds rotating through the servers)`,
    table(
      ["server", "calls/s", "direct HTTP req/s", "share of direct", "vs bridge", "failed"],
      perCall.map((r) => [r.name, fmt(r.concurrent.mcp.perSecond, 0), fmt(r.concurrent.http.perSecond, 0), ratio(r.concurrent.mcp.perSecond, r.concurrent.http.perSecond), ratio(r.concurrent.mcp.perSecond, byId(perCall, "bridge").concurrent.mcp.perSecond), r.concurrent.mcp.failed]),
    ),
  ]);
  sections.push([
    `Rate-limited vendor (${N.burst} calls fired at once; sandbox limit ${RATE_LIMIT.limit} requests per ${RATE_LIMIT.windowMs} ms per key)`,
    table(
      ["server", "succeeded", "failed", "seconds", "successful calls/s", "share of the limit", "vendor requests", "vendor 429s"],
      rate.map((r) => [r.name, r.ok, r.failed, fmt(r.seconds, 2), fmt(r.perSecond, 2), `${fmt((100 * r.perSecond) / RATE_LIMIT.limit, 0)}%`, r.vendorRequests, r.vendor429]),
    ),
  ]);
  sections.push([
    `Listing ${N.listJobs.toLocaleString("en-US")} jobs (${N.perPage} per page, following the pages)`,
    table(
      ["server", "jobs seen", "tool calls", "vendor calls", "seconds", "result MB", "RSS before MB", "peak RSS MB"],
      [
        ...lists.map((r) => [r.name, r.jobs, r.calls, r.vendorCalls, fmt(r.seconds, 2), fmt(r.resultMb, 2), fmt(r.idleRssMb, 1), fmt(r.peakRssMb, 1)]),
        ["direct HTTP", listDirect.jobs, "n/a", listDirect.calls, fmt(listDirect.seconds, 2), "n/a", "n/a", "n/a"],
      ],
    ),
  ]);
  sections.push([writes.title, writes.body]);
  sections.push([
    "Memory of the server process (VmRSS after start + tools/list + 1 s idle; VmHWM after the call phases)",
    table(
      ["server", "idle RSS MB", "peak RSS MB", "idle vs bridge"],
      perCall.map((r) => [r.name, fmt(r.idleRssMb, 1), fmt(r.peakRssMb, 1), ratio(r.idleRssMb, byId(perCall, "bridge").idleRssMb)]),
    ),
  ]);

  sections.push([rssPart.title, rssPart.body]);

  sections.push(...team.sections);

  const bare = byId(perCall, "bare");
  const bridge = byId(perCall, "bridge");
  const bridgeRate = byId(rate, "bridge");
  const targets = table(
    TARGET_HEADER,
    [
      ...coldPart.targets,
      [`full catalogue tools/list ≤ ${TARGETS.tokens} tokens (cl100k) with every enum`, `${ours.size.cl100k} cl100k / ${ours.size.o200k} o200k tokens, ${ours.size.enums} enums, ${ours.size.tools} tools`, check(ours.size.cl100k <= TARGETS.tokens), `bridge: ${bridge.size.cl100k} cl100k, ${bridge.size.enums} enums, no output schemas`],
      [`per-call overhead over direct HTTP ≤ ${TARGETS.overheadMs} ms median`, `${fmt(overhead(ours), 2)} ms`, check(overhead(ours) <= TARGETS.overheadMs), `bare SDK server (the floor): ${fmt(overhead(bare), 2)} ms; bridge: ${fmt(overhead(bridge), 2)} ms`],
      [`under ${RATE_LIMIT.limit}/s: ≥ ${TARGETS.rateShare * 100}% of the limit, 0 failed calls`, `${fmt(oursRate.perSecond, 2)}/s (${fmt((100 * oursRate.perSecond) / RATE_LIMIT.limit, 0)}%), ${oursRate.failed} failed`, check(oursRate.perSecond >= TARGETS.rateShare * RATE_LIMIT.limit && oursRate.failed === 0), `bridge: ${bridgeRate.failed} of ${N.burst} failed`],
      (() => {
        const [u, k] = writes.rows;
        return [`keyed create p95 ≤ ${WRITES_TARGET.keyedOverUnkeyedP95}× unkeyed (20 HTTP sessions), 0 failed`, `${fmt(k.p95, 1)} vs ${fmt(u.p95, 1)} ms, ${k.failed + u.failed} failed`, check(writes.met), "before the embedded journal: 815 vs 115 ms (issue 14)"];
      })(),
      [`idle RSS ≤ ${TARGETS.idleRssMb} MB`, `${fmt(ours.idleRssMb, 1)} MB`, check(ours.idleRssMb <= TARGETS.idleRssMb), `bare SDK server: ${fmt(bare.idleRssMb, 1)} MB; bridge: ${fmt(bridge.idleRssMb, 1)} MB`],
      ...rssPart.targets,
      ...team.targets,
    ],
  );

  const terminal = [...sections.map(([title, body]) => `${title}\n${body}`), `Targets (fsm-mcp)\n${targets}`].join("\n\n");
  const markdown = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` (bench/run.mjs) on ${startedAt.toISOString()}; do not edit by hand.${QUICK ? " **Quick run: fewer iterations than the full benchmark.**" : ""}`,
    "",
    "## Setup",
    "",
    `- Machine: ${host.cores} cores, ${host.cpu}, ${host.memoryGb.toFixed(1)} GB memory, ${host.os}; load average ${host.loadAverage.map((l) => l.toFixed(2)).join(" / ")} (1/5/15 min) when the run started.`,
    `- Node ${host.node}; fsm-mcp ${pkg.version} (\`${relative(ROOT, BIN)}\`), @ivotoby/openapi-mcp-server ${versionOf(BRIDGE_PKG)}, @modelcontextprotocol/sdk ${versionOf(join(ROOT, "node_modules/@modelcontextprotocol/sdk"))}.`,
    "- One FSM Navigator sandbox on 127.0.0.1, started in the bench process from `dist/` (rate limit off), is the vendor for every server; a second one limits each key to " +
      `${RATE_LIMIT.limit} requests per ${RATE_LIMIT.windowMs} ms; a third holds ${N.listJobs.toLocaleString("en-US")} jobs.`,
    "- **fsm-mcp**: the published bin in live mode (`FSM_VENDOR`, `FSM_BASE_URL`, `FSM_API_KEY` = the sandbox and its full-access demo key), full catalogue.",
    "- **openapi-mcp-server**: the generic bridge, `--api-base-url <sandbox>/api/v1 --openapi-spec <sandbox>/openapi.json --headers X-API-Key:<demo key> --transport stdio`; its `get-job` tool requests `GET /api/v1/jobs/{id}`.",
    "- **bare SDK server** (bench/bare-server.mjs): `McpServer` + stdio with one tool, `get_job`, that passes the id to the sandbox with `fetch` and returns the body as text: the floor any MCP server pays.",
    "- Every server is spawned with `node` and driven by the SDK `Client` over stdio, as an MCP host would.",
    "",
    ...sections.flatMap(([title, body]) => [`## ${title}`, "", body, ""]),
    "## Targets (fsm-mcp)",
    "",
    targets,
    "",
    "## How to read these figures",
    "",
    "- Cold start is wall time from spawning the process to the answer of `tools/list` (the SDK Client sends `initialize` and `notifications/initialized` first). The variants run interleaved, round by round, so that load from elsewhere on the machine hits them alike. *Server CPU ms* is the process's user + system time at that moment (10 ms ticks). *First get-job call* is the first tool call made right after `tools/list`, with no pause.",
    "- The bin keeps Node's module compile cache in the OS cache directory (src/bin.ts), so every start after the first reads compiled code instead of compiling the bundle: the *fsm-mcp* cold-start row is such a start (the cache from earlier rounds); *compile cache off* is what the first start after an install or upgrade costs.",
    `- Memory after a long session: the three servers run at once and take turns in blocks of 500 sequential get-job calls; the target compares fsm-mcp's VmRSS after the calls and ${N.rssIdleMs / 1000} s idle with the bare SDK server's after the same calls. RSS grows with calls in every server (V8's young generation grows to its maximum, optimized code, the pages of the node binary the optimizing compiler touches): the growth of the bare server, which retains nothing per call, is the yardstick; the heap after a full collection (bench/heap-probe.mjs, read after the RSS readings) shows what the calls left behind.`,
    "- Per-call overhead is the median (or p95) of the tool call minus the median (or p95) of the paired direct undici request for the same record and URL style (query style for fsm-mcp and the bare server, path style for the bridge). It includes the MCP client's own work in this process (JSON-RPC, result validation against the output schema for fsm-mcp) and two pipe hops between processes, which the bare server's overhead measures on its own: the floor for any stdio MCP server on this machine at this load. *Server CPU ms/call* is the server process's CPU time over the sequential calls divided by their number.",
    "- Rate-limited: *successful calls/s* = calls that succeeded / wall time from firing the burst to the last answer. A client that neither queues nor retries gets the first window's worth and fails the rest.",
    "- Tokens are counted on the JSON of the `tools/list` result with gpt-tokenizer (cl100k_base: GPT-4/3.5; o200k_base: GPT-4o and later). Hosts wrap tool definitions in their own formats, so treat these as relative sizes.",
    "- The machine is shared (see the load average): absolute times vary between runs; ratios between servers measured in the same run are the stable part.",
    "",
  ].join("\n");
  return { terminal, markdown };
}
