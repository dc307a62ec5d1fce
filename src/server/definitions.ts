/**
 * Tool definitions built once per process, not once per session: for each (vendor profile, permission set)
 * the catalogue, every listed tool's zod schemas (which validate calls), its compact JSON definition and the
 * tools/list answer. Every McpServer of a backend (each Streamable HTTP session, each stateless request, the
 * one stdio server) reads them from here, so a session costs a few small objects rather than ~34 zod schemas
 * and their conversions (issue 11: 0.8 MB of heap per session before this).
 *
 * A profile that follows the account (Backend.watchProfile: JobNimbus workflows) is watched once per process:
 * on a change the definitions are rebuilt once per permission set in use, and every subscribed session whose
 * listing changed is told (tools/list_changed). A tool whose definition did not change keeps its objects.
 */
import type { ListToolsResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { Config } from "../config.js";
import type { Backend, VendorProfile } from "../domain/backend.js";
import type { Logger } from "../log.js";
import type { SafetyServices } from "../safety/pipeline.js";
import type { LookupService } from "../lookup/lookup.js";
import type { ToolEnv, ToolSpec } from "../tools/types.js";
import { bundledSchemasFor } from "./bundled-schemas.js";
import { selectTools, type Catalog } from "./catalog.js";
import { instructionsFor } from "./instructions.js";
import type { Permissions } from "./permissions.js";
import { jsonSchema, toolSchemas } from "./schemas.js";

/** One tool as every session of one profile serves it. */
export interface SharedTool {
  spec: ToolSpec;
  /** What tools/list shows. */
  definition: Tool;
  /** Validate a call's arguments and a result's structuredContent. */
  inputSchema: z.ZodObject;
  outputSchema: z.ZodObject;
}

/** What a session with one permission set serves, under one profile. Immutable: a change builds a new one. */
export interface ToolDefinitions {
  profile: VendorProfile;
  env: ToolEnv;
  catalog: Catalog;
  instructions: string;
  /** The tools/list answer (the same object for every session). */
  result: ListToolsResult;
  tools: ReadonlyMap<string, SharedTool>;
}

type CatalogConfig = Pick<Config, "readOnly" | "toolsets" | "scopes">;

export interface DefinitionDeps {
  config: CatalogConfig;
  backend: Backend;
  safety: SafetyServices;
  logger: Logger;
  /** The runtime's lookup index (one per process and credential, like these definitions). */
  lookup?: LookupService;
}

/** A permission set's cache key (writeDenied is part of what the capabilities resource shows). */
function keyOf(p: Permissions): string {
  return JSON.stringify([p.write, p.writeDenied ?? null]);
}

export class SharedDefinitions {
  private readonly byKey = new Map<string, { permissions: Permissions; defs: ToolDefinitions }>();
  /** Per profile: tool name → its shared objects (a read set and a read+write set share their read tools). */
  private tools: { profile: VendorProfile; env: ToolEnv; byName: Map<string, SharedTool> } | undefined;
  private readonly listeners = new Set<(changed: ReadonlySet<string>) => void>();
  private readonly unwatch?: () => void;

  constructor(private readonly deps: DefinitionDeps) {
    // One watcher per process, whatever the number of sessions.
    this.unwatch = deps.backend.watchProfile?.((profile) => this.rebuild(profile));
  }

  /** The definitions for `permissions` under the backend's current profile (built on first use). */
  for(permissions: Permissions): ToolDefinitions {
    const key = keyOf(permissions);
    const current = this.byKey.get(key)?.defs;
    if (current && current.profile === this.deps.backend.profile) return current;
    const next = this.build(permissions, this.deps.backend.profile);
    this.byKey.set(key, { permissions, defs: next });
    return next;
  }

  /** The key sessions compare to know whether a change concerns them. */
  keyOf(permissions: Permissions): string {
    return keyOf(permissions);
  }

  /** Called with the keys whose tools/list changed after the account's settings changed. */
  subscribe(listener: (changed: ReadonlySet<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.unwatch?.();
    this.listeners.clear();
  }

  private rebuild(profile: VendorProfile): void {
    const changed = new Set<string>();
    for (const [key, { permissions, defs: old }] of this.byKey) {
      const next = this.build(permissions, profile);
      this.byKey.set(key, { permissions, defs: next });
      if (JSON.stringify(next.result) === JSON.stringify(old.result)) continue;
      changed.add(key);
      this.deps.logger.info("tools", `tool schemas rebuilt from ${profile.displayName}'s changed settings: ${next.catalog.listed.length} tools listed`);
    }
    if (!changed.size) return;
    for (const listener of this.listeners) listener(changed);
  }

  private build(permissions: Permissions, profile: VendorProfile): ToolDefinitions {
    const { config, backend, safety } = this.deps;
    const previous = this.tools;
    if (!previous || previous.profile !== profile) {
      this.tools = { profile, env: { backend, profile, safety, ...(this.deps.lookup ? { lookup: this.deps.lookup } : {}) }, byName: new Map() };
    }
    const shared = this.tools!;
    const bundled = bundledSchemasFor(profile);
    const catalog = selectTools(config, backend, permissions);
    const tools = new Map<string, SharedTool>();
    for (const spec of catalog.listed) {
      let tool = shared.byName.get(spec.name);
      if (!tool) {
        tool = defineShared(spec, shared.env, bundled?.[spec.name]);
        // Unchanged across a profile change: keep the old objects (same definition, same schemas).
        const old = previous?.byName.get(spec.name);
        if (old && JSON.stringify(old.definition) === JSON.stringify(tool.definition)) tool = old;
        shared.byName.set(spec.name, tool);
      }
      tools.set(spec.name, tool);
    }
    return {
      profile,
      env: shared.env,
      catalog,
      instructions: instructionsFor(profile, catalog),
      result: { tools: [...tools.values()].map((t) => t.definition) },
      tools,
    };
  }
}

/**
 * With the bundle's precomputed JSON Schemas, tools/list needs no zod object: each tool's zod schemas are then
 * built on its first call (most sessions call a few of the ~17 tools; building all of them was about a tenth of
 * the bundle's cold start). Without them (the tsc build, a profile the bundle did not see) they are built now,
 * for the conversion. Either way a tool builds its schemas once per profile.
 */
function defineShared(spec: ToolSpec, env: ToolEnv, bundled?: { input: Tool["inputSchema"]; output: Tool["outputSchema"] }): SharedTool {
  const title = typeof spec.title === "function" ? spec.title(env) : spec.title;
  const hints = typeof spec.annotations === "function" ? spec.annotations(env) : spec.annotations;
  let schemas: ReturnType<typeof toolSchemas> | undefined = bundled ? undefined : toolSchemas(spec, env);
  const zodSchemas = () => (schemas ??= toolSchemas(spec, env));
  return {
    spec,
    get inputSchema() {
      return zodSchemas().inputSchema;
    },
    get outputSchema() {
      return zodSchemas().outputSchema;
    },
    definition: {
      name: spec.name,
      title,
      description: spec.description(env),
      inputSchema: bundled?.input ?? jsonSchema(zodSchemas().inputSchema, "input"),
      outputSchema: bundled?.output ?? (jsonSchema(zodSchemas().outputSchema, "output") as Tool["outputSchema"]),
      // The four hints; the title is the tool's own `title` (MCP 2025-06-18 and later), not repeated here.
      annotations: hints,
    },
  };
}

/**
 * One SharedDefinitions per backend and catalogue configuration (a process has one; in-process tests may build
 * several servers over one backend). The safety services and logger are the backend's runtime's: one per process.
 */
const perBackend = new WeakMap<Backend, Map<string, SharedDefinitions>>();

export function sharedDefinitions(deps: DefinitionDeps): SharedDefinitions {
  let byConfig = perBackend.get(deps.backend);
  if (!byConfig) perBackend.set(deps.backend, (byConfig = new Map()));
  const key = JSON.stringify([deps.config.readOnly, deps.config.toolsets, deps.config.scopes ?? null]);
  let defs = byConfig.get(key);
  if (!defs) byConfig.set(key, (defs = new SharedDefinitions(deps)));
  return defs;
}
