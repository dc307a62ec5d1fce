/**
 * Preloaded into a server the benchmark spawns (`node --expose-gc --import ./bench/heap-probe.mjs <bin> …`):
 * on SIGUSR2 it collects garbage twice and writes one line to stderr, `[heap-probe] <heapUsed> <rss>` (bytes),
 * so the benchmark reads the real server's heap, not an estimate. Nothing else changes in the process.
 */
process.on("SIGUSR2", () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.stderr.write(`[heap-probe] ${heapUsed} ${rss}\n`);
});
