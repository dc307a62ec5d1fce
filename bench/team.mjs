#!/usr/bin/env node
/**
 * The team section of `npm run bench` (also runnable alone: `node bench/team.mjs [--quick]` after
 * `npm run build`): fsm-mcp replicas (the published bin, `--http`, static bearer token) sharing one real
 * redis-server (the Debian package, on a free loopback port, no persistence) and one FSM Navigator sandbox.
 *
 * Each measurement is a function in MEASUREMENTS returning one report section [title, markdown body];
 * add one there (e.g. RSS per open session) and it appears in both reports.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { fmt, percentile, ROOT, table } from "./lib.mjs";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const BIN = join(ROOT, typeof pkg.bin === "string" ? pkg.bin : pkg.bin["fsm-mcp"]);
const TOKEN = "bench-team-token-0123456789";
export const TEAM_RATE_LIMIT = { limit: 5, windowMs: 1000 };

/** Runs every measurement; returns report sections. `log` gets progress lines (stderr). */
export async function teamBench({ quick = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const { startFsmNavigatorSandbox, DEMO_KEYS } = await import(pathToFileURL(join(ROOT, "dist/sandbox/fsmnavigator/index.js")).href);
  const ctx = { quick, log, startFsmNavigatorSandbox, key: DEMO_KEYS[0].key, stateRoot: mkdtempSync(join(tmpdir(), "fsm-bench-team-")), replicas: new Set() };
  ctx.redis = await startRedis();
  const sections = [];
  try {
    for (const measure of MEASUREMENTS) sections.push(await measure(ctx));
  } finally {
    await Promise.all([...ctx.replicas].map((r) => r.close()));
    await ctx.redis.close();
    rmSync(ctx.stateRoot, { recursive: true, force: true });
  }
  return { sections };
}

/** Calls/s through 1 and 3 replicas against the vendor's limit: share of the limit used, 429s. */
async function throughput(ctx) {
  const calls = ctx.quick ? 30 : 60;
  const rows = [];
  for (const count of [1, 3]) {
    ctx.log(`team: ${calls} get_job calls at once through ${count} replica(s), vendor limit ${TEAM_RATE_LIMIT.limit}/${TEAM_RATE_LIMIT.windowMs} ms`);
    // A fresh sandbox and Redis database each time: no budget learned by an earlier run.
    const sandbox = await ctx.startFsmNavigatorSandbox({ rateLimit: TEAM_RATE_LIMIT });
    await ctx.redis.flush();
    try {
      const replicas = await Promise.all(Array.from({ length: count }, () => startReplica(ctx, sandbox, { FSM_REDIS_URL: ctx.redis.url })));
      const jobIds = [...sandbox.store.jobs.keys()];
      const before = sandbox.requests.length;
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: calls }, (_, i) => callOk(replicas[i % count], "get_job", { job_id: jobIds[i % jobIds.length] })));
      const seconds = (performance.now() - started) / 1000;
      const ok = results.filter(Boolean).length;
      const seen = sandbox.requests.slice(before);
      const perSecond = ok / seconds;
      rows.push([
        `${count} replica${count > 1 ? "s" : ""}`,
        `${ok} of ${calls}`,
        fmt(perSecond, 2),
        `${fmt((100 * perSecond) / TEAM_RATE_LIMIT.limit, 0)}%`,
        String(seen.filter((r) => r.status === 429).length),
        String(seen.length),
      ]);
      await Promise.all(replicas.map((r) => r.close()));
    } finally {
      await sandbox.close();
    }
  }
  return [
    `Team: calls/s through replicas sharing one vendor budget on Redis (limit ${TEAM_RATE_LIMIT.limit} requests/${TEAM_RATE_LIMIT.windowMs} ms)`,
    table(["replicas", "succeeded", "successful calls/s", "share of the limit", "429s", "vendor requests"], rows) +
      "\n\nWall time from firing every call at once to the last answer; the first request goes alone until an answer shows the budget.",
  ];
}

/** The latency Redis adds per call: the same calls through a replica on Redis and one with the embedded state. */
async function redisHop(ctx) {
  const n = ctx.quick ? 40 : 200;
  const sandbox = await ctx.startFsmNavigatorSandbox({ rateLimit: false });
  try {
    await ctx.redis.flush();
    const onRedis = await startReplica(ctx, sandbox, { FSM_REDIS_URL: ctx.redis.url });
    const embedded = await startReplica(ctx, sandbox, {});
    const jobIds = [...sandbox.store.jobs.keys()];
    const locationId = [...sandbox.store.locations.keys()][0];
    const time = async (replica, name, args) => {
      const started = performance.now();
      if (!(await callOk(replica, name, args))) throw new Error(`${name} failed during the Redis-hop bench`);
      return performance.now() - started;
    };
    const rows = [];
    const tag = Math.random().toString(36).slice(2, 8);
    for (const [label, name, argsOf] of [
      ["get_job (rate budget)", "get_job", (_, i) => ({ job_id: jobIds[i % jobIds.length] })],
      ["create_job with idempotency_key (ledger claim + record, audit line, rate budget)", "create_job", (id) => ({ title: `Bench ${tag} ${id}`, location_id: locationId, allow_duplicate: true, idempotency_key: `bench-${tag}-${id}` })],
    ]) {
      ctx.log(`team: ${n} sequential ${name} calls each, Redis and embedded state alternating`);
      for (let i = 0; i < 10; i++) await Promise.all([time(onRedis, name, argsOf(`wr${i}`, i)), time(embedded, name, argsOf(`we${i}`, i))]); // warm-up
      // Alternating call by call, so that load from elsewhere on the machine hits both alike.
      const a = [];
      const b = [];
      for (let i = 0; i < n; i++) {
        a.push(await time(onRedis, name, argsOf(`r${i}`, i)));
        b.push(await time(embedded, name, argsOf(`e${i}`, i)));
      }
      const [ap50, ap95, bp50, bp95] = [percentile(a, 50), percentile(a, 95), percentile(b, 50), percentile(b, 95)];
      rows.push([label, `${fmt(ap50, 2)} / ${fmt(ap95, 2)}`, `${fmt(bp50, 2)} / ${fmt(bp95, 2)}`, `${fmt(ap50 - bp50, 2)} / ${fmt(ap95 - bp95, 2)}`]);
    }
    await Promise.all([onRedis.close(), embedded.close()]);
    return [
      "Team: the latency the Redis hop adds per call (ms, p50 / p95)",
      table(["call", "replica on Redis", "replica with embedded state (files, in-process limiter)", "added by Redis"], rows) +
        `\n\n${n} sequential calls each through the SDK Client over Streamable HTTP; vendor without a rate limit; Redis on loopback.`,
    ];
  } finally {
    await sandbox.close();
  }
}

export const MEASUREMENTS = [throughput, redisHop];

/* ---------- processes ---------- */

async function callOk(replica, name, args) {
  try {
    const result = await replica.client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
    return !result.isError;
  } catch {
    return false;
  }
}

async function startReplica(ctx, sandbox, env) {
  const child = spawn(process.execPath, [BIN, "--http", "--port", "0"], {
    env: {
      PATH: process.env.PATH ?? "",
      FSM_STATE_DIR: mkdtempSync(join(ctx.stateRoot, "replica-")),
      FSM_HTTP_TOKEN: TOKEN,
      FSM_VENDOR: "fsmnavigator",
      FSM_BASE_URL: sandbox.url,
      FSM_API_KEY: ctx.key,
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => (err = (err + d.toString()).slice(-4000)));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const url = await new Promise((resolve, reject) => {
    child.stderr.on("data", () => {
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    exited.then((code) => reject(new Error(`replica exited (${code}): ${err}`)));
  });
  const client = new Client({ name: "fsm-mcp-bench-team", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
  const replica = {
    client,
    async close() {
      ctx.replicas.delete(replica);
      await client.close().catch(() => undefined);
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  ctx.replicas.add(replica);
  return replica;
}

async function startRedis() {
  const port = await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  let child;
  try {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  } catch (error) {
    throw new Error(`the team bench needs redis-server (apt-get install redis-server): ${error.message}`);
  }
  const failed = new Promise((_, reject) => child.once("error", (e) => reject(new Error(`the team bench needs redis-server (apt-get install redis-server): ${e.message}`))));
  const url = `redis://127.0.0.1:${port}`;
  const { createClient } = await import("redis");
  const admin = createClient({ url, socket: { reconnectStrategy: (n) => (n > 100 ? new Error("redis-server did not start") : 50) } });
  admin.on("error", () => undefined);
  await Promise.race([admin.connect(), failed]);
  return {
    url,
    flush: () => admin.flushAll(),
    async close() {
      await admin.close().catch(() => undefined);
      child.kill("SIGKILL");
    },
  };
}

/* ---------- alone ---------- */

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const watchdog = setTimeout(() => {
    process.stderr.write("team bench: over 10 minutes, giving up\n");
    process.exit(1);
  }, 10 * 60_000);
  const { sections } = await teamBench({ quick: process.argv.includes("--quick") });
  process.stdout.write(`${sections.map(([title, body]) => `${title}\n${body}`).join("\n\n")}\n`);
  clearTimeout(watchdog);
  process.exit(0);
}
