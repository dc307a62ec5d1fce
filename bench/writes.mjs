#!/usr/bin/env node
/**
 * Bench section "keyed vs unkeyed creates" (issue 14 item 3): create_job latency with and without an
 * idempotency_key, under 20 concurrent MCP sessions over Streamable HTTP against one fsm-mcp server (built
 * dist/, live mode against an FSM Navigator sandbox in this process). The idempotency ledger must cost next
 * to nothing: a keyed create adds a claim file and one journal append, no lock and no polling.
 *
 * Part of `npm run bench` (bench/run.mjs); alone: `npm run build && node bench/writes.mjs [--quick]`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { fmt, percentile, median, ROOT, table } from "./lib.mjs";

export const WRITES_TARGET = { keyedOverUnkeyedP95: 1.5 };

/**
 * @param {{ sessions?: number, rounds?: number }} opts
 * @returns {Promise<{ title: string, body: string, rows: Array<{ mode: string, median: number, p95: number, failed: number }> }>}
 */
export async function keyedCreates({ sessions = 20, rounds = 10 } = {}) {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const bin = join(ROOT, typeof pkg.bin === "string" ? pkg.bin : pkg.bin["fsm-mcp"]);
  const { startFsmNavigatorSandbox, DEFAULT_DEMO_KEY } = await import(pathToFileURL(join(ROOT, "dist/sandbox/fsmnavigator/index.js")).href);
  const sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false });
  const stateDir = mkdtempSync(join(tmpdir(), "fsm-bench-writes-"));
  const child = spawn(process.execPath, [bin, "--http", "--port", "0"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      FSM_VENDOR: "fsmnavigator",
      FSM_BASE_URL: sandbox.url,
      FSM_API_KEY: DEFAULT_DEMO_KEY.key,
      FSM_STATE_DIR: stateDir,
      FSM_HTTP_MAX_SESSIONS: String(sessions + 4),
      // Every session comes from this one process (one client IP), and one client may hold only half the slots
      // by default: the bench stands for a desk of dispatchers, one session each.
      FSM_HTTP_MAX_SESSIONS_PER_CLIENT: String(sessions + 4),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const clients = [];
  try {
    const url = await new Promise((resolve, reject) => {
      child.stderr.on("data", (d) => {
        stderr += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`server exited (${code}): ${stderr.slice(-2000)}`)));
    });
    for (let i = 0; i < sessions; i++) {
      const client = new Client({ name: `bench-writes-${i}`, version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      await client.listTools();
      clients.push(client);
    }
    // One unrecorded round of each first: connections, the limiter and the ledger's folder warm up.
    let n = 0;
    for (const mode of ["unkeyed", "keyed"]) {
      await Promise.all(
        clients.map((client) => {
          const i = ++n;
          return client.callTool({ name: "create_job", arguments: { title: `Bench warm-up ${i}`, location_id: 87, allow_duplicate: true, ...(mode === "keyed" ? { idempotency_key: `bench-warm-${process.pid}-${i}` } : {}) } });
        }),
      );
    }
    const samples = { unkeyed: [], keyed: [] };
    const failed = { unkeyed: 0, keyed: 0 };
    // Rounds alternate the two modes so that load from elsewhere on the machine hits both alike.
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 ? ["keyed", "unkeyed"] : ["unkeyed", "keyed"]) {
        await Promise.all(
          clients.map(async (client) => {
            const i = ++n;
            const args = { title: `Bench create ${i}`, location_id: 87, allow_duplicate: true, ...(mode === "keyed" ? { idempotency_key: `bench-${process.pid}-${i}` } : {}) };
            const started = performance.now();
            try {
              const r = await client.callTool({ name: "create_job", arguments: args });
              if (r.isError || r.structuredContent?.outcome !== "created") failed[mode]++;
            } catch {
              failed[mode]++;
            }
            samples[mode].push(performance.now() - started);
          }),
        );
      }
    }
    const rows = ["unkeyed", "keyed"].map((mode) => ({ mode, median: median(samples[mode]), p95: percentile(samples[mode], 95), failed: failed[mode], calls: samples[mode].length }));
    const [u, k] = rows;
    const title = `Creates under ${sessions} concurrent HTTP sessions (create_job, ${rounds} rounds of ${sessions} at once per mode, alternating)`;
    const body = table(
      ["create_job", "calls", "median ms", "p95 ms", "failed", "p95 vs unkeyed"],
      rows.map((r) => [r.mode === "keyed" ? "with idempotency_key" : "without", r.calls, fmt(r.median, 1), fmt(r.p95, 1), r.failed, fmt(r.p95 / u.p95, 2) + "×"]),
    );
    return { title, body, rows, met: k.p95 <= WRITES_TARGET.keyedOverUnkeyedP95 * u.p95 && k.failed === 0 && u.failed === 0 };
  } finally {
    for (const c of clients) await c.close().catch(() => undefined);
    child.kill("SIGTERM");
    await sandbox.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const r = await keyedCreates({ rounds: quick ? 4 : 10 });
  process.stdout.write(`${r.title}\n${r.body}\ntarget: keyed p95 ≤ ${WRITES_TARGET.keyedOverUnkeyedP95}× unkeyed, 0 failed: ${r.met ? "met" : "missed"}\n`);
  process.exit(0);
}
