import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/node-version.ts"],
    testTimeout: 20_000,
    // Hooks start real servers (a spawned stdio or HTTP server, a sandbox, redis-server): on a loaded 2-core
    // machine one took over vitest's default 10 s and skipped a whole file. A hook that hangs still fails.
    hookTimeout: 60_000,
    pool: "forks",
    // Most of the suite waits on other processes (spawned servers, sandboxes over loopback, redis-server), not
    // on its own CPU; vitest's default on 2 cores (one worker) ran the files one after the other. Three
    // workers on a 2-core machine overlap those waits; issue 15 measured the suite before and after.
    maxWorkers: 3,
  },
});
