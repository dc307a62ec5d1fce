/**
 * Which tools this connection lists, and why the others are hidden. Precedence (documented in the README):
 * vendor support → read-only (a strict filter) → the caller's permissions (OAuth scopes) → toolsets → the key's
 * declared scopes.
 */
import type { Config } from "../config.js";
import type { Backend } from "../domain/backend.js";
import { TOOLS } from "../tools/registry.js";
import type { ToolSpec } from "../tools/types.js";
import { FULL_ACCESS, type Permissions } from "./permissions.js";

export interface HiddenTool {
  name: string;
  reason: string;
}

export interface Catalog {
  listed: ToolSpec[];
  /** Tools this vendor could serve but this configuration hides (read-only, toolsets, scopes). */
  hidden: HiddenTool[];
  /** Catalogue tools this vendor's API cannot serve at all, with the reason. */
  unsupported: HiddenTool[];
}

export function selectTools(config: Pick<Config, "readOnly" | "toolsets" | "scopes">, backend: Backend, permissions: Permissions = FULL_ACCESS): Catalog {
  const catalog: Catalog = { listed: [], hidden: [], unsupported: [] };
  for (const tool of TOOLS) {
    const notOffered = backend.profile.unsupported[tool.name] ?? tool.unavailable(backend);
    const reason = notOffered ? undefined : hideReason(tool, config, backend, permissions);
    if (notOffered) catalog.unsupported.push({ name: tool.name, reason: notOffered });
    else if (reason) catalog.hidden.push({ name: tool.name, reason });
    else catalog.listed.push(tool);
  }
  return catalog;
}

function hideReason(tool: ToolSpec, config: Pick<Config, "readOnly" | "toolsets" | "scopes">, backend: Backend, permissions: Permissions): string | undefined {
  if (config.readOnly && tool.kind === "write") return "read-only mode (FSM_READ_ONLY=1)";
  if (!permissions.write && tool.kind === "write") return permissions.writeDenied ?? "this caller may not write";
  if (!config.toolsets.includes(tool.toolset)) return `toolset ${tool.toolset} not enabled (FSM_TOOLSETS)`;
  const needs = backend.profile.scopes?.byTool[tool.name] ?? [];
  const missing = config.scopes ? needs.filter((s) => !config.scopes!.includes(s)) : [];
  if (missing.length) return `the key lacks scope ${missing.join(", ")} (FSM_SCOPES)`;
  return undefined;
}
