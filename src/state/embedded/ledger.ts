/**
 * The embedded idempotency ledger (the laptop default): files under the state directory, no dependency.
 *
 * - Results live in an append-only journal (`idempotency.jsonl`): one line per recorded key, written with a
 *   single O_APPEND write and fsync'd. Each line starts and ends with a newline, so a line torn by a crash
 *   is closed off by the next writer and skipped by every reader; nothing is ever rewritten, so nothing
 *   written before can be lost. Readers keep an in-memory index and read only what was appended since.
 * - A key in flight is a claim file of its own (`idempotency.claims/<sha256>`), created atomically (written
 *   to a temp file, then hard-linked into place: the link fails if another claim exists), so two claims of
 *   different keys never touch the same file and a claim is never half-written.
 * - A claim names its owner: pid, the process's start time and the machine's boot id. A claim whose owner is
 *   gone (no such pid, the pid now belongs to a later process, or the machine rebooted) is taken over at once,
 *   with what it knew (`orphaned`): the pipeline then looks the record up instead of sending blind.
 * - Within one process, a second claim of a key in flight waits on the first one's promise (no polling);
 *   across processes it waits on a directory watch, re-checking the owner's liveness every second.
 *
 * Why not SQLite: `node:sqlite` is synchronous (a busy database would stall every session of the server) and
 * needs Node ≥ 22.13; a native module would need a compiler or prebuilt binaries on a fresh machine. The
 * journal needs neither, and each claim costs two small files in a directory of its own.
 */
import { nodeCrypto } from "../../lazy-crypto.js";
import { watch, type FSWatcher } from "node:fs";
import { link, mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { IdempotencyConflictError } from "../../domain/errors.js";
import type { Id } from "../../domain/types.js";
import type { Claim, IdempotencyLedger, SendingInfo } from "../types.js";
import { isAlive, selfOwner, type Owner } from "./owner.js";

/** Arguments that do not change what is created, so they are left out of the hash. */
const CONTROL_ARGS = new Set(["idempotency_key", "dry_run", "confirm", "response_format"]);
const RETENTION_MS = 30 * 24 * 3600 * 1000;
/** Across processes: how often a waiting claim re-checks that the owner still lives (a watch wakes it sooner). */
const FOREIGN_RECHECK_MS = 1000;

export function argsHash(args: Record<string, unknown>): string {
  return nodeCrypto().createHash("sha256").update(canonical(Object.fromEntries(Object.entries(args).filter(([k]) => !CONTROL_ARGS.has(k))))).digest("hex");
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * Claims this process holds and has not yet recorded or released, by claim file (process-wide, so two
 * ledgers on one state dir in one process see each other's): other calls here wait on `done`.
 */
const inflight = new Map<string, { token: string; done: Promise<void>; finish: () => void }>();

interface Recorded {
  hash: string;
  id: Id;
  at: string;
}

/** The content of a claim file. */
interface ClaimFile {
  owner: Owner;
  token: string;
  hash: string;
  at: string;
  /** Set just before the request leaves: what the pipeline needs to reconcile if this owner dies. */
  sending?: SendingInfo;
  /** The owner gave the key up after a send whose outcome stayed unknown: the next claim reconciles first. */
  uncertain?: true;
}

export class EmbeddedLedger implements IdempotencyLedger {
  private readonly journal: string;
  private readonly claims: string;
  private readonly owner = selfOwner();
  /** Recorded results by ledger key, as far as the journal has been read. */
  private readonly index = new Map<string, Recorded>();
  private readOffset = 0;
  private appendHandle?: Promise<FileHandle>;
  private ready?: Promise<void>;
  private watcher?: FSWatcher;
  private readonly wakeups = new Set<() => void>();

  /**
   * @param dir the state directory
   * @param namespace which vendor account the ids belong to (vendor + origin; a per-run nonce for the
   *   sandbox, whose ids mean nothing after it stops)
   */
  constructor(
    dir: string,
    readonly namespace: string,
  ) {
    this.journal = join(dir, "idempotency.jsonl");
    this.claims = join(dir, "idempotency.claims");
  }

  private keyOf(tool: string, key: string): string {
    return `${this.namespace}|${tool}|${key}`;
  }

  private claimPath(k: string): string {
    return join(this.claims, nodeCrypto().createHash("sha256").update(k).digest("hex"));
  }

  private init(): Promise<void> {
    this.ready ??= mkdir(this.claims, { recursive: true, mode: 0o700 }).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined; // try again next call: the directory may be fixed meanwhile
        throw ledgerError("open its folder", err);
      },
    );
    return this.ready;
  }

  async lookup(tool: string, key: string, args: Record<string, unknown>): Promise<{ id: Id } | undefined> {
    await this.init();
    const k = this.keyOf(tool, key);
    await this.refresh();
    const rec = this.index.get(k);
    if (rec) {
      checkSameArgs(rec.hash, key, args, { previous_id: rec.id, first_used_at: rec.at });
      return { id: rec.id };
    }
    const held = await readClaim(this.claimPath(k));
    if (held) checkSameArgs(held.hash, key, args, { in_flight_since: held.at });
    return undefined;
  }

  async claim(tool: string, key: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<Claim> {
    await this.init();
    const k = this.keyOf(tool, key);
    const hash = argsHash(args);
    const file = this.claimPath(k);
    for (;;) {
      signal?.throwIfAborted();
      await this.refresh();
      const rec = this.index.get(k);
      if (rec) {
        checkSameArgs(rec.hash, key, args, { previous_id: rec.id, first_used_at: rec.at });
        return { replay: rec.id };
      }
      // Same process: wait for the call in flight to finish, on its promise.
      const local = inflight.get(file);
      if (local) {
        const held = await readClaim(file);
        if (held) checkSameArgs(held.hash, key, args, { in_flight_since: held.at });
        await abortable(local.done, signal);
        continue;
      }
      const token = `${process.pid}.${nodeCrypto().randomBytes(6).toString("hex")}`;
      const mine: ClaimFile = { owner: this.owner, token, hash, at: new Date().toISOString() };
      // Held before the file exists, so a call here that finds the file also finds it in flight.
      this.hold(file, token);
      let created: boolean;
      try {
        created = await createExclusive(file, mine, this.claims);
      } catch (err) {
        this.settle(file, token);
        throw err;
      }
      if (created) {
        // A record may have landed between the journal read and the claim (another process finishing).
        await this.refresh();
        const late = this.index.get(k);
        if (late) {
          await rm(file, { force: true });
          this.settle(file, token);
          checkSameArgs(late.hash, key, args, { previous_id: late.id, first_used_at: late.at });
          return { replay: late.id };
        }
        return { token };
      }
      this.settle(file, token);
      const held = await readClaim(file);
      if (!held) continue; // released meanwhile, or being replaced: try again
      checkSameArgs(held.hash, key, args, { in_flight_since: held.at });
      if (!this.abandoned(held)) {
        await this.waitForeign(signal);
        continue;
      }
      // Its owner is gone (or gave it up uncertain): take it over, keeping what it knew.
      // What the dead call sent stays with the key until someone learns the outcome.
      this.hold(file, token);
      const taken = await this.takeOver(file, held, held.sending ? { ...mine, sending: held.sending } : mine).catch((err: unknown) => {
        this.settle(file, token);
        throw err;
      });
      if (!taken) {
        this.settle(file, token);
        continue;
      }
      return { token, orphaned: { since: held.at, ...(held.sending ? { sending: held.sending } : {}) } };
    }
  }

  async sending(tool: string, key: string, token: string, info: SendingInfo): Promise<void> {
    const file = this.claimPath(this.keyOf(tool, key));
    const held = await readClaim(file);
    if (held?.token !== token) return;
    await replaceFile(file, { ...held, sending: info }, this.claims).catch((err: unknown) => {
      throw ledgerError("note a send", err);
    });
  }

  async release(tool: string, key: string, token: string, opts: { uncertain?: boolean } = {}): Promise<void> {
    const k = this.keyOf(tool, key);
    const file = this.claimPath(k);
    try {
      const held = await readClaim(file);
      if (held?.token !== token) return;
      if (opts.uncertain) await replaceFile(file, { ...held, uncertain: true }, this.claims);
      else await rm(file, { force: true });
    } finally {
      this.settle(file, token);
    }
  }

  async record(tool: string, key: string, args: Record<string, unknown>, id: Id, token?: string): Promise<void> {
    await this.init();
    const k = this.keyOf(tool, key);
    const entry = { k, hash: argsHash(args), id, at: new Date().toISOString() };
    try {
      const handle = await (this.appendHandle ??= open(this.journal, "a", 0o600));
      // One write: O_APPEND places it whole at the end even with other processes appending.
      await handle.write(`\n${JSON.stringify(entry)}\n`);
      await handle.datasync();
    } catch (err) {
      this.appendHandle = undefined;
      throw ledgerError("record a result", err);
    }
    this.index.set(k, { hash: entry.hash, id, at: entry.at });
    if (token) {
      const file = this.claimPath(k);
      const held = await readClaim(file);
      if (held?.token === token) await rm(file, { force: true });
      this.settle(file, token);
    }
  }

  async close(): Promise<void> {
    this.watcher?.close();
    this.watcher = undefined;
    const handle = await this.appendHandle?.catch(() => undefined);
    this.appendHandle = undefined;
    await handle?.close().catch(() => undefined);
  }

  private hold(file: string, token: string): void {
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    inflight.set(file, { token, done, finish });
  }

  private settle(file: string, token: string): void {
    const held = inflight.get(file);
    if (held?.token !== token) return;
    inflight.delete(file);
    held.finish();
  }

  /** A claim nobody will finish: its owner died, gave it up uncertain, or is this process without the call. */
  private abandoned(c: ClaimFile): boolean {
    if (c.uncertain) return true;
    if (c.owner.pid === this.owner.pid && c.owner.start === this.owner.start && c.owner.boot === this.owner.boot) {
      return ![...inflight.values()].some((h) => h.token === c.token);
    }
    return !isAlive(c.owner, this.owner);
  }

  /** Move the dead claim aside (only one taker wins the rename), then place ours. */
  private async takeOver(file: string, held: ClaimFile, mine: ClaimFile): Promise<boolean> {
    const aside = join(this.claims, `.orphan-${nodeCrypto().randomBytes(6).toString("hex")}`);
    try {
      await rename(file, aside);
    } catch {
      return false; // someone else took it over first
    }
    const moved = await readClaim(aside);
    await rm(aside, { force: true });
    if (moved?.token !== held.token) {
      // It changed between the read and the rename: put nothing back, start over.
      return false;
    }
    return createExclusive(file, mine, this.claims);
  }

  /** Wait for another process's claim to end: a watch on the claims folder, and a liveness check each second. */
  private async waitForeign(signal?: AbortSignal): Promise<void> {
    this.watcher ??= watchQuietly(this.claims, () => {
      for (const wake of [...this.wakeups]) wake();
    });
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeups.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, FOREIGN_RECHECK_MS);
      this.wakeups.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  /** Read what other writers appended since the last read; skip torn and foreign lines. */
  private async refresh(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.journal, "r");
    } catch {
      return;
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.readOffset) return;
      const buf = Buffer.alloc(size - this.readOffset);
      const { bytesRead } = await handle.read(buf, 0, buf.length, this.readOffset);
      const text = buf.subarray(0, bytesRead).toString("utf8");
      const end = text.lastIndexOf("\n");
      if (end < 0) return;
      this.readOffset += Buffer.byteLength(text.slice(0, end + 1));
      const cutoff = Date.now() - RETENTION_MS;
      for (const line of text.slice(0, end).split("\n")) {
        if (!line) continue;
        let e: { k?: unknown; hash?: unknown; id?: unknown; at?: unknown };
        try {
          e = JSON.parse(line) as typeof e;
        } catch {
          continue; // a line torn by a crash
        }
        if (typeof e.k !== "string" || typeof e.hash !== "string" || typeof e.at !== "string" || (typeof e.id !== "string" && typeof e.id !== "number")) continue;
        if (Date.parse(e.at) < cutoff) continue;
        this.index.set(e.k, { hash: e.hash, id: e.id, at: e.at });
      }
    } finally {
      await handle.close();
    }
  }
}

/** A file-system failure, said without the machine's paths (they never reach a tool result). */
function ledgerError(what: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException)?.code ?? "error";
  return new Error(`the idempotency ledger could not ${what} (${code}); check that FSM_STATE_DIR names a writable directory. Nothing was sent.`);
}

function checkSameArgs(hash: string, key: string, args: Record<string, unknown>, previous: Record<string, unknown>): void {
  if (hash === argsHash(args)) return;
  throw new IdempotencyConflictError(key, previous);
}

async function readClaim(file: string): Promise<ClaimFile | undefined> {
  try {
    const c = JSON.parse(await readFile(file, "utf8")) as ClaimFile;
    return c && typeof c.token === "string" && c.owner ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Write a complete claim to a temp file and link it into place: false when a claim is already there. */
async function createExclusive(file: string, content: ClaimFile, dir: string): Promise<boolean> {
  const tmp = join(dir, `.tmp-${nodeCrypto().randomBytes(6).toString("hex")}`);
  try {
    await writeFile(tmp, JSON.stringify(content), { mode: 0o600 });
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw ledgerError("claim a key", err);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Replace our own claim whole: a crash leaves the old content or the new, never half of one. */
async function replaceFile(file: string, content: ClaimFile, dir: string): Promise<void> {
  const tmp = join(dir, `.tmp-${nodeCrypto().randomBytes(6).toString("hex")}`);
  await writeFile(tmp, JSON.stringify(content), { mode: 0o600 });
  await rename(tmp, file);
}

function watchQuietly(dir: string, onChange: () => void): FSWatcher | undefined {
  try {
    const w = watch(dir, { persistent: false }, onChange);
    w.on("error", () => undefined);
    return w;
  } catch {
    return undefined; // no watch support: the liveness re-check still ends the wait
  }
}

function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
