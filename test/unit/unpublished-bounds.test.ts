/**
 * Bounds the tools check in code but no longer publish in tools/list (issue 15, third pass): `per_page` above the
 * vendor's page size, `max_pages` above 10, `service_page` above 10000, a negative cost, hours or reading, more than
 * 50 `asset_ids`, and a write outcome the tool cannot answer. Each published schema really lacks the bound (or the
 * test would prove nothing about the code check), and the schema the server registers refuses the value with a
 * message that says what to send instead. Run on every tool of every vendor that has the argument.
 */
import { describe, expect, it } from "vitest";
import { jsonSchema, toolSchemas } from "../../src/server/build.js";
import { TOOLS } from "../../src/tools/registry.js";
import type { ToolEnv } from "../../src/tools/types.js";
import { profileBackends } from "../support/profile-backends.js";

type Schema = { type?: unknown; enum?: unknown[]; maximum?: number; minimum?: number; exclusiveMinimum?: number; maxItems?: number; default?: unknown; properties?: Record<string, Schema> };

const backends = profileBackends();

/** Every listed tool of every vendor with its registered zod schemas and its published JSON Schemas. */
function everyTool() {
  return backends.flatMap(([vendor, backend]) => {
    const env: ToolEnv = { backend, profile: backend.profile, safety: {} };
    return TOOLS.filter((t) => !t.unavailable(backend) && !backend.profile.unsupported[t.name]).map((tool) => {
      const zod = toolSchemas(tool, env);
      return { vendor, backend, tool, zod, input: jsonSchema(zod.inputSchema, "input") as Schema, output: jsonSchema(zod.outputSchema, "output") as Schema };
    });
  });
}

/** The messages the registered input schema gives for `args` at `key`. */
function refusals(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, args: Record<string, unknown>, key: string): string[] {
  const r = schema.safeParse(args);
  return r.success ? [] : r.error!.issues.filter((i) => i.path[0] === key).map((i) => i.message);
}

describe("bounds checked in code, not published", () => {
  it("refuse what goes past them, with a message saying what to send", () => {
    const cases: Array<{ key: string; value: (vendorMax: number) => unknown; ok: (vendorMax: number) => unknown; message: RegExp; published: (s: Schema) => boolean }> = [
      { key: "per_page", value: (max) => max + 1, ok: (max) => max, message: /must be at most \d+ \(the vendor's page size\)/, published: (s) => s.maximum !== undefined || s.default !== undefined },
      { key: "max_pages", value: () => 11, ok: () => 10, message: /must be at most 10 \(pages in one call; next_page continues from there\)/, published: (s) => s.maximum !== undefined },
      { key: "service_page", value: () => 10_001, ok: () => 10_000, message: /must be at most 10000/, published: (s) => s.maximum !== undefined },
      { key: "cost", value: () => -1, ok: () => 0, message: /must be 0 or more/, published: (s) => s.minimum !== undefined },
      { key: "labor_hours", value: () => -0.5, ok: () => 0, message: /must be 0 or more/, published: (s) => s.minimum !== undefined },
      { key: "value", value: () => -1, ok: () => 0, message: /must be 0 or more/, published: (s) => s.minimum !== undefined },
      { key: "purchase_cost", value: () => -1, ok: () => 0, message: /must be 0 or more/, published: (s) => s.minimum !== undefined },
      { key: "duration_hours", value: () => 0, ok: () => 0.5, message: /must be more than 0/, published: (s) => s.minimum !== undefined || s.exclusiveMinimum !== undefined },
      { key: "asset_ids", value: () => Array.from({ length: 51 }, (_, i) => i + 1), ok: () => Array.from({ length: 50 }, (_, i) => i + 1), message: /must list at most 50 assets/, published: (s) => s.maxItems !== undefined },
    ];
    const seen = new Set<string>();
    for (const { vendor, backend, tool, zod, input } of everyTool()) {
      for (const c of cases) {
        const published = input.properties?.[c.key];
        if (!published) continue;
        const name = `${vendor} ${tool.name}.${c.key}`;
        expect(c.published(published), `${name} publishes the bound again: ${JSON.stringify(published)}`).toBe(false);
        const max = backend.profile.maxPageSize;
        expect(refusals(zod.inputSchema, { [c.key]: c.value(max) }, c.key).join("; "), name).toMatch(c.message);
        // The bound itself is taken (other properties may still be missing or wrong: only this key's issues count).
        expect(refusals(zod.inputSchema, { [c.key]: c.ok(max) }, c.key), name).toEqual([]);
        seen.add(c.key);
      }
    }
    // The walk found every kind of bound somewhere (a vendor dropping one would otherwise go unnoticed).
    expect([...seen].sort()).toEqual(cases.map((c) => c.key).sort());
  });

  it("write outcomes: published as a string, but a tool's result with an outcome it cannot answer is refused before it is sent", () => {
    let writes = 0;
    for (const { vendor, tool, zod, input, output } of everyTool()) {
      const outcome = output.properties?.outcome;
      if (tool.kind !== "write") continue;
      writes++;
      const name = `${vendor} ${tool.name}`;
      expect(outcome, name).toEqual({ type: "string" });
      // Creates take an idempotency_key and never answer "updated"; changes never answer "created".
      const impossible = input.properties?.idempotency_key ? "updated" : "created";
      expect(zod.outputSchema.safeParse({ outcome: impossible }).success, `${name} accepted outcome ${impossible}`).toBe(false);
      expect(zod.outputSchema.safeParse({ outcome: "dry_run" }).success, name).toBe(true);
    }
    expect(writes).toBeGreaterThan(20);
  });
});
