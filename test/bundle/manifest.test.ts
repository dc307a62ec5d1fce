/**
 * manifest.json (the MCP Bundle manifest): valid for the mcpb CLI, in sync with package.json and the tool
 * registry, and every user_config field it passes to the server parses to the sandbox defaults when Claude
 * Desktop leaves it blank ("" or the literal `${user_config.…}` placeholder).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getMcpConfigForManifest, v0_3 } from "@anthropic-ai/mcpb";
import { describe, expect, it } from "vitest";
import { CONFIG_DOCS, loadConfig } from "../../src/config.js";
import { syncManifest } from "../../src/docs/manifest.js";

const ROOT = join(import.meta.dirname, "../..");
const MCPB = join(ROOT, "node_modules/@anthropic-ai/mcpb/dist/cli/cli.js");
const text = readFileSync(join(ROOT, "manifest.json"), "utf8");
const manifest = JSON.parse(text);
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const env: Record<string, string> = manifest.server.mcp_config.env;

/** The env Claude Desktop would start the server with for this user configuration (mcpb's own substitution). */
async function desktopEnv(userConfig: Record<string, string | boolean>): Promise<Record<string, string>> {
  const cfg = await getMcpConfigForManifest({ manifest, extensionPath: "/ext", systemDirs: { HOME: "/home/u" }, userConfig, pathSeparator: "/" });
  return cfg!.env!;
}

describe("MCP Bundle manifest", () => {
  it("passes `mcpb validate`", () => {
    const r = spawnSync(process.execPath, [MCPB, "validate", join(ROOT, "manifest.json")], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toMatch(/validation passes/i);
    expect(r.status).toBe(0);
    // The strict 0.3 schema (unknown keys fail), the version the manifest declares.
    expect(manifest.manifest_version).toBe("0.3");
    expect(v0_3.McpbManifestSchema.safeParse(manifest).success).toBe(true);
  });

  it("has the package.json version and the registry's tools (npm run manifest)", async () => {
    expect(manifest.version).toBe(pkg.version);
    expect(`${JSON.stringify(await syncManifest(manifest, pkg.version), null, 2)}\n`).toBe(text);
    expect(manifest.tools.length).toBeGreaterThan(10);
    expect(manifest.tools_generated).toBe(true);
  });

  it("keeps the name short (hosts prefix tool names with it) and declares node, privacy and platforms", () => {
    expect(manifest.name.length).toBeLessThanOrEqual(8);
    const longest = Math.max(...manifest.tools.map((t: { name: string }) => t.name.length));
    expect(`mcp__${manifest.name}__`.length + longest).toBeLessThanOrEqual(64);
    expect(manifest.server.type).toBe("node");
    expect(manifest.server.mcp_config.args).toEqual([`\${__dirname}/${manifest.server.entry_point}`]);
    expect(manifest.compatibility.runtimes.node).toBe(pkg.engines.node);
    expect(manifest.compatibility.platforms.sort()).toEqual(["darwin", "linux", "win32"]);
    expect(manifest.license).toBe(pkg.license);
    // The privacy policy is the README's Privacy section.
    expect(manifest.privacy_policies).toHaveLength(1);
    expect(manifest.privacy_policies[0]).toMatch(/#privacy$/);
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toMatch(/^## Privacy$/m);
  });

  it("passes every user_config field to the server through a documented variable; secrets are sensitive", () => {
    const documented = CONFIG_DOCS.flatMap((d) => d.variable.split(" / "));
    const used = new Set<string>();
    for (const [variable, value] of Object.entries(env)) {
      expect(documented).toContain(variable);
      const m = /^\$\{user_config\.([a-z_]+)\}$/.exec(value);
      expect(m, `${variable} passes a single user_config field`).not.toBeNull();
      expect(manifest.user_config[m![1]!], `user_config.${m![1]} exists`).toBeDefined();
      used.add(m![1]!);
    }
    expect([...used].sort()).toEqual(Object.keys(manifest.user_config).sort());
    const sensitive = Object.entries(manifest.user_config)
      .filter(([, o]) => (o as { sensitive?: boolean }).sensitive)
      .map(([k]) => k);
    expect(sensitive.sort()).toEqual(["api_key", "password"]);
    for (const [key, o] of Object.entries(manifest.user_config)) expect((o as { required?: boolean }).required, key).toBe(false);
  });

  it("gives the sandbox with defaults when every field is blank, whichever way Claude Desktop passes blanks", async () => {
    const defaults = loadConfig({});
    const literal = await desktopEnv({}); // fields without a default stay literal `${user_config.x}`
    expect(Object.values(literal).filter((v) => v.startsWith("${user_config.")).length).toBeGreaterThan(5);
    const empty = Object.fromEntries(Object.keys(env).map((k) => [k, ""]));
    const allLiteral = { ...env };
    for (const e of [literal, empty, allLiteral]) {
      const c = loadConfig(e);
      expect(c).toEqual(defaults);
      expect(c.mode).toBe("sandbox");
    }
  });

  it("parses the values Claude Desktop passes for filled-in fields, booleans as \"true\"/\"false\"", async () => {
    const live = loadConfig(
      await desktopEnv({ api_key: "fsm_live_abc123", read_only: true, toolsets: "jobs,customers", scopes: "jobs:read, customers:read" }),
    );
    expect(live).toMatchObject({
      mode: "live",
      vendor: "fsmnavigator",
      baseUrl: "https://fsmnavigator.com",
      readOnly: true,
      toolsets: ["jobs", "customers"],
      scopes: ["jobs:read", "customers:read"],
    });
    expect(loadConfig(await desktopEnv({ read_only: false })).readOnly).toBe(false);
    const tp = loadConfig(
      await desktopEnv({ vendor: "trackplanfm", base_url: "https://acme.trackplanfm.com", username: "dispatch", password: "pw-123456" }),
    );
    expect(tp).toMatchObject({ mode: "live", vendor: "trackplanfm", baseUrl: "https://acme.trackplanfm.com", username: "dispatch" });
  });
});
