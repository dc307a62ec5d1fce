// Bundle the CLI and everything it imports into one ESM file (dist/bundle/fsm-mcp.mjs) for the MCP Bundle
// and for fast cold starts: one file to read instead of hundreds of modules. Dynamic imports (per-command
// code, the HTTP transport) become separate chunks so stdio never loads what it does not use.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: { "fsm-mcp": new URL("../src/cli.ts", import.meta.url).pathname },
  outdir: new URL("../dist/bundle", import.meta.url).pathname,
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
