import type { VendorModule } from "../index.js";
import { DEFAULT_API_KEY_HEADER, DISPLAY_NAME } from "./facts.js";

export const trackplanfmVendor: VendorModule = {
  name: "trackplanfm",
  displayName: DISPLAY_NAME,
  async createBackend(config, opts) {
    // Loaded when a backend is made: a server loads only its own vendor's client code (a few ms of a cold start).
    const { createTrackplanfmBackend } = await import("./backend.js");
    return createTrackplanfmBackend({
      origin: opts.origin,
      apiKey: config.apiKey,
      apiKeyHeader: config.apiKeyHeader,
      username: config.username,
      password: config.password,
      sandbox: opts.sandbox,
      timeoutMs: config.timeoutMs,
      readOnly: config.readOnly,
      onEvent: opts.onEvent,
      sharedRateGate: opts.sharedRateGate,
    });
  },
  async startSandbox(opts) {
    // Loaded only when a sandbox is wanted: a live server never carries the simulator.
    const { DEFAULT_DEMO_USER, DEMO_API_KEYS, DEMO_USERS, startTrackplanfmSandbox } = await import("../../sandbox/trackplanfm/index.js");
    const sb = await startTrackplanfmSandbox({ port: opts.port ?? 0, log: opts.log, scale: opts.scale });
    return {
      origin: sb.url,
      // The product logs in (JWT), so the sandbox exercises the login and re-login path.
      credentials: { username: DEFAULT_DEMO_USER.username, password: DEFAULT_DEMO_USER.password },
      describe: () => [
        `TrackplanFM sandbox listening on ${sb.apiBase}`,
        ...DEMO_USERS.map((u) => `  POST /api/auth/login {"username":"${u.username}","password":"${u.password}"}  (${u.role})`),
        ...DEMO_API_KEYS.map((k) => `  ${DEFAULT_API_KEY_HEADER}: ${k.key}  (${k.role})`),
      ],
      close: () => sb.close(),
    };
  },
};
