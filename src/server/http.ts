/**
 * Streamable HTTP mode (`fsm-mcp --http`): the SDK's StreamableHTTPServerTransport on plain node:http,
 * loaded only in this mode. Two ways to serve (FSM_HTTP_STATELESS; README "Run it for a team"):
 *  - sessions (the default without Redis): one MCP session per client, each with its own small McpServer
 *    over the process's shared tool definitions (src/server/definitions.ts) and the one shared runtime;
 *  - stateless (the default with FSM_REDIS_URL): a fresh McpServer and transport per POST (SDK >= 1.26 requires
 *    that; reusing them leaked answers between clients), no Mcp-Session-Id, so any replica serves any request.
 *    The 2026-07-28 spec revision drops sessions altogether: this path is the one it keeps.
 *
 * Every request passes these gates, in order, before the transport sees it:
 *  0. /healthz and /readyz (src/server/health.ts), answered first: no token, no Host check, no details.
 *  1. Host allow-list (DNS-rebinding protection: a hostile page whose name resolves to 127.0.0.1 still
 *     sends its own name as Host): loopback names, the bound address, FSM_HTTP_ALLOWED_HOSTS. 403.
 *  2. Origin allow-list when an Origin is present (browsers send it): loopback origins and
 *     FSM_HTTP_ALLOWED_ORIGINS. 403. The SDK's helpers check Host only.
 *  3. Bearer token when FSM_HTTP_TOKEN is set (config refuses a non-loopback bind without one or OAuth). 401.
 *  4. Path /mcp (404) and a declared body size within MAX_BODY_BYTES (413, before reading anything;
 *     the body is read with the same limit).
 *  5. OAuth access token when FSM_AUTH_ISSUER is set (src/auth, loaded only then): 401/403/503; the caller's
 *     user and permissions (token scopes) go with the request. RFC 9728 metadata is answered before step 1.
 *  6. Draining (after SIGTERM): 503, so the load balancer's retry lands on another replica.
 *  7. Sessions: a known Mcp-Session-Id, or a new session. A new session takes a slot only once its initialize
 *     body is read (a slow client holds nothing but its socket, which Node's header and request timeouts
 *     end). At FSM_HTTP_MAX_SESSIONS, or at FSM_HTTP_MAX_SESSIONS_PER_CLIENT for its client (OAuth `sub`,
 *     else its address), the least recently used idle session goes for the new one (a client that ended
 *     without DELETE leaves an idle session); 503 only when every candidate is busy.
 */
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { isLoopbackHost, type HttpConfig } from "../config.js";
import type { Logger } from "../log.js";
import type { Runtime } from "../runtime.js";
import type { ConfirmAnswer } from "../tools/types.js";
import type { Authenticator, Caller } from "../auth/index.js";
import { readJsonBody } from "./body.js";
import { ConfirmTokens, confirmKey, confirmNotes, type ConfirmSubject } from "./confirm-token.js";
import { buildServer, type BuiltServer } from "./build.js";
import { selectTools } from "./catalog.js";
import { healthResponder } from "./health.js";
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
  /** Who opened it, for the per-client limit: `sub:<OAuth sub>` or `addr:<remote address>`. */
  client: string;
  /** OAuth: the `sub` that opened the session (only it may use the id) and the permissions it was built with. */
  owner?: string;
  permissions?: string;
}

export interface RunningHttpServer {
  /** e.g. http://127.0.0.1:3333/mcp */
  url: string;
  /** Close every session, stop listening, close the runtime. */
  close(): Promise<void>;
  /** Refuse new requests, let calls in flight finish (up to FSM_HTTP_DRAIN_SECONDS), then close(). */
  drain(): Promise<void>;
}

export async function serveHttp(runtime: Runtime, logger: Logger): Promise<RunningHttpServer> {
  const http = runtime.config.http;
  if (!http) throw new Error("serveHttp needs config.http (the --http flag)");
  if (http.token) logger.redactor.add(http.token);
  if (http.confirmSecret) logger.redactor.add(http.confirmSecret);
  const gate = requestGate(http);
  const auth = http.auth ? await loadAuthenticator(http.auth, runtime, logger) : undefined;
  const sessions = new Map<string, Session>();
  let pending = 0;
  let draining = false;
  /** Requests being answered other than GET event streams: what a drain waits for. */
  let inflight = 0;
  let onDrained: (() => void) | undefined;
  // Stateless: no session to elicit over, so an irreversible change is confirmed with a token (src/server/confirm-token.ts).
  const c = runtime.config;
  const ledger = runtime.safety.ledger;
  const tokens = http.stateless
    ? new ConfirmTokens(confirmKey(http.confirmSecret, c.apiKey ?? c.password, `${c.vendor}|${c.baseUrl ?? ""}`), {
        // Single use across replicas: the nonce is claimed in the shared idempotency ledger (fails closed with it).
        spend: ledger
          ? async (nonce) => {
              const claim = await ledger.claim("confirm_token", nonce, {});
              if ("replay" in claim) return false;
              await ledger.record("confirm_token", nonce, {}, "used");
              return true;
            }
          : undefined,
      })
    : undefined;
  const confirmWithoutElicitation = tokens
    ? async (request: ConfirmSubject): Promise<ConfirmAnswer> => {
        const given = request.args.confirm;
        if (typeof given === "string" && given) {
          const verdict = await tokens.redeem(given, request);
          if (verdict === true) return "accept";
          return { preview: confirmNotes(tokens, request, verdict) };
        }
        return { preview: confirmNotes(tokens, request) };
      }
    : undefined;
  const health = healthResponder({ checks: () => runtime.readinessChecks, draining: () => draining, logger });

  const closeSession = async (s: Session, why: string) => {
    if (s.closed) return;
    s.closed = true;
    sessions.delete(s.id);
    s.unbridge();
    await s.built.server.close().catch(() => undefined);
    logger.info("http", `session ${short(s.id)} closed (${why}); ${sessions.size} open`);
  };

  /** A request of `s` ended; with none left in flight it is idle (evictable, and swept after FSM_HTTP_SESSION_IDLE_SECONDS). */
  const release = (s: Session) => {
    s.lastSeen = Date.now();
    if (--s.open === 0 && !s.closed) logger.debug("http", `session ${short(s.id)} idle`);
  };

  /** The idle session (no request in flight, no event stream) used longest ago, among those `which` accepts. */
  const leastRecentlyUsedIdle = (which: (s: Session) => boolean = () => true) => {
    let found: Session | undefined;
    for (const s of sessions.values()) if (s.open <= 0 && which(s) && (!found || s.lastSeen < found.lastSeen)) found = s;
    return found;
  };

  /** Make room for one more session of `client`, evicting an idle one where a limit is reached; else the refusal. */
  const admit = (client: string): Refusal | undefined => {
    let held = 0;
    for (const s of sessions.values()) if (s.client === client) held++;
    // (A per-client limit equal to the total is no limit of its own: the total's refusal says more.)
    if (held >= http.maxSessionsPerClient && http.maxSessionsPerClient < http.maxSessions) {
      const victim = leastRecentlyUsedIdle((s) => s.client === client);
      if (!victim) {
        return {
          status: 503,
          message: `Service Unavailable: this client has ${held} sessions open and busy (FSM_HTTP_MAX_SESSIONS_PER_CLIENT); end one (HTTP DELETE) or try again later`,
          headers: { "Retry-After": "30" },
        };
      }
      void closeSession(victim, "evicted: its client's least recently used idle session, for a new one of the same client");
    }
    if (sessions.size + pending >= http.maxSessions) {
      const victim = leastRecentlyUsedIdle();
      if (!victim) {
        return {
          status: 503,
          message: `Service Unavailable: ${http.maxSessions} sessions are open (FSM_HTTP_MAX_SESSIONS) and none is idle; try again later`,
          headers: { "Retry-After": "30" },
        };
      }
      void closeSession(victim, "evicted: least recently used idle session, at FSM_HTTP_MAX_SESSIONS");
    }
    return undefined;
  };

  /** An initialize POST (body already read): a new transport + server; kept only if the session initialized. */
  const openSession = async (req: IncomingMessage, res: ServerResponse, body: unknown, caller: Caller | undefined, client: string) => {
    let session: Session | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: MAX_BODY_BYTES,
      onsessioninitialized: (id) => {
        session = { id, transport, built, unbridge: () => undefined, open: 1, lastSeen: Date.now(), closed: false, client };
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
      if (session) release(session);
    });
    await transport.handleRequest(req, res, body);
    // A refused initialize: nothing to keep.
    if (!session) await built.server.close().catch(() => undefined);
  };

  /**
   * Stateless: one POST, one fresh McpServer (cheap: the definitions are shared) and transport, closed with the
   * response. Nothing survives the request, so any replica can answer the next one.
   */
  const serveStateless = async (req: IncomingMessage, res: ServerResponse, body: unknown, caller: Caller | undefined) => {
    const built = buildServer({ config: runtime.config, backend: runtime.backend, safety: runtime.safety, logger, permissions: caller?.permissions, confirmWithoutElicitation });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, maxRequestBodySize: MAX_BODY_BYTES });
    transport.onerror = (error) => logger.debug("http", `transport: ${error.message}`);
    await built.server.connect(transport);
    scopeRequests(built.server, transport);
    const unbridge = bridgeLogging(built.server, logger, { lines: "own" });
    res.on("close", () => {
      unbridge();
      void built.server.close().catch(() => undefined);
    });
    await transport.handleRequest(req, res, body);
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
    return readBodyFor(auth, caller, req);
  };

  /** POST bodies: read here (with the write guard for callers without write permission), never twice. */
  const readBodyFor = async (auth: Authenticator | undefined, caller: Caller | undefined, req: IncomingMessage) => {
    if (req.method !== "POST") return { body: undefined };
    if (auth && caller && !caller.permissions.write) return auth.guardWrites(req, caller, MAX_BODY_BYTES);
    return readJsonBody(req, MAX_BODY_BYTES);
  };

  const server = createServer(
    {
      headersTimeout: http.headersTimeoutMs,
      requestTimeout: http.requestTimeoutMs,
      // How often Node checks those two timeouts (its default, 30 s, would let a 10 s limit run to 40 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, http.headersTimeoutMs / 4)),
    },
    (req, res) => {
      void (async () => {
        if (health(req, res)) return;
        if (auth?.serveMetadata(req, res)) return;
        const refusal = gate(req);
        if (refusal) return refuse(res, refusal);
        if (req.method === "OPTIONS") return preflight(req, res);
        allowCors(req, res);
        const caller = auth ? await auth.authenticate(req) : undefined;
        if (caller && "status" in caller) return refuse(res, caller);
        if (draining) {
          return refuse(res, { status: 503, message: "Service Unavailable: this server is shutting down; send the request again", headers: { "Retry-After": "1", Connection: "close" } });
        }
        // A call in flight (not a GET event stream, which stays open as long as the client likes) holds a drain.
        if (req.method !== "GET") {
          inflight++;
          res.once("close", () => {
            if (--inflight === 0) onDrained?.();
          });
        }
        // The SDK transport hands `req.auth` to every handler as `extra.authInfo` (the user for audit lines).
        if (caller) (req as IncomingMessage & { auth?: Caller["authInfo"] }).auth = caller.authInfo;

        if (http.stateless) {
          if (req.method !== "POST") {
            return refuse(res, { status: 405, message: "Method Not Allowed: this server is stateless (FSM_HTTP_STATELESS=1): POST each message; there is no session or event stream", headers: { Allow: "POST" } });
          }
          const read = await readBodyFor(auth, caller, req);
          if ("status" in read) return refuse(res, read);
          return serveStateless(req, res, read.body, caller);
        }

        const sessionId = req.headers["mcp-session-id"];
        if (typeof sessionId === "string") {
          const session = sessions.get(sessionId);
          if (!session || !ownedBy(session, caller)) return refuse(res, { status: 404, code: -32001, message: "Session not found: start a new session with an initialize request" });
          session.open++;
          session.lastSeen = Date.now();
          res.on("close", () => release(session));
          if (req.method === "GET") {
            logger.debug("http", `session ${short(session.id)}: event stream opened`);
            res.on("close", () => logger.debug("http", `session ${short(session.id)}: event stream closed`));
          }
          const admitted = auth && caller ? await admitCaller(auth, session, caller, req) : await readBodyFor(undefined, undefined, req);
          if ("status" in admitted) return refuse(res, admitted);
          return session.transport.handleRequest(req, res, admitted.body);
        }
        if (req.method !== "POST") return refuse(res, { status: 400, message: "Bad Request: Mcp-Session-Id header is required" });
        // The body first: a slot is taken only by a client that has sent its whole initialize request.
        logger.debug("http", `reading a new session's body from ${req.socket.remoteAddress}:${req.socket.remotePort}`);
        const read = await readJsonBody(req, MAX_BODY_BYTES);
        if ("status" in read) return refuse(res, read);
        if (!isInitializeRequest(read.body)) {
          return refuse(res, { status: 400, message: "Bad Request: no Mcp-Session-Id; start a session with an initialize request" });
        }
        const client = caller ? `sub:${caller.user.sub}` : `addr:${req.socket.remoteAddress ?? "unknown"}`;
        const full = admit(client);
        if (full) return refuse(res, full);
        pending++;
        try {
          await openSession(req, res, read.body, caller, client);
        } finally {
          pending--;
        }
      })().catch((error: unknown) => {
        logger.error("http", `request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) refuse(res, { status: 500, code: -32603, message: "Internal error" });
        else res.destroy();
      });
    },
  );
  server.keepAliveTimeout = http.keepAliveTimeoutMs;
  // Garbage on the socket (bad request lines) must not crash the process.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    // Node's own timeouts: say so (408) before closing, as Node does when no listener is set.
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT" && socket.writable) socket.end("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });

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
      draining = true;
      clearInterval(sweeper);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...sessions.values()].map((s) => closeSession(s, "server shutting down")));
      server.closeAllConnections();
      await stopped;
      await runtime.close();
    })());

  let draining$: Promise<void> | undefined;
  const drain = () =>
    (draining$ ??= (async () => {
      draining = true;
      const started = Date.now();
      if (inflight > 0) {
        logger.info("http", `draining: ${inflight} request(s) in flight, new requests get 503; exiting within ${http.drainMs / 1000} s (FSM_HTTP_DRAIN_SECONDS)`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, http.drainMs);
          onDrained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (inflight > 0) logger.warn("http", `drain deadline reached with ${inflight} request(s) still in flight: they are cancelled`);
        else logger.info("http", `drained in ${Date.now() - started} ms`);
      }
      await close();
    })());

  const shutdown = () => void drain().finally(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);

  const catalog = selectTools(runtime.config, runtime.backend);
  const p = runtime.backend.profile;
  // Always printed (whatever FSM_LOG_LEVEL says): it is how a user, or a test, finds the port.
  process.stderr.write(
    `[fsm-mcp] listening on ${url} (Streamable HTTP${http.stateless ? ", stateless" : ""}; ${catalog.listed.length} tools, ${p.displayName}${p.sandbox ? " sandbox" : ""}; ` +
      `${auth ? `OAuth: tokens from ${http.auth!.issuer}` : http.token ? "bearer token required" : "no token: loopback only"})\n`,
  );
  return { url, close, drain };
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
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ jsonrpc: "2.0", error: { code: r.code ?? -32000, message: r.message }, id: null });
  res.writeHead(r.status, { ...r.headers, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}

function short(id: string): string {
  return `${id.slice(0, 8)}…`;
}
