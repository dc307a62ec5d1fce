/**
 * OAuth resource server mode end to end: the built server spawned with --http and FSM_AUTH_ISSUER pointing at
 * a local identity provider (test/e2e/local-idp.ts: real keys, real discovery and key set over HTTP), driven
 * by fetch for the refusals and by the SDK's StreamableHTTPClientTransport for sessions. Token times are
 * fixed far from now (expired = a year ago), so no outcome depends on the clock or on timing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema, type CallToolResult, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, TEST_CACHE_ENV } from "./harness.js";
import { TEST_KEEPALIVE } from "./http-harness.js";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { CLIENT, publicKeyPem, signingKey, startLocalIdp, type LocalIdp, type SigningKey } from "./local-idp.js";

const PUBLIC_URL = "https://fsm.example.test/mcp";
const METADATA_URL = "https://fsm.example.test/.well-known/oauth-protected-resource/mcp";
const YEAR = 365 * 86_400;
const now = () => Math.floor(Date.now() / 1000);

interface Server {
  url: string;
  origin: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [CLI, "--http", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-oauth-")), ...TEST_KEEPALIVE, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL on stderr: ${err}`)), 45_000); // start-up is not a deadline: a hang still fails
    child.stderr!.on("data", () => {
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exit.then(() => reject(new Error(`server exited before listening: ${err}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    child,
    stderr: () => err,
    async stop() {
      child.kill("SIGTERM");
      await exit;
    },
  };
}

const INITIALIZE = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } } };

/** One POST to the MCP endpoint, as a client without an OAuth library would send it. */
async function post(url: string, token: string | undefined, body: unknown = INITIALIZE, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, challenge: response.headers.get("www-authenticate") ?? "", session: response.headers.get("mcp-session-id"), text: await response.text() };
}

interface Session {
  client: Client;
  transport: StreamableHTTPClientTransport;
  logs: LoggingMessageNotification["params"][];
  /** The token the next request carries (a client that got a new token, e.g. after step-up). */
  token: string;
  end(): Promise<void>;
}

async function openSession(url: string, token: string): Promise<Session> {
  const session = { logs: [], token } as unknown as Session;
  // Every request carries the session's current token, as an OAuth-capable client's would.
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("authorization", `Bearer ${session.token}`);
      return fetch(input, { ...init, headers });
    },
  });
  const client = new Client({ name: "e2e-oauth", version: "0" });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void session.logs.push(n.params));
  await client.connect(transport);
  return Object.assign(session, {
    client,
    transport,
    async end() {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  });
}

let idp: LocalIdp;
let key1: SigningKey;
let key2: SigningKey;
let server: Server;
const READ = { scope: "openid fsm:read", aud: PUBLIC_URL };
const WRITE = { scope: "openid fsm:write", aud: PUBLIC_URL, name: "Dana Dispatcher", email: "dana@example.test", preferred_username: "dana" };

beforeAll(async () => {
  idp = await startLocalIdp();
  [key1, key2] = await Promise.all([signingKey("key-1"), signingKey("key-2", "ES256")]);
  idp.served = [key1];
  // Cooldown 0: an unknown kid is fetched again at once, so the rotation case needs no waiting.
  server = await startServer({ FSM_AUTH_ISSUER: idp.issuer, FSM_PUBLIC_URL: PUBLIC_URL, FSM_AUTH_JWKS_COOLDOWN_SECONDS: "0" });
});
afterAll(async () => {
  await server?.stop();
  await idp?.close();
});

describe("OAuth resource server: discovery", () => {
  it("publishes RFC 9728 metadata at the bare and the path-suffixed form, naming the issuer and scopes", async () => {
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const response = await fetch(`${server.origin}${path}`, { headers: { origin: "https://claude.ai" } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(await response.json()).toEqual({
        resource: PUBLIC_URL,
        authorization_servers: [idp.issuer],
        scopes_supported: ["fsm:read", "fsm:write"],
        bearer_methods_supported: ["header"],
        resource_name: "fsm-mcp (FSM Navigator sandbox)",
      });
    }
    // The issuer's path-appended OpenID document was found after the RFC 8414 and path-inserted forms
    // (a checked token proves discovery is over).
    expect((await post(server.url, await idp.mint(key1, READ))).status).toBe(200);
    expect(idp.requests.slice(0, 3)).toEqual([
      "/.well-known/oauth-authorization-server/realms/dispatch",
      "/.well-known/openid-configuration/realms/dispatch",
      "/realms/dispatch/.well-known/openid-configuration",
    ]);
    expect(idp.requests).toContain("/.well-known/oauth-authorization-server/realms/dispatch");
    expect(idp.requests).toContain("/realms/dispatch/.well-known/openid-configuration");
  });

  it("answers a request without a token 401 with the resource metadata URL and the scopes to ask for", async () => {
    const r = await post(server.url, undefined);
    expect(r.status).toBe(401);
    expect(r.challenge).toBe(`Bearer resource_metadata="${METADATA_URL}", scope="fsm:read fsm:write"`);
    expect(r.session).toBeNull();
  });
});

describe("OAuth resource server: an MCP client that knows only the URL", () => {
  it("the SDK's own OAuth client follows the 401 to the metadata and the issuer, gets a token for this resource, and works", async () => {
    // The client talks to the public URL; every request is delivered to the local server, as a reverse proxy would.
    const transport = new StreamableHTTPClientTransport(new URL(PUBLIC_URL), {
      authProvider: new ClientCredentialsProvider({ clientId: CLIENT.id, clientSecret: CLIENT.secret, scope: "fsm:read", expectedIssuer: idp.issuer }),
      fetch: (input, init) => fetch(String(input instanceof Request ? input.url : input).replace("https://fsm.example.test", server.origin), init),
    });
    const client = new Client({ name: "e2e-oauth-sdk", version: "0" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      expect(server.stderr()).toMatch(/session [0-9a-f]{8}… opened for sub service-account-fsm-agent/);
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }
  });
});

describe("OAuth resource server: refused tokens", () => {
  const refusals: Array<[string, () => Promise<string>, RegExp]> = [
    ["expired", () => idp.mint(key1, { ...READ, iat: now() - 2 * YEAR, exp: now() - YEAR }), /token refused: expired at/],
    ["not yet valid", () => idp.mint(key1, { ...READ, nbf: now() + YEAR }), /token refused: not valid before/],
    ["wrong audience", () => idp.mint(key1, { ...READ, aud: "https://other-api.example.test" }), /token refused: audience "https:\/\/other-api\.example\.test" does not include "https:\/\/fsm\.example\.test\/mcp"/],
    ["wrong issuer", () => idp.mint(key1, { ...READ, iss: "https://evil.example.test/realms/dispatch" }), /token refused: issuer "https:\/\/evil\.example\.test\/realms\/dispatch" is not FSM_AUTH_ISSUER/],
    ["bad signature (another key under the served kid)", async () => idp.mint(await signingKey("forger"), READ, { kid: key1.kid }), /token refused: the signature does not verify/],
    ["alg none", async () => new UnsecuredJWT({ ...READ, iss: idp.issuer, sub: "user-1", exp: now() + YEAR }).encode(), /token refused: algorithm "none" is not allowed/],
    [
      "HS256 signed with the public key",
      async () =>
        new SignJWT({ ...READ, iss: idp.issuer, sub: "user-1", exp: now() + YEAR })
          .setProtectedHeader({ alg: "HS256", kid: key1.kid })
          .sign(new TextEncoder().encode(await publicKeyPem(key1))),
      /token refused: algorithm "HS256" is not allowed/,
    ],
    ["no sub", () => idp.mint(key1, { ...READ, sub: undefined }), /token refused: claim sub: missing/],
    ["not a JWT", async () => "opaque-token-0123456789", /token refused: not a JWT/],
  ];

  for (const [name, make, logged] of refusals) {
    it(`${name}: 401 invalid_token, the reason in the server log only`, async () => {
      const token = await make();
      const before = server.stderr().length;
      const r = await post(server.url, token);
      expect(r.status).toBe(401);
      expect(r.challenge).toBe(`Bearer error="invalid_token", error_description="The access token is invalid or expired", resource_metadata="${METADATA_URL}"`);
      expect(JSON.parse(r.text).error.message).toBe("Unauthorized: the access token is invalid or expired; sign in again");
      const log = server.stderr().slice(before);
      expect(log).toMatch(logged);
      expect(log).not.toContain(token);
    });
  }

  it("a valid token granting neither scope: 403 insufficient_scope naming fsm:read", async () => {
    const r = await post(server.url, await idp.mint(key1, { aud: PUBLIC_URL, scope: "openid profile" }));
    expect(r.status).toBe(403);
    expect(r.challenge).toMatch(/^Bearer error="insufficient_scope", scope="fsm:read", resource_metadata="https:\/\/fsm\.example\.test\/\.well-known\/oauth-protected-resource\/mcp"/);
  });
});

describe("OAuth resource server: key rotation", () => {
  it("caches the key set, fetches it again for an unknown kid (rotation), refuses a kid never served", async () => {
    const ok = async (key: SigningKey) => {
      const r = await post(server.url, await idp.mint(key, READ));
      expect(r.status, r.text).toBe(200);
    };
    await ok(key1);
    const cached = idp.jwksFetches();
    expect(cached).toBeGreaterThanOrEqual(1);
    await ok(key1);
    await ok(key1);
    expect(idp.jwksFetches()).toBe(cached); // known kid: from the cache

    idp.served = [key2]; // the issuer rotates: key-1 retired, key-2 (ES256) in use
    await ok(key2);
    expect(idp.jwksFetches()).toBe(cached + 1);

    const before = server.stderr().length;
    const stranger = await signingKey("key-3");
    const r = await post(server.url, await idp.mint(stranger, READ));
    expect(r.status).toBe(401);
    expect(r.challenge).toMatch(/error="invalid_token"/);
    expect(idp.jwksFetches()).toBe(cached + 2);
    expect(server.stderr().slice(before)).toMatch(/token refused: no key with kid "key-3"/);
    idp.served = [key1, key2];
  });
});

describe("OAuth resource server: permissions and the user", () => {
  it("a read-scope session lists only read tools; a write-scope session adds the writes", async () => {
    const reader = await openSession(server.url, await idp.mint(key1, READ));
    const writer = await openSession(server.url, await idp.mint(key1, WRITE));
    try {
      const readTools = (await reader.client.listTools()).tools;
      const allTools = (await writer.client.listTools()).tools;
      const reads = allTools.filter((t) => t.annotations?.readOnlyHint === true);
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.length).toBeLessThan(allTools.length);
      expect(readTools.map((t) => t.name)).toEqual(reads.map((t) => t.name));
      expect(allTools.map((t) => t.name)).toContain("create_customer");

      const caps = JSON.parse(String((await reader.client.readResource({ uri: "fsm://capabilities" })).contents[0]!.text)) as { hidden_tools: Array<{ name: string; reason: string }> };
      expect(caps.hidden_tools).toContainEqual({ name: "create_customer", reason: "the access token lacks scope fsm:write" });
    } finally {
      await Promise.all([reader.end(), writer.end()]);
    }
  });

  it("a write tool called with a read-scope token: 403 insufficient_scope naming fsm:write; nothing is written", async () => {
    const token = await idp.mint(key1, READ);
    const reader = await openSession(server.url, token);
    try {
      const call = { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "create_customer", arguments: { name: "Should Not Exist Ltd" } } };
      const r = await post(server.url, token, call, { "mcp-session-id": reader.transport.sessionId!, "mcp-protocol-version": "2025-06-18" });
      expect(r.status).toBe(403);
      expect(r.challenge).toBe(
        `Bearer error="insufficient_scope", scope="fsm:write", resource_metadata="${METADATA_URL}", error_description="The write tool create_customer needs scope fsm:write"`,
      );
      const found = (await reader.client.callTool({ name: "search_customers", arguments: { query: "Should Not Exist" } })) as CallToolResult;
      expect((found.structuredContent as { items: unknown[] }).items).toEqual([]);
      // A read call on the same session goes through the same check and is answered.
      expect(found.isError).toBeFalsy();
    } finally {
      await reader.end();
    }
  });

  it("writes the user in the audit line and names them in MCP logging", async () => {
    const writer = await openSession(server.url, await idp.mint(key1, { ...WRITE, sub: "sub-dana-42" }));
    try {
      await writer.client.listTools();
      const r = (await writer.client.callTool({ name: "create_customer", arguments: { name: "Audit Trail Plumbing" } })) as CallToolResult;
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      const audit = JSON.parse(String((await writer.client.readResource({ uri: "fsm://audit/recent" })).contents[0]!.text)) as Array<Record<string, any>>;
      const line = audit.findLast((l) => l.tool === "create_customer" && l.args?.name === "Audit Trail Plumbing");
      expect(line?.outcome).toBe("created");
      expect(line?.user).toEqual({ sub: "sub-dana-42", name: "Dana Dispatcher", email: "dana@example.test", preferred_username: "dana" });
      const toolLines = writer.logs.filter((l) => l.logger === "tools").map((l) => l.data as { message: string; user?: string });
      expect(toolLines).toContainEqual({ message: expect.stringMatching(/^create_customer ok in \d+ ms$/), user: "Dana Dispatcher <dana@example.test> (sub sub-dana-42)" });
      expect(server.stderr()).toMatch(/create_customer ok in \d+ ms \{"user":"Dana Dispatcher <dana@example\.test> \(sub sub-dana-42\)"\}/);
    } finally {
      await writer.end();
    }
  });

  it("a session id is only good with its owner's token; a new token with more scope upgrades the session (step-up)", async () => {
    const session = await openSession(server.url, await idp.mint(key1, { ...READ, sub: "owner" }));
    try {
      const before = (await session.client.listTools()).tools.length;
      const intruder = await post(server.url, await idp.mint(key1, { ...WRITE, sub: "intruder" }), { jsonrpc: "2.0", id: 3, method: "tools/list" }, {
        "mcp-session-id": session.transport.sessionId!,
        "mcp-protocol-version": "2025-06-18",
      });
      expect(intruder.status).toBe(404);

      session.token = await idp.mint(key1, { ...WRITE, sub: "owner" });
      const after = (await session.client.listTools()).tools;
      expect(after.length).toBeGreaterThan(before);
      const r = (await session.client.callTool({ name: "create_customer", arguments: { name: "Stepped Up Ltd", dry_run: true } })) as CallToolResult;
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      // (The server also sends tools/list_changed, on the session's GET stream; not asserted here: whether that
      // stream is open yet is up to the client's timing.)
    } finally {
      await session.end();
    }
  });
});

describe("OAuth with stateless Streamable HTTP (FSM_HTTP_STATELESS=1)", () => {
  let stateless: Server;
  beforeAll(async () => {
    stateless = await startServer({ FSM_AUTH_ISSUER: idp.issuer, FSM_PUBLIC_URL: PUBLIC_URL, FSM_AUTH_JWKS_COOLDOWN_SECONDS: "0", FSM_HTTP_STATELESS: "1" });
  });
  afterAll(() => stateless?.stop());

  const call = async (token: string, name: string, args: Record<string, unknown>) => {
    const s = await openSession(stateless.url, token);
    try {
      const r = (await s.client.callTool({ name, arguments: args })) as CallToolResult;
      return { isError: Boolean(r.isError), data: r.structuredContent as any };
    } finally {
      await s.client.close();
    }
  };

  it("each request gets the tools its token allows; a write with a read token is 403 insufficient_scope", async () => {
    const reader = await openSession(stateless.url, await idp.mint(key1, READ));
    try {
      expect(reader.transport.sessionId).toBeUndefined();
      const { tools } = await reader.client.listTools();
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const write = await post(stateless.url, reader.token, { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "create_customer", arguments: { name: "Nope Ltd" } } });
      expect(write.status).toBe(403);
      expect(write.challenge).toMatch(/error="insufficient_scope", scope="fsm:write"/);
    } finally {
      await reader.client.close();
    }
  });

  it("a confirm token belongs to the user it was given to", async () => {
    const dana = await idp.mint(key1, { ...WRITE, sub: "sub-dana-42" });
    const eve = await idp.mint(key1, { ...WRITE, sub: "sub-eve-7", name: "Eve" });
    const job = (await call(dana, "create_job", { title: `OAuth stateless ${Date.now()}`, location_id: 87 })).data.job;
    const args = { job_id: job.id, status: "Cancelled" };
    const preview = await call(dana, "update_job_status", { ...args, confirm: true });
    expect(preview.data.outcome).toBe("preview");
    const token = /confirm: "(fsmc1\.[^"]+)"/.exec(preview.data.notes.join("\n"))![1];

    const stolen = await call(eve, "update_job_status", { ...args, confirm: token });
    expect(stolen.data.outcome).toBe("preview");
    expect(stolen.data.notes.join(" ")).toMatch(/not accepted: it was given to another user/);

    const done = await call(dana, "update_job_status", { ...args, confirm: token });
    expect(done.data.outcome).toBe("updated");
    // The line is written before the answer, but the two travel on different pipes: wait for it.
    await new Promise<void>((resolve) => {
      const check = () => {
        if (!/update_job_status ok in \d+ ms \{"user":"Dana Dispatcher <dana@example\.test> \(sub sub-dana-42\)"\}/.test(stateless.stderr())) return;
        stateless.child.stderr!.off("data", check);
        resolve();
      };
      stateless.child.stderr!.on("data", check);
      check();
    });
    expect(stateless.stderr()).not.toContain(token);
  });
});
