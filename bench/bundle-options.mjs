// Which layout should the Claude Desktop bundle ship? Packs both candidates with `mcpb pack`, unpacks them
// with `mcpb unpack`, and measures the .mcpb size, the unpacked size and file count, and the cold start:
// spawn `node <entry>` from the unpacked folder → initialize → tools/list answered (the sandbox, as a fresh
// install runs), median of RUNS runs each, the two candidates interleaved so machine load hits both alike.
//   node bench/bundle-options.mjs [runs]      (default 15; needs `npm ci`, no build needed)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { buildBundle } from "../scripts/bundle-entry.mjs";
import { pack, ROOT, stage } from "../scripts/bundle.mjs";

const RUNS = Number(process.argv[2] ?? 15);
const work = join(ROOT, "bench", ".tmp", "bundle-options");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const MCPB = join(ROOT, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");

function tree(dir) {
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
  }
  return { bytes, files };
}

const candidates = [];
const esbuildDir = await buildBundle(join(work, "esbuild"));
for (const variant of ["single", "deps"]) {
  const { manifest } = stage(variant, join(work, `staging-${variant}`), esbuildDir);
  const file = pack(join(work, `staging-${variant}`), join(work, `${variant}.mcpb`));
  const unpacked = join(work, `unpacked-${variant}`);
  const r = spawnSync(process.execPath, [MCPB, "unpack", file, unpacked], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  candidates.push({ variant, entry: join(unpacked, manifest.server.entry_point), mcpb: statSync(file).size, ...tree(unpacked), times: [] });
}

async function coldStart(entry) {
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry],
    env: { ...getDefaultEnvironment(), FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-bench-")) },
    stderr: "ignore",
  });
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const ms = performance.now() - started;
  await client.close();
  if (!tools.length) throw new Error("no tools listed");
  return ms;
}

for (const c of candidates) await coldStart(c.entry); // warm the OS file cache for both alike
for (let i = 0; i < RUNS; i++) for (const c of candidates) c.times.push(await coldStart(c.entry));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (b) => `${(b / 1024).toFixed(0)} kB`;
process.stdout.write(`node ${process.version}, ${RUNS} cold starts each (spawn → initialize → tools/list)\n`);
process.stdout.write("| layout | .mcpb | unpacked | files | cold start median | min | max |\n|---|---|---|---|---|---|---|\n");
for (const c of candidates) {
  const label = c.variant === "single" ? "single esbuild file (server/fsm-mcp.mjs + chunks)" : "dist/ + production node_modules";
  process.stdout.write(
    `| ${label} | ${kb(c.mcpb)} | ${kb(c.bytes)} | ${c.files} | ${median(c.times).toFixed(0)} ms | ${Math.min(...c.times).toFixed(0)} ms | ${Math.max(...c.times).toFixed(0)} ms |\n`,
  );
}
