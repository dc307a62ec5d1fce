/**
 * Idempotency ledger: a small JSON file under the state directory mapping (namespace, tool, key) to the
 * hash of the arguments and the id created. Safe against concurrent writers (an O_EXCL lock file) and
 * crashes (write to a temp file, then rename).
 *
 * A call that is about to send first claims its key (a pending entry, under the lock), so the same key sent
 * twice at once, by one server or by two sharing the state dir, sends once: the second waits for the first
 * and replays its result. A claim is released when the call sends nothing or fails, and a pending entry
 * left by a crashed process expires after PENDING_STALE_MS.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { IdempotencyConflictError } from "../domain/errors.js";
import type { Id } from "../domain/types.js";
import type { IdempotencyLedger } from "../state/types.js";

interface Entry {
  hash: string;
  /** Absent while the key is claimed by a call still in flight. */
  id?: Id;
  at: string;
  /** Set while in flight: which claim holds the key. */
  pending?: string;
}

/** What `claim` found: an earlier result to replay, or the key is now ours until record() or release(). */
export type Claim = { replay: Id } | { token: string };

type LedgerFile = Record<string, Entry>;

/** Arguments that do not change what is created, so they are left out of the hash. */
const CONTROL_ARGS = new Set(["idempotency_key", "dry_run", "confirm", "response_format"]);
const RETENTION_MS = 30 * 24 * 3600 * 1000;
const LOCK_STALE_MS = 10_000;
/** Longer than any single write can take (timeouts × attempts, reconcile, one retry). */
const PENDING_STALE_MS = 120_000;
const PENDING_POLL_MS = 50;

export function argsHash(args: Record<string, unknown>): string {
  return createHash("sha256").update(canonical(Object.fromEntries(Object.entries(args).filter(([k]) => !CONTROL_ARGS.has(k))))).digest("hex");
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

export class Ledger implements IdempotencyLedger {
  /**
   * @param file path of the ledger file
   * @param namespace which vendor account the ids belong to (vendor + origin; a per-run nonce for the
   *   sandbox, whose ids mean nothing after it stops)
   */
  constructor(
    readonly file: string,
    readonly namespace: string,
    private readonly pendingStaleMs = PENDING_STALE_MS,
  ) {}

  private keyOf(tool: string, key: string): string {
    return `${this.namespace}|${tool}|${key}`;
  }

  /**
   * The earlier result for this key, or undefined (also while another call holds it). Throws
   * IdempotencyConflictError on different arguments. Sends nothing, so dry runs use it instead of claim().
   */
  async lookup(tool: string, key: string, args: Record<string, unknown>): Promise<{ id: Id } | undefined> {
    const entry = (await this.read())[this.keyOf(tool, key)];
    if (!entry) return undefined;
    checkSameArgs(entry, key, args);
    return entry.id === undefined ? undefined : { id: entry.id };
  }

  /**
   * Replay the earlier result for this key, or claim the key for a call about to send. While another call
   * holds the key, wait for it to finish (then replay its result, or claim the key if it sent nothing).
   */
  async claim(tool: string, key: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<Claim> {
    const k = this.keyOf(tool, key);
    for (;;) {
      const found = await this.withLock(async (): Promise<Claim | undefined> => {
        const data = await this.read();
        const entry = data[k];
        if (entry) checkSameArgs(entry, key, args);
        if (entry?.id !== undefined) return { replay: entry.id };
        if (entry?.pending && Date.now() - Date.parse(entry.at) < this.pendingStaleMs) return undefined;
        const token = `${process.pid}.${randomBytes(6).toString("hex")}`;
        data[k] = { hash: argsHash(args), at: new Date().toISOString(), pending: token };
        await this.write(data);
        return { token };
      });
      if (found) return found;
      signal?.throwIfAborted();
      await new Promise((r) => setTimeout(r, PENDING_POLL_MS));
    }
  }

  /** Give a claimed key back (the call sent nothing, or failed): a later call with it may send. */
  async release(tool: string, key: string, token: string): Promise<void> {
    const k = this.keyOf(tool, key);
    await this.withLock(async () => {
      const data = await this.read();
      if (data[k]?.pending !== token) return;
      delete data[k];
      await this.write(data);
    });
  }

  async record(tool: string, key: string, args: Record<string, unknown>, id: Id): Promise<void> {
    await this.withLock(async () => {
      const data = await this.read();
      const now = Date.now();
      for (const [k, e] of Object.entries(data)) if (now - Date.parse(e.at) > RETENTION_MS) delete data[k];
      data[this.keyOf(tool, key)] = { hash: argsHash(args), id, at: new Date(now).toISOString() };
      await this.write(data);
    });
  }

  /** Whole-file replace: write a temp file, then rename (a crash leaves the old file or the new one). */
  private async write(data: LedgerFile): Promise<void> {
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
    await rename(tmp, this.file);
  }

  private async read(): Promise<LedgerFile> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, "utf8"));
      return parsed && typeof parsed === "object" ? (parsed as LedgerFile) : {};
    } catch {
      return {};
    }
  }

  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const lock = `${this.file}.lock`;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lock, "wx", 0o600);
        await handle.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > LOCK_STALE_MS) await rm(lock, { force: true }); // a crashed writer left it behind
        if (attempt > 500) throw new Error(`idempotency ledger is locked: ${lock}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    try {
      return await fn();
    } finally {
      await rm(lock, { force: true });
    }
  }
}

function checkSameArgs(entry: Entry, key: string, args: Record<string, unknown>): void {
  if (entry.hash === argsHash(args)) return;
  throw new IdempotencyConflictError(key, entry.id === undefined ? { in_flight_since: entry.at } : { previous_id: entry.id, first_used_at: entry.at });
}

export function ledgerPath(stateDir: string): string {
  return join(stateDir, "idempotency.json");
}
