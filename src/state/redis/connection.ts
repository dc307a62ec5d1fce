/**
 * One Redis connection per replica (node-redis), shared by the ledger, the audit stream and the rate
 * budget, plus a second one for pub/sub (a subscribed connection can run nothing else).
 *
 * Failure behaviour: commands never queue while the connection is down (`disableOfflineQueue`) and never
 * wait long for an answer (`COMMAND_TIMEOUT_MS`), so a caller learns at once that Redis is unreachable and
 * decides: reads go on, writes that need the ledger are refused. The client reconnects by itself with a
 * capped backoff, for ever: everything recovers when Redis is back, without a restart.
 *
 * A command timeout is not proof that Redis is away: a replica starved of CPU fires the timer before it reads
 * a reply that came in time. A caller whose command may have run asks again "patiently" (`CHECK_TIMEOUT_MS`)
 * on the same connection, which answers in order, so the question is answered after the lost command ran.
 */
import { ClientClosedError, ClientOfflineError, createClient, TimeoutError, type RedisClientType } from "redis";
import type { RedisConfig } from "../../config.js";
import type { Logger } from "../../log.js";

/** Every key this server writes starts with this, so a shared Redis shows what is ours. */
export const KEY_PREFIX = "fsm-mcp:";
const COMMAND_TIMEOUT_MS = 2000;
/** How long a question about a command that gave no answer in time may wait: rather late than a false refusal. */
const CHECK_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 1000;

export interface RedisConnection {
  client: RedisClientType;
  /** The same connection with the longer check timeout (see `script`'s `patient`). */
  patient: RedisClientType;
  /** For pub/sub only. */
  subscriber: RedisClientType;
  /** The URL without its password, for messages. */
  shown: string;
  /** Connected right now (commands would be sent). */
  ready(): boolean;
  /**
   * Run a Lua script (EVAL: Redis caches it by hash after the first call). `patient`: with the longer check
   * timeout, for asking again after a command that may have run gave no answer in time.
   */
  script<T>(source: string, keys: string[], args: Array<string | number>, opts?: { patient?: boolean }): Promise<T>;
  close(): Promise<void>;
}

/** Tests shorten these to make a timeout happen at once against a frozen redis-server. */
export interface RedisTimeouts {
  commandMs: number;
  checkMs: number;
}

export async function connectRedis(config: RedisConfig, logger: Logger, timeouts: Partial<RedisTimeouts> = {}): Promise<RedisConnection> {
  const { commandMs = COMMAND_TIMEOUT_MS, checkMs = CHECK_TIMEOUT_MS } = timeouts;
  let downSince: number | undefined;
  const make = (role: string) => {
    const client = createClient({
      url: config.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: commandMs, rejectInFlight: true },
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
    patient: client.withCommandOptions({ timeout: checkMs, rejectInFlight: true }) as RedisClientType,
    subscriber,
    shown: config.shown,
    ready: () => client.isReady,
    script: async <T>(source: string, keys: string[], args: Array<string | number>, opts: { patient?: boolean } = {}) =>
      (await client.sendCommand(["EVAL", source, String(keys.length), ...keys, ...args.map(String)], opts.patient ? { timeout: checkMs } : undefined)) as T,
    async close() {
      for (const c of [subscriber, client]) {
        if (c.isOpen) await c.close().catch(() => c.destroy());
        else c.destroy();
      }
    },
  };
}

/**
 * The command never reached Redis, so Redis cannot have run it: the connection was down or closed
 * (`disableOfflineQueue` refuses at once), or it timed out still waiting to be written. Any other failure
 * (no reply in time, the socket closing with it in flight) leaves open whether it ran.
 */
export function neverSent(error: unknown): boolean {
  return error instanceof ClientOfflineError || error instanceof ClientClosedError || error instanceof TimeoutError;
}

/** A short, password-free reason from a client error. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/offline queue|closed|not connected|socket/i.test(message)) return "not connected";
  if (/timeout/i.test(message)) return "no answer in time";
  return message.replace(/rediss?:\/\/[^\s]*/g, "[url]").slice(0, 120);
}
