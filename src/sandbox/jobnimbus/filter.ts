/**
 * The sandbox's reading of the `filter` parameter: Elasticsearch bool-query style JSON (public-facts §3.3),
 * parsed once into a predicate over raw records. The vocabulary comes from the client's builder
 * (vendors/jobnimbus/filter.ts) so both sides speak one language; anything outside it is refused with a
 * message naming what is wrong, as the vendor refuses a malformed filter.
 *
 * Semantics [I] (Elasticsearch's, simplified to an in-memory store):
 * - must / filter: all; must_not: none; should: at least `minimum_should_match` (default 1 when the bool has
 *   no must/filter, else 0).
 * - Dotted fields walk objects and arrays ("owners.id", "primary.id"); a multi-valued field matches when
 *   any value does. `nested` evaluates its query against each element of the array at `path`.
 * - term / terms: equality; strings compare case-insensitively, numbers and numeric strings numerically.
 * - prefix: the whole value or any word of it starts with the prefix (case-insensitive).
 * - match: any word of the query is a word of the value; match_phrase: the query's words appear
 *   consecutively. Words are lower-cased runs of letters and digits ("(303) 555-0142" → 303 555 0142), digits
 *   joined by "." or "," staying one word as the standard tokenizer keeps them ("303.555.0142", "1,200").
 * - range: gt/gte/lt/lte on numbers (dates are Unix seconds), or on strings lexicographically.
 * - exists: the field has a non-empty value.
 */
import { BOOL_CLAUSES, QUERY_KINDS, RANGE_OPERATORS, type BoolClause, type QueryKind, type RangeOperator } from "../../vendors/jobnimbus/filter.js";

export type RecordLike = Record<string, unknown>;
export type Predicate = (record: RecordLike) => boolean;

export class FilterError extends Error {
  override readonly name = "FilterError";
}

export interface ParsedFilter {
  test: Predicate;
  /** Every field the filter names (so a list can tell whether the caller asked about is_active). */
  fields: ReadonlySet<string>;
}

/** Parse the raw `filter` query value. Throws FilterError with a specific reason. */
export function parseFilter(raw: string): ParsedFilter {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new FilterError(`filter is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(json)) throw new FilterError("filter must be a JSON object such as {\"must\":[{\"term\":{\"email\":\"x@y.com\"}}]}");
  const fields = new Set<string>();
  const keys = Object.keys(json);
  // The documented top level is a bool body; a single query ({"bool":…}, {"term":…}) is accepted as well [I].
  const test = keys.length === 1 && (QUERY_KINDS as readonly string[]).includes(keys[0]!) ? compileQuery(json, "filter", fields, undefined) : compileBool(json, "filter", fields, undefined);
  return { test, fields };
}

interface Scope {
  /** Path of the nested array ("related"), whose element the query sees. */
  path: string;
  element: RecordLike;
}

type Compiled = (record: RecordLike, scope?: Scope) => boolean;

function compileBool(body: Record<string, unknown>, at: string, fields: Set<string>, nestedPath: string | undefined): Compiled {
  const clauses: Partial<Record<BoolClause, Compiled[]>> = {};
  let minimumShouldMatch: number | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (key === "minimum_should_match") {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new FilterError(`${at}.minimum_should_match must be a non-negative integer`);
      minimumShouldMatch = value;
      continue;
    }
    if (!(BOOL_CLAUSES as readonly string[]).includes(key)) {
      throw new FilterError(`${at}: unknown key "${key}"; a bool filter takes ${BOOL_CLAUSES.join(", ")} and minimum_should_match`);
    }
    const list = Array.isArray(value) ? value : [value];
    clauses[key as BoolClause] = list.map((q, i) => compileQuery(q, `${at}.${key}[${i}]`, fields, nestedPath));
  }
  const must = [...(clauses.must ?? []), ...(clauses.filter ?? [])];
  const should = clauses.should ?? [];
  const mustNot = clauses.must_not ?? [];
  const needed = minimumShouldMatch ?? (should.length && !must.length ? 1 : 0);
  return (record, scope) => {
    if (!must.every((q) => q(record, scope))) return false;
    if (mustNot.some((q) => q(record, scope))) return false;
    if (needed === 0) return true;
    let hits = 0;
    for (const q of should) if (q(record, scope) && ++hits >= needed) return true;
    return false;
  };
}

function compileQuery(query: unknown, at: string, fields: Set<string>, nestedPath: string | undefined): Compiled {
  if (!isObject(query)) throw new FilterError(`${at} must be a query object such as {"term":{"field":"value"}}`);
  const keys = Object.keys(query);
  if (keys.length !== 1) throw new FilterError(`${at} must have exactly one query type, got ${keys.length ? keys.join(", ") : "none"}`);
  const kind = keys[0]!;
  if (!(QUERY_KINDS as readonly string[]).includes(kind)) throw new FilterError(`${at}: unknown query type "${kind}"; supported: ${QUERY_KINDS.join(", ")}`);
  const body = query[kind];
  const where = `${at}.${kind}`;
  switch (kind as QueryKind) {
    case "bool":
      if (!isObject(body)) throw new FilterError(`${where} must be an object`);
      return compileBool(body, where, fields, nestedPath);
    case "nested": {
      if (!isObject(body) || typeof body.path !== "string" || body.path === "" || !("query" in body)) {
        throw new FilterError(`${where} needs {"path": "<array field>", "query": {…}}`);
      }
      const path = body.path;
      const inner = compileQuery(body.query, `${where}.query`, fields, path);
      return (record) => valuesAt(record, path).some((el) => isObject(el) && inner(record, { path, element: el }));
    }
    case "exists": {
      if (!isObject(body) || typeof body.field !== "string" || body.field === "") throw new FilterError(`${where} needs {"field": "<name>"}`);
      const field = body.field;
      fields.add(field);
      return (record, scope) => resolve(record, field, scope).some((v) => v !== "" && !(Array.isArray(v) && v.length === 0));
    }
    default:
      return compileLeaf(kind as Exclude<QueryKind, "bool" | "nested" | "exists">, body, where, fields);
  }
}

function compileLeaf(kind: "term" | "terms" | "range" | "prefix" | "match" | "match_phrase", body: unknown, at: string, fields: Set<string>): Compiled {
  if (!isObject(body)) throw new FilterError(`${at} must be an object {"<field>": …}`);
  const entries = Object.entries(body);
  if (entries.length !== 1) throw new FilterError(`${at} must name exactly one field`);
  const [field, spec] = entries[0]!;
  fields.add(field);
  const test = leafTest(kind, spec, `${at}.${field}`);
  return (record, scope) => resolve(record, field, scope).some(test);
}

function leafTest(kind: "term" | "terms" | "range" | "prefix" | "match" | "match_phrase", spec: unknown, at: string): (value: unknown) => boolean {
  switch (kind) {
    case "term": {
      const wanted = scalarOf(spec, "value", at);
      return (v) => sameValue(v, wanted);
    }
    case "terms": {
      if (!Array.isArray(spec) || spec.some((x) => !isScalar(x))) throw new FilterError(`${at} must be an array of strings, numbers or booleans`);
      return (v) => spec.some((w) => sameValue(v, w));
    }
    case "prefix": {
      const wanted = stringOf(spec, "value", at).toLowerCase();
      return (v) => typeof v === "string" && (v.toLowerCase().startsWith(wanted) || words(v).some((w) => w.startsWith(wanted)));
    }
    case "match": {
      const wanted = words(stringOf(spec, "query", at));
      return (v) => (typeof v === "string" || typeof v === "number") && words(String(v)).some((w) => wanted.includes(w));
    }
    case "match_phrase": {
      const wanted = words(stringOf(spec, "query", at));
      return (v) => (typeof v === "string" || typeof v === "number") && containsRun(words(String(v)), wanted);
    }
    case "range": {
      if (!isObject(spec) || Object.keys(spec).length === 0) throw new FilterError(`${at} needs bounds such as {"gte": 1459749600}`);
      const bounds: Array<[RangeOperator, number | string]> = [];
      for (const [op, bound] of Object.entries(spec)) {
        if (!(RANGE_OPERATORS as readonly string[]).includes(op)) throw new FilterError(`${at}: unknown range operator "${op}"; use ${RANGE_OPERATORS.join(", ")}`);
        if (typeof bound !== "number" && typeof bound !== "string") throw new FilterError(`${at}.${op} must be a number or a string`);
        bounds.push([op as RangeOperator, bound]);
      }
      return (v) => bounds.every(([op, bound]) => compare(v, bound, op));
    }
  }
}

/** Values at a dotted path; inside `nested`, paths under the nested path read the current element. */
function resolve(record: RecordLike, field: string, scope: Scope | undefined): unknown[] {
  if (scope && (field === scope.path || field.startsWith(`${scope.path}.`))) {
    const rest = field.slice(scope.path.length + 1);
    return rest ? valuesAt(scope.element, rest) : [scope.element];
  }
  return valuesAt(record, field);
}

/** Leaf values at a dotted path, flattening arrays on the way (Elasticsearch's multi-valued fields). */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of path.split(".")) {
    const next: unknown[] = [];
    for (const item of current) {
      if (Array.isArray(item)) {
        for (const el of item) if (isObject(el) && part in el) next.push(el[part]);
      } else if (isObject(item) && part in item) {
        next.push(item[part]);
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== undefined && v !== null);
}

function sameValue(actual: unknown, wanted: unknown): boolean {
  if (typeof wanted === "string" && typeof actual === "string") return actual.toLowerCase() === wanted.toLowerCase();
  if (typeof wanted === "boolean" || typeof actual === "boolean") return String(actual) === String(wanted);
  const a = Number(actual);
  const w = Number(wanted);
  if (actual !== "" && wanted !== "" && Number.isFinite(a) && Number.isFinite(w)) return a === w;
  return String(actual).toLowerCase() === String(wanted).toLowerCase();
}

function compare(actual: unknown, bound: number | string, op: RangeOperator): boolean {
  let a: number | string;
  let b: number | string;
  const an = Number(actual);
  const bn = Number(bound);
  if (actual !== "" && typeof actual !== "boolean" && Number.isFinite(an) && Number.isFinite(bn)) {
    a = an;
    b = bn;
  } else if (typeof actual === "string") {
    a = actual;
    b = String(bound);
  } else {
    return false;
  }
  switch (op) {
    case "gt":
      return a > b;
    case "gte":
      return a >= b;
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
  }
}

/** Lower-cased runs of letters and digits. */
export function words(text: string): string[] {
  // As Elasticsearch's standard tokenizer (Unicode word boundaries): digits joined by "." or "," stay one word,
  // so "303.555.0142" is a single word, while "(303) 555-0142" is three.
  return text.toLowerCase().match(/\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+/gu) ?? [];
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** A leaf's value, bare or in Elasticsearch's long form ({"value": …} / {"query": …}). */
function scalarOf(spec: unknown, longKey: string, at: string): string | number | boolean {
  const v = isObject(spec) && longKey in spec ? spec[longKey] : spec;
  if (!isScalar(v)) throw new FilterError(`${at} must be a string, number or boolean`);
  return v;
}

function stringOf(spec: unknown, longKey: string, at: string): string {
  const v = isObject(spec) && longKey in spec ? spec[longKey] : spec;
  if (typeof v !== "string" || v === "") throw new FilterError(`${at} must be a non-empty string`);
  return v;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
