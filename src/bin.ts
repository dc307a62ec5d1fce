#!/usr/bin/env node
/**
 * The published bin's first module (the bundle's entry, dist/bundle/fsm-mcp.mjs): turn on Node's module compile
 * cache, then load the command line (src/cli.ts). It must come first: a module compiled before the cache is on
 * is compiled from source at every start, and compiling the bundle's chunks was the largest single part of a
 * cold start (bench/run.mjs, cold start section).
 *
 * The cache lives in the OS cache directory (compileCacheDir), never in the working directory or FSM_STATE_DIR:
 * it can be deleted at any time and is rebuilt on the next start. Node keys it by its own version and checks
 * every entry against the module's source, so a rebuilt or upgraded fsm-mcp never runs stale code. A user's
 * NODE_COMPILE_CACHE wins (Node has turned the cache on already); NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import * as nodeModule from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";

/** Where the OS keeps a user's regenerable caches: $XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%. */
function compileCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "fsm-mcp", "cache", "compile");
  if (platform === "darwin") return join(homedir(), "Library", "Caches", "fsm-mcp", "compile");
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "fsm-mcp", "compile");
}

type EnableCompileCache = (dir?: string) => { status: number; message?: string };

try {
  // Node ≥ 22.1; absent before. An unwritable directory is not an error: Node reports it and compiles as usual.
  (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache?.(compileCacheDir(process.env));
} catch {
  // Only a speed-up: whatever went wrong (no home directory), start without it.
}

await import("./cli.js");
