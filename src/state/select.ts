/**
 * The one place that picks the implementation of the state a server keeps beside the vendor (the contracts:
 * src/state/types.ts). Embedded (files under FSM_STATE_DIR) is the default and, for now, the only choice.
 */
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { auditPath, EmbeddedAudit } from "./embedded/audit.js";
import { EmbeddedLedger } from "./embedded/ledger.js";
import type { AuditSink, IdempotencyLedger } from "./types.js";

export interface StateServices {
  ledger: IdempotencyLedger;
  audit: AuditSink;
  close(): Promise<void>;
}

/**
 * @param namespace which vendor account the ledger's ids belong to (see src/runtime.ts)
 */
export async function createStateServices(config: Pick<Config, "stateDir">, logger: Pick<Logger, "redactor">, namespace: string): Promise<StateServices> {
  const ledger = new EmbeddedLedger(config.stateDir, namespace);
  const audit = new EmbeddedAudit(auditPath(config.stateDir), logger.redactor);
  return {
    ledger,
    audit,
    async close() {
      await Promise.all([ledger.close(), audit.close()]);
    },
  };
}
