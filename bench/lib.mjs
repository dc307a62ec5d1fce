/**
 * Helpers for bench/run.mjs: statistics, /proc readings of a server process, spawning an MCP server over
 * stdio with the SDK Client, the machine description, and table formatting.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/* ---------- statistics ---------- */

export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const median = (values) => percentile(values, 50);

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/* ---------- a server process, from /proc (Linux) ---------- */

/** VmRSS and VmHWM (peak RSS) in MB, or undefined off Linux / after exit. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
    return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) the process has used so far, in ms (10 ms resolution: clock ticks). */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of proc(5) (utime, stime) are at 11 and 12 once pid and comm are cut off.
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
  } catch {
    return Number.NaN;
  }
}

/* ---------- MCP servers over stdio ---------- */

const live = new Set();

/**
 * Spawn `spec` ({command, args, env}) and connect an SDK Client (which sends initialize). Returns the
 * client, the child's pid and its stderr tail (for diagnostics).
 */
export async function spawnServer(spec) {
  const transport = new StdioClientTransport({
    command: spec.command ?? process.execPath,
    args: spec.args,
    env: { ...getDefaultEnvironment(), ...spec.env },
    cwd: spec.cwd ?? ROOT,
    stderr: "pipe",
  });
  let stderr = "";
  let fresh = ""; // stderr since the last nextStderr() call began waiting
  const waiters = new Set();
  transport.stderr?.on("data", (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    fresh += chunk.toString();
    for (const check of [...waiters]) check();
  });
  const client = new Client({ name: "fsm-mcp-bench", version: "1.0.0" });
  const handle = {
    client,
    transport,
    get pid() {
      return transport.pid;
    },
    stderr: () => stderr,
    /** The first match of `re` in what the server writes to stderr from now on (30 s at most). */
    nextStderr(re) {
      fresh = "";
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${re} on the server's stderr:\n${stderr.slice(-2000)}`));
        }, 30_000);
        const check = () => {
          const m = re.exec(fresh);
          if (!m) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
    async close() {
      live.delete(handle);
      await client.close().catch(() => undefined);
    },
  };
  live.add(handle);
  try {
    await client.connect(transport);
  } catch (error) {
    await handle.close();
    throw new Error(`${spec.args.join(" ")} did not start: ${error.message}\n${stderr}`);
  }
  return handle;
}

/** Close every server still running (on the way out, whatever happened). */
export async function closeAllServers() {
  await Promise.all([...live].map((handle) => handle.close()));
}

/** Call a tool; a thrown error or an isError result counts as a failure. Returns {ok, ms, bytes, result}. */
export async function timedCall(client, call, options) {
  const started = performance.now();
  try {
    const result = await client.callTool(call, undefined, options);
    const ms = performance.now() - started;
    const bytes = Buffer.byteLength(JSON.stringify(result));
    return { ok: !result.isError, ms, bytes, result };
  } catch (error) {
    return { ok: false, ms: performance.now() - started, bytes: 0, error };
  }
}

/** The text of a tool result (what the bridge and the bare server answer with). */
export function textOf(result) {
  return (result?.content ?? []).map((c) => (c.type === "text" ? c.text : "")).join("");
}

/* ---------- the machine ---------- */

export function machine() {
  const cpus = os.cpus();
  let model = cpus[0]?.model ?? "unknown";
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? model;
  } catch {
    // not Linux: os.cpus() is enough
  }
  return {
    cores: os.availableParallelism?.() ?? cpus.length,
    cpu: model.trim(),
    memoryGb: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg(),
  };
}

/* ---------- formatting ---------- */

export function fmt(value, digits = 1) {
  if (value === undefined || value === null || Number.isNaN(value)) return "n/a";
  if (typeof value === "string") return value;
  return value.toFixed(digits);
}

export function ratio(a, b) {
  if (!(a > 0) || !(b > 0)) return "n/a";
  return `${(a / b).toFixed(2)}×`;
}

/** A Markdown table (also readable as plain text on a terminal). */
export function table(header, rows) {
  const all = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [line(all[0]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...all.slice(1).map(line)].join("\n");
}
