/**
 * Test-only fault injection. A test queues FaultSpecs; the sandbox server consults the injector before
 * handling each request and lets runFault() decide what the client actually gets. "after_commit" kinds run
 * the real handler first (the write is applied) and then lose, delay or break the answer: the ambiguous
 * failures a safe client must reconcile without creating duplicates.
 *
 * Vendor-agnostic: the vendor sandbox supplies `errorResponse`, which words statuses in its error envelope.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { responseText, type SandboxResponse } from "./http.js";

export const FAULT_KINDS = [
  "status",
  "html",
  "malformed",
  "delay",
  "delay_after_commit",
  "reset",
  "reset_after_commit",
  "fail_after_commit",
  "commit_late",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /** Only this method (case-insensitive); any when omitted. */
  method?: string;
  /**
   * Matched against pathname + search. A string matches when the target starts with it
   * ("/api/v1/jobs" matches "/api/v1/jobs?id=5"); use a RegExp to be exact.
   */
  path?: string | RegExp;
  /** How many matching requests it hits (default 1; Infinity for all). */
  times?: number;
  kind: FaultKind;
  /** kind "status": the status to answer (required). "html": default 502. "fail_after_commit": default 500. */
  status?: number;
  /** kind "status" with 429: the Retry-After in seconds (default 1). */
  retryAfterSec?: number;
  /**
   * kinds "delay", "delay_after_commit" and "commit_late": milliseconds (default 1000). "commit_late" is the
   * vendor that reads the request at once and applies it only after the delay, even when the client has
   * given up meanwhile ("delay" reads it only after the delay, so a client gone by then leaves nothing).
   */
  delayMs?: number;
  /**
   * Kinds "delay", "delay_after_commit" and "commit_late": the hold also ends when this settles. A test holds
   * the answer "forever" (a long delayMs) and lets it go once its checks are made, instead of guessing a
   * duration that outlasts them on a loaded machine and then waiting it out.
   */
  release?: PromiseLike<unknown>;
  /**
   * Faults armed the moment this one fires: "the POST is lost after commit, and from then on the lookups
   * fail" without racing the client's own next request.
   */
  then?: FaultSpec[];
}

export interface FiredFault {
  kind: FaultKind;
  method: string;
  /** pathname + search of the request it hit. */
  target: string;
  at: string;
  spec: Readonly<FaultSpec>;
  /** When the real handler finished (the write was applied), for kinds that run it. */
  handledAt?: string;
}

export type FaultOutcome = { action: "respond"; response: SandboxResponse } | { action: "reset" };

export interface FaultContext {
  /** Run the real handler (applies writes). */
  handle(): Promise<SandboxResponse>;
  /** Read the whole request now (the handler reuses it), so it can be applied after the client has gone. */
  receive(): Promise<void>;
  /** The vendor's error response for a status (its envelope, Retry-After for 429). */
  errorResponse(status: number, options: { retryAfterSec?: number }): SandboxResponse;
  /** Aborted when the server closes: pending delays end at once. */
  signal: AbortSignal;
}

const DEFAULT_DELAY_MS = 1000;

const BAD_GATEWAY_HTML =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
  "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

interface PendingFault {
  spec: Readonly<FaultSpec>;
  remaining: number;
}

export class FaultInjector {
  /** Every fault that hit a request, oldest first. */
  readonly fired: FiredFault[] = [];
  private readonly pending: PendingFault[] = [];
  private readonly waiters = new Set<() => boolean>();

  /** `enabled: false` (the user-facing sandbox) makes add() throw, so no fault can be armed by accident. */
  constructor(readonly enabled = true) {}

  add(spec: FaultSpec): void {
    if (!this.enabled) throw new Error("Fault injection is disabled: start the sandbox with { faults: true }");
    validateSpec(spec);
    this.pending.push({ spec: { ...spec }, remaining: spec.times ?? 1 });
  }

  /** Drop every pending fault and forget the fired ones. */
  clear(): void {
    this.pending.length = 0;
    this.fired.length = 0;
  }

  /** Number of faults still armed (a spec with times: 3 counts once). */
  get armed(): number {
    return this.pending.length;
  }

  /** The first armed fault matching this request, consumed by one use; undefined when none. */
  take(method: string, target: string): Readonly<FaultSpec> | undefined {
    const index = this.pending.findIndex((fault) => matches(fault.spec, method, target));
    if (index < 0) return undefined;
    const fault = this.pending[index] as PendingFault;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending.splice(index, 1);
    this.fired.push({ kind: fault.spec.kind, method: method.toUpperCase(), target, at: new Date().toISOString(), spec: fault.spec });
    for (const next of fault.spec.then ?? []) this.add(next);
    this.notify();
    return fault.spec;
  }

  /** The sandbox ran the real handler for a request this fault hit (the write is applied). */
  handled(spec: Readonly<FaultSpec>): void {
    const f = this.fired.findLast((x) => x.spec === spec && x.handledAt === undefined);
    if (!f) return;
    f.handledAt = new Date().toISOString();
    this.notify();
  }

  /**
   * Resolves with the first fired fault that satisfies `match`, as soon as one does: a test synchronises on
   * what the sandbox saw (a POST arrived, its write was applied) instead of sleeping.
   */
  waitFor(match: (f: Readonly<FiredFault>) => boolean): Promise<FiredFault> {
    return new Promise((resolve) => {
      const check = () => {
        const f = this.fired.find(match);
        if (f) resolve(f);
        return f !== undefined;
      };
      if (!check()) this.waiters.add(check);
    });
  }

  private notify(): void {
    for (const check of [...this.waiters]) if (check()) this.waiters.delete(check);
  }
}

function matches(spec: Readonly<FaultSpec>, method: string, target: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  if (typeof spec.path === "string") return target.startsWith(spec.path);
  spec.path.lastIndex = 0; // a /g or /y RegExp would otherwise match every other time
  return spec.path.test(target);
}

function validateSpec(spec: FaultSpec): void {
  if (!FAULT_KINDS.includes(spec.kind)) throw new RangeError(`Unknown fault kind "${String(spec.kind)}"`);
  if (spec.times !== undefined && !(spec.times === Infinity || (Number.isInteger(spec.times) && spec.times >= 1))) {
    throw new RangeError("times must be a positive integer or Infinity");
  }
  if (spec.kind === "status" && (spec.status === undefined || spec.status < 400 || spec.status > 599)) {
    throw new RangeError('kind "status" needs a status between 400 and 599');
  }
  if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)) {
    throw new RangeError("status must be an HTTP status code");
  }
  if (spec.delayMs !== undefined && !(spec.delayMs >= 0)) throw new RangeError("delayMs must be ≥ 0");
  if (spec.retryAfterSec !== undefined && !(spec.retryAfterSec >= 0)) throw new RangeError("retryAfterSec must be ≥ 0");
  for (const next of spec.then ?? []) validateSpec(next);
}

/** What the client gets when `spec` hits a request. */
export async function runFault(spec: Readonly<FaultSpec>, ctx: FaultContext): Promise<FaultOutcome> {
  switch (spec.kind) {
    case "status":
      return respond(ctx.errorResponse(spec.status ?? 500, { retryAfterSec: spec.retryAfterSec ?? 1 }));
    case "html":
      return respond({ status: spec.status ?? 502, text: BAD_GATEWAY_HTML, contentType: "text/html; charset=utf-8" });
    case "reset":
      return { action: "reset" };
    case "delay":
      if (!(await wait(spec, ctx.signal))) return { action: "reset" };
      return respond(await ctx.handle());
    case "malformed": {
      const real = await ctx.handle();
      const text = responseText(real) || '{"data":[';
      return respond({
        status: 200,
        headers: real.headers,
        text: text.slice(0, Math.max(1, Math.floor(text.length / 2))),
        contentType: "application/json; charset=utf-8",
      });
    }
    case "commit_late": {
      await ctx.receive();
      if (!(await wait(spec, ctx.signal))) return { action: "reset" };
      return respond(await ctx.handle());
    }
    case "delay_after_commit": {
      const real = await ctx.handle();
      if (!(await wait(spec, ctx.signal))) return { action: "reset" };
      return respond(real);
    }
    case "reset_after_commit":
      await ctx.handle();
      return { action: "reset" };
    case "fail_after_commit":
      await ctx.handle();
      return respond(ctx.errorResponse(spec.status ?? 500, {}));
  }
}

function respond(response: SandboxResponse): FaultOutcome {
  return { action: "respond", response };
}

/** Hold for the spec's delay or until its `release` settles; false when the server closed meanwhile. */
async function wait(spec: Readonly<FaultSpec>, signal: AbortSignal): Promise<boolean> {
  const done = new AbortController();
  const stop = AbortSignal.any([signal, done.signal]);
  const released = spec.release ? Promise.resolve(spec.release).then(noop, noop) : new Promise<void>(noop);
  try {
    await Promise.race([sleep(spec.delayMs ?? DEFAULT_DELAY_MS, undefined, { signal: stop }), released]);
    return !signal.aborted;
  } catch {
    return false;
  } finally {
    done.abort(); // end the sleep's timer when the release came first
  }
}

function noop(): void {}
