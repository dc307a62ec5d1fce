/**
 * Wires a Config into running parts: the sandbox (when there are no credentials), the vendor backend
 * behind the real HTTP client, and the safety services. Shared by stdio, HTTP, demo and doctor.
 */
import type { Config } from "./config.js";
import type { Backend } from "./domain/backend.js";
import { nodeCrypto } from "./lazy-crypto.js";
import type { Logger } from "./log.js";
import type { SafetyServices } from "./safety/pipeline.js";
import { sharedStateCheck, tcpReachable, type ReadinessCheck } from "./server/health.js";
import { createStateServices } from "./state/select.js";
import { vendorModule, type RunningSandbox } from "./vendors/index.js";
// Not ./lookup/index.js: that re-exports the index's code, which the deferred service loads on first use.
import { createDeferredLookup } from "./lookup/deferred.js";
import { lookupKinds } from "./lookup/kinds.js";
import type { LookupService } from "./lookup/lookup.js";
import { lookupFile } from "./lookup/persist.js";

export interface Runtime {
  config: Config;
  backend: Backend;
  safety: SafetyServices;
  sandbox?: RunningSandbox;
  /**
   * What /readyz checks (HTTP mode): the vendor's origin accepts connections; the shared-state layer adds its
   * own (Redis reachable) when it is configured.
   */
  readinessChecks: ReadinessCheck[];
  /** Team mode (FSM_REDIS_URL): whether Redis answers right now; absent without Redis. */
  sharedStateReachable?(): boolean;
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
    sandbox = await mod.startSandbox({ port: opts.sandboxPort, scale: config.sandboxScale });
    effective = { ...config, ...sandbox.credentials };
    origin = sandbox.origin;
    logger.info("sandbox", `no vendor credentials: serving the ${mod.displayName} sandbox (demo data on ${origin}); set FSM_VENDOR, FSM_BASE_URL and FSM_API_KEY for a live account`);
  }
  for (const secret of [effective.apiKey, effective.password]) if (secret) logger.redactor.add(secret);

  // The sandbox's ids mean nothing once it stops: give its ledger entries a namespace of their own.
  const namespace = sandbox ? `sandbox:${config.vendor}:${nodeCrypto().randomUUID()}` : `${config.vendor}@${origin}`;
  const state = await createStateServices(config, logger, {
    namespace,
    credential: [config.vendor, origin, effective.apiKey ?? effective.username ?? ""].join("\0"),
  });
  const backend = await mod
    .createBackend(effective, {
      sharedRateGate: state.sharedRateGate,
      origin,
      sandbox: Boolean(sandbox),
      onEvent: (e) => {
        if (logger.wants(e.level)) logger.log(e.level, "http", e.message, e.data);
      },
      wantsEvent: (level) => logger.wants(level),
    })
    .catch(async (error: unknown) => {
      await state.close().catch(() => undefined); // a Redis connection would keep the process alive
      throw error;
    });
  await state.follow?.(backend);
  const kinds = lookupKinds(config, backend);
  const lookup = createDeferredLookup(kinds, () => ({
    backend,
    kinds,
    // The sandbox's records vanish when it stops: its index stays in memory. A live account's is saved per
    // vendor, origin, credential and scope set (hashed: the credential itself is never written).
    file: sandbox
      ? undefined
      : lookupFile(config.stateDir, { vendor: config.vendor, origin, credential: effective.apiKey ?? effective.username ?? "", kinds: [...kinds] }),
    fillWaitMs: config.lookupFillWaitMs,
    redact: (text) => logger.redactor.redact(text),
    log: (level, message) => logger.log(level, "lookup", message),
  }));
  const safety: SafetyServices = {
    ledger: state.ledger,
    audit: state.audit,
    reconcileWindowMs: config.reconcileWindowMs,
    written: (tool, value) => lookup.remember(tool, value),
  };
  return {
    config: effective,
    backend,
    safety,
    sandbox,
    readinessChecks: [...(origin ? [tcpReachable(origin)] : []), ...(state.reachable ? [sharedStateCheck(state.reachable)] : [])],
    ...(state.reachable ? { sharedStateReachable: state.reachable } : {}),
    lookup,
    async close() {
      await lookup.close().catch(() => undefined);
      await backend.close().catch(() => undefined);
      await state.close().catch(() => undefined);
      await sandbox?.close().catch(() => undefined);
    },
  };
}
