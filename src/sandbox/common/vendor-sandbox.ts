/**
 * What every vendor sandbox wires the same way: a fault injector (armed only for tests), a request log, a
 * rolling-window rate limiter (the vendor's default unless the caller sets one or turns it off), and the
 * shared request pipeline in front of the vendor's app. Each vendor's index.ts keeps only what is its own.
 */
import { FaultInjector } from "./faults.js";
import type { RunningServer, SandboxHandler, SandboxRequest, SandboxResponse } from "./http.js";
import { RollingWindowLimiter, type RateLimitConfig } from "./rate-limit.js";
import { RequestLog } from "./request-log.js";
import { serveSandbox } from "./server.js";

export interface CommonSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Enable fault injection (tests only). */
  faults?: boolean;
  /** Per-key rolling window; false disables rate limiting (and its headers). */
  rateLimit?: RateLimitConfig | false;
  /** Where the sandbox reports its own failures; never stdout (the MCP protocol channel). */
  log?: (line: string) => void;
}

export interface SandboxPlumbing {
  faults: FaultInjector;
  requestLog: RequestLog;
  limiter?: RollingWindowLimiter;
}

export interface VendorApp {
  handle: SandboxHandler;
  errorResponse(status: number, options: { retryAfterSec?: number }, req: SandboxRequest): SandboxResponse;
  keyLabelOf?(req: SandboxRequest): string | undefined;
}

export function sandboxPlumbing(options: CommonSandboxOptions, defaultRateLimit: RateLimitConfig): SandboxPlumbing {
  const rateLimit = options.rateLimit === undefined ? defaultRateLimit : options.rateLimit;
  return {
    faults: new FaultInjector(options.faults === true),
    requestLog: new RequestLog(),
    limiter: rateLimit === false ? undefined : new RollingWindowLimiter(rateLimit),
  };
}

export function serveVendorApp(vendor: string, app: VendorApp, plumbing: SandboxPlumbing, options: CommonSandboxOptions): Promise<RunningServer> {
  return serveSandbox({
    port: options.port ?? 0,
    handler: app.handle,
    errorResponse: app.errorResponse,
    keyLabelOf: app.keyLabelOf,
    requestLog: plumbing.requestLog,
    faults: plumbing.faults,
    onError: (error) => options.log?.(`${vendor} sandbox: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
}
