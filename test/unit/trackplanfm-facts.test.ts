/**
 * TrackplanFM facts pinned against literal tables copied from seed 003, the filter and orderBy builders, and
 * the sandbox's reading of the same grammar (what the builder writes, the parser reads back).
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { parseFilter, parseOrderBy, matches } from "../../src/sandbox/trackplanfm/query.js";
import { API_KEY_PATTERN, ENDPOINTS, FIELDS, FILTER_OPERATORS, JOB_MACHINE, STATUS_TARGETS, TASK_MACHINE, VALIDATION_TITLE, endpointPath } from "../../src/vendors/trackplanfm/facts.js";
import { escapeFilterValue, filterExpression, filterFor, orderBy, orderByFor } from "../../src/vendors/trackplanfm/filter.js";
import { trackplanfmDialect } from "../../src/vendors/trackplanfm/normalize.js";

/** Seed §4.1, row by row: name, operator. */
const SEED_OPERATORS = [
  ["Equal", "=="],
  ["NotEqual", "!="],
  ["LessThan", "<"],
  ["GreaterThan", ">"],
  ["GreaterThanOrEqual", ">="],
  ["LessThanOrEqual", "<="],
  ["Contains", "=*"],
  ["NotContains", "!*"],
  ["StartsWith", "^"],
  ["NotStartsWith", "!^"],
  ["EndsWith", "$"],
  ["NotEndsWith", "!$"],
];

/** Seed §2: method and URL of every endpoint, as the guide spells them. */
const SEED_ENDPOINTS = [
  ["POST", "/api/auth/login"],
  ["GET", "/api/jobrequests"],
  ["POST", "/api/jobrequests"],
  ["GET", "/api/jobs"],
  ["GET", "/api/jobs/{jobGuid}"],
  ["POST", "/api/jobs"],
  ["PUT", "/api/jobs/complete/{jobGuid}"],
  ["GET", "/api/jobcosts/{jobGuid}"],
  ["POST", "/api/jobCosts/{jobGuid}"],
  ["PUT", "/api/jobcosts/update/{jobCostGuid}"],
  ["GET", "/api/JobTasks"],
  ["GET", "/api/jobTasks/{jobTaskGuid}"],
  ["POST", "/api/jobTasks"],
  ["PUT", "/api/jobTasks/StartTask/{jobTaskGuid}"],
  ["PUT", "/api/jobTasks/CompleteTask/{jobTaskGuid}"],
  ["PUT", "/api/JobTasks/Update/{jobTaskGuid}"],
  ["GET", "/api/assets"],
  ["GET", "/api/assets/{assetGuid}"],
  ["POST", "/api/assets"],
  ["PUT", "/api/assets/{assetGuid}"],
  ["DELETE", "/api/assets/{assetGuid}"],
  ["GET", "/api/sites"],
  ["GET", "/api/sites/{siteGuid}"],
  ["POST", "/api/sites"],
  ["PUT", "/api/sites/{siteGuid}"],
  ["GET", "/api/resources"],
  ["GET", "/api/resources/{resourceGuid}"],
  ["POST", "/api/resources"],
  ["PUT", "/api/resources/{resourceGuid}"],
  ["GET", "/api/storageArea"],
  ["GET", "/api/storageArea/{guid}"],
  ["POST", "/api/storageArea"],
  ["PUT", "/api/storageArea/{guid}"],
  ["GET", "/api/stocks"],
  ["GET", "/api/stocks/{guid}"],
  ["POST", "/api/Stocks"],
  ["PUT", "/api/stocks/{guid}"],
  ["GET", "/api/stockLevel"],
  ["GET", "/api/stocklevel/{guid}"],
  ["POST", "/api/stocklevel"],
];

describe("TrackplanFM facts match seed 003", () => {
  it("has the twelve filter operators of §4.1, in order", () => {
    expect(FILTER_OPERATORS.map((o) => [o.name, o.op])).toEqual(SEED_OPERATORS);
  });

  it("has every endpoint of §2 with the guide's method and spelling", () => {
    expect(Object.values(ENDPOINTS).map((e) => [e.method, `/api${e.path}`])).toEqual(SEED_ENDPOINTS);
  });

  it("accepts the guide's example API key and refuses other shapes", () => {
    expect(API_KEY_PATTERN.test("TP-1of43zzJgKLQmxjXKYRJIFUrBi6Z0lfqMJOXhVQhzhcim")).toBe(true);
    expect(API_KEY_PATTERN.test("fsm_live_abc")).toBe(false);
    expect(API_KEY_PATTERN.test("TP-")).toBe(false);
  });

  it("offers exactly the status changes the API can make", () => {
    expect(STATUS_TARGETS.map((t) => [t.value, t.subject, ENDPOINTS[t.endpoint].path])).toEqual([
      ["Task Started", "task", "/jobTasks/StartTask/{jobTaskGuid}"],
      ["Task Completed", "task", "/jobTasks/CompleteTask/{jobTaskGuid}"],
      ["Completed", "job", "/jobs/complete/{jobGuid}"],
    ]);
    for (const t of STATUS_TARGETS) {
      const machine = t.subject === "job" ? JOB_MACHINE : TASK_MACHINE;
      expect(machine.statuses).toContain(t.status);
    }
    // Completing a job cannot be undone through the API.
    expect(JOB_MACHINE.irreversible).toEqual(["Completed"]);
  });

  it("fills GUID path parameters and refuses a wrong count", () => {
    expect(endpointPath("startJobTask", "0b1c")).toBe("/jobTasks/StartTask/0b1c");
    expect(endpointPath("listJobs")).toBe("/jobs");
    expect(() => endpointPath("getJob")).toThrow(/path parameter/);
    expect(() => endpointPath("listJobs", "x")).toThrow(/takes 0/);
  });

  it("records the seed's field names for the resources it shows", () => {
    expect(Object.keys(FIELDS.jobTasks)).toEqual(expect.arrayContaining(["taskId", "taskNumber", "guid", "jobNumber"]));
    expect(Object.keys(FIELDS.sites)).toEqual(expect.arrayContaining(["name", "code", "region"]));
    expect(Object.keys(FIELDS.resources)).toEqual(expect.arrayContaining(["name", "resourceType", "emailAddress"]));
    expect(Object.keys(FIELDS.stockLevels)).toEqual(expect.arrayContaining(["stockLevelId", "stockId", "storageId"]));
  });
});

describe("filter builder", () => {
  it("writes every operator, joined by , for AND", () => {
    const built = filterFor("sites")
      .eq("name", "A")
      .ne("name", "B")
      .lt("code", 5)
      .gt("code", 1)
      .gte("code", 2)
      .lte("code", 4)
      .contains("name", "c")
      .notContains("name", "d")
      .startsWith("name", "e")
      .notStartsWith("name", "f")
      .endsWith("name", "g")
      .notEndsWith("name", "h")
      .build();
    expect(built).toBe("name==A,name!=B,code<5,code>1,code>=2,code<=4,name=*c,name!*d,name^e,name!^f,name$g,name!$h");
  });

  it("escapes the grammar's special characters so a value stays one value", () => {
    expect(escapeFilterValue("Smith, Jones (North) | A/i \\ x")).toBe("Smith\\, Jones \\(North\\) \\| A\\/i \\\\ x");
    expect(filterExpression("name", "==", "a,b")).toBe("name==a\\,b");
  });

  it("formats dates, booleans and null, and leaves empty optional values out", () => {
    expect(filterExpression("createdDate", ">=", new Date("2026-01-02T03:04:05Z"))).toBe("createdDate>=2026-01-02T03:04:05.000Z");
    expect(filterExpression("name", "==", null)).toBe("name==");
    expect(filterFor("jobs").whereDefined("jobStatus", "==", undefined).whereDefined("jobDetails", "=*", "  ").build()).toBeUndefined();
  });

  it("refuses what the grammar cannot say", () => {
    expect(() => filterExpression("code", "=*", 5)).toThrow(/compares text/);
    expect(() => filterExpression("name", "=*", " ")).toThrow(/non-empty/);
    expect(() => filterExpression("na me", "==", "x")).toThrow(/field name/);
    expect(() => filterExpression("name", "~" as never, "x")).toThrow(/not a filter operator/);
    expect(() => filterExpression("code", ">", Number.NaN)).toThrow(/finite/);
  });

  it("writes orderBy as the seed shows it", () => {
    expect(orderBy("name")).toBe("name");
    expect(orderBy({ field: "priority", direction: "DESC" })).toBe("priority DESC");
    expect(orderByFor("sites", "region", { field: "name", direction: "DESC" })).toBe("region,name DESC");
    expect(orderBy()).toBeUndefined();
    expect(() => orderBy("name;drop")).toThrow(/field name/);
  });
});

describe("the sandbox reads what the builder writes", () => {
  const fields = FIELDS.sites;
  const site = { name: "Smith, Jones (North) | A/i \\ x", code: 1203, region: "Midlands" };

  it("round-trips escaped values", () => {
    const [c] = parseFilter(filterFor("sites").eq("name", site.name).build()!, fields);
    expect(c).toMatchObject({ field: "name", op: "==", value: site.name });
    expect(matches(site, c!)).toBe(true);
  });

  it("reads the seed's spaced examples and case-insensitive field names", () => {
    const conds = parseFilter("Region == Midlands, code >= 1200", fields);
    expect(conds.map((c) => [c.field, c.op, c.value])).toEqual([
      ["region", "==", "Midlands"],
      ["code", ">=", 1200],
    ]);
    expect(conds.every((c) => matches(site, c))).toBe(true);
  });

  it("answers 400 problems for malformed filters", () => {
    const bad = ["name", "name~x", "nope==1", "code=*1", "code==abc", "name==a|name==b", "(name==a)", "name==a,,code==1", "name=*"];
    for (const text of bad) {
      let caught: unknown;
      try {
        parseFilter(text, fields);
      } catch (e) {
        caught = e;
      }
      expect(caught, text).toMatchObject({ status: 400, errors: { filter: [expect.any(String)] } });
    }
  });

  it("parses orderBy terms and refuses others", () => {
    expect(parseOrderBy("region,name DESC", fields)).toEqual([
      { field: "region", type: "string", desc: false },
      { field: "name", type: "string", desc: true },
    ]);
    expect(() => parseOrderBy("name sideways", fields)).toThrow();
    expect(() => parseOrderBy("colour", fields)).toThrow();
  });
});

describe("problem-details dialect", () => {
  it("keeps field messages of a validation problem", () => {
    const parsed = trackplanfmDialect.parseError(400, { title: VALIDATION_TITLE, status: 400, errors: { jobDetails: ["The jobDetails field is required."] }, traceId: "00-abc-def-00" });
    expect(parsed).toMatchObject({
      code: "validation_failed",
      fieldErrors: { jobDetails: ["The jobDetails field is required."] },
      requestId: "00-abc-def-00",
    });
    expect(parsed.message).toContain("jobDetails: The jobDetails field is required.");
  });

  it("reads 401/403 problems and bare strings", () => {
    expect(trackplanfmDialect.parseError(401, { type: "https://tools.ietf.org/html/rfc7235#section-3.1", title: "Unauthorized", status: 401, detail: "Invalid authentication credentials" })).toMatchObject({
      code: "unauthorized",
      message: "Invalid authentication credentials",
    });
    expect(trackplanfmDialect.parseError(403, { title: "Forbidden", status: 403 })).toMatchObject({ code: "forbidden", message: "Forbidden" });
    expect(trackplanfmDialect.parseError(400, "Job already completed")).toMatchObject({ code: "bad_request", message: "Job already completed" });
  });
});

describe("configuration", () => {
  it("serves the TrackplanFM sandbox when asked", () => {
    expect(loadConfig({ FSM_SANDBOX: "trackplanfm" })).toMatchObject({ vendor: "trackplanfm", mode: "sandbox" });
  });

  it("runs live with a TP- key or a login, and needs a base URL", () => {
    expect(loadConfig({ FSM_API_KEY: "TP-abc123", FSM_BASE_URL: "https://fm.example.com" })).toMatchObject({ vendor: "trackplanfm", mode: "live" });
    expect(loadConfig({ FSM_USERNAME: "u", FSM_PASSWORD: "p", FSM_BASE_URL: "https://fm.example.com" })).toMatchObject({ vendor: "trackplanfm", username: "u" });
    expect(() => loadConfig({ FSM_API_KEY: "TP-abc123" })).toThrow(/FSM_BASE_URL/);
  });
});
