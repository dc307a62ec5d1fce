/**
 * TrackplanFM workflows of issue 13, end to end: the built server over stdio (SDK Client) against a TrackplanFM
 * sandbox this test owns, over real HTTP with JWT login. Job requests, job costs, task updates, asset create and
 * update, and the fidelity fixes (serial/tag search, no jobNumber in place of jobId, jobs by number, account
 * statuses, completedByUserId, malformed ids refused as invalid params before any request).
 */
import { randomUUID } from "node:crypto";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_API_KEYS, DEMO_USERS } from "../../src/sandbox/trackplanfm/index.js";
import { call, connect } from "./harness.js";
import { raiseJob, seenTp, trackplanfmAgainstSandbox } from "./trackplanfm-harness.js";

let env: Awaited<ReturnType<typeof trackplanfmAgainstSandbox>>;
let siteId: string;
let siteName: string;

beforeAll(async () => {
  env = await trackplanfmAgainstSandbox();
  const site = env.sandbox.store.all("sites").find((s) => s.name === "Stockport Central Library")!;
  siteId = site.guid;
  siteName = site.name!;
});
afterAll(async () => {
  await env?.close();
});

const newJob = (title: string) => raiseJob(env.client, siteId, title);

/**
 * Wait (explicitly, not by a guessed delay) until the job index is whole: while the first fill runs, a lookup's
 * own vendor requests are mixed with the fill's, and the requests a lookup makes cannot be counted.
 */
async function jobIndexWhole(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const r = await call(env.client, "list_jobs", { query: "radiator" });
    expect(r.isError, r.text).toBe(false);
    if (r.data.index === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the job index never finished filling");
}

describe("job requests (§2.2)", () => {
  it("create_job_request: dry run, created, duplicate preflight, idempotent replay; list_job_requests finds it", async () => {
    expect(env.client.getInstructions()).toContain("Helpdesk intake: create_job_request");
    expect(env.client.getInstructions()).toContain("add_job_cost");
    const description = `Radiator cold in reading room ${Date.now()}`;
    const posts = () => seenTp(env.sandbox, "POST", "/jobrequests");
    const start = posts();
    const dry = await call(env.client, "create_job_request", { location_id: siteId, description, raised_by: "Sam Reid", dry_run: true });
    expect(dry.data).toMatchObject({ outcome: "dry_run", request: { method: "POST", path: "/jobrequests", body: { description, site: siteName, raisedBy: "Sam Reid" } } });
    expect(posts()).toBe(start);

    const args = { location_id: siteId, description, raised_by: "Sam Reid", raised_by_email: "sam.reid@client.example", idempotency_key: `req-${description}` };
    const first = await call(env.client, "create_job_request", args);
    expect(first.isError, first.text).toBe(false);
    expect(first.data).toMatchObject({ outcome: "created", job_request: { description, site: siteName, raised_by: "Sam Reid", status: "New" } });
    const stored = env.sandbox.store.get("jobRequests", first.data.job_request.id)!;
    // Sent as `description` (the create body's name), stored and served as `details` (the list answer's).
    expect(stored).toMatchObject({ details: description, raisedByEmail: "sam.reid@client.example", site: siteName });

    const replay = await call(env.client, "create_job_request", args);
    expect(replay.data).toMatchObject({ outcome: "replayed", job_request: { id: first.data.job_request.id } });
    const dup = await call(env.client, "create_job_request", { location_id: siteId, description: ` ${description.toUpperCase()} ` });
    expect(dup.data).toMatchObject({ outcome: "existing", job_request: { id: first.data.job_request.id } });
    expect(dup.text).toMatch(/already open/);
    expect(posts()).toBe(start + 1);

    const listed = await call(env.client, "list_job_requests", { query: "radiator cold", per_page: 50 });
    expect(listed.isError, listed.text).toBe(false);
    expect(listed.data.items.map((r: { id: string }) => r.id)).toContain(first.data.job_request.id);
    const fresh = await call(env.client, "list_job_requests", { per_page: 1 });
    expect(fresh.data.items[0].id).toBe(first.data.job_request.id);
    expect(fresh.data.total).toBe(env.sandbox.store.counts().jobRequests);
  });

  it("reconciles after an ambiguous POST instead of logging the request twice", async () => {
    const description = `Lift alarm sounding ${Date.now()}`;
    const before = env.sandbox.store.counts().jobRequests;
    env.sandbox.faults.add({ method: "POST", path: "/api/jobrequests", kind: "fail_after_commit", status: 502 });
    const r = await call(env.client, "create_job_request", { location_id: siteId, description });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "reconciled", job_request: { description } });
    expect(env.sandbox.store.counts().jobRequests).toBe(before + 1);
  });

  it("a bad email or a site id that is not a GUID is refused by the schema, before any request", async () => {
    const before = env.sandbox.requests.length;
    const email = await call(env.client, "create_job_request", { location_id: siteId, description: "x", raised_by_email: "not an email" });
    expect(email.isError).toBe(true);
    expect(email.text).toMatch(/email/);
    const site = await call(env.client, "create_job_request", { location_id: "1202", description: "x" });
    expect(site.isError).toBe(true);
    expect(env.sandbox.requests.length).toBe(before);
  });
});

describe("job costs (§2.4)", () => {
  it("add_job_cost flags a line over budget, get_job shows the costs and totals, update_job_cost sends the whole line", async () => {
    const jobId = await newJob(`Cost job ${Date.now()}`);
    const added = await call(env.client, "add_job_cost", { job_id: jobId, materials: 42.5, labour: 180, budget: 200, description: "Fittings and labour" });
    expect(added.isError, added.text).toBe(false);
    expect(added.data).toMatchObject({
      outcome: "created",
      job_id: jobId,
      cost: { materials: 42.5, labour: 180, total: 222.5, budget: 200, over_budget: true },
      job_totals: { lines: 1, total: 222.5, budget: 200, over_budget: true },
    });
    expect(added.data.warning).toMatch(/Over budget: this cost totals 222.50 against a budget of 200.00 \(22.50 over\)/);
    const costId = added.data.cost.id;
    expect(env.sandbox.store.get("jobCosts", costId)).toMatchObject({ costMaterials: 42.5, costLabour: 180, budget: 200, costDescription: "Fittings and labour" });

    const second = await call(env.client, "add_job_cost", { job_id: jobId, labour: 0.1, description: "Call-out" });
    expect(second.data.cost).toMatchObject({ total: 0.1, over_budget: false });
    const dup = await call(env.client, "add_job_cost", { job_id: jobId, labour: 0.1, description: "call-out" });
    expect(dup.data).toMatchObject({ outcome: "existing", cost: { id: second.data.cost.id } });

    const job = await call(env.client, "get_job", { job_id: jobId });
    expect(job.data.costs.map((c: { id: string }) => c.id).sort()).toEqual([costId, second.data.cost.id].sort());
    expect(job.data.cost_totals).toMatchObject({ lines: 2, materials: 42.5, labour: 180.1, total: 222.6, budget: 200, over_budget: true });

    const puts = seenTp(env.sandbox, "PUT", "/jobcosts/update");
    const dry = await call(env.client, "update_job_cost", { job_id: jobId, cost_id: costId, budget: 250, dry_run: true });
    // The PUT carries the whole line (the cost as read, the change laid over it), so nothing is reset.
    expect(dry.data.request).toEqual({ method: "PUT", path: `/jobcosts/update/${costId}`, body: { costMaterials: 42.5, costLabour: 180, budget: 250, costDescription: "Fittings and labour" } });
    const updated = await call(env.client, "update_job_cost", { job_id: jobId, cost_id: costId, budget: 250 });
    expect(updated.data).toMatchObject({ outcome: "updated", cost: { id: costId, budget: 250, over_budget: false }, previous: { budget: 200, over_budget: true } });
    expect(env.sandbox.store.get("jobCosts", costId)).toMatchObject({ costMaterials: 42.5, costLabour: 180, budget: 250 });
    const same = await call(env.client, "update_job_cost", { job_id: jobId, cost_id: costId, budget: 250 });
    expect(same.data.outcome).toBe("existing");
    expect(seenTp(env.sandbox, "PUT", "/jobcosts/update")).toBe(puts + 1);
  });

  it("money must be non-negative with at most two decimals, refused before any request; a cost of another job is not_found", async () => {
    const jobId = await newJob(`Money job ${Date.now()}`);
    const before = env.sandbox.requests.length;
    for (const bad of [{ labour: -1 }, { materials: 10.005 }, { budget: 1e12 }]) {
      const r = await call(env.client, "add_job_cost", { job_id: jobId, ...bad });
      expect(r.isError, JSON.stringify(bad)).toBe(true);
      expect(r.text).toMatch(/Input validation error/);
    }
    expect(env.sandbox.requests.length).toBe(before);
    const nothing = await call(env.client, "add_job_cost", { job_id: jobId });
    expect(nothing.isError).toBe(true);
    expect(nothing.text).toMatch(/nothing to record/);

    const other = env.sandbox.store.all("jobCosts")[0]!;
    const r = await call(env.client, "update_job_cost", { job_id: jobId, cost_id: other.guid, labour: 1 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("not_found");
    expect(r.text).toContain("get_job");
  });
});

describe("update_job_task (§2.5.6)", () => {
  it("reassigns with compare-and-set on the assignee, rewords, and sends the whole documented body", async () => {
    const jobId = await newJob(`Task update job ${Date.now()}`);
    const resources = env.sandbox.store.all("resources");
    const [a, b] = [resources[0]!, resources[1]!];
    const task = await call(env.client, "add_job_task", { job_id: jobId, description: "Inspect pump", technician_id: a.guid, duration_hours: 2 });
    const taskId = task.data.task.id;
    const puts = () => seenTp(env.sandbox, "PUT", "/jobtasks/update");
    const start = puts();

    const stale = await call(env.client, "update_job_task", { job_id: jobId, task_id: taskId, technician_id: b.guid, expected_assignee: b.name! });
    expect(stale.isError).toBe(true);
    expect(stale.text).toContain("stale_record");
    expect(stale.text).toContain(`assigned to ${a.name}`);
    const staleStatus = await call(env.client, "update_job_task", { job_id: jobId, task_id: taskId, description: "x", expected_status: "Started" });
    expect(staleStatus.text).toContain("stale_record");
    expect(puts()).toBe(start);

    const dry = await call(env.client, "update_job_task", { job_id: jobId, task_id: taskId, technician_id: b.guid, dry_run: true });
    expect(dry.data.request).toMatchObject({
      method: "PUT",
      path: `/JobTasks/Update/${taskId}`,
      body: { description: "Inspect pump", assignedToUserName: b.name, resourceId: b.resourceId, duration: 2 },
    });
    expect(puts()).toBe(start);

    const moved = await call(env.client, "update_job_task", { job_id: jobId, task_id: taskId, technician_id: b.guid, description: "Inspect and service pump", expected_assignee: a.name! });
    expect(moved.isError, moved.text).toBe(false);
    expect(moved.data).toMatchObject({ outcome: "updated", job_id: jobId, task: { id: taskId, assignee: b.name, description: "Inspect and service pump" }, previous: { assignee: a.name } });
    expect(env.sandbox.store.get("jobTasks", taskId)).toMatchObject({ resourceId: b.resourceId, resourceName: b.name, description: "Inspect and service pump", durationInHours: 2 });
    expect(puts()).toBe(start + 1);

    const other = await newJob(`Other job ${Date.now()}`);
    const wrongJob = await call(env.client, "update_job_task", { job_id: other, task_id: taskId, description: "x" });
    expect(wrongJob.isError).toBe(true);
    expect(wrongJob.text).toMatch(/has no task/);
  });
});

describe("assets (§2.6)", () => {
  it("create_asset requires the site, learns the class name, and search_assets finds it by serial and by tag", async () => {
    const before = env.sandbox.requests.length;
    const noSite = await call(env.client, "create_asset", { name: "Booster pump", type_id: 1 });
    expect(noSite.isError).toBe(true);
    expect(noSite.text).toMatch(/location_id/);
    expect(env.sandbox.requests.length).toBe(before);

    const cls = env.sandbox.store.all("assets")[0]!;
    const serial = `GRU${Date.now()}`;
    const made = await call(env.client, "create_asset", { name: "Booster pump 2 - Basement", type_id: cls.assetClassId!, location_id: siteId, serial_number: serial, manufacturer: "Grundfos", model: "CR 10" });
    expect(made.isError, made.text).toBe(false);
    expect(made.data).toMatchObject({ outcome: "created", asset: { name: "Booster pump 2 - Basement", serial_number: serial, location_id: siteId, type: cls.assetClass } });
    const stored = env.sandbox.store.get("assets", made.data.asset.id)!;
    expect(stored).toMatchObject({ assetClass: cls.assetClass, siteName, serialNumber: serial, manufacturer: "Grundfos", model: "CR 10" });

    const again = await call(env.client, "create_asset", { name: "Another", type_id: cls.assetClassId!, location_id: siteId, serial_number: serial });
    expect(again.data).toMatchObject({ outcome: "existing", asset: { id: made.data.asset.id } });

    const bySerial = await call(env.client, "search_assets", { query: serial.slice(0, 10) });
    expect(bySerial.data.items.map((x: { id: string }) => x.id)).toContain(made.data.asset.id);
    const seeded = env.sandbox.store.all("assets")[5]!;
    const byTag = await call(env.client, "search_assets", { query: String(seeded.assetId) });
    expect(byTag.data.items.map((x: { id: string }) => x.id)).toContain(seeded.guid);
    const bySeededSerial = await call(env.client, "search_assets", { query: seeded.serialNumber! });
    expect(bySeededSerial.data).toMatchObject({ total: 1, items: [{ id: seeded.guid, serial_number: seeded.serialNumber }] });
  });

  it("create_asset reconciles after an ambiguous POST (no serial, no creation time: by name, class and site), creating one asset", async () => {
    const cls = env.sandbox.store.all("assets")[2]!;
    const name = `Water softener ${Date.now()}`;
    const before = env.sandbox.store.counts().assets;
    env.sandbox.faults.add({ method: "POST", path: "/api/assets", kind: "fail_after_commit", status: 502 });
    const r = await call(env.client, "create_asset", { name, type_id: cls.assetClassId!, location_id: siteId });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "reconciled", asset: { name, location_id: siteId } });
    expect(env.sandbox.store.counts().assets).toBe(before + 1);
  });

  it("search_assets pages the ranked matches of a phrase (the lookup index): every match once, best first, page 2 continuing page 1", async () => {
    const q = "boiler";
    const expected = env.sandbox.store
      .all("assets")
      .filter((a) => a.description!.toLowerCase().includes(q) || a.serialNumber?.toLowerCase().includes(q))
      .map((a) => a.guid)
      .sort();
    const first = await call(env.client, "search_assets", { query: q, per_page: 5 });
    const second = await call(env.client, "search_assets", { query: q, per_page: 5, page: 2 });
    const all = await call(env.client, "search_assets", { query: q, per_page: 100 });
    expect(first.data.total).toBe(expected.length);
    expect(first.data.remaining).toBe(Math.max(0, expected.length - 5));
    const paged = [...first.data.items, ...second.data.items].map((a: { id: string }) => a.id);
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged).toEqual(all.data.items.slice(0, 10).map((a: { id: string }) => a.id));
    expect(all.data.items.map((a: { id: string }) => a.id).sort()).toEqual(expected);
    const scores = all.data.items.map((a: { score: number }) => a.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(all.data.items[0].matched).toContainEqual(expect.stringMatching(/^name: .*Boiler/));
  });

  it("update_asset sends the whole record with the change laid over it, and expected_name is compare-and-set", async () => {
    const asset = env.sandbox.store.all("assets").find((a) => a.siteId !== null && a.manufacturer)!;
    const snapshot = structuredClone(asset);
    const stale = await call(env.client, "update_asset", { asset_id: asset.guid, serial_number: "X1", expected_name: "Something else" });
    expect(stale.isError).toBe(true);
    expect(stale.text).toContain("stale_record");
    const r = await call(env.client, "update_asset", { asset_id: asset.guid, serial_number: "SN-CORRECTED-1", expected_name: asset.description! });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "updated", asset: { id: asset.guid, serial_number: "SN-CORRECTED-1" }, previous: { serial_number: snapshot.serialNumber } });
    expect(env.sandbox.store.get("assets", asset.guid)).toEqual({ ...snapshot, serialNumber: "SN-CORRECTED-1" });
  });
});

describe("stock (§2.9-2.11)", () => {
  it("list_stock: a site's stores and what they hold, low stock flagged and filtered, by part words or one store", async () => {
    const store = env.sandbox.store;
    const area = store.all("storageAreas")[0]!;
    const site = store.siteById(area.siteId!)!;
    const areas = store.all("storageAreas").filter((a) => a.siteId === site.siteId);
    const levels = store.all("stockLevels").filter((l) => areas.some((a) => a.storageId === l.storageId));
    const r = await call(env.client, "list_stock", { location_id: site.guid, per_page: 100 });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.total).toBe(levels.length);
    const low = levels.filter((l) => l.quantity! <= l.minimumLevel!);
    expect(r.data.items.filter((i: { low: boolean }) => i.low)).toHaveLength(low.length);
    const lowOnly = await call(env.client, "list_stock", { location_id: site.guid, low_only: true, per_page: 100 });
    expect(lowOnly.data.total).toBe(low.length);

    const item = store.all("stocks").find((s) => s.stockId === levels[0]!.stockId)!;
    const byPart = await call(env.client, "list_stock", { location_id: site.guid, query: item.partNumber!, response_format: "detailed", per_page: 100 });
    expect(byPart.data.items.length).toBeGreaterThan(0);
    expect(byPart.data.items.every((i: { part_number: string; location_id: string }) => i.part_number === item.partNumber && i.location_id === site.guid)).toBe(true);
    const oneStore = await call(env.client, "list_stock", { store_id: area.guid, per_page: 100 });
    expect(oneStore.data.total).toBe(store.all("stockLevels").filter((l) => l.storageId === area.storageId).length);
    expect(oneStore.data.items.every((i: { store: string }) => i.store === area.storageName)).toBe(true);
    const missing = await call(env.client, "list_stock", { store_id: "00000000-0000-4000-8000-000000000009" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain("not_found");
  });
});

describe("fidelity of jobs", () => {
  it("get_job takes the job number: a dispatcher says 'job 10005'", async () => {
    const job = env.sandbox.store.all("jobs").find((j) => j.jobNumber === 10005)!;
    const r = await call(env.client, "get_job", { job_id: "10005" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.job).toMatchObject({ id: job.guid, number: "10005" });
    const missing = await call(env.client, "get_job", { job_id: "999999" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain("not_found");
    expect(missing.text).toContain("list_jobs");
  });

  it("list_jobs finds a job in one call by words of its details, in any order, or by its job number", async () => {
    const stamp = Date.now().toString(36);
    await jobIndexWhole();
    const guid = await newJob(`Radiator valve ${stamp} weeping in the east stairwell`);
    const before = env.sandbox.requests.length;
    const byWords = await call(env.client, "list_jobs", { query: `stairwell ${stamp} valve` });
    expect(byWords.isError, byWords.text).toBe(false);
    expect(byWords.data).toMatchObject({ total: 1, items: [{ id: guid }] });
    // No request: a job raised through fsm-mcp is in the lookup index at once (issue 12: fresh for its own writes),
    // so the phrase is answered locally rather than by the vendor's contains filters.
    expect(env.sandbox.requests.length - before).toBe(0);
    const none = await call(env.client, "list_jobs", { query: `stairwell ${stamp} boiler` });
    expect(none.data.total).toBe(0);

    const number = env.sandbox.store.get("jobs", guid)!.jobNumber!;
    const byNumber = await call(env.client, "list_jobs", { query: String(number) });
    expect(byNumber.data).toMatchObject({ total: 1, items: [{ id: guid, number: String(number) }] });
  });

  it("list_jobs finds a job a colleague raised outside fsm-mcp minutes ago (not in the index yet) through the vendor's own search, in one request", async () => {
    await jobIndexWhole();
    // Raised straight in the sandbox: fsm-mcp never saw it, and TrackplanFM has no updated_since to learn of it.
    const template = env.sandbox.store.get("jobs", await newJob(`Template ${Date.now()}`))!;
    const stamp = `x${Date.now().toString(36)}`;
    const outside = { ...template, guid: randomUUID(), jobId: env.sandbox.store.next("jobId"), jobNumber: env.sandbox.store.next("jobNumber"), jobDetails: `Gutter ${stamp} overflowing by the loading bay` };
    env.sandbox.store.put("jobs", outside);
    const before = env.sandbox.requests.length;
    const byWords = await call(env.client, "list_jobs", { query: `loading bay gutter ${stamp}` });
    expect(byWords.isError, byWords.text).toBe(false);
    expect(byWords.data).toMatchObject({ total: 1, items: [{ id: outside.guid }] });
    expect(byWords.data.items[0].matched).toContain("vendor search");
    // One request: the index found nothing, so the vendor's job search was asked once with the most telling word.
    expect(env.sandbox.requests.length - before).toBe(1);

    // "job 24003" for another job raised outside: the number names no indexed job, so the vendor is asked.
    const other = { ...template, guid: randomUUID(), jobId: env.sandbox.store.next("jobId"), jobNumber: env.sandbox.store.next("jobNumber"), jobDetails: `Door closer ${stamp}` };
    env.sandbox.store.put("jobs", other);
    const byNumber = await call(env.client, "list_jobs", { query: `job ${other.jobNumber}` });
    expect(byNumber.data).toMatchObject({ total: 1, items: [{ id: other.guid, number: String(other.jobNumber) }] });

    // Still no noise: a phrase naming a customer nobody has finds nothing, though the vendor was asked.
    const none = await call(env.client, "list_jobs", { query: `gutter ${stamp} Zzyzxcorp` });
    expect(none.data.total).toBe(0);
  });

  it("a job in an account-defined status (Awaiting Parts) is completed, and the sign-off names the logged-in user", async () => {
    const job = env.sandbox.store.all("jobs").find((j) => j.jobStatus === "Awaiting Parts")!;
    const listed = await call(env.client, "list_jobs", { status: "Awaiting Parts", per_page: 50 });
    expect(listed.isError, listed.text).toBe(false);
    expect(listed.data.items.map((j: { id: string }) => j.id)).toContain(job.guid);
    const read = await call(env.client, "get_job", { job_id: job.guid });
    expect(read.data.job).toMatchObject({ status: "Awaiting Parts" });
    expect(read.data.job.allowed_next_statuses).toContain("Completed");
    const statuses = JSON.parse(((await env.client.readResource({ uri: "fsm://statuses/jobs" })).contents[0] as { text: string }).text);
    expect(statuses.statuses).toContain("Awaiting Parts");
    expect(statuses.transitions["Awaiting Parts"]).toEqual(["Completed"]);

    const done = await call(env.client, "update_job_status", { job_id: String(job.jobNumber), status: "Completed", expected_status: "Awaiting Parts", note: "Parts fitted", confirm: true });
    expect(done.isError, done.text).toBe(false);
    expect(done.data).toMatchObject({ outcome: "updated", previous_status: "Awaiting Parts", job: { status: "Completed" } });
    expect(env.sandbox.store.get("jobs", job.guid)).toMatchObject({ jobStatus: "Completed", completedNote: "Parts fitted", completedByUserId: DEMO_USERS[0]!.userId });
  });

  it("a job record without jobId is refused clearly; its jobNumber is never sent in its place", async () => {
    const guid = await newJob(`No jobId ${Date.now()}`);
    env.sandbox.store.get("jobs", guid)!.jobId = null;
    const puts = seenTp(env.sandbox, "PUT", "/jobs/complete");
    const r = await call(env.client, "update_job_status", { job_id: guid, status: "Completed", confirm: true });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("Error (incomplete_record)");
    expect(r.text).toMatch(/has no numeric jobId.*nothing was sent/);
    expect(seenTp(env.sandbox, "PUT", "/jobs/complete")).toBe(puts);
    expect(env.sandbox.store.get("jobs", guid)!.jobStatus).toBe("Logged");
  });

  it("records that carry no status (the guide documents none) are started and completed: the vendor has the last word", async () => {
    const guid = await newJob(`No status ${Date.now()}`);
    const tech = env.sandbox.store.all("resources")[0]!;
    const added = await call(env.client, "add_job_task", { job_id: guid, description: "Check the valve", technician_id: tech.guid });
    expect(added.isError, added.text).toBe(false);
    const taskGuid = added.data.task.id;
    env.sandbox.store.get("jobs", guid)!.jobStatus = null;
    env.sandbox.store.get("jobTasks", taskGuid)!.taskStatus = null;
    const read = await call(env.client, "get_job", { job_id: guid });
    expect(read.isError, read.text).toBe(false);
    expect(read.data.job).toMatchObject({ status: "not recorded", allowed_next_statuses: ["Task Started", "Task Completed", "Completed"] });
    expect(read.data.job.tasks[0]).toMatchObject({ id: taskGuid, status: "not recorded", allowed_next_statuses: ["Task Started", "Task Completed"] });

    const started = await call(env.client, "update_job_status", { job_id: guid, status: "Task Started", task_id: taskGuid });
    expect(started.isError, started.text).toBe(false);
    expect(started.data.notes.join(" ")).toMatch(/carries no status/);
    expect(env.sandbox.store.get("jobTasks", taskGuid)!.taskStatus).toBe("Started");

    env.sandbox.store.get("jobs", guid)!.jobStatus = null;
    const done = await call(env.client, "update_job_status", { job_id: guid, status: "Completed", confirm: true });
    expect(done.isError, done.text).toBe(false);
    expect(done.data.outcome).toBe("updated");
    expect(env.sandbox.store.get("jobs", guid)!.jobStatus).toBe("Completed");
  });

  it("with an API key (no user) the job is completed unattributed, and the answer says so", async () => {
    const key = DEMO_API_KEYS.find((k) => k.label === "full-access")!.key;
    const conn = await connect({ FSM_VENDOR: "trackplanfm", FSM_BASE_URL: env.sandbox.url, FSM_API_KEY: key });
    try {
      const created = await call(conn.client, "create_job", { title: `Key job ${Date.now()}`, location_id: siteId });
      const jobId = created.data.job.id;
      const preview = await call(conn.client, "update_job_status", { job_id: jobId, status: "Completed" });
      expect(preview.data.request.body).not.toHaveProperty("completedByUserId");
      const done = await call(conn.client, "update_job_status", { job_id: jobId, status: "Completed", confirm: true });
      expect(done.isError, done.text).toBe(false);
      expect(done.data.notes.join(" ")).toMatch(/without completedByUserId/);
      expect(env.sandbox.store.get("jobs", jobId)).toMatchObject({ jobStatus: "Completed", completedByUserId: null });
    } finally {
      await conn.close();
    }
  });

  it("resources/read of a malformed job id is invalid params (-32602) and sends nothing; a job number reads the job", async () => {
    const before = env.sandbox.requests.length;
    for (const bad of ["not-a-guid", "12345678-1234-1234-1234-12345678901", "0"]) {
      const err = await env.client.readResource({ uri: `fsm://jobs/${bad}` }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, bad).toBeInstanceOf(McpError);
      expect((err as McpError).code, bad).toBe(ErrorCode.InvalidParams);
    }
    expect(env.sandbox.requests.length).toBe(before);
    const job = env.sandbox.store.all("jobs").find((j) => j.jobNumber === 10007)!;
    const ok = JSON.parse(((await env.client.readResource({ uri: "fsm://jobs/10007" })).contents[0] as { text: string }).text);
    expect(ok.id).toBe(job.guid);
  });
});
