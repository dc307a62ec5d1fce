/**
 * The tool surface on TrackplanFM, end to end: the built server over stdio (SDK Client) against a TrackplanFM
 * sandbox this test owns, reached over real HTTP with JWT login. Every registered tool, the dispatcher chain
 * (site → job → task → start → complete → complete the job), the refusals, and the safe-write guards
 * (duplicate preflight, idempotency key, dry run, confirmation, reconcile after an ambiguous POST).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_API_KEYS } from "../../src/sandbox/trackplanfm/index.js";
import { call, connect, lookupFilled } from "./harness.js";
import { raiseJob, seenTp, trackplanfmAgainstSandbox } from "./trackplanfm-harness.js";

let env: Awaited<ReturnType<typeof trackplanfmAgainstSandbox>>;
let siteId: string;
let siteName: string;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  env = await trackplanfmAgainstSandbox();
  const site = env.sandbox.store.all("sites").find((s) => s.name === "Coventry Civic Centre")!;
  siteId = site.guid;
  siteName = site.name!;
});
afterAll(async () => {
  await env?.close();
});

const newJob = (title: string) => raiseJob(env.client, siteId, title);

async function newTask(jobId: string, description = "Attend and fix"): Promise<string> {
  const r = await call(env.client, "add_job_task", { job_id: jobId, description, allow_duplicate: true });
  expect(r.isError, r.text).toBe(false);
  return r.data.task.id;
}

describe("TrackplanFM catalogue", () => {
  it("lists the tools the vendor can serve, and says why the others are hidden", async () => {
    const names = (await env.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual([
      "search_customers",
      "get_customer",
      "list_jobs",
      "get_job",
      "create_job",
      "update_job_status",
      "add_job_task",
      "update_job_task",
      "list_job_requests",
      "create_job_request",
      "add_job_cost",
      "update_job_cost",
      "search_assets",
      "get_asset",
      "create_asset",
      "update_asset",
      "list_stock",
      "list_technicians",
    ]);
    const caps = JSON.parse(((await env.client.readResource({ uri: "fsm://capabilities" })).contents[0] as { text: string }).text);
    expect(caps.vendor).toBe("trackplanfm");
    expect(caps.hidden_tools).toEqual([]);
    const hidden = Object.fromEntries(caps.unsupported_tools.map((h: { name: string; reason: string }) => [h.name, h.reason]));
    // add_job_note is JobNimbus's (activities); TrackplanFM documents no job notes endpoint.
    expect(Object.keys(hidden).sort()).toEqual([
      "add_customer_note",
      "add_job_note",
      "create_customer",
      "create_location",
      "log_asset_service",
      "record_meter_reading",
      "transfer_asset",
      "update_asset_status",
      "update_customer",
      "update_job",
      "update_location",
    ]);
    expect(hidden.update_location).toMatch(/no locations below sites/);
    expect(hidden.log_asset_service).toMatch(/no asset service records/);
    expect(hidden.update_job).toMatch(/no job update endpoint/);
    const statuses = JSON.parse(((await env.client.readResource({ uri: "fsm://statuses/jobs" })).contents[0] as { text: string }).text);
    expect(statuses.statuses).toContain("Resource Confirmed Complete");
  });
});

describe("sites in the customer role", () => {
  it("search_customers searches sites by name, region and code", async () => {
    const byName = await call(env.client, "search_customers", { query: "civic" });
    expect(byName.isError, byName.text).toBe(false);
    // The phrase search filled the lookup index in the background: later tests count their own vendor requests.
    await lookupFilled(env);
    expect(byName.data.items.map((s: { name: string }) => s.name).sort()).toEqual(["Coventry Civic Centre"]);
    expect(byName.data.items[0]).toMatchObject({ id: siteId, code: "1202", region: "Midlands" });
    const byRegion = await call(env.client, "search_customers", { region: "Scotland", per_page: 4 });
    expect(byRegion.data).toMatchObject({ total: 6, remaining: 2, next_page: { region: "Scotland", page: 2, per_page: 4 } });
    const byCode = await call(env.client, "search_customers", { code: "1202" });
    expect(byCode.data.items.map((s: { id: string }) => s.id)).toEqual([siteId]);
    // A site named by its street or its postcode, as dispatchers do: the listed site carries its address.
    for (const phrase of ["the Prescot Street site", "L7 8XP"]) {
      const byPlace = await call(env.client, "search_customers", { query: phrase });
      expect(byPlace.data.items[0], phrase).toMatchObject({ name: "Liverpool Riverside Hospital", address: "Prescot Street, Liverpool, L7 8XP" });
    }
  });

  it("get_customer returns the site as its own single location", async () => {
    const r = await call(env.client, "get_customer", { customer_id: siteId });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ customer: { id: siteId, name: siteName }, locations: [{ id: siteId, name: siteName, region: "Midlands", code: "1202" }], locations_total: 1 });
    expect(r.data.locations[0].address).toContain("Coventry");
  });
});

describe("jobs", () => {
  it("list_jobs maps status, site and dates onto the filter grammar", async () => {
    const r = await call(env.client, "list_jobs", { status: "In Progress", per_page: 50 });
    expect(r.isError, r.text).toBe(false);
    const expected = env.sandbox.store.all("jobs").filter((j) => j.jobStatus === "In Progress").length;
    expect(r.data.total).toBe(expected);
    expect(r.data.items.every((j: { status: string }) => j.status === "In Progress")).toBe(true);
    expect(env.sandbox.requests.at(-1)!.query.filter).toBe("jobStatus==In Progress");

    const atSite = await call(env.client, "list_jobs", { location_id: siteId, created_after: "2026-01-01T00:00:00Z", per_page: 100 });
    const site = env.sandbox.store.get("sites", siteId)!;
    expect(atSite.data.total).toBe(env.sandbox.store.all("jobs").filter((j) => j.siteId === site.siteId && Date.parse(j.createdDate!) >= Date.parse("2026-01-01T00:00:00Z")).length);
    expect(atSite.data.items.every((j: { location_id: string }) => j.location_id === siteId)).toBe(true);
    const created = atSite.data.items.map((j: { id: string }) => env.sandbox.store.get("jobs", j.id)!.createdDate!);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it("get_job shows the job's tasks and what each may do next", async () => {
    const seeded = env.sandbox.store.all("jobs").find((j) => j.jobStatus === "In Progress" && env.sandbox.store.tasksOf(j).length === 2)!;
    const r = await call(env.client, "get_job", { job_id: seeded.guid });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.job).toMatchObject({ id: seeded.guid, number: String(seeded.jobNumber), status: "In Progress", location: seeded.siteName });
    expect(r.data.job.allowed_next_statuses).toContain("Completed");
    expect(r.data.job.allowed_next_statuses).toContain("Task Completed");
    for (const t of r.data.job.tasks) {
      const expected = t.status === "Not Started" ? ["Task Started", "Task Completed"] : t.status === "Started" ? ["Task Completed"] : [];
      expect(t.allowed_next_statuses ?? [], t.status).toEqual(expected);
    }
  });

  it("runs the dispatcher chain: raise a job → add a task → start → complete → complete the job", async () => {
    const title = `Boiler lockout ${Date.now()}`;
    const job = await call(env.client, "create_job", { title, description: "Plant room boiler shows lockout code E133.", location_id: siteId });
    expect(job.isError, job.text).toBe(false);
    expect(job.data).toMatchObject({ outcome: "created", job: { title, status: "Logged", location_id: siteId, allowed_next_statuses: ["Completed"] } });
    const jobId = job.data.job.id;
    expect(jobId).toMatch(GUID);
    expect(env.sandbox.store.get("jobs", jobId)!.jobDetails).toBe(`${title}\nPlant room boiler shows lockout code E133.`);

    const techs = await call(env.client, "list_technicians", { per_page: 5 });
    expect(techs.data.total).toBe(25);
    const engineer = techs.data.items.find((t: { type: string }) => t.type === "Engineer");
    const task = await call(env.client, "add_job_task", { job_id: jobId, description: "Reset boiler and replace ignition electrode", technician_id: engineer.id, duration_hours: 2 });
    expect(task.isError, task.text).toBe(false);
    expect(task.data).toMatchObject({ outcome: "created", job_id: jobId, task: { status: "Not Started", assignee: engineer.name, allowed_next_statuses: ["Task Started", "Task Completed"] } });
    const taskId = task.data.task.id;
    expect(env.sandbox.store.get("jobTasks", taskId)).toMatchObject({ durationInHours: 2, resourceName: engineer.name });

    const started = await call(env.client, "update_job_status", { job_id: jobId, status: "Task Started", task_id: taskId });
    expect(started.isError, started.text).toBe(false);
    expect(started.data).toMatchObject({ outcome: "updated", previous_status: "Instructed", previous_task_status: "Not Started", job: { status: "In Progress" } });
    expect(started.data.job.tasks[0]).toMatchObject({ id: taskId, status: "Started", allowed_next_statuses: ["Task Completed"] });

    const done = await call(env.client, "update_job_status", { job_id: jobId, status: "Task Completed", task_id: taskId, note: "Electrode replaced" });
    expect(done.data).toMatchObject({ outcome: "updated", job: { status: "Resource Confirmed Complete", allowed_next_statuses: ["Completed"] } });
    expect(env.sandbox.store.get("jobTasks", taskId)).toMatchObject({ taskStatus: "Completed", completeNote: "Electrode replaced" });

    // Completing the job cannot be undone: a client without elicitation gets a preview first.
    const puts = seenTp(env.sandbox, "PUT", "/jobs/complete");
    const preview = await call(env.client, "update_job_status", { job_id: jobId, status: "Completed", note: "Signed off" });
    expect(preview.data).toMatchObject({ outcome: "preview", request: { method: "PUT", path: `/jobs/complete/${jobId}`, body: { completedNote: "Signed off" } } });
    expect(seenTp(env.sandbox, "PUT", "/jobs/complete")).toBe(puts);
    const completed = await call(env.client, "update_job_status", { job_id: jobId, status: "Completed", note: "Signed off", confirm: true });
    expect(completed.data).toMatchObject({ outcome: "updated", job: { status: "Completed", allowed_next_statuses: [] } });
    expect(env.sandbox.store.get("jobs", jobId)).toMatchObject({ jobStatus: "Completed", completedNote: "Signed off", jobId: preview.data.request.body.jobId });

    const again = await call(env.client, "update_job_status", { job_id: jobId, status: "Completed", confirm: true });
    expect(again.data.outcome).toBe("existing");
    expect(seenTp(env.sandbox, "PUT", "/jobs/complete")).toBe(puts + 1);
  });
});

describe("refusals, before anything is sent", () => {
  it("a task target without task_id names the job's tasks", async () => {
    const jobId = await newJob(`No task id ${Date.now()}`);
    const taskId = await newTask(jobId);
    const puts = seenTp(env.sandbox, "PUT");
    const r = await call(env.client, "update_job_status", { job_id: jobId, status: "Task Started" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("task_id: is required for Task Started");
    expect(r.text).toContain(`allowed: ${taskId}`);
    expect(seenTp(env.sandbox, "PUT")).toBe(puts);
  });

  it("a task of another job, a task_id on the job target, and a finished task are refused", async () => {
    const jobA = await newJob(`Job A ${Date.now()}`);
    const jobB = await newJob(`Job B ${Date.now()}`);
    const taskB = await newTask(jobB);
    const puts = seenTp(env.sandbox, "PUT");
    const other = await call(env.client, "update_job_status", { job_id: jobA, status: "Task Started", task_id: taskB });
    expect(other.isError).toBe(true);
    expect(other.text).toMatch(/has no task/);
    const onJob = await call(env.client, "update_job_status", { job_id: jobB, status: "Completed", task_id: taskB, confirm: true });
    expect(onJob.isError).toBe(true);
    expect(onJob.text).toMatch(/task_id: applies only to Task Started or Task Completed/);
    expect(seenTp(env.sandbox, "PUT")).toBe(puts);

    const finished = await call(env.client, "update_job_status", { job_id: jobB, status: "Task Completed", task_id: taskB });
    expect(finished.isError, finished.text).toBe(false);
    const restart = await call(env.client, "update_job_status", { job_id: jobB, status: "Task Started", task_id: taskB });
    expect(restart.isError).toBe(true);
    expect(restart.text).toContain("invalid_status_transition");
    expect(restart.text).toMatch(/Completed is terminal/);
    expect(seenTp(env.sandbox, "PUT")).toBe(puts + 1);
  });

  it("a closed job takes no task and no task change", async () => {
    const closed = env.sandbox.store.all("jobs").find((j) => j.jobStatus === "Completed" && env.sandbox.store.tasksOf(j).length > 0)!;
    const posts = seenTp(env.sandbox, "POST", "/jobtasks");
    const add = await call(env.client, "add_job_task", { job_id: closed.guid, description: "More work" });
    expect(add.isError).toBe(true);
    expect(add.text).toMatch(/Completed is terminal/);
    expect(seenTp(env.sandbox, "POST", "/jobtasks")).toBe(posts);
    const task = env.sandbox.store.tasksOf(closed)[0]!;
    const move = await call(env.client, "update_job_status", { job_id: closed.guid, status: "Task Started", task_id: task.guid });
    expect(move.isError).toBe(true);
    expect(move.text).toMatch(/Completed is terminal/);
  });

  it("statuses outside the targets and ids that are neither GUIDs nor job numbers fail the schema without a request", async () => {
    const before = env.sandbox.requests.length;
    const status = await call(env.client, "update_job_status", { job_id: siteId, status: "In Progress" });
    expect(status.isError).toBe(true);
    expect(status.text).toMatch(/Input validation error/);
    expect(status.text).toContain("Task Started");
    const id = await call(env.client, "get_job", { job_id: "JOB-10042" });
    expect(id.isError).toBe(true);
    expect(id.text).toMatch(/GUID or a job number/);
    expect(env.sandbox.requests.length).toBe(before);
  });

  it("an unknown job or site is not_found with the tool that finds valid ids", async () => {
    const job = await call(env.client, "get_job", { job_id: "00000000-0000-4000-8000-000000000001" });
    expect(job.isError).toBe(true);
    expect(job.text).toContain("not_found");
    expect(job.text).toContain("list_jobs");
    const site = await call(env.client, "create_job", { title: "Nowhere", location_id: "00000000-0000-4000-8000-000000000002" });
    expect(site.isError).toBe(true);
    expect(site.text).toContain("No site with id");
    expect(site.text).toContain("search_customers");
  });

  it("a vendor validation refusal keeps its field messages", async () => {
    const auth = env.sandbox.store.all("jobs").find((j) => j.jobStatus === "Requires Auth")!;
    const r = await call(env.client, "add_job_task", { job_id: auth.guid, description: "Instruct anyway" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("validation_failed");
    expect(r.text).toMatch(/field jobGuid: .*requires authorisation/);
  });
});

describe("safe writes", () => {
  it("create_job: duplicate preflight, dry run and idempotency key", async () => {
    const title = `Fire door closer broken ${Date.now()}`;
    const posts = () => seenTp(env.sandbox, "POST", "/api/jobs");
    const dry = await call(env.client, "create_job", { title, location_id: siteId, dry_run: true });
    expect(dry.data).toMatchObject({ outcome: "dry_run", request: { method: "POST", path: "/jobs", body: { jobDetails: title, siteName } } });
    expect(dry.data.request.body.siteId).toBe(env.sandbox.store.get("sites", siteId)!.siteId);
    const start = posts();
    expect(start).toBeGreaterThan(0);

    // allow_duplicate skips the preflight, so the repeat below is answered by the idempotency ledger.
    const keyed = { title, location_id: siteId, idempotency_key: `k-${title}`, allow_duplicate: true };
    const first = await call(env.client, "create_job", keyed);
    expect(first.data.outcome).toBe("created");
    const dup = await call(env.client, "create_job", { title, location_id: siteId });
    expect(dup.data).toMatchObject({ outcome: "existing", job: { id: first.data.job.id } });
    expect(dup.text).toMatch(/already open/);
    const replay = await call(env.client, "create_job", keyed);
    expect(replay.data).toMatchObject({ outcome: "replayed", job: { id: first.data.job.id } });
    expect(posts()).toBe(start + 1);
  });

  it("create_job reconciles after an ambiguous POST instead of creating a duplicate", async () => {
    const title = `Lift out of service ${Date.now()}`;
    const before = env.sandbox.store.counts().jobs;
    env.sandbox.faults.add({ method: "POST", path: "/api/jobs", kind: "fail_after_commit", status: 502 });
    const r = await call(env.client, "create_job", { title, location_id: siteId });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "reconciled", job: { title, location_id: siteId } });
    expect(env.sandbox.store.counts().jobs).toBe(before + 1);
  });

  it("add_job_task: duplicate preflight, dry run, and reconcile after an ambiguous POST", async () => {
    const jobId = await newJob(`Task guards ${Date.now()}`);
    const posts = () => seenTp(env.sandbox, "POST", "/jobtasks");
    const start = posts();
    const dry = await call(env.client, "add_job_task", { job_id: jobId, description: "Replace door closer", dry_run: true });
    expect(dry.data).toMatchObject({ outcome: "dry_run", request: { method: "POST", path: "/jobTasks", body: { jobGuid: jobId, description: "Replace door closer" } } });
    expect(posts()).toBe(start);
    const first = await call(env.client, "add_job_task", { job_id: jobId, description: "Replace door closer" });
    expect(first.data.outcome).toBe("created");
    const dup = await call(env.client, "add_job_task", { job_id: jobId, description: "replace door closer " });
    expect(dup.data).toMatchObject({ outcome: "existing", task: { id: first.data.task.id } });
    expect(posts()).toBe(start + 1);

    env.sandbox.faults.add({ method: "POST", path: "/api/jobTasks", kind: "fail_after_commit", status: 500 });
    const second = await call(env.client, "add_job_task", { job_id: jobId, description: "Adjust door and test", allow_duplicate: true });
    expect(second.isError, second.text).toBe(false);
    expect(second.data.outcome).toBe("reconciled");
    expect(env.sandbox.store.tasksOf(env.sandbox.store.get("jobs", jobId)!).map((t) => t.description)).toEqual(["Replace door closer", "Adjust door and test"]);
  });

  it("update_job_status: dry run shows the exact PUT and sends nothing; expected_status is compare-and-set", async () => {
    const jobId = await newJob(`Status guards ${Date.now()}`);
    const taskId = await newTask(jobId);
    const puts = seenTp(env.sandbox, "PUT");
    const dry = await call(env.client, "update_job_status", { job_id: jobId, status: "Task Started", task_id: taskId, dry_run: true });
    expect(dry.data).toMatchObject({ outcome: "dry_run", request: { method: "PUT", path: `/jobTasks/StartTask/${taskId}`, body: { startDate: expect.any(String) } } });
    const stale = await call(env.client, "update_job_status", { job_id: jobId, status: "Task Started", task_id: taskId, expected_status: "Logged" });
    expect(stale.isError).toBe(true);
    expect(stale.text).toContain("stale_record");
    expect(seenTp(env.sandbox, "PUT")).toBe(puts);
  });
});

describe("assets and resources", () => {
  it("search_assets by description, class and site; get_asset", async () => {
    const boilers = await call(env.client, "search_assets", { query: "boiler", per_page: 100 });
    expect(boilers.isError, boilers.text).toBe(false);
    expect(boilers.data.total).toBe(env.sandbox.store.all("assets").filter((a) => a.description!.toLowerCase().includes("boiler")).length);
    const lifts = await call(env.client, "search_assets", { type_id: 15, location_id: siteId, per_page: 100 });
    const site = env.sandbox.store.get("sites", siteId)!;
    const expected = env.sandbox.store.all("assets").filter((a) => a.assetClassId === 15 && a.siteId === site.siteId);
    expect(lifts.data.total).toBe(expected.length);
    const anyAsset = await call(env.client, "search_assets", { location_id: siteId, per_page: 1 });
    const one = await call(env.client, "get_asset", { asset_id: anyAsset.data.items[0].id, response_format: "detailed" });
    expect(one.isError, one.text).toBe(false);
    expect(one.data).toMatchObject({ asset: { id: anyAsset.data.items[0].id, location_id: siteId, type_id: expect.any(Number) }, recent_service: [], service_total: 0 });
  });

  it("list_technicians pages through resources", async () => {
    const first = await call(env.client, "list_technicians", { per_page: 10 });
    expect(first.data).toMatchObject({ total: 25, remaining: 15, next_page: { page: 2, per_page: 10 } });
    const names = first.data.items.map((t: { name: string }) => t.name);
    expect([...names].sort((a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))).toEqual(names);
  });
});

describe("other modes", () => {
  it("a revoked token is renewed by one login inside the tool call", async () => {
    const logins = seenTp(env.sandbox, "POST", "/auth/login");
    env.sandbox.revokeTokens();
    const r = await call(env.client, "list_technicians", { per_page: 1 });
    expect(r.isError, r.text).toBe(false);
    expect(seenTp(env.sandbox, "POST", "/auth/login")).toBe(logins + 1);
  });

  it("a refused login is an unauthorized error that names the credentials, never the password", async () => {
    const conn = await connect({ FSM_VENDOR: "trackplanfm", FSM_BASE_URL: env.sandbox.url, FSM_USERNAME: "sandbox.dispatcher", FSM_PASSWORD: "not-the-password-42" });
    try {
      const r = await call(conn.client, "search_customers", { query: "tower" });
      expect(r.isError).toBe(true);
      expect(r.text).toContain("Error (unauthorized): TrackplanFM rejected the credentials (401)");
      expect(r.text).toContain("Invalid authentication credentials");
      expect(r.text + conn.stderr()).not.toContain("not-the-password-42");
    } finally {
      await conn.close();
    }
  });

  it("an API key (FSM_API_KEY=TP-…) works without a login", async () => {
    const key = DEMO_API_KEYS.find((k) => k.label === "full-access")!.key;
    const conn = await connect({ FSM_VENDOR: "trackplanfm", FSM_BASE_URL: env.sandbox.url, FSM_API_KEY: key });
    try {
      const logins = seenTp(env.sandbox, "POST", "/auth/login");
      const r = await call(conn.client, "search_customers", { query: "tower" });
      expect(r.isError, r.text).toBe(false);
      expect(r.data.total).toBeGreaterThan(0);
      expect(seenTp(env.sandbox, "POST", "/auth/login")).toBe(logins);
      expect(env.sandbox.requests.at(-1)!.keyLabel).toBe("key:full-access");
      expect(conn.stderr()).not.toContain(key);
    } finally {
      await conn.close();
    }
  });

  it("read-only mode lists only reads", async () => {
    const conn = await connect({ FSM_SANDBOX: "trackplanfm", FSM_READ_ONLY: "1" });
    try {
      const tools = (await conn.client.listTools()).tools;
      expect(tools.map((t) => t.name)).toEqual(["search_customers", "get_customer", "list_jobs", "get_job", "list_job_requests", "search_assets", "get_asset", "list_stock", "list_technicians"]);
      expect(conn.client.getInstructions()).toMatch(/TrackplanFM SANDBOX/);
      // The JWT login is a POST, but not a write: read-only mode still logs in and reads.
      const r = await call(conn.client, "list_jobs", { status: "Logged", per_page: 2 });
      expect(r.isError, r.text).toBe(false);
      expect(r.data.items).toHaveLength(2);
    } finally {
      await conn.close();
    }
  });
});
