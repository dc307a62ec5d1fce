/**
 * TrackplanFM's two auth modes (seed §1) as AuthProviders for the HTTP core:
 * - JWT: POST /api/auth/login {username, password} → {token}, sent as `Authorization: Bearer`. Tokens expire;
 *   on a 401 the core calls refresh(): we log in again once and it replays the request once.
 * - API key (TP-…): sent in a header the seed does not name ([I] X-API-Key, configurable).
 */
import { HttpClient } from "../../http/client.js";
import { VendorError } from "../../http/errors.js";
import type { AuthProvider, HttpClientOptions } from "../../http/types.js";
import { ENDPOINTS, LOGIN_PATH, USER_ID_CLAIMS } from "./facts.js";
import { toToken, trackplanfmDialect } from "./normalize.js";

export function apiKeyAuth(apiKey: string, header: string): AuthProvider {
  const bearer = header.toLowerCase() === "authorization";
  return {
    apply(headers) {
      headers[header] = bearer ? `Bearer ${apiKey}` : apiKey;
    },
    secrets: () => [apiKey],
  };
}

export interface JwtAuthOptions extends Omit<HttpClientOptions, "dialect" | "auth" | "rateLimiter" | "sharedRateGate"> {
  username: string;
  password: string;
}

/**
 * JWT login with one login in flight at a time: concurrent first requests (or concurrent 401s) share it.
 * The login call goes through its own HttpClient (no auth, same timeouts, redaction and dialect) and is not
 * retried there: a failed login fails the attempt of the request that needed it, and that request's own retry
 * policy decides whether to try again.
 */
export class JwtAuth implements AuthProvider {
  private readonly http: HttpClient;
  private token?: string;
  private pending?: Promise<string>;
  /** Logins sent so far (tests and diagnostics). */
  logins = 0;

  constructor(private readonly opts: JwtAuthOptions) {
    const { username: _u, password, ...httpOptions } = opts;
    this.http = new HttpClient({
      ...httpOptions,
      dialect: trackplanfmDialect,
      auth: { apply: () => undefined, secrets: () => [password] },
      rateLimit: { holdFirstRequest: false },
      // Logging in changes nothing on the vendor side: read-only mode (FSM_READ_ONLY) still needs it.
      readOnly: false,
    });
  }

  async apply(headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const token = this.token ?? (await this.login(signal));
    headers.authorization = `Bearer ${token}`;
  }

  /** After a 401: the token expired or was revoked. Log in again (or join a login already under way). */
  async refresh(signal?: AbortSignal): Promise<boolean> {
    if (!this.pending) this.token = undefined;
    await this.login(signal);
    return true;
  }

  secrets(): string[] {
    return [this.opts.password, ...(this.token ? [this.token] : [])];
  }

  /**
   * The logged-in user's numeric id, read from the current token's claims (facts.USER_ID_CLAIMS), or undefined
   * before the first login or when the token names none. Only read, never verified: the vendor verifies it.
   */
  userId(): number | undefined {
    return this.token ? userIdOfToken(this.token) : undefined;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private login(signal?: AbortSignal): Promise<string> {
    this.pending ??= this.sendLogin(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async sendLogin(signal?: AbortSignal): Promise<string> {
    this.logins++;
    const res = await this.http.request(
      { method: ENDPOINTS.login.method, path: LOGIN_PATH, body: { username: this.opts.username, password: this.opts.password } },
      // A login creates nothing: safe to resend, so a timeout is not reported as "may have happened".
      { signal, idempotent: true, noRetry: true },
    );
    const token = toToken(res.body);
    if (!token) {
      throw new VendorError({
        kind: "parse",
        message: `POST ${LOGIN_PATH} answered ${res.status} without a token`,
        method: "POST",
        path: LOGIN_PATH,
        status: res.status,
        retryable: false,
        attempts: res.attempts,
      });
    }
    this.token = token;
    return token;
  }
}

/** The first whole-number user-id claim of a JWT's payload (facts.USER_ID_CLAIMS); undefined when none. */
export function userIdOfToken(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof claims !== "object" || claims === null) return undefined;
  for (const name of USER_ID_CLAIMS) {
    const v = (claims as Record<string, unknown>)[name];
    const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
    if (Number.isSafeInteger(n) && n > 0) return n;
  }
  return undefined;
}
