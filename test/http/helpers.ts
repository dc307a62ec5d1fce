/**
 * Test helpers: a real node:http server on 127.0.0.1 (ephemeral port) that counts what it saw, a
 * closed port for "connection refused", and a minimal FSM Navigator-like dialect.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpClient, loadHttpStack } from "../../src/http/client.js";
import type { HttpClientOptions, HttpEvent, ParsedVendorError, VendorDialect } from "../../src/http/types.js";

// HttpClient loads undici on its first request (startup work deferred, see loadHttpStack). Load it once up
// front so that tests timing a request in flight (cancellation, timeouts) time the request, not the import.
await loadHttpStack();

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export interface TestServer {
  url: string;
  origin: string;
  port: number;
  requests: SeenRequest[];
  readonly count: number;
  close(): Promise<void>;
}

export type Handler = (
  req: IncomingMessage & { body: string },
  res: ServerResponse,
  n: number,
) => void | Promise<void>;

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: Date.now() });
      const n = requests.length;
      Promise.resolve(handler(Object.assign(req, { body }), res, n)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(599).end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/api/v1`,
    origin,
    port,
    requests,
    get count() {
      return requests.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}

/** FSM Navigator's envelope: `{success:false, error, message, request_id?}`. */
export const fsmDialect: VendorDialect = {
  parseError(_status, body): ParsedVendorError {
    if (!body || typeof body !== "object") return {};
    const b = body as Record<string, unknown>;
    const { success: _s, error, message, request_id, errors, ...rest } = b;
    return {
      code: typeof error === "string" ? error : undefined,
      message: typeof message === "string" ? message : undefined,
      requestId: typeof request_id === "string" ? request_id : undefined,
      fieldErrors: errors && typeof errors === "object" ? (errors as Record<string, string[]>) : undefined,
      details: Object.keys(rest).length > 0 ? rest : undefined,
    };
  },
  failureInSuccess(body) {
    if (body && typeof body === "object" && (body as { success?: unknown }).success === false) {
      return this.parseError(200, body);
    }
    return undefined;
  },
  requestIdOf(body) {
    const id = body && typeof body === "object" ? (body as { request_id?: unknown }).request_id : undefined;
    return typeof id === "string" ? id : undefined;
  },
};

/** Fast retries for tests. */
export const FAST_RETRY = { minTimeoutMs: 10, maxTimeoutMs: 50, retries: 3, maxRetryTimeMs: 10_000 } as const;

export function makeClient(
  baseUrl: string,
  overrides: Partial<HttpClientOptions> = {},
): { client: HttpClient; events: HttpEvent[] } {
  const events: HttpEvent[] = [];
  const client = new HttpClient({
    baseUrl,
    dialect: fsmDialect,
    // Far above any answer of a local test server on a loaded machine (2 s could be reached by a starved
    // process, whose timers run before it reads the answer waiting in its socket); a test about timeouts
    // passes its own, far below its server's hold.
    timeoutMs: 15_000,
    retry: FAST_RETRY,
    rateLimit: { holdFirstRequest: false },
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  return { client, events };
}

/** Await a promise that must reject; returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
