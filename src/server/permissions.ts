/**
 * What one caller may do, as an input of building its server: which tools its tools/list shows and which
 * calls reach a handler. stdio and the static bearer token get FULL_ACCESS (the operator's own
 * configuration, FSM_READ_ONLY and FSM_TOOLSETS, still applies on top); OAuth derives it from the
 * token's scopes (src/auth/scopes.ts).
 */
export interface Permissions {
  /** Write tools are listed and callable. */
  write: boolean;
  /** Why writes are withheld, shown in the capabilities resource, e.g. "the access token lacks scope fsm:write". */
  writeDenied?: string;
}

export const FULL_ACCESS: Permissions = Object.freeze({ write: true });

/** A short stable key per distinct permission set (for caches of definitions built per permission set). */
export function permissionsKey(p: Permissions): string {
  return p.write ? "read+write" : "read";
}
