/**
 * Contract tests: the TrackplanFM client (real HttpClient, real undici) against the TrackplanFM sandbox over
 * real HTTP. Both auth modes, token expiry and re-login (counting logins), every filter operator, orderBy,
 * paging, problem-details errors, and every endpoint of seed 003 §2.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVendorError, type VendorError } from "../../src/http/errors.js";
import { DEMO_API_KEYS, DEMO_USERS, startTrackplanfmSandbox, type TrackplanfmSandbox } from "../../src/sandbox/trackplanfm/index.js";
import type { SiteRecord } from "../../src/sandbox/trackplanfm/types.js";
import type { JwtAuth } from "../../src/vendors/trackplanfm/auth.js";
import { createTrackplanfmBackend, type TrackplanfmBackendOptions } from "../../src/vendors/trackplanfm/backend.js";
import { filterFor, orderByFor } from "../../src/vendors/trackplanfm/filter.js";

const USER = DEMO_USERS[0]!;
const KEY = DEMO_API_KEYS.find((k) => k.label === "full-access")!.key;
const READ_ONLY_KEY = DEMO_API_KEYS.find((k) => k.label === "read-only")!.key;
const ANCHOR = "2026-06-01T12:00:00Z";

let sb: TrackplanfmSandbox;

beforeAll(async () => {
  sb = await startTrackplanfmSandbox({ anchorDate: ANCHOR, rateLimit: false, faults: true });
});
afterAll(async () => {
  await sb?.close();
});

function backend(opts: Partial<TrackplanfmBackendOptions> = {}, origin = sb.url) {
  return createTrackplanfmBackend({ origin, username: USER.username, password: USER.password, timeoutMs: 3000, retry: { minTimeoutMs: 1, maxTimeoutMs: 5 }, ...opts });
}

async function failure(p: Promise<unknown>): Promise<VendorError> {
  try {
    await p;
  } catch (e) {
    if (isVendorError(e)) return e;
    throw e;
  }
  throw new Error("expected a VendorError");
}

const logins = (s: TrackplanfmSandbox) => s.requests.filter((r) => r.method === "POST" && r.path === "/api/auth/login").length;
const unauthorized = (s: TrackplanfmSandbox) => s.requests.filter((r) => r.status === 401).length;

describe("JWT login", () => {
  it("logs in once, lazily, and shares the login between concurrent first requests", async () => {
    const s = await startTrackplanfmSandbox({ rateLimit: false });
    const b = backend({}, s.url);
    try {
      expect(logins(s)).toBe(0);
      await Promise.all([b.client.listSites({ pageSize: 1 }), b.client.listJobs({ pageSize: 1 }), b.client.listResources({ pageSize: 1 })]);
      await b.client.listAssets({ pageSize: 1 });
      expect(logins(s)).toBe(1);
      expect((b.auth as JwtAuth).logins).toBe(1);
      const sent = s.requests.filter((r) => r.path !== "/api/auth/login");
      expect(sent.every((r) => r.keyLabel === `user:${USER.username}` && r.status === 200)).toBe(true);
    } finally {
      await b.close();
      await s.close();
    }
  });

  it("re-logs in once after the token expires and replays the request once", async () => {
    // The sandbox's token clock is the test's: the token expires when the test steps past its minute, never
    // because a busy machine was slow between the login and the first call.
    let now = Date.now();
    const s = await startTrackplanfmSandbox({ rateLimit: false, tokenTtlMs: 60_000, tokenClock: () => now });
    const b = backend({}, s.url);
    try {
      await b.client.listSites({ pageSize: 1 });
      expect(logins(s)).toBe(1);
      now += 60_000;
      const page = await b.client.listSites({ pageSize: 2 });
      expect(page.items).toHaveLength(2);
      expect(logins(s)).toBe(2);
      expect(unauthorized(s)).toBe(1);
      // The replayed request and the one that failed are the same call: two GETs of the page, one 401.
      expect(s.requests.filter((r) => r.path === "/api/sites" && r.query.pageSize === "2").map((r) => r.status)).toEqual([401, 200]);
    } finally {
      await b.close();
      await s.close();
    }
  });

  it("re-logs in after the server revokes tokens, for writes too (a 401 means nothing was done)", async () => {
    const s = await startTrackplanfmSandbox({ rateLimit: false });
    const b = backend({}, s.url);
    try {
      const site = (await b.client.listSites({ pageSize: 1 })).items[0]!;
      s.revokeTokens();
      const before = s.store.counts().jobs;
      const guid = (await b.client.createJob({ jobDetails: "After revocation", siteId: site.siteId as number }).send()).value;
      expect(guid).toMatch(/^[0-9a-f-]{36}$/);
      expect(s.store.counts().jobs).toBe(before + 1);
      expect(logins(s)).toBe(2);
      expect(s.requests.filter((r) => r.method === "POST" && r.path === "/api/jobs").map((r) => r.status)).toEqual([401, 201]);
    } finally {
      await b.close();
      await s.close();
    }
  });

  it("surfaces a refused login as a 401 problem without the password", async () => {
    const b = backend({ password: "wrong-password-123" });
    try {
      const err = await failure(b.client.listSites());
      expect(err).toMatchObject({ status: 401, code: "unauthorized", retryable: false });
      expect(err.message).toContain("Invalid authentication credentials");
      expect(JSON.stringify(err.toJSON())).not.toContain("wrong-password-123");
    } finally {
      await b.close();
    }
  });

  it("does not loop when the fresh token is refused too", async () => {
    // Every token is expired when issued (a 1 ms lifetime could outlive a quick enough call).
    const s = await startTrackplanfmSandbox({ rateLimit: false, tokenTtlMs: 0 });
    const b = backend({}, s.url);
    try {
      const err = await failure(b.client.listSites());
      expect(err.status).toBe(401);
      expect(err.message).toContain("even after refreshing");
      expect(logins(s)).toBe(2);
    } finally {
      await b.close();
      await s.close();
    }
  });
});

describe("API keys", () => {
  it("sends a TP- key in X-API-Key by default, with no login", async () => {
    const b = backend({ apiKey: KEY, username: undefined, password: undefined });
    const before = logins(sb);
    try {
      const page = await b.client.listResources({ pageSize: 3 });
      expect(page.items).toHaveLength(3);
      expect(logins(sb)).toBe(before);
      expect(sb.requests.at(-1)).toMatchObject({ path: "/api/resources", keyLabel: "key:full-access", status: 200 });
    } finally {
      await b.close();
    }
  });

  it("uses the configured header: a custom one, or Authorization as a bearer", async () => {
    const s = await startTrackplanfmSandbox({ rateLimit: false, apiKeyHeader: "X-TP-Key" });
    const custom = backend({ apiKey: KEY, apiKeyHeader: "X-TP-Key" }, s.url);
    const bearer = backend({ apiKey: KEY, apiKeyHeader: "Authorization" }, s.url);
    const wrong = backend({ apiKey: KEY }, s.url);
    try {
      expect((await custom.client.listSites({ pageSize: 1 })).total).toBe(36);
      expect((await bearer.client.listSites({ pageSize: 1 })).total).toBe(36);
      expect(await failure(wrong.client.listSites())).toMatchObject({ status: 401 });
    } finally {
      await Promise.all([custom.close(), bearer.close(), wrong.close()]);
      await s.close();
    }
  });

  it("a wrong key is a 401; a read-only key's write is a 403 problem", async () => {
    const bad = backend({ apiKey: "TP-notAKey123" });
    const ro = backend({ apiKey: READ_ONLY_KEY });
    try {
      expect(await failure(bad.client.listSites())).toMatchObject({ status: 401, code: "unauthorized" });
      const site = (await ro.client.listSites({ pageSize: 1 })).items[0]!;
      const err = await failure(ro.client.createJob({ jobDetails: "x", siteId: site.siteId as number }).send());
      expect(err).toMatchObject({ status: 403, code: "forbidden" });
      expect(err.message).toContain("Insufficient permissions");
    } finally {
      await Promise.all([bad.close(), ro.close()]);
    }
  });
});

describe("filter, orderBy and paging", () => {
  const b = () => backend({ apiKey: KEY });
  const sites = () => [...sb.store.all("sites")] as SiteRecord[];
  const lower = (s: string | null) => (s ?? "").toLowerCase();
  const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

  /** Each operator against an independent predicate over the sandbox's own data. */
  const CASES: Array<[string, (f: ReturnType<typeof filterFor<"sites">>) => unknown, (s: SiteRecord) => boolean]> = [
    ["==", (f) => f.eq("name", "Coventry Civic Centre"), (s) => s.name === "Coventry Civic Centre"],
    ["!=", (f) => f.ne("region", "London"), (s) => s.region !== "London"],
    ["<", (f) => f.lt("code", 1200), (s) => s.code! < 1200],
    [">", (f) => f.gt("code", 1400), (s) => s.code! > 1400],
    [">=", (f) => f.gte("code", 1401), (s) => s.code! >= 1401],
    ["<=", (f) => f.lte("code", 1106), (s) => s.code! <= 1106],
    ["=*", (f) => f.contains("name", "park"), (s) => lower(s.name).includes("park")],
    ["!*", (f) => f.notContains("name", "park"), (s) => !lower(s.name).includes("park")],
    ["^", (f) => f.startsWith("name", "man"), (s) => lower(s.name).startsWith("man")],
    ["!^", (f) => f.notStartsWith("name", "man"), (s) => !lower(s.name).startsWith("man")],
    ["$", (f) => f.endsWith("name", "centre"), (s) => lower(s.name).endsWith("centre")],
    ["!$", (f) => f.notEndsWith("name", "centre"), (s) => !lower(s.name).endsWith("centre")],
    [",", (f) => f.eq("region", "Scotland").contains("name", "e"), (s) => s.region === "Scotland" && lower(s.name).includes("e")],
  ];

  it.each(CASES)("operator %s selects exactly the matching sites", async (_op, build, predicate) => {
    const client = b();
    try {
      const f = filterFor("sites");
      build(f);
      const page = await client.client.listSites({ filter: f.build(), pageSize: 100 });
      const expected = sites().filter(predicate).map((s) => s.guid).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(36 + (_op === "!=" || _op.startsWith("!") ? 1 : 0));
      expect(page.total).toBe(expected.length);
      expect(page.items.map((s) => s.guid as string).sort()).toEqual(expected);
    } finally {
      await client.close();
    }
  });

  it("filters dates and numbers on jobs", async () => {
    const client = b();
    try {
      const since = "2026-05-25T00:00:00Z";
      const page = await client.client.listJobs({ filter: filterFor("jobs").gte("createdDate", since).eq("jobStatus", "Logged").build(), pageSize: 100 });
      const expected = sb.store.all("jobs").filter((j) => Date.parse(j.createdDate!) >= Date.parse(since) && j.jobStatus === "Logged");
      expect(page.total).toBe(expected.length);
      expect(page.total).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it("escapes values so commas, bars and parentheses match literally", async () => {
    const client = b();
    try {
      const name = "Smith, Jones (North) | Annex/i \\ 2";
      const guid = (await client.client.createSite({ name, code: 9901, region: "Test" }).send()).value;
      const page = await client.client.listSites({ filter: filterFor("sites").eq("name", name).build() });
      expect(page.items.map((s) => s.guid)).toEqual([guid]);
      // Sent unescaped, the same value is a malformed filter: a 400 problem naming the parameter.
      const raw = await failure(client.client.listSites({ filter: `name==${name}` }));
      expect(raw).toMatchObject({ status: 400, code: "validation_failed" });
      expect(raw.fieldErrors?.filter?.[0]).toBeTruthy();
    } finally {
      await client.close();
    }
  });

  it("answers malformed filters and orderBy with 400 problem details", async () => {
    const client = b();
    try {
      for (const filter of ["name~x", "colour==red", "code=*1", "code==abc"]) {
        const err = await failure(client.client.listSites({ filter }));
        expect(err, filter).toMatchObject({ status: 400, code: "validation_failed" });
        expect(Object.keys(err.fieldErrors ?? {}), filter).toEqual(["filter"]);
      }
      const order = await failure(client.client.listSites({ orderBy: "name sideways" }));
      expect(Object.keys(order.fieldErrors ?? {})).toEqual(["orderBy"]);
    } finally {
      await client.close();
    }
  });

  it("orders by several fields and directions", async () => {
    const client = b();
    try {
      const page = await client.client.listSites({ orderBy: orderByFor("sites", "region", { field: "name", direction: "DESC" }), pageSize: 100, filter: "code<9000" });
      const expected = sites()
        .filter((s) => s.code! < 9000)
        .sort((x, y) => ordinal(lower(x.region), lower(y.region)) || ordinal(lower(y.name), lower(x.name)))
        .map((s) => s.name);
      expect(page.items.map((s) => s.name)).toEqual(expected);
      const byCode = await client.client.listSites({ orderBy: "code DESC", pageSize: 3, filter: "code<9000" });
      expect(byCode.items.map((s) => s.code)).toEqual([1506, 1505, 1504]);
    } finally {
      await client.close();
    }
  });

  it("pages with the required page and pageSize", async () => {
    const client = b();
    try {
      const all = await client.client.listJobs({ pageSize: 100, orderBy: "jobNumber" });
      const second = await client.client.listJobs({ page: 2, pageSize: 10, orderBy: "jobNumber" });
      expect(second).toMatchObject({ page: 2, perPage: 10, total: all.total, totalPages: Math.ceil(all.total / 10) });
      expect(second.items.map((j) => j.jobNumber)).toEqual(all.items.slice(10, 20).map((j) => j.jobNumber));
      const beyond = await client.client.listJobs({ page: 1000, pageSize: 10 });
      expect(beyond.items).toEqual([]);
      expect(beyond.total).toBe(all.total);
      // The client never asks for more than its maximum page size.
      await client.client.listJobs({ pageSize: 5000 });
      expect(sb.requests.at(-1)!.query.pageSize).toBe("100");
    } finally {
      await client.close();
    }
  });

  it("the sandbox refuses a list call without page or pageSize", async () => {
    const res = await fetch(`${sb.apiBase}/sites`, { headers: { "X-API-Key": KEY } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 400, title: "One or more validation errors occurred.", errors: { page: [expect.any(String)], pageSize: [expect.any(String)] } });
  });
});

describe("problem details become VendorErrors", () => {
  it("a validation problem keeps its field messages and trace id", async () => {
    const client = backend({ apiKey: KEY });
    try {
      const err = await failure(client.client.createJob({ jobDetails: "", siteId: 999999 }).send());
      expect(err).toMatchObject({ status: 400, code: "validation_failed", writeMayHaveHappened: false });
      expect(err.fieldErrors?.jobDetails?.[0]).toMatch(/required/);
      expect(err.requestId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    } finally {
      await client.close();
    }
  });

  it("a 404 problem is not_found; a non-GUID path is a 400", async () => {
    const client = backend({ apiKey: KEY });
    try {
      expect(await failure(client.client.getJob("00000000-0000-4000-8000-000000000000"))).toMatchObject({ status: 404, code: "not_found" });
      const err = await failure(client.client.getJob("not-a-guid"));
      expect(err).toMatchObject({ status: 400, fieldErrors: { jobGuid: [expect.stringContaining("not valid")] } });
    } finally {
      await client.close();
    }
  });

  it("a 5xx is retried for GET and reported after the retries", async () => {
    const client = backend({ apiKey: KEY });
    try {
      sb.faults.add({ method: "GET", path: "/api/resources", kind: "status", status: 500, times: 2 });
      const page = await client.client.listResources({ pageSize: 1 });
      expect(page.items).toHaveLength(1);
      expect(sb.requests.slice(-3).map((r) => r.status)).toEqual([500, 500, 200]);
    } finally {
      sb.faults.clear();
      await client.close();
    }
  });
});

describe("every endpoint of seed 003 §2", () => {
  it("job requests, jobs, job costs and job tasks", async () => {
    const b = backend();
    const c = b.client;
    try {
      const requests = await c.listJobRequests({ pageSize: 5 });
      expect(requests.total).toBe(40);
      const site = (await c.listSites({ pageSize: 1, orderBy: "code" })).items[0]!;
      const reqGuid = (await c.createJobRequest({ description: "Light out in lobby", site: String(site.name), raisedBy: "Tess", raisedByEmail: "tess@client.example" }).send()).value;
      expect(sb.store.get("jobRequests", reqGuid)).toMatchObject({ details: "Light out in lobby", requestStatus: "New" });

      const jobGuid = (await c.createJob({ jobDetails: "Contract test job", siteId: site.siteId as number, siteName: String(site.name) }).send()).value;
      const job = await c.getJob(jobGuid);
      expect(job).toMatchObject({ guid: jobGuid, jobDetails: "Contract test job", jobStatus: "Logged", siteId: site.siteId });
      expect((await c.listJobs({ filter: `jobNumber==${job.jobNumber}` })).items.map((j) => j.guid)).toEqual([jobGuid]);

      const costGuid = (await c.createJobCost(jobGuid, { costLabour: 80, costMaterials: 12.5, budget: 200, costDescription: "Callout" }).send()).value;
      await c.updateJobCost(costGuid, { costMaterials: 20 }).send();
      const costs = await c.listJobCosts(jobGuid);
      expect(costs.items).toMatchObject([{ guid: costGuid, costMaterials: 20, costLabour: 80, jobNumber: job.jobNumber }]);

      const resource = (await c.listResources({ filter: "resourceType==Engineer", pageSize: 1 })).items[0]!;
      const taskGuid = (await c.createJobTask({ jobGuid, description: "Attend", resourceId: resource.resourceId as number, durationInHours: 2 }).send()).value;
      expect(await c.getJobTask(taskGuid)).toMatchObject({ taskStatus: "Not Started", resourceName: resource.name, jobNumber: job.jobNumber });
      expect((await c.getJob(jobGuid)).jobStatus).toBe("Instructed");
      await c.updateJobTask(taskGuid, { priorityName: "P1 - 4 hours", duration: 3 }).send();
      expect(await c.getJobTask(taskGuid)).toMatchObject({ priorityName: "P1 - 4 hours", durationInHours: 3 });
      await c.startJobTask(taskGuid, { startDate: "2026-06-01T09:00:00Z" }).send();
      expect((await c.getJob(jobGuid)).jobStatus).toBe("In Progress");
      await c.completeJobTask(taskGuid, { completeDate: "2026-06-01T11:00:00Z", completNote: "Fixed" }).send();
      expect(await c.getJobTask(taskGuid)).toMatchObject({ taskStatus: "Completed", completedDate: "2026-06-01T11:00:00Z", completeNote: "Fixed" });
      expect((await c.listJobTasks({ filter: `jobNumber==${job.jobNumber}` })).total).toBe(1);
      expect((await c.getJob(jobGuid)).jobStatus).toBe("Resource Confirmed Complete");

      // A completed task cannot be started: the sandbox names its state.
      const again = await failure(c.startJobTask(taskGuid, { startDate: "2026-06-01T12:00:00Z" }).send());
      expect(again.fieldErrors?.taskStatus?.[0]).toContain("Completed");
      // The complete body's jobId must match the job's.
      expect(await failure(c.completeJob(jobGuid, { jobId: 1 }).send())).toMatchObject({ status: 400, fieldErrors: { jobId: [expect.any(String)] } });
      expect((await c.completeJob(jobGuid, { jobId: job.jobId as number, completedNote: "Signed off" }).send()).value).toBe(jobGuid);
      expect(await c.getJob(jobGuid)).toMatchObject({ jobStatus: "Completed", completedNote: "Signed off" });
      expect(await failure(c.completeJob(jobGuid, {}).send())).toMatchObject({ status: 400 });
    } finally {
      await b.close();
    }
  });

  it("assets, sites and resources", async () => {
    const b = backend();
    const c = b.client;
    try {
      const site = (await c.listSites({ filter: "region==Scotland", pageSize: 1 })).items[0]!;
      const assetGuid = (await c.createAsset({ description: "Test boiler", assetClassId: 10, assetClass: "Boiler", siteId: site.siteId as number }).send()).value;
      expect(await c.getAsset(assetGuid)).toMatchObject({ description: "Test boiler", siteName: site.name });
      expect((await c.updateAsset(assetGuid, { condition: "Poor" }).send()).value).toBe(assetGuid);
      expect((await c.listAssets({ filter: "condition==Poor,description=*test boiler" })).items.map((a) => a.guid)).toEqual([assetGuid]);
      await c.deleteAsset(assetGuid).send();
      expect(await failure(c.getAsset(assetGuid))).toMatchObject({ status: 404 });

      const siteGuid = (await c.createSite({ name: "Contract Test House", code: 9902, region: "Scotland" }).send()).value;
      expect(await c.getSite(siteGuid)).toMatchObject({ name: "Contract Test House", code: 9902 });
      const updated = (await c.updateSite(siteGuid, { town: "Perth" }).send()).value;
      expect(updated).toMatchObject({ guid: siteGuid, town: "Perth" });
      expect(await failure(c.createSite({ name: "Dup", code: 9902 }).send())).toMatchObject({ status: 400, fieldErrors: { code: [expect.any(String)] } });

      const resGuid = (await c.createResource({ name: "Test Contractor Ltd", resourceType: "Contractor", emailAddress: "ops@test.example" }).send()).value;
      expect((await c.updateResource(resGuid, { trade: "Lifts" }).send()).value).toBe(resGuid);
      expect(await c.getResource(resGuid)).toMatchObject({ name: "Test Contractor Ltd", trade: "Lifts" });
      expect((await c.listResources({ filter: "name^Test Contractor" })).total).toBe(1);
    } finally {
      await b.close();
    }
  });

  it("storage areas, stocks and stock levels (upsert)", async () => {
    const b = backend();
    const c = b.client;
    try {
      const site = (await c.listSites({ pageSize: 1 })).items[0]!;
      const areaGuid = (await c.createStorageArea({ storageName: "Van 12", code: "VAN-12", siteId: site.siteId as number }).send()).value;
      await c.updateStorageArea(areaGuid, { storageName: "Van 12 (Ford Transit)" }).send();
      const area = await c.getStorageArea(areaGuid);
      expect(area).toMatchObject({ storageName: "Van 12 (Ford Transit)", code: "VAN-12" });
      expect((await c.listStorageAreas({ pageSize: 100 })).total).toBe(13);

      const stockGuid = (await c.createStock({ stockTypeId: 2, partNumber: "LMP-TEST", description: "Test lamp", unitCost: 1.5 }).send()).value;
      await c.updateStock(stockGuid, { unitCost: 1.75 }).send();
      const stock = await c.getStock(stockGuid);
      expect(stock).toMatchObject({ partNumber: "LMP-TEST", unitCost: 1.75 });
      expect((await c.listStocks({ filter: "partNumber==LMP-TEST" })).total).toBe(1);

      const first = (await c.upsertStockLevel({ stockId: stock.stockId as number, storageId: area.storageId as number, quantity: 5 }).send()).value;
      const second = (await c.upsertStockLevel({ stockId: stock.stockId as number, storageId: area.storageId as number, quantity: 9 }).send()).value;
      expect(second).toBe(first);
      expect(await c.getStockLevel(first)).toMatchObject({ quantity: 9, stockId: stock.stockId });
      expect((await c.listStockLevels({ filter: `storageId==${area.storageId}` })).total).toBe(1);
      expect(await failure(c.upsertStockLevel({ stockId: 999999, storageId: area.storageId as number }).send())).toMatchObject({ status: 400 });
    } finally {
      await b.close();
    }
  });

  it("answers the seed's path spellings case-insensitively", async () => {
    for (const path of ["/api/JobTasks", "/api/jobtasks", "/API/JOBTASKS", "/api/jobTasks"]) {
      const res = await fetch(`${sb.url}${path}?page=1&pageSize=1`, { headers: { "X-API-Key": KEY } });
      expect(res.status, path).toBe(200);
      expect(await res.json()).toMatchObject({ count: expect.any(Number), data: [expect.objectContaining({ taskId: expect.any(Number) })] });
    }
    const wrongMethod = await fetch(`${sb.apiBase}/jobs`, { method: "DELETE", headers: { "X-API-Key": KEY } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
  });
});
