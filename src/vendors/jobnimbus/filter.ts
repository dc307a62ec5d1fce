/**
 * A typed builder for JobNimbus list filters: the `filter` query parameter is URL-encoded JSON in
 * Elasticsearch bool-query style (public-facts §3.3). Seen in the docs and clients:
 *   {"must":[{"term":{"email":"x@y.com"}}]}                                   [C]/[C3]
 *   {"range":{"date_created":{"gte":1459749600,"lte":1459835940}}}            [C]
 *   {"bool":{"should":[{"prefix":{"first_name":"Jo"}}]}}                      [C3]
 *   match_phrase and minimum_should_match inside bool/should                  [C3]
 *   {"nested":{"path":"related","query":{"term":{"related.id":"<jnid>"}}}}    [C3]
 * [I] must_not, terms, match and exists are standard Elasticsearch and assumed accepted.
 *
 * The grammar's vocabulary (QUERY_KINDS, BOOL_CLAUSES, RANGE_OPERATORS) is shared with the sandbox, which
 * evaluates exactly this language and refuses anything else.
 */

export type Scalar = string | number | boolean;

export const RANGE_OPERATORS = ["gt", "gte", "lt", "lte"] as const;
export type RangeOperator = (typeof RANGE_OPERATORS)[number];
export type RangeBounds = Partial<Record<RangeOperator, number | string>>;

export const BOOL_CLAUSES = ["must", "filter", "should", "must_not"] as const;
export type BoolClause = (typeof BOOL_CLAUSES)[number];

export const QUERY_KINDS = ["term", "terms", "range", "prefix", "match", "match_phrase", "exists", "nested", "bool"] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export type Query =
  | { term: Record<string, Scalar> }
  | { terms: Record<string, readonly Scalar[]> }
  | { range: Record<string, RangeBounds> }
  | { prefix: Record<string, string> }
  | { match: Record<string, string> }
  | { match_phrase: Record<string, string> }
  | { exists: { field: string } }
  | { nested: { path: string; query: Query } }
  | { bool: BoolQuery };

export interface BoolQuery {
  must?: Query[];
  filter?: Query[];
  should?: Query[];
  must_not?: Query[];
  minimum_should_match?: number;
}

/** The top-level `filter` parameter is a bool body: `{"must": [...], "should": [...], "must_not": [...]}`. */
export type Filter = BoolQuery;

export const term = (field: string, value: Scalar): Query => ({ term: { [field]: value } });
export const terms = (field: string, values: readonly Scalar[]): Query => ({ terms: { [field]: [...values] } });
export const range = (field: string, bounds: RangeBounds): Query => ({ range: { [field]: dropUndefined(bounds) } });
export const prefix = (field: string, value: string): Query => ({ prefix: { [field]: value } });
export const match = (field: string, value: string): Query => ({ match: { [field]: value } });
export const matchPhrase = (field: string, value: string): Query => ({ match_phrase: { [field]: value } });
export const exists = (field: string): Query => ({ exists: { field } });
export const nested = (path: string, query: Query): Query => ({ nested: { path, query } });
export const bool = (body: BoolQuery): Query => ({ bool: compactBool(body) });

/** Records linked to `jnid` through `related[]` (how activities, tasks and files point at a job or contact). */
export const relatedTo = (jnid: string): Query => nested("related", term("related.id", jnid));

/** At least one of `queries` (a bool/should with minimum_should_match 1). */
export const anyOf = (...queries: Query[]): Query => bool({ should: queries, minimum_should_match: 1 });

/** The top-level filter; empty clause lists are dropped. */
export function filter(body: { must?: Query[]; should?: Query[]; mustNot?: Query[]; minimumShouldMatch?: number }): Filter {
  return compactBool({ must: body.must, should: body.should, must_not: body.mustNot, minimum_should_match: body.minimumShouldMatch });
}

/** The `filter` query value: compact JSON, or undefined when the filter has no clause (no parameter sent). */
export function encodeFilter(f: Filter | undefined): string | undefined {
  if (!f) return undefined;
  const body = compactBool(f);
  return Object.keys(body).length ? JSON.stringify(body) : undefined;
}

/** Unix seconds of an ISO 8601 instant, for range bounds on date_* fields. */
export function unixSeconds(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 date-time: "${iso}"`);
  return Math.floor(ms / 1000);
}

function compactBool(body: BoolQuery): BoolQuery {
  const out: BoolQuery = {};
  for (const clause of BOOL_CLAUSES) {
    const list = body[clause];
    if (list?.length) out[clause] = [...list];
  }
  if (body.minimum_should_match !== undefined && out.should) out.minimum_should_match = body.minimum_should_match;
  return out;
}

function dropUndefined(bounds: RangeBounds): RangeBounds {
  return Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined)) as RangeBounds;
}
