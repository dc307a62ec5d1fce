/**
 * Access-token validation with `jose`: the signature against the issuer's key set (fetched once, cached,
 * fetched again for an unknown `kid` so a key rotation needs no restart), the issuer, the audience (RFC 8707:
 * a token minted for another API is refused), `exp` and `nbf` with a small clock skew, and an allow-list of
 * asymmetric algorithms: never `none`, never HS* (an HMAC "signed" with the public key would otherwise pass).
 * A refusal carries its exact reason for the server log; callers learn only that the token is invalid.
 * `typ` is not required to be `at+jwt` (RFC 9068): Keycloak and Entra write `JWT`; an ID token is kept out by
 * the audience, which names this resource, not a client.
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { AuthConfig } from "../config.js";
import { discoverJwksUrl } from "./discovery.js";

export const ALLOWED_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

/** Tolerated difference between this server's clock and the issuer's, for `exp` and `nbf`. */
export const CLOCK_SKEW_SECONDS = 30;

export class TokenRefused extends Error {
  override readonly name = "TokenRefused";
  constructor(
    /** invalid: the token is bad (401). unavailable: it could not be checked now, the issuer's keys are out of reach (503). */
    readonly kind: "invalid" | "unavailable",
    reason: string,
    /** Unverified claims, only to say in the log whose token it was. */
    readonly hint: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

export interface VerifiedToken {
  claims: JWTPayload;
}

export class TokenVerifier {
  private keys?: Promise<{ url: string; get: JWTVerifyGetKey }>;

  constructor(private readonly auth: AuthConfig) {}

  /**
   * The key set (its URL from FSM_AUTH_JWKS_URL or discovery), resolved once; call at startup so a
   * misconfiguration shows in the log at once. A failed discovery is forgotten, so the next request tries
   * again (the issuer may come up after this server).
   */
  keySet(): Promise<{ url: string; get: JWTVerifyGetKey }> {
    this.keys ??= (this.auth.jwksUrl ? Promise.resolve(this.auth.jwksUrl) : discoverJwksUrl(this.auth.issuer)).then(
      (url) => ({ url, get: createRemoteJWKSet(new URL(url), { cooldownDuration: this.auth.jwksCooldownMs }) }),
      (error: unknown) => {
        this.keys = undefined;
        throw new TokenRefused("unavailable", error instanceof Error ? error.message : String(error));
      },
    );
    return this.keys;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const hint = unverifiedHint(token);
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenRefused("invalid", "not a JWT (a signed access token has three base64url parts); is the identity provider issuing opaque tokens?", hint);
    }
    if (typeof alg !== "string" || !ALLOWED_ALGORITHMS.includes(alg)) {
      throw new TokenRefused("invalid", `algorithm ${JSON.stringify(alg)} is not allowed (allowed: ${ALLOWED_ALGORITHMS.join(", ")})`, hint);
    }
    const remote = (await this.keySet()).get;
    // Key-set fetch failures mean "cannot check now" (503), not "bad token" (401): keep them apart.
    const getKey: JWTVerifyGetKey = async (header, input) => {
      try {
        return await remote(header, input);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys || error instanceof errors.JOSENotSupported) throw error;
        throw new TokenRefused("unavailable", `cannot fetch the issuer's key set: ${describe(error)}`, hint);
      }
    };
    try {
      const { payload } = await jwtVerify(token, getKey, {
        issuer: this.auth.issuer,
        audience: this.auth.audience,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ["exp", "sub"],
      });
      return { claims: payload };
    } catch (error) {
      if (error instanceof TokenRefused) throw error;
      throw new TokenRefused("invalid", this.reason(error, hint), hint);
    }
  }

  private reason(error: unknown, hint: Record<string, unknown>): string {
    if (error instanceof errors.JWTExpired) return `expired at ${time(hint.exp)} (this server's clock: ${new Date().toISOString()}, skew allowed ${CLOCK_SKEW_SECONDS} s)`;
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === "iss") return `issuer ${JSON.stringify(hint.iss)} is not FSM_AUTH_ISSUER ${JSON.stringify(this.auth.issuer)}`;
      if (error.claim === "aud") return `audience ${JSON.stringify(hint.aud)} does not include ${this.auth.audience.map((a) => JSON.stringify(a)).join(" or ")} (FSM_AUTH_AUDIENCE, default FSM_PUBLIC_URL)`;
      if (error.claim === "nbf") return `not valid before ${time(hint.nbf)} (this server's clock: ${new Date().toISOString()})`;
      return `claim ${error.claim}: ${error.reason === "missing" ? "missing" : error.message}`;
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) return "the signature does not verify against the issuer's key";
    if (error instanceof errors.JWKSNoMatchingKey) return `no key with kid ${JSON.stringify(hint.kid)} in the issuer's key set (fetched again unless within FSM_AUTH_JWKS_COOLDOWN_SECONDS of the last fetch)`;
    if (error instanceof errors.JOSEAlgNotAllowed) return `algorithm not allowed (allowed: ${ALLOWED_ALGORITHMS.join(", ")})`;
    return describe(error);
  }
}

/** What the log may say about a refused token: who and which key, never the token itself. */
function unverifiedHint(token: string): Record<string, unknown> {
  const hint: Record<string, unknown> = {};
  try {
    const header = decodeProtectedHeader(token);
    if (header.kid !== undefined) hint.kid = header.kid;
  } catch {
    return hint;
  }
  try {
    const claims = decodeJwt(token);
    for (const key of ["iss", "aud", "sub", "exp", "nbf"] as const) if (claims[key] !== undefined) hint[key] = claims[key];
  } catch {
    // header only
  }
  return hint;
}

function time(seconds: unknown): string {
  return typeof seconds === "number" ? new Date(seconds * 1000).toISOString() : String(seconds);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
