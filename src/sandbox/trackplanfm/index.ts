/**
 * The TrackplanFM sandbox: a simulator of the API of seed 003 on 127.0.0.1 with seeded demo data, JWT login
 * and demo API keys. The product serves it when FSM_SANDBOX=trackplanfm (or `fsm-mcp sandbox --vendor
 * trackplanfm`); tests start it on an ephemeral port, with fault injection and short-lived tokens when they
 * ask for them.
 */
import { sandboxPlumbing, serveVendorApp } from "../common/vendor-sandbox.js";
import { API_PREFIX, DEFAULT_API_KEY_HEADER } from "../../vendors/trackplanfm/facts.js";
import { SandboxClock } from "../common/clock.js";
import type { FaultInjector } from "../common/faults.js";
import type { RateLimitConfig } from "../common/rate-limit.js";
import type { RequestLogEntry } from "../common/request-log.js";
import { createTrackplanfmApp } from "./app.js";
import { DEFAULT_TOKEN_TTL_MS, DEMO_API_KEYS, DEMO_USERS, SandboxAuth } from "./auth.js";
import { createSeededStore, DEFAULT_SEED, todayAnchor } from "./seed.js";
import { addLargeAccount } from "./large-account.js";
import type { SandboxScale } from "../common/large-account.js";
import type { TrackplanfmStore } from "./store.js";

export { DEMO_API_KEYS, DEMO_USERS, DEFAULT_TOKEN_TTL_MS, type DemoApiKey, type DemoUser } from "./auth.js";
export { TrackplanfmStore } from "./store.js";
export { DEFAULT_ANCHOR_DATE, DEFAULT_SEED, SEED_JOB_COUNT, todayAnchor } from "./seed.js";
export type { FaultSpec, FaultKind, FiredFault } from "../common/faults.js";
export type { RequestLogEntry } from "../common/request-log.js";

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 600, windowMs: 60_000 };
/** [I] Largest pageSize the sandbox serves (the seed gives none). */
export const SANDBOX_MAX_PAGE_SIZE = 500;

export interface TrackplanfmSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: number;
  /** Per-principal rolling window; false disables it. */
  rateLimit?: RateLimitConfig | false;
  /** Enable fault injection (tests only). */
  faults?: boolean;
  /** Demo data is dated from this instant (default the start of today, UTC). */
  anchorDate?: string;
  /** JWT lifetime (default one hour); tests shorten it to see tokens expire. */
  tokenTtlMs?: number;
  /** The clock tokens are issued and expired by (default Date.now): a test steps it instead of sleeping past a TTL. */
  tokenClock?: () => number;
  /** Header the sandbox reads API keys from (default X-API-Key; `Authorization: Bearer TP-…` always works). */
  apiKeyHeader?: string;
  log?: (line: string) => void;
  /** "large" appends the large account (5,000 sites, 50,000 assets) to the demo data (FSM_SANDBOX_SCALE). */
  scale?: SandboxScale;
}

export interface TrackplanfmSandbox {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** url + "/api" */
  apiBase: string;
  port: number;
  store: TrackplanfmStore;
  faults: FaultInjector;
  /** Every request the sandbox saw, oldest first (a live array). */
  requests: RequestLogEntry[];
  /** Invalidate every issued JWT, as a server restart would: the next call with one answers 401. */
  revokeTokens(): void;
  close(): Promise<void>;
}

export async function startTrackplanfmSandbox(options: TrackplanfmSandboxOptions = {}): Promise<TrackplanfmSandbox> {
  const anchorDate = options.anchorDate ?? todayAnchor();
  const store = createSeededStore({ seed: options.seed ?? DEFAULT_SEED, anchorDate });
  if (options.scale === "large") addLargeAccount(store, anchorDate);
  const plumbing = sandboxPlumbing(options, DEFAULT_RATE_LIMIT);
  const auth = new SandboxAuth(options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS, options.apiKeyHeader ?? DEFAULT_API_KEY_HEADER, options.tokenClock);
  const app = createTrackplanfmApp({
    store,
    clock: new SandboxClock(anchorDate),
    auth,
    limiter: plumbing.limiter,
    maxPageSize: SANDBOX_MAX_PAGE_SIZE,
  });
  const server = await serveVendorApp("trackplanfm", app, plumbing, options);
  return {
    url: server.url,
    apiBase: `${server.url}${API_PREFIX}`,
    port: server.port,
    store,
    faults: plumbing.faults,
    requests: plumbing.requestLog.entries,
    revokeTokens: () => auth.revokeTokens(),
    close: () => server.close(),
  };
}

/** The user the product logs in as when it serves this sandbox. */
export const DEFAULT_DEMO_USER = DEMO_USERS[0]!;
export const DEFAULT_DEMO_KEY = DEMO_API_KEYS[0]!;
