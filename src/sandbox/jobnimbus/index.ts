/**
 * The JobNimbus sandbox: a simulator of the public api1 API on 127.0.0.1 with two seeded demo accounts
 * whose workflows differ, each reached by its own API key. The product serves it when no credentials are
 * configured; tests start it on an ephemeral port, with fault injection when they ask for it.
 */
import { sandboxPlumbing, serveVendorApp } from "../common/vendor-sandbox.js";
import { API_PREFIX } from "../../vendors/jobnimbus/facts.js";
import { SandboxClock } from "../common/clock.js";
import type { FaultInjector } from "../common/faults.js";
import type { RateLimitConfig } from "../common/rate-limit.js";
import type { RequestLogEntry } from "../common/request-log.js";
import { ACCOUNTS, DEMO_KEYS, type AccountDef, type DemoKey } from "./accounts.js";
import { createJobNimbusApp } from "./app.js";
import { createSeededStore, DEFAULT_SEED, todayAnchor } from "./seed.js";
import { addLargeAccount } from "./large-account.js";
import type { SandboxScale } from "../common/large-account.js";
import type { JobNimbusStore } from "./store.js";

export { ACCOUNTS, BRIGHTSIDE, DEFAULT_DEMO_KEY, DEMO_KEYS, SUMMIT, activeStatuses, settingsDocument, workflowsOf, type AccountDef, type DemoKey } from "./accounts.js";
export { JobNimbusStore, type JnRecord, type StoreCounts } from "./store.js";
export { DEFAULT_ANCHOR_DATE, DEFAULT_SEED, todayAnchor } from "./seed.js";
export type { FaultSpec, FaultKind, FiredFault } from "../common/faults.js";
export type { RequestLogEntry } from "../common/request-log.js";

/** Generous enough that no interactive use meets it; tests configure a small one to see 429s. */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 600, windowMs: 60_000 };

export interface JobNimbusSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Demo data seed (default DEFAULT_SEED): the same seed always yields the same accounts. */
  seed?: number;
  /** Per-key rolling window past which requests get 429 + Retry-After; false disables it. */
  rateLimit?: RateLimitConfig | false;
  /** Enable fault injection (tests only). */
  faults?: boolean;
  /** Demo data is dated relative to this instant (default the start of today, UTC). */
  anchorDate?: string;
  /** Where the sandbox reports its own failures; never stdout (the MCP protocol channel). */
  log?: (line: string) => void;
  /** "large" appends the large account (5,000 contacts and their jobs) to each account's demo data (FSM_SANDBOX_SCALE). */
  scale?: SandboxScale;
}

export interface JobNimbusSandbox {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** url + "/api1" */
  apiBase: string;
  port: number;
  keys: readonly DemoKey[];
  accounts: readonly AccountDef[];
  /** An account's store by account id (seeded on first use). */
  store(accountId: string): JobNimbusStore;
  /** The store behind a demo key. */
  storeFor(key: string): JobNimbusStore;
  /** Disabled (add() throws) unless started with faults: true. */
  faults: FaultInjector;
  /** Every request the sandbox saw, oldest first (a live array; keyLabel says which key sent it). */
  requests: RequestLogEntry[];
  close(): Promise<void>;
}

export async function startJobnimbusSandbox(options: JobNimbusSandboxOptions = {}): Promise<JobNimbusSandbox> {
  const anchorDate = options.anchorDate ?? todayAnchor();
  // Accounts are seeded on first use: a server talks to one account, and seeding is most of the start-up time.
  const stores = new LazyStores(ACCOUNTS, (a) => {
    const seeded = createSeededStore(a, { seed: options.seed ?? DEFAULT_SEED, anchorDate });
    if (options.scale === "large") addLargeAccount(seeded, anchorDate);
    return seeded;
  });
  const plumbing = sandboxPlumbing(options, DEFAULT_RATE_LIMIT);
  const { faults, requestLog } = plumbing;
  const app = createJobNimbusApp({
    stores,
    keys: DEMO_KEYS,
    clock: new SandboxClock(anchorDate),
    limiter: plumbing.limiter,
  });
  const server = await serveVendorApp("jobnimbus", app, plumbing, options);
  const store = (accountId: string): JobNimbusStore => {
    const found = stores.get(accountId);
    if (!found) throw new Error(`no demo account ${accountId}`);
    return found;
  };
  return {
    url: server.url,
    apiBase: `${server.url}${API_PREFIX}`,
    port: server.port,
    keys: DEMO_KEYS,
    accounts: ACCOUNTS,
    store,
    storeFor(key) {
      const demo = DEMO_KEYS.find((k) => k.key === key);
      if (!demo) throw new Error(`no demo key ${key}`);
      return store(demo.accountId);
    },
    faults,
    requests: requestLog.entries,
    close: () => server.close(),
  };
}

/** Account stores created on first access. */
export class LazyStores {
  private readonly made = new Map<string, JobNimbusStore>();

  constructor(
    private readonly accounts: readonly AccountDef[],
    private readonly make: (account: AccountDef) => JobNimbusStore,
  ) {}

  get(accountId: string): JobNimbusStore | undefined {
    let store = this.made.get(accountId);
    if (!store) {
      const account = this.accounts.find((a) => a.id === accountId);
      if (!account) return undefined;
      store = this.make(account);
      this.made.set(accountId, store);
    }
    return store;
  }
}
