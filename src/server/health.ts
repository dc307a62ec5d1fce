/**
 * Liveness and readiness for a load balancer or an orchestrator (Kubernetes probes), answered before any
 * other gate: no token and no Host check (a probe sends the pod's address as Host), no details in the body
 * (the reason a check failed goes to the server log only).
 *  - GET /healthz: 200 while the process serves HTTP at all.
 *  - GET /readyz: 200 when every readiness check passes (the vendor reachable; Redis too when configured:
 *    src/state/redis adds its check to Runtime.readinessChecks), 503 while one fails or while draining.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { connect } from "node:net";
import type { Logger } from "../log.js";

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";

/** A readiness check: resolves when its dependency can be used, rejects (with a reason for the log) when not. */
export type ReadinessCheck = () => Promise<void>;

/** Checks run at most this often; probes in between get the last answer (a probe storm never reaches the vendor). */
const CHECK_INTERVAL_MS = 2_000;
/** One check's deadline. */
const CHECK_TIMEOUT_MS = 3_000;

export function healthResponder(opts: { checks: () => readonly ReadinessCheck[]; draining: () => boolean; logger: Logger }) {
  let last: { at: number; ok: boolean } | undefined;
  let running: Promise<boolean> | undefined;
  const ready = async (): Promise<boolean> => {
    if (last && Date.now() - last.at < CHECK_INTERVAL_MS) return last.ok;
    running ??= Promise.all(opts.checks().map((check) => withTimeout(check())))
      .then(
        () => true,
        (error: unknown) => {
          opts.logger.warn("health", `not ready: ${error instanceof Error ? error.message : String(error)}`);
          return false;
        },
      )
      .then((ok) => {
        last = { at: Date.now(), ok };
        running = undefined;
        return ok;
      });
    return running;
  };
  /** True when `req` was a health request (answered). */
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== HEALTH_PATH && path !== READY_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      answer(res, 405, { status: "method not allowed" }, { Allow: "GET, HEAD" });
      return true;
    }
    if (path === HEALTH_PATH) {
      answer(res, 200, { status: "ok" });
      return true;
    }
    if (opts.draining()) {
      answer(res, 503, { status: "draining" });
      return true;
    }
    void ready().then((ok) => answer(res, ok ? 200 : 503, { status: ok ? "ready" : "unavailable" }));
    return true;
  };
}

function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "Content-Type": "application/json", "Cache-Control": "no-store", "Content-Length": String(Buffer.byteLength(text)) });
  res.end(res.req.method === "HEAD" ? undefined : text);
}

function withTimeout(p: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`a readiness check gave no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The vendor is reachable: a TCP connection to its origin opens. Deliberately not an API request: probes every
 * few seconds from every replica would spend the account's rate budget, and credentials are checked by
 * `fsm-mcp doctor`, not by a probe.
 */
export function tcpReachable(origin: string): ReadinessCheck {
  const url = new URL(origin);
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setTimeout(CHECK_TIMEOUT_MS);
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("timeout", () => {
        socket.destroy();
        reject(new Error(`the vendor (${url.host}) did not accept a connection within ${CHECK_TIMEOUT_MS / 1000} s`));
      });
      socket.once("error", (error: NodeJS.ErrnoException) => reject(new Error(`the vendor (${url.host}) is unreachable: ${error.code ?? error.message}`)));
    });
}

/** Team mode: the shared state (Redis) answers; the state layer knows from its client's connection events. */
export function sharedStateCheck(reachable: () => boolean): ReadinessCheck {
  return async () => {
    if (!reachable()) throw new Error("shared state (FSM_REDIS_URL) is unreachable");
  };
}
