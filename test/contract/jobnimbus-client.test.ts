/**
 * Contract: the JobNimbus client and backend (real undici HttpClient) against the sandbox over real HTTP.
 * Filters, paging, timestamps both ways, errors in every body shape, deactivation, and the account
 * settings the backend builds its enums from (read at startup, refreshed when a status is unknown).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../src/domain/backend.js";
import { InvalidArgumentError, NotFoundError } from "../../src/domain/errors.js";
import { HttpClient } from "../../src/http/client.js";
import { isVendorError, type VendorError } from "../../src/http/errors.js";
import { activeStatuses, BRIGHTSIDE, DEMO_KEYS, startJobnimbusSandbox, SUMMIT, workflowsOf, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { createJobNimbusBackend, jobNimbusAuth } from "../../src/vendors/jobnimbus/backend.js";
import { JobNimbusClient } from "../../src/vendors/jobnimbus/client.js";
import { API_PREFIX } from "../../src/vendors/jobnimbus/facts.js";
import { term } from "../../src/vendors/jobnimbus/filter.js";
import { jobNimbusDialect } from "../../src/vendors/jobnimbus/normalize.js";

const SUMMIT_KEY = DEMO_KEYS.find((k) => k.label === "summit")!.key;
const BRIGHTSIDE_KEY = DEMO_KEYS.find((k) => k.label === "brightside")!.key;

let sandbox: JobNimbusSandbox;
let backend: Backend;
let http: HttpClient;
let client: JobNimbusClient;

beforeAll(async () => {
  sandbox = await startJobnimbusSandbox({ faults: true, rateLimit: false });
  backend = await createJobNimbusBackend({ origin: sandbox.url, apiKey: SUMMIT_KEY, sandbox: true, retry: { minTimeoutMs: 10, maxTimeoutMs: 50 } });
  http = new HttpClient({ baseUrl: `${sandbox.url}${API_PREFIX}`, dialect: jobNimbusDialect, auth: jobNimbusAuth(SUMMIT_KEY), retry: { minTimeoutMs: 10, maxTimeoutMs: 50 } });
  client = new JobNimbusClient(http);
});
afterAll(async () => {
  await backend?.close();
  await http?.close();
  await sandbox?.close();
});
afterEach(() => sandbox.faults.clear());

const store = () => sandbox.storeFor(SUMMIT_KEY);
const seen = (method: string, path: string) => sandbox.requests.filter((r) => r.method === method && r.path === `${API_PREFIX}${path}`).length;
const isoOf = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");

async function vendorError(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isVendorError(err)) throw new Error(`expected a VendorError, got ${String(err)}`);
  return err;
}

describe("account settings → profile", () => {
  it("builds the status enums from the account's active job statuses, per account", async () => {
    const expected = (account: typeof SUMMIT) => [...new Set(workflowsOf(account, "job").flatMap((w) => activeStatuses(account, w.name)))];
    expect(backend.profile.jobMachine!.statuses).toEqual(expected(SUMMIT));
    expect(backend.profile.jobWorkflows!.map((w) => w.name)).toEqual(["Residential Roofing", "Insurance Restoration", "Commercial"]);
    expect(backend.profile.customerWorkflows!.map((w) => w.name)).toEqual(["Customer", "Sub-Contractor", "Insurance Adjuster"]);
    const other = await createJobNimbusBackend({ origin: sandbox.url, apiKey: BRIGHTSIDE_KEY });
    try {
      expect(other.profile.jobMachine!.statuses).toEqual(expected(BRIGHTSIDE));
      expect(other.profile.jobMachine!.statuses).not.toEqual(backend.profile.jobMachine!.statuses);
    } finally {
      await other.close();
    }
  });

  it("starts with a refused key, answering every call with the 401 (redacted) until the key works", async () => {
    const refused = await createJobNimbusBackend({ origin: sandbox.url, apiKey: "wrongwrongwrong1" });
    try {
      expect(refused.profile.jobWorkflows).toEqual([]);
      const err = await vendorError(refused.customers!.search({ query: "a" }));
      expect(err.status).toBe(401);
      expect(err.message).toContain("Authentication required");
      expect(err.message).not.toContain("wrongwrongwrong1");
      expect(await refused.keyProblem!()).toMatchObject({ status: 401, fix: expect.stringMatching(/FSM_API_KEY/) });
    } finally {
      await refused.close();
    }
    expect(await backend.keyProblem!()).toBeUndefined();
  });

  it("sends the configured Authorization scheme", async () => {
    const viaToken = await createJobNimbusBackend({ origin: sandbox.url, apiKey: SUMMIT_KEY, authScheme: "Token" });
    expect(await viaToken.keyProblem!()).toBeUndefined();
    await viaToken.close();
    const viaBasic = await createJobNimbusBackend({ origin: sandbox.url, apiKey: SUMMIT_KEY, authScheme: "Basic" });
    expect((await viaBasic.keyProblem!())?.status).toBe(401);
    await viaBasic.close();
  });
});

describe("filters and paging", () => {
  it("searches contacts by name fragment, company, email and phone", async () => {
    const person = [...store().contacts.values()].find((c) => c.record_type_name === "Customer" && !c.company && c.email && c.is_active)!;
    const byName = await backend.customers!.search({ query: String(person.last_name).slice(0, 4), perPage: 100 });
    expect(byName.items.map((c) => c.id)).toContain(person.jnid);
    const byEmail = await backend.customers!.search({ query: String(person.email).toUpperCase() });
    expect(byEmail.items.map((c) => c.id)).toEqual([person.jnid]);
    // Stored as "(303) 555-0142"; asked as E.164 or loosely formatted.
    const digits = String(person.mobile_phone).replace(/\D/g, "");
    expect((await backend.customers!.search({ query: `+1${digits}` })).items.map((c) => c.id)).toEqual([person.jnid]);
    expect((await backend.customers!.search({ query: `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}` })).items.map((c) => c.id)).toEqual([person.jnid]);
    const byCompany = await backend.customers!.search({ query: "Property Group" });
    expect(byCompany.items.map((c) => c.name)).toEqual(["Cherry Creek Property Group"]);
    expect((await backend.customers!.search({ query: "zzzz no such name" })).total).toBe(0);
  });

  it("finds a contact by its number whatever form it is stored in and whatever form is asked", async () => {
    // The seed holds numbers as real accounts do: "(303) 555-0142", "3035550142", "+13035550142", "303.555.0142"…
    const byForm = new Map<string, { jnid: string; digits: string }>();
    for (const c of store().contacts.values()) {
      const phone = String(c.mobile_phone || c.work_phone || c.home_phone || "");
      if (!c.is_active || !phone) continue;
      const form = phone.replace(/\d/g, "9"); // "+13035550142" → "+99999999999"
      if (!byForm.has(form)) byForm.set(form, { jnid: c.jnid, digits: phone.replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "") });
    }
    expect([...byForm.keys()]).toEqual(expect.arrayContaining(["(999) 999-9999", "9999999999", "+99999999999", "999.999.9999", "999-999-9999"]));
    for (const [form, { jnid, digits }] of byForm) {
      const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
      for (const asked of [digits, `(${a}) ${b}-${c}`, `+1${digits}`, `${a}.${b}.${c}`]) {
        const found = await backend.customers!.search({ phone: asked });
        expect(found.items.map((x) => x.id), `stored as ${form}, asked as ${asked}`).toEqual([jnid]);
        expect((await backend.customers!.search({ query: asked })).items.map((x) => x.id), `query ${asked}`).toContain(jnid);
      }
    }
  });

  it("filters jobs by status, workflow, contact, technician and dates", async () => {
    const paid = await backend.jobs!.list({ status: "Paid", workflow: "Residential Roofing", perPage: 100 });
    expect(paid.total).toBe([...store().jobs.values()].filter((j) => j.is_active && j.status_name === "Paid" && j.record_type_name === "Residential Roofing").length);
    for (const j of paid.items) expect(j).toMatchObject({ status: "Paid", workflow: "Residential Roofing" });

    const someJob = [...store().jobs.values()].find((j) => j.is_active)!;
    const contactId = (someJob.primary as { id: string }).id;
    const forContact = await backend.jobs!.list({ customerId: contactId });
    expect(forContact.items.map((j) => j.id)).toContain(someJob.jnid);
    for (const j of forContact.items) expect(j.customerId).toBe(contactId);

    const owner = (someJob.owners as Array<{ id: string }>)[0]!.id;
    const forOwner = await backend.jobs!.list({ technicianId: owner, perPage: 100 });
    expect(forOwner.total).toBeGreaterThan(0);
    // "Whose job is this": assigned to them (owners) or sold by them (sales_rep), and nothing else.
    const theirs = (j: { owners?: unknown; sales_rep?: unknown; is_active?: unknown }) => j.is_active && ((j.owners as Array<{ id: string }>).some((o) => o.id === owner) || j.sales_rep === owner);
    expect(forOwner.items.every((j) => theirs(store().jobs.get(String(j.id))!))).toBe(true);
    expect(forOwner.total).toBe([...store().jobs.values()].filter(theirs).length);
    const soldNotAssigned = [...store().jobs.values()].filter((j) => j.is_active && !(j.owners as Array<{ id: string }>).some((o) => o.id === j.sales_rep));
    expect(soldNotAssigned.length).toBeGreaterThan(0);
    const rep = String(soldNotAssigned[0]!.sales_rep);
    expect((await backend.jobs!.list({ technicianId: rep, perPage: 100 })).items.map((j) => j.id)).toContain(soldNotAssigned[0]!.jnid);
    expect(forOwner.items[0]!.technicianName).toBeTruthy();

    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const recent = await backend.jobs!.list({ createdAfter: since, perPage: 100 });
    expect(recent.total).toBeGreaterThan(0);
    for (const j of recent.items) expect(Date.parse(j.createdAt!)).toBeGreaterThanOrEqual(Date.parse(since) - 1000);
  });

  it("maps page/per_page onto from/size, and listAll walks from += items until count", async () => {
    const page1 = await backend.jobs!.list({ page: 1, perPage: 25 });
    const page2 = await backend.jobs!.list({ page: 2, perPage: 25 });
    expect(page1.total).toBe(page2.total);
    expect(page1.totalPages).toBe(Math.ceil(page1.total / 25));
    const last = sandbox.requests.at(-1)!;
    expect(last.query).toMatchObject({ size: "25", from: "25" });
    const all = await client.listAll("listJobs", { size: 100 });
    expect(all.map((j) => j.jnid).slice(25, 50)).toEqual(page2.items.map((j) => j.id));
    expect(all).toHaveLength(page1.total);
    const walked = sandbox.requests.filter((r) => r.path === `${API_PREFIX}/jobs` && r.query.size === "100").map((r) => r.query.from);
    expect(walked.slice(-Math.ceil(page1.total / 100))).toEqual(Array.from({ length: Math.ceil(page1.total / 100) }, (_, i) => String(i * 100)));
  });

  it("reads activities under `activity` and files under `files`", async () => {
    const notes = await client.list("listActivities", { filter: { must: [term("record_type_name", "Note")] }, size: 5 });
    expect(notes.items).toHaveLength(5);
    expect(notes.items.every((a) => a.record_type_name === "Note")).toBe(true);
    const files = await client.listFiles({ size: 3 });
    expect(files.items).toHaveLength(3);
    expect(files.count).toBe(store().files.size);
  });
});

describe("timestamps", () => {
  it("reads Unix seconds as ISO 8601 and writes ISO 8601 as Unix seconds", async () => {
    const raw = [...store().jobs.values()].find((j) => Number(j.date_start) > 0 && j.is_active)!;
    const job = await backend.jobs!.get(raw.jnid);
    expect(job.createdAt).toBe(isoOf(raw.date_created));
    expect(job.updatedAt).toBe(isoOf(raw.date_updated));
    expect(job.scheduledStart).toBe(isoOf(raw.date_start));
    expect(job.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const op = await backend.jobs!.update!(raw.jnid, { scheduledStart: "2026-07-01T14:30:00Z", scheduledEnd: "2026-07-01T22:00:00-06:00" });
    expect(op.request.body).toEqual({ date_start: 1782916200, date_end: 1782964800 });
    const { value } = await op.run();
    expect(store().jobs.get(raw.jnid)).toMatchObject({ date_start: 1782916200, date_end: 1782964800 });
    expect(value.scheduledStart).toBe("2026-07-01T14:30:00Z");
    expect(value.scheduledEnd).toBe("2026-07-02T04:00:00Z");
    const cleared = await (await backend.jobs!.update!(raw.jnid, { scheduledStart: null, scheduledEnd: null })).run();
    expect(cleared.value.scheduledStart).toBeNull();
    expect(store().jobs.get(raw.jnid)).toMatchObject({ date_start: 0, date_end: 0 });
  });
});

describe("writes", () => {
  it("creates a contact and a job in the account's workflows, the job at the contact's address", async () => {
    const contactOp = await backend.customers!.create!({ name: "Rosa Delgado", firstName: "Rosa", lastName: "Delgado", email: "rosa.delgado@example.com", phone: "+13035550177", address: { line1: "4410 Quebec St", city: "Denver", state: "CO", zip: "80216" } });
    expect(contactOp.request).toMatchObject({ method: "POST", path: "/contacts", body: { record_type_name: "Customer", status_name: "Lead", display_name: "Rosa Delgado", address_line1: "4410 Quebec St" } });
    const contact = (await contactOp.run()).value;
    expect(contact).toMatchObject({ name: "Rosa Delgado", workflow: "Customer", status: "Lead", address: "4410 Quebec St, Denver, CO 80216" });

    const jobOp = await backend.jobs!.create!({ title: "Delgado - Roof Replacement", customerId: contact.id, workflow: "residential roofing", scheduledStart: "2026-07-01T14:30:00Z" });
    expect(jobOp.request.body).toMatchObject({
      name: "Delgado - Roof Replacement",
      record_type_name: "Residential Roofing",
      status_name: "Lead",
      primary: { id: contact.id },
      address_line1: "4410 Quebec St",
      city: "Denver",
      date_start: 1782916200,
    });
    const job = (await jobOp.run()).value;
    expect(job).toMatchObject({ workflow: "Residential Roofing", status: "Lead", customerId: contact.id, address: "4410 Quebec St, Denver, CO 80216", scheduledStart: "2026-07-01T14:30:00Z" });
  });

  it("refuses a workflow or status the account does not have before any POST, naming the valid ones", async () => {
    const contact = [...store().contacts.values()].find((c) => c.is_active && c.record_type_name === "Customer")!;
    const posts = seen("POST", "/jobs");
    const wrong = await backend.jobs!.create!({ title: "X", customerId: contact.jnid, workflow: "Residential Roofing", status: "Bid Submitted" }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(InvalidArgumentError);
    expect((wrong as InvalidArgumentError).message).toBe('status: "Bid Submitted" is not a status of the Residential Roofing workflow (it is one of Commercial)');
    expect((wrong as InvalidArgumentError).facts.allowed).toEqual(activeStatuses(SUMMIT, "Residential Roofing"));
    const unknown = await backend.jobs!.create!({ title: "X", customerId: contact.jnid, workflow: "Solar" }).catch((e: unknown) => e);
    expect((unknown as InvalidArgumentError).facts.allowed).toEqual(["Residential Roofing", "Insurance Restoration", "Commercial"]);
    const noContact = await backend.jobs!.create!({ title: "X", customerId: "nosuchcontact123", workflow: "Commercial" }).catch((e: unknown) => e);
    expect(noContact).toBeInstanceOf(NotFoundError);
    expect(seen("POST", "/jobs")).toBe(posts);
  });

  it("adds notes as activities and lists a job's notes newest first", async () => {
    const job = [...store().jobs.values()].find((j) => j.is_active && j.record_type_name === "Commercial")!;
    const first = await (await backend.jobs!.addNote!(job.jnid, "Roof walk done")).run();
    const second = await (await backend.jobs!.addNote!(job.jnid, "Sent photos to the owner")).run();
    expect(first.value).toMatchObject({ jobId: job.jnid, text: "Roof walk done" });
    expect(store().activities.get(String(second.value.id))).toMatchObject({ record_type_name: "Note", note: "Sent photos to the owner", primary: { id: job.jnid, type: "job" } });
    const notes = await backend.jobs!.listNotes!(job.jnid, { perPage: 50 });
    expect(notes.items.slice(0, 2).map((n) => n.text)).toEqual(["Sent photos to the owner", "Roof walk done"]);
    expect(notes.items.every((n) => n.jobId === job.jnid)).toBe(true);
    await expect(backend.jobs!.addNote!("nosuchjob0000000", "x")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("creates and lists tasks with Unix-second dates", async () => {
    const job = [...store().jobs.values()].find((j) => j.is_active)!;
    const op = client.createTask({ title: "Measure", date_start: 1782916200, record_type_name: "appointment", related: [{ id: job.jnid }] }, "task");
    expect(op.request.body).toMatchObject({ date_start: 1782916200 });
    const { value } = await op.run();
    expect(value).toMatchObject({ description: "Measure", dueAt: "2026-07-01T14:30:00Z", type: "Appointment", status: "Open" });
    expect(store().tasks.get(String(value.id))).toMatchObject({ title: "Measure", date_start: 1782916200 });
    const tasks = await client.listTasks({ filter: { must: [term("jnid", String(value.id))] } });
    expect(tasks.items.map((t) => t.jnid)).toEqual([value.id]);
    expect((await client.tasksOf(job.jnid)).map((t) => t.id)).toContain(value.id);
  });

  it("deactivates with PUT is_active:false; never sends DELETE", async () => {
    const contact = [...store().contacts.values()].find((c) => c.is_active && c.email && c.record_type_name === "Customer" && !c.company)!;
    const op = client.deactivateContact(contact.jnid);
    expect(op.request).toEqual({ method: "PUT", path: `/contacts/${contact.jnid}`, body: { is_active: false }, idempotent: true });
    await op.run();
    expect(store().contacts.get(contact.jnid)!.is_active).toBe(false);
    expect((await backend.customers!.search({ query: String(contact.email) })).total).toBe(0);
    expect((await backend.customers!.get(contact.jnid)).id).toBe(contact.jnid);
    const job = [...store().jobs.values()].find((j) => j.is_active)!;
    await client.deactivateJob(job.jnid).run();
    expect(store().jobs.get(job.jnid)!.is_active).toBe(false);
    expect(sandbox.requests.filter((r) => r.method === "DELETE")).toEqual([]);
  });
});

describe("errors", () => {
  it("401 {status, body}: the vendor's words, the key redacted", async () => {
    const bad = new HttpClient({ baseUrl: `${sandbox.url}${API_PREFIX}`, dialect: jobNimbusDialect, auth: jobNimbusAuth("badbadbadbadbad1") });
    try {
      const err = await vendorError(new JobNimbusClient(bad).listJobs({ perPage: 1 }));
      expect(err.status).toBe(401);
      expect(err.message).toContain("Authentication required");
      expect(err.message).not.toContain("badbadbadbadbad1");
    } finally {
      await bad.close();
    }
  });

  it("404 and 400 carry the vendor's message; the backend turns 404 into not_found", async () => {
    const missing = await vendorError(client.getJob("nosuchjob0000000"));
    expect(missing.status).toBe(404);
    expect(missing.message).toContain("Job nosuchjob0000000 not found");
    await expect(backend.jobs!.get("nosuchjob0000000")).rejects.toBeInstanceOf(NotFoundError);
    const invalid = await vendorError(client.createJob({ name: "", record_type_name: "Commercial", status_name: "Bid Request" }, "bad").run());
    expect(invalid.status).toBe(400);
    expect(invalid.message).toContain("name must not be empty");
    expect(invalid.retryable).toBe(false);
  });

  it("429 {message}: retried after Retry-After, then answered", async () => {
    sandbox.faults.add({ kind: "status", status: 429, retryAfterSec: 0, method: "GET", path: "/api1/account/users" });
    const users = await client.accountUsers();
    expect(users).toHaveLength(SUMMIT.users.length);
    expect(sandbox.faults.fired).toHaveLength(1);
  });

  it("5xx {error} on a POST: not retried blindly, flagged as possibly applied", async () => {
    sandbox.faults.add({ kind: "fail_after_commit", status: 502, method: "POST", path: "/api1/activities" });
    const job = [...store().jobs.values()].find((j) => j.is_active)!;
    const before = store().activities.size;
    const err = await vendorError((await backend.jobs!.addNote!(job.jnid, "flaky")).run());
    expect(err.status).toBe(502);
    expect(err.message).toContain("Internal Server Error");
    expect(err.writeMayHaveHappened).toBe(true);
    expect(store().activities.size).toBe(before + 1);
  });
});

describe("statuses the settings did not know", () => {
  it("a status added to the job's workflow since startup: one settings refresh, then the PUT", async () => {
    const job = [...store().jobs.values()].find((j) => j.is_active && j.record_type_name === "Residential Roofing" && j.status_name === "Contract Signed")!;
    store().addStatus("Residential Roofing", "Permit Approved");
    const reads = seen("GET", "/account/settings");
    const op = await backend.jobs!.changeStatus!(await backend.jobs!.get(job.jnid), { status: "permit approved" });
    expect(seen("GET", "/account/settings")).toBe(reads + 1);
    expect(op.request.body).toEqual({ record_type_name: "Residential Roofing", status_name: "Permit Approved" });
    expect((await op.run()).value.status).toBe("Permit Approved");
  });

  it("a status of another workflow: refused after one refresh, nothing PUT", async () => {
    const job = await backend.jobs!.get([...store().jobs.values()].find((j) => j.is_active && j.record_type_name === "Insurance Restoration")!.jnid);
    const reads = seen("GET", "/account/settings");
    const puts = seen("PUT", `/jobs/${job.id}`);
    const err = await backend.jobs!.changeStatus!(job, { status: "Awarded" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).message).toContain('"Awarded" is not a status of the Insurance Restoration workflow (it is one of Commercial)');
    expect(seen("GET", "/account/settings")).toBe(reads + 1);
    expect(seen("PUT", `/jobs/${job.id}`)).toBe(puts);
  });

  it("a job in a workflow created since startup: reading it refreshes the settings, and its machine is that workflow's", async () => {
    store().addWorkflow("Solar Install", "job", ["Site Survey", "Permit", "Installed"]);
    const contact = [...store().contacts.values()].find((c) => c.is_active && c.record_type_name === "Customer")!;
    const created = await client.createJob({ name: "Solar test", record_type_name: "Solar Install", status_name: "Site Survey", primary: { id: contact.jnid } }, "raw").run();
    const reads = seen("GET", "/account/settings");
    const job = await backend.jobs!.get(created.value.id);
    expect(seen("GET", "/account/settings")).toBe(reads + 1);
    expect(backend.jobs!.machineFor(job).statuses).toEqual(["Site Survey", "Permit", "Installed"]);
    // Known now: a second read does not refresh again.
    await backend.jobs!.get(created.value.id);
    expect(seen("GET", "/account/settings")).toBe(reads + 1);
  });
});
