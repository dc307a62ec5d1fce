/**
 * The audit log as one capped Redis Stream that every replica appends to (`XADD … MAXLEN ~`), with the
 * same lines as the file log (src/safety/audit.ts: timestamped, contact details redacted, secrets
 * scrubbed). `fsm://audit/recent` reads its tail; `fsm-mcp audit export` writes all of it.
 *
 * Redis unreachable: a line is never lost. It goes to this replica's file log (FSM_STATE_DIR) with a
 * warning, and `recent()` reads that file, so the record of a write exists even while the stream is away.
 */
import { hostname } from "node:os";
import type { Logger } from "../../log.js";
import { auditLine, type AuditEntry } from "../../safety/audit.js";
import type { EmbeddedAudit } from "../embedded/audit.js";
import type { Redactor } from "../../http/redact.js";
import type { AuditSink } from "../types.js";
import { KEY_PREFIX, reasonOf, type RedisConnection } from "./connection.js";

export const AUDIT_STREAM = `${KEY_PREFIX}audit`;
/** About a year of a busy desk's writes; `~` lets Redis trim in whole blocks, cheaply. */
export const AUDIT_STREAM_MAX = 1_000_000;

export class RedisAuditSink implements AuditSink {
  /** Which replica wrote a line (host and process), so lines from several can be told apart. */
  private readonly replica = `${hostname()}#${process.pid}`;

  constructor(
    private readonly redis: RedisConnection,
    private readonly redactor: Redactor,
    private readonly fallback: EmbeddedAudit,
    private readonly logger: Logger,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    const line = auditLine(entry, this.redactor);
    try {
      await this.redis.client.xAdd(AUDIT_STREAM, "*", { line, replica: this.replica }, { TRIM: { strategy: "MAXLEN", strategyModifier: "~", threshold: AUDIT_STREAM_MAX } });
    } catch (error) {
      this.logger.warn("audit", `Redis audit stream unreachable (${reasonOf(error)}); this line goes to the replica's file log in FSM_STATE_DIR`);
      await this.fallback.append(entry);
    }
  }

  async recent(limit = 20): Promise<Record<string, unknown>[]> {
    try {
      const entries = await this.redis.client.xRevRange(AUDIT_STREAM, "+", "-", { COUNT: limit });
      return (entries ?? []).reverse().map((e) => ({ ...parseLine(e.message.line), replica: e.message.replica }));
    } catch {
      return this.fallback.recent(limit);
    }
  }
}

/** Every line of the stream, oldest first, in pages (for `fsm-mcp audit export`). */
export async function* streamLines(redis: RedisConnection, pageSize = 1000): AsyncGenerator<string> {
  let start = "-";
  for (;;) {
    const page = (await redis.client.xRange(AUDIT_STREAM, start, "+", { COUNT: pageSize })) ?? [];
    for (const e of page) if (typeof e.message.line === "string") yield JSON.stringify({ ...parseLine(e.message.line), replica: e.message.replica });
    if (page.length < pageSize) return;
    start = `(${page[page.length - 1]!.id}`;
  }
}

function parseLine(line: unknown): Record<string, unknown> {
  try {
    return JSON.parse(String(line)) as Record<string, unknown>;
  } catch {
    return { unreadable: true };
  }
}
