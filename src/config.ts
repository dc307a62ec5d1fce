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

function httpConfig(e: z.infer<typeof EnvSchema>, flags: Flags): HttpConfig {
  const host = flags.host ?? "127.0.0.1";
  if (!isLoopbackHost(host) && !e.FSM_HTTP_TOKEN) {
    // Without a token anyone who can reach the port could drive the vendor account with this server's key.
    throw new ConfigError(
      `- FSM_HTTP_TOKEN: --host ${host} accepts connections from beyond this machine; set FSM_HTTP_TOKEN to a random secret ` +
        "(at least 16 characters, e.g. `openssl rand -hex 32`) that clients send as `Authorization: Bearer <token>`, or bind --host 127.0.0.1",
    );
  }
  return {
    host,
    port: flags.port ?? DEFAULT_HTTP_PORT,
    token: e.FSM_HTTP_TOKEN,
    allowedHosts: (e.FSM_HTTP_ALLOWED_HOSTS ?? []).map((h) => h.toLowerCase()),
    allowedOrigins: e.FSM_HTTP_ALLOWED_ORIGINS ?? [],
    maxSessions: e.FSM_HTTP_MAX_SESSIONS ?? DEFAULT_HTTP_MAX_SESSIONS,
    sessionIdleMs: (e.FSM_HTTP_SESSION_IDLE_SECONDS ?? DEFAULT_HTTP_SESSION_IDLE_SECONDS) * 1000,
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
  { variable: "FSM_STATE_DIR", meaning: "Where the idempotency ledger and audit log live (default $XDG_STATE_HOME/fsm-mcp or ~/.local/state/fsm-mcp)" },
  { variable: "FSM_TIMEOUT_MS", meaning: "Per-attempt vendor request timeout (default 15000)" },
  { variable: "FSM_HTTP_TOKEN", meaning: "--http: bearer token (16+ characters) every request must carry as `Authorization: Bearer …`; mandatory when --host is beyond loopback" },
  { variable: "FSM_HTTP_ALLOWED_HOSTS", meaning: "--http: comma list of extra `Host` names to accept (loopback names and the bound address always are); others get 403" },
  { variable: "FSM_HTTP_ALLOWED_ORIGINS", meaning: "--http: comma list of browser origins to accept, e.g. https://app.example.com (loopback origins always are); others get 403" },
  { variable: "FSM_HTTP_MAX_SESSIONS", meaning: `--http: concurrent MCP sessions (default ${DEFAULT_HTTP_MAX_SESSIONS}); a new session beyond it gets 503` },
  {
    variable: "FSM_HTTP_SESSION_IDLE_SECONDS",
    meaning: `--http: a session with no request in flight (an open event stream counts) for this long is closed and its id answers 404 (default ${DEFAULT_HTTP_SESSION_IDLE_SECONDS}, 30 minutes)`,
  },
];
