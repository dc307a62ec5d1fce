/**
 * JobNimbus end to end, over stdio, on both demo accounts: the status enums are each account's own active
 * job statuses; a status of another workflow is refused before any write; every safe-write guard applies
 * (dry run, idempotency, duplicate preflight, reconcile after an ambiguous POST).
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BRIGHTSIDE, startJobnimbusSandbox, SUMMIT, workflowsOf, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { call, type Connected } from "./harness.js";
import { accountJobStatuses, connectJobnimbus, jobnimbusKey, sent } from "./jobnimbus-harness.js";

let sandbox: JobNimbusSandbox;
let summit: Connected;
let brightside: Connected;
const tools: Record<string, Tool[]> = {};

beforeAll(async () => {
  sandbox = await startJobnimbusSandbox({ faults: true, rateLimit: false });
  [summit, brightside] = await Promise.all([connectJobnimbus(sandbox, "summit"), connectJobnimbus(sandbox, "brightside")]);
  tools.summit = (await summit.client.listTools()).tools;
  tools.brightside = (await brightside.client.listTools()).tools;
}, 60_000);
afterAll(async () => {
  await summit?.close();
  await brightside?.close();
  await sandbox?.close();
});

type Props = Record<string, { enum?: string[]; examples?: string[]; default?: unknown }>;
const props = (label: string, tool: string): Props => (tools[label]!.find((t) => t.name === tool)!.inputSchema.properties ?? {}) as Props;

/** A fresh job for a contact of the account, through the tool. */
async function newJob(conn: Connected, workflow: string, title = `${workflow} job ${Date.now()}-${Math.random()}`) {
  const contacts = await call(conn.client, "search_customers", { query: "a", per_page: 1 });
  const r = await call(conn.client, "create_job", { title, customer_id: contacts.data.items[0].id, workflow });
  expect(r.isError, r.text).toBe(false);
  return r.data.job;
}

describe("enums follow the account", () => {
  it("update_job_status and create_job offer exactly each account's active job statuses, and they differ", () => {
    for (const [label, account] of [["summit", SUMMIT], ["brightside", BRIGHTSIDE]] as const) {
      const expected = accountJobStatuses(account);
      expect(props(label, "update_job_status").status!.examples, label).toEqual(expected);
      expect(props(label, "update_job_status").expected_status!.examples, label).toEqual(expected);
      expect(props(label, "create_job").status!.examples, label).toEqual(expected);
      expect(props(label, "list_jobs").status!.examples, label).toEqual(expected);
      expect(props(label, "create_job").workflow!.examples, label).toEqual(workflowsOf(account, "job").map((w) => w.name));
      expect(props(label, "create_customer").workflow!.examples, label).toEqual(workflowsOf(account, "contact").map((w) => w.name));
    }
    expect(props("summit", "update_job_status").status!.examples).not.toEqual(props("brightside", "update_job_status").status!.examples);
    expect(props("summit", "update_job_status").status!.examples).toContain("Adjuster Meeting");
    expect(props("brightside", "update_job_status").status!.examples).not.toContain("Adjuster Meeting");
    expect(props("summit", "update_job_status").status!.examples).not.toContain("Pending Permit"); // retired
  });

  it("says in the description that JobNimbus has no transition table", () => {
    const d = tools.summit!.find((t) => t.name === "update_job_status")!.description!;
    expect(d).toContain("Any status of the job's own workflow may follow any other (the vendor has no transition table).");
  });

  it("registers no asset or location tool, and fsm://capabilities says why", async () => {
    const names = tools.summit!.map((t) => t.name);
    expect(names).toEqual([
      "search_customers",
      "get_customer",
      "create_customer",
      "update_customer",
      "add_customer_note",
      "list_jobs",
      "get_job",
      "create_job",
      "update_job",
      "update_job_status",
      "add_job_task",
      "update_job_task",
      "add_job_note",
      "list_technicians",
    ]);
    const caps = JSON.parse(((await summit.client.readResource({ uri: "fsm://capabilities" })).contents[0] as { text: string }).text);
    const unsupported = Object.fromEntries(caps.unsupported_tools.map((u: { name: string; reason: string }) => [u.name, u.reason]));
    expect(unsupported.log_asset_service).toMatch(/no assets/);
    expect(caps.unsupported_tools).toContainEqual({ name: "search_assets", reason: "JobNimbus has no assets (equipment records)" });
    expect(caps.unsupported_tools.map((h: { name: string }) => h.name)).toEqual(expect.arrayContaining(["create_location", "get_asset", "transfer_asset", "record_meter_reading"]));
    expect(caps.hidden_tools).toEqual([]);
  });

  it("server instructions and the dispatch prompt speak of contacts and workflows, not locations", async () => {
    expect(summit.client.getInstructions()).toContain("search_customers → create_job (customer_id, workflow) → update_job_status → add_job_note");
    const prompt = await summit.client.getPrompt({ name: "dispatch_job", arguments: { customer: "Cherry Creek", work: "roof leak" } });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toContain("create_job for that customer in the workflow that fits the work");
    expect(text).not.toContain("location");
    expect((await summit.client.listPrompts()).prompts.map((p) => p.name)).toEqual(["dispatch_job"]);
  });

  it("fsm://statuses/jobs shows the account's workflows", async () => {
    const read = async (conn: Connected) => JSON.parse(((await conn.client.readResource({ uri: "fsm://statuses/jobs" })).contents[0] as { text: string }).text);
    const a = await read(summit);
    expect(a.workflows.map((w: { name: string }) => w.name)).toEqual(["Residential Roofing", "Insurance Restoration", "Commercial"]);
    expect(a.workflows[0]).toEqual({ name: "Residential Roofing", statuses: accountJobStatuses({ ...SUMMIT, workflows: SUMMIT.workflows.filter((w) => w.name === "Residential Roofing") }), closing: ["Paid", "Lost"] });
    const b = await read(brightside);
    expect(b.workflows.map((w: { name: string }) => w.name)).toEqual(["Service Call", "Replacement Project"]);
    const table = ((await brightside.client.readResource({ uri: "fsm://statuses/jobs" })).contents[1] as { text: string }).text;
    expect(table).toContain("| Service Call | New Request, Scheduled, Dispatched");
  });
});

describe("a status of another workflow", () => {
  it("is refused before any write, naming the job's own workflow's statuses (both accounts)", async () => {
    for (const [conn, label, workflow, foreign, own] of [
      [summit, "summit", "Residential Roofing", "Bid Submitted", "Estimate Sent"],
      [brightside, "brightside", "Service Call", "Proposal Sent", "Scheduled"],
    ] as const) {
      const job = await newJob(conn, workflow);
      const puts = sent(sandbox, label, "PUT");
      const settingsReads = sent(sandbox, label, "GET", "/account/settings");
      const r = await call(conn.client, "update_job_status", { job_id: job.id, status: foreign });
      expect(r.isError, label).toBe(true);
      expect(r.text).toContain(`"${foreign}" is not a status of the ${workflow} workflow`);
      expect(r.text).toContain(`allowed: ${job.allowed_next_statuses.join(", ")}`);
      expect(sent(sandbox, label, "PUT")).toBe(puts);
      // The account may have changed: its settings were read once more before refusing.
      expect(sent(sandbox, label, "GET", "/account/settings")).toBe(settingsReads + 1);
      expect(sandbox.storeFor(jobnimbusKey(label)).jobs.get(job.id)!.status_name).toBe(job.status);

      const ok = await call(conn.client, "update_job_status", { job_id: job.id, status: own });
      expect(ok.isError, ok.text).toBe(false);
      expect(ok.data).toMatchObject({ outcome: "updated", previous_status: job.status, job: { status: own, workflow } });
      expect(sent(sandbox, label, "PUT")).toBe(puts + 1);
    }
  });

  it("is refused by create_job before any POST", async () => {
    const contacts = await call(summit.client, "search_customers", { query: "a", per_page: 1 });
    const posts = sent(sandbox, "summit", "POST", "/jobs");
    const r = await call(summit.client, "create_job", { title: "Wrong status", customer_id: contacts.data.items[0].id, workflow: "Commercial", status: "Claim Filed" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('"Claim Filed" is not a status of the Commercial workflow (it is one of Insurance Restoration)');
    expect(r.text).toContain("allowed: Bid Request, Site Walk, Bid Submitted");
    expect(sent(sandbox, "summit", "POST", "/jobs")).toBe(posts);
  });

  it("a job in a workflow added after startup: get_job re-reads the settings and offers that workflow's statuses", async () => {
    const store = sandbox.storeFor(jobnimbusKey("brightside"));
    store.addWorkflow("Holiday Lighting", "job", ["Quote", "Install", "Takedown"]);
    const contact = [...store.contacts.values()].find((c) => c.is_active)!;
    const res = await fetch(`${sandbox.url}/api1/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${jobnimbusKey("brightside")}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Roofline lights", record_type_name: "Holiday Lighting", status_name: "Quote", primary: { id: contact.jnid } }),
    });
    const created = (await res.json()) as { jnid: string };
    const r = await call(brightside.client, "get_job", { job_id: created.jnid });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.job).toMatchObject({ workflow: "Holiday Lighting", status: "Quote", allowed_next_statuses: ["Install", "Takedown"] });
  });
});

describe("the dispatcher chain on the second account", () => {
  it("find a contact → create a service call → move it through its workflow → add a note", async () => {
    const found = await call(brightside.client, "search_customers", { query: "German Village" });
    expect(found.data.items[0]).toMatchObject({ name: "German Village Rentals", workflow: "Property Manager" });
    const customer = await call(brightside.client, "get_customer", { customer_id: found.data.items[0].id });
    expect(customer.data.customer.address).toBeTruthy();
    const job = await call(brightside.client, "create_job", {
      title: "Gutter repair at 4-plex",
      customer_id: found.data.items[0].id,
      workflow: "Service Call",
      status: "Scheduled",
      scheduled_start: "2026-07-02T13:00:00Z",
      scheduled_end: "2026-07-02T15:00:00Z",
    });
    expect(job.data).toMatchObject({ outcome: "created", job: { status: "Scheduled", workflow: "Service Call", address: customer.data.customer.address } });
    const raw = sandbox.storeFor(jobnimbusKey("brightside")).jobs.get(job.data.job.id)!;
    expect(raw).toMatchObject({ date_start: Date.parse("2026-07-02T13:00:00Z") / 1000, date_end: Date.parse("2026-07-02T15:00:00Z") / 1000 });
    for (const status of ["Dispatched", "On Site", "Work Complete", "Invoiced", "Closed"]) {
      const r = await call(brightside.client, "update_job_status", { job_id: job.data.job.id, status });
      expect(r.isError, r.text).toBe(false);
      expect(r.data.job.status).toBe(status);
      expect(r.data.job.allowed_next_statuses).not.toContain(status);
    }
    const note = await call(brightside.client, "add_job_note", { job_id: job.data.job.id, note: "Re-pitched the north run, sealed 3 miters." });
    expect(note.data).toMatchObject({ outcome: "created", note: { job_id: job.data.job.id, text: "Re-pitched the north run, sealed 3 miters." } });
    const detailed = await call(brightside.client, "get_job", { job_id: job.data.job.id, response_format: "detailed" });
    // JobNimbus jobs come with their activity log (notes among its entries), newest first.
    expect(detailed.data.recent_activity[0]).toMatchObject({ type: "Note" });
    expect(detailed.data.recent_activity[0].text).toBe("Re-pitched the north run, sealed 3 miters.");
    expect(detailed.data.job.scheduled_end).toBe("2026-07-02T15:00:00Z");
  });

  it("list_technicians lists the account's users, update_job assigns one", async () => {
    const techs = await call(brightside.client, "list_technicians", { status: "Active" });
    expect(techs.data.items.map((t: { name: string }) => t.name)).toEqual(BRIGHTSIDE.users.filter((u) => u.active !== false).map((u) => `${u.first} ${u.last}`));
    const job = await newJob(brightside, "Replacement Project");
    const r = await call(brightside.client, "update_job", { job_id: job.id, technician_id: techs.data.items[2].id, title: "Window replacement (8)" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.job).toMatchObject({ title: "Window replacement (8)", technician_id: techs.data.items[2].id });
  });
});

describe("safe writes", () => {
  it("dry run shows the exact request and sends nothing", async () => {
    const contacts = await call(summit.client, "search_customers", { query: "a", per_page: 1 });
    const posts = sent(sandbox, "summit", "POST");
    // A status the account does not have: the tool (not the schema) refuses it, after reading the settings again, naming the valid ones.
    const r = await call(summit.client, "create_job", { title: "Dry run roof", customer_id: contacts.data.items[0].id, workflow: "Commercial", status: "Site Wlak", scheduled_start: "2026-07-01T14:30:00Z", dry_run: true });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/"Site Wlak" is not a status of the Commercial workflow[\s\S]*Site Walk/);
    // Statuses compare as the vendor's do, regardless of case; the account's spelling is sent.
    const ok = await call(summit.client, "create_job", { title: "Dry run roof", customer_id: contacts.data.items[0].id, workflow: "Commercial", status: "site walk", scheduled_start: "2026-07-01T14:30:00Z", dry_run: true });
    expect(ok.data).toMatchObject({
      outcome: "dry_run",
      request: { method: "POST", path: "/jobs", body: { name: "Dry run roof", record_type_name: "Commercial", status_name: "Site Walk", primary: { id: contacts.data.items[0].id }, date_start: 1782916200 } },
    });
    expect(sent(sandbox, "summit", "POST")).toBe(posts);
  });

  it("an idempotency key replays the first result; the same title for the same contact returns the open job", async () => {
    const contacts = await call(summit.client, "search_customers", { query: "e", per_page: 3 });
    const customer = contacts.data.items[2].id;
    // allow_duplicate skips the duplicate preflight, so the replay can only come from the idempotency ledger.
    const args = { title: `Hail inspection ${Date.now()}`, customer_id: customer, workflow: "Insurance Restoration", idempotency_key: `idem-${Date.now()}`, allow_duplicate: true };
    const posts = sent(sandbox, "summit", "POST", "/jobs");
    const first = await call(summit.client, "create_job", args);
    const again = await call(summit.client, "create_job", args);
    expect(first.data.outcome).toBe("created");
    expect(again.data).toMatchObject({ outcome: "replayed", job: { id: first.data.job.id } });
    const dup = await call(summit.client, "create_job", { ...args, idempotency_key: undefined, allow_duplicate: false });
    expect(dup.data).toMatchObject({ outcome: "existing", job: { id: first.data.job.id } });
    expect(sent(sandbox, "summit", "POST", "/jobs")).toBe(posts + 1);
  });

  it("after an ambiguous POST failure the job is found, not created twice", async () => {
    const contacts = await call(summit.client, "search_customers", { query: "o", per_page: 1 });
    const title = `Reconcile roof ${Date.now()}`;
    sandbox.faults.add({ kind: "reset_after_commit", method: "POST", path: "/api1/jobs" });
    const r = await call(summit.client, "create_job", { title, customer_id: contacts.data.items[0].id, workflow: "Residential Roofing" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.outcome).toBe("reconciled");
    expect([...sandbox.storeFor(jobnimbusKey("summit")).jobs.values()].filter((j) => j.name === title)).toHaveLength(1);
  });

  it("add_job_note: reconciles an ambiguous POST and returns the same note instead of a second one", async () => {
    const job = await newJob(summit, "Commercial");
    const text = `Drains cleared ${Date.now()}`;
    sandbox.faults.add({ kind: "fail_after_commit", status: 502, method: "POST", path: "/api1/activities" });
    const r = await call(summit.client, "add_job_note", { job_id: job.id, note: text });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.outcome).toBe("reconciled");
    const again = await call(summit.client, "add_job_note", { job_id: job.id, note: text });
    expect(again.data).toMatchObject({ outcome: "existing", note: { id: r.data.note.id } });
    const notes = [...sandbox.storeFor(jobnimbusKey("summit")).activities.values()].filter((a) => a.note === text);
    expect(notes).toHaveLength(1);
    const missing = await call(summit.client, "add_job_note", { job_id: "nosuchjob0000000", note: "x" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain("not_found");
    expect(missing.text).toContain("list_jobs");
  });

  it("create_customer: contact workflow and status from the account, duplicates found by email", async () => {
    const email = `pat.kim.${Date.now()}@example.com`;
    const created = await call(summit.client, "create_customer", { name: "Pat Kim", first_name: "Pat", last_name: "Kim", email, workflow: "Customer", status: "Prospect", address: { line1: "880 S Holly St", city: "Denver", state: "CO", zip: "80246" } });
    expect(created.data).toMatchObject({ outcome: "created", customer: { name: "Pat Kim", workflow: "Customer", status: "Prospect", address: "880 S Holly St, Denver, CO 80246" } });
    const dup = await call(summit.client, "create_customer", { name: "Patricia Kim", email });
    expect(dup.data).toMatchObject({ outcome: "existing", customer: { id: created.data.customer.id } });
    const wrong = await call(summit.client, "create_customer", { name: "Sub Co", workflow: "Sub-Contractor", status: "Prospect", allow_duplicate: true });
    expect(wrong.isError).toBe(true);
    expect(wrong.text).toContain('"Prospect" is not a status of the Sub-Contractor workflow (it is one of Customer)');
  });
});
