/**
 * The list grammar of seed §4 as the sandbox enforces it: `filter` (the twelve operators, `,` for AND,
 * backslash escapes), `orderBy` (`name`, `priority DESC`, `region,name DESC`) and the required `page` and
 * `pageSize`. A malformed expression answers 400 problem details naming the parameter.
 *
 * [I] Behaviour the seed leaves open, chosen as a Gridify API on SQL Server would behave: field names are
 * case-insensitive; text comparisons are case-insensitive (the usual collation); `field==` with no value
 * matches null or empty; a trailing unescaped `/i` is accepted (Gridify's case-insensitive flag, a no-op
 * here). OR (`|`) and parentheses are refused: the seed does not document them.
 */
import { FILTER_OPERATORS, type FieldType, type FilterOperator } from "../../vendors/trackplanfm/facts.js";
import { invalid, Problem } from "./problems.js";

export interface Condition {
  field: string;
  type: FieldType;
  op: FilterOperator;
  /** Converted value; null for "null or empty" (`field==`). */
  value: string | number | boolean | null;
}

export interface SortTerm {
  field: string;
  type: FieldType;
  desc: boolean;
}

/** Operators longest first, so `>=` is not read as `>` followed by "=value". */
const OPERATORS = [...FILTER_OPERATORS].sort((a, b) => b.op.length - a.op.length);
const TEXT_OPERATORS = new Set<string>(FILTER_OPERATORS.filter((o) => o.text).map((o) => o.op));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Split on an unescaped separator; escapes are kept (unescaped later, per value). */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\\" && i + 1 < text.length) {
      current += ch + text[i + 1]!;
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Remove escapes; refuse unescaped OR and parentheses; drop a trailing unescaped `/i`. */
function unescapeValue(raw: string, expression: string): string {
  let out = "";
  let trimmed = raw;
  if (/(^|[^\\])\/i$/.test(trimmed)) trimmed = trimmed.slice(0, -2);
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i]!;
    if (ch === "\\") {
      if (i + 1 >= trimmed.length) throw invalid("filter", `"${expression}" ends with a lone backslash`);
      out += trimmed[i + 1]!;
      i++;
      continue;
    }
    if (ch === "|" || ch === "(" || ch === ")") {
      throw invalid("filter", `"${expression}": '${ch}' is not supported (join expressions with , for AND; escape a literal ${ch} as \\${ch})`);
    }
    out += ch;
  }
  return out;
}

function convert(field: string, type: FieldType, text: string, expression: string): string | number | boolean {
  const bad = (what: string) => invalid("filter", `"${expression}": '${text}' is not a valid ${what} for ${field}`);
  switch (type) {
    case "int":
      if (!/^-?\d+$/.test(text)) throw bad("integer");
      return Number(text);
    case "number": {
      const n = Number(text);
      if (text === "" || !Number.isFinite(n)) throw bad("number");
      return n;
    }
    case "bool":
      if (!/^(true|false)$/i.test(text)) throw bad("boolean (true or false)");
      return text.toLowerCase() === "true";
    case "date":
      if (Number.isNaN(Date.parse(text))) throw bad("date");
      return text;
    case "guid":
      if (!GUID.test(text)) throw bad("GUID");
      return text.toLowerCase();
    case "string":
      return text;
  }
}

/** Resolve a field name case-insensitively against a resource's fields. */
function resolveField(fields: Readonly<Record<string, FieldType>>, name: string, param: "filter" | "orderBy"): [string, FieldType] {
  const found = Object.keys(fields).find((f) => f.toLowerCase() === name.toLowerCase());
  if (!found) throw invalid(param, `Unknown field "${name}". Fields: ${Object.keys(fields).join(", ")}`);
  return [found, fields[found]!];
}

export function parseFilter(text: string | null, fields: Readonly<Record<string, FieldType>>): Condition[] {
  if (text === null || text.trim() === "") return [];
  return splitUnescaped(text, ",").map((part) => {
    const expression = part.trim();
    if (expression === "") throw invalid("filter", `empty expression in "${text}" (a stray comma?)`);
    const ident = IDENT.exec(expression);
    if (!ident) throw invalid("filter", `"${expression}" does not start with a field name`);
    const rest = expression.slice(ident[0].length).trimStart();
    const operator = OPERATORS.find((o) => rest.startsWith(o.op));
    if (!operator) throw invalid("filter", `"${expression}" has no operator; use one of ${FILTER_OPERATORS.map((o) => o.op).join(" ")}`);
    const [field, type] = resolveField(fields, ident[0], "filter");
    const rawValue = unescapeValue(rest.slice(operator.op.length).trim(), expression);
    if (TEXT_OPERATORS.has(operator.op) && type !== "string") {
      throw invalid("filter", `"${expression}": ${operator.op} compares text, and ${field} is not a text field`);
    }
    if (rawValue === "") {
      if (operator.op === "==" || operator.op === "!=") return { field, type, op: operator.op, value: null };
      throw invalid("filter", `"${expression}" has no value`);
    }
    return { field, type, op: operator.op, value: convert(field, type, rawValue, expression) };
  });
}

export function parseOrderBy(text: string | null, fields: Readonly<Record<string, FieldType>>): SortTerm[] {
  if (text === null || text.trim() === "") return [];
  return text.split(",").map((part) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) throw invalid("orderBy", `"${part.trim()}" is not "field", "field ASC" or "field DESC"`);
    const [field, type] = resolveField(fields, m[1]!, "orderBy");
    return { field, type, desc: (m[2] ?? "").toLowerCase() === "desc" };
  });
}

type Comparable = string | number | boolean;

function comparable(type: FieldType, v: unknown): Comparable | null {
  if (v === null || v === undefined || v === "") return null;
  if (type === "date") return Date.parse(String(v));
  if (type === "int" || type === "number") return Number(v);
  if (type === "bool") return Boolean(v);
  return String(v).toLowerCase();
}

function compare(a: Comparable, b: Comparable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function matches(record: Record<string, unknown>, c: Condition): boolean {
  const actual = comparable(c.type, record[c.field]);
  if (c.value === null) return c.op === "==" ? actual === null : actual !== null;
  const wanted = comparable(c.type, c.value)!;
  if (c.op === "!=") return actual === null || compare(actual, wanted) !== 0;
  if (actual === null) return c.op.startsWith("!");
  const a = String(actual);
  const w = String(wanted);
  switch (c.op) {
    case "==":
      return compare(actual, wanted) === 0;
    case "<":
      return compare(actual, wanted) < 0;
    case ">":
      return compare(actual, wanted) > 0;
    case "<=":
      return compare(actual, wanted) <= 0;
    case ">=":
      return compare(actual, wanted) >= 0;
    case "=*":
      return a.includes(w);
    case "!*":
      return !a.includes(w);
    case "^":
      return a.startsWith(w);
    case "!^":
      return !a.startsWith(w);
    case "$":
      return a.endsWith(w);
    case "!$":
      return !a.endsWith(w);
  }
}

/** Stable sort; nulls first in ascending order (as SQL Server sorts them), last in descending. */
export function sortRecords<T extends Record<string, unknown>>(records: T[], terms: SortTerm[]): T[] {
  if (!terms.length) return records;
  return records
    .map((record, index) => ({ record, index }))
    .sort((x, y) => {
      for (const t of terms) {
        const a = comparable(t.type, x.record[t.field]);
        const b = comparable(t.type, y.record[t.field]);
        const order = a === null && b === null ? 0 : a === null ? -1 : b === null ? 1 : compare(a, b);
        if (order !== 0) return t.desc ? -order : order;
      }
      return x.index - y.index;
    })
    .map((x) => x.record);
}

export interface Paging {
  page: number;
  pageSize: number;
}

/** `page` and `pageSize` are required (seed §2); page counts from 1 [I]. */
export function parsePaging(query: URLSearchParams, maxPageSize: number): Paging {
  const errors: Record<string, string[]> = {};
  const read = (name: "page" | "pageSize", max: number): number => {
    const raw = query.get(name);
    if (raw === null || raw.trim() === "") {
      errors[name] = [`The ${name} field is required.`];
      return 0;
    }
    if (!/^\d+$/.test(raw.trim())) {
      errors[name] = [`The value '${raw}' is not valid for ${name}.`];
      return 0;
    }
    const n = Number(raw);
    if (n < 1 || n > max) errors[name] = [`${name} must be between 1 and ${max}.`];
    return n;
  };
  const page = read("page", 1_000_000);
  const pageSize = read("pageSize", maxPageSize);
  if (Object.keys(errors).length) throw new Problem(400, undefined, errors);
  return { page, pageSize };
}

/** Filter, order and page a collection into the `{count, data}` answer. */
export function listAnswer<T extends Record<string, unknown>>(
  records: Iterable<T>,
  query: URLSearchParams,
  fields: Readonly<Record<string, FieldType>>,
  maxPageSize: number,
  defaultOrder: SortTerm[] = [],
): { count: number; data: T[] } {
  const paging = parsePaging(query, maxPageSize);
  const conditions = parseFilter(query.get("filter"), fields);
  const order = parseOrderBy(query.get("orderBy"), fields);
  const filtered = [...records].filter((r) => conditions.every((c) => matches(r, c)));
  const sorted = sortRecords(filtered, order.length ? order : defaultOrder);
  const start = (paging.page - 1) * paging.pageSize;
  return { count: filtered.length, data: sorted.slice(start, start + paging.pageSize).map((r) => structuredClone(r)) };
}
