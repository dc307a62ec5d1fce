/**
 * The change log shared by servers on one FSM_STATE_DIR (src/lookup/change-log.ts), on real files: a compaction
 * drops only the bytes its save read, a line being written is not read half, and the save lock keeps two saves
 * apart yet is taken over from a process that is gone.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendLines, compactLog, readLines, withSaveLock } from "../../src/lookup/change-log.js";

const fresh = () => mkdtempSync(join(tmpdir(), "fsm-change-log-"));
const linesOf = (file: string) => readFileSync(file, "utf8").split("\n").filter(Boolean);

describe("the shared change log", () => {
  it("a compaction drops what its save read and keeps what was appended after the read, mode 0600", async () => {
    const log = join(fresh(), "x.changes.ndjson");
    await appendLines(log, '{"seq":1,"by":"a"}');
    await appendLines(log, '{"seq":1,"by":"b"}');
    const read = await readLines(log);
    expect(read!.lines).toEqual(['{"seq":1,"by":"a"}', '{"seq":1,"by":"b"}']);
    // Another server appends after the save read the log: not in the save's parts, so it must stay.
    await appendLines(log, '{"seq":2,"by":"b"}');
    await compactLog(log, read!);
    expect(linesOf(log)).toEqual(['{"seq":2,"by":"b"}']);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    // The replaced file is another one: a reader that had read the old one starts the new one from its beginning.
    expect((await readLines(log, read))!.lines).toEqual(['{"seq":2,"by":"b"}']);
  });

  it("a compaction of a file it did not read (another save replaced it meanwhile) drops nothing", async () => {
    const log = join(fresh(), "x.changes.ndjson");
    await appendLines(log, '{"seq":1}');
    const read = await readLines(log);
    writeFileSync(log, '{"seq":7}\n', { mode: 0o600 });
    await compactLog(log, { ino: read!.ino + 1, end: read!.end });
    expect(linesOf(log)).toEqual(['{"seq":7}']);
  });

  it("a line still being written is not read; the next read from where the last stopped takes it whole", async () => {
    const log = join(fresh(), "x.changes.ndjson");
    await appendLines(log, '{"seq":1}');
    await appendFile(log, '{"seq":2,"val');
    const first = await readLines(log);
    expect(first!.lines).toEqual(['{"seq":1}']);
    await appendFile(log, 'ue":1}\n');
    expect((await readLines(log, first))!.lines).toEqual(['{"seq":2,"value":1}']);
  });

  it("one save at a time: none runs while another live process holds the lock; a lock left by a process that is gone is taken over", async () => {
    const lock = join(fresh(), "x.lock");
    // Another server saving (this test runner's parent stands for it: a live process that is not this one).
    writeFileSync(lock, String(process.ppid), { mode: 0o600 });
    let ran = false;
    expect(await withSaveLock(lock, async () => (ran = true))).toBeUndefined();
    expect(ran).toBe(false);
    expect(readFileSync(lock, "utf8")).toBe(String(process.ppid));
    // kill -9 during a save leaves the lock: its process (here one that has exited) is no longer alive.
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(lock, gone, { mode: 0o600 });
    let held = "";
    expect(await withSaveLock(lock, async () => ((held = readFileSync(lock, "utf8")), "saved"))).toBe("saved");
    // Held under this process's pid while the save ran, removed after it.
    expect(held).toBe(String(process.pid));
    expect(existsSync(lock)).toBe(false);
    // A lock left for longer than any save takes: its pid has been given to another process since. Taken over.
    writeFileSync(lock, String(process.ppid), { mode: 0o600 });
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(lock, hourAgo, hourAgo);
    expect(await withSaveLock(lock, async () => "saved")).toBe("saved");
    // This process's own pid in a lock is a crashed process's, reused (its saves run one after another): taken over.
    writeFileSync(lock, String(process.pid), { mode: 0o600 });
    expect(await withSaveLock(lock, async () => "saved")).toBe("saved");
  });

  it("two savers judging the same stale lock at once: the second does not remove the lock the first took over, and does not save", async () => {
    const lock = join(fresh(), "x.lock");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(lock, gone, { mode: 0o600 });
    // B judges the lock stale, then stops there until A has taken the lock over and is saving.
    let resumeB!: () => void;
    let bJudged!: () => void;
    const bStopped = new Promise<void>((r) => (bJudged = r));
    const b = withSaveLock(lock, async () => "B saved", { judgedStale: () => (bJudged(), new Promise<void>((r) => (resumeB = r))) });
    await bStopped;
    let finishA!: () => void;
    let aHolds!: (held: string) => void;
    const aSaving = new Promise<string>((r) => (aHolds = r));
    const a = withSaveLock(lock, () => (aHolds(readFileSync(lock, "utf8")), new Promise<string>((r) => (finishA = () => r("A saved")))));
    expect(await aSaving).toBe(String(process.pid));
    const aLock = statSync(lock).ino;
    resumeB();
    // B moved the path aside, saw another file than the one it judged, and put it back: A still holds its lock.
    expect(await b).toBeUndefined();
    expect(statSync(lock).ino).toBe(aLock);
    expect(readFileSync(lock, "utf8")).toBe(String(process.pid));
    finishA();
    expect(await a).toBe("A saved");
    expect(existsSync(lock)).toBe(false);
    // Nothing left beside it (no file moved aside, no temp file).
    expect(readdirSync(dirname(lock))).toEqual([]);
  });
});
