/**
 * The refusals of an OAuth-protected endpoint (RFC 6750 §3, MCP authorization spec): 401 with a challenge
 * naming the resource metadata (and `invalid_token` when a token was presented), 403 `insufficient_scope`
 * naming the scope that would allow the request, 503 when the issuer's keys cannot be fetched. Bodies say what
 * to do, never why a given token failed (that goes to the server log).
 */
export interface AuthRefusal {
  status: number;
  message: string;
  headers: Record<string, string>;
}

function challenge(params: Record<string, string>): string {
  return `Bearer ${Object.entries(params)
    .map(([k, v]) => `${k}="${v.replace(/["\\]/g, "")}"`)
    .join(", ")}`;
}

/** No token: where to get one. The scope hint lets the client ask for everything this server offers. */
export function tokenRequired(metadataUrl: string, scopes: string[]): AuthRefusal {
  return {
    status: 401,
    message: "Unauthorized: sign in; this server accepts OAuth access tokens from the identity provider named in its resource metadata",
    headers: { "WWW-Authenticate": challenge({ resource_metadata: metadataUrl, scope: scopes.join(" ") }) },
  };
}

export function tokenInvalid(metadataUrl: string): AuthRefusal {
  return {
    status: 401,
    message: "Unauthorized: the access token is invalid or expired; sign in again",
    headers: { "WWW-Authenticate": challenge({ error: "invalid_token", error_description: "The access token is invalid or expired", resource_metadata: metadataUrl }) },
  };
}

export function scopeMissing(metadataUrl: string, scope: string, doing: string): AuthRefusal {
  return {
    status: 403,
    message: `Forbidden: ${doing} needs scope ${scope}; sign in again granting it, or ask your administrator for it`,
    headers: {
      "WWW-Authenticate": challenge({ error: "insufficient_scope", scope, resource_metadata: metadataUrl, error_description: `${doing} needs scope ${scope}` }),
    },
  };
}

export function keysUnavailable(): AuthRefusal {
  return {
    status: 503,
    message: "Service Unavailable: the identity provider's signing keys cannot be fetched to check the token; try again shortly",
    headers: { "Retry-After": "5" },
  };
}
