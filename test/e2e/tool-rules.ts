/**
 * The rules every vendor's tool definitions must keep, as the built server lists them: snapshots
 * (test/__toolsnaps__/<vendor>/<tool>.json, failing on drift; UPDATE_TOOLSNAPS=1 rewrites), the annotations
 * hosts rely on, JSON Schema that every client can read, and the hosts' limits. One copy for all vendors.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { expect, it } from "vitest";

/** Token budgets (cl100k) per tool definition, shared with bench/tokens.mjs; see its $comment. */
export const TOKEN_BUDGET = JSON.parse(readFileSync(join(import.meta.dirname, "../../bench/token-budget.json"), "utf8")) as {
  get: number;
  read: number;
  write: number;
  perTool: Record<string, number>;
  fsmNavigatorTotal: number;
};

/** cl100k tokens of a tool definition as tools/list sends it (compact JSON). */
export const tokensOf = (value: unknown): number => countTokens(JSON.stringify(value));

/** Tools that add a record each time they run: their idempotentHint must be false. */
const ADDS_A_RECORD = /^(create_|add_)|^log_asset_service$/;

export function findCombinators(schema: unknown, path = "$"): string[] {
  if (!schema || typeof schema !== "object") return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (k === "anyOf" || k === "oneOf" || k === "allOf") found.push(`${path}.${k}`);
    found.push(...findCombinators(v, `${path}.${k}`));
  }
  return found;
}

/** The JSON types of every id-valued property (`id`, `*_id`, items of `*_ids`) in a schema, with their paths. */
export function idTypes(schema: unknown, path = "$"): Array<{ path: string; type: unknown }> {
  if (!schema || typeof schema !== "object") return [];
  const found: Array<{ path: string; type: unknown }> = [];
  const props = (schema as { properties?: Record<string, { type?: unknown; items?: { type?: unknown } }> }).properties ?? {};
  for (const [k, v] of Object.entries(props)) {
    if (/(^|_)id$/.test(k)) found.push({ path: `${path}.${k}`, type: v.type });
    if (/_ids$/.test(k)) found.push({ path: `${path}.${k}[]`, type: v.items?.type });
    found.push(...idTypes(v, `${path}.${k}`), ...idTypes(v.items, `${path}.${k}[]`));
  }
  return found;
}

/** Registers the shared checks inside the caller's describe block; `tools` is read when the checks run. */
export function itKeepsTheToolRules(vendor: string, tools: () => Tool[]): void {
  const snapDir = join(import.meta.dirname, "../__toolsnaps__", vendor);

  it("match their snapshots", () => {
    mkdirSync(snapDir, { recursive: true });
    const update = process.env.UPDATE_TOOLSNAPS === "1";
    for (const tool of tools()) {
      const file = join(snapDir, `${tool.name}.json`);
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

  it("each have a title, the annotation hints that mean something for them, and an output schema", () => {
    for (const t of tools()) {
      expect(t.title, t.name).toBeTruthy();
      // The title is listed once, as the tool's own title (annotations.title would repeat it in every tools/list).
      expect(t.annotations?.title, t.name).toBeUndefined();
      expect(typeof t.annotations?.readOnlyHint, `${t.name}.readOnlyHint`).toBe("boolean");
      expect(typeof t.annotations?.openWorldHint, `${t.name}.openWorldHint`).toBe("boolean");
      // destructiveHint and idempotentHint are "meaningful only when readOnlyHint == false" (MCP schema): a read
      // states neither, every other tool states both (destructiveHint would otherwise default to true).
      for (const hint of ["destructiveHint", "idempotentHint"] as const) {
        expect(typeof t.annotations?.[hint], `${t.name}.${hint}`).toBe(t.annotations?.readOnlyHint ? "undefined" : "boolean");
      }
      expect(t.outputSchema?.type, t.name).toBe("object");
      if (ADDS_A_RECORD.test(t.name)) expect(t.annotations?.idempotentHint, t.name).toBe(false);
    }
  });

  it("type ids in results as the inputs take them (integer, never number, so 201 does not come back as 201.0)", () => {
    const inputTypes = new Set(tools().flatMap((t) => idTypes(t.inputSchema).map((i) => JSON.stringify(i.type))));
    const wrong: string[] = [];
    for (const t of tools()) {
      for (const where of ["inputSchema", "outputSchema"] as const) {
        for (const id of idTypes(t[where])) {
          if (id.type === "number") wrong.push(`${t.name} ${where}${id.path.slice(1)} is "number"`);
          if (where === "outputSchema" && !inputTypes.has(JSON.stringify(id.type))) wrong.push(`${t.name} output${id.path.slice(1)} is ${JSON.stringify(id.type)}, no input id is`);
        }
      }
    }
    expect(inputTypes.size, "the inputs take ids").toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it("each stay within their token budget (bench/token-budget.json)", () => {
    const over: string[] = [];
    for (const t of tools()) {
      const kind = t.name.startsWith("get_") ? "get" : t.annotations?.readOnlyHint ? "read" : "write";
      const budget = TOKEN_BUDGET.perTool[`${vendor}/${t.name}`] ?? TOKEN_BUDGET[kind];
      const size = tokensOf(t);
      if (size > budget) over.push(`${vendor}/${t.name}: ${size} cl100k tokens, budget ${budget} (${kind})`);
    }
    expect(over, "tool definitions over budget: make them leaner (bench/tokens.mjs shows every size)").toEqual([]);
  });

  it("are valid JSON Schema, without anyOf/oneOf/allOf in inputs", () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    for (const t of tools()) {
      expect(() => ajv.compile(t.inputSchema), `${t.name} input`).not.toThrow();
      expect(() => ajv.compile(t.outputSchema!), `${t.name} output`).not.toThrow();
      expect(findCombinators(t.inputSchema), t.name).toEqual([]);
    }
  });

  it("respect the host limits: names ≤ 20 chars, ≤ 25 tools, bounded descriptions without behavioural commands", () => {
    const list = tools();
    expect(list.length).toBeLessThanOrEqual(25);
    expect(new Set(list.map((t) => t.name)).size).toBe(list.length);
    for (const t of list) {
      expect(t.name.length, t.name).toBeLessThanOrEqual(20);
      expect(t.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(t.description!.length, t.name).toBeLessThanOrEqual(1500);
      expect(t.description, t.name).not.toMatch(/\balways\b|\byou must\b|\bnever\b|\bIMPORTANT\b/i);
    }
  });
}
