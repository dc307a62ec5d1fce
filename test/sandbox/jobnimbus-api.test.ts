/**
 * The JobNimbus sandbox over real HTTP: auth and accounts, list keys, paging, sorting, fields, the filter
 * grammar, writes validated against the account's workflows, deactivation, access profiles, rate limiting
 * and the shared fault hooks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { activeStatuses, BRIGHTSIDE, startJobnimbusSandbox, SUMMIT, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { api, BRIGHTSIDE_KEY, READ_KEY, SUMMIT_KEY } from "./jobnimbus-helpers.js";

let sandbox: JobNimbusSandbox;
beforeAll(async () => {
  sandbox = await startJobnimbusSandbox({ faults: true, rateLimit: false, anchorDate: "2026-06-01T12:00:00Z" });
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => sandbox.faults.clear());

const summit = () => sandbox.storeFor(SUMMIT_KEY);
const anyContact = () => [...summit().contacts.values()].find((c) => c.record_type_name === "Customer" && c.is_active)!;
const jobIn = (workflow: string) => [...summit().jobs.values()].find((j) => j.record_type_name === workflow && j.is_active)!;

describe("auth and accounts", () => {
  it("answers a missing and a wrong key identically: 401 {status, body}", async () => {
    const missing = await api(sandbox, "GET", "/jobs", { key: null });
    const wrong = await api(sandbox, "GET", "/jobs", { key: "nottherightkey00" });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ status: 401, body: "Authentication required" });
    expect(wrong.text).toBe(missing.text);
  });

  it("takes the scheme case-insensitively, and the older Token form", async () => {
    expect((await api(sandbox, "GET", "/jobs", { scheme: "bearer", query: { size: 1 } })).status).toBe(200);
    expect((await api(sandbox, "GET", "/jobs", { scheme: "Token", query: { size: 1 } })).status).toBe(200);
    expect((await api(sandbox, "GET", "/jobs", { scheme: "Basic", query: { size: 1 } })).status).toBe(401);
  });

  it("maps each key to its own account: different workflows, invisible records", async () => {
    const a = await api(sandbox, "GET", "/account/settings");
    const b = await api(sandbox, "GET", "/account/settings", { key: BRIGHTSIDE_KEY });
    const jobWorkflows = (s: any) => s.workflows.filter((w: any) => w.object_type === "job" && w.is_active).map((w: any) => w.name);
    expect(jobWorkflows(a.body)).toEqual(["Residential Roofing", "Insurance Restoration", "Commercial"]);
    expect(jobWorkflows(b.body)).toEqual(["Service Call", "Replacement Project"]);
    const job = jobIn("Commercial");
    expect((await api(sandbox, "GET", `/jobs/${job.jnid}`)).status).toBe(200);
    const fromB = await api(sandbox, "GET", `/jobs/${job.jnid}`, { key: BRIGHTSIDE_KEY });
    expect(fromB.status).toBe(404);
    expect(fromB.body).toEqual({ status: 404, body: `Job ${job.jnid} not found` });
  });

  it("serves settings in the vendor's shapes, groups, and users", async () => {
    const s = (await api(sandbox, "GET", "/account/settings")).body;
    expect(Object.keys(s)).toEqual(["workflows", "fileTypes", "taskTypes", "activityTypes", "sources"]);
    expect(s.workflows[0]).toMatchObject({ id: expect.any(Number), object_type: "contact", name: "Customer", is_active: true });
    expect(s.workflows[0].status[0]).toMatchObject({ id: expect.any(Number), name: "Lead", is_lead: true, is_closed: false, is_active: true, order: 1 });
    expect(s.taskTypes[0]).toMatchObject({ TaskTypeId: 1, TypeName: "Appointment", IsActive: true });
    expect(s.sources[0]).toMatchObject({ JobSourceId: 1, SourceName: "Door Knocking", IsActive: true });
    const groups = (await api(sandbox, "GET", "/account/settings", { query: { field: "groups" } })).body;
    expect(groups.map((g: any) => g.name)).toEqual(["Sales", "Production"]);
    const users = (await api(sandbox, "GET", "/account/users")).body;
    expect(users.users).toHaveLength(SUMMIT.users.length);
    expect(Object.keys(users.users[0]).sort()).toEqual(["calendar_color", "email", "first_name", "id", "image_url", "is_active", "last_name"]);
    expect(typeof users.date_updated).toBe("number");
  });
});

describe("lists", () => {
  it("answer {count, results} for contacts, jobs and tasks, {count, activity} for activities, {count, files} for files", async () => {
    for (const [path, key] of [["/contacts", "results"], ["/jobs", "results"], ["/tasks", "results"], ["/activities", "activity"], ["/files", "files"]] as const) {
      const r = await api(sandbox, "GET", path, { query: { size: 2 } });
      expect(r.status, path).toBe(200);
      expect(Object.keys(r.body).sort(), path).toEqual(["count", key].sort());
      expect(r.body[key]).toHaveLength(2);
      expect(r.body.count).toBeGreaterThan(2);
    }
  });

  it("pages with size and from over a stable order; size=0 gives the count alone", async () => {
    const all = await api(sandbox, "GET", "/jobs", { query: { size: 1000 } });
    expect(all.body.count).toBe([...summit().jobs.values()].filter((j) => j.is_active).length);
    const ids: string[] = [];
    for (let from = 0; from < all.body.count; from += 75) {
      const page = await api(sandbox, "GET", "/jobs", { query: { size: 75, from } });
      expect(page.body.count).toBe(all.body.count);
      ids.push(...page.body.results.map((j: any) => j.jnid));
    }
    expect(ids).toEqual(all.body.results.map((j: any) => j.jnid));
    const countOnly = await api(sandbox, "GET", "/jobs", { query: { size: 0 } });
    expect(countOnly.body).toEqual({ count: all.body.count, results: [] });
    const past = await api(sandbox, "GET", "/jobs", { query: { from: 100000 } });
    expect(past.body.results).toEqual([]);
  });

  it("defaults to 1000 records, newest first; sorts by any field; refuses bad paging", async () => {
    const byDefault = await api(sandbox, "GET", "/activities");
    expect(byDefault.body.activity).toHaveLength(1000);
    const dates = byDefault.body.activity.map((a: any) => a.date_created);
    expect(dates).toEqual([...dates].sort((x: number, y: number) => y - x));
    const byName = await api(sandbox, "GET", "/contacts", { query: { sort_field: "display_name", sort_direction: "asc", size: 20 } });
    const names = byName.body.results.map((c: any) => c.display_name);
    expect(names).toEqual([...names].sort((x: string, y: string) => x.localeCompare(y, "en", { sensitivity: "base" })));
    for (const query of [{ size: 1001 }, { size: -1 }, { from: "x" }, { sort_direction: "up" }]) {
      const r = await api(sandbox, "GET", "/jobs", { query });
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(r.body).toEqual({ status: 400, body: expect.any(String) });
    }
  });

  it("returns only the requested fields (and the jnid)", async () => {
    const r = await api(sandbox, "GET", "/jobs", { query: { size: 3, fields: "name,status_name" } });
    for (const j of r.body.results) expect(Object.keys(j).sort()).toEqual(["jnid", "name", "status_name"]);
  });
});

describe("filters", () => {
  it("term, range, prefix, nested and must_not select what they say", async () => {
    const contact = anyContact();
    const byEmail = await api(sandbox, "GET", "/contacts", { query: { filter: { must: [{ term: { email: String(contact.email).toUpperCase() } }] } } });
    expect(byEmail.body.results.map((c: any) => c.jnid)).toEqual([contact.jnid]);

    const paid = await api(sandbox, "GET", "/jobs", { query: { filter: { must: [{ term: { status_name: "Paid" } }, { term: { record_type_name: "Residential Roofing" } }] } } });
    expect(paid.body.count).toBe([...summit().jobs.values()].filter((j) => j.status_name === "Paid" && j.record_type_name === "Residential Roofing").length);
    expect(paid.body.count).toBeGreaterThan(10);

    const since = Date.parse("2026-05-01T00:00:00Z") / 1000;
    const recent = await api(sandbox, "GET", "/jobs", { query: { filter: { must: [{ range: { date_created: { gte: since } } }] }, size: 1000 } });
    expect(recent.body.count).toBeGreaterThan(0);
    for (const j of recent.body.results) expect(j.date_created).toBeGreaterThanOrEqual(since);

    const job = jobIn("Insurance Restoration");
    const notes = await api(sandbox, "GET", "/activities", {
      query: { filter: { must: [{ nested: { path: "related", query: { term: { "related.id": job.jnid } } } }], must_not: [{ term: { record_type_name: "Status Changed" } }] } },
    });
    expect(notes.body.count).toBeGreaterThan(0);
    for (const a of notes.body.activity) {
      expect(a.related.map((r: any) => r.id)).toContain(job.jnid);
      expect(a.record_type_name).not.toBe("Status Changed");
    }

    const prefix = await api(sandbox, "GET", "/contacts", { query: { filter: { should: [{ prefix: { company: "cherry" } }] } } });
    expect(prefix.body.results.map((c: any) => c.company)).toEqual(["Cherry Creek Property Group"]);
  });

  it("refuses a malformed filter with the vendor's 400", async () => {
    for (const filter of ["{not json", JSON.stringify({ must: [{ regexp: { name: ".*" } }] }), JSON.stringify({ must: [{ range: { date_created: { after: 1 } } }] })]) {
      const r = await api(sandbox, "GET", "/jobs", { query: { filter } });
      expect(r.status, filter).toBe(400);
      expect(r.body.status).toBe(400);
      expect(r.body.body).toMatch(/^Invalid filter: /);
    }
  });
});

describe("writes", () => {
  it("creates a contact in a contact workflow and refuses one outside the account's workflows", async () => {
    const ok = await api(sandbox, "POST", "/contacts", { body: { record_type_name: "Customer", status_name: "lead", first_name: "Zoe", last_name: "Quill", email: "Zoe.Quill@Example.com" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ jnid: expect.stringMatching(/^[a-z0-9]{16}$/), type: "contact", display_name: "Zoe Quill", status_name: "Lead", email: "zoe.quill@example.com", is_active: true });
    expect(ok.body.date_created).toBeGreaterThan(Date.parse("2026-01-01T00:00:00Z") / 1000);
    const bad = await api(sandbox, "POST", "/contacts", { body: { record_type_name: "Homeowner", status_name: "New Lead" } });
    expect(bad.status).toBe(400);
    expect(bad.body.body).toContain('record_type_name "Homeowner" is not a contact workflow of this account (valid: Customer, Sub-Contractor, Insurance Adjuster)');
    expect(bad.body.body).toContain("one of first_name, last_name, display_name or company is required");
  });

  it("validates a new job against the account: workflow, a status of that workflow, the contact", async () => {
    const contact = anyContact();
    const wrongStatus = await api(sandbox, "POST", "/jobs", { body: { name: "X", record_type_name: "Residential Roofing", status_name: "Bid Submitted", primary: { id: contact.jnid } } });
    expect(wrongStatus.status).toBe(400);
    expect(wrongStatus.body.body).toBe(`status_name "Bid Submitted" is not a status of the Residential Roofing workflow (valid: ${activeStatuses(SUMMIT, "Residential Roofing").join(", ")})`);
    const noContact = await api(sandbox, "POST", "/jobs", { body: { name: "X", record_type_name: "Commercial", status_name: "Bid Request", primary: { id: "nosuchcontact000" } } });
    expect(noContact.body.body).toContain('primary.id "nosuchcontact000" is not an active contact');
    const otherAccount = await api(sandbox, "POST", "/jobs", { key: BRIGHTSIDE_KEY, body: { name: "X", record_type_name: "Commercial", status_name: "Bid Request" } });
    expect(otherAccount.body.body).toContain("valid: Service Call, Replacement Project");
    const missing = await api(sandbox, "POST", "/jobs", { body: {} });
    expect(missing.body.body).toBe("name is required; record_type_name is required; status_name is required");
    const notObject = await api(sandbox, "POST", "/jobs", { raw: "[1]" });
    expect(notObject.status).toBe(400);
  });

  it("changes a job's status within its workflow only, recording a status-change activity", async () => {
    const job = jobIn("Residential Roofing");
    const before = { ...job };
    const other = await api(sandbox, "PUT", `/jobs/${job.jnid}`, { body: { status_name: "Claim Filed" } });
    expect(other.status).toBe(400);
    expect(other.body.body).toContain('"Claim Filed" is not a status of the Residential Roofing workflow');
    expect(summit().jobs.get(job.jnid)!.status_name).toBe(before.status_name);

    const target = before.status_name === "Invoiced" ? "Paid" : "Invoiced";
    const activities = summit().activities.size;
    const moved = await api(sandbox, "PUT", `/jobs/${job.jnid}`, { body: { status_name: target } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ jnid: job.jnid, status_name: target, record_type_name: "Residential Roofing" });
    expect(moved.body.date_status_change).toBe(moved.body.date_updated);
    expect(moved.body.date_updated).toBeGreaterThan(before.date_updated);
    expect(summit().activities.size).toBe(activities + 1);
    const change = [...summit().activities.values()].at(-1)!;
    expect(change).toMatchObject({ record_type_name: "Status Changed", is_status_change: true, primary: { id: job.jnid, new_status: target } });
  });

  it("writes Unix seconds and refuses other date shapes", async () => {
    const job = jobIn("Commercial");
    const r = await api(sandbox, "PUT", `/jobs/${job.jnid}`, { body: { date_start: 1780400000, date_end: 1780486400 } });
    expect(r.body).toMatchObject({ date_start: 1780400000, date_end: 1780486400 });
    const iso = await api(sandbox, "PUT", `/jobs/${job.jnid}`, { body: { date_start: "2026-06-02T09:00:00Z" } });
    expect(iso.status).toBe(400);
    expect(iso.body.body).toContain("date_start must be a whole number of seconds since 1970");
  });

  it("creates notes and tasks linked to a job", async () => {
    const job = jobIn("Commercial");
    const note = await api(sandbox, "POST", "/activities", { body: { note: "Core cut taken", record_type_name: "Note", primary: { id: job.jnid, type: "job" } } });
    expect(note.status).toBe(200);
    expect(note.body).toMatchObject({ type: "activity", note: "Core cut taken", record_type_name: "Note", primary: { id: job.jnid, type: "job" }, related: [{ id: job.jnid }] });
    const badType = await api(sandbox, "POST", "/activities", { body: { note: "x", record_type_name: "Memo", primary: { id: job.jnid } } });
    expect(badType.body.body).toContain('record_type_name "Memo" is not an activity type');
    const task = await api(sandbox, "POST", "/tasks", { body: { title: "Site walk", record_type_name: "Appointment", date_start: 1780400000, related: [{ id: job.jnid }] } });
    expect(task.body).toMatchObject({ type: "task", title: "Site walk", record_type_name: "Appointment", date_start: 1780400000, related: [{ id: job.jnid, type: "job" }] });
    const noDate = await api(sandbox, "POST", "/tasks", { body: { title: "x", record_type_name: "Appointment" } });
    expect(noDate.body.body).toBe("date_start is required");
  });

  it("deactivates with PUT is_active:false (no DELETE): gone from lists, still readable, listed when asked for", async () => {
    const contact = anyContact();
    const del = await api(sandbox, "DELETE", `/contacts/${contact.jnid}`);
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, PUT");
    expect(del.body.body).toContain('PUT {"is_active": false}');
    const off = await api(sandbox, "PUT", `/contacts/${contact.jnid}`, { body: { is_active: false } });
    expect(off.body.is_active).toBe(false);
    const listed = await api(sandbox, "GET", "/contacts", { query: { filter: { must: [{ term: { jnid: contact.jnid } }] } } });
    expect(listed.body.count).toBe(0);
    expect((await api(sandbox, "GET", `/contacts/${contact.jnid}`)).body.is_active).toBe(false);
    const asked = await api(sandbox, "GET", "/contacts", { query: { filter: { must: [{ term: { is_active: false } }, { term: { jnid: contact.jnid } }] } } });
    expect(asked.body.count).toBe(1);
    // A deactivated contact takes no new jobs.
    const job = await api(sandbox, "POST", "/jobs", { body: { name: "X", record_type_name: "Commercial", status_name: "Bid Request", primary: { id: contact.jnid } } });
    expect(job.status).toBe(400);
  });

  it("refuses every write for a key whose access profile cannot edit (403), reads still work", async () => {
    const before = summit().counts();
    const r = await api(sandbox, "POST", "/contacts", { key: READ_KEY, body: { record_type_name: "Customer", status_name: "Lead", first_name: "No" } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ status: 403, body: expect.stringContaining("access profile") });
    expect(summit().counts()).toEqual(before);
    expect((await api(sandbox, "GET", "/jobs", { key: READ_KEY, query: { size: 1 } })).status).toBe(200);
  });

  it("answers unknown paths with 404 and non-JSON bodies with 400", async () => {
    expect((await api(sandbox, "GET", "/estimates/v9")).status).toBe(404);
    expect((await api(sandbox, "POST", "/files", { body: {} })).status).toBe(405);
    const bad = await api(sandbox, "POST", "/contacts", { raw: "{nope" });
    expect(bad.status).toBe(400);
    expect(bad.body.body).toContain("not valid JSON");
  });
});

describe("faults and limits", () => {
  it("fault status 503: the server-failure body shape, nothing applied", async () => {
    const before = summit().counts();
    sandbox.faults.add({ kind: "status", status: 503, method: "POST", path: "/api1/activities" });
    const job = jobIn("Commercial");
    const r = await api(sandbox, "POST", "/activities", { body: { note: "x", record_type_name: "Note", primary: { id: job.jnid } } });
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ error: "Internal Server Error" });
    expect(summit().counts()).toEqual(before);
  });

  it("reset_after_commit applies the write and drops the answer", async () => {
    const before = summit().activities.size;
    sandbox.faults.add({ kind: "reset_after_commit", method: "POST", path: "/api1/activities" });
    const job = jobIn("Commercial");
    await expect(api(sandbox, "POST", "/activities", { body: { note: "lost answer", record_type_name: "Note", primary: { id: job.jnid } } })).rejects.toThrow();
    expect(summit().activities.size).toBe(before + 1);
    expect(sandbox.requests.at(-1)).toMatchObject({ method: "POST", path: "/api1/activities", status: 0, fault: "reset_after_commit", keyLabel: "summit" });
  });

  it("rate limits per key past the configured rate: 429 with Retry-After, no X-RateLimit headers", async () => {
    const limited = await startJobnimbusSandbox({ rateLimit: { limit: 3, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof api>> | undefined;
      // Requests count whatever their answer (here 401 for a key the sandbox does not know, which also
      // spares seeding an account), and the limit is per presented key.
      for (let i = 0; i < 5; i++) {
        last = await api(limited, "GET", "/account/users", { key: "ratelimitprobe01" });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(last!.body).toEqual({ message: "Too Many Requests" });
      expect([...last!.headers.keys()].filter((h) => h.startsWith("x-ratelimit"))).toEqual([]);
      expect((await api(limited, "GET", "/account/users", { key: "ratelimitprobe02" })).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe("second account", () => {
  it("has its own data under its own workflows", async () => {
    const jobs = await api(sandbox, "GET", "/jobs", { key: BRIGHTSIDE_KEY, query: { size: 1000 } });
    const workflows = new Set(jobs.body.results.map((j: any) => j.record_type_name));
    expect(workflows).toEqual(new Set(["Service Call", "Replacement Project"]));
    for (const j of jobs.body.results) expect(activeStatuses(BRIGHTSIDE, j.record_type_name)).toContain(j.status_name);
  });
});
