import type { VendorModule } from "../index.js";
import { DISPLAY_NAME } from "./facts.js";

export const fsmNavigatorVendor: VendorModule = {
  name: "fsmnavigator",
  displayName: DISPLAY_NAME,
  async createBackend(config, opts) {
    // Loaded when a backend is made: a server loads only its own vendor's client code (a few ms of a cold start).
    const { createFsmNavigatorBackend } = await import("./backend.js");
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
