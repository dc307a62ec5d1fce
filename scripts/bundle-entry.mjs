// Bundle the CLI and everything it imports into one ESM file (dist/bundle/fsm-mcp.mjs) for the MCP Bundle
// and for fast cold starts: one file to read instead of hundreds of modules. Dynamic imports (per-command
// code, the HTTP transport) become separate chunks so stdio never loads what it does not use.
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

/** Build into `outdir` (emptied first: chunk names carry content hashes, so old chunks would pile up). */
export async function buildBundle(outdir = fileURLToPath(new URL("../dist/bundle", import.meta.url))) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { "fsm-mcp": fileURLToPath(new URL("../src/cli.ts", import.meta.url)) },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.18",
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    minifySyntax: true,
    legalComments: "none",
    // Some dependencies are CommonJS and call require(): give the ESM bundle one.
    banner: { js: 'import { createRequire as __fsmCreateRequire } from "node:module"; const require = __fsmCreateRequire(import.meta.url);' },
    define: { "process.env.FSM_BUNDLED_VERSION": JSON.stringify(pkg.version) },
    logLevel: "warning",
  });
  return outdir;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await buildBundle();
