import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Logger } from "../log.js";
import type { Runtime } from "../runtime.js";
import { buildServer } from "./build.js";
import { bridgeLogging, scopeRequests } from "./logging.js";

export async function serveStdio(runtime: Runtime, logger: Logger): Promise<void> {
  const built = buildServer({ config: runtime.config, backend: runtime.backend, safety: runtime.safety, lookup: runtime.lookup, logger });
  const unbridge = bridgeLogging(built.server, logger, { lines: "all" });
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
  scopeRequests(built.server, transport);
  logger.info("server", `fsm-mcp ready on stdio: ${built.catalog.listed.length} tools (${runtime.backend.profile.displayName}${runtime.backend.profile.sandbox ? " sandbox" : ""})`);
}
