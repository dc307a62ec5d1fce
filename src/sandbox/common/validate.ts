/**
 * Declarative field rules for request bodies and query strings. One spec drives both the sandbox's
 * validation (messages that name the field and the rule) and the OpenAPI document (JSON Schema), so what
 * the document promises is exactly what the simulator enforces. Vendor-agnostic: each vendor turns
 * FieldErrors into its own error envelope.
 */

interface FieldBase {
  description?: string;
  required?: boolean;
  /** JSON null is accepted (and means "clear this field"). */
  nullable?: boolean;
  /** Documented default, for the OpenAPI document. */
  default?: unknown;
  example?: unknown;
}

export type FieldSpec =
  /** Blank strings are refused unless `allowEmpty` (free-text fields a client may clear). */
  | (FieldBase & { type: "string"; maxLength?: number; pattern?: RegExp; patternHint?: string; allowEmpty?: boolean })
  | (FieldBase & { type: "integer"; min?: number; max?: number })
  | (FieldBase & { type: "number"; min?: number })
  | (FieldBase & { type: "boolean" })
  | (FieldBase & { type: "enum"; values: readonly string[] })
  /** YYYY-MM-DD, a real calendar day. */
  | (FieldBase & { type: "date" })
  /** ISO 8601 date-time with a zone; `allowDateOnly` also takes YYYY-MM-DD (filters). */
  | (FieldBase & { type: "datetime"; allowDateOnly?: boolean })
  | (FieldBase & { type: "email" })
  /** E.164: + then 7 to 15 digits. */
  | (FieldBase & { type: "phone" })
  | (FieldBase & { type: "integer_array" })
  /** Present → refused with `reason` (e.g. server-generated fields). */
  | (FieldBase & { type: "forbidden"; reason: string });

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

type FieldValue<F> = F extends { type: "enum"; values: readonly (infer V)[] }
  ? V
  : F extends { type: "integer" | "number" }
    ? number
    : F extends { type: "boolean" }
      ? boolean
      : F extends { type: "integer_array" }
        ? number[]
        : F extends { type: "forbidden" }
          ? never
          : string;
type MaybeNull<F, V> = F extends { nullable: true } ? V | null : V;
type RequiredKeys<S> = { [K in keyof S]: S[K] extends { required: true } ? K : never }[keyof S];

/** The validated values of a spec: required fields present, the rest optional; only keys that were sent. */
export type ValuesOf<S extends FieldSpecs> = { -readonly [K in RequiredKeys<S>]: MaybeNull<S[K], FieldValue<S[K]>> } & {
  -readonly [K in Exclude<keyof S, RequiredKeys<S>>]?: MaybeNull<S[K], FieldValue<S[K]>>;
};

/** Field → messages, in the order found. */
export class FieldErrors {
  private readonly byField = new Map<string, string[]>();

  add(field: string, message: string): void {
    const list = this.byField.get(field) ?? [];
    list.push(message);
    this.byField.set(field, list);
  }

  get size(): number {
    return this.byField.size;
  }

  has(field: string): boolean {
    return this.byField.has(field);
  }

  toRecord(): Record<string, string[]> {
    return Object.fromEntries(this.byField);
  }

  messages(): string[] {
    return [...this.byField.values()].flat();
  }

  /** "Validation failed: job_title is required; job_priority must be one of: …" */
  summary(prefix = "Validation failed"): string {
    return `${prefix}: ${this.messages().join("; ")}`;
  }
}

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[A-Za-z]{2,}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Validate a JSON body (already known to be an object) against a spec. */
export function validateBody<S extends FieldSpecs>(
  specs: S,
  body: Record<string, unknown>,
  errors = new FieldErrors(),
): { values: ValuesOf<S>; errors: FieldErrors } {
  const values: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(specs)) {
    const present = Object.prototype.hasOwnProperty.call(body, field) && body[field] !== undefined;
    if (!present) {
      if (spec.required) errors.add(field, `${field} is required`);
      continue;
    }
    const checked = checkValue(field, spec, body[field], errors);
    if (checked.ok) values[field] = checked.value;
  }
  return { values: values as ValuesOf<S>, errors };
}

/** Validate query parameters: strings converted to the spec's type first ("5" → 5). */
export function validateQuery<S extends FieldSpecs>(
  specs: S,
  query: URLSearchParams,
  errors = new FieldErrors(),
): { values: ValuesOf<S>; errors: FieldErrors } {
  const values: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(specs)) {
    const raw = query.get(field);
    if (raw === null) {
      if (spec.required) errors.add(field, `query parameter ${field} is required`);
      continue;
    }
    const converted = fromQueryString(field, spec, raw, errors);
    if (!converted.ok) continue;
    const checked = checkValue(field, spec, converted.value, errors);
    if (checked.ok) values[field] = checked.value;
  }
  return { values: values as ValuesOf<S>, errors };
}

type Checked = { ok: true; value: unknown } | { ok: false };
const FAIL: Checked = { ok: false };

function fromQueryString(field: string, spec: FieldSpec, raw: string, errors: FieldErrors): Checked {
  switch (spec.type) {
    case "integer":
      if (!/^-?\d+$/.test(raw.trim())) {
        errors.add(field, `${field} must be an integer`);
        return FAIL;
      }
      return { ok: true, value: Number(raw) };
    case "number": {
      const value = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(value)) {
        errors.add(field, `${field} must be a number`);
        return FAIL;
      }
      return { ok: true, value };
    }
    case "boolean":
      if (raw === "true" || raw === "1") return { ok: true, value: true };
      if (raw === "false" || raw === "0") return { ok: true, value: false };
      errors.add(field, `${field} must be true or false`);
      return FAIL;
    default:
      return { ok: true, value: raw };
  }
}

function checkValue(field: string, spec: FieldSpec, value: unknown, errors: FieldErrors): Checked {
  if (spec.type === "forbidden") {
    errors.add(field, spec.reason);
    return FAIL;
  }
  if (value === null) {
    if (spec.nullable) return { ok: true, value: null };
    errors.add(field, `${field} must not be null`);
    return FAIL;
  }
  const fail = (rule: string): Checked => {
    errors.add(field, `${field} ${rule}`);
    return FAIL;
  };
  switch (spec.type) {
    case "string": {
      if (typeof value !== "string") return fail("must be a string");
      if (!spec.allowEmpty && value.trim() === "") return fail("must not be empty");
      if (spec.maxLength !== undefined && value.length > spec.maxLength) return fail(`must be at most ${spec.maxLength} characters`);
      if (spec.pattern && !spec.pattern.test(value)) return fail(spec.patternHint ?? `must match ${spec.pattern.source}`);
      return { ok: true, value };
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isSafeInteger(value)) return fail("must be an integer");
      if (spec.min !== undefined && value < spec.min) return fail(`must be at least ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) return fail(`must be at most ${spec.max}`);
      return { ok: true, value };
    }
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return fail("must be a number");
      if (spec.min !== undefined && value < spec.min) return fail(`must be at least ${spec.min}`);
      return { ok: true, value };
    }
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : fail("must be true or false");
    case "enum": {
      if (typeof value === "string" && spec.values.includes(value)) return { ok: true, value };
      const near = typeof value === "string" ? spec.values.find((v) => looseKey(v) === looseKey(value)) : undefined;
      const hint = near !== undefined ? ` (did you mean "${near}"?)` : "";
      return fail(`must be one of: ${spec.values.join(", ")}${hint}`);
    }
    case "date":
      return typeof value === "string" && isCalendarDate(value) ? { ok: true, value } : fail("must be a date in YYYY-MM-DD format");
    case "datetime": {
      const ok = typeof value === "string" && (isIsoDateTime(value) || (spec.allowDateOnly === true && isCalendarDate(value)));
      if (ok) return { ok: true, value };
      return fail(
        spec.allowDateOnly
          ? "must be an ISO 8601 date or date-time, e.g. 2026-01-15 or 2026-01-15T00:00:00Z"
          : "must be an ISO 8601 date-time with a time zone, e.g. 2026-02-25T09:00:00Z",
      );
    }
    case "email":
      return typeof value === "string" && value.length <= 254 && EMAIL_PATTERN.test(value)
        ? { ok: true, value }
        : fail("must be a valid email address, e.g. name@example.com");
    case "phone":
      return typeof value === "string" && E164_PATTERN.test(value)
        ? { ok: true, value }
        : fail("must be an E.164 phone number: + and country code, digits only, e.g. +15551234567");
    case "integer_array":
      return Array.isArray(value) && value.every((item) => typeof item === "number" && Number.isSafeInteger(item))
        ? { ok: true, value: [...(value as number[])] }
        : fail("must be an array of integers");
  }
}

function looseKey(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_-]+/g, "");
}

export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  return isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function isIsoDateTime(value: string): boolean {
  const match = DATETIME_PATTERN.exec(value);
  if (!match) return false;
  const [hours, minutes] = [Number(match[4]), Number(match[5])];
  return isRealDay(Number(match[1]), Number(match[2]), Number(match[3])) && hours < 24 && minutes < 60 && !Number.isNaN(Date.parse(value));
}

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The instant a validated date or date-time filter stands for, in ms. A bare date is the start of that UTC
 * day for lower bounds and its last millisecond for upper bounds, so "created_before=2026-02-24" includes
 * the 24th.
 */
export function filterInstant(value: string, edge: "start" | "end"): number {
  if (isCalendarDate(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return edge === "start" ? start : start + 86_400_000 - 1;
  }
  return Date.parse(value);
}

/* ---------- JSON Schema (OpenAPI 3.1) ---------- */

export type JsonSchema = Record<string, unknown>;

export function fieldSchema(spec: FieldSpec): JsonSchema {
  const schema = baseSchema(spec);
  if (spec.nullable && typeof schema.type === "string") schema.type = [schema.type, "null"];
  if (spec.description !== undefined) schema.description = spec.description;
  if (spec.default !== undefined) schema.default = spec.default;
  if (spec.example !== undefined) schema.examples = [spec.example];
  return schema;
}

function baseSchema(spec: FieldSpec): JsonSchema {
  switch (spec.type) {
    case "string":
      return {
        type: "string",
        ...(spec.allowEmpty ? {} : { minLength: 1 }),
        ...(spec.maxLength !== undefined ? { maxLength: spec.maxLength } : {}),
        ...(spec.pattern ? { pattern: spec.pattern.source } : {}),
      };
    case "integer":
      return {
        type: "integer",
        ...(spec.min !== undefined ? { minimum: spec.min } : {}),
        ...(spec.max !== undefined ? { maximum: spec.max } : {}),
      };
    case "number":
      return { type: "number", ...(spec.min !== undefined ? { minimum: spec.min } : {}) };
    case "boolean":
      return { type: "boolean" };
    case "enum":
      return { type: "string", enum: [...spec.values] };
    case "date":
      return { type: "string", format: "date" };
    case "datetime":
      return spec.allowDateOnly
        ? { type: "string", anyOf: [{ format: "date" }, { format: "date-time" }] }
        : { type: "string", format: "date-time" };
    case "email":
      return { type: "string", format: "email" };
    case "phone":
      return { type: "string", pattern: E164_PATTERN.source };
    case "integer_array":
      return { type: "array", items: { type: "integer" } };
    case "forbidden":
      return { not: {}, description: spec.reason };
  }
}

/** An object schema for a request body spec. Unknown properties are ignored by the sandbox, so they are allowed. */
export function objectSchema(specs: FieldSpecs, description?: string): JsonSchema {
  const required = Object.entries(specs)
    .filter(([, spec]) => spec.required)
    .map(([name]) => name);
  return {
    type: "object",
    ...(description !== undefined ? { description } : {}),
    properties: Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, fieldSchema(spec)])),
    ...(required.length > 0 ? { required } : {}),
  };
}

/** OpenAPI query parameters for a query spec. */
export function queryParameters(specs: FieldSpecs): JsonSchema[] {
  return Object.entries(specs).map(([name, spec]) => ({
    name,
    in: "query",
    required: spec.required === true,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    schema: fieldSchema({ ...spec, description: undefined } as FieldSpec),
  }));
}
