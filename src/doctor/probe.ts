/**
 * Scope probing for `fsm-mcp doctor`: one harmless read per API group (a first page of one record), each
 * tied to the read tool it stands for, so the scopes it proves come from the vendor facts
 * (`profile.scopes.byTool`) and never from a list kept here. Writes cannot be probed without changing data.
 */
import type { Backend, PageQuery } from "../domain/backend.js";
import { VendorError } from "../http/errors.js";

interface ProbeSpec {
  /** The read tool whose backend call this is; its scopes are what a success proves. */
  tool: string;
  group: "customers" | "jobs" | "assets" | "technicians";
  call(backend: Backend, q: PageQuery): Promise<unknown>;
}

const PROBES: readonly ProbeSpec[] = [
  { tool: "search_customers", group: "customers", call: (b, q) => b.customers!.search(q) },
  { tool: "list_jobs", group: "jobs", call: (b, q) => b.jobs!.list(q) },
  { tool: "search_assets", group: "assets", call: (b, q) => b.assets!.search(q) },
  { tool: "list_technicians", group: "technicians", call: (b, q) => b.technicians!.list(q) },
];

export type ProbeOutcome =
  | { kind: "ok" }
  /** 403: the key lacks what the call needs. */
  | { kind: "forbidden"; message: string }
  /** 401: the credentials were refused; every other call would be too. */
  | { kind: "unauthorized"; message: string }
  /** Network failure, timeout or no answer before the deadline: the vendor was not reached. */
  | { kind: "unreachable"; message: string }
  /** Reached something that is not the vendor API (404, HTML page, unparseable body). */
  | { kind: "not_api"; message: string }
  | { kind: "error"; message: string };

export interface ProbeResult {
  tool: string;
  scopes: readonly string[];
  outcome: ProbeOutcome;
  ms: number;
  /** The vendor requests the probe made, as "GET /path?query → status" (retries included). */
  requests: string[];
}

/** The probes this backend can run (the vendor serves the group and the tool). */
export function probesFor(backend: Backend): ProbeSpec[] {
  return PROBES.filter((p) => backend[p.group] !== undefined && !backend.profile.unsupported[p.tool]);
}

/**
 * Run the probes in order; stop after the first one that shows the vendor cannot be used at all
 * (unreachable, credentials refused, not the API), since the rest would fail the same way.
 */
export async function runProbes(
  backend: Backend,
  deadlineMs: number,
  requestLog: string[] = [],
): Promise<{ results: ProbeResult[]; skipped: string[] }> {
  const specs = probesFor(backend);
  const results: ProbeResult[] = [];
  for (const [i, spec] of specs.entries()) {
    const started = performance.now();
    const logged = requestLog.length;
    let outcome: ProbeOutcome;
    try {
      await spec.call(backend, { page: 1, perPage: 1, signal: AbortSignal.timeout(deadlineMs) });
      outcome = { kind: "ok" };
    } catch (err) {
      outcome = classify(err, deadlineMs);
    }
    results.push({ tool: spec.tool, scopes: backend.profile.scopes?.byTool[spec.tool] ?? [], outcome, ms: Math.round(performance.now() - started), requests: requestLog.slice(logged) });
    if (outcome.kind === "unreachable" || outcome.kind === "unauthorized" || outcome.kind === "not_api") {
      return { results, skipped: specs.slice(i + 1).map((s) => s.tool) };
    }
  }
  return { results, skipped: [] };
}

function classify(err: unknown, deadlineMs: number): ProbeOutcome {
  if (!(err instanceof VendorError)) {
    // A probe's own deadline aborts with a TimeoutError/AbortError before the HTTP core wraps it.
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      return { kind: "unreachable", message: `no answer within ${Math.round(deadlineMs / 1000)} s` };
    }
    return { kind: "error", message: err instanceof Error ? err.message : String(err) };
  }
  if (err.kind === "network" || err.kind === "timeout") return { kind: "unreachable", message: err.message };
  if (err.kind === "aborted") return { kind: "unreachable", message: `no answer within ${Math.round(deadlineMs / 1000)} s` };
  if (err.kind === "parse") return { kind: "not_api", message: err.message };
  if (err.status === 401) return { kind: "unauthorized", message: err.message };
  if (err.status === 403) return { kind: "forbidden", message: err.message };
  if (err.status === 404 || err.status === 405) return { kind: "not_api", message: err.message };
  return { kind: "error", message: err.message };
}
