/**
 * MCP logging: log lines mirrored to `notifications/message` at the level each client chose with
 * logging/setLevel (default info, so per-request debug lines stay off the wire unless asked for).
 *
 * Every message a transport delivers runs inside a request scope (AsyncLocalStorage) naming the server
 * (= session) it belongs to and the request id. Lines logged while serving a request, including the HTTP
 * core's vendor-call, retry and rate-limit events, are therefore sent to that session only, related to
 * that request (over Streamable HTTP they travel on the request's own stream, before its response).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { SetLevelRequestSchema, type LoggingLevel, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { LogLevel } from "../http/types.js";
import type { Logger } from "../log.js";

interface RequestScope {
  server: McpServer;
  requestId?: RequestId;
}

const scope = new AsyncLocalStorage<RequestScope>();

const MCP_TO_OURS: Record<LoggingLevel, LogLevel> = {
  debug: "debug",
  info: "info",
  notice: "notice",
  warning: "warning",
  error: "error",
  critical: "error",
  alert: "error",
  emergency: "error",
};

/**
 * Run every message `transport` delivers to `server` inside a request scope. Call after
 * `server.connect(transport)` (connect installs the handler this wraps).
 */
export function scopeRequests(server: McpServer, transport: Transport): void {
  const deliver = transport.onmessage;
  if (!deliver) throw new Error("scopeRequests: connect the server to the transport first");
  transport.onmessage = (message, extra) => {
    const requestId = "method" in message && "id" in message ? message.id : undefined;
    scope.run({ server, requestId }, () => deliver(message, extra));
  };
}

export interface BridgeOptions {
  /**
   * "all": every line (stdio: the one client is the operator). "own": only lines logged while serving one
   * of this server's requests (HTTP: a session never sees another session's calls or the server's own lines).
   */
  lines: "all" | "own";
}

/**
 * Mirror log lines to `server`'s client. Returns the function that detaches the bridge.
 * Nothing is sent before the client has finished initializing (its `notifications/initialized`): a log line
 * ahead of the initialize exchange ("ready on stdio") broke clients that expect initialization first (a
 * two-server fastmcp proxy printed a traceback). Earlier lines still reach stderr.
 */
export function bridgeLogging(server: McpServer, logger: Logger, opts: BridgeOptions = { lines: "all" }): () => void {
  let level: LogLevel = "info";
  let initialized = false;
  const previous = server.server.oninitialized;
  server.server.oninitialized = () => {
    initialized = true;
    previous?.();
  };
  server.server.setRequestHandler(SetLevelRequestSchema, async (req) => {
    level = MCP_TO_OURS[req.params.level] ?? "info";
    return {};
  });
  return logger.addSink({
    level: () => level,
    write: (lvl, name, data) => {
      if (!initialized || !server.isConnected()) return;
      const current = scope.getStore();
      const mine = current?.server === server;
      if (opts.lines === "own" && !mine) return;
      const notification = { method: "notifications/message" as const, params: { level: lvl, logger: name, data } };
      const relatedRequestId = mine ? current.requestId : undefined;
      void server.server
        .notification(notification, relatedRequestId === undefined ? undefined : { relatedRequestId })
        // The request's stream may be gone (answered or cancelled): the session still gets the line.
        .catch(() => (relatedRequestId === undefined ? undefined : server.server.notification(notification)))
        .catch(() => undefined);
    },
  });
}
