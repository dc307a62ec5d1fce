/**
 * A tool never accepts text longer than its limit (the maxLength its published input schema states, or for limits
 * of 100 characters and more the one its code checks and names in the refusal), also when trimming
 * would shorten it: a client (or the fuzz's ajv check) validates against the published schema, and a
 * `.trim().max(n)` schema let " x…x " of n+1 characters through (fuzz counterexample: JobNimbus create_customer
 * wrote a contact whose 201-character `company` the schema forbids). Checked for every property and nested
 * property of every tool of every vendor, on the schemas the server registers.
 */
import { describe, expect, it } from "vitest";
import { jsonSchema, toolSchemas } from "../../src/server/build.js";
import { TOOLS } from "../../src/tools/registry.js";
import type { ToolEnv } from "../../src/tools/types.js";
import { profileBackends } from "../support/profile-backends.js";

type Schema = { type?: string; maxLength?: number; properties?: Record<string, Schema> };

/** Paths of string properties and their published maxLength, if any, one level of nesting deep (address.line1). */
function strings(schema: Schema, at: string[] = []): Array<{ path: string[]; max?: number }> {
  const out: Array<{ path: string[]; max?: number }> = [];
  for (const [k, s] of Object.entries(schema.properties ?? {})) {
    if (s.type === "string") out.push({ path: [...at, k], ...(s.maxLength !== undefined ? { max: s.maxLength } : {}) });
    if (s.type === "object") out.push(...strings(s, [...at, k]));
  }
  return out;
}

/** What the code check names when it refuses long text it does not publish a maxLength for (schemas.ts text()). */
const CODE_LIMIT = /must be at most (\d+) characters/;

/** `{a: {b: value}}` for path [a, b]. */
function at(path: string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

const backends = profileBackends();

describe("text length limits (published maxLength, or checked in code for 100 characters and more)", () => {
  it("are enforced on the text as sent: one character more is refused even when trimming would remove it, the limit itself is accepted", () => {
    let checked = 0;
    let codeChecked = 0;
    for (const [vendor, backend] of backends) {
      const env: ToolEnv = { backend, profile: backend.profile, safety: {} };
      for (const tool of TOOLS.filter((t) => !t.unavailable(backend) && !backend.profile.unsupported[t.name])) {
        const { inputSchema } = toolSchemas(tool, env);
        for (const { path, max: published } of strings(jsonSchema(inputSchema, "input") as Schema)) {
          const issuesAt = (value: string) => {
            const r = inputSchema.safeParse(at(path, value));
            return r.success ? [] : r.error.issues.filter((i) => i.path.join(".") === path.join("."));
          };
          // A limit of 100 characters or more is checked in code, not published: found by the message naming it.
          const unpublished = published === undefined ? issuesAt("y".repeat(100_001)).map((i) => CODE_LIMIT.exec(i.message)?.[1]).find(Boolean) : undefined;
          const max = published ?? (unpublished ? Number(unpublished) : undefined);
          if (max === undefined) continue;
          const name = `${vendor} ${tool.name} ${path.join(".")} (${published !== undefined ? "maxLength" : "checked in code"} ${max})`;
          expect(issuesAt(` ${"x".repeat(max - 1)} `), `${name} accepted ${max + 1} characters`).not.toEqual([]);
          expect(issuesAt("y".repeat(max + 1)), name).not.toEqual([]);
          // The limit itself is not too long (it may still fail a pattern or format the filler does not match).
          const tooLong = (i: { code: string; message: string }) => i.code === "too_big" || CODE_LIMIT.test(i.message);
          expect(issuesAt("y".repeat(max)).filter(tooLong), name).toEqual([]);
          if (published === undefined) {
            expect(max, `${name}: only limits of 100 characters or more go unpublished`).toBeGreaterThanOrEqual(100);
            codeChecked++;
          }
          checked++;
        }
      }
    }
    // Every vendor has bounded text (names, notes, descriptions): the walk really found them.
    expect(checked).toBeGreaterThan(30);
    expect(codeChecked, "names, notes and descriptions are checked in code").toBeGreaterThan(20);
  });
});
