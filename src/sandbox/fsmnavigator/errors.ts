/**
 * FSM Navigator's error envelope: {success:false, error:<code>, message, request_id, …extra}. Codes and
 * their statuses come from ERROR_CODES in facts.ts.
 */
import { ERROR_CODES, type ErrorCode } from "../../vendors/fsmnavigator/facts.js";
import type { FieldErrors } from "../common/validate.js";

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra envelope fields: details, required_scope, current_status, retry_after, … */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_CODES[code];
  }
}

export function errorBody(code: ErrorCode, message: string, requestId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { success: false, error: code, message, ...extra, request_id: requestId };
}

/** 400 validation_failed with the field → messages map. [I] The docs show no validation body; `details` is the sandbox's. */
export function validationError(errors: FieldErrors): ApiError {
  return new ApiError("validation_failed", errors.summary(), { details: errors.toRecord() });
}

/** 404 not_found: "Job 999999 not found". */
export function notFound(subject: string, id: number | string): ApiError {
  return new ApiError("not_found", `${subject} ${id} not found`);
}

/** The code a bare status stands for (faults answer statuses the handlers never chose). */
export function codeForStatus(status: number): ErrorCode {
  const known = (Object.entries(ERROR_CODES) as Array<[ErrorCode, number]>).find(([, codeStatus]) => codeStatus === status);
  if (known) return known[0];
  return status >= 500 ? "internal_error" : "validation_failed";
}

export const RATE_LIMIT_MESSAGE = "Too many requests. Please try again later.";

export function messageForStatus(status: number): string {
  if (status === 429) return RATE_LIMIT_MESSAGE;
  if (status >= 500) return "An unexpected error occurred. Please retry later.";
  return `Request failed with status ${status}`;
}
