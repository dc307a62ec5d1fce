/**
 * Rolling-window rate limiter per API key, with the X-RateLimit-* headers FSM Navigator documents
 * (public-facts §1.3) and that the other vendors' sandboxes can reuse: every response says the limit, what
 * is left and when the window frees up (Unix seconds); a refusal also says how long to wait.
 */
export interface RateLimitConfig {
  /** Requests allowed per key within any window of `windowMs`. */
  limit: number;
  windowMs: number;
  /** The limiter's clock in ms (default Date.now): tests step it explicitly instead of racing the real one. */
  now?: () => number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds at which the oldest counted request leaves the window (a slot frees up). */
  resetAt: number;
  /** Seconds to wait before retrying (≥ 1); only when refused. */
  retryAfterSec?: number;
  /** X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, and Retry-After when refused. */
  headers: Record<string, string>;
}

export class RollingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = config.now ?? Date.now,
  ) {
    if (!(Number.isInteger(config.limit) && config.limit >= 1)) throw new RangeError("rate limit must be a positive integer");
    if (!(config.windowMs > 0)) throw new RangeError("rate limit window must be positive");
  }

  /** Count one request for `key` if there is room; refused requests are not counted. */
  check(key: string): RateLimitDecision {
    const now = this.now();
    const windowStart = now - this.config.windowMs;
    const hits = (this.hits.get(key) ?? []).filter((at) => at > windowStart);
    const allowed = hits.length < this.config.limit;
    if (allowed) hits.push(now);
    this.hits.set(key, hits);

    const oldest = hits[0] ?? now;
    const freesAtMs = oldest + this.config.windowMs;
    const remaining = Math.max(0, this.config.limit - hits.length);
    const resetAt = Math.ceil(freesAtMs / 1000);
    const headers: Record<string, string> = {
      "X-RateLimit-Limit": String(this.config.limit),
      "X-RateLimit-Remaining": String(remaining),
      "X-RateLimit-Reset": String(resetAt),
    };
    if (allowed) return { allowed, limit: this.config.limit, remaining, resetAt, headers };

    const retryAfterSec = Math.max(1, Math.ceil((freesAtMs - now) / 1000));
    headers["Retry-After"] = String(retryAfterSec);
    return { allowed, limit: this.config.limit, remaining, resetAt, retryAfterSec, headers };
  }

  /** Forget every key's history. */
  reset(): void {
    this.hits.clear();
  }
}
