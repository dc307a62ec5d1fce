/**
 * The request pipeline every vendor sandbox shares: fault injection (outermost, like a flaky proxy in front
 * of the vendor), the vendor's handler, the request log, and writing or dropping the answer.
 */
import { startHttpServer, writeResponse, type RunningServer, type SandboxHandler, type SandboxRequest, type SandboxResponse } from "./http.js";
import { runFault, type FaultInjector, type FaultOutcome } from "./faults.js";
import type { RequestLog } from "./request-log.js";

export interface SandboxServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** The vendor's API. */
  handler: SandboxHandler;
  /** The vendor's error answer for a bare status (fault "status", "fail_after_commit", unexpected failures). */
  errorResponse(status: number, options: { retryAfterSec?: number }, req: SandboxRequest): SandboxResponse;
  requestLog: RequestLog;
  /** Consulted before every request; omit (or pass a disabled injector) for the user-facing sandbox. */
  faults?: FaultInjector;
  /** Label of the request's API key for the log. */
  keyLabelOf?(req: SandboxRequest): string | undefined;
  /** Unexpected handler failures (bugs): the client gets a 500 in the vendor's envelope. */
  onError?(error: unknown): void;
  bodyLimitBytes?: number;
}

export async function serveSandbox(options: SandboxServerOptions): Promise<RunningServer> {
  return startHttpServer(
    async (req, raw) => {
      const arrivedAt = new Date().toISOString();
      const handle = async (): Promise<SandboxResponse> => {
        try {
          return await options.handler(req);
        } catch (error) {
          options.onError?.(error);
          return options.errorResponse(500, {}, req);
        }
      };

      const fault = options.faults?.enabled ? options.faults.take(req.method, req.target) : undefined;
      const outcome: FaultOutcome = fault
        ? await runFault(fault, {
            handle: async () => {
              try {
                return await handle();
              } finally {
                options.faults?.handled(fault);
              }
            },
            receive: async () => {
              await req.json().catch(() => undefined); // a bad body is the handler's to answer
            },
            errorResponse: (status, opts) => options.errorResponse(status, opts, req),
            signal: req.signal,
          })
        : { action: "respond", response: await handle() };

      const keyLabel = options.keyLabelOf?.(req);
      options.requestLog.record({
        method: req.method,
        path: req.url.pathname,
        query: Object.fromEntries(req.url.searchParams),
        status: outcome.action === "respond" ? outcome.response.status : 0,
        ...(keyLabel !== undefined ? { keyLabel } : {}),
        ...(fault ? { fault: fault.kind } : {}),
        at: arrivedAt,
      });

      if (outcome.action === "reset") raw.req.socket.destroy();
      else writeResponse(raw.res, outcome.response);
    },
    { port: options.port, onError: options.onError, bodyLimitBytes: options.bodyLimitBytes },
  );
}
