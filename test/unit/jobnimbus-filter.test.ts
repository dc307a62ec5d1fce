/**
 * The filter language both sides speak: the client's typed builder (exact JSON, as the docs show it) and
 * the sandbox's evaluator (Elasticsearch semantics on records), including every malformed shape it refuses.
 */
import { describe, expect, it } from "vitest";
import { FilterError, parseFilter } from "../../src/sandbox/jobnimbus/filter.js";
import { contactTextQueries, phoneQueries } from "../../src/vendors/jobnimbus/client.js";
import {
  anyOf,
  bool,
  encodeFilter,
  exists,
  filter,
  matchPhrase,
  nested,
  prefix,
  range,
  relatedTo,
  term,
  terms,
  unixSeconds,
} from "../../src/vendors/jobnimbus/filter.js";

const records = [
  {
    jnid: "c1",
    display_name: "Daniel Martinez",
    first_name: "Daniel",
    email: "Daniel.Martinez@example.org",
    mobile_phone: "(303) 555-0142",
    date_created: 1_700_000_000,
    is_active: true,
    owners: [{ id: "u1" }, { id: "u2" }],
    related: [{ id: "j1", type: "job" }],
    tags: [],
  },
  {
    jnid: "c2",
    display_name: "Cherry Creek Property Group",
    company: "Cherry Creek Property Group",
    email: "lauren.whitfield@cherrycreek.example.com",
    mobile_phone: "+13035550199",
    date_created: 1_710_000_000,
    is_active: true,
    owners: [{ id: "u3" }],
    related: [{ id: "j2", type: "job" }, { id: "c9", type: "contact" }],
    tags: ["commercial"],
  },
  {
    jnid: "c3",
    display_name: "Maria Martin",
    first_name: "Maria",
    email: "",
    mobile_phone: "(720) 555-0100",
    date_created: 1_720_000_000,
    is_active: false,
    owners: [],
    related: [],
    tags: [],
  },
];

function matching(f: unknown): string[] {
  const parsed = parseFilter(typeof f === "string" ? f : JSON.stringify(f));
  return records.filter(parsed.test).map((r) => r.jnid);
}

describe("filter builder", () => {
  it("writes the documented shapes exactly", () => {
    expect(filter({ must: [term("email", "x@y.com")] })).toEqual({ must: [{ term: { email: "x@y.com" } }] });
    expect(range("date_created", { gte: 1459749600, lte: 1459835940 })).toEqual({ range: { date_created: { gte: 1459749600, lte: 1459835940 } } });
    expect(relatedTo("abc")).toEqual({ nested: { path: "related", query: { term: { "related.id": "abc" } } } });
    expect(anyOf(prefix("first_name", "Jo"))).toEqual({ bool: { should: [{ prefix: { first_name: "Jo" } }], minimum_should_match: 1 } });
    expect(terms("status_name", ["Lead", "Paid"])).toEqual({ terms: { status_name: ["Lead", "Paid"] } });
    expect(exists("email")).toEqual({ exists: { field: "email" } });
  });

  it("drops empty clauses and undefined bounds; an empty filter sends no parameter", () => {
    expect(filter({ must: [], should: [], mustNot: [] })).toEqual({});
    expect(encodeFilter(filter({ must: [] }))).toBeUndefined();
    expect(encodeFilter(undefined)).toBeUndefined();
    expect(range("date_updated", { gte: 5, lte: undefined })).toEqual({ range: { date_updated: { gte: 5 } } });
    expect(filter({ must: [term("a", 1)], minimumShouldMatch: 1 })).toEqual({ must: [{ term: { a: 1 } }] });
    expect(encodeFilter(filter({ must: [term("a", 1)], mustNot: [term("b", true)] }))).toBe('{"must":[{"term":{"a":1}}],"must_not":[{"term":{"b":true}}]}');
  });

  it("converts ISO instants to Unix seconds and refuses garbage", () => {
    expect(unixSeconds("2026-06-01T12:00:00Z")).toBe(1780315200);
    expect(unixSeconds("2026-06-01T12:00:00.999Z")).toBe(1780315200);
    expect(() => unixSeconds("yesterday")).toThrow(RangeError);
  });

  it("searches phones as 3-3-4 phrases or the exact E.164 spelling", () => {
    expect(phoneQueries("+13035550142")).toContainEqual({ match_phrase: { mobile_phone: "303 555 0142" } });
    expect(phoneQueries("+13035550142")).toContainEqual({ term: { home_phone: "+13035550142" } });
    expect(phoneQueries("(303) 555-0142")).toContainEqual({ term: { work_phone: "+13035550142" } });
    expect(contactTextQueries("303-555-0142")).toEqual(phoneQueries("303-555-0142"));
    // Every stored form is asked for, whatever form the caller typed (bare digits, dotted, 11 digits).
    for (const asked of ["3035550142", "+13035550142", "(303) 555-0142", "303.555.0142", "1 303 555 0142"]) {
      const qs = phoneQueries(asked);
      for (const form of ["303 555 0142", "3035550142", "13035550142", "303.555.0142"]) expect(qs).toContainEqual({ match_phrase: { home_phone: form } });
      expect(qs).toContainEqual({ term: { mobile_phone: "+13035550142" } });
    }
    expect(contactTextQueries("x@y.com")).toEqual([{ term: { email: "x@y.com" } }, { prefix: { email: "x@y.com" } }]);
    expect(contactTextQueries("Cherry Creek")).toContainEqual({ match_phrase: { company: "Cherry Creek" } });
  });
});

describe("sandbox filter evaluation", () => {
  it("term is case-insensitive on strings and walks arrays of objects", () => {
    expect(matching({ must: [term("email", "daniel.martinez@example.org")] })).toEqual(["c1"]);
    expect(matching({ must: [term("owners.id", "u2")] })).toEqual(["c1"]);
    expect(matching({ must: [term("is_active", false)] })).toEqual(["c3"]);
    expect(matching({ must: [term("date_created", "1710000000")] })).toEqual(["c2"]);
    expect(matching({ must: [terms("jnid", ["c1", "c3"])] })).toEqual(["c1", "c3"]);
  });

  it("range on Unix seconds, prefix on whole values and words, match_phrase on word runs", () => {
    expect(matching({ must: [range("date_created", { gt: 1_700_000_000, lte: 1_720_000_000 })] })).toEqual(["c2", "c3"]);
    expect(matching({ must: [prefix("display_name", "mart")] })).toEqual(["c1", "c3"]);
    expect(matching({ must: [prefix("display_name", "cherry creek")] })).toEqual(["c2"]);
    expect(matching({ must: [matchPhrase("mobile_phone", "303 555 0142")] })).toEqual(["c1"]);
    expect(matching({ must: [matchPhrase("display_name", "Property Group")] })).toEqual(["c2"]);
    expect(matching({ must: [matchPhrase("display_name", "Group Property")] })).toEqual([]);
    expect(matching({ must: [{ match: { display_name: "maria nobody" } }] })).toEqual(["c3"]);
  });

  it("nested reads each element of the array; must_not and should combine as in Elasticsearch", () => {
    expect(matching({ must: [relatedTo("j2")] })).toEqual(["c2"]);
    expect(matching({ must: [nested("related", bool({ must: [term("related.id", "j1"), term("related.type", "job")] }))] })).toEqual(["c1"]);
    // Same element must satisfy both: c2 has j2 (job) and c9 (contact), never c9 as a job.
    expect(matching({ must: [nested("related", bool({ must: [term("related.id", "c9"), term("related.type", "job")] }))] })).toEqual([]);
    expect(matching({ must_not: [term("is_active", false)] })).toEqual(["c1", "c2"]);
    expect(matching({ should: [term("jnid", "c1"), term("jnid", "c2")] })).toEqual(["c1", "c2"]);
    // With a must, should is optional unless minimum_should_match says otherwise.
    expect(matching({ must: [exists("email")], should: [term("jnid", "c9")] })).toEqual(["c1", "c2"]);
    expect(matching({ must: [exists("email")], should: [term("jnid", "c9")], minimum_should_match: 1 })).toEqual([]);
    expect(matching({ bool: { should: [prefix("first_name", "Da")] } })).toEqual(["c1"]);
    expect(matching({ term: { jnid: "c3" } })).toEqual(["c3"]);
  });

  it("exists ignores empty strings and empty arrays", () => {
    expect(matching({ must: [exists("email")] })).toEqual(["c1", "c2"]);
    expect(matching({ must: [exists("tags")] })).toEqual(["c2"]);
  });

  it("records the fields a filter names", () => {
    expect([...parseFilter(JSON.stringify({ must: [term("is_active", false), relatedTo("x")] })).fields].sort()).toEqual(["is_active", "related.id"]);
  });

  it.each([
    ["{bad", /not valid JSON/],
    ["[1,2]", /must be a JSON object/],
    ['{"must":[{"wildcard":{"a":"b*"}}]}', /unknown query type "wildcard"/],
    ['{"musts":[]}', /unknown key "musts"/],
    ['{"must":[{"term":{"a":"b"},"range":{}}]}', /exactly one query type/],
    ['{"must":[{"term":{"a":"b","c":"d"}}]}', /exactly one field/],
    ['{"must":[{"term":{"a":{"x":1}}}]}', /string, number or boolean/],
    ['{"must":[{"range":{"d":{"since":5}}}]}', /unknown range operator "since"/],
    ['{"must":[{"range":{"d":{}}}]}', /needs bounds/],
    ['{"must":[{"nested":{"query":{"term":{"a":1}}}}]}', /needs \{"path"/],
    ['{"must":[{"prefix":{"a":""}}]}', /non-empty string/],
    ['{"must":[{"terms":{"a":"b"}}]}', /array of strings/],
    ['{"should":[],"minimum_should_match":-1}', /non-negative integer/],
    ['{"must":[{"exists":{}}]}', /needs \{"field"/],
  ])("refuses %s", (raw, message) => {
    expect(() => parseFilter(raw)).toThrow(FilterError);
    expect(() => parseFilter(raw)).toThrow(message);
  });
});
