/**
 * Give back the memory a fill or a load used on the way and no longer holds (issue 12: the index must cost at most
 * 80 MB of resident memory at 50,000 assets). Reading 50,000 records allocates a lot that dies young: V8 grows its
 * young generation to its maximum (32 MB committed on Node 22, up to 128 MB on Node 24) and keeps it, and the old
 * generation keeps the pages its last collections freed. V8 gives both back only after a collection made to reduce
 * memory (its "memory reducer", which an idle stdio server never triggers); `--max-semi-space-size` set at run time
 * (v8.setFlagsFromString) does not change a heap already made, and the bin cannot put it on node's command line
 * portably. The one way in from JavaScript is the gc extension's `flavor: "last-resort"` (V8's
 * CollectAllAvailableGarbage: full collections with the reduce-memory flag, which shrink the young generation to
 * its initial 1 MB and release free pages). It costs one set of full collections (50–200 ms at 50,000 assets,
 * more on a loaded machine), run once after a fill, a refresh or a load, and after a quiet burst of lookups; never
 * per lookup.
 *
 * How it is reached, and why that is acceptable: `v8.setFlagsFromString('--expose-gc')` then `gc` taken from a new
 * context (the server's own global gets no `gc`). Node documents flags set after start as possibly unpredictable;
 * this one only installs the extension in contexts made afterwards, and the same call is how Jest measures heap
 * use (`--logHeapUsage`). Chosen over `v8.queryObjects()` (experimental: it prints a warning, and it walks the
 * whole heap after its collection: 330 ms against 68 ms, and it gave back less, measured on Node 22). Where the
 * extension is missing the release is skipped: memory stays as it was, nothing else changes.
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
export const WORTH_RELEASING = 16 * 1048576;

export interface IdleReleaseOptions {
  /** Not now (a fill is running: it releases once at its end). */
  busy?: () => boolean;
  log?: (message: string) => void;
  /** Seams for tests: the collection, and the heap's committed bytes. */
  release?: () => number | undefined;
  heapBytes?: () => number;
}

/**
 * Lookups on broad phrases ("rooftop unit": thousands of matches) allocate tens of MB of short-lived objects: the
 * young generation grows back to its maximum and the old generation with it, and V8 keeps both while the server
 * idles (measured: +70 MB after 40 such lookups, given back by one release). `touch()` on every lookup; once the
 * lookups have been quiet for IDLE_RELEASE_MS and the heap has grown by WORTH_RELEASING, one release. The timer
 * never keeps the process alive and decides nothing a caller sees: only how soon memory goes back.
 */
export class IdleRelease {
  private timer: NodeJS.Timeout | undefined;
  private readonly release: () => number | undefined;
  private readonly heapBytes: () => number;
  private base: number;

  constructor(private readonly opts: IdleReleaseOptions = {}) {
    this.release = opts.release ?? releaseMemory;
    this.heapBytes = opts.heapBytes ?? (() => process.memoryUsage().heapTotal);
    this.base = this.heapBytes();
  }

  /** A lookup ran: release once they have been quiet for a while. */
  touch(): void {
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => this.fire(), IDLE_RELEASE_MS);
      this.timer.unref();
    }
  }

  /** Release now (after a fill or a load); the time it took in ms (undefined: not available). Growth is counted from here. */
  releaseNow(): number | undefined {
    const ms = this.release();
    this.base = this.heapBytes();
    return ms;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    if (this.opts.busy?.() || this.heapBytes() - this.base < WORTH_RELEASING) return;
    const ms = this.releaseNow();
    if (ms !== undefined) this.opts.log?.(`lookup memory released after idle lookups (${Math.round(ms)} ms)`);
  }
}
