/**
 * Protected Resource Metadata (RFC 9728): how a client that got a 401 finds the identity provider. Served
 * at `/.well-known/oauth-protected-resource` and at the path-suffixed form for the resource's path
 * (`…/oauth-protected-resource/mcp`), which is the URL the 401 challenge names.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthConfig } from "../config.js";

const WELL_KNOWN = "/.well-known/oauth-protected-resource";

/** The metadata URL for this resource: the path-suffixed form under the public URL's origin. */
export function resourceMetadataUrl(auth: Pick<AuthConfig, "resource">): string {
  const url = new URL(auth.resource);
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${WELL_KNOWN}${path}`;
}

export function metadataDocument(auth: AuthConfig, resourceName: string): Record<string, unknown> {
  return {
    resource: auth.resource,
    authorization_servers: [auth.issuer],
    scopes_supported: [auth.readScope, auth.writeScope],
    bearer_methods_supported: ["header"],
    resource_name: resourceName,
  };
}

/**
 * An answer for a metadata request, or false when `req` is not one. Public and read-only, so any origin may
 * read it (browser-based clients fetch it cross-origin), before the Host/Origin gate of the MCP endpoint.
 */
export function metadataResponder(auth: AuthConfig, resourceName: string): (req: IncomingMessage, res: ServerResponse) => boolean {
  const localPath = new URL(auth.resource).pathname.replace(/\/+$/, "");
  // The bare form, the public URL's path (what a reverse proxy forwards as is) and this server's own /mcp.
  const paths = new Set([WELL_KNOWN, `${WELL_KNOWN}${localPath}`, `${WELL_KNOWN}/mcp`]);
  const body = JSON.stringify(metadataDocument(auth, resourceName));
  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "");
    if (!paths.has(path)) return false;
    const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, OPTIONS", "Access-Control-Allow-Headers": "Mcp-Protocol-Version" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors).end();
    } else if (req.method === "GET" || req.method === "HEAD") {
      res.writeHead(200, { ...cors, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)), "Cache-Control": "public, max-age=300" });
      res.end(req.method === "HEAD" ? undefined : body);
    } else {
      res.writeHead(405, { ...cors, Allow: "GET, HEAD, OPTIONS" }).end();
    }
    return true;
  };
}
