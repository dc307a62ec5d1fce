/**
 * The FSM Navigator sandbox: a faithful simulator of the vendor's REST API on 127.0.0.1 with seeded demo
 * data. The product serves it when no credentials are configured; tests start it on an ephemeral port,
 * with fault injection when they ask for it.
 */
import { sandboxPlumbing, serveVendorApp } from "../common/vendor-sandbox.js";
import { API_PREFIX } from "../../vendors/fsmnavigator/facts.js";
import { SandboxClock } from "../common/clock.js";
import type { FaultInjector } from "../common/faults.js";
import type { RateLimitConfig } from "../common/rate-limit.js";
import type { RequestLogEntry } from "../common/request-log.js";
import { createFsmNavigatorApp, type EnvelopeMode } from "./app.js";
import { DEMO_KEYS, type DemoKey } from "./keys.js";
import { buildOpenApiDocument } from "./openapi.js";
import { createSeededStore, DEFAULT_SEED, todayAnchor } from "./seed.js";
import { addLargeAccount } from "./large-account.js";
import type { SandboxScale } from "../common/large-account.js";
import type { FsmNavigatorStore } from "./store.js";

export { DEMO_KEYS, DEFAULT_DEMO_KEY, type DemoKey } from "./keys.js";
export { FsmNavigatorStore, type StoreCounts } from "./store.js";
export { DEFAULT_ANCHOR_DATE, DEFAULT_SEED, todayAnchor } from "./seed.js";
export { buildOpenApiDocument } from "./openapi.js";
export type { EnvelopeMode } from "./app.js";
export type { FaultSpec, FaultKind, FiredFault } from "../common/faults.js";
export type { RequestLogEntry } from "../common/request-log.js";

/** Generous enough that no interactive use meets it; tests configure a small one to see 429s. */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 600, windowMs: 60_000 };

export interface FsmNavigatorSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Demo data seed (default DEFAULT_SEED): the same seed always yields the same data. */
  seed?: number;
  /** Per-key rolling window; false disables rate limiting (and its headers). */
  rateLimit?: RateLimitConfig | false;
  /** "auto" (default): query-style URLs get envelope B, path-style URLs envelope A. "A"/"B" force one. */
  envelope?: EnvelopeMode;
  /** Enable fault injection (tests only). */
  faults?: boolean;
  /** Demo data is dated relative to this instant (default the start of today, UTC; tests pin DEFAULT_ANCHOR_DATE). */
  anchorDate?: string;
  /** Where the sandbox reports its own failures; never stdout (the MCP protocol channel). */
  log?: (line: string) => void;
  /** "large" appends the large account (5,000 customers, 50,000 assets) to the demo data (FSM_SANDBOX_SCALE). */
  scale?: SandboxScale;
}

export interface FsmNavigatorSandbox {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** url + "/api/v1" */
  apiBase: string;
  port: number;
  keys: readonly DemoKey[];
  store: FsmNavigatorStore;
  /** Disabled (add() throws) unless started with faults: true. */
  faults: FaultInjector;
  /** Every request the sandbox saw, oldest first (a live array). */
  requests: RequestLogEntry[];
  close(): Promise<void>;
}

export async function startFsmNavigatorSandbox(options: FsmNavigatorSandboxOptions = {}): Promise<FsmNavigatorSandbox> {
  const anchorDate = options.anchorDate ?? todayAnchor();
  const store = createSeededStore({ seed: options.seed ?? DEFAULT_SEED, anchorDate });
  if (options.scale === "large") addLargeAccount(store, anchorDate);
  const plumbing = sandboxPlumbing(options, DEFAULT_RATE_LIMIT);
  let serverUrl = "";
  let openapi: Record<string, unknown> | undefined;

  const app = createFsmNavigatorApp({
    store,
    clock: new SandboxClock(anchorDate),
    keys: DEMO_KEYS,
    limiter: plumbing.limiter,
    envelope: options.envelope ?? "auto",
    openapi: () => (openapi ??= buildOpenApiDocument({ serverUrl: `${serverUrl}${API_PREFIX}` })),
  });
  const server = await serveVendorApp("fsmnavigator", app, plumbing, options);
  serverUrl = server.url;

  return {
    url: server.url,
    apiBase: `${server.url}${API_PREFIX}`,
    port: server.port,
    keys: DEMO_KEYS,
    store,
    faults: plumbing.faults,
    requests: plumbing.requestLog.entries,
    close: () => server.close(),
  };
}
