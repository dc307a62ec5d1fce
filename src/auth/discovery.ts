/**
 * The issuer's key set URL from its discovery document, when FSM_AUTH_JWKS_URL is not set. Tried in the
 * order the MCP authorization spec (2025-11-25) gives clients: RFC 8414 authorization server metadata, then
 * OpenID Connect discovery; for an issuer with a path (Keycloak realms, Entra tenants) the path-inserted
 * forms first, then OpenID's path-appended form. A document counts only when its `issuer` is exactly the
 * configured issuer (RFC 8414 §3.3) and it names an https `jwks_uri` (http only on loopback).
 */
import { isLoopbackHost } from "../config.js";

export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, "");
  const at = (wellKnown: string) => `${url.origin}/.well-known/${wellKnown}${path}`;
  if (!path) return [at("oauth-authorization-server"), at("openid-configuration")];
  return [at("oauth-authorization-server"), at("openid-configuration"), `${url.origin}${path}/.well-known/openid-configuration`];
}

export class DiscoveryError extends Error {
  override readonly name = "DiscoveryError";
}

export async function discoverJwksUrl(issuer: string, timeoutMs = 5000): Promise<string> {
  const tried: string[] = [];
  for (const url of discoveryUrls(issuer)) {
    let doc: unknown;
    try {
      const response = await fetch(url, { headers: { accept: "application/json" }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
      if (response.status !== 200) {
        tried.push(`${url}: HTTP ${response.status}`);
        continue;
      }
      doc = await response.json();
    } catch (error) {
      tried.push(`${url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
      continue;
    }
    const { issuer: named, jwks_uri: jwks } = (doc ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
    if (named !== issuer) {
      tried.push(`${url}: names issuer ${JSON.stringify(named)}, not FSM_AUTH_ISSUER ${JSON.stringify(issuer)} (they must match exactly, trailing slash included)`);
      continue;
    }
    if (typeof jwks !== "string" || !secure(jwks)) {
      tried.push(`${url}: no https jwks_uri`);
      continue;
    }
    return jwks;
  }
  throw new DiscoveryError(`no usable discovery document for ${issuer}; set FSM_AUTH_JWKS_URL, or fix the issuer. Tried: ${tried.join("; ")}`);
}

function secure(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}
