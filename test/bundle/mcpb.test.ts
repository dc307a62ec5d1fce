/**
 * The Claude Desktop bundle end to end: `npm run bundle` (into a temp work dir), `mcpb unpack` the .mcpb,
 * then start the server from the unpacked folder the way Claude Desktop does: command, args and env from
 * the manifest's mcp_config with mcpb's own substitution (`${__dirname}` = the folder; blank fields left as
 * their literal `${user_config.…}` placeholders), and list its tools with the SDK Client over stdio.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getMcpConfigForManifest } from "@anthropic-ai/mcpb";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CACHE_ENV } from "../e2e/harness.js";

const ROOT = join(import.meta.dirname, "../..");
const MCPB = join(ROOT, "node_modules/@anthropic-ai/mcpb/dist/cli/cli.js");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let work: string;
let unpacked: string;
let manifest: any;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "fsm-mcpb-"));
  const built = spawnSync(npm, ["run", "--silent", "bundle", "--", "--work", work], { cwd: ROOT, encoding: "utf8" });
  expect(built.status, built.stderr).toBe(0);
  unpacked = join(work, "unpacked");
  const r = spawnSync(process.execPath, [MCPB, "unpack", join(work, "fsm-mcp.mcpb"), unpacked], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  manifest = JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8"));
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("npm run bundle", () => {
  it("packs the single-file server and the manifest, nothing else of the repository", () => {
    expect(manifest).toEqual(JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")));
    const files = readdirSync(unpacked, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(unpacked.length + 1).replaceAll("\\", "/"));
    expect(files).toContain(manifest.server.entry_point);
    expect(files.filter((f) => !f.startsWith("server/")).sort()).toEqual(["README.md", "manifest.json"]);
    expect(files.some((f) => f.includes("node_modules"))).toBe(false);
    expect(statSync(join(work, "fsm-mcp.mcpb")).size).toBeLessThan(2 * 1024 * 1024);
  });

  it("starts from the unpacked folder as Claude Desktop would and lists the manifest's tools", async () => {
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: unpacked,
      systemDirs: { HOME: tmpdir() },
      userConfig: {},
      pathSeparator: "/",
    });
    expect(config).toBeDefined();
    const env = config!.env!;
    // The blank fields really do reach the server as literal placeholders (the case being tested).
    expect(env.FSM_API_KEY).toBe("${user_config.api_key}");
    expect(config!.args![0]).toBe(join(unpacked, manifest.server.entry_point));
    expect(existsSync(config!.args![0]!)).toBe(true);

    const transport = new StdioClientTransport({
      // Claude Desktop runs `node` (its own runtime); here the Node running the tests.
      command: config!.command === "node" ? process.execPath : config!.command,
      args: config!.args,
      // Only what the manifest passes, plus PATH and a private state dir: nothing inherited from the repository.
      env: { ...env, PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, HOME: tmpdir(), FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-mcpb-state-")) },
      cwd: tmpdir(),
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: "bundle-test", version: "0" });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()?.version).toBe(manifest.version);
      const { tools } = await client.listTools();
      // The manifest's display list is exactly what the fresh install (the sandbox) serves.
      expect(tools.map((t) => ({ name: t.name, description: t.description!.split("\n")[0]!.trim() }))).toEqual(manifest.tools);
      const r = await client.callTool({ name: "list_jobs", arguments: { per_page: 1 } });
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      expect(stderr).toMatch(/sandbox/);
    } finally {
      await client.close();
    }
  });
});
