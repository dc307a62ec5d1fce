/**
 * The one error type the HTTP core throws. Vendor adapters and tool handlers branch on its fields
 * (kind, status, code, retryable, writeMayHaveHappened) instead of parsing messages; the message is a
 * finished, human sentence that is already redacted and safe to show to a user or a model.
 */
import type { HttpMethod } from "./types.js";

export type VendorErrorKind = "http" | "timeout" | "network" | "parse" | "aborted" | "read_only";

export interface VendorErrorInit {
  kind: VendorErrorKind;
  /** Final, redacted, human message. */
  message: string;
  method: HttpMethod;
  /** Redacted request path with its query string, relative to the base URL. */
  path: string;
  status?: number;
  code?: string;
  requestId?: string;
  retryable: boolean;
  writeMayHaveHappened?: boolean;
  fieldErrors?: Record<string, string[]>;
  details?: Record<string, unknown>;
  retryAfterMs?: number;
  /** Requests sent so far for this call (0 when refused before sending). */
  attempts: number;
  /** Low-level cause (undici / system error); never serialised by toJSON. */
  cause?: unknown;
}

export class VendorError extends Error {
  override readonly name = "VendorError";
  readonly kind: VendorErrorKind;
  /** HTTP status when there was a response. */
  readonly status?: number;
  /** Vendor error code, e.g. "invalid_status_transition". */
  readonly code?: string;
  readonly requestId?: string;
  /** Would a later retry plausibly succeed (429, 5xx, network, timeout). */
  readonly retryable: boolean;
  /**
   * True for a non-idempotent request after an ambiguous failure (timeout, reset, 5xx, unreadable 2xx):
   * the vendor may have applied it, so look the record up before sending it again.
   */
  readonly writeMayHaveHappened: boolean;
  readonly method: HttpMethod;
  /** Redacted path with query string. */
  readonly path: string;
  readonly fieldErrors?: Record<string, string[]>;
  readonly details?: Record<string, unknown>;
  readonly retryAfterMs?: number;
  readonly attempts: number;

  constructor(init: VendorErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.writeMayHaveHappened = init.writeMayHaveHappened ?? false;
    this.method = init.method;
    this.path = init.path;
    this.attempts = init.attempts;
    // Optional fields are only set when present, so `"status" in err` and JSON output stay honest.
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.fieldErrors !== undefined) this.fieldErrors = init.fieldErrors;
    if (init.details !== undefined) this.details = init.details;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** The init this error was built from, for deriving a copy (see `with`). */
  private toInit(): VendorErrorInit {
    return {
      kind: this.kind,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      retryable: this.retryable,
      writeMayHaveHappened: this.writeMayHaveHappened,
      fieldErrors: this.fieldErrors,
      details: this.details,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
      cause: this.cause,
    };
  }

  /** A copy with some fields changed (the fields are readonly so callers can trust them). */
  with(changes: Partial<VendorErrorInit>): VendorError {
    return new VendorError({ ...this.toInit(), ...changes });
  }

  /** Safe, serialisable summary: no stack, no cause. */
  toJSON(): Record<string, unknown> {
    const { cause: _cause, ...rest } = this.toInit();
    return Object.fromEntries(Object.entries({ name: this.name, ...rest }).filter(([, v]) => v !== undefined));
  }
}

export function isVendorError(e: unknown): e is VendorError {
  return e instanceof VendorError;
}
