/**
 * Pins the FSM Navigator vendor facts against literal tables copied from the vendor's docs
 * (seeds 001 and 002), so a typo in the source of truth cannot hide.
 */
import { describe, expect, it } from "vitest";
import { allowedNext, canTransition } from "../../src/domain/status-machine.js";
import * as facts from "../../src/vendors/fsmnavigator/facts.js";

// Seed 001, "Status transitions" (verbatim).
const SEED_JOB_TABLE = `
| Pending | Assigned, Cancelled |
| Assigned | In Progress, Pending, Cancelled, On Hold |
| In Progress | Completed, Assigned, On Hold, Cancelled |
| On Hold | In Progress, Assigned, Cancelled |
| Completed | Invoiced |
| Invoiced | Paid |
| Paid | Closed |
| Cancelled | (terminal — no further transitions) |
| Closed | (terminal — no further transitions) |`;

// Seed 002, "Status transitions" (verbatim).
const SEED_ASSET_TABLE = `
Active Idle, In Maintenance, In Transit, Retired, Lost, Non-Compliant, Decommissioned
Idle Active, In Maintenance, In Transit, Retired, Decommissioned, Lost
In Maintenance Active, Idle, Retired, Decommissioned
Pending Install Active, Idle, In Transit, Non-Compliant
In Transit Active, Idle, Pending Install
Lost Active, Retired, Decommissioned
Non-Compliant Active, Idle, In Maintenance, Retired, Decommissioned
Decommissioned (terminal — no transitions)
Retired Active, Decommissioned`;

function parsePipeTable(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of text.trim().split("\n")) {
    const [, from, to] = line.split("|").map((s) => s.trim());
    out[from!] = to!.startsWith("(terminal") ? [] : to!.split(",").map((s) => s.trim());
  }
  return out;
}

function parseAssetTable(text: string, statuses: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of text.trim().split("\n")) {
    const from = [...statuses].sort((a, b) => b.length - a.length).find((s) => line.startsWith(`${s} `))!;
    const rest = line.slice(from.length + 1);
    out[from] = rest.startsWith("(terminal") ? [] : rest.split(",").map((s) => s.trim());
  }
  return out;
}

describe("FSM Navigator job facts (seed 001)", () => {
  it("has the nine documented statuses", () => {
    expect([...facts.JOB_STATUSES].sort()).toEqual(
      ["Pending", "Assigned", "In Progress", "On Hold", "Completed", "Invoiced", "Paid", "Closed", "Cancelled"].sort(),
    );
  });

  it("matches the documented transition table exactly", () => {
    const seed = parsePipeTable(SEED_JOB_TABLE);
    expect(Object.keys(seed).sort()).toEqual([...facts.JOB_STATUSES].sort());
    for (const from of facts.JOB_STATUSES) {
      expect([...allowedNext(facts.JOB_MACHINE, from)].sort(), from).toEqual([...seed[from]!].sort());
      for (const to of facts.JOB_STATUSES) expect(canTransition(facts.JOB_MACHINE, from, to)).toBe(seed[from]!.includes(to));
    }
  });

  it("refuses the seed's example Pending → Completed", () => {
    expect(canTransition(facts.JOB_MACHINE, "Pending", "Completed")).toBe(false);
  });

  it("has the documented priorities and relationship types", () => {
    expect(facts.PRIORITIES).toEqual(["Low", "Medium", "High", "Urgent"]);
    expect(facts.DEFAULT_PRIORITY).toBe("Medium");
    expect(facts.RELATIONSHIP_TYPES).toEqual(["serviced", "installed", "replaced", "inspected", "maintenance", "meter_threshold"]);
  });

  it("marks Cancelled and Closed terminal and irreversible", () => {
    expect([...facts.JOB_MACHINE.terminal].sort()).toEqual(["Cancelled", "Closed"]);
    expect([...facts.JOB_MACHINE.irreversible].sort()).toEqual(["Cancelled", "Closed"]);
  });
});

describe("FSM Navigator asset facts (seed 002)", () => {
  it("has the nine documented statuses", () => {
    expect([...facts.ASSET_STATUSES].sort()).toEqual(
      ["Active", "Idle", "In Maintenance", "Pending Install", "In Transit", "Lost", "Non-Compliant", "Decommissioned", "Retired"].sort(),
    );
  });

  it("matches the documented transition table exactly", () => {
    const seed = parseAssetTable(SEED_ASSET_TABLE, facts.ASSET_STATUSES);
    expect(Object.keys(seed).sort()).toEqual([...facts.ASSET_STATUSES].sort());
    for (const from of facts.ASSET_STATUSES) {
      expect([...allowedNext(facts.ASSET_MACHINE, from)].sort(), from).toEqual([...seed[from]!].sort());
    }
  });

  it("has the ten documented service types", () => {
    expect(facts.SERVICE_TYPES).toEqual([
      "repair",
      "inspection",
      "preventive_maintenance",
      "installation",
      "decommission",
      "meter_read",
      "warranty_claim",
      "calibration",
      "upgrade",
      "relocation",
    ]);
  });

  it("asks confirmation for Decommissioned, Retired and Lost", () => {
    expect([...facts.ASSET_MACHINE.irreversible].sort()).toEqual(["Decommissioned", "Lost", "Retired"]);
  });
});

describe("FSM Navigator scopes and endpoints (seeds 001/002, endpoints overview)", () => {
  // Seed 001 "Endpoints summary" and seed 002 "Endpoints summary".
  const SEED_ENDPOINTS: Array<[string, string, string]> = [
    ["GET", "/api/v1/jobs", "jobs:read"],
    ["GET", "/api/v1/jobs?id={id}", "jobs:read"],
    ["POST", "/api/v1/jobs", "jobs:write"],
    ["PUT", "/api/v1/jobs?id={id}", "jobs:write"],
    ["PATCH", "/api/v1/jobs?id={id}", "jobs:write"],
    ["GET", "/api/v1/assets", "assets:read"],
    ["GET", "/api/v1/assets?id={id}", "assets:read"],
    ["POST", "/api/v1/assets", "assets:write"],
    ["PUT", "/api/v1/assets?id={id}", "assets:write"],
    ["PATCH", "/api/v1/assets?id={id}", "assets:write"],
    ["GET", "/api/v1/assets?id={id}&sub=service_history", "assets:read"],
    ["POST", "/api/v1/assets?id={id}&sub=service", "assets:service"],
    ["POST", "/api/v1/assets?id={id}&sub=meter_reading", "assets:meter"],
    ["POST", "/api/v1/assets?id={id}&sub=transfer", "assets:transfer"],
  ];

  it("maps every documented endpoint to its documented scope", () => {
    for (const [method, path, scope] of SEED_ENDPOINTS) {
      const [resource, query = ""] = path.replace("/api/v1", "").split("?");
      const selector = query ? query.split("&").map((p) => (p.endsWith("={id}") ? p.slice(0, -5) : p)) : [];
      const match = Object.values(facts.ENDPOINTS).find(
        (e) => e.method === method && e.resource === resource && JSON.stringify(e.selector) === JSON.stringify(selector),
      );
      expect(match, `${method} ${path}`).toBeDefined();
      expect(match!.scope).toBe(scope);
    }
  });

  it("derives each tool's scopes from the endpoints it calls", () => {
    expect(facts.scopesForTool("log_asset_service").sort()).toEqual(["assets:read", "assets:service"]);
    expect(facts.scopesForTool("update_job_status").sort()).toEqual(["jobs:read", "jobs:write"]);
    expect(facts.scopesForTool("list_technicians")).toEqual(["technicians:read"]);
    for (const tool of Object.keys(facts.TOOL_ENDPOINTS)) {
      for (const s of facts.scopesForTool(tool)) expect(facts.SCOPES).toContain(s);
    }
  });
});
