/**
 * The generated parts of the MCP Bundle manifest (manifest.json at the repository root): the tool list and
 * the version. Claude Desktop shows `tools` on the install page before the server ever runs, so the list is
 * what a fresh install serves: the FSM Navigator sandbox with the default configuration. The real list
 * varies by vendor, read-only mode, toolsets and scopes, hence `tools_generated: true` in the manifest.
 * `npm run manifest` (and `npm run docs`) rewrites these fields; a test fails when they are stale.
 */
import { loadConfig } from "../config.js";
import { selectTools } from "../server/catalog.js";
import type { ToolEnv } from "../tools/types.js";
import { createFsmNavigatorBackend } from "../vendors/fsmnavigator/backend.js";

export interface ManifestTool {
  name: string;
  description: string;
}

/** The sandbox's listed tools, each with the first line of its description (the manifest is for display). */
export async function manifestTools(): Promise<ManifestTool[]> {
  // No request is sent: the backend is only asked for its profile (the port is never dialled).
  const backend = createFsmNavigatorBackend({ origin: "http://127.0.0.1:9", apiKey: "fsm_test_manifest", sandbox: true });
  try {
    const config = loadConfig({});
    const env: ToolEnv = { backend, profile: backend.profile, safety: {} };
    return selectTools(config, backend).listed.map((t) => ({ name: t.name, description: t.description(env).split("\n")[0]!.trim() }));
  } finally {
    await backend.close();
  }
}

/** The manifest with its generated fields brought up to date (key order preserved). */
export async function syncManifest(manifest: Record<string, unknown>, packageVersion: string): Promise<Record<string, unknown>> {
  return { ...manifest, version: packageVersion, tools: await manifestTools(), tools_generated: true };
}
