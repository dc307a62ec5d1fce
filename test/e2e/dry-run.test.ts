/**
 * A dry run answers what the real call would do, on all three vendors, end to end: the built server over stdio
 * (SDK Client) against sandboxes this test owns, whose request logs prove that a dry run only reads. The records
 * a write names are read (a missing one is the not_found naming the finder tool), the duplicate preflight runs
 * (the record a real call would return is reported), and an idempotency key already used still replays first.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RequestLogEntry } from "../../src/sandbox/common/request-log.js";
import { startJobnimbusSandbox, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { call, liveAgainstSandbox, type Connected } from "./harness.js";
import { connectJobnimbus, jobnimbusKey } from "./jobnimbus-harness.js";
import { trackplanfmAgainstSandbox } from "./trackplanfm-harness.js";

let n = 0;
const uniq = (s: string) => `${s} ${++n}-${process.pid}-${Date.now()}`;

/** Run `fn` and return what the sandbox saw meanwhile. */
async function watching<T>(log: RequestLogEntry[], fn: () => Promise<T>): Promise<{ result: T; saw: RequestLogEntry[] }> {
  const mark = log.length;
  const result = await fn();
  return { result, saw: log.slice(mark) };
}

const onlyReads = (saw: RequestLogEntry[]) => saw.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);

describe("FSM Navigator", () => {
  let env: Awaited<ReturnType<typeof liveAgainstSandbox>>;
  let locationId: number;
  let technicianId: number;
  let assetId: number;

  beforeAll(async () => {
    // No test here needs a vendor timeout: a long one keeps a held read (below) from being timed out and retried.
    env = await liveAgainstSandbox({ FSM_TIMEOUT_MS: "60000" });
    const store = env.sandbox.store;
    // A location with jobs (FSM Navigator cannot read a location by id: its jobs prove it exists).
    locationId = [...store.jobs.values()][0]!.customer_location_id;
    technicianId = [...store.technicians.values()].find((t) => t.status === "Active")!.technician_id;
    assetId = [...store.assets.keys()][0]!;
  });
  afterAll(async () => {
    await env?.close();
  });

  const technicianReads = (saw: RequestLogEntry[], id: number) => saw.filter((r) => r.method === "GET" && r.path.endsWith("/technicians") && r.query.id === String(id)).length;

  it("a technician that does not exist is the not_found naming list_technicians, after GETs only", async () => {
    const { result: r, saw } = await watching(env.sandbox.requests, () =>
      call(env.client, "create_job", { title: uniq("Dry ghost tech"), location_id: locationId, technician_id: 999_999, dry_run: true }),
    );
    expect(r.isError).toBe(true);
    expect(r.text).toContain("Error (not_found): No technician with id 999999 exists. Nothing was sent.");
    expect(r.text).toContain("Next: Find a valid technician id with list_technicians.");
    expect(technicianReads(saw, 999_999)).toBe(1);
    expect(onlyReads(saw)).toEqual([]);
  });

  it("create_location for a customer that does not exist, and log_asset_service by a technician that does not: not_found, GETs only", async () => {
    const { result: loc, saw: s1 } = await watching(env.sandbox.requests, () =>
      call(env.client, "create_location", { customer_id: 99_999_999, name: "Nowhere", street: "1 Ghost Rd", city: "Springfield", state: "IL", zip: "62701", dry_run: true }),
    );
    expect(loc.isError).toBe(true);
    expect(loc.text).toContain("Error (not_found): No customer with id 99999999 exists. Nothing was sent.");
    expect(loc.text).toContain("search_customers");
    expect(onlyReads(s1)).toEqual([]);

    const { result: svc, saw: s2 } = await watching(env.sandbox.requests, () =>
      call(env.client, "log_asset_service", { asset_id: assetId, service_type: "repair", description: "Dry visit", service_date: "2026-03-01", technician_id: 888_888, dry_run: true }),
    );
    expect(svc.isError).toBe(true);
    expect(svc.text).toContain("No technician with id 888888 exists. Nothing was sent.");
    expect(svc.text).toContain("list_technicians");
    expect(onlyReads(s2)).toEqual([]);
  });

  it("valid ids: outcome dry_run with the exact request, naming what was read; nothing written", async () => {
    const title = uniq("Dry valid");
    const counts = env.sandbox.store.counts();
    const { result: r, saw } = await watching(env.sandbox.requests, () =>
      call(env.client, "create_job", { title, location_id: locationId, technician_id: technicianId, asset_ids: [assetId], dry_run: true }),
    );
    expect(r.isError, r.text).toBe(false);
    expect(r.data.outcome).toBe("dry_run");
    expect(r.data.request).toEqual({
      method: "POST",
      path: "/jobs",
      body: { job_title: title, job_priority: "Medium", assigned_technician_id: technicianId, customer_location_id: locationId, asset_ids: [assetId] },
    });
    expect(r.data.notes[0]).toBe(`Dry run: Create job "${title}" at location ${locationId}. Arguments valid, location ${locationId}, technician ${technicianId} and asset ${assetId} exist; nothing was sent.`);
    expect(r.data.job).toBeUndefined();
    expect(technicianReads(saw, technicianId)).toBe(1);
    expect(saw.filter((x) => x.path.endsWith("/assets") && x.query.id === String(assetId))).toHaveLength(1);
    expect(onlyReads(saw)).toEqual([]);
    expect(env.sandbox.store.counts()).toEqual(counts);
  });

  it("reads the records concurrently: two slow reads overlap instead of queueing", async () => {
    // Both reads are held until the sandbox holds both at once. One after the other, the second could not
    // arrive while the first is held (ten minutes, longer than the server's timeout), so the wait below would
    // fail; no duration decides.
    const release = Promise.withResolvers<void>();
    const hold = { kind: "delay", delayMs: 600_000, release: release.promise, method: "GET" } as const;
    env.sandbox.faults.add({ ...hold, path: new RegExp(`^/api/v1/technicians\\?id=${technicianId}$`) });
    env.sandbox.faults.add({ ...hold, path: new RegExp(`^/api/v1/assets\\?id=${assetId}$`) });
    const firedBefore = env.sandbox.faults.fired.length;
    const pending = call(env.client, "create_job", { title: uniq("Dry slow"), location_id: locationId, technician_id: technicianId, asset_ids: [assetId], dry_run: true });
    try {
      const held = () => env.sandbox.faults.fired.slice(firedBefore).map((f) => f.target.split("?")[0]).sort();
      await vi.waitFor(() => expect(held()).toEqual(["/api/v1/assets", "/api/v1/technicians"]), { timeout: 15_000, interval: 20 });
    } finally {
      release.resolve();
    }
    const r = await pending;
    expect(r.data?.outcome, r.text).toBe("dry_run");
  });

  it("says what it cannot check (a location no read can prove) and what the vendor would skip (unknown asset ids)", async () => {
    const title = uniq("Dry unknowable");
    const r = await call(env.client, "create_job", { title, location_id: 99_999_999, asset_ids: [assetId, 77_777_777], dry_run: true });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.outcome).toBe("dry_run");
    expect(r.data.notes).toEqual([
      `Dry run: Create job "${title}" at location 99999999. Arguments valid, asset ${assetId} exists; nothing was sent.`,
      "location 99999999 could not be checked (FSM Navigator cannot read a location by id, and no job or asset there proves it); the vendor checks it when the call is sent.",
      "asset 77777777 does not exist: FSM Navigator silently skips asset ids that match no asset, so a real call would not link it.",
    ]);
    // What the vendor then does: the location is refused, nothing is created.
    const jobs = env.sandbox.store.counts().jobs;
    const real = await call(env.client, "create_job", { title, location_id: 99_999_999 });
    expect(real.isError).toBe(true);
    expect(real.text).toContain("customer_location_id");
    expect(env.sandbox.store.counts().jobs).toBe(jobs);
  });

  it("create_job that duplicates an open job reports the job a real call would return, and the real call does return it", async () => {
    const title = uniq("Dry duplicate");
    const first = await call(env.client, "create_job", { title, location_id: locationId });
    expect(first.data.outcome, first.text).toBe("created");
    const id = first.data.job.id;

    const { result: dry, saw } = await watching(env.sandbox.requests, () => call(env.client, "create_job", { title, location_id: locationId, dry_run: true }));
    expect(dry.isError, dry.text).toBe(false);
    expect(dry.data).toMatchObject({ outcome: "dry_run", job: { id, title, status: "Pending" }, request: { method: "POST", path: "/jobs" } });
    expect(dry.data.notes[0]).toBe(`Dry run: Create job "${title}" at location ${locationId}. Arguments valid, location ${locationId} exists; nothing was sent.`);
    expect(dry.data.notes[1]).toContain(`would return the existing record ${id} (outcome "existing")`);
    expect(dry.data.notes[1]).toContain("allow_duplicate: true");
    expect(onlyReads(saw)).toEqual([]);

    const real = await call(env.client, "create_job", { title, location_id: locationId });
    expect(real.data).toMatchObject({ outcome: "existing", job: { id } });

    const insist = await call(env.client, "create_job", { title, location_id: locationId, allow_duplicate: true, dry_run: true });
    expect(insist.data.outcome).toBe("dry_run");
    expect(insist.data.job).toBeUndefined();
    expect(insist.data.notes.join(" ")).not.toContain("existing");
  });

  it("create_customer that duplicates a customer reports it in the customer field", async () => {
    const acme = env.sandbox.store.customers.get(201)!;
    const r = await call(env.client, "create_customer", { name: uniq("Someone"), email: acme.customer_email!, dry_run: true });
    expect(r.data).toMatchObject({ outcome: "dry_run", customer: { id: 201, name: acme.customer_name } });
    expect(r.data.notes.join(" ")).toContain('would return the existing record 201 (outcome "existing")');
  });

  it("an idempotency key already used still replays first (the preflight would have found the same job)", async () => {
    const args = { title: uniq("Dry keyed"), location_id: locationId, idempotency_key: `dry-key-${process.pid}-${Date.now()}` };
    const first = await call(env.client, "create_job", args);
    expect(first.data.outcome, first.text).toBe("created");
    const { result: again, saw } = await watching(env.sandbox.requests, () => call(env.client, "create_job", { ...args, dry_run: true }));
    expect(again.data).toMatchObject({ outcome: "replayed", job: { id: first.data.job.id } });
    expect(onlyReads(saw)).toEqual([]);
  });
});

describe("TrackplanFM", () => {
  let env: Awaited<ReturnType<typeof trackplanfmAgainstSandbox>>;
  let siteId: string;

  beforeAll(async () => {
    env = await trackplanfmAgainstSandbox();
    siteId = env.sandbox.store.all("sites").find((s) => s.name === "Coventry Civic Centre")!.guid;
  });
  afterAll(async () => {
    await env?.close();
  });

  // The JWT login is a POST that is not a write.
  const writes = (saw: RequestLogEntry[]) => onlyReads(saw).filter((w) => !w.endsWith("/auth/login"));
  const reads = (saw: RequestLogEntry[], part: string) => saw.filter((r) => r.method === "GET" && r.path.toLowerCase().includes(part.toLowerCase())).length;

  it("a site or a resource that does not exist is the not_found naming its finder, after GETs only", async () => {
    const ghost = "0badc0de-0000-4000-8000-000000000000";
    const { result: job, saw: s1 } = await watching(env.sandbox.requests, () => call(env.client, "create_job", { title: uniq("Dry ghost site"), location_id: ghost, dry_run: true }));
    expect(job.isError).toBe(true);
    expect(job.text).toContain(`Error (not_found): No site with id "${ghost}" exists. Nothing was sent.`);
    expect(job.text).toContain("search_customers");
    expect(writes(s1)).toEqual([]);

    const jobId = (await call(env.client, "create_job", { title: uniq("Dry task host"), location_id: siteId })).data.job.id;
    const { result: task, saw: s2 } = await watching(env.sandbox.requests, () =>
      call(env.client, "add_job_task", { job_id: jobId, description: "Attend", technician_id: ghost, dry_run: true }),
    );
    expect(task.isError).toBe(true);
    expect(task.text).toContain(`No technician with id "${ghost}" exists. Nothing was sent.`);
    expect(task.text).toContain("list_technicians");
    expect(writes(s2)).toEqual([]);
  });

  it("valid ids: dry_run with the exact request; each record is read once, nothing written", async () => {
    const title = uniq("Dry valid site");
    // allow_duplicate: no preflight (whose job search reads the site too), so only the reference check is counted.
    const { result: r, saw } = await watching(env.sandbox.requests, () => call(env.client, "create_job", { title, location_id: siteId, allow_duplicate: true, dry_run: true }));
    expect(r.data).toMatchObject({ outcome: "dry_run", request: { method: "POST", path: "/jobs", body: { jobDetails: title } } });
    expect(r.data.notes[0]).toMatch(new RegExp(`Arguments valid, site ${siteId} exists; nothing was sent\\.$`));
    expect(reads(saw, `/sites/${siteId}`)).toBe(1); // planning read it; the dry run does not read it again
    expect(writes(saw)).toEqual([]);

    const jobId = (await call(env.client, "create_job", { title: uniq("Dry task job"), location_id: siteId })).data.job.id;
    const resource = env.sandbox.store.all("resources")[0]!.guid;
    const { result: t, saw: s2 } = await watching(env.sandbox.requests, () =>
      call(env.client, "add_job_task", { job_id: jobId, description: "Attend and fix", technician_id: resource, dry_run: true }),
    );
    expect(t.data).toMatchObject({ outcome: "dry_run", request: { method: "POST", path: "/jobTasks", body: { jobGuid: jobId, description: "Attend and fix" } } });
    expect(t.data.notes[0]).toMatch(new RegExp(`Arguments valid, job ${jobId} and technician ${resource} exist; nothing was sent\\.$`));
    expect(reads(s2, `/resources/${resource}`)).toBe(1);
    expect(writes(s2)).toEqual([]);
  });

  it("create_job that duplicates an open job reports it; a used idempotency key replays first", async () => {
    const title = uniq("Dry duplicate site");
    const args = { title, location_id: siteId, idempotency_key: `tp-dry-${process.pid}-${Date.now()}` };
    const first = await call(env.client, "create_job", args);
    expect(first.data.outcome, first.text).toBe("created");
    const id = first.data.job.id;

    const { result: dry, saw } = await watching(env.sandbox.requests, () => call(env.client, "create_job", { title, location_id: siteId, dry_run: true }));
    expect(dry.data).toMatchObject({ outcome: "dry_run", job: { id } });
    expect(dry.data.notes.join(" ")).toContain(`would return the existing record ${id} (outcome "existing")`);
    expect(writes(saw)).toEqual([]);

    const replay = await call(env.client, "create_job", { ...args, dry_run: true });
    expect(replay.data).toMatchObject({ outcome: "replayed", job: { id } });
  });
});

describe("JobNimbus", () => {
  let sandbox: JobNimbusSandbox;
  let conn: Connected;
  let contactId: string;
  let userId: string;

  beforeAll(async () => {
    sandbox = await startJobnimbusSandbox({ faults: true, rateLimit: false });
    conn = await connectJobnimbus(sandbox, "summit");
    const store = sandbox.storeFor(jobnimbusKey("summit"));
    contactId = [...store.contacts.values()].find((c) => c.is_active)!.jnid;
    userId = store.users.find((u) => u.is_active)!.id;
  }, 60_000);
  afterAll(async () => {
    await conn?.close();
    await sandbox?.close();
  });

  const WORKFLOW = "Residential Roofing";
  const mine = (saw: RequestLogEntry[]) => saw.filter((r) => r.keyLabel === "summit");

  it("a contact or a user that does not exist is the not_found naming its finder, after GETs only", async () => {
    const { result: r1, saw: s1 } = await watching(sandbox.requests, () => call(conn.client, "create_job", { title: uniq("Dry ghost contact"), customer_id: "nosuchcontact000", workflow: WORKFLOW, dry_run: true }));
    expect(r1.isError).toBe(true);
    expect(r1.text).toContain('No customer with id "nosuchcontact000" exists. Nothing was sent.');
    expect(r1.text).toContain("search_customers");
    expect(onlyReads(mine(s1))).toEqual([]);

    const { result: r2, saw: s2 } = await watching(sandbox.requests, () =>
      call(conn.client, "create_job", { title: uniq("Dry ghost owner"), customer_id: contactId, workflow: WORKFLOW, technician_id: "nosuchuser000000", dry_run: true }),
    );
    expect(r2.isError).toBe(true);
    expect(r2.text).toContain('Error (not_found): No technician with id "nosuchuser000000" exists. Nothing was sent.');
    expect(r2.text).toContain("Next: Find a valid technician id with list_technicians.");
    expect(mine(s2).some((r) => r.path.endsWith("/account/users"))).toBe(true);
    expect(onlyReads(mine(s2))).toEqual([]);
  });

  it("valid ids: dry_run with the exact request; the contact is read once, nothing written", async () => {
    const title = uniq("Dry valid roof");
    const { result: r, saw } = await watching(sandbox.requests, () => call(conn.client, "create_job", { title, customer_id: contactId, workflow: WORKFLOW, technician_id: userId, dry_run: true }));
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "dry_run", request: { method: "POST", path: "/jobs", body: { name: title, primary: { id: contactId }, owners: [{ id: userId }] } } });
    expect(r.data.notes[0]).toMatch(new RegExp(`Arguments valid, contact ${contactId} and technician ${userId} exist; nothing was sent\\.$`));
    expect(mine(saw).filter((x) => x.method === "GET" && x.path.endsWith(`/contacts/${contactId}`))).toHaveLength(1);
    expect(onlyReads(mine(saw))).toEqual([]);
  });

  it("create_job that duplicates an open job reports it; a used idempotency key replays first", async () => {
    const title = uniq("Dry duplicate roof");
    const args = { title, customer_id: contactId, workflow: WORKFLOW, idempotency_key: `jn-dry-${process.pid}-${Date.now()}` };
    const first = await call(conn.client, "create_job", args);
    expect(first.data.outcome, first.text).toBe("created");
    const id = first.data.job.id;

    const { result: dry, saw } = await watching(sandbox.requests, () => call(conn.client, "create_job", { title, customer_id: contactId, workflow: WORKFLOW, dry_run: true }));
    expect(dry.data).toMatchObject({ outcome: "dry_run", job: { id, title } });
    expect(dry.data.notes.join(" ")).toContain(`would return the existing record ${id} (outcome "existing")`);
    expect(onlyReads(mine(saw))).toEqual([]);

    const replay = await call(conn.client, "create_job", { ...args, dry_run: true });
    expect(replay.data).toMatchObject({ outcome: "replayed", job: { id } });
  });

  it("add_job_note: a dry run of a note the job already has reports that note", async () => {
    const job = (await call(conn.client, "create_job", { title: uniq("Dry note job"), customer_id: contactId, workflow: WORKFLOW })).data.job;
    const text = uniq("Checked the flashing");
    const first = await call(conn.client, "add_job_note", { job_id: job.id, note: text });
    expect(first.data.outcome, first.text).toBe("created");
    const { result: dry, saw } = await watching(sandbox.requests, () => call(conn.client, "add_job_note", { job_id: job.id, note: text, dry_run: true }));
    expect(dry.data).toMatchObject({ outcome: "dry_run", note: { id: first.data.note.id } });
    expect(dry.data.notes[0]).toMatch(new RegExp(`Arguments valid, job ${job.id} exists; nothing was sent\\.$`));
    expect(onlyReads(mine(saw))).toEqual([]);
  });
});
