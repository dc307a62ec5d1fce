/**
 * Streamable HTTP mode (`fsm-mcp --http`): the SDK's StreamableHTTPServerTransport on plain node:http,
 * loaded only in this mode. One stateful MCP session per client, each with its own McpServer (tools,
 * logging level, requests) over the one shared runtime (vendor backend, rate limiter, ledger).
 *
 * Every request passes these gates, in order, before the transport sees it:
 *  1. Host allow-list (DNS-rebinding protection: a hostile page whose name resolves to 127.0.0.1 still
 *     sends its own name as Host): loopback names, the bound address, FSM_HTTP_ALLOWED_HOSTS. 403.
 *  2. Origin allow-list when an Origin is present (browsers send it): loopback origins and
 *     FSM_HTTP_ALLOWED_ORIGINS. 403. The SDK's helpers check Host only.
 *  3. Bearer token when FSM_HTTP_TOKEN is set (config refuses a non-loopback bind without one or OAuth). 401.
 *  4. Path /mcp (404) and a declared body size within MAX_BODY_BYTES (413, before reading anything;
 *     the transport also stops reading a chunked body past the same limit).
 *  5. OAuth access token when FSM_AUTH_ISSUER is set (src/auth, loaded only then): 401/403/503; the caller's
 *     user and permissions (token scopes) go with the request. RFC 9728 metadata is answered before step 1.
 *  6. Session routing: a known Mcp-Session-Id, or a new session (at most FSM_HTTP_MAX_SESSIONS, else 503).
 */
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isLoopbackHost, type HttpConfig } from "../config.js";
import type { Logger } from "../log.js";
import type { Runtime } from "../runtime.js";
import type { Authenticator, Caller } from "../auth/index.js";
import { buildServer, type BuiltServer } from "./build.js";
import { selectTools } from "./catalog.js";
import { bridgeLogging, scopeRequests } from "./logging.js";
import { permissionsKey } from "./permissions.js";

export const MCP_PATH = "/mcp";
/** Far above any legitimate MCP message to this server (tool arguments are short strings and ids). */
export const MAX_BODY_BYTES = 1024 * 1024;

interface Session {
  id: string;
  transport: StreamableHTTPServerTransport;
  built: BuiltServer;
  unbridge: () => void;
  /** HTTP requests in flight for this session (an open GET event stream counts). */
  open: number;
  lastSeen: number;
  closed: boolean;
  /** OAuth: the `sub` that opened the session (only it may use the id) and the permissions it was built with. */
  owner?: string;
  permissions?: string;
}

export interface RunningHttpServer {
  /** e.g. http://127.0.0.1:3333/mcp */
  url: string;
  /** Close every session, stop listening, close the runtime. */
  close(): Promise<void>;
}

export async function serveHttp(runtime: Runtime, logger: Logger): Promise<RunningHttpServer> {
  const http = runtime.config.http;
  if (!http) throw new Error("serveHttp needs config.http (the --http flag)");
  if (http.token) logger.redactor.add(http.token);
  const gate = requestGate(http);
  const auth = http.auth ? await loadAuthenticator(http.auth, runtime, logger) : undefined;
  const sessions = new Map<string, Session>();
  let pending = 0;
  let stopping = false;

  const closeSession = async (s: Session, why: string) => {
    if (s.closed) return;
    s.closed = true;
    sessions.delete(s.id);
    s.unbridge();
    await s.built.server.close().catch(() => undefined);
    logger.info("http", `session ${short(s.id)} closed (${why}); ${sessions.size} open`);
  };

  /** A POST without a session id: a new transport + server; kept only if the request initialized a session. */
  const openSession = async (req: IncomingMessage, res: ServerResponse, caller: Caller | undefined) => {
    let session: Session | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: MAX_BODY_BYTES,
      onsessioninitialized: (id) => {
        session = { id, transport, built, unbridge: () => undefined, open: 1, lastSeen: Date.now(), closed: false };
        if (caller) Object.assign(session, { owner: caller.user.sub, permissions: permissionsKey(caller.permissions) });
        sessions.set(id, session);
        session.unbridge = bridgeLogging(built.server, logger, { lines: "own" });
        logger.info("http", `session ${short(id)} opened${caller ? ` for sub ${caller.user.sub}` : ""}; ${sessions.size} open`);
      },
    });
    // Set before connect: Protocol.connect chains onto it (DELETE, shutdown and errors all end here).
    transport.onclose = () => {
      if (session) void closeSession(session, "closed");
    };
    transport.onerror = (error) => logger.debug("http", `transport: ${error.message}`);
    const built = buildServer({ config: runtime.config, backend: runtime.backend, safety: runtime.safety, lookup: runtime.lookup, logger, permissions: caller?.permissions });
    await built.server.connect(transport);
    scopeRequests(built.server, transport);
    res.on("close", () => {
      if (!session) return;
      session.open--;
      session.lastSeen = Date.now();
    });
    await transport.handleRequest(req, res);
    // Not an initialize request (the transport answered 400), or a refused one: nothing to keep.
    if (!session) await built.server.close().catch(() => undefined);
  };

  /** OAuth: a session id is good only with its owner's token (another user's gets 404, as an unknown id). */
  const ownedBy = (session: Session, caller: Caller | undefined) => {
    if (!caller || session.owner === caller.user.sub) return true;
    logger.warn("auth", `session ${short(session.id)} belongs to another user; refused for sub ${caller.user.sub}`);
    return false;
  };

  /**
   * OAuth, on a session: a token with other scopes than the session was built for (e.g. after a 403 step-up)
   * re-lists its tools; a caller without write permission has the body read here (a write call is 403).
   */
  const admitCaller = async (auth: Authenticator, session: Session, caller: Caller, req: IncomingMessage) => {
    const key = permissionsKey(caller.permissions);
    if (session.permissions !== key) {
      session.permissions = key;
      session.built.setPermissions(caller.permissions);
    }
    if (caller.permissions.write || req.method !== "POST") return { body: undefined };
    return auth.guardWrites(req, caller, MAX_BODY_BYTES);
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (auth?.serveMetadata(req, res)) return;
      const refusal = gate(req);
      if (refusal) return refuse(res, refusal);
      if (req.method === "OPTIONS") return preflight(req, res);
      allowCors(req, res);
      const caller = auth ? await auth.authenticate(req) : undefined;
      if (caller && "status" in caller) return refuse(res, caller);
      // The SDK transport hands `req.auth` to every handler as `extra.authInfo` (the user for audit lines).
      if (caller) (req as IncomingMessage & { auth?: Caller["authInfo"] }).auth = caller.authInfo;
      const sessionId = req.headers["mcp-session-id"];
      if (typeof sessionId === "string") {
        const session = sessions.get(sessionId);
        if (!session || !ownedBy(session, caller)) return refuse(res, { status: 404, code: -32001, message: "Session not found: start a new session with an initialize request" });
        const admitted = auth && caller ? await admitCaller(auth, session, caller, req) : { body: undefined };
        if ("status" in admitted) return refuse(res, admitted);
        session.open++;
        session.lastSeen = Date.now();
        res.on("close", () => {
          session.open--;
          session.lastSeen = Date.now();
        });
        return session.transport.handleRequest(req, res, admitted.body);
      }
      if (req.method !== "POST") return refuse(res, { status: 400, message: "Bad Request: Mcp-Session-Id header is required" });
      if (stopping) return refuse(res, { status: 503, message: "Service Unavailable: the server is shutting down" });
      if (sessions.size + pending >= http.maxSessions) {
        return refuse(res, {
          status: 503,
          message: `Service Unavailable: ${http.maxSessions} sessions are open (FSM_HTTP_MAX_SESSIONS); close one or try again later`,
          headers: { "Retry-After": "30" },
        });
      }
      pending++;
      try {
        await openSession(req, res, caller);
      } finally {
        pending--;
      }
    })().catch((error: unknown) => {
      logger.error("http", `request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) refuse(res, { status: 500, code: -32603, message: "Internal error" });
      else res.destroy();
    });
  });
  // Garbage on the socket (bad request lines) must not crash the process.
  server.on("clientError", (_error, socket) => socket.destroy());

  // Swept a few times per idle period (at most once a minute), so a session outlives its limit by a quarter at most.
  const sweeper = setInterval(
    () => {
      const now = Date.now();
      for (const s of sessions.values()) if (s.open <= 0 && now - s.lastSeen > http.sessionIdleMs) void closeSession(s, "idle");
    },
    Math.min(60_000, Math.max(250, http.sessionIdleMs / 4)),
  );
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(http.port, http.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}${MCP_PATH}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopping = true;
      clearInterval(sweeper);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...sessions.values()].map((s) => closeSession(s, "server shutting down")));
      server.closeAllConnections();
      await stopped;
      await runtime.close();
    })());

  const shutdown = () => void close().finally(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);

  const catalog = selectTools(runtime.config, runtime.backend);
  const p = runtime.backend.profile;
  // Always printed (whatever FSM_LOG_LEVEL says): it is how a user, or a test, finds the port.
  process.stderr.write(
    `[fsm-mcp] listening on ${url} (Streamable HTTP; ${catalog.listed.length} tools, ${p.displayName}${p.sandbox ? " sandbox" : ""}; ` +
      `${auth ? `OAuth: tokens from ${http.auth!.issuer}` : http.token ? "bearer token required" : "no token: loopback only"})\n`,
  );
  return { url, close };
}

/** The OAuth resource server, imported only when configured (stdio and static-token mode never load it or jose). */
async function loadAuthenticator(config: NonNullable<HttpConfig["auth"]>, runtime: Runtime, logger: Logger): Promise<Authenticator> {
  const { createAuthenticator } = await import("../auth/index.js");
  const p = runtime.backend.profile;
  return createAuthenticator(config, logger, { resourceName: `fsm-mcp (${p.displayName}${p.sandbox ? " sandbox" : ""})` });
}

interface Refusal {
  status: number;
  message: string;
  code?: number;
  headers?: Record<string, string>;
}

/** The checks every request passes before any MCP handling; a Refusal when one fails. */
export function requestGate(http: HttpConfig): (req: IncomingMessage) => Refusal | undefined {
  const hosts = new Set([...http.allowedHosts.map(bare), bare(http.host)]);
  const origins = new Set(http.allowedOrigins);
  const expected = http.token ? digest(http.token) : undefined;
  return (req): Refusal | undefined => {
    const host = hostnameOf(req.headers.host);
    if (!host || !(isLoopbackHost(host) || hosts.has(host))) {
      return { status: 403, message: "Forbidden: Host header not allowed (DNS-rebinding protection); add the name to FSM_HTTP_ALLOWED_HOSTS" };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, origins)) {
      return { status: 403, message: "Forbidden: Origin not allowed; add it to FSM_HTTP_ALLOWED_ORIGINS" };
    }
    // A CORS preflight never carries credentials; it grants nothing by itself (the real request is checked).
    if (expected && req.method !== "OPTIONS" && !bearerMatches(req.headers.authorization, expected)) {
      const presented = req.headers.authorization !== undefined;
      return {
        status: 401,
        message: presented ? "Unauthorized: wrong bearer token" : "Unauthorized: send Authorization: Bearer <FSM_HTTP_TOKEN>",
        headers: { "WWW-Authenticate": `Bearer realm="fsm-mcp"${presented ? ', error="invalid_token"' : ""}` },
      };
    }
    if (new URL(req.url ?? "/", "http://localhost").pathname !== MCP_PATH) {
      return { status: 404, message: `Not Found: the MCP endpoint is ${MCP_PATH}` };
    }
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      return { status: 413, message: `Payload Too Large: request bodies are limited to ${MAX_BODY_BYTES} bytes`, headers: { Connection: "close" } };
    }
    return undefined;
  };
}

/** Constant-time: both sides are SHA-256 digests (equal length), so neither content nor length leaks. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  const same = timingSafeEqual(digest(match?.[1] ?? ""), expected);
  return same && match !== null;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** "Example.com:3333" → "example.com"; "[::1]:3333" → "::1". */
function hostnameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const h = header.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end > 0 ? h.slice(1, end) : undefined;
  }
  return h.split(":")[0] || undefined;
}

function bare(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, "");
}

function originAllowed(origin: string, allowed: Set<string>): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  return allowed.has(url.origin) || isLoopbackHost(url.hostname);
}

const CORS_ALLOW_HEADERS = "Content-Type, Authorization, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID, Accept";

/** Browser clients from an allowed origin (the gate already refused the others) may read the session headers. */
function allowCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate");
}

function preflight(req: IncomingMessage, res: ServerResponse): void {
  allowCors(req, res);
  res.writeHead(204, {
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
    "Access-Control-Max-Age": "600",
  });
  res.end();
}

/** Answer with a JSON-RPC error body, as the SDK transport does for its own refusals. */
function refuse(res: ServerResponse, r: Refusal): void {
  const body = JSON.stringify({ jsonrpc: "2.0", error: { code: r.code ?? -32000, message: r.message }, id: null });
  res.writeHead(r.status, { ...r.headers, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}

function short(id: string): string {
  return `${id.slice(0, 8)}…`;
}
