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

/** Quiet time after the last lookup before its garbage is given back (a burst of lookups pays no collection). */
export const IDLE_RELEASE_MS = 5_000;
/** Heap growth since the last release that is worth a collection (smaller: the young generation alone). */
const WORTH_RELEASING = 16 * 1048576;

/**
 * Lookups on broad phrases ("rooftop unit": thousands of matches) allocate tens of MB of short-lived objects: the
 * young generation grows back to its maximum and the old generation with it, and V8 keeps both while the server
 * idles (measured: +70 MB after 40 such lookups, given back by one release). `touch()` on every lookup; once the
 * lookups have been quiet for IDLE_RELEASE_MS and the heap has grown, one release. The timer never keeps the
 * process alive and decides nothing a caller sees: only how soon memory goes back.
 */
export class IdleRelease {
  private timer: NodeJS.Timeout | undefined;
  private base = heapCommitted();

  constructor(private readonly log?: (message: string) => void) {}

  /** A lookup ran: release once they have been quiet for a while. */
  touch(): void {
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => this.fire(), IDLE_RELEASE_MS);
      this.timer.unref();
    }
  }

  /** After a release made elsewhere (a fill, a load): growth is counted from here. */
  reset(): void {
    this.base = heapCommitted();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    if (heapCommitted() - this.base < WORTH_RELEASING) return;
    const ms = releaseMemory();
    this.base = heapCommitted();
    if (ms !== undefined) this.log?.(`lookup memory released after idle (${Math.round(ms)} ms)`);
  }
}

function heapCommitted(): number {
  return process.memoryUsage().heapTotal;
}
