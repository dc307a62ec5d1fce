/**
 * The sandbox's accounts and its two auth modes (seed §1): a demo user who logs in for a JWT (HS256, signed
 * with a secret made at start-up, expiring after `tokenTtlMs`), and demo API keys (TP-…). Both are public
 * on purpose: the sandbox binds to 127.0.0.1 and holds demo data only.
 *
 * [I] The key header is undocumented: keys are accepted in X-API-Key (or the header the sandbox is started
 * with) and as `Authorization: Bearer TP-…`. Roles: "Full Access with API" is the seed's role name; a
 * read-only role shows what a 403 looks like.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { API_KEY_PATTERN, DEFAULT_API_KEY_HEADER } from "../../vendors/trackplanfm/facts.js";
import type { SandboxRequest } from "../common/http.js";
import { Problem } from "./problems.js";

export type Role = "Full Access with API" | "Read Only API";

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  email: string;
  userId: number;
  role: Role;
}

export interface DemoApiKey {
  key: string;
  description: string;
  role: Role;
  label: string;
}

export const DEMO_USERS: readonly DemoUser[] = Object.freeze([
  { username: "sandbox.dispatcher", password: "sandbox-password", displayName: "Sandbox Dispatcher", email: "dispatcher@sandbox.trackplanfm.example", userId: 7, role: "Full Access with API" },
  { username: "sandbox.viewer", password: "sandbox-password", displayName: "Sandbox Viewer", email: "viewer@sandbox.trackplanfm.example", userId: 8, role: "Read Only API" },
]);

export const DEMO_API_KEYS: readonly DemoApiKey[] = Object.freeze([
  { key: "TP-sandboxFullAccess7Qx9Lm2Vd4", description: "API Key For Service", role: "Full Access with API", label: "full-access" },
  { key: "TP-sandboxReadOnly3Kp8Zt1Wb6", description: "Read-only reporting key", role: "Read Only API", label: "read-only" },
]);

/** Who a request acts as. */
export interface Principal {
  kind: "user" | "apiKey";
  name: string;
  email: string | null;
  userId: number | null;
  role: Role;
  label: string;
}

/** [I] One hour, a common ASP.NET default; tests shorten it to watch tokens expire. */
export const DEFAULT_TOKEN_TTL_MS = 60 * 60 * 1000;

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

interface IssuedToken {
  user: DemoUser;
  expiresAtMs: number;
}

export class SandboxAuth {
  private readonly secret = randomBytes(32);
  private readonly issued = new Map<string, IssuedToken>();
  private readonly keyHeader: string;

  constructor(
    private readonly tokenTtlMs: number = DEFAULT_TOKEN_TTL_MS,
    apiKeyHeader: string = DEFAULT_API_KEY_HEADER,
    private readonly now: () => number = Date.now,
  ) {
    this.keyHeader = apiKeyHeader.toLowerCase();
  }

  /** POST /api/auth/login: a signed JWT for valid credentials, else the seed's 401. */
  login(username: unknown, password: unknown): string {
    const user = DEMO_USERS.find((u) => u.username === username);
    if (!user || typeof password !== "string" || !safeEqual(password, user.password)) {
      throw new Problem(401, "Invalid authentication credentials");
    }
    const iat = this.now();
    const jti = randomUUID();
    const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const payload = b64url(
      JSON.stringify({ sub: user.username, nameid: String(user.userId), name: user.displayName, role: user.role, jti, iat: Math.floor(iat / 1000), exp: (iat + this.tokenTtlMs) / 1000 }),
    );
    const signature = b64url(createHmac("sha256", this.secret).update(`${header}.${payload}`).digest());
    this.issued.set(jti, { user, expiresAtMs: iat + this.tokenTtlMs });
    return `${header}.${payload}.${signature}`;
  }

  /** Forget every issued token (a restart or key rotation on the vendor side): the next call answers 401. */
  revokeTokens(): void {
    this.issued.clear();
  }

  /** Who the request acts as; 401 problem details when nobody. */
  authenticate(req: SandboxRequest): Principal {
    const authorization = header(req, "authorization");
    const bearer = authorization && /^bearer\s+(.+)$/i.exec(authorization.trim())?.[1]?.trim();
    const key = header(req, this.keyHeader) ?? (bearer && bearer.startsWith("TP-") ? bearer : undefined);
    if (key !== undefined) return this.byKey(key);
    if (bearer) return this.byToken(bearer);
    throw unauthorized("Authentication is required: send Authorization: Bearer {token} from /api/auth/login, or an API key");
  }

  labelOf(req: SandboxRequest): string | undefined {
    try {
      return this.authenticate(req).label;
    } catch {
      return undefined;
    }
  }

  private byKey(key: string): Principal {
    const demo = API_KEY_PATTERN.test(key) ? DEMO_API_KEYS.find((k) => safeEqual(k.key, key)) : undefined;
    if (!demo) throw unauthorized("Invalid authentication credentials");
    return { kind: "apiKey", name: demo.description, email: null, userId: null, role: demo.role, label: `key:${demo.label}` };
  }

  private byToken(token: string): Principal {
    const [header, payload, signature] = token.split(".");
    if (!header || !payload || !signature) throw unauthorized("Invalid authentication credentials", "invalid_token");
    const expected = b64url(createHmac("sha256", this.secret).update(`${header}.${payload}`).digest());
    if (!safeEqual(signature, expected)) throw unauthorized("Invalid authentication credentials", "invalid_token");
    let jti: unknown;
    try {
      jti = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { jti?: unknown }).jti;
    } catch {
      throw unauthorized("Invalid authentication credentials", "invalid_token");
    }
    const issued = typeof jti === "string" ? this.issued.get(jti) : undefined;
    if (!issued) throw unauthorized("The token is no longer valid; log in again", "invalid_token");
    if (this.now() >= issued.expiresAtMs) {
      throw unauthorized(`The token expired at ${new Date(issued.expiresAtMs).toISOString()}; log in again`, "invalid_token");
    }
    const u = issued.user;
    return { kind: "user", name: u.displayName, email: u.email, userId: u.userId, role: u.role, label: `user:${u.username}` };
  }
}

function header(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === "" ? undefined : s.trim();
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 401 with the seed's body and the WWW-Authenticate header ASP.NET's JwtBearer sends [I]. */
function unauthorized(detail: string, error?: string): Problem {
  return new Problem(401, detail, undefined, { "WWW-Authenticate": error ? `Bearer error="${error}"` : "Bearer" });
}
