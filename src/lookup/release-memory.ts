/**
 * Give back the memory a fill or a load used on the way and no longer holds (issue 12: the index must cost at most
 * 80 MB of resident memory at 50,000 assets). Reading 50,000 records allocates a lot that dies young: V8 grows its
 * young generation to its maximum (32 MB committed on Node 22, two semi-spaces) and keeps it, and the old
 * generation keeps the pages its last collections freed. V8 gives both back only after a collection made to reduce
 * memory (its "memory reducer", which an idle stdio server never triggers); `--max-semi-space-size` set at run time
 * (v8.setFlagsFromString) does not change a heap already made. The one way in from JavaScript is the gc extension's
 * `flavor: "last-resort"` (CollectAllAvailableGarbage: full collections with the reduce-memory flag, which shrinks the
 * young generation to its initial 1 MB and releases free pages). It costs one set of full collections (tens of ms
 * at this size, measured in rss-findings.md), run once after a fill, a refresh or a load, never per lookup.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Collect = (options?: { type?: "major" | "minor"; execution?: "sync" | "async"; flavor?: "regular" | "last-resort" }) => void;

let collect: Collect | null | undefined;

/** The gc extension's function: turned on for new contexts only, so the server's own global gets no `gc`. */
function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString("--expose-gc");
    const found: unknown = runInNewContext("typeof gc === 'function' ? gc : undefined");
    collect = typeof found === "function" ? (found as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Collect with the reduce-memory flag; the time it took in ms (undefined: this runtime offers no such collection). */
export function releaseMemory(): number | undefined {
  const gc = collector();
  if (!gc) return undefined;
  const started = performance.now();
  gc({ type: "major", execution: "sync", flavor: "last-resort" });
  return performance.now() - started;
}
