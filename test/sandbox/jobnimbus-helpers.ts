/** Raw HTTP against a started JobNimbus sandbox (global fetch, i.e. undici). */
import { DEMO_KEYS, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";

export const SUMMIT_KEY = keyOf("summit");
export const BRIGHTSIDE_KEY = keyOf("brightside");
export const READ_KEY = keyOf("summit-read-only");

function keyOf(label: string): string {
  const demo = DEMO_KEYS.find((k) => k.label === label);
  if (!demo) throw new Error(`no demo key ${label}`);
  return demo.key;
}

export interface ApiResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON (undefined when the body is not JSON). */
  body: any;
}

export interface CallOptions {
  /** null: send no Authorization header. Default: the Summit key. */
  key?: string | null;
  /** Authorization scheme (default Bearer). */
  scheme?: string;
  body?: unknown;
  raw?: string;
  query?: Record<string, string | number | object>;
}

/** `path` is relative to /api1; object query values (filters) are sent as JSON. */
export async function api(sandbox: JobNimbusSandbox, method: string, path: string, options: CallOptions = {}): Promise<ApiResult> {
  const url = new URL(`${sandbox.apiBase}${path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? SUMMIT_KEY : options.key;
  if (key !== null) headers.Authorization = `${options.scheme ?? "Bearer"} ${key}`;
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}
