/**
 * Wires a Config into running parts: the sandbox (when there are no credentials), the vendor backend
 * behind the real HTTP client, and the safety services. Shared by stdio, HTTP, demo and doctor.
 */
import { randomUUID } from "node:crypto";
import type { Config } from "./config.js";
import type { Backend } from "./domain/backend.js";
import type { Logger } from "./log.js";
import { AuditLog, auditPath } from "./safety/audit.js";
import { Ledger, ledgerPath } from "./safety/ledger.js";
import type { SafetyServices } from "./safety/pipeline.js";
import { vendorModule, type RunningSandbox } from "./vendors/index.js";
import { createLookup, lookupFile, lookupKinds, type LookupService } from "./lookup/index.js";

export interface Runtime {
  config: Config;
  backend: Backend;
  safety: SafetyServices;
  sandbox?: RunningSandbox;
  /** The natural-language lookup index of this credential (src/lookup/). */
  lookup: LookupService;
  close(): Promise<void>;
}

export async function startRuntime(config: Config, logger: Logger, opts: { sandboxPort?: number } = {}): Promise<Runtime> {
  const mod = vendorModule(config.vendor);
  let effective = config;
  let origin = config.baseUrl ?? "";
  let sandbox: RunningSandbox | undefined;
  if (config.mode === "sandbox") {
    sandbox = await mod.startSandbox({ port: opts.sandboxPort });
    effective = { ...config, ...sandbox.credentials };
    origin = sandbox.origin;
    logger.info("sandbox", `no vendor credentials: serving the ${mod.displayName} sandbox (demo data on ${origin}); set FSM_VENDOR, FSM_BASE_URL and FSM_API_KEY for a live account`);
  }
  for (const secret of [effective.apiKey, effective.password]) if (secret) logger.redactor.add(secret);

  const backend = await mod.createBackend(effective, {
    origin,
    sandbox: Boolean(sandbox),
    onEvent: (e) => {
      if (logger.wants(e.level)) logger.log(e.level, "http", e.message, e.data);
    },
    wantsEvent: (level) => logger.wants(level),
  });
  // The sandbox's ids mean nothing once it stops: give its ledger entries a namespace of their own.
  const namespace = sandbox ? `sandbox:${config.vendor}:${randomUUID()}` : `${config.vendor}@${origin}`;
  const kinds = lookupKinds(config, backend);
  const lookup = createLookup({
    backend,
    kinds,
    // The sandbox's records vanish when it stops: its index stays in memory. A live account's is saved per
    // vendor, origin, credential and scope set (hashed: the credential itself is never written).
    file: sandbox
      ? undefined
      : lookupFile(config.stateDir, { vendor: config.vendor, origin, credential: effective.apiKey ?? effective.username ?? "", kinds: [...kinds] }),
    redact: (text) => logger.redactor.redact(text),
    log: (level, message) => logger.log(level, "lookup", message),
  });
  const safety: SafetyServices = {
    ledger: new Ledger(ledgerPath(config.stateDir), namespace),
    audit: new AuditLog(auditPath(config.stateDir), logger.redactor),
    written: (tool, value) => lookup.remember(tool, value),
  };
  return {
    config: effective,
    backend,
    safety,
    sandbox,
    lookup,
    async close() {
      await lookup.close().catch(() => undefined);
      await backend.close().catch(() => undefined);
      await sandbox?.close().catch(() => undefined);
    },
  };
}
