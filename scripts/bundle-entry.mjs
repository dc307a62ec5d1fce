// Bundle the CLI and everything it imports into one ESM file (dist/bundle/fsm-mcp.mjs) for the MCP Bundle
// and for fast cold starts: one file to read instead of hundreds of modules. Dynamic imports (per-command
// code, the HTTP transport) become separate chunks so stdio never loads what it does not use.
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

/**
 * zod's namespaces re-export all of its ~50 error-message locales, so a bundle would parse and evaluate every
 * one of them at startup although zod only ever installs English (and this server never switches). Resolve
 * zod's locale index to English alone: about 20 ms of every cold start. `z.locales` then holds only `en`.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, "../locales/en.js"), namespace: "zod-locales" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: args.path.replace(/[\\/][^\\/]*$/, ""),
    }));
  },
};

/**
 * The SDK imports Ajv (and ajv-formats) at the top of its validator module, so a bundle evaluates all of Ajv
 * at every start, although the server creates a validator only when it first checks an elicitation answer
 * (src/server/build.ts: lazyValidator). Turn those two imports into requires inside the function that
 * creates the validator: esbuild bundles them the same, but evaluates them on first use (~9 ms of a cold
 * start). If the SDK's file no longer looks as expected, it is bundled unchanged.
 */
const sdkAjvOnFirstUse = {
  name: "sdk-ajv-on-first-use",
  setup(b) {
    b.onLoad({ filter: /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]validation[\\/]ajv-provider\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const imports = "import Ajv from 'ajv';\nimport _addFormats from 'ajv-formats';\n";
      const create = "function createDefaultAjvInstance() {\n";
      if (!source.includes(imports) || !source.includes(create)) {
        process.stderr.write("bundle: the SDK's ajv-provider.js changed; Ajv is evaluated at startup\n");
        return undefined;
      }
      const lazy = `${create}    const Ajv = require("ajv");\n    const _addFormats = require("ajv-formats");\n`;
      return { contents: source.replace(imports, "").replace(create, lazy), loader: "js" };
    });
  },
};

/**
 * Built-in modules from process.getBuiltinModule() instead of ESM imports. An ESM import of a built-in makes Node
 * build a module facade that reads every export once, and reading an export fires the built-in's lazy getters:
 * `node:crypto` loads WebCrypto, `node:util` its diff and colour helpers, `node:net` BlockList and SocketAddress,
 * and so on (~18 internal modules of a stdio server's start). getBuiltinModule() returns the module object, and
 * only what the code touches is loaded. esbuild writes a built-in import as one statement
 * (`import{a,b as c}from"node:x";`, `import*as m from"node:x";`, `import m from"node:x";`); each becomes a
 * `const` at the top of its chunk, before any code of the chunk runs (as the hoisted import was). A default
 * import beside named ones, or a bare `import"node:x";`, stays an import.
 */
const BUILTIN_IMPORT = /import(?:\{([^{}]*)\}|\*as ([\w$]+) | ([\w$]+) )from"(node:[\w/]+)";/g;

export function builtinImportsToConstants(source) {
  const constants = [];
  const rest = source.replace(BUILTIN_IMPORT, (statement, named, namespace, defaulted, id) => {
    const module = `process.getBuiltinModule(${JSON.stringify(id)})`;
    if (named !== undefined) {
      const bindings = named.split(",").filter(Boolean).map((spec) => {
        const [imported, local = imported] = spec.split(" as ");
        return imported === local ? imported : `${imported}:${local}`;
      });
      // `default` is the module object itself (a built-in's default export is its CommonJS exports).
      if (bindings.some((b) => b === "default" || b.startsWith("default:"))) return statement;
      constants.push(`const{${bindings.join(",")}}=${module};`);
    } else {
      constants.push(`const ${namespace ?? defaulted}=${module};`);
    }
    return "";
  });
  if (!constants.length) return source;
  // After the shebang and the banner's line (which defines `require`), before the chunk's first statement.
  const lines = rest.split("\n");
  const at = lines[0].startsWith("#!") ? 2 : 1;
  lines.splice(at, 0, constants.join(""));
  return lines.join("\n");
}

/**
 * Tool JSON Schemas for every registered vendor's profile (live and sandbox), computed with the tsc build's
 * own code (run `tsc` first; `npm run build` does) and inlined as __FSM_TOOL_SCHEMAS__: the bundled server
 * then skips converting them at startup (src/server/bundled-schemas.ts says when they apply).
 */
async function toolSchemasByProfile() {
  const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
  const [{ TOOLS }, { availableVendors, vendorModule }, { toolSchemas, jsonSchema }, { profileKey }] = await Promise.all([
    dist("tools/registry.js"),
    dist("vendors/index.js"),
    dist("server/build.js"),
    dist("server/bundled-schemas.js"),
  ]);
  const profiles = {};
  const variants = [];
  const seen = new Map();
  for (const vendor of availableVendors()) {
    // Schemas built from an account's own data (JobNimbus workflows) cannot be known at build time.
    if (vendorModule(vendor).profileFromAccount) continue;
    for (const sandbox of [false, true]) {
      const config = { vendor, apiKey: "fsm_test_bundle", username: "bundle", password: "bundle", timeoutMs: 1000, readOnly: false };
      let backend;
      try {
        backend = await vendorModule(vendor).createBackend(config, { origin: "http://127.0.0.1:9", sandbox });
      } catch (error) {
        process.stderr.write(`bundle: no precomputed tool schemas for ${vendor} (${error.message}); it converts them at startup\n`);
        continue;
      }
      const env = { backend, profile: backend.profile, safety: {} };
      const schemas = {};
      for (const tool of TOOLS) {
        if (tool.unavailable?.(backend)) continue;
        const { inputSchema, outputSchema } = toolSchemas(tool, env);
        schemas[tool.name] = { input: jsonSchema(inputSchema, "input"), output: jsonSchema(outputSchema, "output") };
      }
      await backend.close();
      const text = JSON.stringify(schemas);
      if (!seen.has(text)) {
        seen.set(text, variants.length);
        variants.push(schemas);
      }
      profiles[profileKey(backend.profile)] = seen.get(text);
    }
  }
  return { profiles, variants };
}

/**
 * Build into `outdir` (emptied first: chunk names carry content hashes, so stale chunks from an earlier build
 * would pile up). The metafile lands beside it (dist/bundle.meta.json for the default): which sources went
 * into which chunk, so tests can check what a mode loads.
 */
export async function buildBundle(outdir = fileURLToPath(new URL("../dist/bundle", import.meta.url))) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { "fsm-mcp": fileURLToPath(new URL("../src/bin.ts", import.meta.url)) },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22.13",
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    minifySyntax: true,
    // Whitespace only: V8 keeps every loaded script's source in memory (3 MB of an idle server's RSS less);
    // identifiers stay readable for stack traces.
    minifyWhitespace: true,
    legalComments: "none",
    // Some dependencies are CommonJS and call require(): give the ESM bundle one.
    banner: { js: 'import { createRequire as __fsmCreateRequire } from "node:module"; const require = __fsmCreateRequire(import.meta.url);' },
    define: {
      "process.env.FSM_BUNDLED_VERSION": JSON.stringify(pkg.version),
      __FSM_TOOL_SCHEMAS__: JSON.stringify(JSON.stringify(await toolSchemasByProfile())),
    },
    plugins: [zodEnglishOnly, sdkAjvOnFirstUse],
    metafile: true,
    logLevel: "warning",
  });
  for (const file of Object.keys(result.metafile.outputs)) {
    if (!file.endsWith(".mjs")) continue;
    const source = readFileSync(file, "utf8");
    const rewritten = builtinImportsToConstants(source);
    if (rewritten !== source) writeFileSync(file, rewritten);
  }
  writeFileSync(join(dirname(outdir), "bundle.meta.json"), JSON.stringify(result.metafile));
  return outdir;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await buildBundle();
