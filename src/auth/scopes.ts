/**
 * Token scopes → what the caller may do. Two scopes (names configurable, FSM_AUTH_READ_SCOPE and
 * FSM_AUTH_WRITE_SCOPE): read lists and calls the read tools; write adds the write tools and includes read.
 * Toolsets stay a per-deployment choice (FSM_TOOLSETS): a scope per toolset would multiply what every
 * identity provider must be taught for little gain on a dispatch desk, where people read and write across
 * customers, jobs and assets.
 */
import type { JWTPayload } from "jose";
import type { AuthConfig } from "../config.js";
import type { Permissions } from "../server/permissions.js";

/** The granted scopes: `scope` (RFC 8693/9068: a space-separated string) or `scp` (Entra: a string; Okta: an array). */
export function tokenScopes(claims: JWTPayload): string[] {
  const out = new Set<string>();
  for (const claim of [claims.scope, claims.scp]) {
    const items = typeof claim === "string" ? claim.split(" ") : Array.isArray(claim) ? claim : [];
    for (const item of items) if (typeof item === "string" && item) out.add(item);
  }
  return [...out];
}

/**
 * Whether `granted` holds the configured scope. A scope configured as a URI (Entra requests
 * `api://<app-id>/fsm.read`) also matches its last path segment, which is how Entra writes it in `scp`;
 * the audience check has already established that the token is meant for this server.
 */
export function hasScope(granted: readonly string[], configured: string): boolean {
  if (granted.includes(configured)) return true;
  const slash = configured.lastIndexOf("/");
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(configured) && slash >= 0 && granted.includes(configured.slice(slash + 1));
}

/** The caller's permissions, or undefined when the token grants neither scope. */
export function permissionsFor(granted: readonly string[], auth: Pick<AuthConfig, "readScope" | "writeScope">): Permissions | undefined {
  if (hasScope(granted, auth.writeScope)) return { write: true };
  if (hasScope(granted, auth.readScope)) return { write: false, writeDenied: `the access token lacks scope ${auth.writeScope}` };
  return undefined;
}
