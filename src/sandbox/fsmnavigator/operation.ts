/**
 * The shape of one API operation in the sandbox (one per ENDPOINTS entry): its body and query rules and a
 * handler that turns validated input into a neutral Outcome. The app validates before calling; handlers
 * check what needs the store (referenced ids, transitions) and mutate it.
 */
import { allowedNext, canTransition, type StatusMachine } from "../../domain/status-machine.js";
import { PER_PAGE_DEFAULT } from "../../vendors/fsmnavigator/facts.js";
import type { SandboxClock } from "../common/clock.js";
import { FieldErrors, filterInstant, type FieldSpecs, type ValuesOf } from "../common/validate.js";
import { paginate, type Outcome, type ResourceKind } from "./envelopes.js";
import { ApiError, notFound, validationError } from "./errors.js";
import type { FsmNavigatorStore } from "./store.js";
import type { Row } from "./views.js";

export interface OperationContext<B, Q> {
  store: FsmNavigatorStore;
  clock: SandboxClock;
  body: B;
  query: Q;
  /** Identifiers from the URL ("id", "location_id"), already checked to be positive integers. */
  ids: Readonly<Record<string, number>>;
}

export interface Operation {
  readonly resource: ResourceKind;
  readonly shape: Outcome["shape"];
  /** Success status of a write: 201 for creates (documented for jobs, assets and service records). */
  readonly successStatus: 200 | 201;
  readonly body?: FieldSpecs;
  readonly query?: FieldSpecs;
  run(ctx: OperationContext<Record<string, unknown>, Record<string, unknown>>): Outcome;
}

interface OperationDefinition<B extends FieldSpecs, Q extends FieldSpecs> {
  resource: ResourceKind;
  shape: Outcome["shape"];
  successStatus?: 200 | 201;
  body?: B;
  query?: Q;
  handle(ctx: OperationContext<ValuesOf<B>, ValuesOf<Q>>): Outcome;
}

/** Define an operation; the handler sees its body and query typed from the specs. */
export function defineOperation<B extends FieldSpecs = Record<never, never>, Q extends FieldSpecs = Record<never, never>>(
  definition: OperationDefinition<B, Q>,
): Operation {
  return {
    resource: definition.resource,
    shape: definition.shape,
    successStatus: definition.successStatus ?? 200,
    ...(definition.body ? { body: definition.body } : {}),
    ...(definition.query ? { query: definition.query } : {}),
    run: (ctx) => definition.handle(ctx as unknown as OperationContext<ValuesOf<B>, ValuesOf<Q>>),
  };
}

export function idOf(ctx: { ids: Readonly<Record<string, number>> }, key = "id"): number {
  const value = ctx.ids[key];
  if (value === undefined) throw new Error(`Route has no "${key}" identifier`);
  return value;
}

/** The record, or 404 not_found "Job 999999 not found". */
export function requireRecord<T>(map: ReadonlyMap<number, T>, id: number, subject: string): T {
  const record = map.get(id);
  if (record === undefined) throw notFound(subject, id);
  return record;
}

/** Record a validation error when a referenced id does not exist. */
export function checkReference(errors: FieldErrors, field: string, id: number | null | undefined, map: ReadonlyMap<number, unknown>, subject: string): void {
  if (id === undefined || id === null) return;
  if (!map.has(id)) errors.add(field, `${field} ${id} does not exist (no ${subject} with that id)`);
}

export function throwIfInvalid(errors: FieldErrors): void {
  if (errors.size > 0) throw validationError(errors);
}

/** PUT bodies must change something. */
export function requireSomeField(body: Record<string, unknown>, specs: FieldSpecs): void {
  if (Object.keys(body).length > 0) return;
  const updatable = Object.entries(specs)
    .filter(([, spec]) => spec.type !== "forbidden")
    .map(([name]) => name);
  const errors = new FieldErrors();
  errors.add("body", `the body names no field to update; send at least one of: ${updatable.join(", ")}`);
  throw validationError(errors);
}

/**
 * 400 invalid_status_transition unless the machine allows from → to:
 * "Cannot change job 123 from Pending to Completed. Allowed from Pending: Assigned, Cancelled."
 * [I] Seed 001 promises "a descriptive error message"; the wording and the extra fields are the sandbox's.
 */
export function assertTransition<S extends string>(machine: StatusMachine<S>, id: number, from: S, to: S): void {
  if (canTransition(machine, from, to)) return;
  const allowed = allowedNext(machine, from);
  const list = allowed.length > 0 ? allowed.join(", ") : `none (${from} is terminal)`;
  throw new ApiError("invalid_status_transition", `Cannot change ${machine.subject} ${id} from ${from} to ${to}. Allowed from ${from}: ${list}.`, {
    current_status: from,
    requested_status: to,
    allowed_transitions: [...allowed],
  });
}

/** One page of `rows` (already filtered and ordered) as a list outcome. */
export function listPage<T>(resource: ResourceKind, rows: readonly T[], query: { page?: number; per_page?: number }, view: (row: T) => Row): Outcome {
  const page = paginate(rows, query.page ?? 1, query.per_page ?? PER_PAGE_DEFAULT);
  return { shape: "list", resource, items: page.items.map(view), pagination: page.pagination };
}

/**
 * A test for ISO timestamps against optional bounds, both inclusive: `from` (a lower bound such as
 * created_after or updated_since) and `to` (created_before; a bare date includes that whole day).
 */
export function withinRange(from: string | undefined, to: string | undefined): (timestamp: string) => boolean {
  const lower = from !== undefined ? filterInstant(from, "start") : -Infinity;
  const upper = to !== undefined ? filterInstant(to, "end") : Infinity;
  return (timestamp) => {
    const at = Date.parse(timestamp);
    return at >= lower && at <= upper;
  };
}

/**
 * A write's outcome: the full record (envelope A) and the named fields of it, in that order, which seeds
 * 001/002 show as `data` (envelope B).
 */
export function written(resource: ResourceKind, message: string, record: Row, summaryFields: readonly string[]): Outcome {
  const summary = Object.fromEntries(summaryFields.map((field) => [field, record[field] ?? null]));
  return { shape: "write", resource, message, record, summary };
}
