/**
 * The one place that chooses where the server's state lives (src/state/types.ts has the contracts):
 * - embedded (default): the idempotency ledger (journal + claim files) and the audit log as files in
 *   FSM_STATE_DIR, the vendor rate limiter inside the process;
 * - Redis (FSM_REDIS_URL, team mode): shared by every replica; its code is imported only then.
 */
import type { Config } from "../config.js";
import type { Backend } from "../domain/backend.js";
import type { HttpClientOptions } from "../http/types.js";
import type { Logger } from "../log.js";
import { auditPath, EmbeddedAudit } from "./embedded/audit.js";
import { EmbeddedLedger } from "./embedded/ledger.js";
import type { AuditSink, IdempotencyLedger } from "./types.js";

export interface StateServices {
  ledger: IdempotencyLedger;
  audit: AuditSink;
  /** Team mode: the vendor rate budget every replica shares (absent: each HTTP client's own limiter). */
  sharedRateGate?: HttpClientOptions["sharedRateGate"];
  /** Team mode: pass the account-settings changes this backend sees to the other replicas, and theirs to it. */
  follow?(backend: Backend): Promise<void>;
  /** Team mode: whether the shared state answers right now (for a readiness check such as /readyz). */
  reachable?(): boolean;
  close(): Promise<void>;
}

export interface StateScope {
  /** Which vendor account ledger ids belong to (vendor + origin; per run for a sandbox). */
  namespace: string;
  /** The vendor credential the rate budget belongs to (hashed before it is used as a key; never stored). */
  credential: string;
}

export async function createStateServices(config: Config, logger: Logger, scope: StateScope): Promise<StateServices> {
  if (config.redis) {
    const { createRedisState } = await import("./redis/index.js");
    return createRedisState(config, config.redis, logger, scope);
  }
  const ledger = new EmbeddedLedger(config.stateDir, scope.namespace);
  const audit = new EmbeddedAudit(auditPath(config.stateDir), logger.redactor);
  return {
    ledger,
    audit,
    async close() {
      await Promise.all([ledger.close(), audit.close()]);
    },
  };
}
