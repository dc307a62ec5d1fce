/**
 * node:http plumbing shared by the vendor sandboxes: a request/response value pair that handlers work with
 * (so fault injection can hold a response back, truncate it or drop it), JSON body reading with a size limit,
 * a tiny path matcher, and a loopback server whose close() does not wait for keep-alive sockets.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/** Past this many bytes an oversized body is no longer drained but the connection is dropped. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/** A request as a sandbox handler sees it. */
export interface SandboxRequest {
  readonly method: string;
  readonly url: URL;
  /** pathname + search, as the client sent it; what fault specs and logs match against. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  /** Parse the body as JSON (undefined when empty). Throws BodyError. Reads the stream once; later calls reuse the result. */
  json(): Promise<unknown>;
  /** Aborted when the server closes, so delays and long handlers end with it. */
  readonly signal: AbortSignal;
}

/** A response as a value: written by writeResponse(), or held back / altered by fault injection. */
export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `text` is set. */
  json?: unknown;
  /** A raw body (HTML error pages, truncated JSON). */
  text?: string;
  contentType?: string;
}

export type SandboxHandler = (req: SandboxRequest) => Promise<SandboxResponse>;

/** The body could not be read as JSON; `kind` lets each vendor word it in its own envelope. */
export class BodyError extends Error {
  constructor(
    readonly kind: "too_large" | "malformed_json",
    message: string,
    readonly status: 413 | 400,
  ) {
    super(message);
    this.name = "BodyError";
  }
}

/** Read and parse a JSON body, refusing more than `limitBytes` (413) and malformed JSON (400). */
export async function readJsonBody(req: IncomingMessage, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      // Keep draining (discarding) so the client can read our 413 instead of seeing a broken pipe.
      tooLarge = true;
      if (size > DRAIN_LIMIT_BYTES) {
        req.socket.destroy();
        break;
      }
      continue;
    }
    chunks.push(chunk);
  }
  if (tooLarge) {
    throw new BodyError("too_large", `Request body exceeds the ${formatBytes(limitBytes)} limit`, 413);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BodyError("malformed_json", `Request body is not valid JSON: ${detail}`, 400);
  }
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** Write a JSON body with a status and headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  writeResponse(res, { status, json: body, headers });
}

/** Write a SandboxResponse. A response whose socket is already gone (server closing) is dropped quietly. */
export function writeResponse(res: ServerResponse, response: SandboxResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const payload = response.text ?? (response.json === undefined ? "" : JSON.stringify(response.json));
  const contentType =
    response.contentType ?? (response.text !== undefined ? "text/plain; charset=utf-8" : "application/json; charset=utf-8");
  res.writeHead(response.status, {
    ...response.headers,
    "Content-Type": contentType,
    "Content-Length": String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

/** Serialise a response body as the client would receive it. */
export function responseText(response: SandboxResponse): string {
  return response.text ?? (response.json === undefined ? "" : JSON.stringify(response.json));
}

/**
 * A path pattern such as "/customers/:id/locations/:location_id". match() returns the named segments
 * (still strings: the handler validates them) or undefined.
 */
export class PathPattern {
  private readonly segments: readonly string[];

  constructor(readonly pattern: string) {
    this.segments = splitPath(pattern);
  }

  match(pathname: string): Record<string, string> | undefined {
    const parts = splitPath(pathname);
    if (parts.length !== this.segments.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const expected = this.segments[i] as string;
      const actual = parts[i] as string;
      if (expected.startsWith(":")) params[expected.slice(1)] = safeDecode(actual);
      else if (expected !== actual) return undefined;
    }
    return params;
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((part) => part !== "");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface RunningServer {
  /** Origin, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  /** Stop listening, abort in-flight work and destroy every socket (keep-alive included). */
  close(): Promise<void>;
}

export interface StartServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where unexpected handler failures go; the client then gets a bare 500. */
  onError?: (error: unknown) => void;
  bodyLimitBytes?: number;
}

/** Serve `handler` on 127.0.0.1 (never beyond loopback: the sandbox has fixed, public demo keys). */
export async function startHttpServer(
  handler: (req: SandboxRequest, raw: { req: IncomingMessage; res: ServerResponse }) => Promise<void>,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const lifetime = new AbortController();
  const sockets = new Set<Socket>();
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;

  const server = createServer((req, res) => {
    const request = toSandboxRequest(req, lifetime.signal, bodyLimit);
    handler(request, { req, res }).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) writeResponse(res, { status: 500, json: { success: false, error: "internal_error" } });
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // Client-side garbage (bad request lines) must not crash the process. A request head past Node's limit
  // (16 KB: a very long URL) gets the 431 a real web server sends (or 414), not a silent reset that a
  // client would take for a network fault and retry.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code === "HPE_HEADER_OVERFLOW" && socket.writable) {
      socket.end("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        lifetime.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function toSandboxRequest(req: IncomingMessage, signal: AbortSignal, bodyLimit: number): SandboxRequest {
  const url = parseTarget(req.url ?? "/");
  let body: Promise<unknown> | undefined;
  return {
    method: (req.method ?? "GET").toUpperCase(),
    url,
    target: url.pathname + url.search,
    headers: req.headers,
    signal,
    json() {
      body ??= readJsonBody(req, bodyLimit);
      return body;
    },
  };
}

/** Parse a request target. Prefixing the origin (rather than resolving against it) keeps "//x" a path, not a host. */
function parseTarget(target: string): URL {
  try {
    return new URL(target.startsWith("/") ? `http://127.0.0.1${target}` : target);
  } catch {
    return new URL("http://127.0.0.1/");
  }
}
