/**
 * OAuth 2.1 resource server for Streamable HTTP (MCP authorization spec 2025-06-18 and 2025-11-25). The
 * server issues no tokens: it trusts the organisation's identity provider (FSM_AUTH_ISSUER), publishes
 * where to get a token (RFC 9728), validates each request's access token and turns its scopes into the
 * caller's permissions. Loaded by src/server/http.ts only when FSM_AUTH_ISSUER is set: stdio and the
 * static-token mode never load this folder or `jose`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { AuthConfig } from "../config.js";
import type { Logger } from "../log.js";
import type { AuditUser } from "../safety/audit.js";
import type { Permissions } from "../server/permissions.js";
import { keysUnavailable, scopeMissing, tokenInvalid, tokenRequired, type AuthRefusal } from "./challenge.js";
import { userFrom } from "./identity.js";
import { metadataResponder, resourceMetadataUrl } from "./metadata.js";
import { permissionsFor, tokenScopes } from "./scopes.js";
import { TokenRefused, TokenVerifier } from "./verify.js";
import { inspectBody } from "./write-guard.js";

export type { AuthRefusal } from "./challenge.js";

/** A request whose access token checked out. */
export interface Caller {
  user: AuditUser;
  scopes: string[];
  permissions: Permissions;
  /** For the SDK transport (`req.auth`): tool handlers read the user from `extra.authInfo.extra.user`. */
  authInfo: AuthInfo;
}

export interface Authenticator {
  /** Answer an RFC 9728 metadata request; false when `req` is not one. */
  serveMetadata(req: IncomingMessage, res: ServerResponse): boolean;
  /** The caller of `req`, from its `Authorization: Bearer` access token, or the refusal to answer. */
  authenticate(req: IncomingMessage): Promise<Caller | AuthRefusal>;
  /**
   * For a caller without write permission: read and parse the POST body; a write tool call is refused (403
   * insufficient_scope). Returns the parsed body for the transport, or the refusal.
   */
  guardWrites(req: IncomingMessage, caller: Caller, maxBytes: number): Promise<{ body: unknown } | (AuthRefusal & { code?: number })>;
}

export function isRefusal(value: Caller | AuthRefusal): value is AuthRefusal {
  return "status" in value;
}

export function createAuthenticator(auth: AuthConfig, logger: Logger, opts: { resourceName: string }): Authenticator {
  const verifier = new TokenVerifier(auth);
  const metadataUrl = resourceMetadataUrl(auth);
  const allScopes = [auth.readScope, auth.writeScope];
  // Resolved now so a wrong issuer or an unreachable key set shows at startup; requests retry if it failed.
  void verifier.keySet().then(
    ({ url }) => logger.info("auth", `OAuth: tokens from ${auth.issuer} for ${auth.audience.join(", ")}, keys at ${url}`),
    (error: unknown) => logger.error("auth", `OAuth: ${error instanceof Error ? error.message : String(error)} (requests are answered 503 until it resolves)`),
  );

  return {
    serveMetadata: metadataResponder(auth, opts.resourceName),

    async authenticate(req) {
      const header = req.headers.authorization;
      if (header === undefined) return tokenRequired(metadataUrl, allScopes);
      const match = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(header);
      if (!match) {
        logger.warn("auth", "token refused: the Authorization header is not `Bearer <token>`");
        return tokenInvalid(metadataUrl);
      }
      let claims;
      try {
        ({ claims } = await verifier.verify(match[1]!));
      } catch (error) {
        if (!(error instanceof TokenRefused)) throw error;
        if (error.kind === "unavailable") {
          logger.error("auth", `cannot check tokens: ${error.message}`, error.hint);
          return keysUnavailable();
        }
        logger.warn("auth", `token refused: ${error.message}`, error.hint);
        return tokenInvalid(metadataUrl);
      }
      const user = userFrom(claims);
      const scopes = tokenScopes(claims);
      const permissions = permissionsFor(scopes, auth);
      if (!permissions) {
        logger.warn("auth", `token of sub ${user.sub} refused: it grants neither ${auth.readScope} nor ${auth.writeScope} (scopes: ${scopes.join(" ") || "none"})`);
        return scopeMissing(metadataUrl, auth.readScope, "Using this server");
      }
      const clientId = [claims.client_id, claims.azp, claims.appid].find((v): v is string => typeof v === "string") ?? "";
      return {
        user,
        scopes,
        permissions,
        authInfo: { token: match[1]!, clientId, scopes, ...(typeof claims.exp === "number" ? { expiresAt: claims.exp } : {}), extra: { user } },
      };
    },

    async guardWrites(req, caller, maxBytes) {
      const inspected = await inspectBody(req, maxBytes);
      if ("body" in inspected) return inspected;
      if ("writeTool" in inspected) {
        logger.info("auth", `${inspected.writeTool} refused for sub ${caller.user.sub}: the token lacks scope ${auth.writeScope}`);
        return scopeMissing(metadataUrl, auth.writeScope, `The write tool ${inspected.writeTool}`);
      }
      return { ...inspected, headers: {} };
    },
  };
}
