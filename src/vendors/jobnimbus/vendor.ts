import type { VendorModule } from "../index.js";
import { DISPLAY_NAME } from "./facts.js";

export const jobNimbusVendor: VendorModule = {
  profileFromAccount: true,
  name: "jobnimbus",
  displayName: DISPLAY_NAME,
  async createBackend(config, opts) {
    // Loaded when a backend is made: a server loads only its own vendor's client code (a few ms of a cold start).
    const { createJobNimbusBackend } = await import("./backend.js");
    return createJobNimbusBackend({
      origin: opts.origin,
      apiKey: config.apiKey ?? "",
      authScheme: config.authScheme,
      sandbox: opts.sandbox,
      timeoutMs: config.timeoutMs,
      readOnly: config.readOnly,
      onEvent: opts.onEvent,
      sharedRateGate: opts.sharedRateGate,
    });
  },
  async startSandbox(opts) {
    // Loaded only when a sandbox is wanted: a live server never carries the simulator.
    const { ACCOUNTS, DEFAULT_DEMO_KEY, DEMO_KEYS, startJobnimbusSandbox } = await import("../../sandbox/jobnimbus/index.js");
    const sb = await startJobnimbusSandbox({ port: opts.port ?? 0, log: opts.log, scale: opts.scale });
    const accountName = (id: string) => ACCOUNTS.find((a) => a.id === id)?.name ?? id;
    return {
      origin: sb.url,
      credentials: { apiKey: DEFAULT_DEMO_KEY.key },
      describe: () => [
        `JobNimbus sandbox listening on ${sb.apiBase}`,
        ...DEMO_KEYS.map((k) => `  Authorization: Bearer ${k.key}  (${accountName(k.accountId)}${k.access === "read" ? ", read-only access profile" : ""})`),
        "  Each key is its own account with its own workflows: GET /api1/account/settings shows them.",
      ],
      close: () => sb.close(),
    };
  },
};
