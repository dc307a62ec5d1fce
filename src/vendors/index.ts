/**
 * The vendor registry: one entry per folder. Adding a vendor = a folder + one line here.
 */
import type { Config } from "../config.js";
import type { Backend, VendorName } from "../domain/backend.js";
import type { HttpClientOptions, HttpEvent, LogLevel } from "../http/types.js";
import type { SandboxScale } from "../config.js";
import { fsmNavigatorVendor } from "./fsmnavigator/vendor.js";
import { trackplanfmVendor } from "./trackplanfm/vendor.js";
import { jobNimbusVendor } from "./jobnimbus/vendor.js";

export interface RunningSandbox {
  /** Origin the backend should talk to, e.g. http://127.0.0.1:PORT. */
  origin: string;
  /** Credentials of the sandbox's demo account, as config fields. */
  credentials: Pick<Config, "apiKey" | "username" | "password">;
  /** Human lines for stderr: URL, demo keys. */
  describe(): string[];
  close(): Promise<void>;
}

export interface BackendOptions {
  origin: string;
  sandbox: boolean;
  onEvent?: (e: HttpEvent) => void;
  /** Whether onEvent would use an event of this level (see HttpClientOptions.wantsEvent). */
  wantsEvent?: (level: LogLevel) => boolean;
  /** Team mode: the vendor rate budget shared by every replica (src/state/select.ts). */
  sharedRateGate?: HttpClientOptions["sharedRateGate"];
}

export interface VendorModule {
  name: VendorName;
  displayName: string;
  createBackend(config: Config, opts: BackendOptions): Promise<Backend>;
  /** The profile (and so the tool schemas) is read from the vendor account at startup (JobNimbus workflows). */
  profileFromAccount?: boolean;
  /** `scale: "large"` seeds the large account besides the demo data (FSM_SANDBOX_SCALE=large). */
  startSandbox(opts: { port?: number; log?: (line: string) => void; scale?: SandboxScale }): Promise<RunningSandbox>;
}

const MODULES: Partial<Record<VendorName, VendorModule>> = {
  fsmnavigator: fsmNavigatorVendor,
  trackplanfm: trackplanfmVendor,
  jobnimbus: jobNimbusVendor,
};

export function vendorModule(name: VendorName): VendorModule {
  const m = MODULES[name];
  if (!m) throw new Error(`vendor ${name} is not available in this build yet`);
  return m;
}

export function availableVendors(): VendorName[] {
  return Object.keys(MODULES) as VendorName[];
}
