/**
 * A tool never accepts text longer than the maxLength its published input schema states, also when trimming
 * would shorten it: a client (or the fuzz's ajv check) validates against the published schema, and a
 * `.trim().max(n)` schema let " x…x " of n+1 characters through (fuzz counterexample: JobNimbus create_customer
 * wrote a contact whose 201-character `company` the schema forbids). Checked for every property and nested
 * property of every tool of every vendor, on the schemas the server registers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../src/domain/backend.js";
import { SUMMIT, settingsDocument } from "../../src/sandbox/jobnimbus/accounts.js";
import { jsonSchema, toolSchemas } from "../../src/server/build.js";
import { TOOLS } from "../../src/tools/registry.js";
import type { ToolEnv } from "../../src/tools/types.js";
import { createFsmNavigatorBackend } from "../../src/vendors/fsmnavigator/backend.js";
import { createJobNimbusBackend } from "../../src/vendors/jobnimbus/backend.js";
import { parseAccountSettings } from "../../src/vendors/jobnimbus/workflows.js";
import { createTrackplanfmBackend } from "../../src/vendors/trackplanfm/backend.js";

type Schema = { type?: string; maxLength?: number; properties?: Record<string, Schema> };

/** Paths of string properties with a maxLength, one level of nesting deep (address.line1). */
function boundedStrings(schema: Schema, at: string[] = []): Array<{ path: string[]; max: number }> {
  const out: Array<{ path: string[]; max: number }> = [];
  for (const [k, s] of Object.entries(schema.properties ?? {})) {
    if (s.type === "string" && s.maxLength !== undefined) out.push({ path: [...at, k], max: s.maxLength });
    if (s.type === "object") out.push(...boundedStrings(s, [...at, k]));
  }
  return out;
}

/** `{a: {b: value}}` for path [a, b]. */
function at(path: string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

const backends: Array<[string, Backend]> = [];
beforeAll(async () => {
  // No request is sent: backends are only asked for their profiles (port 9 is never dialled).
  const origin = "http://127.0.0.1:9";
  backends.push(["fsmnavigator", createFsmNavigatorBackend({ origin, apiKey: "fsm_test_unit", sandbox: true })]);
  backends.push(["trackplanfm", createTrackplanfmBackend({ origin, apiKey: "TP-unit", sandbox: true })]);
  backends.push(["jobnimbus", await createJobNimbusBackend({ origin, apiKey: "unit", sandbox: true, settings: parseAccountSettings(settingsDocument(SUMMIT)) })]);
});
afterAll(async () => {
  for (const [, b] of backends) await b.close();
});

describe("published maxLength", () => {
  it("is enforced on the text as sent: one character more is refused even when trimming would remove it, the limit itself is accepted", () => {
    let checked = 0;
    for (const [vendor, backend] of backends) {
      const env: ToolEnv = { backend, profile: backend.profile, safety: {} };
      for (const tool of TOOLS.filter((t) => !t.unavailable(backend) && !backend.profile.unsupported[t.name])) {
        const { inputSchema } = toolSchemas(tool, env);
        for (const { path, max } of boundedStrings(jsonSchema(inputSchema, "input") as Schema)) {
          const issuesAt = (value: string) => {
            const r = inputSchema.safeParse(at(path, value));
            return r.success ? [] : r.error.issues.filter((i) => i.path.join(".") === path.join("."));
          };
          const name = `${vendor} ${tool.name} ${path.join(".")} (maxLength ${max})`;
          expect(issuesAt(` ${"x".repeat(max - 1)} `), `${name} accepted ${max + 1} characters`).not.toEqual([]);
          expect(issuesAt("y".repeat(max + 1)), name).not.toEqual([]);
          // The limit itself is not too long (it may still fail a pattern or format the filler does not match).
          expect(issuesAt("y".repeat(max)).filter((i) => i.code === "too_big"), name).toEqual([]);
          checked++;
        }
      }
    }
    // Every vendor has bounded text (names, notes, descriptions): the walk really found them.
    expect(checked).toBeGreaterThan(30);
  });
});
