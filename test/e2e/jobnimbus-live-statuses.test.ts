/**
 * JobNimbus statuses follow the account while the server runs, over stdio with the SDK Client against a sandbox
 * this test owns: an admin changes the account's workflows (the sandbox store, as Settings → Workflows would);
 * a job or contact read carrying what the cached settings do not know, or a read of fsm://statuses/jobs, makes
 * the server read the settings again; when they changed, the client gets notifications/tools/list_changed and
 * the new schemas (a status added is offered and accepted end to end; a write with no workflow left disappears).
 * An unchanged read notifies nobody; a failed read keeps the old schemas and still answers.
 */
import { ToolListChangedNotificationSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobnimbusSandbox, type JnRecord, type JobNimbusSandbox, type JobNimbusStore } from "../../src/sandbox/jobnimbus/index.js";
import { call, type Connected } from "./harness.js";
import { connectJobnimbus, jobnimbusKey, sent } from "./jobnimbus-harness.js";

let sandbox: JobNimbusSandbox;
const open: Connected[] = [];

beforeAll(async () => {
  sandbox = await startJobnimbusSandbox({ faults: true, rateLimit: false });
}, 30_000);
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await sandbox?.close();
});

interface Watched extends Connected {
  /** tools/list_changed notifications received so far. */
  changes: number;
}

/** A server for `label`'s account, with a handler counting tools/list_changed. */
async function watched(label: string): Promise<Watched> {
  const conn = await connectJobnimbus(sandbox, label);
  open.push(conn);
  const w: Watched = { ...conn, changes: 0 };
  conn.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    w.changes++;
  });
  return w;
}

/**
 * Everything the server sent before this returns has been handled: the server answers in order, and the
 * client handles a notification before the response that follows it. Used before asserting that no
 * notification came.
 */
async function settled(conn: Connected): Promise<void> {
  await conn.client.ping();
}

async function tools(conn: Connected): Promise<Record<string, Tool>> {
  return Object.fromEntries((await conn.client.listTools()).tools.map((t) => [t.name, t]));
}

/** The account's values a parameter offers: its `examples` (account-defined values are checked by the tool, not by an enum). */
function enumOf(tool: Tool | undefined, param: string): string[] | undefined {
  return (tool?.inputSchema.properties?.[param] as { examples?: string[] } | undefined)?.examples;
}

/** The account's active job statuses as its settings document has them now: what the enums must be. */
function settingsJobStatuses(store: JobNimbusStore): string[] {
  const workflows = store.settings.workflows.filter((w) => w.object_type === "job" && w.is_active).sort((a, b) => a.order - b.order);
  return [...new Set(workflows.flatMap((w) => w.status.filter((s) => s.is_active).sort((a, b) => a.order - b.order).map((s) => s.name)))];
}

async function statusesResource(conn: Connected) {
  const read = await conn.client.readResource({ uri: "fsm://statuses/jobs" });
  return JSON.parse((read.contents[0] as { text: string }).text) as { statuses: string[]; workflows: Array<{ name: string; statuses: string[] }>; source: string };
}

function activeJobIn(store: JobNimbusStore, workflow: string, skip: readonly JnRecord[] = []): JnRecord {
  const job = [...store.jobs.values()].find((j) => j.is_active && j.record_type_name === workflow && !skip.includes(j));
  if (!job) throw new Error(`no active ${workflow} job`);
  return job;
}

const settingsReads = (label: string) => sent(sandbox, label, "GET", "/account/settings");

describe("a status the account adds", () => {
  let conn: Watched;
  let store: JobNimbusStore;
  beforeAll(async () => {
    conn = await watched("summit");
    store = sandbox.storeFor(jobnimbusKey("summit"));
  }, 30_000);

  it("reaches the schemas through a job read that carries it, and update_job_status then moves a job into it", async () => {
    expect(conn.client.getServerCapabilities()?.tools?.listChanged).toBe(true);
    const before = await tools(conn);
    expect(enumOf(before.update_job_status, "status")).not.toContain("Gutter Check");

    store.addStatus("Residential Roofing", "Gutter Check");
    const target = activeJobIn(store, "Residential Roofing");

    // Someone moves a job into the new status in the web app; the assistant reads that job.
    const carrier = activeJobIn(store, "Residential Roofing", [target]);
    carrier.status_name = "Gutter Check";
    const reads = settingsReads("summit");
    const read = await call(conn.client, "get_job", { job_id: carrier.jnid });
    expect(read.isError, read.text).toBe(false);
    expect(read.data.job).toMatchObject({ status: "Gutter Check", workflow: "Residential Roofing" });
    expect(settingsReads("summit")).toBe(reads + 1);
    expect(conn.changes).toBe(1);

    const after = await tools(conn);
    const expected = settingsJobStatuses(store);
    expect(expected).toContain("Gutter Check");
    expect(enumOf(after.update_job_status, "status")).toEqual(expected);
    expect(enumOf(after.update_job_status, "expected_status")).toEqual(expected);
    expect(enumOf(after.create_job, "status")).toEqual(expected);
    expect(enumOf(after.list_jobs, "status")).toEqual(expected);
    // The tools whose schemas carry no job status are as they were.
    for (const name of ["search_customers", "get_customer", "create_customer", "add_job_note", "list_technicians"]) {
      expect(after[name], name).toEqual(before[name]);
    }

    const moved = await call(conn.client, "update_job_status", { job_id: target.jnid, status: "Gutter Check" });
    expect(moved.isError, moved.text).toBe(false);
    expect(moved.data).toMatchObject({ outcome: "updated", job: { status: "Gutter Check", workflow: "Residential Roofing" } });
    expect(sent(sandbox, "summit", "PUT", `/jobs/${target.jnid}`)).toBe(1);
    expect(store.jobs.get(target.jnid)!.status_name).toBe("Gutter Check");
    // Reading that job again (and the one that carried the status) re-reads nothing: the cache knows it now.
    const readsNow = settingsReads("summit");
    await call(conn.client, "get_job", { job_id: carrier.jnid });
    await call(conn.client, "list_jobs", { workflow: "Residential Roofing", per_page: 50 });
    expect(settingsReads("summit")).toBe(readsNow);
    await settled(conn);
    expect(conn.changes).toBe(1);
  });

  it("a status added since the last read, asked for by name before any record carries it: not refused by the schema; one settings read, then the PUT", async () => {
    const before = await tools(conn);
    expect(enumOf(before.update_job_status, "status")).not.toContain("Skylight Check");
    // The known statuses stay visible to a model (examples), but the schema does not enumerate them.
    expect((before.update_job_status!.inputSchema.properties!.status as { enum?: unknown }).enum).toBeUndefined();
    store.addStatus("Residential Roofing", "Skylight Check");
    const target = activeJobIn(store, "Residential Roofing");
    const changes = conn.changes;
    const reads = settingsReads("summit");
    // A dry run shows what is sent: the account's spelling, with the job's workflow as record_type_name.
    const preview = await call(conn.client, "update_job_status", { job_id: target.jnid, status: "skylight check", dry_run: true });
    expect(preview.isError, preview.text).toBe(false);
    expect(preview.data.request).toMatchObject({ method: "PUT", path: `/jobs/${target.jnid}`, body: { record_type_name: "Residential Roofing", status_name: "Skylight Check" } });
    expect(settingsReads("summit")).toBe(reads + 1);
    const moved = await call(conn.client, "update_job_status", { job_id: target.jnid, status: "Skylight Check" });
    expect(moved.isError, moved.text).toBe(false);
    expect(moved.data).toMatchObject({ outcome: "updated", job: { status: "Skylight Check", workflow: "Residential Roofing" } });
    expect(settingsReads("summit")).toBe(reads + 1);
    expect(store.jobs.get(target.jnid)!.status_name).toBe("Skylight Check");
    await settled(conn);
    expect(conn.changes).toBe(changes + 1);
    expect(enumOf((await tools(conn)).update_job_status, "status")).toContain("Skylight Check");
    // list_jobs filters by it too; a status the account still does not have is refused by the tool, naming the valid ones.
    const listed = await call(conn.client, "list_jobs", { status: "Skylight Check" });
    expect(listed.data.items.map((j: { id: string }) => j.id)).toContain(target.jnid);
    const unknown = await call(conn.client, "list_jobs", { status: "Chimney Sweep" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/"Chimney Sweep" is not a job status of this account[\s\S]*Skylight Check/);
  });

  it("reaches the schemas through a read of fsm://statuses/jobs, which says statuses follow the account", async () => {
    store.addStatus("Commercial", "Drone Survey");
    const changes = conn.changes;
    const doc = await statusesResource(conn);
    expect(doc.workflows.find((w) => w.name === "Commercial")!.statuses).toContain("Drone Survey");
    expect(doc.source).toMatch(/follow the account/);
    expect(conn.changes).toBe(changes + 1);
    const listed = await tools(conn);
    expect(enumOf(listed.update_job_status, "status")).toEqual(settingsJobStatuses(store));
    expect(enumOf(listed.update_job_status, "status")).toContain("Drone Survey");
    expect(listed.update_job_status!.description).toContain("follow it live");
  });

  it("an unchanged settings read sends no notification and keeps the list", async () => {
    const listed = await tools(conn);
    const changes = conn.changes;
    const reads = settingsReads("summit");
    await statusesResource(conn);
    await statusesResource(conn);
    expect(settingsReads("summit")).toBe(reads + 2);
    await settled(conn);
    expect(conn.changes).toBe(changes);
    expect(await tools(conn)).toEqual(listed);
  });

  it("jobs in a workflow the account retired before startup cost one settings read per list, not one per job", async () => {
    // The account retired Commercial: its jobs keep it, the settings no longer have it.
    store.setWorkflowActive("Commercial", false);
    try {
      const other = await watched("summit");
      const reads = settingsReads("summit");
      const page = await call(other.client, "list_jobs", { per_page: 100 });
      expect(page.isError, page.text).toBe(false);
      const commercial = page.data.items.filter((j: { workflow: string }) => j.workflow === "Commercial");
      expect(commercial.length).toBeGreaterThan(1);
      // One read for the whole page; it changes nothing (the workflow is gone), so nobody is notified...
      expect(settingsReads("summit")).toBe(reads + 1);
      // ...and it leaves the workflow known to be gone: reading its jobs one by one reads nothing more.
      for (const job of commercial.slice(0, 3)) {
        const r = await call(other.client, "get_job", { job_id: job.id });
        expect(r.isError, r.text).toBe(false);
        expect(r.data.job.workflow).toBe("Commercial");
      }
      expect(settingsReads("summit")).toBe(reads + 1);
      await settled(other);
      expect(other.changes).toBe(0);
      expect(enumOf((await tools(other)).create_job, "workflow")).not.toContain("Commercial");
    } finally {
      store.setWorkflowActive("Commercial", true);
    }
  });
});

describe("workflows the account adds or retires", () => {
  let conn: Watched;
  let store: JobNimbusStore;
  beforeAll(async () => {
    conn = await watched("brightside");
    store = sandbox.storeFor(jobnimbusKey("brightside"));
  }, 30_000);

  it("a contact read carrying a new contact workflow adds it to create_customer", async () => {
    store.addWorkflow("Property Investor", "contact", ["New Investor", "Portfolio Review"]);
    const contact = [...store.contacts.values()].find((c) => c.is_active && typeof c.display_name === "string")!;
    contact.record_type_name = "Property Investor";
    contact.status_name = "Portfolio Review";
    const reads = settingsReads("brightside");
    const found = await call(conn.client, "get_customer", { customer_id: contact.jnid });
    expect(found.isError, found.text).toBe(false);
    expect(settingsReads("brightside")).toBe(reads + 1);
    expect(conn.changes).toBe(1);
    const listed = await tools(conn);
    expect(enumOf(listed.create_customer, "workflow")).toContain("Property Investor");
    expect(enumOf(listed.create_customer, "status")).toEqual(expect.arrayContaining(["New Investor", "Portfolio Review"]));
  });

  it("a write with no workflow left disappears, as at startup, and comes back with one", async () => {
    const contactWorkflows = store.settings.workflows.filter((w) => w.object_type === "contact" && w.is_active).map((w) => w.name);
    for (const name of contactWorkflows) store.setWorkflowActive(name, false);
    const changes = conn.changes;
    await statusesResource(conn);
    expect(conn.changes).toBe(changes + 1);
    let listed = await tools(conn);
    expect(listed.create_customer).toBeUndefined();
    expect(listed.search_customers).toBeDefined();
    const caps = JSON.parse(((await conn.client.readResource({ uri: "fsm://capabilities" })).contents[0] as { text: string }).text);
    expect(caps.unsupported_tools.map((t: { name: string }) => t.name)).toContain("create_customer");
    expect(caps.listed_tools.map((t: { name: string }) => t.name)).not.toContain("create_customer");
    const posts = sent(sandbox, "brightside", "POST", "/contacts");
    const gone = await call(conn.client, "create_customer", { name: "Nobody Home", email: "nobody@example.com" });
    expect(gone.isError).toBe(true);
    expect(gone.text).toMatch(/create_customer/);
    expect(sent(sandbox, "brightside", "POST", "/contacts")).toBe(posts);

    store.setWorkflowActive("Homeowner", true);
    await statusesResource(conn);
    expect(conn.changes).toBe(changes + 2);
    listed = await tools(conn);
    expect(enumOf(listed.create_customer, "workflow")).toEqual(["Homeowner"]);
    const back = await call(conn.client, "create_customer", { name: "Back Again", email: "back.again@example.com", dry_run: true });
    expect(back.isError, back.text).toBe(false);
    expect(back.data.outcome).toBe("dry_run");
    for (const name of contactWorkflows) store.setWorkflowActive(name, true);
  });

  it("a failed settings read keeps the old schemas, still answers the read, and is logged as a warning", async () => {
    store.addStatus("Service Call", "Parts On Order");
    const job = activeJobIn(store, "Service Call");
    job.status_name = "Parts On Order";
    const before = await tools(conn);
    const changes = conn.changes;
    const reads = settingsReads("brightside");
    // A 200 whose body is cut short: a read that fails without retries (which would only slow the test).
    sandbox.faults.add({ method: "GET", path: "/api1/account/settings", kind: "malformed" });
    const read = await call(conn.client, "get_job", { job_id: job.jnid });
    expect(read.isError, read.text).toBe(false);
    expect(read.data.job).toMatchObject({ status: "Parts On Order", workflow: "Service Call" });
    expect(sandbox.faults.fired.some((f) => f.target.startsWith("/api1/account/settings"))).toBe(true);
    expect(settingsReads("brightside")).toBe(reads + 1);
    await settled(conn);
    expect(conn.changes).toBe(changes);
    expect(await tools(conn)).toEqual(before);
    expect(enumOf(before.update_job_status, "status")).not.toContain("Parts On Order");
    expect(conn.stderr()).toMatch(/warning http: JobNimbus: re-reading the account's workflows \(a job in workflow "Service Call", status "Parts On Order"\) failed, keeping the ones read before/);
    // The same job again: the failed read already covered it (no read per call against a failing vendor).
    await call(conn.client, "get_job", { job_id: job.jnid });
    expect(settingsReads("brightside")).toBe(reads + 1);

    // Asking for the statuses reads again, and now the change arrives.
    const doc = await statusesResource(conn);
    expect(doc.statuses).toContain("Parts On Order");
    expect(conn.changes).toBe(changes + 1);
    expect(enumOf((await tools(conn)).update_job_status, "status")).toContain("Parts On Order");
  });
});
