/**
 * vitest globalSetup: this run's own cache directory. The bundled bin (src/bin.ts) keeps Node's compile cache
 * under $XDG_CACHE_HOME; without this, every spawned server wrote into the developer's ~/.cache (or a shared
 * /tmp/.cache for tests that set HOME to the temp dir), shared with every other suite running on the machine
 * and left behind afterwards. Node tolerates a shared cache (an entry overwritten meanwhile fails its hash
 * check and is recompiled), so this is about isolation: each run starts from the same empty cache, touches
 * nothing outside its temp dir, and removes it at the end. Workers and the servers they spawn inherit the
 * variable (harnesses that pass a minimal environment add it: TEST_CACHE_ENV in test/e2e/harness.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function ownCacheDir(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "fsm-test-cache-"));
  process.env.XDG_CACHE_HOME = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
