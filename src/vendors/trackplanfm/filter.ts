/**
 * Typed builders for TrackplanFM's list parameters (seed §4): `filter` expressions joined by `,` (AND) and
 * `orderBy` terms. Field names are checked against facts.FIELDS at compile time; values are escaped so a
 * site called "Smith, Jones (North)" is one value, not three expressions.
 */
import { FIELDS, FILTER_AND, FILTER_ESCAPED, FILTER_OPERATORS, type FieldOf, type FilterOperator, type Resource } from "./facts.js";

export type FilterValue = string | number | boolean | Date | null;

const TEXT_OPERATORS: ReadonlySet<string> = new Set(FILTER_OPERATORS.filter((o) => o.text).map((o) => o.op));
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Backslash before every character the grammar treats as syntax (`\ , | ( )` and the `/i` suffix). [I] Gridify's rule. */
export function escapeFilterValue(value: string): string {
  return value.replace(FILTER_ESCAPED, "\\$1");
}

/**
 * A value as the grammar spells it: dates as ISO 8601, booleans as true/false, null as nothing (Gridify reads
 * `field==` as "null or empty"). Strings are trimmed: the grammar allows spaces around operators, so leading
 * and trailing spaces of a value cannot be expressed.
 */
export function formatFilterValue(value: FilterValue): string {
  if (value === null) return "";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError("filter value is an invalid Date");
    return value.toISOString();
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`filter value ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  return escapeFilterValue(value.trim());
}

/** One `field<op>value` expression. */
export function filterExpression(field: string, op: FilterOperator, value: FilterValue): string {
  if (!FIELD_NAME.test(field)) throw new RangeError(`"${field}" is not a field name`);
  if (!FILTER_OPERATORS.some((o) => o.op === op)) throw new RangeError(`"${op}" is not a filter operator`);
  if (TEXT_OPERATORS.has(op) && typeof value !== "string") throw new TypeError(`operator ${op} compares text; got ${value === null ? "null" : typeof value}`);
  if (TEXT_OPERATORS.has(op) && (value as string).trim() === "") throw new RangeError(`operator ${op} needs a non-empty value`);
  return `${field}${op}${formatFilterValue(value)}`;
}

/** Expressions ANDed together; `build()` is undefined when there are none (the parameter is then left out). */
export class FilterBuilder<F extends string = string> {
  private readonly terms: string[] = [];

  where(field: F, op: FilterOperator, value: FilterValue): this {
    this.terms.push(filterExpression(field, op, value));
    return this;
  }

  /** Add the expression only when `value` is neither undefined nor "" (optional tool arguments). */
  whereDefined(field: F, op: FilterOperator, value: FilterValue | undefined): this {
    if (value === undefined || (typeof value === "string" && value.trim() === "")) return this;
    return this.where(field, op, value);
  }

  eq(field: F, value: FilterValue): this {
    return this.where(field, "==", value);
  }
  ne(field: F, value: FilterValue): this {
    return this.where(field, "!=", value);
  }
  lt(field: F, value: FilterValue): this {
    return this.where(field, "<", value);
  }
  gt(field: F, value: FilterValue): this {
    return this.where(field, ">", value);
  }
  gte(field: F, value: FilterValue): this {
    return this.where(field, ">=", value);
  }
  lte(field: F, value: FilterValue): this {
    return this.where(field, "<=", value);
  }
  contains(field: F, value: string): this {
    return this.where(field, "=*", value);
  }
  notContains(field: F, value: string): this {
    return this.where(field, "!*", value);
  }
  startsWith(field: F, value: string): this {
    return this.where(field, "^", value);
  }
  notStartsWith(field: F, value: string): this {
    return this.where(field, "!^", value);
  }
  endsWith(field: F, value: string): this {
    return this.where(field, "$", value);
  }
  notEndsWith(field: F, value: string): this {
    return this.where(field, "!$", value);
  }

  get size(): number {
    return this.terms.length;
  }

  build(): string | undefined {
    return this.terms.length ? this.terms.join(FILTER_AND) : undefined;
  }
}

/** A filter over one resource's fields (facts.FIELDS), e.g. `filterFor("jobs").eq("siteId", 4).build()`. */
export function filterFor<R extends Resource>(_resource: R): FilterBuilder<FieldOf<R>> {
  return new FilterBuilder<FieldOf<R>>();
}

export interface OrderTerm<F extends string = string> {
  field: F;
  direction?: "ASC" | "DESC";
}

/** `orderBy` text: "name", "priority DESC", "region,name DESC" (seed §4.2). ASC is the default and left out. */
export function orderBy<F extends string>(...terms: Array<F | OrderTerm<F>>): string | undefined {
  if (!terms.length) return undefined;
  return terms
    .map((t) => (typeof t === "string" ? { field: t } : t))
    .map(({ field, direction }) => {
      if (!FIELD_NAME.test(field)) throw new RangeError(`"${field}" is not a field name`);
      return direction === "DESC" ? `${field} DESC` : field;
    })
    .join(",");
}

/** orderBy over one resource's fields. */
export function orderByFor<R extends Resource>(_resource: R, ...terms: Array<FieldOf<R> | OrderTerm<FieldOf<R>>>): string | undefined {
  return orderBy(...terms);
}

/** Whether `field` is a documented-or-inferred field of `resource` (facts.FIELDS). */
export function isField<R extends Resource>(resource: R, field: string): field is FieldOf<R> {
  return Object.prototype.hasOwnProperty.call(FIELDS[resource], field);
}
