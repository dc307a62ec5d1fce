/**
 * What an audit line holds and how it is made safe to store, shared by every audit sink (the embedded file,
 * `src/state/embedded/audit.ts`, and the team-mode store): contact details are redacted and secrets scrubbed
 * before anything is written.
 */
import type { Redactor } from "../http/redact.js";

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
  /**
   * "intent" (written before the request leaves: the write-ahead line), then the outcome: created, updated,
   * reconciled, existing, replayed, uncertain, refused, dry_run, preview, declined, cancelled.
   */
  outcome: string;
  /** Pairs an "intent" line with its outcome line. */
  write_id?: string;
  request_id?: string;
  result_id?: unknown;
  error?: string;
}

/** The stored form of an entry: one JSON line, time-stamped, contact details redacted, secrets scrubbed. */
export function auditLine(entry: AuditEntry, redactor: Redactor, now = new Date()): string {
  const line = { time: now.toISOString(), ...entry, args: redactContacts(entry.args) };
  return redactor.redact(JSON.stringify(line));
}

/** Parse stored lines, skipping any that do not parse (a line torn by a crash). */
export function parseAuditLines(lines: readonly string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const l of lines) {
    if (!l) continue;
    try {
      const v = JSON.parse(l) as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) out.push(v as Record<string, unknown>);
    } catch {
      // torn by a crash mid-write: not a line
    }
  }
  return out;
}

function redactContacts(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(v).map(([k, val]) => [k, CONTACT_KEYS.test(k) && val !== undefined ? "[redacted]" : val && typeof val === "object" && !Array.isArray(val) ? redactContacts(val as Record<string, unknown>) : val]),
  );
}
