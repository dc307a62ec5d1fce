/**
 * The tools one McpServer lists: each registered with the SDK (which validates calls against its zod schemas)
 * and its compact definition, from which tools/list is answered without per-request work. `sync` brings both
 * to a new catalogue: a tool whose definition changed is removed and registered again (exactly as at startup),
 * a tool no longer listed is removed, a new one registered. Each SDK change queues tools/list_changed; the
 * server debounces those into one notification per sync.
 */
import type { RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ListToolsResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ToolSpec } from "../tools/types.js";

/** A tool's definition as tools/list shows it, and how to register it with the SDK. */
export interface DefinedTool {
  definition: Tool;
  register(): RegisteredTool;
}

interface Entry {
  definition: Tool;
  registered: RegisteredTool;
}

export class ToolList {
  /** What tools/list answers (the same object, updated in place by sync). */
  readonly result: ListToolsResult = { tools: [] };
  private entries = new Map<string, Entry>();

  constructor(private readonly define: (tool: ToolSpec) => DefinedTool) {}

  /** Register `listed` (in that order) in place of what is registered now. True when what tools/list shows changed. */
  sync(listed: readonly ToolSpec[]): boolean {
    const next = new Map<string, Entry>();
    let changed = false;
    for (const tool of listed) {
      const defined = this.define(tool);
      const old = this.entries.get(tool.name);
      if (old && JSON.stringify(old.definition) === JSON.stringify(defined.definition)) {
        next.set(tool.name, old);
        continue;
      }
      old?.registered.remove();
      next.set(tool.name, { definition: defined.definition, registered: defined.register() });
      changed = true;
    }
    for (const [name, old] of this.entries) {
      if (next.has(name)) continue;
      old.registered.remove();
      changed = true;
    }
    if (!changed) return false;
    this.entries = next;
    this.result.tools = [...next.values()].map((e) => e.definition);
    return true;
  }
}
