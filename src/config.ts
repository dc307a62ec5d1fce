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

/** FSM_SANDBOX_SCALE: "large" adds the large account (src/sandbox/common/large-account.ts) to the sandbox's demo data. */
export const SANDBOX_SCALES = ["regular", "large"] as const;
export type SandboxScale = (typeof SANDBOX_SCALES)[number];

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
  /** Sandbox mode only: "large" adds the large account (5,000 customers, 50,000 assets) to the demo data. */
  sandboxScale?: SandboxScale;
  stateDir: string;
  timeoutMs: number;
  /** After an ambiguous write failure, how long to keep looking for a late commit before answering uncertain. */
  reconcileWindowMs: number;
  /** During the lookup index's first fill, how long a lookup waits for its kind of record (src/lookup). */
  lookupFillWaitMs: number;
  http?: HttpConfig;
  /** Team mode (FSM_REDIS_URL): shared state on Redis (src/state/redis, loaded only then). */
  redis?: RedisConfig;
}

/** Where the replicas' shared state lives. */
export interface RedisConfig {
  /** redis:// or rediss:// URL, credentials included: pass it to the client only, never print it. */
  url: string;
  /** The URL without its password, for logs and errors. */
  shown: string;
  /** How long a claimed idempotency key stays held after its replica stops refreshing it (a crash). */
  claimLeaseMs: number;
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
  /** Sessions one client (OAuth `sub`, else remote address) may hold; at it, its own least recently used idle one goes. */
  maxSessionsPerClient: number;
  /** Node http server: time to receive a request's headers (headersTimeout) and the whole request (requestTimeout). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Node http server keepAliveTimeout: how long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** SIGTERM: how long in-flight calls may run on before the process exits anyway. */
  drainMs: number;
  /** Signs confirm tokens (stateless mode); every replica needs the same. Default: derived from the vendor credential. */
  confirmSecret?: string;
  /** Stateless Streamable HTTP (a fresh server and transport per request, no Mcp-Session-Id): any replica serves any request. */
  stateless: boolean;
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

/**
 * Each variable's schema, built only when the variable is set: most starts set a handful of the ~45, and building
 * every zod schema (each chained .int()/.min()/.max() is another schema object) was a few ms of every cold start.
 * An unset variable is simply absent, as the optional fields of one z.object over all of them would leave it.
 */
const ENV_FIELDS = {
  FSM_VENDOR: () => vendorEnum("FSM_VENDOR"),
  FSM_BASE_URL: () => z
    .url({ protocol: /^https?$/, error: () => "FSM_BASE_URL must be an http(s) URL such as https://fsmnavigator.com" })
    .optional(),
  FSM_API_KEY: () => z.string().optional(),
  FSM_API_KEY_FILE: () => z.string().optional(),
  FSM_API_KEY_HEADER: () => z.string().regex(/^[A-Za-z0-9-]+$/, "FSM_API_KEY_HEADER must be a header name").optional(),
  FSM_AUTH_SCHEME: () => z.string().regex(/^[A-Za-z]+$/, "FSM_AUTH_SCHEME must be a word such as Bearer").optional(),
  FSM_USERNAME: () => z.string().optional(),
  FSM_PASSWORD: () => z.string().optional(),
  FSM_SCOPES: () => list("FSM_SCOPES"),
  FSM_READ_ONLY: () => bool("FSM_READ_ONLY"),
  FSM_TOOLSETS: () => list("FSM_TOOLSETS", TOOLSETS),
  FSM_SANDBOX: () => z
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
  FSM_SANDBOX_SCALE: () => z
    .enum(SANDBOX_SCALES, { error: () => `FSM_SANDBOX_SCALE must be one of ${SANDBOX_SCALES.join(", ")}` })
    .optional(),
  FSM_STATE_DIR: () => z.string().optional(),
  FSM_TIMEOUT_MS: () => z.coerce.number({ error: () => "FSM_TIMEOUT_MS must be a number of milliseconds" }).int().min(100).max(300_000).optional(),
  FSM_RECONCILE_WINDOW_MS: () => z.coerce.number({ error: () => "FSM_RECONCILE_WINDOW_MS must be a number of milliseconds" }).int().min(0).max(300_000).optional(),
  FSM_LOOKUP_FILL_WAIT_MS: () => z.coerce.number({ error: () => "FSM_LOOKUP_FILL_WAIT_MS must be a number of milliseconds" }).int().min(0).max(600_000).optional(),
  FSM_HTTP_TOKEN: () => z.string().min(16, "FSM_HTTP_TOKEN must be at least 16 characters").optional(),
  FSM_HTTP_ALLOWED_HOSTS: () => list("FSM_HTTP_ALLOWED_HOSTS"),
  FSM_HTTP_ALLOWED_ORIGINS: () => z
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
  FSM_HTTP_MAX_SESSIONS: () => z.coerce
    .number({ error: () => "FSM_HTTP_MAX_SESSIONS must be a whole number" })
    .int("FSM_HTTP_MAX_SESSIONS must be a whole number")
    .min(1, "FSM_HTTP_MAX_SESSIONS must be at least 1")
    .max(10_000, "FSM_HTTP_MAX_SESSIONS must be at most 10000")
    .optional(),
  FSM_HTTP_SESSION_IDLE_SECONDS: () => z.coerce
    .number({ error: () => "FSM_HTTP_SESSION_IDLE_SECONDS must be a whole number of seconds" })
    .int("FSM_HTTP_SESSION_IDLE_SECONDS must be a whole number of seconds")
    .min(1, "FSM_HTTP_SESSION_IDLE_SECONDS must be at least 1")
    .max(7 * 86_400, "FSM_HTTP_SESSION_IDLE_SECONDS must be at most 604800 (a week)")
    .optional(),
  FSM_HTTP_HEADERS_TIMEOUT_SECONDS: () => z.coerce
    .number({ error: () => "FSM_HTTP_HEADERS_TIMEOUT_SECONDS must be a whole number of seconds" })
    .int("FSM_HTTP_HEADERS_TIMEOUT_SECONDS must be a whole number of seconds")
    .min(1, "FSM_HTTP_HEADERS_TIMEOUT_SECONDS must be at least 1")
    .max(600, "FSM_HTTP_HEADERS_TIMEOUT_SECONDS must be at most 600")
    .optional(),
  FSM_HTTP_REQUEST_TIMEOUT_SECONDS: () => z.coerce
    .number({ error: () => "FSM_HTTP_REQUEST_TIMEOUT_SECONDS must be a whole number of seconds" })
    .int("FSM_HTTP_REQUEST_TIMEOUT_SECONDS must be a whole number of seconds")
    .min(1, "FSM_HTTP_REQUEST_TIMEOUT_SECONDS must be at least 1")
    .max(3600, "FSM_HTTP_REQUEST_TIMEOUT_SECONDS must be at most 3600")
    .optional(),
  FSM_HTTP_KEEPALIVE_SECONDS: () => z.coerce
    .number({ error: () => "FSM_HTTP_KEEPALIVE_SECONDS must be a whole number of seconds" })
    .int("FSM_HTTP_KEEPALIVE_SECONDS must be a whole number of seconds")
    .min(1, "FSM_HTTP_KEEPALIVE_SECONDS must be at least 1")
    .max(3600, "FSM_HTTP_KEEPALIVE_SECONDS must be at most 3600")
    .optional(),
  FSM_HTTP_DRAIN_SECONDS: () => z.coerce
    .number({ error: () => "FSM_HTTP_DRAIN_SECONDS must be a whole number of seconds" })
    .int("FSM_HTTP_DRAIN_SECONDS must be a whole number of seconds")
    .min(0, "FSM_HTTP_DRAIN_SECONDS must be at least 0")
    .max(3600, "FSM_HTTP_DRAIN_SECONDS must be at most 3600")
    .optional(),
  FSM_HTTP_MAX_SESSIONS_PER_CLIENT: () => z.coerce
    .number({ error: () => "FSM_HTTP_MAX_SESSIONS_PER_CLIENT must be a whole number" })
    .int("FSM_HTTP_MAX_SESSIONS_PER_CLIENT must be a whole number")
    .min(1, "FSM_HTTP_MAX_SESSIONS_PER_CLIENT must be at least 1")
    .max(10_000, "FSM_HTTP_MAX_SESSIONS_PER_CLIENT must be at most 10000")
    .optional(),
  FSM_HTTP_STATELESS: () => bool("FSM_HTTP_STATELESS"),
  FSM_CONFIRM_SECRET: () => z.string().min(32, "FSM_CONFIRM_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  FSM_PUBLIC_URL: () => z.string().optional(),
  FSM_AUTH_ISSUER: () => z.string().optional(),
  FSM_AUTH_AUDIENCE: () => list("FSM_AUTH_AUDIENCE"),
  FSM_AUTH_JWKS_URL: () => z.string().optional(),
  FSM_AUTH_READ_SCOPE: () => z.string().regex(SCOPE_TOKEN, "FSM_AUTH_READ_SCOPE must be one scope name (no spaces or quotes)").optional(),
  FSM_AUTH_WRITE_SCOPE: () => z.string().regex(SCOPE_TOKEN, "FSM_AUTH_WRITE_SCOPE must be one scope name (no spaces or quotes)").optional(),
  FSM_REDIS_URL: () => z.string().optional(),
  FSM_REDIS_CLAIM_LEASE_SECONDS: () => z.coerce
    .number({ error: () => "FSM_REDIS_CLAIM_LEASE_SECONDS must be a whole number of seconds" })
    .int("FSM_REDIS_CLAIM_LEASE_SECONDS must be a whole number of seconds")
    .min(2, "FSM_REDIS_CLAIM_LEASE_SECONDS must be at least 2")
    .max(600, "FSM_REDIS_CLAIM_LEASE_SECONDS must be at most 600")
    .optional(),
  FSM_AUTH_JWKS_COOLDOWN_SECONDS: () => z.coerce
    .number({ error: () => "FSM_AUTH_JWKS_COOLDOWN_SECONDS must be a whole number of seconds" })
    .int("FSM_AUTH_JWKS_COOLDOWN_SECONDS must be a whole number of seconds")
    .min(0, "FSM_AUTH_JWKS_COOLDOWN_SECONDS must be 0 or more")
    .max(3600, "FSM_AUTH_JWKS_COOLDOWN_SECONDS must be at most 3600")
    .optional(),
};

export type Env = Record<string, string | undefined>;

type EnvField = keyof typeof ENV_FIELDS;
/** The parsed variables: a variable that was not set is absent. */
type EnvValues = { [K in EnvField]?: z.output<ReturnType<(typeof ENV_FIELDS)[K]>> };

/**
 * Parse the variables that are set, each with its own schema (in the table's order, so errors come in that order).
 * Parsed once per process: zod compiles a parser for an object on its first synchronous parse (new Function),
 * which pays back over many parses and only costs here (a few ms of every cold start).
 */
function parseEnv(env: Env): { data: EnvValues; issues: string[] } {
  const data: Record<string, unknown> = {};
  const issues: string[] = [];
  for (const key of Object.keys(ENV_FIELDS) as EnvField[]) {
    if (env[key] === undefined) continue;
    const parsed = ENV_FIELDS[key]().safeParse(env[key], { jitless: true });
    if (parsed.success) data[key] = parsed.data;
    else for (const issue of parsed.error.issues) issues.push(`- ${[key, ...issue.path].join(".")}: ${issue.message}`);
  }
  return { data: data as EnvValues, issues };
}

/** Flags mirror the variables; parsed by cli.ts into this shape. */
export interface Flags {
  vendor?: string;
  baseUrl?: string;
  readOnly?: boolean;
  toolsets?: string;
  sandbox?: string;
  /** --scale: the sandbox's size (FSM_SANDBOX_SCALE). */
  scale?: string;
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
  for (const key of Object.keys(ENV_FIELDS)) env[key] = unsetIfBlank(rawEnv[key]);
  if (flags.vendor) env.FSM_VENDOR = flags.vendor;
  if (flags.baseUrl) env.FSM_BASE_URL = flags.baseUrl;
  if (flags.readOnly) env.FSM_READ_ONLY = "1";
  if (flags.toolsets) env.FSM_TOOLSETS = flags.toolsets;
  if (flags.sandbox) env.FSM_SANDBOX = flags.sandbox;
  if (flags.scale) env.FSM_SANDBOX_SCALE = flags.scale;
  if (flags.publicUrl) env.FSM_PUBLIC_URL = flags.publicUrl;
  if (flags.authIssuer) env.FSM_AUTH_ISSUER = flags.authIssuer;

  const { data: e, issues } = parseEnv(env);
  if (issues.length) throw new ConfigError(issues.join("\n"));

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
    sandboxScale: e.FSM_SANDBOX_SCALE ?? "regular",
    stateDir: e.FSM_STATE_DIR ?? defaultStateDir(rawEnv),
    timeoutMs: e.FSM_TIMEOUT_MS ?? 15_000,
    reconcileWindowMs: e.FSM_RECONCILE_WINDOW_MS ?? DEFAULT_RECONCILE_WINDOW_MS,
    lookupFillWaitMs: e.FSM_LOOKUP_FILL_WAIT_MS ?? DEFAULT_LOOKUP_FILL_WAIT_MS,
    scopes: e.FSM_SCOPES?.length ? e.FSM_SCOPES : undefined,
    apiKeyHeader: e.FSM_API_KEY_HEADER,
    authScheme: e.FSM_AUTH_SCHEME,
    ...(flags.http ? { http: httpConfig(e, flags) } : {}),
    ...(e.FSM_REDIS_URL ? { redis: redisConfig(e.FSM_REDIS_URL, e.FSM_REDIS_CLAIM_LEASE_SECONDS) } : {}),
  };
  if (e.FSM_REDIS_CLAIM_LEASE_SECONDS !== undefined && !e.FSM_REDIS_URL) {
    throw new ConfigError("- FSM_REDIS_CLAIM_LEASE_SECONDS: applies only with FSM_REDIS_URL (team mode)");
  }
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
/** Long enough for a vendor that commits a few seconds after answering (or timing out); short enough to wait for. */
export const DEFAULT_RECONCILE_WINDOW_MS = 10_000;
/**
 * How long a lookup waits for its kind of record during the lookup index's first fill before answering from what
 * is there plus the vendor's own search. Customers and sites are read first, so a customer lookup is usually whole
 * by then; 50,000 assets are not, and a dispatcher should not wait for them. A desk that prefers a complete first
 * answer to a quick one raises it (the test suite does, so that a loaded machine's slow fill decides nothing).
 */
export const DEFAULT_LOOKUP_FILL_WAIT_MS = 3_000;
export const DEFAULT_HTTP_MAX_SESSIONS = 32;
export const DEFAULT_HTTP_SESSION_IDLE_SECONDS = 30 * 60;
/** A client on a slow mobile link sends its headers in well under this; a stuck one holds a socket no longer. */
export const DEFAULT_HTTP_HEADERS_TIMEOUT_SECONDS = 10;
/** Request bodies are at most 1 MB (MCP messages to this server are a few kB). */
export const DEFAULT_HTTP_REQUEST_TIMEOUT_SECONDS = 30;
/** Node's own default; behind a proxy, set it above the proxy's idle timeout (e.g. 65 behind a 60 s load balancer). */
export const DEFAULT_HTTP_KEEPALIVE_SECONDS = 5;
/** Under Kubernetes' default 30 s grace period, so the process exits by itself before it is killed. */
export const DEFAULT_HTTP_DRAIN_SECONDS = 25;

/** Settings that mean something only with --http. */
const HTTP_ONLY = ["FSM_REDIS_URL", "FSM_PUBLIC_URL", "FSM_AUTH_ISSUER", "FSM_AUTH_AUDIENCE", "FSM_AUTH_JWKS_URL", "FSM_AUTH_READ_SCOPE", "FSM_AUTH_WRITE_SCOPE", "FSM_AUTH_JWKS_COOLDOWN_SECONDS"] as const;

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

export const DEFAULT_CLAIM_LEASE_SECONDS = 15;

/**
 * FSM_REDIS_URL: `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. Errors show the URL with
 * its password replaced, never the password.
 */
export function redisConfig(value: string, leaseSeconds?: number): RedisConfig {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const fix = "FSM_REDIS_URL must be a URL such as redis://:password@redis.internal:6379/0 (rediss:// for TLS)";
  if (!url) throw new ConfigError(`- FSM_REDIS_URL: ${fix}; the value given is not a URL`);
  const shown = shownRedisUrl(url);
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw new ConfigError(`- FSM_REDIS_URL: ${fix}, got ${shown}`);
  if (!url.hostname) throw new ConfigError(`- FSM_REDIS_URL: ${fix} (a host is missing), got ${shown}`);
  const db = url.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d{1,2}$/.test(db)) throw new ConfigError(`- FSM_REDIS_URL: the path must be a database number such as /0, got ${shown}`);
  if (url.search || url.hash) throw new ConfigError(`- FSM_REDIS_URL: ${fix}, without query or fragment, got ${shown}`);
  return { url: url.href, shown, claimLeaseMs: (leaseSeconds ?? DEFAULT_CLAIM_LEASE_SECONDS) * 1000 };
}

function shownRedisUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = "***";
  return copy.href;
}

function authConfig(e: EnvValues, publicUrl: string | undefined): AuthConfig | undefined {
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

function httpConfig(e: EnvValues, flags: Flags): HttpConfig {
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
  const maxSessions = e.FSM_HTTP_MAX_SESSIONS ?? DEFAULT_HTTP_MAX_SESSIONS;
  const headersSeconds = e.FSM_HTTP_HEADERS_TIMEOUT_SECONDS ?? DEFAULT_HTTP_HEADERS_TIMEOUT_SECONDS;
  const requestSeconds = e.FSM_HTTP_REQUEST_TIMEOUT_SECONDS ?? Math.max(headersSeconds, DEFAULT_HTTP_REQUEST_TIMEOUT_SECONDS);
  // Node refuses a headers timeout longer than the request timeout (the headers are part of the request).
  if (headersSeconds > requestSeconds) {
    throw new ConfigError(`- FSM_HTTP_HEADERS_TIMEOUT_SECONDS: ${headersSeconds} s is longer than FSM_HTTP_REQUEST_TIMEOUT_SECONDS (${requestSeconds} s); the headers are part of the request`);
  }
  // FSM_REDIS_URL (shared state, src/state/redis) is parsed where the Redis settings are; here it only picks the default.
  const redisUrl = (e as { FSM_REDIS_URL?: string }).FSM_REDIS_URL;
  return {
    host,
    port: flags.port ?? DEFAULT_HTTP_PORT,
    token: e.FSM_HTTP_TOKEN,
    // The public URL's host is what a reverse proxy forwards as Host (or what clients send directly).
    allowedHosts: [...(e.FSM_HTTP_ALLOWED_HOSTS ?? []), ...(publicUrl ? [new URL(publicUrl).hostname] : [])].map((h) => h.toLowerCase()),
    allowedOrigins: e.FSM_HTTP_ALLOWED_ORIGINS ?? [],
    maxSessions,
    sessionIdleMs: (e.FSM_HTTP_SESSION_IDLE_SECONDS ?? DEFAULT_HTTP_SESSION_IDLE_SECONDS) * 1000,
    maxSessionsPerClient: Math.min(maxSessions, e.FSM_HTTP_MAX_SESSIONS_PER_CLIENT ?? Math.ceil(maxSessions / 2)),
    headersTimeoutMs: headersSeconds * 1000,
    requestTimeoutMs: requestSeconds * 1000,
    keepAliveTimeoutMs: (e.FSM_HTTP_KEEPALIVE_SECONDS ?? DEFAULT_HTTP_KEEPALIVE_SECONDS) * 1000,
    drainMs: (e.FSM_HTTP_DRAIN_SECONDS ?? DEFAULT_HTTP_DRAIN_SECONDS) * 1000,
    // Team mode shares state on Redis so that any replica can serve any request: sessions would pin a client to one.
    stateless: e.FSM_HTTP_STATELESS ?? Boolean(redisUrl),
    ...(e.FSM_CONFIRM_SECRET ? { confirmSecret: e.FSM_CONFIRM_SECRET } : {}),
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
  { variable: "FSM_SANDBOX_SCALE", flag: "--scale", meaning: "Sandbox only: `large` adds a large account (5,000 customers, 50,000 assets, their sites and jobs) to the demo data, for trying lookups at scale; default `regular`" },
  { variable: "FSM_STATE_DIR", meaning: "Where the idempotency ledger, audit log and lookup index live (default $XDG_STATE_HOME/fsm-mcp or ~/.local/state/fsm-mcp)" },
  { variable: "FSM_TIMEOUT_MS", meaning: "Per-attempt vendor request timeout (default 15000)" },
  {
    variable: "FSM_RECONCILE_WINDOW_MS",
    meaning: `After a write the vendor did not answer cleanly, how long to look for a late commit before answering uncertain (default ${DEFAULT_RECONCILE_WINDOW_MS}); nothing is re-sent`,
  },
  {
    variable: "FSM_LOOKUP_FILL_WAIT_MS",
    meaning: `While the lookup index is first filled, how long a lookup waits for its kind of record before answering from what is indexed plus the vendor's own search (default ${DEFAULT_LOOKUP_FILL_WAIT_MS})`,
  },
  { variable: "FSM_HTTP_TOKEN", meaning: "--http: bearer token (16+ characters) every request must carry as `Authorization: Bearer …`; mandatory when --host is beyond loopback" },
  { variable: "FSM_HTTP_ALLOWED_HOSTS", meaning: "--http: comma list of extra `Host` names to accept (loopback names and the bound address always are); others get 403" },
  { variable: "FSM_HTTP_ALLOWED_ORIGINS", meaning: "--http: comma list of browser origins to accept, e.g. https://app.example.com (loopback origins always are); others get 403" },
  { variable: "FSM_HTTP_MAX_SESSIONS", meaning: `--http: concurrent MCP sessions (default ${DEFAULT_HTTP_MAX_SESSIONS}); a new session beyond it gets 503` },
  {
    variable: "FSM_HTTP_SESSION_IDLE_SECONDS",
    meaning: `--http: a session with no request in flight (an open event stream counts) for this long is closed and its id answers 404 (default ${DEFAULT_HTTP_SESSION_IDLE_SECONDS}, 30 minutes)`,
  },
  {
    variable: "FSM_HTTP_MAX_SESSIONS_PER_CLIENT",
    meaning: "--http: sessions one client may hold (OAuth `sub`, else its address; default half of FSM_HTTP_MAX_SESSIONS); at it, its own least recently used idle session is closed for the new one",
  },
  { variable: "FSM_HTTP_HEADERS_TIMEOUT_SECONDS", meaning: `--http: a client must send a request's headers within this (Node headersTimeout; default ${DEFAULT_HTTP_HEADERS_TIMEOUT_SECONDS}), else 408 and the socket is closed` },
  { variable: "FSM_HTTP_REQUEST_TIMEOUT_SECONDS", meaning: `--http: a client must send a whole request, body included, within this (Node requestTimeout; default ${DEFAULT_HTTP_REQUEST_TIMEOUT_SECONDS}); answers and event streams are not limited by it` },
  { variable: "FSM_HTTP_KEEPALIVE_SECONDS", meaning: `--http: an idle keep-alive connection is closed after this (Node keepAliveTimeout; default ${DEFAULT_HTTP_KEEPALIVE_SECONDS}); behind a proxy, set it above the proxy's idle timeout` },
  { variable: "FSM_HTTP_DRAIN_SECONDS", meaning: `--http: on SIGTERM, new requests get 503 (and /readyz 503) while calls in flight may finish for this long; then the process exits 0 (default ${DEFAULT_HTTP_DRAIN_SECONDS})` },
  { variable: "FSM_HTTP_STATELESS", meaning: "--http: 1 serves stateless Streamable HTTP (a fresh server per request, no session id: any replica serves any request); default 1 when FSM_REDIS_URL is set, else 0" },
  {
    variable: "FSM_CONFIRM_SECRET",
    meaning: "--http stateless: key (32+ characters) that signs confirm tokens for irreversible changes; the same on every replica (default: derived from the vendor credential, which they share)",
  },
  { variable: "FSM_PUBLIC_URL", flag: "--public-url", meaning: "--http: this server's public URL as clients reach it, e.g. https://fsm.example.com/mcp (https; http only on loopback); its host is accepted" },
  { variable: "FSM_AUTH_ISSUER", flag: "--auth-issuer", meaning: "--http: OAuth issuer URL of your identity provider (exactly its tokens' `iss`); turns on per-user login, needs FSM_PUBLIC_URL, excludes FSM_HTTP_TOKEN" },
  { variable: "FSM_AUTH_AUDIENCE", meaning: "--http with OAuth: comma list of accepted token audiences (default FSM_PUBLIC_URL)" },
  { variable: "FSM_AUTH_JWKS_URL", meaning: "--http with OAuth: the issuer's key set (default: `jwks_uri` from its OpenID or RFC 8414 discovery document)" },
  { variable: "FSM_AUTH_READ_SCOPE / FSM_AUTH_WRITE_SCOPE", meaning: `--http with OAuth: scope names for read tools and for writes (writes include reads); default ${DEFAULT_READ_SCOPE} and ${DEFAULT_WRITE_SCOPE}` },
  {
    variable: "FSM_REDIS_URL",
    meaning:
      "--http team mode: `redis://[[user]:password@]host[:port][/db]` (`rediss://` for TLS). Replicas share the idempotency ledger, audit stream, vendor rate budget and JobNimbus workflow changes through it; unset: files in FSM_STATE_DIR and an in-process limiter",
  },
  { variable: "FSM_REDIS_CLAIM_LEASE_SECONDS", meaning: `--http with Redis: how long a replica's claim on an idempotency key outlives the replica if it dies mid-call (default ${DEFAULT_CLAIM_LEASE_SECONDS}); the next replica then looks the record up before sending` },
  { variable: "FSM_AUTH_JWKS_COOLDOWN_SECONDS", meaning: `--http with OAuth: after fetching the key set, how long a token with an unknown key id is refused without fetching again (default ${DEFAULT_JWKS_COOLDOWN_SECONDS})` },
];
