/**
 * The OAuth resource server's parts against real HTTP servers on loopback: discovery in the spec's order,
 * the issuer check of a discovery document, the key set out of reach (503, not 401), and scope matching.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createAuthenticator, isRefusal } from "../../src/auth/index.js";
import { discoverJwksUrl, discoveryUrls } from "../../src/auth/discovery.js";
import { hasScope, permissionsFor, tokenScopes } from "../../src/auth/scopes.js";
import { TokenRefused, TokenVerifier } from "../../src/auth/verify.js";
import type { AuthConfig } from "../../src/config.js";
import { Logger } from "../../src/log.js";
import { signingKey, startLocalIdp } from "../e2e/local-idp.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server answering `docs[path]` (a function of its own origin) and 404 otherwise. */
async function serve(docs: Record<string, (origin: string) => unknown>): Promise<string> {
  let origin = "";
  const server = createServer((req, res) => {
    const doc = docs[req.url ?? ""];
    res.writeHead(doc ? 200 : 404, { "content-type": "application/json" });
    res.end(doc ? JSON.stringify(doc(origin)) : "{}");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return origin;
}

const config = (over: Partial<AuthConfig>): AuthConfig => ({
  issuer: "http://127.0.0.1:9/x",
  resource: "https://fsm.example.test/mcp",
  audience: ["https://fsm.example.test/mcp"],
  readScope: "fsm:read",
  writeScope: "fsm:write",
  jwksCooldownMs: 0,
  ...over,
});

describe("discovery", () => {
  it("tries RFC 8414 then OpenID, path-inserted forms first for an issuer with a path", () => {
    expect(discoveryUrls("https://id.example.com")).toEqual(["https://id.example.com/.well-known/oauth-authorization-server", "https://id.example.com/.well-known/openid-configuration"]);
    expect(discoveryUrls("https://id.example.com/tenant/v2.0/")).toEqual([
      "https://id.example.com/.well-known/oauth-authorization-server/tenant/v2.0",
      "https://id.example.com/.well-known/openid-configuration/tenant/v2.0",
      "https://id.example.com/tenant/v2.0/.well-known/openid-configuration",
    ]);
  });

  it("finds the key set in an RFC 8414 document at the path-inserted form", async () => {
    const origin = await serve({ "/.well-known/oauth-authorization-server/t1": (o) => ({ issuer: `${o}/t1`, jwks_uri: `${o}/t1/jwks` }) });
    expect(await discoverJwksUrl(`${origin}/t1`)).toBe(`${origin}/t1/jwks`);
  });

  it("refuses a document naming another issuer, and says what it tried", async () => {
    const origin = await serve({ "/.well-known/openid-configuration": () => ({ issuer: "https://elsewhere.example", jwks_uri: "https://elsewhere.example/jwks" }) });
    const error = await discoverJwksUrl(origin).catch((e: Error) => e);
    expect(String(error)).toMatch(/no usable discovery document for http:\/\/127\.0\.0\.1:\d+; set FSM_AUTH_JWKS_URL/);
    expect(String(error)).toMatch(/oauth-authorization-server: HTTP 404/);
    expect(String(error)).toMatch(/openid-configuration: names issuer "https:\/\/elsewhere\.example", not FSM_AUTH_ISSUER/);
  });
});

describe("key set out of reach", () => {
  it("is 'unavailable' (503 with Retry-After), not an invalid token", async () => {
    const idp = await startLocalIdp();
    try {
      const key = await signingKey("k1");
      const token = await idp.mint(key, { aud: "https://fsm.example.test/mcp", scope: "fsm:read" });
      const closed = new TokenVerifier(config({ issuer: idp.issuer, jwksUrl: "http://127.0.0.1:9/keys" }));
      const refused = await closed.verify(token).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TokenRefused);
      expect((refused as TokenRefused).kind).toBe("unavailable");
      expect((refused as TokenRefused).message).toMatch(/cannot fetch the issuer's key set/);

      const auth = createAuthenticator(config({ issuer: idp.issuer, jwksUrl: "http://127.0.0.1:9/keys" }), new Logger(undefined, "error"), { resourceName: "t" });
      const answer = await auth.authenticate({ headers: { authorization: `Bearer ${token}` } } as IncomingMessage);
      expect(isRefusal(answer) && answer).toMatchObject({ status: 503, headers: { "Retry-After": "5" } });

      // The same token against the issuer's own key set (found by discovery) checks out.
      idp.served = [key];
      const verifier = new TokenVerifier(config({ issuer: idp.issuer }));
      expect((await verifier.verify(token)).claims.sub).toBe("user-1");
    } finally {
      await idp.close();
    }
  });
});

describe("scopes", () => {
  it("reads `scope` strings and `scp` strings or arrays; write includes read", () => {
    expect(tokenScopes({ scope: "openid fsm:read", scp: ["fsm:write"] })).toEqual(["openid", "fsm:read", "fsm:write"]);
    expect(permissionsFor(["fsm:write"], config({}))).toEqual({ write: true });
    expect(permissionsFor(["fsm:read"], config({}))).toEqual({ write: false, writeDenied: "the access token lacks scope fsm:write" });
    expect(permissionsFor(["profile"], config({}))).toBeUndefined();
  });

  it("a scope configured as a URI (Entra) also matches its last segment, as Entra writes it in scp", () => {
    expect(hasScope(["fsm.read"], "api://0a1b/fsm.read")).toBe(true);
    expect(hasScope(["api://0a1b/fsm.read"], "api://0a1b/fsm.read")).toBe(true);
    expect(hasScope(["fsm.read"], "fsm:fsm.read")).toBe(false);
    expect(hasScope(["read"], "fsm/read")).toBe(false);
  });
});
