/**
 * Team mode's shared state on Redis (FSM_REDIS_URL): loaded only by src/state/select.ts when that is set,
 * so stdio and a plain HTTP server never import the Redis client.
 */
import type { Config, RedisConfig } from "../../config.js";
import type { Backend } from "../../domain/backend.js";
import type { HttpClientOptions } from "../../http/types.js";
import type { Logger } from "../../log.js";
import { auditPath, EmbeddedAudit } from "../embedded/audit.js";
import type { StateServices } from "../select.js";
import { RedisAuditSink } from "./audit.js";
import { connectRedis } from "./connection.js";
import { RedisLedger } from "./ledger.js";
import { credentialId, SharedRateBudget } from "./rate-budget.js";
import { shareProfileChanges } from "./settings-bus.js";

export async function createRedisState(config: Config, redisConfig: RedisConfig, logger: Logger, opts: { namespace: string; credential: string }): Promise<StateServices> {
  // The password is in the URL: keep it out of every log line, whatever a client error might quote.
  const password = new URL(redisConfig.url).password;
  if (password) logger.redactor.add(decodeURIComponent(password));
  const redis = await connectRedis(redisConfig, logger);
  const ledger = new RedisLedger(redis, opts.namespace, logger, redisConfig.claimLeaseMs);
  const audit = new RedisAuditSink(redis, logger.redactor, new EmbeddedAudit(auditPath(config.stateDir), logger.redactor), logger);
  const stops: Array<() => Promise<void>> = [];
  const sharedRateGate: NonNullable<HttpClientOptions["sharedRateGate"]> = (rateLimit) =>
    new SharedRateBudget(redis, {
      credential: opts.credential,
      holdFirstRequest: rateLimit?.holdFirstRequest,
      rollingWindow: rateLimit?.rollingWindow,
      maxPerSecond: rateLimit?.maxPerSecond,
      inFlightCapMs: config.timeoutMs + 5000,
      logger,
    });
  return {
    ledger,
    audit,
    sharedRateGate,
    async follow(backend: Backend) {
      stops.push(await shareProfileChanges(redis, backend, credentialId(opts.credential), logger));
    },
    reachable: () => redis.ready(),
    async close() {
      for (const stop of stops) await stop();
      await ledger.close();
      await redis.close();
    },
  };
}
