/**
 * One Redis connection per replica (node-redis), shared by the ledger, the audit stream and the rate
 * budget, plus a second one for pub/sub (a subscribed connection can run nothing else).
 *
 * Failure behaviour: commands never queue while the connection is down (`disableOfflineQueue`) and never
 * wait long for an answer (`COMMAND_TIMEOUT_MS`), so a caller learns at once that Redis is unreachable and
 * decides: reads go on, writes that need the ledger are refused. The client reconnects by itself with a
 * capped backoff, for ever: everything recovers when Redis is back, without a restart.
 */
import { createClient, type RedisClientType } from "redis";
import type { RedisConfig } from "../../config.js";
import type { Logger } from "../../log.js";

/** Every key this server writes starts with this, so a shared Redis shows what is ours. */
export const KEY_PREFIX = "fsm-mcp:";
const COMMAND_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 1000;

export interface RedisConnection {
  client: RedisClientType;
  /** For pub/sub only. */
  subscriber: RedisClientType;
  /** The URL without its password, for messages. */
  shown: string;
  /** Connected right now (commands would be sent). */
  ready(): boolean;
  /** Run a Lua script (EVAL: Redis caches it by hash after the first call). */
  script<T>(source: string, keys: string[], args: Array<string | number>): Promise<T>;
  close(): Promise<void>;
}

export async function connectRedis(config: RedisConfig, logger: Logger): Promise<RedisConnection> {
  let downSince: number | undefined;
  const make = (role: string) => {
    const client = createClient({
      url: config.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: COMMAND_TIMEOUT_MS, rejectInFlight: true },
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 5), MAX_RECONNECT_DELAY_MS),
      },
    }) as RedisClientType;
    client.on("error", (error: Error) => {
      // One line when the connection goes, one when it is back (the client retries every second meanwhile).
      if (role !== "main" || downSince !== undefined) return;
      downSince = Date.now();
      logger.warn("redis", `Redis at ${config.shown} is unreachable (${error.message}); reads go on, keyed writes are refused until it is back`);
    });
    client.on("ready", () => {
      if (role !== "main") return;
      if (downSince !== undefined) logger.info("redis", `Redis at ${config.shown} is reachable again after ${Math.round((Date.now() - downSince) / 1000)} s`);
      downSince = undefined;
    });
    return client;
  };
  const client = make("main");
  const subscriber = make("subscriber");
  // A replica starts even while Redis is down (reads need no Redis); the client keeps trying in the background.
  const started = Promise.all([client.connect(), subscriber.connect()]).catch((error: unknown) => {
    logger.warn("redis", `cannot connect to Redis at ${config.shown} yet (${String(error)}); retrying`);
  });
  await Promise.race([started, new Promise((resolve) => setTimeout(resolve, CONNECT_TIMEOUT_MS).unref())]);
  if (client.isReady) logger.info("redis", `shared state on Redis at ${config.shown}`);
  return {
    client,
    subscriber,
    shown: config.shown,
    ready: () => client.isReady,
    script: async <T>(source: string, keys: string[], args: Array<string | number>) =>
      (await client.sendCommand(["EVAL", source, String(keys.length), ...keys, ...args.map(String)])) as T,
    async close() {
      for (const c of [subscriber, client]) {
        if (c.isOpen) await c.close().catch(() => c.destroy());
        else c.destroy();
      }
    },
  };
}

/** A short, password-free reason from a client error. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/offline queue|closed|not connected|socket/i.test(message)) return "not connected";
  if (/timeout/i.test(message)) return "no answer in time";
  return message.replace(/rediss?:\/\/[^\s]*/g, "[url]").slice(0, 120);
}
