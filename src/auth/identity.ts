/** The signed-in user, from the verified token's claims: what the audit log and the MCP log record. */
import type { JWTPayload } from "jose";
import type { AuditUser } from "../safety/audit.js";

/** Claims are the identity provider's text: bounded, so one odd token cannot bloat every audit line. */
const MAX_CLAIM_CHARS = 200;

export function userFrom(claims: JWTPayload): AuditUser {
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim().slice(0, MAX_CLAIM_CHARS) : undefined);
  const user: AuditUser = { sub: text(claims.sub) ?? "(none)" };
  for (const key of ["name", "email", "preferred_username"] as const) {
    const value = text(claims[key]);
    if (value) user[key] = value;
  }
  return user;
}
