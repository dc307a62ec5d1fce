#!/usr/bin/env node
/**
 * Team section of `npm run bench`: what idle Streamable HTTP sessions cost one replica (issue 11 item 4).
 * Spawns the published bin with --http against its built-in sandbox, with bench/heap-probe.mjs preloaded (the
 * server's own heap, after a forced GC, on SIGUSR2), opens 1, 50 and 200 sessions as a host does (initialize,
 * notifications/initialized, tools/list) and leaves them idle, then ends them all (DELETE) and measures again.
 *
 * Runnable alone: `node bench/team-sessions.mjs` (after `npm run build`); bench/run.mjs imports `teamSessions`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fmt, ROOT, table } from "./lib.mjs";

export const TEAM_SESSION_TARGETS = { heapPerSessionMb: 0.25, rssPerSessionMb: 0.5, rssAt200Mb: 200 };
const COUNTS = [1, 50, 200];
const PROTOCOL = "2025-06-18";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const BIN = join(ROOT, pkg.bin["fsm-mcp"]);

export async function teamSessions() {
  // Every session comes from this one process (one client IP): let it hold them all (one client gets half by default).
  const sessions = await withServer({ FSM_HTTP_MAX_SESSIONS: "256", FSM_HTTP_MAX_SESSIONS_PER_CLIENT: "256" }, measureSessions);
  const stateless = await withServer({ FSM_HTTP_STATELESS: "1" }, measureStateless);
  return { ...sessions, stateless };
}

const STATELESS_REQUESTS = 1000;

/** Stateless: a fresh server per request; heap before and after many requests, and the request rate. */
async function measureStateless({ url, probe }) {
  const post = (body) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": PROTOCOL }, body: JSON.stringify(body) });
  const list = async () => {
    const r = await post({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    const text = await r.text();
    if (r.status !== 200 || !text.includes("update_job_status")) throw new Error(`stateless tools/list answered ${r.status}`);
  };
  for (let i = 0; i < 50; i++) await list(); // warm-up
  const before = await probe();
  const started = performance.now();
  for (let i = 0; i < STATELESS_REQUESTS; i += 4) await Promise.all([list(), list(), list(), list()]);
  const seconds = (performance.now() - started) / 1000;
  const after = await probe();
  return { requests: STATELESS_REQUESTS, perSecond: STATELESS_REQUESTS / seconds, before, after };
}

/** Idle sessions: 1, 50 and 200, then all ended. */
async function measureSessions({ url, probe }) {
    const post = (body, session) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...(session ? { "mcp-session-id": session, "mcp-protocol-version": PROTOCOL } : {}) },
        body: JSON.stringify(body),
      });
    const open = async () => {
      const init = await post({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: "bench", version: "0" } } });
      const id = init.headers.get("mcp-session-id");
      await init.text();
      if (!id) throw new Error(`initialize answered ${init.status} without a session`);
      await (await post({ jsonrpc: "2.0", method: "notifications/initialized" }, id)).text();
      await (await post({ jsonrpc: "2.0", id: 2, method: "tools/list" }, id)).text();
      return id;
    };
    const sessions = [];
    const before = await probe();
    const rows = [];
    for (const count of COUNTS) {
      while (sessions.length < count) sessions.push(...(await Promise.all(Array.from({ length: Math.min(10, count - sessions.length) }, open))));
      rows.push({ count, ...(await probe()) });
    }
    for (const id of sessions.splice(0)) await (await fetch(url, { method: "DELETE", headers: { "mcp-session-id": id, "mcp-protocol-version": PROTOCOL } })).text();
    const after = await probe();
    const first = rows[0];
    const last = rows.at(-1);
    const extra = last.count - first.count;
    return {
      before,
      rows,
      after,
      heapPerSessionMb: (last.heapMb - first.heapMb) / extra,
      rssPerSessionMb: (last.rssMb - first.rssMb) / extra,
      rssAt200Mb: last.rssMb,
    };
}

/** The published bin with --http on its built-in sandbox and the heap probe preloaded; `run` gets its URL and probe. */
async function withServer(env, run) {
  const stateDir = mkdtempSync(join(tmpdir(), "fsm-bench-team-"));
  const child = spawn(process.execPath, ["--expose-gc", "--import", pathToFileURL(join(ROOT, "bench/heap-probe.mjs")).href, BIN, "--http", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", FSM_STATE_DIR: stateDir, FSM_LOG_LEVEL: "warning", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const waiters = [];
  child.stderr.on("data", (d) => {
    stderr += d.toString();
    for (const w of [...waiters]) w();
  });
  const waitFor = (re, from = 0) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} on the server's stderr:\n${stderr.slice(-2000)}`)), 30_000);
      const check = () => {
        const m = re.exec(stderr.slice(from));
        if (!m) return;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(check), 1);
        resolve(m);
      };
      waiters.push(check);
      check();
    });
  try {
    const url = (await waitFor(/listening on (http:\/\/\S+)/))[1];
    const probe = async () => {
      const from = stderr.length;
      child.kill("SIGUSR2");
      const m = await waitFor(/\[heap-probe\] (\d+) (\d+)\n/, from);
      return { heapMb: Number(m[1]) / 2 ** 20, rssMb: Number(m[2]) / 2 ** 20 };
    };
    return await run({ url, probe });
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
    rmSync(stateDir, { recursive: true, force: true });
  }
}

const check = (met) => (met ? "met" : "**missed**");

/** [title, body] sections and target rows for bench/run.mjs (and for printing alone). */
export function renderTeamSessions(r) {
  const t = TEAM_SESSION_TARGETS;
  const sections = [
    [
      "Team: idle Streamable HTTP sessions on one replica",
      table(
        ["Open sessions", "Heap (MB, after GC)", "RSS (MB)"],
        [
          ["0 (listening)", fmt(r.before.heapMb, 1), fmt(r.before.rssMb, 1)],
          ...r.rows.map((row) => [String(row.count), fmt(row.heapMb, 1), fmt(row.rssMb, 1)]),
          ["0 (all ended with DELETE)", fmt(r.after.heapMb, 1), fmt(r.after.rssMb, 1)],
        ],
      ),
    ],
  ];
  const targets = [
    [`heap per extra idle session ≤ ${t.heapPerSessionMb} MB`, `${fmt(r.heapPerSessionMb, 3)} MB`, check(r.heapPerSessionMb <= t.heapPerSessionMb), `(heap at ${r.rows.at(-1).count} − heap at ${r.rows[0].count}) / ${r.rows.at(-1).count - r.rows[0].count}`],
    [`RSS per extra idle session ≤ ${t.rssPerSessionMb} MB`, `${fmt(r.rssPerSessionMb, 3)} MB`, check(r.rssPerSessionMb <= t.rssPerSessionMb), "same, for RSS"],
    [
      `stateless: memory returns after ${r.stateless.requests} requests (a fresh server each)`,
      `heap ${fmt(r.stateless.before.heapMb, 1)} → ${fmt(r.stateless.after.heapMb, 1)} MB`,
      check(r.stateless.after.heapMb - r.stateless.before.heapMb < 2),
      `${fmt(r.stateless.perSecond, 0)} tools/list requests/s, 4 in flight; RSS ${fmt(r.stateless.before.rssMb, 1)} → ${fmt(r.stateless.after.rssMb, 1)} MB`,
    ],
    [`200 sessions < ${t.rssAt200Mb} MB RSS`, `${fmt(r.rssAt200Mb, 1)} MB`, check(r.rssAt200Mb < t.rssAt200Mb), `heap after all ended: ${fmt(r.after.heapMb, 1)} MB (before: ${fmt(r.before.heapMb, 1)} MB)`],
  ];
  return { sections, targets };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { sections, targets } = renderTeamSessions(await teamSessions());
  process.stdout.write(`${sections.map(([title, body]) => `${title}\n${body}`).join("\n\n")}\n\nTargets\n${table(["Target", "Measured", "", "Note"], targets)}\n`);
}
