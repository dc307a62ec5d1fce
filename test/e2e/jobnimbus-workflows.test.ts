/**
 * The JobNimbus workflows an assistant chains (issue 13), end to end over stdio with the SDK Client against a
 * sandbox this test owns: correct a contact, note on a contact, create a job with its sales rep and lead
 * source, find it by number or street, book a task with a due date and assignee, complete, reopen and reassign
 * it, and read a job's tasks, activity and attachments. Each write is checked in the sandbox's store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobnimbusSandbox, type JnRecord, type JobNimbusSandbox, type JobNimbusStore } from "../../src/sandbox/jobnimbus/index.js";
import { call, type Connected } from "./harness.js";
import { connectJobnimbus, jobnimbusKey, sent } from "./jobnimbus-harness.js";

let sandbox: JobNimbusSandbox;
let conn: Connected;
let store: JobNimbusStore;

beforeAll(async () => {
  sandbox = await startJobnimbusSandbox({ faults: true, rateLimit: false });
  store = sandbox.storeFor(jobnimbusKey("summit"));
  conn = await connectJobnimbus(sandbox, "summit");
}, 30_000);
afterAll(async () => {
  await conn?.close();
  await sandbox?.close();
});

const activeUsers = () => store.users.filter((u) => u.is_active);

describe("contacts", () => {
  it("a contact stored with a bare-digit phone is found by its formatted number, and create_customer returns it instead of a duplicate", async () => {
    const contact = [...store.contacts.values()].find((c) => c.is_active && /^\d{10}$/.test(String(c.mobile_phone || c.work_phone || c.home_phone)))!;
    const digits = String(contact.mobile_phone || contact.work_phone || contact.home_phone);
    const formatted = `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
    const found = await call(conn.client, "search_customers", { query: formatted });
    expect(found.data.items.map((c: { id: string }) => c.id)).toEqual([contact.jnid]);
    // Every typed form of the same number: with the country code, dotted.
    for (const typed of [`+1 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`, `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`]) {
      const again = await call(conn.client, "search_customers", { query: typed });
      expect(again.data.items.map((c: { id: string }) => c.id), typed).toEqual([contact.jnid]);
      expect(again.data.items[0].matched.join(" "), typed).toMatch(/^phone: /);
    }
    const posts = sent(sandbox, "summit", "POST", "/contacts");
    const again = await call(conn.client, "create_customer", { name: "Someone Else Entirely", phone: `+1${digits}` });
    expect(again.isError, again.text).toBe(false);
    expect(again.data).toMatchObject({ outcome: "existing", customer: { id: contact.jnid } });
    expect(sent(sandbox, "summit", "POST", "/contacts")).toBe(posts);
  });

  it("update_customer corrects phone, email, address and status (in the contact's own workflow), sending only what changes", async () => {
    const contact = [...store.contacts.values()].find((c) => c.is_active && c.record_type_name === "Customer" && c.status_name === "Lead" && c.mobile_phone)!;
    const preview = await call(conn.client, "update_customer", { customer_id: contact.jnid, phone: "(303) 555-0199", email: "new.address@example.com", address: { line1: "77 Larimer St", city: "Denver", state: "CO", zip: "80205" }, status: "prospect", dry_run: true });
    expect(preview.isError, preview.text).toBe(false);
    expect(preview.data.request).toMatchObject({
      method: "PUT",
      path: `/contacts/${contact.jnid}`,
      body: { mobile_phone: "(303) 555-0199", email: "new.address@example.com", address_line1: "77 Larimer St", city: "Denver", state_text: "CO", zip: "80205", record_type_name: "Customer", status_name: "Prospect" },
    });
    const r = await call(conn.client, "update_customer", { customer_id: contact.jnid, phone: "(303) 555-0199", email: "new.address@example.com", address: { line1: "77 Larimer St", city: "Denver", state: "CO", zip: "80205" }, status: "Prospect" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "updated", customer: { id: contact.jnid, status: "Prospect" } });
    expect(store.contacts.get(contact.jnid)).toMatchObject({ mobile_phone: "(303) 555-0199", email: "new.address@example.com", address_line1: "77 Larimer St", status_name: "Prospect" });
    // The same values again: nothing to send.
    const puts = sent(sandbox, "summit", "PUT", `/contacts/${contact.jnid}`);
    const same = await call(conn.client, "update_customer", { customer_id: contact.jnid, phone: "303-555-0199", status: "Prospect" });
    expect(same.data.outcome).toBe("existing");
    expect(sent(sandbox, "summit", "PUT", `/contacts/${contact.jnid}`)).toBe(puts);
    // A status of another contact workflow is refused, naming the contact's own.
    const wrong = await call(conn.client, "update_customer", { customer_id: contact.jnid, status: "Approved" });
    expect(wrong.isError).toBe(true);
    expect(wrong.text).toMatch(/"Approved" is not a status of the Customer workflow/);
  });

  it("add_customer_note notes the contact itself; get_customer shows it in the contact's activity", async () => {
    const contact = [...store.contacts.values()].find((c) => c.is_active && c.record_type_name === "Customer")!;
    const text = `Prefers calls after 5pm ${Date.now()}`;
    const r = await call(conn.client, "add_customer_note", { customer_id: contact.jnid, note: text });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "created", note: { text } });
    const stored = store.activities.get(r.data.note.id)!;
    expect(stored).toMatchObject({ record_type_name: "Note", note: text, primary: { id: contact.jnid } });
    const again = await call(conn.client, "add_customer_note", { customer_id: contact.jnid, note: text });
    expect(again.data.outcome).toBe("existing");
    const got = await call(conn.client, "get_customer", { customer_id: contact.jnid });
    expect(got.data.recent_activity[0]).toMatchObject({ type: "Note", text });
  });
});

describe("jobs and their tasks", () => {
  let job: { id: string; number?: string };
  let contact: JnRecord;

  it("create_job records the sales rep and lead source; list_jobs and get_job find it by number and street", async () => {
    contact = [...store.contacts.values()].find((c) => c.is_active && c.record_type_name === "Customer" && c.address_line1)!;
    const rep = activeUsers()[1]!;
    const r = await call(conn.client, "create_job", { title: `Hail damage roof ${Date.now()}`, customer_id: contact.jnid, workflow: "Residential Roofing", sales_rep_id: rep.id, lead_source: "referral" });
    expect(r.isError, r.text).toBe(false);
    job = r.data.job;
    const stored = store.jobs.get(job.id)!;
    expect(stored).toMatchObject({ sales_rep: rep.id, source_name: "Referral" });
    const unknownSource = await call(conn.client, "create_job", { title: "x roof", customer_id: contact.jnid, workflow: "Residential Roofing", lead_source: "Billboard on Mars", dry_run: true });
    expect(unknownSource.isError).toBe(true);
    expect(unknownSource.text).toMatch(/not a lead source of this account[\s\S]*Referral/);

    const byNumber = await call(conn.client, "list_jobs", { query: String(stored.number) });
    expect(byNumber.data.items.map((j: { id: string }) => j.id)).toContain(job.id);
    const byStreet = await call(conn.client, "list_jobs", { query: String(contact.address_line1) });
    expect(byStreet.data.items.map((j: { id: string }) => j.id)).toContain(job.id);
    const got = await call(conn.client, "get_job", { job_id: String(stored.number), response_format: "detailed" });
    expect(got.isError, got.text).toBe(false);
    expect(got.data.job).toMatchObject({ id: job.id, sales_rep_id: rep.id, lead_source: "Referral" });
  });

  it("add_job_task books a typed task with a due date and assignee; get_job lists it", async () => {
    const tech = activeUsers()[2]!;
    const noDue = await call(conn.client, "add_job_task", { job_id: job.id, description: "Roof inspection" });
    expect(noDue.isError).toBe(true);
    const r = await call(conn.client, "add_job_task", { job_id: job.id, description: "Roof inspection", type: "inspection", due_at: "2026-07-01T15:00:00Z", duration_hours: 1.5, technician_id: tech.id });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "created", task: { status: "Open", type: "Inspection", due_at: "2026-07-01T15:00:00Z", assignee_id: tech.id } });
    const stored = store.tasks.get(r.data.task.id)!;
    expect(stored).toMatchObject({ title: "Roof inspection", record_type_name: "Inspection", date_start: 1782918000, date_end: 1782918000 + 5400, owners: [{ id: tech.id }], is_completed: false });
    expect((stored.related as Array<{ id: string }>).map((x) => x.id)).toEqual([job.id, contact.jnid]);
    const repeat = await call(conn.client, "add_job_task", { job_id: job.id, description: "Roof inspection", due_at: "2026-07-01T15:00:00Z" });
    expect(repeat.data.outcome).toBe("existing");
    const badType = await call(conn.client, "add_job_task", { job_id: job.id, description: "Dig a moat", type: "Moat Digging", due_at: "2026-07-02T15:00:00Z" });
    expect(badType.isError).toBe(true);
    expect(badType.text).toMatch(/not a task type of this account[\s\S]*Adjuster Meeting/);

    const got = await call(conn.client, "get_job", { job_id: job.id });
    expect(got.data.tasks).toEqual([expect.objectContaining({ id: r.data.task.id, status: "Open", assignee: `${tech.first_name} ${tech.last_name}` })]);
    expect(got.data.recent_activity[0]).toMatchObject({ type: "Job Created" });
    expect(got.data.attachments_total).toBe(0);
    // The contact shows it among its open tasks.
    const person = await call(conn.client, "get_customer", { customer_id: contact.jnid });
    expect(person.data.tasks).toContainEqual(expect.objectContaining({ id: r.data.task.id, type: "Inspection", due_at: "2026-07-01T15:00:00Z" }));
  });

  it("update_job_task completes, reopens and reassigns a task; a repeat sends nothing", async () => {
    const task = [...store.tasks.values()].find((t) => (t.related as Array<{ id: string }>)[0]!.id === job.id)!;
    const done = await call(conn.client, "update_job_task", { job_id: job.id, task_id: task.jnid, completed: true });
    expect(done.isError, done.text).toBe(false);
    expect(done.data).toMatchObject({ outcome: "updated", task: { status: "Completed" } });
    expect(store.tasks.get(task.jnid)!.is_completed).toBe(true);
    const puts = sent(sandbox, "summit", "PUT", `/tasks/${task.jnid}`);
    const again = await call(conn.client, "update_job_task", { job_id: job.id, task_id: task.jnid, completed: true });
    expect(again.data.outcome).toBe("existing");
    expect(sent(sandbox, "summit", "PUT", `/tasks/${task.jnid}`)).toBe(puts);
    const other = activeUsers()[3]!;
    const reopened = await call(conn.client, "update_job_task", { job_id: job.id, task_id: task.jnid, completed: false, technician_id: other.id, due_at: "2026-07-03T16:00:00Z", expected_status: "Completed" });
    expect(reopened.isError, reopened.text).toBe(false);
    expect(store.tasks.get(task.jnid)).toMatchObject({ is_completed: false, owners: [{ id: other.id }], date_start: 1783094400 });
  });

  it("get_job lists a seeded job's attachments (names and types, never content)", async () => {
    const withFiles = [...store.jobs.values()].find((j) => j.is_active && Number(j.attachment_count) > 0)!;
    const got = await call(conn.client, "get_job", { job_id: withFiles.jnid });
    expect(got.data.attachments_total).toBe(withFiles.attachment_count);
    expect(got.data.attachments[0]).toEqual(expect.objectContaining({ filename: expect.any(String), content_type: expect.stringMatching(/^(image|application)\//) }));
  });
});
