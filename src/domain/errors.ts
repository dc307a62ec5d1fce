/**
 * Errors a tool handler throws. One formatter (src/tools/format-error.ts) turns each into an `isError`
 * result that says what happened, why, and the next step. Messages here are written for a model and must
 * never carry secrets or raw vendor free text.
 */
import type { Id } from "./types.js";

export abstract class ToolError extends Error {
  /** Short machine kind, shown first in the error text. */
  abstract readonly kind: string;
  /** Next steps for the assistant, one per line. */
  readonly hints: string[] = [];
  /** Machine-readable facts (allowed statuses, current record…) shown as a compact block. */
  readonly facts: Record<string, unknown> = {};
}

/** Arguments the tool refuses before any vendor call. */
export class InvalidArgumentError extends ToolError {
  readonly kind = "invalid_argument";
  constructor(
    readonly field: string,
    message: string,
    allowed?: readonly unknown[],
  ) {
    super(`${field}: ${message}`);
    if (allowed) this.facts.allowed = allowed;
  }
}

export class NotFoundError extends ToolError {
  readonly kind = "not_found";
  constructor(
    readonly entity: string,
    readonly id: Id,
    finder: string,
  ) {
    super(`No ${entity} with id ${JSON.stringify(id)} exists.`);
    this.hints.push(`Find a valid ${entity} id with ${finder}.`);
  }
}

/** A status change the machine forbids, refused before calling the vendor. */
export class TransitionRefusedError extends ToolError {
  readonly kind = "invalid_status_transition";
  constructor(subject: string, id: Id, from: string, to: string, allowed: readonly string[]) {
    super(
      allowed.length
        ? `Cannot move ${subject} ${id} from ${from} to ${to}.`
        : `Cannot move ${subject} ${id} from ${from} to ${to}: ${from} is terminal, no further status changes are possible.`,
    );
    this.facts.current_status = from;
    this.facts.allowed_next_statuses = allowed;
    if (allowed.length) this.hints.push(`Allowed from ${from}: ${allowed.join(", ")}. Move through one of those first if ${to} is the goal.`);
  }
}

/** Compare-and-set mismatch: the record moved since the caller read it. */
export class StaleRecordError extends ToolError {
  readonly kind = "stale_record";
  constructor(subject: string, id: Id, what: string, current: Record<string, unknown>) {
    super(`${subject} ${id} has changed since you read it: ${what}. Nothing was sent.`);
    Object.assign(this.facts, current);
    this.hints.push(`Re-read it, decide again with the current values, and retry with the new expected values.`);
  }
}

/** A write whose outcome cannot be known (ambiguous failure and no record found on lookup). */
export class UncertainOutcomeError extends ToolError {
  readonly kind = "uncertain";
  constructor(message: string, lookup: { tool: string; arguments: Record<string, unknown> }, requestId?: string) {
    super(message);
    this.facts.outcome = "uncertain";
    this.facts.lookup = lookup;
    if (requestId) this.facts.request_id = requestId;
    this.hints.push(`Run ${lookup.tool} with ${JSON.stringify(lookup.arguments)} to see whether the record exists before trying again.`);
  }
}

/** The same idempotency key reused with different arguments. */
export class IdempotencyConflictError extends ToolError {
  readonly kind = "idempotency_conflict";
  constructor(key: string, previous: Record<string, unknown>) {
    super(`idempotency_key "${key}" was already used with different arguments; nothing was sent.`);
    Object.assign(this.facts, previous);
    this.hints.push("Use a new idempotency_key for a different request, or repeat the original arguments exactly.");
  }
}

/** The user declined or cancelled a confirmation. */
export class NotConfirmedError extends ToolError {
  readonly kind = "not_confirmed";
  constructor(action: "declined" | "cancelled", summary: string) {
    super(`The user ${action} the change (${summary}); nothing was sent.`);
    this.facts.outcome = action;
  }
}

/** The connection lacks something the tool needs (scope, capability, read-only mode). */
export class NotAllowedError extends ToolError {
  readonly kind = "not_allowed";
  constructor(message: string, hint?: string) {
    super(message);
    if (hint) this.hints.push(hint);
  }
}

/** The vendor's record lacks what the request must carry (e.g. the numeric id a body repeats); nothing was sent. */
export class IncompleteRecordError extends ToolError {
  readonly kind = "incomplete_record";
  constructor(message: string, hint: string) {
    super(message);
    this.hints.push(hint);
  }
}
