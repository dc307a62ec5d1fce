/**
 * Tool JSON Schemas computed when the bundle was built (scripts/bundle-entry.mjs runs the same code over
 * every registered vendor's profile and inlines the result as `__FSM_TOOL_SCHEMAS__`), so the published bin
 * does not convert ~34 zod schemas at every start: about a tenth of its cold start. They are used only for
 * the exact profile they were computed from; anything else (the tsc build, a profile the build did not see)
 * converts at startup as before. The zod schemas themselves are always built: they validate every call.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { VendorProfile } from "../domain/backend.js";

declare const __FSM_TOOL_SCHEMAS__: string | undefined;

export interface ToolJsonSchemas {
  input: Tool["inputSchema"];
  output: Tool["outputSchema"];
}

export interface BundledSchemas {
  /** profileKey(profile) → index into `variants`. */
  profiles: Record<string, number>;
  /** Tool name → its schemas, one entry per distinct set. */
  variants: Array<Record<string, ToolJsonSchemas>>;
}

let bundled: BundledSchemas | null | undefined;

export function bundledSchemasFor(profile: VendorProfile): Record<string, ToolJsonSchemas> | undefined {
  bundled ??= typeof __FSM_TOOL_SCHEMAS__ === "string" ? (JSON.parse(__FSM_TOOL_SCHEMAS__) as BundledSchemas) : null;
  if (!bundled) return undefined;
  const index = bundled.profiles[profileKey(profile)];
  return index === undefined ? undefined : bundled.variants[index];
}

/** Everything a tool definition may depend on is in the profile (enums, machines, scopes, notes, id kind). */
export function profileKey(profile: VendorProfile): string {
  return JSON.stringify(profile);
}
