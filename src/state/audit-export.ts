/**
 * `fsm-mcp audit export`: every audit line as JSON lines on stdout, oldest first: the Redis stream every
 * replica appends to when FSM_REDIS_URL is set, else this machine's file log in FSM_STATE_DIR. The lines
 * are the stored ones (already redacted when written).
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { auditPath } from "./embedded/audit.js";

export async function exportAudit(config: Config, logger: Logger, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let count = 0;
  const write = async (line: string) => {
    count++;
    if (!out.write(`${line}\n`)) await new Promise((resolve) => out.once("drain", resolve));
  };
  if (config.redis) {
    const { connectRedis } = await import("./redis/connection.js");
    const { streamLines } = await import("./redis/audit.js");
    const redis = await connectRedis(config.redis, logger);
    try {
      if (!redis.ready()) {
        process.stderr.write(`fsm-mcp: cannot reach Redis at ${config.redis.shown}; check FSM_REDIS_URL and that Redis is running\n`);
        return 1;
      }
      for await (const line of streamLines(redis)) await write(line);
    } finally {
      await redis.close();
    }
    process.stderr.write(`fsm-mcp: exported ${count} audit lines from the Redis stream at ${config.redis.shown}\n`);
    return 0;
  }
  const file = auditPath(config.stateDir);
  const input = createReadStream(file, "utf8");
  const missing = await new Promise<boolean>((resolve) => {
    input.once("open", () => resolve(false));
    input.once("error", () => resolve(true));
  });
  if (!missing) {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      // A torn last line (a crash mid-append) is not a line.
      if (!line.trim()) continue;
      try {
        JSON.parse(line);
      } catch {
        continue;
      }
      await write(line);
    }
  }
  process.stderr.write(`fsm-mcp: exported ${count} audit lines from the file log in FSM_STATE_DIR${missing ? " (none written yet)" : ""}\n`);
  return 0;
}
