/**
 * Schema discipline over the real tools/list of the built server: every definition is snapshotted
 * (test/__toolsnaps__/<vendor>/<tool>.json, fails on drift; UPDATE_TOOLSNAPS=1 rewrites), and meta-tests
 * hold the rules the hosts impose.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Connected } from "./harness.js";

let conn: Connected;
let tools: Tool[];

beforeAll(async () => {
  conn = await connect({});
  tools = (await conn.client.listTools()).tools;
});
afterAll(async () => {
  await conn?.close();
});

const SNAP_DIR = join(import.meta.dirname, "../__toolsnaps__/fsmnavigator");

function findCombinators(schema: unknown, path = "$"): string[] {
  if (!schema || typeof schema !== "object") return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (k === "anyOf" || k === "oneOf" || k === "allOf") found.push(`${path}.${k}`);
    found.push(...findCombinators(v, `${path}.${k}`));
  }
  return found;
}

describe("tool definitions", () => {
  it("lists the whole FSM Navigator catalogue", () => {
    expect(tools.map((t) => t.name)).toEqual([
      "search_customers",
      "get_customer",
      "create_customer",
      "create_location",
      "list_jobs",
      "get_job",
      "create_job",
      "update_job",
      "update_job_status",
      "search_assets",
      "get_asset",
      "log_asset_service",
      "update_asset_status",
      "record_meter_reading",
      "transfer_asset",
      "create_asset",
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
      if (t.name.startsWith("create_") || t.name === "log_asset_service") expect(t.annotations?.idempotentHint, t.name).toBe(false);
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

  it("carry the vendor's enums from the facts", () => {
    const props = (name: string) => (tools.find((t) => t.name === name)!.inputSchema.properties ?? {}) as Record<string, { enum?: string[] }>;
    expect(props("update_job_status").status!.enum).toHaveLength(9);
    expect(props("update_asset_status").status!.enum).toHaveLength(9);
    expect(props("create_job").priority!.enum).toEqual(["Low", "Medium", "High", "Urgent"]);
    expect(props("log_asset_service").service_type!.enum).toHaveLength(10);
    expect(props("create_job").relationship_type!.enum).toHaveLength(6);
  });

  it("state the scopes each tool needs", () => {
    expect(tools.find((t) => t.name === "log_asset_service")!.description).toContain("Scopes: assets:service, assets:read.");
  });
});
