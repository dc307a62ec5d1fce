// Build the Claude Desktop bundle: the esbuild single file (dist/bundle/), staged with manifest.json in
// .bundle-staging/, then `mcpb pack`ed into fsm-mcp.mcpb (`npm run bundle`). `--work DIR` puts all three
// under DIR instead (the test uses it, so it never rewrites files that other tests are reading).
//
// Layout choice (measured by bench/bundle-options.mjs, figures in the README "Claude Desktop" section):
// the single esbuild file (server/fsm-mcp.mjs + its per-command chunks, no node_modules) against dist/ +
// production node_modules. The single file is ~8x smaller as a .mcpb (567 kB vs 4.4 MB), unpacks to 19 files
// instead of 2,654, and answered initialize + tools/list faster from a cold start in every run (median of 21:
// 1,079 vs 1,727 ms on a loaded 2-core machine), so the bundle ships it.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildBundle } from "./bundle-entry.mjs";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const STAGING = join(ROOT, ".bundle-staging");
export const OUTPUT = join(ROOT, "fsm-mcp.mcpb");
const MCPB = join(ROOT, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");

/**
 * Stage a bundle folder. "single": the esbuild output under server/ (what we ship). "deps": dist/ plus
 * production dependencies installed from the lockfile (kept for the measurement only).
 */
export function stage(variant = "single", dir = STAGING, esbuildDir = join(ROOT, "dist", "bundle")) {
  const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8"));
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  if (manifest.version !== pkg.version) throw new Error(`manifest.json version ${manifest.version} != package.json ${pkg.version}: run npm run manifest`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, "README.md"), join(dir, "README.md"));

  if (variant === "single") {
    if (!existsSync(join(esbuildDir, "fsm-mcp.mjs"))) throw new Error(`${esbuildDir}/fsm-mcp.mjs is missing: run npm run build:bundle`);
    cpSync(esbuildDir, join(dir, "server"), { recursive: true });
  } else if (variant === "deps") {
    cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true, filter: (src) => !src.startsWith(join(ROOT, "dist", "bundle")) });
    const { devDependencies: _dev, scripts: _scripts, ...runtimePkg } = pkg;
    writeFileSync(join(dir, "package.json"), `${JSON.stringify(runtimePkg, null, 2)}\n`);
    cpSync(join(ROOT, "package-lock.json"), join(dir, "package-lock.json"));
    run("npm", ["ci", "--omit=dev", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"], dir);
    const entryPoint = "dist/cli.js";
    manifest.server = { ...manifest.server, entry_point: entryPoint, mcp_config: { ...manifest.server.mcp_config, args: [`\${__dirname}/${entryPoint}`] } };
  } else {
    throw new Error(`unknown bundle variant ${variant}`);
  }
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  if (!existsSync(join(dir, manifest.server.entry_point))) throw new Error(`entry point ${manifest.server.entry_point} missing from the staged bundle`);
  return { dir, manifest };
}

/** `mcpb pack` (it validates the manifest first and exits non-zero when it is invalid). */
export function pack(dir = STAGING, output = OUTPUT) {
  mkdirSync(dirname(output), { recursive: true });
  run(process.execPath, [MCPB, "pack", dir, output], ROOT, true);
  return output;
}

function run(command, args, cwd, quiet = false) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", stdio: quiet ? "pipe" : ["ignore", "inherit", "inherit"], shell: process.platform === "win32" });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status})\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  return r;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { work: { type: "string" } } });
  const work = values.work;
  const esbuildDir = await buildBundle(work ? join(work, "esbuild") : undefined);
  const { dir } = stage("single", work ? join(work, "staging") : STAGING, esbuildDir);
  const out = pack(dir, work ? join(work, "fsm-mcp.mcpb") : OUTPUT);
  const size = readFileSync(out).length;
  process.stderr.write(`${out} (${(size / 1024).toFixed(0)} kB): install it by double-clicking it or dragging it into Claude Desktop's Settings → Extensions\n`);
}
