import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/node-version.ts", "test/compile-cache.ts"],
    // A test's time limit is a deadline too: far beyond what any test takes on an idle machine (the slowest,
    // about 15 s, waits out a real rate limit), so two suites on two cores do not reach it. A hang still fails.
    testTimeout: 60_000,
    // Hooks start real servers (a spawned stdio or HTTP server, a sandbox, redis-server): on a loaded 2-core
    // machine one took over vitest's default 10 s and skipped a whole file. A hook that hangs still fails.
    hookTimeout: 60_000,
    pool: "forks",
    // Most of the suite waits on other processes (spawned servers, sandboxes over loopback, redis-server), not
    // on its own CPU; vitest's default on 2 cores (cores - 1 = one worker) ran the files one after the other.
    // One worker per core overlaps those waits without piling more CPU onto a machine already running two.
    maxWorkers: 2,
  },
});
