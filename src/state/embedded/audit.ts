/**
 * The embedded audit sink: JSON lines in a 0600 file under the state directory. Each line is one O_APPEND
 * write, and starts with a newline, so a line torn by a kill mid-write is closed off by the next one and
 * skipped by readers. The write-ahead "intent" line is on disk (in the page cache, which outlives the
 * process) before `append` resolves, so a kill -9 right after the vendor answered still leaves it there.
 */
import { chmod, mkdir, open, readFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { Redactor } from "../../http/redact.js";
import { auditLine, parseAuditLines, type AuditEntry } from "../../safety/audit.js";
import type { AuditSink } from "../types.js";

export class EmbeddedAudit implements AuditSink {
  private handle?: Promise<FileHandle>;

  constructor(
    readonly file: string,
    private readonly redactor: Redactor,
  ) {}

  private open(): Promise<FileHandle> {
    return (this.handle ??= (async () => {
      await mkdir(join(this.file, ".."), { recursive: true, mode: 0o700 });
      const h = await open(this.file, "a", 0o600);
      // The mode given to open applies only on creation; make sure an older file is tightened too.
      await chmod(this.file, 0o600).catch(() => undefined);
      return h;
    })());
  }

  async append(entry: AuditEntry): Promise<void> {
    const h = await this.open();
    await h.write(`\n${auditLine(entry, this.redactor)}\n`);
  }

  async recent(limit = 20): Promise<Record<string, unknown>[]> {
    const text = await readFile(this.file, "utf8").catch(() => "");
    return parseAuditLines(text.split("\n")).slice(-limit);
  }

  async close(): Promise<void> {
    const h = await this.handle?.catch(() => undefined);
    this.handle = undefined;
    await h?.close().catch(() => undefined);
  }
}

export function auditPath(stateDir: string): string {
  return join(stateDir, "audit.jsonl");
}
