#!/usr/bin/env node
/**
 * Probe for issue 12 item 4 (lookup index ≤ 80 MB RSS at 50,000 assets): where the fill's resident memory goes and
 * whether filling in a worker_threads Worker gives it back. Not part of `npm run bench`.
 *
 *   node bench/probe/rss-probe.mjs inline|worker|load
 *
 * The parent runs the FSM Navigator sandbox with the large account; a child process (rss-child.mjs) holds the
 * lookup and reports its own RSS: idle (its code loaded), after the index is ready, after a reduce-memory collection.
 *   inline: the fill runs in the child's main thread (what the server does today).
 *   worker: a Worker fills and saves the index, then ends; the main thread loads the saved index from disk.
 *   load:   the main thread loads an index a previous `inline` run saved (a restart), in the same state dir.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../lib.mjs";

const modes = process.argv.slice(2).length ? process.argv.slice(2) : ["inline", "load", "worker"];
const m = await import(pathToFileURL(join(ROOT, "dist/sandbox/fsmnavigator/index.js")).href);
const sb = await m.startFsmNavigatorSandbox({ rateLimit: false, scale: "large" });
const stateDir = mkdtempSync(join(tmpdir(), "fsm-rss-probe-"));
try {
  for (const mode of modes) {
    const child = fork(join(ROOT, "bench/probe/rss-child.mjs"), [mode], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PROBE_VERBOSE: process.env.PROBE_VERBOSE ?? "", FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sb.url, FSM_API_KEY: m.DEFAULT_DEMO_KEY.key, FSM_STATE_DIR: mode === "worker" ? join(stateDir, "w") : stateDir },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    await new Promise((resolve) => child.on("exit", resolve));
  }
} finally {
  await sb.close();
  rmSync(stateDir, { recursive: true, force: true });
}
