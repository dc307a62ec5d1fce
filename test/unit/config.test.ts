import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("config", () => {
  it("runs the FSM Navigator sandbox with no configuration", () => {
    const c = loadConfig({});
    expect(c.mode).toBe("sandbox");
    expect(c.vendor).toBe("fsmnavigator");
    expect(c.readOnly).toBe(false);
    expect(c.toolsets).toEqual(["customers", "jobs", "requests", "costs", "assets", "stock", "technicians"]);
  });

  it("treats blank values and Claude Desktop's literal placeholders as unset", () => {
    const c = loadConfig({ FSM_API_KEY: "${user_config.api_key}", FSM_VENDOR: "", FSM_READ_ONLY: "${user_config.read_only}" });
    expect(c.mode).toBe("sandbox");
    expect(c.readOnly).toBe(false);
  });

  it("goes live with a key and defaults the FSM Navigator origin", () => {
    const c = loadConfig({ FSM_API_KEY: "fsm_live_abc123" });
    expect(c).toMatchObject({ mode: "live", vendor: "fsmnavigator", baseUrl: "https://fsmnavigator.com" });
  });

  it("reads the key from FSM_API_KEY_FILE", () => {
    const dir = mkdtempSync(join(tmpdir(), "fsm-cfg-"));
    const file = join(dir, "key");
    writeFileSync(file, "fsm_live_fromfile\n");
    expect(loadConfig({ FSM_API_KEY_FILE: file }).apiKey).toBe("fsm_live_fromfile");
  });

  it("names the variable and the fix, and never echoes a secret", () => {
    const bad = [
      [{ FSM_VENDOR: "servicetitan" }, /FSM_VENDOR must be one of fsmnavigator, trackplanfm, jobnimbus/],
      [{ FSM_READ_ONLY: "maybe" }, /FSM_READ_ONLY must be 1 or 0/],
      [{ FSM_TOOLSETS: "jobs,billing" }, /FSM_TOOLSETS has unknown value\(s\) billing/],
      [{ FSM_BASE_URL: "ftp://x" }, /FSM_BASE_URL must be an http\(s\) URL/],
      [{ FSM_API_KEY: "sk_secret_value_123" }, /set FSM_VENDOR/],
      [{ FSM_VENDOR: "trackplanfm", FSM_API_KEY: "TP-secretvalue" }, /FSM_BASE_URL: trackplanfm has no public default/],
    ] as const;
    for (const [env, message] of bad) {
      let error: unknown;
      try {
        loadConfig(env as Record<string, string>);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/secret/);
    }
  });

  it("lets flags override the environment", () => {
    const c = loadConfig({ FSM_READ_ONLY: "0" }, { readOnly: true, toolsets: "jobs" });
    expect(c.readOnly).toBe(true);
    expect(c.toolsets).toEqual(["jobs"]);
  });

  it("parses declared scopes", () => {
    expect(loadConfig({ FSM_SCOPES: "jobs:read, customers:read" }).scopes).toEqual(["jobs:read", "customers:read"]);
  });

  it("--http: loopback by default, with its allow-lists and session bound", () => {
    expect(loadConfig({}).http).toBeUndefined();
    expect(loadConfig({}, { http: true }).http).toEqual({
      host: "127.0.0.1",
      port: 3333,
      token: undefined,
      allowedHosts: [],
      allowedOrigins: [],
      maxSessions: 32,
      sessionIdleMs: 1_800_000,
      maxSessionsPerClient: 16,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      drainMs: 25_000,
      stateless: false,
    });
    const c = loadConfig(
      {
        FSM_HTTP_TOKEN: "0123456789abcdef0123",
        FSM_HTTP_ALLOWED_HOSTS: "MCP.example.com, [::1]",
        FSM_HTTP_ALLOWED_ORIGINS: "https://App.example.com/, http://localhost:5173",
        FSM_HTTP_MAX_SESSIONS: "4",
        FSM_HTTP_SESSION_IDLE_SECONDS: "90",
        FSM_HTTP_MAX_SESSIONS_PER_CLIENT: "9",
        FSM_HTTP_HEADERS_TIMEOUT_SECONDS: "5",
        FSM_HTTP_REQUEST_TIMEOUT_SECONDS: "20",
        FSM_HTTP_KEEPALIVE_SECONDS: "65",
        FSM_HTTP_DRAIN_SECONDS: "0",
        FSM_HTTP_STATELESS: "1",
        FSM_CONFIRM_SECRET: "c".repeat(32),
      },
      { http: true, host: "0.0.0.0", port: 0 },
    );
    expect(c.http).toEqual({
      host: "0.0.0.0",
      port: 0,
      token: "0123456789abcdef0123",
      allowedHosts: ["mcp.example.com", "[::1]"],
      allowedOrigins: ["https://app.example.com", "http://localhost:5173"],
      maxSessions: 4,
      sessionIdleMs: 90_000,
      // Never more than the total.
      maxSessionsPerClient: 4,
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 20_000,
      keepAliveTimeoutMs: 65_000,
      drainMs: 0,
      stateless: true,
      confirmSecret: "c".repeat(32),
    });
    expect(() => loadConfig({ FSM_HTTP_HEADERS_TIMEOUT_SECONDS: "40", FSM_HTTP_REQUEST_TIMEOUT_SECONDS: "30" }, { http: true })).toThrow(
      /FSM_HTTP_HEADERS_TIMEOUT_SECONDS: 40 s is longer than FSM_HTTP_REQUEST_TIMEOUT_SECONDS \(30 s\)/,
    );
    expect(() => loadConfig({ FSM_CONFIRM_SECRET: "short" }, { http: true })).toThrow(/FSM_CONFIRM_SECRET must be at least 32 characters/);
    expect(() => loadConfig({ FSM_HTTP_STATELESS: "maybe" }, { http: true })).toThrow(/FSM_HTTP_STATELESS/);
  });

  it("--http refuses a bind beyond loopback without FSM_HTTP_TOKEN, and bad HTTP settings", () => {
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"]) expect(loadConfig({}, { http: true, host }).http?.host).toBe(host);
    const bad = [
      [{}, "0.0.0.0", /FSM_HTTP_TOKEN: --host 0\.0\.0\.0 accepts connections from beyond this machine/],
      [{}, "::", /FSM_HTTP_TOKEN: --host ::/],
      [{}, "192.168.1.20", /FSM_HTTP_TOKEN/],
      [{ FSM_HTTP_TOKEN: "short" }, "0.0.0.0", /FSM_HTTP_TOKEN must be at least 16 characters/],
      [{ FSM_HTTP_ALLOWED_ORIGINS: "https://app.example.com/path" }, "127.0.0.1", /FSM_HTTP_ALLOWED_ORIGINS entries must be origins/],
      [{ FSM_HTTP_ALLOWED_ORIGINS: "app.example.com" }, "127.0.0.1", /FSM_HTTP_ALLOWED_ORIGINS entries must be origins/],
      [{ FSM_HTTP_MAX_SESSIONS: "0" }, "127.0.0.1", /FSM_HTTP_MAX_SESSIONS must be at least 1/],
      [{ FSM_HTTP_MAX_SESSIONS: "many" }, "127.0.0.1", /FSM_HTTP_MAX_SESSIONS must be a whole number/],
      [{ FSM_HTTP_SESSION_IDLE_SECONDS: "0" }, "127.0.0.1", /FSM_HTTP_SESSION_IDLE_SECONDS must be at least 1/],
      [{ FSM_HTTP_SESSION_IDLE_SECONDS: "1.5" }, "127.0.0.1", /FSM_HTTP_SESSION_IDLE_SECONDS must be a whole number of seconds/],
    ] as const;
    for (const [env, host, message] of bad) {
      expect(() => loadConfig(env as Record<string, string>, { http: true, host }), `${host} ${JSON.stringify(env)}`).toThrow(message);
    }
  });

  describe("OAuth settings (--http)", () => {
    const ok = { FSM_AUTH_ISSUER: "https://login.example.com/realms/dispatch", FSM_PUBLIC_URL: "https://fsm.example.com/mcp" };

    it("defaults the audience to FSM_PUBLIC_URL, the scopes to fsm:read / fsm:write, and accepts the public host", () => {
      const http = loadConfig(ok, { http: true, host: "0.0.0.0" }).http!;
      expect(http.auth).toEqual({
        issuer: "https://login.example.com/realms/dispatch",
        resource: "https://fsm.example.com/mcp",
        audience: ["https://fsm.example.com/mcp"],
        readScope: "fsm:read",
        writeScope: "fsm:write",
        jwksCooldownMs: 30_000,
      });
      expect(http.allowedHosts).toContain("fsm.example.com");
      expect(http.token).toBeUndefined();
    });

    it("takes flags, an audience list, a key set URL, scope names; loopback http for tests", () => {
      const http = loadConfig(
        { FSM_AUTH_AUDIENCE: "api://fsm, 0a1b2c3d", FSM_AUTH_JWKS_URL: "http://127.0.0.1:8080/keys", FSM_AUTH_READ_SCOPE: "api://fsm/fsm.read", FSM_AUTH_WRITE_SCOPE: "api://fsm/fsm.write" },
        { http: true, publicUrl: "http://127.0.0.1:3333/mcp", authIssuer: "http://localhost:8080/realms/t" },
      ).http!;
      expect(http.auth).toMatchObject({ issuer: "http://localhost:8080/realms/t", audience: ["api://fsm", "0a1b2c3d"], jwksUrl: "http://127.0.0.1:8080/keys", readScope: "api://fsm/fsm.read" });
    });

    it("refuses bad combinations and URLs, naming the variable", () => {
      const bad: Array<[Record<string, string>, RegExp]> = [
        [{ FSM_AUTH_ISSUER: ok.FSM_AUTH_ISSUER }, /FSM_PUBLIC_URL: FSM_AUTH_ISSUER needs this server's public URL/],
        [{ ...ok, FSM_HTTP_TOKEN: "0123456789abcdef0123" }, /FSM_HTTP_TOKEN: set either FSM_HTTP_TOKEN .* or FSM_AUTH_ISSUER/],
        [{ ...ok, FSM_AUTH_ISSUER: "http://login.example.com/realms/dispatch" }, /FSM_AUTH_ISSUER: .*absolute https URL .*plain http only to a loopback host/],
        [{ ...ok, FSM_AUTH_ISSUER: "login.example.com" }, /FSM_AUTH_ISSUER: FSM_AUTH_ISSUER must be an absolute https URL/],
        [{ ...ok, FSM_PUBLIC_URL: "http://fsm.example.com/mcp" }, /FSM_PUBLIC_URL: .*plain http only to a loopback host/],
        [{ ...ok, FSM_PUBLIC_URL: "https://fsm.example.com/mcp#x" }, /FSM_PUBLIC_URL: .*without credentials, query or fragment/],
        [{ ...ok, FSM_AUTH_JWKS_URL: "ftp://x/keys" }, /FSM_AUTH_JWKS_URL/],
        [{ FSM_AUTH_AUDIENCE: "x" }, /FSM_AUTH_ISSUER: FSM_AUTH_AUDIENCE is set but FSM_AUTH_ISSUER is not/],
        [{ ...ok, FSM_AUTH_READ_SCOPE: "fsm read" }, /FSM_AUTH_READ_SCOPE must be one scope name/],
        [{ ...ok, FSM_AUTH_WRITE_SCOPE: "fsm:read" }, /FSM_AUTH_WRITE_SCOPE: must differ from FSM_AUTH_READ_SCOPE/],
        [{ ...ok, FSM_AUTH_JWKS_COOLDOWN_SECONDS: "-1" }, /FSM_AUTH_JWKS_COOLDOWN_SECONDS must be 0 or more/],
      ];
      for (const [env, message] of bad) expect(() => loadConfig(env, { http: true }), JSON.stringify(env)).toThrow(message);
      // A bind beyond loopback is fine with OAuth instead of a static token; without either, the message offers both.
      expect(() => loadConfig({}, { http: true, host: "0.0.0.0" })).toThrow(/set FSM_AUTH_ISSUER and FSM_PUBLIC_URL for each user's own login/);
    });

    it("refuses OAuth settings when serving stdio, and ignores them for other commands", () => {
      expect(() => loadConfig(ok, { stdio: true })).toThrow(/FSM_PUBLIC_URL: applies to --http only/);
      expect(() => loadConfig({ FSM_AUTH_ISSUER: ok.FSM_AUTH_ISSUER }, { stdio: true })).toThrow(/FSM_AUTH_ISSUER: applies to --http only/);
      expect(loadConfig(ok).http).toBeUndefined();
    });
  });

  it("FSM_REDIS_URL: redis:// and rediss:// with AUTH, with --http only; errors name the variable and never the password", () => {
    const live = { FSM_API_KEY: "fsm_live_abcdefghijklmnop" };
    const c = loadConfig({ ...live, FSM_REDIS_URL: "rediss://fsm:pa55word@redis.internal:6380/2" }, { http: true });
    expect(c.redis).toMatchObject({ url: "rediss://fsm:pa55word@redis.internal:6380/2", shown: "rediss://fsm:***@redis.internal:6380/2", claimLeaseMs: 15_000 });
    expect(loadConfig({ ...live, FSM_REDIS_URL: "redis://127.0.0.1:6379", FSM_REDIS_CLAIM_LEASE_SECONDS: "5" }, { http: true }).redis?.claimLeaseMs).toBe(5000);
    expect(loadConfig(live, { http: true }).redis).toBeUndefined();
    const refused = (env: Record<string, string>, flags: Parameters<typeof loadConfig>[1] = { http: true }) => {
      try {
        loadConfig({ ...live, ...env }, flags);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error("accepted");
    };
    for (const bad of ["http://:hunter2secret@redis:6379", "redis://:hunter2secret@redis:6379/abc", "redis://:hunter2secret@redis:6379?x=1", "not a url hunter2secret"]) {
      const message = refused({ FSM_REDIS_URL: bad });
      expect(message).toContain("FSM_REDIS_URL");
      expect(message).not.toContain("hunter2secret");
    }
    expect(refused({ FSM_REDIS_URL: "redis://127.0.0.1:6379" }, { stdio: true })).toContain("FSM_REDIS_URL: applies to --http only");
    expect(refused({ FSM_REDIS_CLAIM_LEASE_SECONDS: "5" })).toContain("FSM_REDIS_CLAIM_LEASE_SECONDS: applies only with FSM_REDIS_URL");
    expect(refused({ FSM_REDIS_URL: "redis://127.0.0.1", FSM_REDIS_CLAIM_LEASE_SECONDS: "1" })).toContain("at least 2");
  });
});
