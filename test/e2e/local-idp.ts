/**
 * A local OAuth identity provider for the tests: `jose` generates its keys, a node:http server on
 * 127.0.0.1:0 serves its OpenID discovery document (at the issuer's path-appended form, as Keycloak does)
 * and its key set, and the test mints access tokens with it. The served keys can be swapped (rotation) and
 * every key set fetch is counted.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";

export interface SigningKey {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

export async function signingKey(kid: string, alg: SigningKey["alg"] = "RS256"): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export interface LocalIdp {
  /** e.g. http://127.0.0.1:41234/realms/dispatch */
  issuer: string;
  /** Keys the key set serves now (replace to rotate). */
  served: SigningKey[];
  /** Key set fetches so far. */
  jwksFetches(): number;
  /** Paths requested so far, in order. */
  requests: string[];
  /** A signed access token: iss, sub, iat, exp (an hour ahead) by default; `claims` add or override. */
  mint(key: SigningKey, claims: JWTPayload, header?: { kid?: string }): Promise<string>;
  close(): Promise<void>;
}

const REALM = "/realms/dispatch";

export async function startLocalIdp(): Promise<LocalIdp> {
  let fetches = 0;
  const requests: string[] = [];
  const idp: Partial<LocalIdp> & { served: SigningKey[] } = { served: [] };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(path);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === `${REALM}/.well-known/openid-configuration`) {
      return json(200, { issuer: idp.issuer, jwks_uri: `${idp.issuer}/protocol/openid-connect/certs`, authorization_endpoint: `${idp.issuer}/auth`, token_endpoint: `${idp.issuer}/token` });
    }
    if (path === `${REALM}/protocol/openid-connect/certs`) {
      fetches++;
      return json(200, { keys: idp.served.map((k) => k.jwk) });
    }
    json(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${REALM}`;
  idp.issuer = issuer;
  return Object.assign(idp, {
    issuer,
    requests,
    jwksFetches: () => fetches,
    async mint(key: SigningKey, claims: JWTPayload, header: { kid?: string } = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, sub: "user-1", iat: now, exp: now + 3600, ...claims })
        .setProtectedHeader({ alg: key.alg, kid: header.kid ?? key.kid, typ: "at+jwt" })
        .sign(key.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as LocalIdp;
}

/** The public key's SPKI PEM text: what an attacker uses as an HMAC secret in the HS256 confusion attack. */
export async function publicKeyPem(key: SigningKey): Promise<string> {
  return exportSPKI(key.publicKey);
}
