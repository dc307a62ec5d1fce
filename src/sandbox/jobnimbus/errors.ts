/**
 * JobNimbus error answers. The one documented body is `{"status":401,"body":"Authentication required"}`
 * [C3]; the docs only say other failures "include an error message" [C]. The sandbox uses that shape for
 * the API's own refusals, and two others clients are known to read [C3], where a layer in front of the API
 * plausibly answers [I]: `{"message": …}` for rate limiting and `{"error": …}` for server failures. A
 * client must therefore read all three (normalize.ts jobNimbusDialect).
 */
import type { SandboxResponse } from "../common/http.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const AUTH_REQUIRED = "Authentication required";
export const RATE_LIMITED = "Too Many Requests";
export const SERVER_ERROR = "Internal Server Error";

/** The API's own refusal: `{status, body}`. */
export function apiErrorResponse(error: ApiError): SandboxResponse {
  return { status: error.status, headers: error.headers, json: { status: error.status, body: error.message } };
}

/** A bare status in the shape the vendor (or what stands in front of it) would use. */
export function statusResponse(status: number, retryAfterSec?: number): SandboxResponse {
  if (status === 429) {
    // A test may ask for Retry-After: 0 to keep retries instant; the real limiter always says ≥ 1.
    return { status, headers: { "Retry-After": String(Math.max(0, Math.ceil(retryAfterSec ?? 1))) }, json: { message: RATE_LIMITED } };
  }
  if (status >= 500) return { status, json: { error: SERVER_ERROR } };
  if (status === 401) return { status, json: { status, body: AUTH_REQUIRED } };
  return { status, json: { status, body: `Request failed with status ${status}` } };
}

export const notFound = (what: string, jnid: string) => new ApiError(404, `${what} ${jnid} not found`);
export const badRequest = (message: string) => new ApiError(400, message);
