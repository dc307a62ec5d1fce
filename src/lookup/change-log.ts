/**
 * The change log shared by every server using one key and FSM_STATE_DIR (Claude Desktop and Claude Code started
 * with the same config run two at once). Its rules, so that no process loses another's line:
 *
 * - An append is one O_APPEND write of whole lines (concurrent appends do not interleave within a line), then a
 *   check that the path still names the file written to: a compaction that replaced it meanwhile may not have
 *   carried the line over, so it is appended again (a line replayed twice is harmless: a record put twice).
 * - Only a save holding the save lock compacts, and it drops only the bytes it read and folded into its parts:
 *   what follows is carried into the new file, once before the rename and once more after it, from the replaced
 *   file still open. An appender that checked before the rename wrote before the second read; one that checks
 *   after it appends again.
 * - The save lock (a file holding the saver's pid, created exclusively) keeps two saves from running at once, so a
 *   save's stray-file cleanup never removes another save's parts in progress. A lock whose process is gone (kill -9)
 *   is taken over: moved aside and checked to be the lock judged, so two servers taking it over at once cannot
 *   both hold it.
 */
import { constants } from "node:fs";
import { link, mkdir, open, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { nodeCrypto } from "../lazy-crypto.js";
import { isAlive } from "../state/embedded/owner.js";

/** Lines read from a log: the complete lines from an offset, and where the next read starts. */
export interface LogRead {
  /** The file read (its inode): a compaction replaces it with another. */
  ino: number;
  /** The byte after the last complete line read. */
  end: number;
  lines: string[];
}

/** A save lock older than this is taken over whoever holds it (a whole save of 50,000 records takes seconds). */
const LOCK_STALE_MS = 10 * 60_000;
/** How often an append follows a log replaced under it before giving up (each retry means a save just compacted). */
const APPEND_ATTEMPTS = 5;

/** Append `text` (whole lines) to `log`, created mode 0600; again if a compaction replaced the file meanwhile. */
export async function appendLines(log: string, text: string): Promise<void> {
  // A leading newline ends a line torn by a crash, so this one parses.
  const buf = Buffer.from(`\n${text}\n`);
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
    const handle = await open(log, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
    let ino: number;
    try {
      await handle.write(buf);
      ino = (await handle.stat()).ino;
    } finally {
      await handle.close();
    }
    const now = await stat(log).catch(() => undefined);
    if (now?.ino === ino) return;
  }
  throw Object.assign(new Error("the change log kept being replaced"), { code: "EBUSY" });
}

/** The complete lines of `log` from byte `from` of the file with inode `ino` (from 0 when it is another file). */
export async function readLines(log: string, since?: { ino: number; end: number }): Promise<LogRead | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(log, "r");
  } catch {
    return undefined;
  }
  try {
    return await readFrom(handle, since);
  } finally {
    await handle.close();
  }
}

async function readFrom(handle: FileHandle, since?: { ino: number; end: number }): Promise<LogRead> {
  const { ino } = await handle.stat();
  const start = since && since.ino === ino ? since.end : 0;
  const buf = await readAll(handle, start);
  // A last line without its newline is being written (or was torn by a crash): read from it next time.
  const whole = buf.lastIndexOf(0x0a) + 1;
  return { ino, end: start + whole, lines: buf.subarray(0, whole).toString("utf8").split("\n").filter(Boolean) };
}

/**
 * Drop the bytes of `log` before `folded` (read and saved in the parts by this save); the rest is carried into the
 * file that replaces it. Called under the save lock.
 */
export async function compactLog(log: string, folded: { ino: number; end: number }): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(log, "r");
  } catch {
    return;
  }
  try {
    if ((await handle.stat()).ino !== folded.ino) return; // Not the file this save read: nothing of it is folded.
    const rest = await readAll(handle, folded.end);
    await saveText(log, rest);
    // Appended to the replaced file between the read above and the rename: carried over too.
    const late = await readAll(handle, folded.end + rest.length);
    if (late.length) await appendLines(log, late.toString("utf8").replace(/^\n+|\n+$/g, ""));
  } finally {
    await handle.close();
  }
}

async function readAll(handle: FileHandle, from: number): Promise<Buffer> {
  const { size } = await handle.stat();
  const buf = Buffer.alloc(Math.max(0, size - from));
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await handle.read(buf, got, buf.length - got, from + got);
    if (!bytesRead) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** Where takeLock lets a test stop: after it judged a lock stale, before it takes that lock over. */
export interface SaveLockHooks {
  judgedStale?: () => Promise<void>;
}

/**
 * Run `save` holding the save lock at `lock`; undefined without running it when another live process holds it
 * (that save folds this process's lines in, or the next one will).
 */
export async function withSaveLock<T>(lock: string, save: () => Promise<T>, hooks: SaveLockHooks = {}): Promise<T | undefined> {
  await mkdir(dirname(lock), { recursive: true, mode: 0o700 });
  if (!(await takeLock(lock, hooks))) return undefined;
  try {
    return await save();
  } finally {
    await rm(lock, { force: true }).catch(() => undefined);
  }
}

async function takeLock(lock: string, hooks: SaveLockHooks): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    // Written whole under another name, then linked: the lock never exists without its pid in it.
    const temp = `${lock}.${nodeCrypto().randomUUID()}.tmp`;
    await writeFile(temp, String(process.pid), { mode: 0o600 });
    try {
      await link(temp, lock);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      await rm(temp, { force: true }).catch(() => undefined);
    }
    const seen = await readLock(lock);
    if (!seen) continue; // released meanwhile: try again
    const { holder, ino, mtimeMs } = seen;
    // A save takes seconds: a lock this old names a pid the system has since given to another process.
    const fresh = Date.now() - mtimeMs < LOCK_STALE_MS;
    // This process's saves run one after another: its own pid there is a crashed process's, reused.
    // The lock holds a bare pid (no start time or boot id to compare): the ledger's liveness check on the pid alone.
    if (holder !== process.pid && fresh && Number.isInteger(holder) && holder > 0 && isAlive({ pid: holder, start: "", boot: "" })) return false;
    await hooks.judgedStale?.();
    // Left by a process that is gone (kill -9 during a save): taken over, that lock and no other. Two servers may
    // judge the same stale lock at once, and the first may have taken the path over by now: removing the path
    // would remove its fresh lock, and both would save. So the lock is moved aside first; when what was moved is
    // not the file judged, it is someone's fresh lock and goes back in place. Not the inode alone: the file
    // system gives a new lock the inode of the stale one just removed (seen on ext4 and overlayfs).
    const aside = `${lock}.${nodeCrypto().randomUUID()}.stale`;
    try {
      await rename(lock, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw err;
    }
    const moved = await readLock(aside).catch(() => undefined);
    if (moved && (moved.ino !== ino || moved.mtimeMs !== mtimeMs || !Object.is(moved.holder, holder))) {
      await link(aside, lock).catch(() => undefined);
      await rm(aside, { force: true }).catch(() => undefined);
      return false;
    }
    await rm(aside, { force: true }).catch(() => undefined);
  }
  return false;
}

/** A lock's holder, inode and age, read from one open file (undefined: there is none). */
async function readLock(lock: string): Promise<{ holder: number; ino: number; mtimeMs: number } | undefined> {
  let file: FileHandle | undefined;
  try {
    file = await open(lock, "r");
    const { ino, mtimeMs } = await file.stat();
    return { holder: Number((await file.readFile("utf8")).trim()), ino, mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  } finally {
    await file?.close().catch(() => undefined);
  }
}


/** Write `data` to `file` atomically (temp file + rename), readable by this user only. */
export async function saveText(file: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${nodeCrypto().randomUUID()}.tmp`;
  try {
    await writeFile(temp, data, { mode: 0o600 });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}
