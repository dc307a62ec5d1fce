/**
 * `fsm-mcp doctor`: checks the configuration, reaches the vendor (or the sandbox), probes which read scopes
 * the key has, and says which tools a client will see and why the others are hidden. It is a human command,
 * so its report goes to stdout (the stdio server never runs here); log lines stay on stderr. Exit 0 when
 * nothing needs fixing, 1 otherwise, with a one-line fix under each problem.
 */
import { accessSync, constants, existsSync } from "node:fs";
import { dirname } from "node:path";
import { ConfigError, loadConfig, unsetIfBlank, type Config, type Env, type Flags } from "../config.js";
import { Redactor } from "../http/redact.js";
import { Logger, stderrLevelFrom } from "../log.js";
import type { Runtime } from "../runtime.js";
import { selectTools } from "../server/catalog.js";
import { TOOLSETS } from "../tools/types.js";
import { VERSION } from "../version.js";
import { runProbes, type ProbeResult } from "./probe.js";

/**
 * The oldest Node the server supports: package.json `engines` and the manifest's `runtimes.node`. Node 20 reached
 * end of life on 2026-04-30; 22.13 is the first 22.x with `node:sqlite` unflagged. CI tests Node 22 and 24.
 */
export const MIN_NODE = "22.13.0";

interface Problem {
  what: string;
  fix: string;
}

/** One-line fixes for configuration errors, by variable (the parse error itself says what was wrong). */
const CONFIG_FIXES: Record<string, string> = {
  FSM_VENDOR: "set FSM_VENDOR to fsmnavigator, trackplanfm or jobnimbus",
  FSM_BASE_URL: "set FSM_BASE_URL to the vendor's origin only, e.g. https://fsmnavigator.com (the API path is added)",
  FSM_API_KEY: "set FSM_API_KEY (or FSM_API_KEY_FILE) to the vendor's API key",
  FSM_API_KEY_FILE: "point FSM_API_KEY_FILE at a readable file that holds only the key",
  "FSM_USERNAME/FSM_PASSWORD": "set both FSM_USERNAME and FSM_PASSWORD (TrackplanFM), or neither",
  FSM_API_KEY_HEADER: "set FSM_API_KEY_HEADER to a header name such as X-API-Key, or unset it",
  FSM_AUTH_SCHEME: "set FSM_AUTH_SCHEME to a single word such as Bearer, or unset it",
  FSM_READ_ONLY: "set FSM_READ_ONLY to 1 or 0",
  FSM_TOOLSETS: `set FSM_TOOLSETS to a comma list of ${TOOLSETS.join(", ")}, or unset it for all`,
  FSM_SANDBOX: "set FSM_SANDBOX to fsmnavigator, trackplanfm or jobnimbus, or unset it",
  FSM_TIMEOUT_MS: "set FSM_TIMEOUT_MS to milliseconds between 100 and 300000 (default 15000), or unset it",
  FSM_HTTP_TOKEN: "set FSM_HTTP_TOKEN to a random string of 16+ characters, e.g. the output of: openssl rand -hex 32",
};

class Report {
  readonly problems: Problem[] = [];
  private readonly lines: string[] = [];
  constructor(private readonly redactor: Redactor) {}
  section(title: string) {
    this.lines.push("", title);
  }
  ok(text: string) {
    this.lines.push(`  ✓ ${text}`);
  }
  info(text: string) {
    this.lines.push(`  · ${text}`);
  }
  bad(text: string) {
    this.lines.push(`  ✗ ${text}`);
  }
  problem(what: string, fix: string) {
    this.problems.push({ what, fix });
  }
  render(): string {
    const out = [...this.lines, ""];
    if (this.problems.length) {
      out.push(`${this.problems.length} problem${this.problems.length === 1 ? "" : "s"}:`);
      for (const p of this.problems) out.push(`  ✗ ${p.what}`, `    fix: ${p.fix}`);
    } else {
      out.push("No problems found.");
    }
    return `${this.redactor.redact(out.join("\n"))}\n`;
  }
}

export async function runDoctor(env: Env, flags: Flags, write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const redactor = new Redactor();
  for (const s of [env.FSM_API_KEY, env.FSM_PASSWORD]) if (s) redactor.add(s);
  const report = new Report(redactor);
  write(`fsm-mcp doctor ${VERSION}\n`);

  report.section("Configuration");
  let config: Config;
  try {
    config = loadConfig(env, flags);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const line of err.message.split("\n")) {
      const m = /^- ([^:]+): (.*)$/.exec(line);
      const variable = m?.[1] ?? "config";
      const message = m?.[2] ?? line;
      report.bad(`${variable} is invalid`);
      report.problem(`${variable}: ${message}`, CONFIG_FIXES[variable] ?? `fix or unset ${variable} (fsm-mcp --help and the README's Configuration table list the values)`);
    }
    write(report.render());
    return 1;
  }
  checkNode(report);
  describeConfig(config, env, report);

  const logger = new Logger(redactor, env.FSM_LOG_LEVEL ? stderrLevelFrom(env) : "warning");
  // The HTTP core's events (already redacted) tell the report exactly which requests each probe sent.
  const requestLog: string[] = [];
  logger.addSink({
    level: () => "debug",
    write: (_level, name, data) => {
      if (name === "http" && typeof data.status === "number" && typeof data.path === "string") requestLog.push(`${data.method} ${data.path} → ${data.status}`);
    },
  });
  let runtime: Runtime;
  try {
    const { startRuntime } = await import("../runtime.js");
    runtime = await startRuntime(config, logger);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    report.bad(message);
    report.problem(message, /not available in this build/.test(message) ? "update fsm-mcp, or choose a vendor this build has (FSM_VENDOR)" : "see the README's Troubleshooting section");
    write(report.render());
    return 1;
  }
  try {
    await checkVendor(runtime, report, requestLog);
  } finally {
    await runtime.close();
  }
  write(report.render());
  return report.problems.length ? 1 : 0;
}

function checkNode(report: Report): void {
  const have = process.versions.node.split(".").map(Number);
  const need = MIN_NODE.split(".").map(Number);
  const cmp = have[0]! - need[0]! || have[1]! - need[1]! || have[2]! - need[2]!;
  if (cmp >= 0) {
    report.ok(`node: v${process.versions.node} (${process.execPath})`);
  } else {
    report.bad(`node: v${process.versions.node} is too old (${process.execPath})`);
    report.problem(`Node.js v${process.versions.node} is older than ${MIN_NODE}`, `install Node.js ${MIN_NODE} or newer and put its absolute path in the client's "command"`);
  }
}

function describeConfig(config: Config, env: Env, report: Report): void {
  if (config.mode === "sandbox") {
    report.ok(`vendor: the built-in ${config.vendor} sandbox (no credentials: demo data on 127.0.0.1, full-access demo key)`);
    report.info("for a live account set FSM_VENDOR, FSM_API_KEY (or FSM_API_KEY_FILE) and, if needed, FSM_BASE_URL");
  } else {
    report.ok(`vendor: ${config.vendor} at ${config.baseUrl}`);
    const source = config.apiKey ? (unsetIfBlank(env.FSM_API_KEY) ? "FSM_API_KEY" : "FSM_API_KEY_FILE") : "FSM_USERNAME/FSM_PASSWORD";
    report.ok(`credentials: from ${source} (not shown)`);
  }
  report.ok(`read-only: ${config.readOnly ? "yes (no write tool is listed)" : "no"}`);
  report.ok(`toolsets: ${config.toolsets.join(", ")}`);
  report.ok(config.scopes ? `declared scopes (FSM_SCOPES): ${config.scopes.join(", ")}` : "declared scopes: none (FSM_SCOPES unset: no tool is hidden for scopes)");
  const writable = nearestExisting(config.stateDir);
  try {
    accessSync(writable, constants.W_OK);
    report.ok(`state dir: ${config.stateDir} (writable)`);
  } catch {
    report.bad(`state dir: ${config.stateDir} is not writable`);
    report.problem(`the state dir ${config.stateDir} is not writable (idempotency ledger and audit log)`, "set FSM_STATE_DIR to a folder this user can write");
  }
}

function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

async function checkVendor(runtime: Runtime, report: Report, requestLog: string[]): Promise<void> {
  const { backend, config } = runtime;
  const profile = backend.profile;
  const origin = runtime.sandbox?.origin ?? config.baseUrl ?? "";
  const where = runtime.sandbox ? `the ${profile.displayName} sandbox at ${origin}` : `${profile.displayName} at ${origin}`;

  report.section(`Vendor: ${where} (one harmless GET per API group: the first page, one record)`);
  // The deadline bounds the retries too: a vendor that answers nothing should not hold the doctor for minutes.
  const { results, skipped } = await runProbes(backend, config.timeoutMs + 10_000, requestLog);
  for (const r of results) {
    const line = `${r.tool} (${r.scopes.length ? r.scopes.join(", ") : "no scope model"}): `;
    const sent = r.requests.at(-1);
    if (r.outcome.kind === "ok") report.ok(`${line}${sent ?? "ok"} in ${r.ms} ms`);
    else report.bad(`${line}${r.outcome.message}`);
  }
  if (skipped.length) report.info(`not probed (the vendor could not be used): ${skipped.join(", ")}`);

  const stop = results.find((r) => r.outcome.kind === "unreachable" || r.outcome.kind === "unauthorized" || r.outcome.kind === "not_api");
  if (stop) {
    const kind = stop.outcome.kind;
    if (kind === "unreachable") {
      report.problem(
        `cannot reach ${where}: ${"message" in stop.outcome ? stop.outcome.message : ""}`,
        "check FSM_BASE_URL, the network and any proxy or corporate TLS inspection (README: Troubleshooting)",
      );
    } else if (kind === "unauthorized") {
      report.problem(
        `${profile.displayName} refused the credentials (401)`,
        config.apiKey
          ? "copy the API key again into FSM_API_KEY or FSM_API_KEY_FILE (no quotes or spaces), or create a new one in the vendor's settings"
          : "check FSM_USERNAME and FSM_PASSWORD",
      );
    } else {
      report.problem(`${origin} answered, but not as the ${profile.displayName} API`, "set FSM_BASE_URL to the vendor origin only (no /api path), e.g. https://fsmnavigator.com");
    }
  } else {
    const other = results.filter((r) => r.outcome.kind === "error");
    for (const r of other) report.problem(`${r.tool} failed: ${"message" in r.outcome ? r.outcome.message : ""}`, "run fsm-mcp doctor again; if it persists see the README's Troubleshooting section");
  }

  const scopeState = reportScopes(runtime, results, report, Boolean(stop));
  reportTools(runtime, report, scopeState);
}

interface ScopeState {
  present: Set<string>;
  missing: Set<string>;
  /** Scopes some tool needs that no probe could test (writes). */
  unprobed: Set<string>;
}

function reportScopes(runtime: Runtime, results: ProbeResult[], report: Report, stopped: boolean): ScopeState {
  const present = new Set<string>();
  const missing = new Set<string>();
  const scopes = runtime.backend.profile.scopes;
  if (!scopes) {
    report.section("Scopes");
    report.info(`${runtime.backend.profile.displayName} has no scope model: the key sees what its user may see`);
    return { present, missing, unprobed: new Set() };
  }
  for (const r of results) {
    if (r.outcome.kind === "ok") for (const s of r.scopes) present.add(s);
    if (r.outcome.kind === "forbidden") for (const s of r.scopes) missing.add(s);
  }
  report.section("Scopes of the key");
  if (stopped) {
    report.info("unknown: the vendor could not be used (see above)");
    return { present, missing, unprobed: new Set() };
  }
  if (present.size) report.ok(`has (probed): ${[...present].join(", ")}`);
  if (missing.size) report.bad(`lacks (probed, 403): ${[...missing].join(", ")}`);
  const probed = new Set([...present, ...missing]);
  const used = new Set(Object.values(scopes.byTool).flat());
  const unprobed = scopes.catalog.filter((s) => used.has(s) && !probed.has(s));
  const unused = scopes.catalog.filter((s) => !used.has(s));
  if (unprobed.length) report.info(`cannot be probed without changing data (write scopes): ${unprobed.join(", ")}`);
  if (unused.length) report.info(`not used by any tool: ${unused.join(", ")}`);

  const declared = runtime.config.scopes;
  if (declared) {
    for (const s of declared.filter((d) => missing.has(d))) {
      report.problem(`FSM_SCOPES declares ${s}, but the vendor refused it (403)`, `grant ${s} to the key, or remove it from FSM_SCOPES`);
    }
  }
  return { present, missing, unprobed: new Set(unprobed) };
}

function reportTools(runtime: Runtime, report: Report, scopes: ScopeState): void {
  const { listed, hidden, unsupported } = selectTools(runtime.config, runtime.backend);
  const byTool = runtime.backend.profile.scopes?.byTool ?? {};
  const vendorName = runtime.backend.profile.displayName;
  report.section(`Tools: ${listed.length} listed, ${hidden.length} hidden${unsupported.length ? `; ${unsupported.length} not offered by ${vendorName}` : ""}`);
  report.ok(`listed: ${listed.map((t) => t.name).join(", ") || "none"}`);
  for (const h of hidden) report.info(`hidden: ${h.name}: ${h.reason}`);
  for (const u of unsupported) report.info(`not offered by ${vendorName}: ${u.name}: ${u.reason}`);
  if (!listed.length) report.problem("no tool will be listed", "widen FSM_TOOLSETS or FSM_SCOPES, or turn off FSM_READ_ONLY if writes are wanted");

  // A listed tool needing a scope the probes proved missing would fail on every call: hide it or fix the key.
  const failing = new Map<string, string[]>();
  for (const t of listed) {
    for (const s of byTool[t.name] ?? []) {
      if (scopes.missing.has(s) && !runtime.config.scopes?.includes(s)) failing.set(s, [...(failing.get(s) ?? []), t.name]);
    }
  }
  for (const [scope, tools] of failing) {
    report.problem(
      `the key lacks ${scope}, but ${tools.join(", ")} ${tools.length === 1 ? "is" : "are"} listed and would be refused (403)`,
      `grant ${scope} to the key, or set FSM_SCOPES to the scopes it has (e.g. FSM_SCOPES=${[...scopes.present].join(",")} plus its write scopes) so those tools are hidden`,
    );
  }
  const onTrust = listed.filter((t) => (byTool[t.name] ?? []).some((s) => scopes.unprobed.has(s)));
  if (!runtime.config.scopes && onTrust.length && !runtime.sandbox) {
    report.info(
      `${onTrust.length} write tools are listed on trust: if the key lacks their scopes the vendor refuses them (403); FSM_SCOPES hides them up front`,
    );
  }
}
