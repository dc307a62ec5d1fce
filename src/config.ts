/**
 * Configuration contract (DESIGN §3): environment variables, mirrored by flags, parsed once by zod with
 * errors that name the variable and the fix. Secrets are never echoed.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { VENDORS, type VendorName } from "./domain/backend.js";
import { TOOLSETS, type Toolset } from "./tools/types.js";

export interface Config {
  vendor: VendorName;
  /** sandbox: the built-in simulator in-process; live: a real vendor endpoint. */
  mode: "sandbox" | "live";
  baseUrl?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** Header carrying a TrackplanFM API key (undocumented by the vendor: X-API-Key by default). */
  apiKeyHeader?: string;
  /** Authorization scheme for JobNimbus keys (Bearer by default). */
  authScheme?: string;
  /** The key's scopes, when declared; tools needing others are not listed. */
  scopes?: string[];
  readOnly: boolean;
  toolsets: Toolset[];
  stateDir: string;
  timeoutMs: number;
  http?: HttpConfig;
}

/** Streamable HTTP mode (--http). */
export interface HttpConfig {
  host: string;
  /** 0 picks a free port (tests); the bound URL is printed to stderr. */
  port: number;
  /** Required on every request as `Authorization: Bearer <token>` when set; mandatory beyond loopback. */
  token?: string;
  /** Host header names accepted besides the loopback names and the bound host (DNS-rebinding protection). */
  allowedHosts: string[];
  /** Origin values accepted besides loopback origins; a request without Origin is not a browser's. */
  allowedOrigins: string[];
  /** Concurrent MCP sessions; an initialize beyond this is answered 503. */
  maxSessions: number;
  /** A session with no request in flight (not even its GET event stream) for this long is closed. */
  sessionIdleMs: number;
  /** This server's public resource URL (FSM_PUBLIC_URL), e.g. https://fsm.example.com/mcp; its host is accepted. */
  publicUrl?: string;
  /** OAuth 2.1 resource server mode (FSM_AUTH_ISSUER): every request carries an access token from that issuer. */
  auth?: AuthConfig;
}

/** OAuth resource server settings (src/auth/ reads them; loaded only when FSM_AUTH_ISSUER is set). */
export interface AuthConfig {
  /** The authorization server's issuer identifier, exactly as its tokens' `iss` claim. */
  issuer: string;
  /** This server's resource URL (FSM_PUBLIC_URL): published in the metadata, the default audience. */
  resource: string;
  /** Accepted `aud` values (RFC 8707): any one of them must be in the token. */
  audience: string[];
  /** The issuer's key set; unset: the `jwks_uri` of its discovery document. */
  jwksUrl?: string;
  /** The scope that lists and allows read tools, and the one that adds writes (writes include reads). */
  readScope: string;
  writeScope: string;
  /** After a key-set fetch, how long an unknown `kid` is refused without fetching again. */
  jwksCooldownMs: number;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Claude Desktop passes "" or the literal "${user_config.x}" for blank optional bundle fields: both mean unset. */
export function unsetIfBlank(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (t === "" || /^\$\{user_config\.[^}]*\}$/.test(t)) return undefined;
  return t;
}

const bool = (name: string) =>
  z
    .string()
    .transform((v, ctx) => {
      const s = v.toLowerCase();
      if (["1", "true", "yes", "on"].includes(s)) return true;
      if (["0", "false", "no", "off"].includes(s)) return false;
      ctx.addIssue({ code: "custom", message: `${name} must be 1 or 0 (true/false), got "${v}"` });
      return z.NEVER;
    })
    .optional();

const list = (name: string, allowed?: readonly string[]) =>
  z
    .string()
    .transform((v, ctx) => {
      const items = v.split(",").map((s) => s.trim()).filter(Boolean);
      const bad = allowed ? items.filter((i) => !allowed.includes(i)) : [];
      if (bad.length) {
        ctx.addIssue({ code: "custom", message: `${name} has unknown value(s) ${bad.join(", ")}; allowed: ${allowed!.join(", ")}` });
        return z.NEVER;
      }
      return items;
    })
    .optional();

const vendorEnum = (name: string) =>
  z.enum(VENDORS as unknown as [VendorName, ...VendorName[]], { error: () => `${name} must be one of ${VENDORS.join(", ")}` }).optional();

/** RFC 6749 scope-token characters (printable ASCII except space, `"` and `\\`). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

const EnvSchema = z.object({
  FSM_VENDOR: vendorEnum("FSM_VENDOR"),
  FSM_BASE_URL: z
    .url({ protocol: /^https?$/, error: () => "FSM_BASE_URL must be an http(s) URL such as https://fsmnavigator.com" })
    .optional(),
  FSM_API_KEY: z.string().optional(),
  FSM_API_KEY_FILE: z.string().optional(),
  FSM_API_KEY_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/, "FSM_API_KEY_HEADER must be a header name").optional(),
  FSM_AUTH_SCHEME: z.string().regex(/^[A-Za-z]+$/, "FSM_AUTH_SCHEME must be a word such as Bearer").optional(),
  FSM_USERNAME: z.string().optional(),
  FSM_PASSWORD: z.string().optional(),
  FSM_SCOPES: list("FSM_SCOPES"),
  FSM_READ_ONLY: bool("FSM_READ_ONLY"),
  FSM_TOOLSETS: list("FSM_TOOLSETS", TOOLSETS),
  FSM_SANDBOX: z
    .string()
    .transform((v, ctx) => {
      const s = v.toLowerCase();
      if (["1", "true", "yes"].includes(s)) return "fsmnavigator" as VendorName;
      if (["0", "false", "no"].includes(s)) return undefined;
      if ((VENDORS as readonly string[]).includes(s)) return s as VendorName;
      ctx.addIssue({ code: "custom", message: `FSM_SANDBOX must be one of ${VENDORS.join(", ")} (or 1), got "${v}"` });
      return z.NEVER;
    })
    .optional(),
  FSM_STATE_DIR: z.string().optional(),
  FSM_TIMEOUT_MS: z.coerce.number({ error: () => "FSM_TIMEOUT_MS must be a number of milliseconds" }).int().min(100).max(300_000).optional(),
  FSM_HTTP_TOKEN: z.string().min(16, "FSM_HTTP_TOKEN must be at least 16 characters").optional(),
  FSM_HTTP_ALLOWED_HOSTS: list("FSM_HTTP_ALLOWED_HOSTS"),
  FSM_HTTP_ALLOWED_ORIGINS: z
    .string()
    .transform((v, ctx) => {
      const items = v.split(",").map((s) => s.trim()).filter(Boolean);
      const origins: string[] = [];
      for (const item of items) {
        let url: URL | undefined;
        try {
          url = new URL(item);
        } catch {
          url = undefined;
        }
        if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== "/" || url.search || url.hash || url.username) {
          ctx.addIssue({ code: "custom", message: `FSM_HTTP_ALLOWED_ORIGINS entries must be origins such as https://app.example.com (scheme, host, optional port; no path), got "${item}"` });
          return z.NEVER;
        }
        origins.push(url.origin);
      }
      return origins;
    })
    .optional(),
  FSM_HTTP_MAX_SESSIONS: z.coerce
    .number({ error: () => "FSM_HTTP_MAX_SESSIONS must be a whole number" })
    .int("FSM_HTTP_MAX_SESSIONS must be a whole number")
    .min(1, "FSM_HTTP_MAX_SESSIONS must be at least 1")
    .max(10_000, "FSM_HTTP_MAX_SESSIONS must be at most 10000")
    .optional(),
  FSM_HTTP_SESSION_IDLE_SECONDS: z.coerce
    .number({ error: () => "FSM_HTTP_SESSION_IDLE_SECONDS must be a whole number of seconds" })
    .int("FSM_HTTP_SESSION_IDLE_SECONDS must be a whole number of seconds")
    .min(1, "FSM_HTTP_SESSION_IDLE_SECONDS must be at least 1")
    .max(7 * 86_400, "FSM_HTTP_SESSION_IDLE_SECONDS must be at most 604800 (a week)")
    .optional(),
  FSM_PUBLIC_URL: z.string().optional(),
  FSM_AUTH_ISSUER: z.string().optional(),
  FSM_AUTH_AUDIENCE: list("FSM_AUTH_AUDIENCE"),
  FSM_AUTH_JWKS_URL: z.string().optional(),
  FSM_AUTH_READ_SCOPE: z.string().regex(SCOPE_TOKEN, "FSM_AUTH_READ_SCOPE must be one scope name (no spaces or quotes)").optional(),
  FSM_AUTH_WRITE_SCOPE: z.string().regex(SCOPE_TOKEN, "FSM_AUTH_WRITE_SCOPE must be one scope name (no spaces or quotes)").optional(),
  FSM_AUTH_JWKS_COOLDOWN_SECONDS: z.coerce
    .number({ error: () => "FSM_AUTH_JWKS_COOLDOWN_SECONDS must be a whole number of seconds" })
    .int("FSM_AUTH_JWKS_COOLDOWN_SECONDS must be a whole number of seconds")
    .min(0, "FSM_AUTH_JWKS_COOLDOWN_SECONDS must be 0 or more")
    .max(3600, "FSM_AUTH_JWKS_COOLDOWN_SECONDS must be at most 3600")
    .optional(),
});

export type Env = Record<string, string | undefined>;

/** Flags mirror the variables; parsed by cli.ts into this shape. */
export interface Flags {
  vendor?: string;
  baseUrl?: string;
  readOnly?: boolean;
  toolsets?: string;
  sandbox?: string;
  http?: boolean;
  host?: string;
  port?: number;
  publicUrl?: string;
  authIssuer?: string;
  /** Serving MCP over stdio: settings that apply to --http only are refused (doctor and demo ignore them). */
  stdio?: boolean;
}

const DEFAULT_ORIGINS: Partial<Record<VendorName, string>> = {
  fsmnavigator: "https://fsmnavigator.com",
  jobnimbus: "https://app.jobnimbus.com",
};

export function defaultStateDir(env: Env): string {
  if (process.platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "fsm-mcp", "state");
  return join(env.XDG_STATE_HOME ?? join(homedir(), ".local", "state"), "fsm-mcp");
}

export function loadConfig(rawEnv: Env, flags: Flags = {}): Config {
  const env: Env = {};
  for (const key of Object.keys(EnvSchema.shape)) env[key] = unsetIfBlank(rawEnv[key]);
  if (flags.vendor) env.FSM_VENDOR = flags.vendor;
  if (flags.baseUrl) env.FSM_BASE_URL = flags.baseUrl;
  if (flags.readOnly) env.FSM_READ_ONLY = "1";
  if (flags.toolsets) env.FSM_TOOLSETS = flags.toolsets;
  if (flags.sandbox) env.FSM_SANDBOX = flags.sandbox;
  if (flags.publicUrl) env.FSM_PUBLIC_URL = flags.publicUrl;
  if (flags.authIssuer) env.FSM_AUTH_ISSUER = flags.authIssuer;

  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `- ${i.path.join(".") || "config"}: ${i.message}`).join("\n"));
  }
  const e = parsed.data;

  let apiKey = e.FSM_API_KEY;
  if (!apiKey && e.FSM_API_KEY_FILE) {
    try {
      apiKey = readFileSync(e.FSM_API_KEY_FILE, "utf8").trim();
    } catch (err) {
      throw new ConfigError(`- FSM_API_KEY_FILE: cannot read ${e.FSM_API_KEY_FILE} (${(err as NodeJS.ErrnoException).code ?? "error"}); point it at a file holding only the key`);
    }
    if (!apiKey) throw new ConfigError(`- FSM_API_KEY_FILE: ${e.FSM_API_KEY_FILE} is empty`);
  }
  const hasCredentials = Boolean(apiKey || (e.FSM_USERNAME && e.FSM_PASSWORD));
  if ((e.FSM_USERNAME && !e.FSM_PASSWORD) || (!e.FSM_USERNAME && e.FSM_PASSWORD)) {
    throw new ConfigError("- FSM_USERNAME/FSM_PASSWORD: set both for TrackplanFM login, or neither");
  }

  const base = {
    readOnly: e.FSM_READ_ONLY ?? false,
    toolsets: (e.FSM_TOOLSETS?.length ? e.FSM_TOOLSETS : TOOLSETS) as Toolset[],
    stateDir: e.FSM_STATE_DIR ?? defaultStateDir(rawEnv),
    timeoutMs: e.FSM_TIMEOUT_MS ?? 15_000,
    scopes: e.FSM_SCOPES?.length ? e.FSM_SCOPES : undefined,
    apiKeyHeader: e.FSM_API_KEY_HEADER,
    authScheme: e.FSM_AUTH_SCHEME,
    ...(flags.http ? { http: httpConfig(e, flags) } : {}),
  };
  if (flags.stdio && !flags.http) {
    const httpOnly = HTTP_ONLY.find((name) => e[name] !== undefined);
    if (httpOnly) throw new ConfigError(`- ${httpOnly}: applies to --http only (stdio serves the one local user and needs no login)`);
  }

  if (e.FSM_SANDBOX || !hasCredentials) {
    return { ...base, vendor: e.FSM_SANDBOX ?? e.FSM_VENDOR ?? "fsmnavigator", mode: "sandbox" };
  }

  const vendor = e.FSM_VENDOR ?? inferVendor(apiKey);
  if (!vendor) throw new ConfigError("- FSM_VENDOR: cannot tell the vendor from the credentials; set FSM_VENDOR to fsmnavigator, trackplanfm or jobnimbus");
  const baseUrl = e.FSM_BASE_URL ?? DEFAULT_ORIGINS[vendor];
  if (!baseUrl) throw new ConfigError(`- FSM_BASE_URL: ${vendor} has no public default; set it to your server, e.g. https://yourcompany.trackplanfm.com`);
  if (vendor !== "trackplanfm" && !apiKey) throw new ConfigError(`- FSM_API_KEY: ${vendor} needs an API key (FSM_USERNAME/FSM_PASSWORD are for TrackplanFM)`);
  return { ...base, vendor, mode: "live", baseUrl, apiKey, username: e.FSM_USERNAME, password: e.FSM_PASSWORD };
}

/** Names that reach only this machine. Anything else (0.0.0.0, ::, a LAN address, a hostname) is "beyond loopback". */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

export const DEFAULT_HTTP_PORT = 3333;
export const DEFAULT_HTTP_MAX_SESSIONS = 32;
export const DEFAULT_HTTP_SESSION_IDLE_SECONDS = 30 * 60;

/** Settings that mean something only with --http. */
const HTTP_ONLY = ["FSM_PUBLIC_URL", "FSM_AUTH_ISSUER", "FSM_AUTH_AUDIENCE", "FSM_AUTH_JWKS_URL", "FSM_AUTH_READ_SCOPE", "FSM_AUTH_WRITE_SCOPE", "FSM_AUTH_JWKS_COOLDOWN_SECONDS"] as const;

export const DEFAULT_READ_SCOPE = "fsm:read";
export const DEFAULT_WRITE_SCOPE = "fsm:write";
export const DEFAULT_JWKS_COOLDOWN_SECONDS = 30;

/**
 * An absolute https URL (http only to a loopback host: tests and a proxy on the same machine), without
 * credentials or fragment; `query` says whether a query string is acceptable.
 */
function secureUrl(name: string, value: string, example: string, query = false): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const fix = `${name} must be an absolute https URL such as ${example}`;
  if (!url) throw new ConfigError(`- ${name}: ${fix}, got "${value}"`);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new ConfigError(`- ${name}: ${fix} (plain http only to a loopback host), got "${value}"`);
  }
  if (url.username || url.password || url.hash || (!query && url.search)) throw new ConfigError(`- ${name}: ${fix}, without credentials, query or fragment`);
  return url;
}

function authConfig(e: z.infer<typeof EnvSchema>, publicUrl: string | undefined): AuthConfig | undefined {
  if (!e.FSM_AUTH_ISSUER) {
    const needsIssuer = (["FSM_AUTH_AUDIENCE", "FSM_AUTH_JWKS_URL", "FSM_AUTH_READ_SCOPE", "FSM_AUTH_WRITE_SCOPE", "FSM_AUTH_JWKS_COOLDOWN_SECONDS"] as const).find((n) => e[n] !== undefined);
    if (needsIssuer) throw new ConfigError(`- FSM_AUTH_ISSUER: ${needsIssuer} is set but FSM_AUTH_ISSUER is not; set it to your identity provider's issuer URL to turn on OAuth`);
    return undefined;
  }
  // The issuer is compared with the tokens' `iss` character for character: keep it exactly as given.
  secureUrl("FSM_AUTH_ISSUER", e.FSM_AUTH_ISSUER, "https://login.example.com/realms/dispatch");
  if (!publicUrl) {
    throw new ConfigError("- FSM_PUBLIC_URL: FSM_AUTH_ISSUER needs this server's public URL (what clients connect to, e.g. https://fsm.example.com/mcp): tokens must name it as their audience");
  }
  if (e.FSM_HTTP_TOKEN) {
    throw new ConfigError("- FSM_HTTP_TOKEN: set either FSM_HTTP_TOKEN (one shared secret) or FSM_AUTH_ISSUER (each user's own login), not both");
  }
  const readScope = e.FSM_AUTH_READ_SCOPE ?? DEFAULT_READ_SCOPE;
  const writeScope = e.FSM_AUTH_WRITE_SCOPE ?? DEFAULT_WRITE_SCOPE;
  if (readScope === writeScope) throw new ConfigError("- FSM_AUTH_WRITE_SCOPE: must differ from FSM_AUTH_READ_SCOPE");
  return {
    issuer: e.FSM_AUTH_ISSUER,
    resource: publicUrl,
    audience: e.FSM_AUTH_AUDIENCE?.length ? e.FSM_AUTH_AUDIENCE : [publicUrl],
    jwksUrl: e.FSM_AUTH_JWKS_URL ? secureUrl("FSM_AUTH_JWKS_URL", e.FSM_AUTH_JWKS_URL, "https://login.example.com/keys", true).href : undefined,
    readScope,
    writeScope,
    jwksCooldownMs: (e.FSM_AUTH_JWKS_COOLDOWN_SECONDS ?? DEFAULT_JWKS_COOLDOWN_SECONDS) * 1000,
  };
}

function httpConfig(e: z.infer<typeof EnvSchema>, flags: Flags): HttpConfig {
  const host = flags.host ?? "127.0.0.1";
  const publicUrl = e.FSM_PUBLIC_URL ? secureUrl("FSM_PUBLIC_URL", e.FSM_PUBLIC_URL, "https://fsm.example.com/mcp").href : undefined;
  const auth = authConfig(e, publicUrl);
  if (!isLoopbackHost(host) && !e.FSM_HTTP_TOKEN && !auth) {
    // Without a token anyone who can reach the port could drive the vendor account with this server's key.
    throw new ConfigError(
      `- FSM_HTTP_TOKEN: --host ${host} accepts connections from beyond this machine; set FSM_HTTP_TOKEN to a random secret ` +
        "(at least 16 characters, e.g. `openssl rand -hex 32`) that clients send as `Authorization: Bearer <token>`, set FSM_AUTH_ISSUER " +
        "and FSM_PUBLIC_URL for each user's own login (OAuth), or bind --host 127.0.0.1",
    );
  }
  return {
    host,
    port: flags.port ?? DEFAULT_HTTP_PORT,
    token: e.FSM_HTTP_TOKEN,
    // The public URL's host is what a reverse proxy forwards as Host (or what clients send directly).
    allowedHosts: [...(e.FSM_HTTP_ALLOWED_HOSTS ?? []), ...(publicUrl ? [new URL(publicUrl).hostname] : [])].map((h) => h.toLowerCase()),
    allowedOrigins: e.FSM_HTTP_ALLOWED_ORIGINS ?? [],
    maxSessions: e.FSM_HTTP_MAX_SESSIONS ?? DEFAULT_HTTP_MAX_SESSIONS,
    sessionIdleMs: (e.FSM_HTTP_SESSION_IDLE_SECONDS ?? DEFAULT_HTTP_SESSION_IDLE_SECONDS) * 1000,
    ...(publicUrl ? { publicUrl } : {}),
    ...(auth ? { auth } : {}),
  };
}

function inferVendor(apiKey: string | undefined): VendorName | undefined {
  if (!apiKey) return "trackplanfm"; // username/password login exists only there
  if (/^fsm_(live|test)_/.test(apiKey)) return "fsmnavigator";
  if (/^TP-/.test(apiKey)) return "trackplanfm";
  return undefined;
}

/** The configuration table for the README, generated from the contract above. */
export const CONFIG_DOCS: ReadonlyArray<{ variable: string; flag?: string; meaning: string }> = [
  { variable: "FSM_VENDOR", flag: "--vendor", meaning: `${VENDORS.join(", ")}. Unset and no credentials: the FSM Navigator sandbox` },
  { variable: "FSM_BASE_URL", flag: "--base-url", meaning: "Vendor origin; FSM Navigator defaults to https://fsmnavigator.com, JobNimbus to https://app.jobnimbus.com; the API path is added" },
  { variable: "FSM_API_KEY", meaning: "The vendor credential (fsm_live_…, TP-…, or a JobNimbus key)" },
  { variable: "FSM_API_KEY_FILE", meaning: "A file holding the key, to keep it out of MCP client configs" },
  { variable: "FSM_USERNAME / FSM_PASSWORD", meaning: "TrackplanFM JWT login instead of an API key" },
  { variable: "FSM_API_KEY_HEADER", meaning: "Header for TrackplanFM API keys (undocumented by the vendor; default X-API-Key)" },
  { variable: "FSM_AUTH_SCHEME", meaning: "Authorization scheme for JobNimbus keys (default Bearer)" },
  { variable: "FSM_SCOPES", meaning: "Comma list of the key's scopes (FSM Navigator); tools needing others are not listed" },
  { variable: "FSM_READ_ONLY", flag: "--read-only", meaning: "1: no write tool is listed and the client refuses non-GET requests" },
  { variable: "FSM_TOOLSETS", flag: "--toolsets", meaning: `Comma list of toolsets to expose (${TOOLSETS.join(", ")}); default all` },
  { variable: "FSM_SANDBOX", flag: "--sandbox", meaning: `Force a vendor's sandbox: ${VENDORS.join(", ")}` },
  { variable: "FSM_STATE_DIR", meaning: "Where the idempotency ledger, audit log and lookup index live (default $XDG_STATE_HOME/fsm-mcp or ~/.local/state/fsm-mcp)" },
  { variable: "FSM_TIMEOUT_MS", meaning: "Per-attempt vendor request timeout (default 15000)" },
  { variable: "FSM_HTTP_TOKEN", meaning: "--http: bearer token (16+ characters) every request must carry as `Authorization: Bearer …`; mandatory when --host is beyond loopback" },
  { variable: "FSM_HTTP_ALLOWED_HOSTS", meaning: "--http: comma list of extra `Host` names to accept (loopback names and the bound address always are); others get 403" },
  { variable: "FSM_HTTP_ALLOWED_ORIGINS", meaning: "--http: comma list of browser origins to accept, e.g. https://app.example.com (loopback origins always are); others get 403" },
  { variable: "FSM_HTTP_MAX_SESSIONS", meaning: `--http: concurrent MCP sessions (default ${DEFAULT_HTTP_MAX_SESSIONS}); a new session beyond it gets 503` },
  {
    variable: "FSM_HTTP_SESSION_IDLE_SECONDS",
    meaning: `--http: a session with no request in flight (an open event stream counts) for this long is closed and its id answers 404 (default ${DEFAULT_HTTP_SESSION_IDLE_SECONDS}, 30 minutes)`,
  },
  { variable: "FSM_PUBLIC_URL", flag: "--public-url", meaning: "--http: this server's public URL as clients reach it, e.g. https://fsm.example.com/mcp (https; http only on loopback); its host is accepted" },
  { variable: "FSM_AUTH_ISSUER", flag: "--auth-issuer", meaning: "--http: OAuth issuer URL of your identity provider (exactly its tokens' `iss`); turns on per-user login, needs FSM_PUBLIC_URL, excludes FSM_HTTP_TOKEN" },
  { variable: "FSM_AUTH_AUDIENCE", meaning: "--http with OAuth: comma list of accepted token audiences (default FSM_PUBLIC_URL)" },
  { variable: "FSM_AUTH_JWKS_URL", meaning: "--http with OAuth: the issuer's key set (default: `jwks_uri` from its OpenID or RFC 8414 discovery document)" },
  { variable: "FSM_AUTH_READ_SCOPE / FSM_AUTH_WRITE_SCOPE", meaning: `--http with OAuth: scope names for read tools and for writes (writes include reads); default ${DEFAULT_READ_SCOPE} and ${DEFAULT_WRITE_SCOPE}` },
  { variable: "FSM_AUTH_JWKS_COOLDOWN_SECONDS", meaning: `--http with OAuth: after fetching the key set, how long a token with an unknown key id is refused without fetching again (default ${DEFAULT_JWKS_COOLDOWN_SECONDS})` },
];
