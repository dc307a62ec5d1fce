/**
 * A local OAuth identity provider for the tests: `jose` generates its keys, a node:http server on
 * 127.0.0.1:0 serves its OpenID discovery document (at the issuer's path-appended form, as Keycloak does)
 * and its key set, and the test mints access tokens with it. The served keys can be swapped (rotation) and
 * every key set fetch is counted. Its token endpoint grants `client_credentials` to one client (CLIENT), with
 * the audience the client names in RFC 8707's `resource`, so an MCP client can sign in knowing only the URL.
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
export const CLIENT = { id: "fsm-agent", secret: "agent-secret-0123456789" };

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
      return json(200, {
        issuer: idp.issuer,
        jwks_uri: `${idp.issuer}/protocol/openid-connect/certs`,
        authorization_endpoint: `${idp.issuer}/protocol/openid-connect/auth`,
        token_endpoint: `${idp.issuer}/protocol/openid-connect/token`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        grant_types_supported: ["authorization_code", "client_credentials"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (path === `${REALM}/protocol/openid-connect/token` && req.method === "POST") {
      let text = "";
      req.on("data", (d: Buffer) => (text += d.toString()));
      req.on("end", () => {
        const form = new URLSearchParams(text);
        const basic = Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64");
        if (req.headers.authorization !== `Basic ${basic}` || form.get("grant_type") !== "client_credentials") return json(401, { error: "invalid_client" });
        const scope = form.get("scope") ?? "";
        void idp.mint!(idp.served[0]!, { sub: `service-account-${CLIENT.id}`, client_id: CLIENT.id, aud: form.get("resource") ?? "no-resource", scope }).then((token) =>
          json(200, { access_token: token, token_type: "Bearer", expires_in: 3600, scope }),
        );
      });
      return;
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
