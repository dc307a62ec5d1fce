import type { VendorModule } from "../index.js";
import { createFsmNavigatorBackend } from "./backend.js";
import { DISPLAY_NAME } from "./facts.js";

export const fsmNavigatorVendor: VendorModule = {
  name: "fsmnavigator",
  displayName: DISPLAY_NAME,
  async createBackend(config, opts) {
    return createFsmNavigatorBackend({
      origin: opts.origin,
      apiKey: config.apiKey ?? "",
      sandbox: opts.sandbox,
      timeoutMs: config.timeoutMs,
      readOnly: config.readOnly,
      onEvent: opts.onEvent,
      sharedRateGate: opts.sharedRateGate,
      wantsEvent: opts.wantsEvent,
    });
  },
  async startSandbox(opts) {
    // Loaded only when a sandbox is wanted: a live server never pays for the simulator and its demo data.
    const { startFsmNavigatorSandbox, DEMO_KEYS } = await import("../../sandbox/fsmnavigator/index.js");
    const sb = await startFsmNavigatorSandbox({ port: opts.port ?? 0, scale: opts.scale });
    const full = DEMO_KEYS[0]!;
    return {
      origin: sb.url,
      credentials: { apiKey: full.key },
      describe: () => [
        `FSM Navigator sandbox listening on ${sb.apiBase}`,
        ...DEMO_KEYS.map((k) => `  X-API-Key: ${k.key}  (${k.label}: ${k.scopes.join(", ")})`),
        `  OpenAPI: ${sb.url}/openapi.json`,
      ],
      close: () => sb.close(),
    };
  },
};
