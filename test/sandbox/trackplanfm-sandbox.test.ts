/**
 * The TrackplanFM sandbox on its own: seeded demo data (sizes, shapes, consistency, determinism), auth
 * answers, the job/task rules it enforces, and the shared fault-injection hooks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_STATUSES, TASK_STATUSES } from "../../src/vendors/trackplanfm/facts.js";
import { DEFAULT_ANCHOR_DATE, DEMO_API_KEYS, DEMO_USERS, startTrackplanfmSandbox, type TrackplanfmSandbox } from "../../src/sandbox/trackplanfm/index.js";
import { ACCOUNT_JOB_STATUSES, createSeededStore } from "../../src/sandbox/trackplanfm/seed.js";

const KEY = DEMO_API_KEYS[0]!.key;
let sb: TrackplanfmSandbox;

beforeAll(async () => {
  sb = await startTrackplanfmSandbox({ anchorDate: DEFAULT_ANCHOR_DATE, faults: true, rateLimit: { limit: 1000, windowMs: 60_000 } });
});
afterAll(async () => {
  await sb?.close();
});

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = { "X-API-Key": KEY }) {
  const res = await fetch(`${sb.apiBase}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe("seeded demo data", () => {
  const store = createSeededStore({ anchorDate: DEFAULT_ANCHOR_DATE });

  it("is large enough to feel real", () => {
    const c = store.counts();
    expect(c.sites).toBeGreaterThanOrEqual(30);
    expect(c.jobs).toBeGreaterThanOrEqual(200);
    expect(c.assets).toBeGreaterThanOrEqual(150);
    expect(c.resources).toBeGreaterThanOrEqual(20);
    for (const k of ["jobTasks", "jobCosts", "jobRequests", "storageAreas", "stocks", "stockLevels"] as const) expect(c[k], k).toBeGreaterThan(0);
  });

  it("has coded sites in UK and US regions, engineers and contractors, asset classes", () => {
    const sites = store.all("sites");
    expect(new Set(sites.map((s) => s.region)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(sites.map((s) => s.country))).toEqual(new Set(["United Kingdom", "United States"]));
    expect(new Set(sites.map((s) => s.code)).size).toBe(sites.length);
    expect(sites.every((s) => Number.isInteger(s.code) && Number.isInteger(s.siteId))).toBe(true);
    expect(new Set(store.all("resources").map((r) => r.resourceType))).toEqual(new Set(["Engineer", "Contractor"]));
    const assets = store.all("assets");
    expect(new Set(assets.map((a) => a.assetClass)).size).toBeGreaterThanOrEqual(8);
    expect(assets.every((a) => a.siteId !== null && store.siteById(a.siteId!)?.name === a.siteName)).toBe(true);
  });

  it("has jobs in every status and tasks in every state, consistent with each other", () => {
    const jobs = store.all("jobs");
    expect(new Set(jobs.map((j) => j.jobStatus))).toEqual(new Set([...JOB_STATUSES, ...ACCOUNT_JOB_STATUSES]));
    expect(new Set(store.all("jobTasks").map((t) => t.taskStatus))).toEqual(new Set(TASK_STATUSES));
    for (const job of jobs) {
      const states = store.tasksOf(job).map((t) => t.taskStatus);
      switch (job.jobStatus) {
        case "Logged":
        case "Requires Auth":
          expect(states, job.jobStatus).toEqual([]);
          break;
        case "Instructed":
          expect(states.length).toBeGreaterThan(0);
          expect(states.every((s) => s === "Not Started")).toBe(true);
          break;
        case "In Progress":
          expect(states).toContain("Started");
          break;
        case "Resource Confirmed Complete":
        case "Completed":
          expect(states.length).toBeGreaterThan(0);
          expect(states.every((s) => s === "Completed")).toBe(true);
          break;
        case "Awaiting Parts":
          // The account's own status: attended, waiting on parts.
          expect(states).toEqual(["Started"]);
          break;
      }
      if (job.jobStatus === "Completed") expect(Date.parse(job.completedDate!)).toBeGreaterThan(Date.parse(job.createdDate!));
      expect(Date.parse(job.createdDate!)).toBeLessThan(Date.parse(DEFAULT_ANCHOR_DATE));
    }
  });

  it("is the same for the same seed and anchor, different for another seed", () => {
    const again = createSeededStore({ anchorDate: DEFAULT_ANCHOR_DATE });
    expect(again.all("jobs")).toEqual(store.all("jobs"));
    expect(again.all("assets")).toEqual(store.all("assets"));
    expect(createSeededStore({ seed: 7, anchorDate: DEFAULT_ANCHOR_DATE }).all("jobs")).not.toEqual(store.all("jobs"));
  });
});

describe("auth", () => {
  it("logs in the demo user for a signed JWT, and refuses bad credentials with the seed's 401 body", async () => {
    const ok = await api("POST", "/auth/login", { username: DEMO_USERS[0]!.username, password: DEMO_USERS[0]!.password }, {});
    expect(ok.status).toBe(200);
    expect(ok.body.token.split(".")).toHaveLength(3);
    const jobs = await api("GET", "/jobs?page=1&pageSize=1", undefined, { Authorization: `Bearer ${ok.body.token}` });
    expect(jobs.status).toBe(200);
    const bad = await api("POST", "/auth/login", { username: "sandbox.dispatcher", password: "nope" }, {});
    expect(bad).toMatchObject({ status: 401, body: { type: "https://tools.ietf.org/html/rfc7235#section-3.1", title: "Unauthorized", status: 401, detail: "Invalid authentication credentials" } });
    const missing = await api("POST", "/auth/login", {}, {});
    expect(missing).toMatchObject({ status: 400, body: { errors: { username: [expect.any(String)], password: [expect.any(String)] } } });
  });

  it("refuses a tampered token and anonymous calls; a read-only principal gets the seed's 403 body", async () => {
    const { body } = await api("POST", "/auth/login", { username: DEMO_USERS[1]!.username, password: DEMO_USERS[1]!.password }, {});
    const tampered = `${body.token.slice(0, -2)}xx`;
    expect((await api("GET", "/sites?page=1&pageSize=1", undefined, { Authorization: `Bearer ${tampered}` })).status).toBe(401);
    const anonymous = await api("GET", "/sites?page=1&pageSize=1", undefined, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe("Bearer");
    const forbidden = await api("POST", "/sites", { name: "x" }, { Authorization: `Bearer ${body.token}` });
    expect(forbidden).toMatchObject({
      status: 403,
      body: { type: "https://tools.ietf.org/html/rfc7231#section-6.5.3", title: "Forbidden", status: 403, detail: "Insufficient permissions to access the requested resource" },
    });
  });
});

describe("job and task rules", () => {
  const job = (status: string) => sb.store.all("jobs").find((j) => j.jobStatus === status)!;

  it("takes no task on a closed or unauthorised job", async () => {
    for (const status of ["Completed", "Cancelled", "Requires Auth"]) {
      const r = await api("POST", "/jobTasks", { jobGuid: job(status).guid, description: "x" });
      expect(r.status, status).toBe(400);
      expect(r.body.errors.jobGuid[0]).toMatch(/Completed|Cancelled|authorisation/);
    }
  });

  it("validates bodies with field messages and refuses non-JSON", async () => {
    const r = await api("POST", "/jobs", { jobDetails: 5, siteId: "x" });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.errors).sort()).toEqual(["jobDetails", "siteId"]);
    const raw = await fetch(`${sb.apiBase}/jobs`, { method: "POST", headers: { "X-API-Key": KEY, "Content-Type": "application/json" }, body: "{oops" });
    expect(raw.status).toBe(400);
    expect((await raw.json()).errors.$).toBeTruthy();
  });

  it("moves an open job along with its tasks", async () => {
    const site = sb.store.all("sites")[0]!;
    const created = await api("POST", "/jobs", { jobDetails: "Rules job", siteId: site.siteId });
    expect(created.status).toBe(201);
    const guid = created.body as string;
    const task = (await api("POST", "/jobTasks", { jobGuid: guid, description: "Do it" })).body as string;
    expect(sb.store.get("jobs", guid)!.jobStatus).toBe("Instructed");
    // Completing straight from Not Started is allowed [I].
    expect((await api("PUT", `/jobTasks/CompleteTask/${task}`, { completeDate: "2026-06-01T10:00:00Z" })).status).toBe(204);
    expect(sb.store.get("jobs", guid)!.jobStatus).toBe("Resource Confirmed Complete");
    expect((await api("PUT", `/jobs/complete/${guid}`, {})).status).toBe(200);
    const late = await api("PUT", `/jobTasks/StartTask/${task}`, {});
    expect(late.status).toBe(400);
    expect(late.body.errors.jobTaskGuid[0]).toMatch(/Completed/);
  });
});

describe("fault injection and rate limiting", () => {
  it("applies a write and then fails the answer (fail_after_commit)", async () => {
    const site = sb.store.all("sites")[1]!;
    const before = sb.store.counts().jobs;
    sb.faults.add({ method: "POST", path: "/api/jobs", kind: "fail_after_commit", status: 502 });
    const r = await api("POST", "/jobs", { jobDetails: "Fault job", siteId: site.siteId });
    expect(r).toMatchObject({ status: 502, body: { status: 502 } });
    expect(sb.store.counts().jobs).toBe(before + 1);
    expect(sb.requests.at(-1)).toMatchObject({ fault: "fail_after_commit", status: 502 });
  });

  it("answers 429 problem details with Retry-After when a principal exceeds the window", async () => {
    const s = await startTrackplanfmSandbox({ rateLimit: { limit: 2, windowMs: 60_000 } });
    try {
      const get = () => fetch(`${s.apiBase}/sites?page=1&pageSize=1`, { headers: { "X-API-Key": KEY } });
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(200);
      const third = await get();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await third.json()).toMatchObject({ status: 429, title: "Too Many Requests" });
    } finally {
      await s.close();
    }
  });
});

describe("every spelling the guide documents", () => {
  it("a job request takes `description` (create body) or `details` (list answer), and serves `details`", async () => {
    const a = await api("POST", "/jobrequests", { description: "Tap dripping in staff kitchen", site: "Coventry Civic Centre" });
    const b = await api("POST", "/JobRequests", { details: "Blind stuck in meeting room 2", site: "Coventry Civic Centre" });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(sb.store.get("jobRequests", a.body)!.details).toBe("Tap dripping in staff kitchen");
    expect(sb.store.get("jobRequests", b.body)!.details).toBe("Blind stuck in meeting room 2");
    const none = await api("POST", "/jobrequests", { site: "Coventry Civic Centre" });
    expect(none.status).toBe(400);
    expect(none.body.errors).toHaveProperty("description");
  });

  it("a storage area takes siteId and the guide's siteld / sitelid slips", async () => {
    const site = sb.store.all("sites")[3]!;
    for (const name of ["siteId", "siteld", "sitelid"]) {
      const r = await api("POST", "/storageArea", { storageName: `Store via ${name}`, [name]: site.siteId });
      expect(r.status, name).toBe(201);
      expect(sb.store.get("storageAreas", r.body)!.siteId, name).toBe(site.siteId);
    }
  });

  it("a task update takes the update body's names and reassigns by resourceId or by a resource's name; completing a job records completedByUserId", async () => {
    const job = sb.store.all("jobs").find((j) => j.jobStatus === "Instructed")!;
    const task = sb.store.tasksOf(job)[0]!;
    const [r1, r2] = sb.store.all("resources").filter((r) => r.resourceId !== task.resourceId);
    expect((await api("PUT", `/JobTasks/Update/${task.guid}`, { resourceId: r1!.resourceId, duration: 3 })).status).toBe(204);
    expect(sb.store.get("jobTasks", task.guid)).toMatchObject({ resourceId: r1!.resourceId, resourceName: r1!.name, durationInHours: 3 });
    expect((await api("PUT", `/jobtasks/update/${task.guid}`, { assignedToUserName: r2!.name })).status).toBe(204);
    expect(sb.store.get("jobTasks", task.guid)).toMatchObject({ resourceId: r2!.resourceId, resourceName: r2!.name });
    const awaiting = sb.store.all("jobs").find((j) => j.jobStatus === "Awaiting Parts")!;
    const done = await api("PUT", `/jobs/complete/${awaiting.guid}`, { jobId: awaiting.jobId, completedByUserId: 7 });
    expect(done.status).toBe(200);
    expect(sb.store.get("jobs", awaiting.guid)).toMatchObject({ jobStatus: "Completed", completedByUserId: 7 });
  });
});
