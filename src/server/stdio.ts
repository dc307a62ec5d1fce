import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { SetLevelRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { LogLevel } from "../http/types.js";
import type { Logger } from "../log.js";
import type { Runtime } from "../runtime.js";
import { buildServer, type BuiltServer } from "./build.js";

const MCP_TO_OURS: Record<string, LogLevel> = {
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
 * Mirror log lines to MCP logging notifications at the client's chosen level (default info, so per-request
 * debug lines stay off the wire unless the client asks with logging/setLevel).
 */
export function bridgeLogging(built: BuiltServer, logger: Logger): () => void {
  let level: LogLevel = "info";
  built.server.server.setRequestHandler(SetLevelRequestSchema, async (req) => {
    level = MCP_TO_OURS[req.params.level] ?? "info";
    return {};
  });
  return logger.addSink({
    level: () => level,
    write: (lvl, name, data) => {
      if (!built.server.isConnected()) return;
      void built.server.sendLoggingMessage({ level: lvl, logger: name, data }).catch(() => undefined);
    },
  });
}

export async function serveStdio(runtime: Runtime, logger: Logger): Promise<void> {
  const built = buildServer({ config: runtime.config, backend: runtime.backend, safety: runtime.safety, logger });
  const unbridge = bridgeLogging(built, logger);
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    unbridge();
    await built.server.close().catch(() => undefined);
    await runtime.close();
    process.exit(0);
  };
  transport.onclose = () => void shutdown();
  process.stdin.on("end", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  await built.server.connect(transport);
  logger.info("server", `fsm-mcp ready on stdio: ${built.catalog.listed.length} tools (${runtime.backend.profile.displayName}${runtime.backend.profile.sandbox ? " sandbox" : ""})`);
}
