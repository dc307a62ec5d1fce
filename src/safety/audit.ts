/**
 * Audit log: one JSON line per write, dry run and refused write, in a 0600 file under the state
 * directory. Contact details are redacted and secrets scrubbed before anything is written.
 */
import { appendFile, chmod, mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Redactor } from "../http/redact.js";
import type { AuditSink } from "../state/types.js";

const CONTACT_KEYS = /^(email|phone|contact_email|contact_phone|customer_email|customer_phone|mobile_phone|home_phone|work_phone|raised_by_email)$/i;

/** Who made the call, from the OAuth access token (absent on stdio and with the static bearer token). */
export interface AuditUser {
  sub: string;
  name?: string;
  email?: string;
  preferred_username?: string;
}

export interface AuditEntry {
  tool: string;
  user?: AuditUser;
  args: Record<string, unknown>;
  request?: { method: string; path: string };
  outcome: string;
  request_id?: string;
  result_id?: unknown;
  error?: string;
}

export class AuditLog implements AuditSink {
  private ready?: Promise<void>;

  constructor(
    readonly file: string,
    private readonly redactor: Redactor,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    this.ready ??= mkdir(dirname(this.file), { recursive: true, mode: 0o700 }).then(() => undefined);
    await this.ready;
    await appendFile(this.file, `${auditLine(entry, this.redactor)}\n`, { mode: 0o600 });
    // appendFile's mode applies only on creation; make sure an older file is tightened too.
    await chmod(this.file, 0o600).catch(() => undefined);
  }

  async recent(limit = 20): Promise<Record<string, unknown>[]> {
    const text = await readFile(this.file, "utf8").catch(() => "");
    return text
      .split("\n")
      .filter(Boolean)
      .slice(-limit)
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return { unreadable: true };
        }
      });
  }
}

/** One audit line as stored (file or Redis stream): timestamped, contact details redacted, secrets scrubbed. */
export function auditLine(entry: AuditEntry, redactor: Redactor, time = new Date()): string {
  const line = { time: time.toISOString(), ...entry, args: redactContacts(entry.args) };
  return redactor.redact(JSON.stringify(line));
}

function redactContacts(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(v).map(([k, val]) => [k, CONTACT_KEYS.test(k) && val !== undefined ? "[redacted]" : val && typeof val === "object" && !Array.isArray(val) ? redactContacts(val as Record<string, unknown>) : val]),
  );
}

export function auditPath(stateDir: string): string {
  return join(stateDir, "audit.jsonl");
}
