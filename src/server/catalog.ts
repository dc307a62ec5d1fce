/**
 * Which tools this connection lists, and why the others are hidden. Precedence (documented in the README):
 * vendor support → read-only (a strict filter) → toolsets → the key's declared scopes.
 */
import type { Config } from "../config.js";
import type { Backend } from "../domain/backend.js";
import { TOOLS } from "../tools/registry.js";
import type { ToolSpec } from "../tools/types.js";

export interface HiddenTool {
  name: string;
  reason: string;
}

export interface Catalog {
  listed: ToolSpec[];
  hidden: HiddenTool[];
}

export function selectTools(config: Pick<Config, "readOnly" | "toolsets" | "scopes">, backend: Backend): Catalog {
  const listed: ToolSpec[] = [];
  const hidden: HiddenTool[] = [];
  for (const tool of TOOLS) {
    const reason = hideReason(tool, config, backend);
    if (reason) hidden.push({ name: tool.name, reason });
    else listed.push(tool);
  }
  return { listed, hidden };
}

function hideReason(tool: ToolSpec, config: Pick<Config, "readOnly" | "toolsets" | "scopes">, backend: Backend): string | undefined {
  const unsupported = backend.profile.unsupported[tool.name] ?? tool.unavailable(backend);
  if (unsupported) return `not supported by ${backend.profile.displayName}: ${unsupported}`;
  if (config.readOnly && tool.kind === "write") return "read-only mode (FSM_READ_ONLY=1)";
  if (!config.toolsets.includes(tool.toolset)) return `toolset ${tool.toolset} not enabled (FSM_TOOLSETS)`;
  const needs = backend.profile.scopes?.byTool[tool.name] ?? [];
  const missing = config.scopes ? needs.filter((s) => !config.scopes!.includes(s)) : [];
  if (missing.length) return `the key lacks scope ${missing.join(", ")} (FSM_SCOPES)`;
  return undefined;
}
