/**
 * Schema discipline for JobNimbus over the real tools/list of the built server on the JobNimbus sandbox
 * (the roofing demo account): every definition is snapshotted (test/__toolsnaps__/jobnimbus/<tool>.json,
 * UPDATE_TOOLSNAPS=1 rewrites), and the same meta rules as the FSM Navigator catalogue hold.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUMMIT } from "../../src/sandbox/jobnimbus/index.js";
import { connect, type Connected } from "./harness.js";
import { accountJobStatuses } from "./jobnimbus-harness.js";

let conn: Connected;
let tools: Tool[];

beforeAll(async () => {
  conn = await connect({ FSM_SANDBOX: "jobnimbus" });
  tools = (await conn.client.listTools()).tools;
});
afterAll(async () => {
  await conn?.close();
});

const SNAP_DIR = join(import.meta.dirname, "../__toolsnaps__/jobnimbus");

function findCombinators(schema: unknown, path = "$"): string[] {
  if (!schema || typeof schema !== "object") return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (k === "anyOf" || k === "oneOf" || k === "allOf") found.push(`${path}.${k}`);
    found.push(...findCombinators(v, `${path}.${k}`));
  }
  return found;
}

describe("JobNimbus tool definitions", () => {
  it("list the JobNimbus catalogue: no assets, no locations, a job-note tool", () => {
    expect(tools.map((t) => t.name)).toEqual([
      "search_customers",
      "get_customer",
      "create_customer",
      "list_jobs",
      "get_job",
      "create_job",
      "update_job",
      "update_job_status",
      "add_job_note",
      "list_technicians",
    ]);
  });

  it("match their snapshots", () => {
    mkdirSync(SNAP_DIR, { recursive: true });
    const update = process.env.UPDATE_TOOLSNAPS === "1";
    for (const tool of tools) {
      const file = join(SNAP_DIR, `${tool.name}.json`);
      const snap = {
        name: tool.name,
        title: tool.title,
        description: tool.description,
        annotations: tool.annotations,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
      };
      if (update || (!existsSync(file) && !process.env.CI)) writeFileSync(file, `${JSON.stringify(snap, null, 2)}\n`);
      expect(existsSync(file), `missing snapshot ${file}: run UPDATE_TOOLSNAPS=1 npm test`).toBe(true);
      expect(snap, `${tool.name} drifted from ${file}; if intended run UPDATE_TOOLSNAPS=1 npm test`).toEqual(JSON.parse(readFileSync(file, "utf8")));
    }
    // No stale snapshot of a tool JobNimbus no longer lists.
    expect(readdirSync(SNAP_DIR).map((f) => f.replace(/\.json$/, "")).sort()).toEqual(tools.map((t) => t.name).sort());
  });

  it("each have a title, all four annotation hints, and an output schema", () => {
    for (const t of tools) {
      expect(t.title, t.name).toBeTruthy();
      expect(t.annotations?.title, t.name).toBe(t.title);
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(typeof t.annotations?.[hint], `${t.name}.${hint}`).toBe("boolean");
      }
      expect(t.annotations?.readOnlyHint && t.annotations?.destructiveHint, t.name).toBe(false);
      expect(t.outputSchema?.type, t.name).toBe("object");
      if (t.name.startsWith("create_") || t.name === "add_job_note") expect(t.annotations?.idempotentHint, t.name).toBe(false);
    }
  });

  it("are valid JSON Schema, without anyOf/oneOf/allOf in inputs", () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    for (const t of tools) {
      expect(() => ajv.compile(t.inputSchema), `${t.name} input`).not.toThrow();
      expect(() => ajv.compile(t.outputSchema!), `${t.name} output`).not.toThrow();
      expect(findCombinators(t.inputSchema), t.name).toEqual([]);
    }
  });

  it("respect the host limits: names ≤ 20 chars, ≤ 25 tools, bounded descriptions without behavioural commands", () => {
    expect(tools.length).toBeLessThanOrEqual(25);
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
    for (const t of tools) {
      expect(t.name.length, t.name).toBeLessThanOrEqual(20);
      expect(t.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(t.description!.length, t.name).toBeLessThanOrEqual(1500);
      expect(t.description, t.name).not.toMatch(/\balways\b|\byou must\b|\bnever\b|\bIMPORTANT\b/i);
    }
  });

  it("carry the account's enums, jnid ids and no FSM Navigator vocabulary", () => {
    const props = (name: string) => (tools.find((t) => t.name === name)!.inputSchema.properties ?? {}) as Record<string, { enum?: string[]; type?: string; pattern?: string }>;
    expect(props("update_job_status").status!.enum).toEqual(accountJobStatuses(SUMMIT));
    expect(props("create_job").workflow!.enum).toEqual(["Residential Roofing", "Insurance Restoration", "Commercial"]);
    expect(props("create_job").customer_id).toMatchObject({ type: "string", pattern: "^[A-Za-z0-9_-]+$" });
    expect(props("create_job")).not.toHaveProperty("location_id");
    expect(props("create_job")).not.toHaveProperty("priority");
    expect(props("create_job")).not.toHaveProperty("asset_ids");
    expect(props("list_jobs")).toHaveProperty("customer_id");
    expect(props("list_jobs")).not.toHaveProperty("location_id");
    expect(props("update_job_status")).not.toHaveProperty("confirm"); // nothing is irreversible in a JobNimbus workflow
    for (const t of tools) expect(t.description, t.name).not.toMatch(/Scopes:|location_id|Pending/);
  });
});
