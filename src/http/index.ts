/** Public API of the HTTP core: vendor folders import from here, never from undici. */
export type {
  AuthProvider,
  HttpClientOptions,
  HttpEvent,
  HttpMethod,
  LogLevel,
  ParsedVendorError,
  QueryValue,
  RequestOptions,
  RetryPolicy,
  VendorDialect,
  VendorRequest,
  VendorResponse,
} from "./types.js";
export { VendorError, isVendorError, type VendorErrorInit, type VendorErrorKind } from "./errors.js";
export { Redactor, REDACTED, isSecretKey } from "./redact.js";
export {
  RateLimiter,
  resetHeaderMs,
  type RateLimitState,
  type RateLimitWait,
  type RateLimitWaitReason,
  type RateLimiterOptions,
} from "./rate-limiter.js";
export {
  DEFAULT_RETRY_POLICY,
  abortableSleep,
  backoffDelayMs,
  isRetryWorthy,
  isRetryableFailure,
  isRetryableStatus,
  mayHaveTakenEffect,
  nothingWasSent,
  parseRetryAfterMs,
  planRetry,
  resolveRetryPolicy,
  runWithRetry,
  type FailureFacts,
  type RetryNotice,
  type RetryPlan,
  type RunWithRetryOptions,
} from "./retry.js";
export {
  DEFAULT_CONNECTIONS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  HttpClient,
  buildRelativePath,
  parseJsonLeniently,
  previewBody,
} from "./client.js";
export {
  collectAll,
  paginate,
  type CollectedPages,
  type FetchPage,
  type Page,
  type PageInfo,
  type PaginateOptions,
} from "./paginate.js";
