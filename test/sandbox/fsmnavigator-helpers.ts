/** Raw HTTP against a started FSM Navigator sandbox (global fetch, i.e. undici). */
import { DEMO_KEYS } from "../../src/sandbox/fsmnavigator/index.js";
import type { FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";

export const FULL_KEY = keyOf("full-access");
export const READ_ONLY_KEY = keyOf("read-only");
export const DISPATCHER_KEY = keyOf("dispatcher");
export const ASSET_KEY = keyOf("asset-manager");

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
  /** null: send no key. Default: the full-access demo key. */
  key?: string | null;
  body?: unknown;
  /** Raw body text (overrides body). */
  raw?: string;
}

/** `path` is relative to /api/v1 unless it starts with "http" or "/openapi". */
export async function call(sandbox: FsmNavigatorSandbox, method: string, path: string, options: CallOptions = {}): Promise<ApiResult> {
  const url = path.startsWith("http") ? path : path.startsWith("/openapi") ? `${sandbox.url}${path}` : `${sandbox.apiBase}${path}`;
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? FULL_KEY : options.key;
  if (key !== null) headers["X-API-Key"] = key;
  let payload: string | undefined;
  if (options.raw !== undefined) payload = options.raw;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
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

/** A fresh job at a seeded location (Pending). */
export async function createJob(sandbox: FsmNavigatorSandbox, extra: Record<string, unknown> = {}): Promise<number> {
  const locationId = [...sandbox.store.locations.keys()][0];
  const result = await call(sandbox, "POST", "/jobs", { body: { job_title: "Test job", customer_location_id: locationId, ...extra } });
  if (result.status !== 201) throw new Error(`create job failed: ${result.text}`);
  return result.body.data.job_id as number;
}

/** A fresh asset (Active unless `status` is Pending Install). */
export async function createAsset(sandbox: FsmNavigatorSandbox, extra: Record<string, unknown> = {}): Promise<number> {
  const result = await call(sandbox, "POST", "/assets", { body: { asset_name: "Test asset", asset_type_id: 5, ...extra } });
  if (result.status !== 201) throw new Error(`create asset failed: ${result.text}`);
  return result.body.data.asset_id as number;
}
