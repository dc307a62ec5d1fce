/**
 * Contract tests: the real FsmNavigatorClient (real HttpClient, undici, X-API-Key auth, the vendor dialect)
 * against the real sandbox over HTTP, for every endpoint the client speaks, in both documented envelopes
 * (the sandbox forced to B, then to A), and for every documented error. Expectations are computed from
 * the sandbox's own store, so a mapping slip in either envelope shows as a difference.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Id } from "../../src/domain/types.js";
import { isVendorError, type VendorError } from "../../src/http/errors.js";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { createFsmNavigatorClient } from "../../src/vendors/fsmnavigator/backend.js";
import type { FsmNavigatorClient } from "../../src/vendors/fsmnavigator/client.js";
import { ASSET_IDS_SKIPPED } from "../../src/vendors/fsmnavigator/client.js";
import { json, startServer, type TestServer } from "../http/helpers.js";

const FULL = DEMO_KEYS.find((k) => k.label === "full-access")!.key;
const READ_ONLY = DEMO_KEYS.find((k) => k.label === "read-only")!.key;

export function clientFor(origin: string, apiKey = FULL, extra: Parameters<typeof createFsmNavigatorClient>[0] extends infer O ? Partial<O> : never = {}): FsmNavigatorClient {
  return createFsmNavigatorClient({
    origin,
    apiKey,
    timeoutMs: 3000,
    retry: { minTimeoutMs: 10, maxTimeoutMs: 50, retries: 2, maxRetryTimeMs: 5000 },
    rateLimit: { holdFirstRequest: false },
    ...extra,
  });
}

async function rejection(p: Promise<unknown>): Promise<VendorError> {
  try {
    await p;
  } catch (err) {
    if (isVendorError(err)) return err;
    throw err;
  }
  throw new Error("expected a VendorError");
}

const ids = (items: Array<{ id: Id }>) => items.map((i) => i.id);

describe.each(["B", "A"] as const)("every endpoint, sandbox forced to envelope %s", (envelope) => {
  let sandbox: FsmNavigatorSandbox;
  let client: FsmNavigatorClient;
  const store = () => sandbox.store;

  beforeAll(async () => {
    sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false, envelope });
    client = clientFor(sandbox.url);
  });
  afterAll(async () => {
    await client?.http.close();
    await sandbox?.close();
  });

  it("answers in the envelope under test (so the client really reads it)", async () => {
    const res = await client.http.request({ method: "GET", path: "/jobs", query: { per_page: 1 } });
    const body = res.body as Record<string, unknown>;
    if (envelope === "A") expect(body).toMatchObject({ success: true, jobs: [expect.objectContaining({ id: expect.any(Number) })], page: 1 });
    else expect(body).toMatchObject({ data: [expect.objectContaining({ job_id: expect.any(Number) })], pagination: { page: 1 } });
  });

  describe("customers and locations", () => {
    it("search by name, email and phone", async () => {
      const acme = await client.searchCustomers({ query: "acme", perPage: 100 });
      const expected = [...store().customers.values()].filter(
        (c) => c.customer_name.toLowerCase().includes("acme") || (c.customer_email ?? "").toLowerCase().includes("acme") || (c.customer_phone ?? "").includes("acme"),
      );
      expect(acme.total).toBe(expected.length);
      expect(ids(acme.items).sort()).toEqual(expected.map((c) => c.customer_id).sort());
      expect(acme.items.length).toBeGreaterThanOrEqual(2);

      const c201 = store().customers.get(201)!;
      const byEmail = await client.searchCustomers({ email: c201.customer_email! });
      expect(ids(byEmail.items)).toContain(201);
      const byPhone = await client.searchCustomers({ phone: c201.customer_phone! });
      expect(ids(byPhone.items)).toContain(201);
      const hit = byPhone.items.find((c) => c.id === 201)!;
      expect(hit).toMatchObject({ id: 201, name: c201.customer_name, email: c201.customer_email, phone: c201.customer_phone, slaHours: c201.default_sla_hours, taxExempt: c201.tax_exempt });
    });

    it("filters by created_after / created_before and has_locations, and pages", async () => {
      const all = [...store().customers.values()].sort((a, b) => a.customer_id - b.customer_id);
      const pivot = all[Math.floor(all.length / 2)]!.created_at;
      const after = await client.searchCustomers({ createdAfter: pivot, perPage: 100 });
      expect(after.total).toBe(all.filter((c) => Date.parse(c.created_at) >= Date.parse(pivot)).length);
      const before = await client.searchCustomers({ createdBefore: pivot, perPage: 100 });
      expect(before.total).toBe(all.filter((c) => Date.parse(c.created_at) <= Date.parse(pivot)).length);

      const withLoc = new Set([...store().locations.values()].map((l) => l.customer_id));
      const has = await client.searchCustomers({ hasLocations: true, perPage: 100 });
      expect(has.total).toBe(all.filter((c) => withLoc.has(c.customer_id)).length);
      const hasNot = await client.searchCustomers({ hasLocations: false, perPage: 100 });
      expect(has.total + hasNot.total).toBe(all.length);

      const page2 = await client.searchCustomers({ page: 2, perPage: 5 });
      expect(page2).toMatchObject({ page: 2, perPage: 5, total: all.length, totalPages: Math.ceil(all.length / 5) });
      expect(ids(page2.items)).toEqual(all.slice(5, 10).map((c) => c.customer_id));
    });

    it("gets a customer, with and without include=locations", async () => {
      const c = await client.getCustomer(201);
      expect(c).toMatchObject({ id: 201, name: "Acme Corporation", email: store().customers.get(201)!.customer_email });
      expect(c.locations).toBeUndefined();
      const withLocs = await client.getCustomer(201, { withLocations: true });
      const expected = store().locationsOf(201);
      expect(ids(withLocs.locations!).sort()).toEqual(expected.map((l) => l.location_id).sort());
      const main = withLocs.locations!.find((l) => l.id === 87)!;
      expect(main).toMatchObject({ id: 87, customerId: 201, name: "Main Office", city: "Springfield", state: "IL", zip: "62701", isPrimary: true });
    });

    it("lists a customer's locations", async () => {
      const page = await client.listLocations(201);
      expect(ids(page.items).sort()).toEqual(store().locationsOf(201).map((l) => l.location_id).sort());
      expect(page.total).toBe(store().locationsOf(201).length);
    });

    it("creates a customer (guide spelling contact_email/contact_phone) and reads it back", async () => {
      const op = client.createCustomer({ name: `Contract Co ${envelope}`, email: `contract-${envelope}@example.com`, phone: "+15550001111" });
      expect(op.request).toEqual({ method: "POST", path: "/customers", query: {}, body: { customer_name: `Contract Co ${envelope}`, contact_email: `contract-${envelope}@example.com`, contact_phone: "+15550001111" } });
      const before = store().counts().customers;
      const { value, requestId } = await op.run();
      expect(store().counts().customers).toBe(before + 1);
      expect(typeof value.id).toBe("number");
      expect(requestId).toMatch(/^[0-9a-f]{12}$/);
      expect(value).toMatchObject({ name: `Contract Co ${envelope}`, email: `contract-${envelope}@example.com`, phone: "+15550001111" });
      expect(store().customers.get(value.id as number)).toMatchObject({ customer_email: `contract-${envelope}@example.com`, customer_phone: "+15550001111" });
    });

    it("creates a location for a customer", async () => {
      const op = client.createLocation({ customerId: 202, name: `Contract Site ${envelope}`, street: "1 Test Way", city: "Springfield", state: "IL", zip: "62701" });
      expect(op.request).toMatchObject({ method: "POST", path: "/customers", query: { id: 202, locations: 1 } });
      const { value } = await op.run();
      expect(value).toMatchObject({ customerId: 202, name: `Contract Site ${envelope}`, street: "1 Test Way", zip: "62701" });
      expect(store().locations.get(value.id as number)).toMatchObject({ customer_id: 202, location_name: `Contract Site ${envelope}` });
    });
  });

  describe("jobs", () => {
    const jobs = () => [...store().jobs.values()];

    it.each([
      ["status", { status: "In Progress" }, (j: any) => j.job_status === "In Progress"],
      ["priority", { priority: "Urgent" }, (j: any) => j.job_priority === "Urgent"],
      ["technician", { technicianId: 45 }, (j: any) => j.assigned_technician_id === 45],
      ["location", { locationId: 87 }, (j: any) => j.customer_location_id === 87],
    ] as const)("lists jobs filtered by %s", async (_name, filter, pred) => {
      const page = await client.listJobs({ ...filter, perPage: 100 });
      const expected = jobs().filter(pred);
      expect(expected.length).toBeGreaterThan(0);
      expect(page.total).toBe(expected.length);
      expect(page.items.length).toBe(Math.min(100, expected.length));
      for (const j of page.items) expect(pred(store().jobs.get(j.id as number))).toBe(true);
    });

    it("lists jobs by created_after, created_before and updated_since", async () => {
      const sorted = jobs().map((j) => j.created_at).sort();
      const pivot = sorted[Math.floor(sorted.length / 2)]!;
      const after = await client.listJobs({ createdAfter: pivot, perPage: 1 });
      expect(after.total).toBe(jobs().filter((j) => Date.parse(j.created_at) >= Date.parse(pivot)).length);
      const before = await client.listJobs({ createdBefore: pivot, perPage: 1 });
      expect(before.total).toBe(jobs().filter((j) => Date.parse(j.created_at) <= Date.parse(pivot)).length);
      const updPivot = jobs().map((j) => j.updated_at).sort().at(-20)!;
      const since = await client.listJobs({ updatedSince: updPivot, perPage: 100 });
      expect(since.total).toBe(jobs().filter((j) => Date.parse(j.updated_at) >= Date.parse(updPivot)).length);
    });

    it("gets a job with its linked assets", async () => {
      const linked = jobs().find((j) => j.asset_links.length >= 2)!;
      const job = await client.getJob(linked.job_id);
      expect(job).toMatchObject({ id: linked.job_id, title: linked.job_title, status: linked.job_status, priority: linked.job_priority, locationId: linked.customer_location_id });
      expect(job.assets!.map((a) => a.assetId).sort()).toEqual(linked.asset_links.map((l) => l.asset_id).sort());
      expect(job.assets![0]!.relationshipType).toBeTruthy();
    });

    let createdId: number;
    it("creates a job (with asset links and the skipped-ids warning)", async () => {
      const op = client.createJob({ title: `Contract job ${envelope}`, locationId: 87, priority: "High", technicianId: 45, assetIds: [2, 3], relationshipType: "inspected" });
      expect(op.request.body).toEqual({
        job_title: `Contract job ${envelope}`,
        job_priority: "High",
        customer_location_id: 87,
        assigned_technician_id: 45,
        asset_ids: [2, 3],
        asset_relationship_type: "inspected",
      });
      const res = await op.run();
      createdId = res.value.id as number;
      expect(res.value).toMatchObject({ title: `Contract job ${envelope}`, status: "Pending", locationId: 87, priority: "High" });
      expect(res.warnings).toEqual([ASSET_IDS_SKIPPED]);
      const rec = store().jobs.get(createdId)!;
      expect(rec.asset_links.map((l) => [l.asset_id, l.relationship_type])).toEqual([
        [2, "inspected"],
        [3, "inspected"],
      ]);
    });

    it("updates a job (PUT: only the fields set)", async () => {
      const op = client.updateJob(createdId, { priority: "Urgent", description: "escalated" });
      expect(op.request).toEqual({ method: "PUT", path: "/jobs", query: { id: createdId }, body: { job_priority: "Urgent", job_description: "escalated" }, idempotent: true });
      const { value } = await op.run();
      expect(value).toMatchObject({ id: createdId, priority: "Urgent" });
      expect(store().jobs.get(createdId)).toMatchObject({ job_priority: "Urgent", job_description: "escalated", job_title: `Contract job ${envelope}` });
    });

    it("changes a job's status (PATCH)", async () => {
      const job = await client.getJob(createdId);
      const op = client.changeJobStatus(job, "Assigned");
      expect(op.request).toEqual({ method: "PATCH", path: "/jobs", query: { id: createdId }, body: { job_status: "Assigned" } });
      const { value } = await op.run();
      expect(value).toMatchObject({ id: createdId, status: "Assigned", title: `Contract job ${envelope}` });
      expect(store().jobs.get(createdId)!.job_status).toBe("Assigned");
    });
  });

  describe("assets", () => {
    const assets = () => [...store().assets.values()];

    it.each([
      ["status", { status: "In Maintenance" }, (a: any) => a.status === "In Maintenance"],
      ["type", { typeId: 12 }, (a: any) => a.asset_type_id === 12],
      ["location", { locationId: 89 }, (a: any) => a.location_id === 89],
      ["search (serial)", { query: "TRU-2023" }, (a: any) => `${a.asset_name}|${a.asset_tag}|${a.serial_number}`.toLowerCase().includes("tru-2023")],
    ] as const)("lists assets filtered by %s", async (_name, filter, pred) => {
      const page = await client.searchAssets({ ...filter, perPage: 100 });
      const expected = assets().filter(pred);
      expect(expected.length).toBeGreaterThan(0);
      expect(page.total).toBe(expected.length);
      for (const a of page.items) expect(pred(store().assets.get(a.id as number))).toBe(true);
    });

    it("lists assets by created_after / created_before", async () => {
      const pivot = assets().map((a) => a.created_at).sort()[100]!;
      const after = await client.searchAssets({ createdAfter: pivot, perPage: 1 });
      const before = await client.searchAssets({ createdBefore: pivot, perPage: 1 });
      expect(after.total).toBe(assets().filter((a) => Date.parse(a.created_at) >= Date.parse(pivot)).length);
      expect(before.total).toBe(assets().filter((a) => Date.parse(a.created_at) <= Date.parse(pivot)).length);
    });

    it("gets an asset with its meters and their last readings", async () => {
      const withMeter = assets().find((a) => store().metersOf(a.asset_id).some((m) => store().readingsOf(m.meter_id).length > 0))!;
      const asset = await client.getAsset(withMeter.asset_id);
      expect(asset).toMatchObject({ id: withMeter.asset_id, tag: withMeter.asset_tag, name: withMeter.asset_name, status: withMeter.status, serialNumber: withMeter.serial_number, typeId: withMeter.asset_type_id });
      const meter = store().metersOf(withMeter.asset_id).find((m) => store().readingsOf(m.meter_id).length > 0)!;
      const last = store().readingsOf(meter.meter_id).at(-1)!;
      expect(asset.meters!.find((m) => m.id === meter.meter_id)).toMatchObject({ lastReading: last.reading_value, lastReadingDate: last.reading_date });
    });

    it("lists an asset's service history", async () => {
      const history = await client.serviceHistory(10, { perPage: 100 });
      const expected = store().serviceRecordsOf(10);
      expect(history.total).toBe(expected.length);
      expect(ids(history.items).sort()).toEqual(expected.map((r) => r.service_id).sort());
      for (const r of history.items) expect(r.assetId).toBe(10);
    });

    let assetId: number;
    it("creates an asset (the vendor generates the tag)", async () => {
      const op = client.createAsset({ name: `Contract unit ${envelope}`, typeId: 5, serialNumber: `CT-${envelope}-1`, status: "Pending Install", locationId: 87 });
      expect(op.request.body).toEqual({ asset_name: `Contract unit ${envelope}`, asset_type_id: 5, serial_number: `CT-${envelope}-1`, status: "Pending Install", location_id: 87 });
      const { value } = await op.run();
      assetId = value.id as number;
      expect(value).toMatchObject({ name: `Contract unit ${envelope}`, status: "Pending Install", serialNumber: `CT-${envelope}-1` });
      expect(value.tag).toMatch(/^AST-\d{6}$/);
      expect(store().assets.get(assetId)!.asset_tag).toBe(value.tag);
    });

    it("changes an asset's status (PATCH)", async () => {
      const asset = await client.getAsset(assetId);
      const { value } = await client.changeAssetStatus(asset, "Active").run();
      expect(value).toMatchObject({ id: assetId, status: "Active", name: `Contract unit ${envelope}` });
      expect(store().assets.get(assetId)!.status).toBe("Active");
    });

    it("logs a service record", async () => {
      const op = client.logService(assetId, { serviceType: "installation", description: "Installed", serviceDate: "2026-02-24", laborHours: 1.5, cost: 120, technicianId: 45 });
      expect(op.request).toMatchObject({ method: "POST", path: "/assets", query: { id: assetId, sub: "service" } });
      const { value } = await op.run();
      expect(value).toMatchObject({ assetId, serviceType: "installation", serviceDate: "2026-02-24", laborHours: 1.5, cost: 120 });
      expect(store().serviceRecords.get(value.id as number)).toMatchObject({ asset_id: assetId, service_type: "installation", technician_id: 45 });
    });

    it("submits a meter reading", async () => {
      const meter = [...store().meters.values()].find((m) => store().readingsOf(m.meter_id).length > 0)!;
      const last = store().readingsOf(meter.meter_id).at(-1)!;
      const value = last.reading_value + 10 + (envelope === "A" ? 5 : 0);
      const res = await client.recordMeterReading(meter.asset_id, { meterId: meter.meter_id, value, date: "2026-12-31" }).run();
      expect(res.value).toMatchObject({ assetId: meter.asset_id, meterId: meter.meter_id, value, date: "2026-12-31" });
      expect(res.value.id).toEqual(expect.any(Number));
      expect(store().readingsOf(meter.meter_id).at(-1)).toMatchObject({ reading_value: value, reading_id: res.value.id });
    });

    it("transfers an asset", async () => {
      const asset = await client.getAsset(assetId);
      const res = await client.transferAsset(asset, { toLocationId: 109, reason: "Contract test", date: "2026-03-01" }).run();
      expect(res.value).toMatchObject({ assetId, fromLocationId: 87, toLocationId: 109, status: "Completed", date: "2026-03-01" });
      expect(res.value.id).toEqual(expect.any(Number));
      expect(store().assets.get(assetId)!.location_id).toBe(109);
    });
  });

  describe("technicians", () => {
    it("lists by status and availability, and gets one", async () => {
      const techs = [...store().technicians.values()];
      const active = await client.listTechnicians({ status: "Active", perPage: 100 });
      expect(active.total).toBe(techs.filter((t) => t.status === "Active").length);
      const busy = await client.listTechnicians({ availability: "Busy", perPage: 100 });
      expect(busy.total).toBe(techs.filter((t) => t.availability_status === "Busy").length);
      for (const t of busy.items) expect(t.availability).toBe("Busy");
      const t45 = store().technicians.get(45)!;
      expect(await client.getTechnician(45)).toMatchObject({ id: 45, name: `${t45.first_name} ${t45.last_name}`, status: t45.status, availability: t45.availability_status, vehicleType: t45.vehicle_type });
    });
  });
});

describe("documented errors", () => {
  let sandbox: FsmNavigatorSandbox;
  let client: FsmNavigatorClient;
  beforeAll(async () => {
    sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false });
    client = clientFor(sandbox.url);
  });
  afterAll(async () => {
    await client?.http.close();
    await sandbox?.close();
  });

  /** Run `p`, return its VendorError and how many requests the sandbox saw meanwhile. */
  async function refused(p: () => Promise<unknown>): Promise<{ err: VendorError; sent: number }> {
    const before = sandbox.requests.length;
    const err = await rejection(p());
    return { err, sent: sandbox.requests.length - before };
  }

  it("401 for an unknown key: unauthorized, sent once, the key never in the message", async () => {
    const bad = clientFor(sandbox.url, "fsm_test_notARealKey123");
    try {
      const { err, sent } = await refused(() => bad.listJobs({}));
      expect(err).toMatchObject({ status: 401, code: "unauthorized", retryable: false });
      expect(sent).toBe(1);
      expect(err.message).not.toContain("notARealKey123");
      expect(JSON.stringify(err.toJSON())).not.toContain("notARealKey123");
    } finally {
      await bad.http.close();
    }
  });

  it("403 insufficient_scope names the missing scope; nothing is created", async () => {
    const ro = clientFor(sandbox.url, READ_ONLY);
    try {
      const before = sandbox.store.counts().customers;
      const { err, sent } = await refused(() => ro.createCustomer({ name: "Scope refusal" }).run());
      expect(err).toMatchObject({ status: 403, code: "insufficient_scope", writeMayHaveHappened: false });
      expect(err.details?.required_scope).toBe("customers:write");
      expect(err.message).toContain("customers:write");
      expect(sent).toBe(1);
      expect(sandbox.store.counts().customers).toBe(before);
    } finally {
      await ro.http.close();
    }
  });

  it("404 not_found for an unknown id, not retried", async () => {
    const { err, sent } = await refused(() => client.getJob(99_999_999));
    expect(err).toMatchObject({ status: 404, code: "not_found", retryable: false });
    expect(err.message).toContain("99999999");
    expect(sent).toBe(1);
    expect((await refused(() => client.getAsset(99_999_999))).err.status).toBe(404);
    expect((await refused(() => client.getCustomer(99_999_999))).err.status).toBe(404);
    expect((await refused(() => client.getTechnician(99_999_999))).err.status).toBe(404);
  });

  it("400 validation_failed with field details", async () => {
    const before = sandbox.store.counts().jobs;
    const { err, sent } = await refused(() => client.createJob({ title: "Nowhere", locationId: 99_999_999 }).run());
    expect(err).toMatchObject({ status: 400, code: "validation_failed", writeMayHaveHappened: false });
    expect(Object.keys(err.fieldErrors ?? {})).toEqual(["customer_location_id"]);
    expect(err.fieldErrors!.customer_location_id!.join(" ")).toMatch(/99999999/);
    expect(sent).toBe(1);
    expect(sandbox.store.counts().jobs).toBe(before);

    const noName = await refused(() => client.createCustomer({ name: "" }).run());
    expect(noName.err.code).toBe("validation_failed");
    expect(noName.err.fieldErrors).toHaveProperty("customer_name");
  });

  it("400 invalid_status_transition with the allowed transitions", async () => {
    const pending = [...sandbox.store.jobs.values()].find((j) => j.job_status === "Pending")!;
    const job = await client.getJob(pending.job_id);
    const { err, sent } = await refused(() => client.changeJobStatus(job, "Completed").run());
    expect(err).toMatchObject({ status: 400, code: "invalid_status_transition" });
    expect(err.details).toMatchObject({ current_status: "Pending", allowed_transitions: ["Assigned", "Cancelled"] });
    expect(sent).toBe(1);
    expect(sandbox.store.jobs.get(pending.job_id)!.job_status).toBe("Pending");

    const decommissioned = [...sandbox.store.assets.values()].find((a) => a.status === "Decommissioned")!;
    const asset = await client.getAsset(decommissioned.asset_id);
    const a = await refused(() => client.changeAssetStatus(asset, "Active").run());
    expect(a.err).toMatchObject({ status: 400, code: "invalid_status_transition" });
    expect(a.err.details?.allowed_transitions).toEqual([]);
  });

  it("400 meter_not_found", async () => {
    const before = sandbox.store.counts().meterReadings;
    const { err, sent } = await refused(() => client.recordMeterReading(10, { meterId: 999_999, value: 1, date: "2026-01-01" }).run());
    expect(err).toMatchObject({ status: 400, code: "meter_not_found", writeMayHaveHappened: false });
    expect(err.message).toContain("Meter not found or does not belong to this asset");
    expect(sent).toBe(1);
    expect(sandbox.store.counts().meterReadings).toBe(before);
  });

  it("429 rate_limit_exceeded with Retry-After, through a small configured limit", async () => {
    // The sandbox's limiter runs on a clock this test steps (stopped at `base + offset`): the window cannot roll
    // between the spender's calls and the refusal however slow the machine is (it did once in three runs with
    // the real clock and a 1.5 s window), and it frees only when the test says so.
    const base = Date.now();
    let offset = 0;
    const limited = await startFsmNavigatorSandbox({ port: 0, rateLimit: { limit: 2, windowMs: 1500, now: () => base + offset } });
    // Two clients with their own limiters share the key: the first spends the window, the second has not
    // learnt the budget yet and meets the vendor's 429. It surfaces at once (Retry-After > maxRetryAfterMs)...
    const spender = clientFor(limited.url);
    const impatient = clientFor(limited.url, FULL, { retry: { retries: 2, minTimeoutMs: 10, maxRetryAfterMs: 100 } });
    const patient = clientFor(limited.url, FULL, { retry: { retries: 2, minTimeoutMs: 10, maxRetryAfterMs: 5000 } });
    try {
      await spender.listTechnicians({});
      await spender.listTechnicians({});
      const before = limited.requests.length;
      const err = await rejection(impatient.listTechnicians({}));
      expect(err).toMatchObject({ status: 429, code: "rate_limit_exceeded", retryable: true });
      expect(err.retryAfterMs).toBeGreaterThanOrEqual(1000);
      expect(err.retryAfterMs).toBeLessThanOrEqual(2000);
      expect(limited.requests.length - before).toBe(1);
      const seen429 = limited.requests.at(-1)!;
      expect(seen429.status).toBe(429);
      // ...or is waited out and retried once when Retry-After fits the policy: 429, then 200. The window is
      // freed as soon as the 429 is logged, in this process, long before the client's 2 s wait ends.
      const start = limited.requests.length;
      const pending = patient.listTechnicians({});
      while (limited.requests.length === start) await new Promise((resolve) => setImmediate(resolve));
      offset += 1500;
      const page = await pending;
      expect(page.items.length).toBeGreaterThan(0);
      expect(limited.requests.slice(start).map((r) => r.status)).toEqual([429, 200]);
    } finally {
      await Promise.all([spender.http.close(), impatient.http.close(), patient.http.close()]);
      await limited.close();
    }
  });
});

/**
 * A tiny vendor on node:http that answers with hand-written JSON: the seeds' own examples (seed 000's guide
 * shows envelope A with `id`, seeds 001/002 envelope B with `job_id`/`asset_id`/`service_id`), plus the
 * mixed spellings the docs allow. The client must read every one of them.
 */
describe("hand-written responses in both envelopes and id spellings", () => {
  let server: TestServer;
  let client: FsmNavigatorClient;
  const routes = new Map<string, { status?: number; body: unknown }>();
  const route = (method: string, target: string, body: unknown, status = 200) => routes.set(`${method} ${target}`, { status, body });

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const hit = routes.get(`${req.method} ${req.url}`);
      if (!hit) return json(res, 404, { success: false, error: "not_found", message: `no route for ${req.method} ${req.url}` });
      json(res, hit.status ?? 200, hit.body);
    });
    client = clientFor(server.origin);
  });
  afterAll(async () => {
    await client?.http.close();
    await server?.close();
  });

  it("envelope A list (seed 000: customers search, no paging fields) with `id`", async () => {
    route("GET", "/api/v1/customers?search=acme&page=1&per_page=50", {
      success: true,
      customers: [
        { id: 123, customer_name: "Acme Corporation", customer_email: "facilities@acmecorp.com", customer_phone: "+12175550119" },
        { id: "124", customer_name: "Acme Industrial Supply", contact_email: "ops@acme-industrial.example.com", contact_phone: "+12175550120" },
      ],
    });
    const page = await client.searchCustomers({ query: "acme" });
    expect(page).toMatchObject({ page: 1, total: 2, totalPages: 1 });
    expect(page.items).toEqual([
      expect.objectContaining({ id: 123, name: "Acme Corporation", email: "facilities@acmecorp.com", phone: "+12175550119" }),
      // A numeric string id is read as a number; the guide's contact_* spelling reads as email/phone.
      expect.objectContaining({ id: 124, name: "Acme Industrial Supply", email: "ops@acme-industrial.example.com", phone: "+12175550120" }),
    ]);
  });

  it("envelope A list with paging (seed 000: jobs page 1 of 5)", async () => {
    route("GET", "/api/v1/jobs?page=1&per_page=50", {
      success: true,
      jobs: [{ id: 789, job_title: "Initial HVAC inspection", job_status: "Pending", job_priority: "Medium", customer_location_id: 456 }],
      page: 1,
      per_page: 50,
      total: 237,
      total_pages: 5,
    });
    const page = await client.listJobs({});
    expect(page).toMatchObject({ page: 1, perPage: 50, total: 237, totalPages: 5 });
    expect(page.items[0]).toMatchObject({ id: 789, title: "Initial HVAC inspection", status: "Pending", locationId: 456 });
  });

  it("envelope A locations list (seed 000) and a `location_id` spelling", async () => {
    route("GET", "/api/v1/customers?id=123&locations=1&page=1&per_page=50", {
      success: true,
      locations: [
        { id: 456, location_name: "Acme HQ", street: "100 Main Street", city: "Springfield", state: "IL", zip: "62701" },
        { location_id: 457, customer_id: 123, location_name: "Acme Warehouse" },
      ],
    });
    const page = await client.listLocations(123);
    expect(page.items.map((l) => [l.id, l.name])).toEqual([
      [456, "Acme HQ"],
      [457, "Acme Warehouse"],
    ]);
  });

  it("envelope A create answers (seed 000: customer 123, location 456, job 789, asset 1001) fill in what was sent", async () => {
    route("POST", "/api/v1/customers", { success: true, customer: { id: 123 } }, 201);
    route("POST", "/api/v1/customers?id=123&locations=1", { success: true, location: { id: 456 } }, 201);
    route("POST", "/api/v1/jobs", { success: true, job: { id: 789 } }, 201);
    route("POST", "/api/v1/assets", { success: true, asset: { id: 1001 } }, 201);

    const customer = await client.createCustomer({ name: "Acme Corporation", email: "facilities@acmecorp.com", phone: "+15551234567" }).run();
    expect(customer.value).toMatchObject({ id: 123, name: "Acme Corporation", email: "facilities@acmecorp.com", phone: "+15551234567" });
    const location = await client.createLocation({ customerId: 123, name: "Acme HQ", street: "100 Main Street", city: "Springfield", state: "IL", zip: "62701" }).run();
    expect(location.value).toMatchObject({ id: 456, customerId: 123, name: "Acme HQ", city: "Springfield" });
    const job = await client.createJob({ title: "Initial HVAC inspection", description: "Annual system check for new client", priority: "Medium", locationId: 456 }).run();
    expect(job.value).toMatchObject({ id: 789, title: "Initial HVAC inspection", description: "Annual system check for new client", priority: "Medium", locationId: 456 });
    const asset = await client.createAsset({ name: "Carrier AC Unit 24ACC636", typeId: 5, serialNumber: "SN-2026-00142", status: "Pending Install" }).run();
    expect(asset.value).toMatchObject({ id: 1001, name: "Carrier AC Unit 24ACC636", typeId: 5, serialNumber: "SN-2026-00142", status: "Pending Install" });
  });

  it("envelope A single records with `id`, and envelope B records with `id` instead of `<kind>_id`", async () => {
    route("GET", "/api/v1/customers?id=123", { success: true, customer: { id: 123, customer_name: "Acme Corporation" } });
    route("GET", "/api/v1/jobs?id=789", { success: true, job: { id: 789, job_title: "Initial HVAC inspection", job_status: "Assigned", assets: [{ id: 42, asset_tag: "HVAC-007" }] } });
    route("GET", "/api/v1/assets?id=1001", { data: { id: 1001, asset_name: "Carrier AC Unit", status: "Active", meters: [{ id: 7, meter_name: "Hours", last_reading_value: 12450 }] } });
    route("GET", "/api/v1/technicians?id=45", { success: true, technician: { id: 45, first_name: "John", last_name: "Smith", availability_status: "Busy" } });
    expect(await client.getCustomer(123)).toMatchObject({ id: 123, name: "Acme Corporation" });
    expect(await client.getJob(789)).toMatchObject({ id: 789, status: "Assigned", assets: [{ assetId: 42, tag: "HVAC-007" }] });
    expect(await client.getAsset(1001)).toMatchObject({ id: 1001, status: "Active", meters: [{ id: 7, name: "Hours", lastReading: 12450 }] });
    expect(await client.getTechnician(45)).toMatchObject({ id: 45, name: "John Smith", availability: "Busy" });
  });

  it("envelope B examples verbatim from seeds 001/002 (list, get, create, update, status, service)", async () => {
    route("GET", "/api/v1/jobs?status=Pending&priority=High&page=1&per_page=50", {
      data: [
        {
          job_id: 123, job_title: "AC unit repair", job_description: "Customer reports AC not cooling in main office", job_status: "Pending", job_priority: "High",
          assigned_technician_id: null, assigned_technician_name: null, customer_location_id: 87, customer_location_name: "Main Office", customer_id: 201,
          customer_name: "Acme Corporation", scheduled_start: "2026-02-25T09:00:00Z", scheduled_end: "2026-02-25T11:00:00Z", actual_start: null, actual_end: null,
          created_at: "2026-02-24T14:30:00Z", updated_at: "2026-02-24T14:30:00Z",
        },
      ],
      pagination: { page: 1, per_page: 50, total: 1, total_pages: 1 },
      request_id: "a1b2c3d4e5f6",
    });
    const page = await client.listJobs({ status: "Pending", priority: "High" });
    expect(page).toMatchObject({ total: 1, totalPages: 1 });
    expect(page.items[0]).toEqual({
      id: 123, title: "AC unit repair", description: "Customer reports AC not cooling in main office", status: "Pending", priority: "High",
      customerId: 201, customerName: "Acme Corporation", locationId: 87, locationName: "Main Office", technicianId: null, technicianName: null,
      scheduledStart: "2026-02-25T09:00:00Z", scheduledEnd: "2026-02-25T11:00:00Z", actualStart: null, actualEnd: null,
      createdAt: "2026-02-24T14:30:00Z", updatedAt: "2026-02-24T14:30:00Z",
    });

    route("POST", "/api/v1/jobs", { success: true, message: "Job created successfully", data: { job_id: 123, job_title: "AC unit repair", job_status: "Pending", created_at: "2026-02-24T14:30:00Z" }, request_id: "a1b2c3d4e5f6" }, 201);
    const created = await client.createJob({ title: "AC unit repair", locationId: 87, priority: "High" }).run();
    expect(created).toMatchObject({ requestId: "a1b2c3d4e5f6", value: { id: 123, status: "Pending", locationId: 87, createdAt: "2026-02-24T14:30:00Z" } });

    route("PUT", "/api/v1/jobs?id=123", { success: true, message: "Job updated successfully", data: { job_id: 123, job_title: "AC unit repair", job_status: "Pending" }, request_id: "a1b2c3d4e5f6" });
    expect((await client.updateJob(123, { priority: "Urgent" }).run()).value).toMatchObject({ id: 123, priority: "Urgent", status: "Pending" });

    route("PATCH", "/api/v1/jobs?id=123", { success: true, message: "Job status updated to Assigned", data: { job_id: 123, job_status: "Assigned", previous_status: "Pending" }, request_id: "a1b2c3d4e5f6" });
    const moved = await client.changeJobStatus(page.items[0]!, "Assigned").run();
    expect(moved.value).toMatchObject({ id: 123, status: "Assigned", title: "AC unit repair", locationId: 87 });

    route("PATCH", "/api/v1/assets?id=123", { success: true, message: "Asset status updated to In Maintenance", data: { asset_id: 123, status: "In Maintenance", previous_status: "Active" }, request_id: "a1b2c3d4e5f6" });
    const asset = { id: 123, name: "Rooftop HVAC Unit #3", status: "Active", locationId: 87 };
    expect((await client.changeAssetStatus(asset, "In Maintenance").run()).value).toMatchObject({ id: 123, name: "Rooftop HVAC Unit #3", status: "In Maintenance", locationId: 87 });

    route("GET", "/api/v1/assets?id=123&sub=service_history&page=1&per_page=50", {
      data: [
        {
          service_id: 1, asset_id: 123, task_id: 456, service_type: "preventive_maintenance", description: "Quarterly filter replacement and system check",
          resolution_notes: "Replaced air filters, cleaned condenser coils", technician_id: 45, service_date: "2026-02-15", service_started_at: "2026-02-15T09:00:00Z",
          service_completed_at: "2026-02-15T11:30:00Z", next_service_due: "2026-05-15", meter_reading_at_service: 12450, labor_hours: 2.5, service_cost: 350.0,
          is_warranty_work: false, warranty_claim_number: null, parts_used_summary: "2x HEPA filters, 1x belt", created_at: "2026-02-15T11:35:00Z",
        },
      ],
      pagination: { page: 1, per_page: 50, total: 1, total_pages: 1 },
      request_id: "a1b2c3d4e5f6",
    });
    expect((await client.serviceHistory(123)).items[0]).toMatchObject({ id: 1, assetId: 123, serviceType: "preventive_maintenance", laborHours: 2.5, cost: 350, nextServiceDue: "2026-05-15", isWarrantyWork: false });

    route("POST", "/api/v1/assets?id=123&sub=service", { success: true, message: "Service record created successfully", data: { service_id: 1, asset_id: 123, service_type: "preventive_maintenance" }, request_id: "a1b2c3d4e5f6" }, 201);
    const logged = await client.logService(123, { serviceType: "preventive_maintenance", description: "Quarterly HVAC filter replacement", serviceDate: "2026-02-15", cost: 350, technicianId: 45, laborHours: 2.5 }).run();
    expect(logged.value).toMatchObject({ id: 1, assetId: 123, serviceType: "preventive_maintenance", description: "Quarterly HVAC filter replacement", serviceDate: "2026-02-15", cost: 350 });
  });

  it("meter reading and transfer: no documented response body, the client falls back to what it sent", async () => {
    route("POST", "/api/v1/assets?id=123&sub=meter_reading", { success: true, message: "Meter reading recorded" }, 201);
    route("POST", "/api/v1/assets?id=123&sub=transfer", { success: true }, 201);
    const reading = await client.recordMeterReading(123, { meterId: 1, value: 12450, date: "2026-02-15" }).run();
    expect(reading.value).toEqual({ id: null, assetId: 123, meterId: 1, value: 12450, date: "2026-02-15" });
    const transfer = await client.transferAsset({ id: 123, name: "Unit", locationId: 87 }, { toLocationId: 456 }).run();
    expect(transfer.value).toMatchObject({ assetId: 123, fromLocationId: 87, toLocationId: 456 });
  });

  it("success:false on a 200 is a refusal (seed 000: never trust the status alone), and says nothing was applied", async () => {
    route("POST", "/api/v1/jobs", { success: false, error: "validation_failed", message: "job_title is required", details: { job_title: ["is required"] }, request_id: "ffffeeee0001" }, 200);
    const before = server.count;
    const err = await rejection(client.createJob({ title: "x", locationId: 87 }).run());
    expect(err).toMatchObject({ kind: "http", status: 200, code: "validation_failed", requestId: "ffffeeee0001", writeMayHaveHappened: false, retryable: false });
    expect(err.fieldErrors).toEqual({ job_title: ["is required"] });
    expect(err.message).toContain("reported in a 200 response");
    expect(server.count - before).toBe(1);

    route("GET", "/api/v1/jobs?id=5", { success: false, error: "not_found", message: "Job 5 not found" }, 200);
    expect(await rejection(client.getJob(5))).toMatchObject({ code: "not_found", status: 200 });
  });

  it("a body in neither envelope is a clear error, not a crash", async () => {
    route("GET", "/api/v1/jobs?id=6", { success: true, something: { else: 1 } });
    await expect(client.getJob(6)).rejects.toThrow(/expected "job" or "data"/);
    route("GET", "/api/v1/jobs?id=7", { success: true, job: { job_title: "no id" } });
    await expect(client.getJob(7)).rejects.toThrow(/no job id/);
  });
});

/** The retry rules of seed 000 / DESIGN §6, through the real client, counted by the sandbox itself. */
describe("retry rules, counted by the sandbox", () => {
  let sandbox: FsmNavigatorSandbox;
  let client: FsmNavigatorClient;
  beforeAll(async () => {
    sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false, faults: true });
    // 3 s per attempt, faults delayed 9 s: a delayed answer always times out, while a plain one is never
    // mistaken for a timeout on a loaded machine (with 300 ms, a slow 200 was retried: [502, 200, 200]).
    client = clientFor(sandbox.url, FULL, { timeoutMs: 3000 });
  });
  afterAll(async () => {
    await client?.http.close();
    await sandbox?.close();
  });
  const sent = async (fn: () => Promise<unknown>) => {
    const before = sandbox.requests.length;
    const outcome = await fn().then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e: e as VendorError }),
    );
    return { outcome, statuses: sandbox.requests.slice(before).map((r) => r.status) };
  };

  it("GET: a 503 and an HTML 502 are retried, then succeed", async () => {
    sandbox.faults.add({ kind: "status", status: 503, method: "GET", path: "/api/v1/technicians" });
    sandbox.faults.add({ kind: "html", method: "GET", path: "/api/v1/technicians" });
    const { outcome, statuses } = await sent(() => client.listTechnicians({}));
    expect(outcome.ok).toBe(true);
    expect(statuses).toEqual([503, 502, 200]);
  });

  it("GET: a timeout and a reset are retried", async () => {
    sandbox.faults.add({ kind: "delay", delayMs: 9000, method: "GET", path: "/api/v1/jobs?id=1" });
    sandbox.faults.add({ kind: "reset", method: "GET", path: "/api/v1/jobs?id=1" });
    const fired = sandbox.faults.fired.length;
    const { outcome, statuses } = await sent(() => client.getJob(1));
    expect(outcome.ok).toBe(true);
    // Faults fire as requests arrive (the delayed one is logged only when the sandbox answers it, later).
    expect(sandbox.faults.fired.slice(fired).map((f) => f.kind)).toEqual(["delay", "reset"]);
    expect(statuses.at(-1)).toBe(200);
  });

  it("POST: a 500 is not retried and says the write may have happened", async () => {
    sandbox.faults.add({ kind: "fail_after_commit", method: "POST", path: "/api/v1/jobs" });
    const before = sandbox.store.counts().jobs;
    const { outcome, statuses } = await sent(() => client.createJob({ title: "Retry rule 500", locationId: 87 }).run());
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.e).toMatchObject({ status: 500, writeMayHaveHappened: true });
    expect(statuses).toEqual([500]);
    expect(sandbox.store.counts().jobs).toBe(before + 1);
  });

  it("POST: a timeout is not retried", async () => {
    sandbox.faults.add({ kind: "delay_after_commit", delayMs: 9000, method: "POST", path: "/api/v1/jobs" });
    const { outcome } = await sent(() => client.createJob({ title: "Retry rule timeout", locationId: 87 }).run());
    expect(!outcome.ok && outcome.e).toMatchObject({ kind: "timeout", writeMayHaveHappened: true });
    // A resend would have been answered at once (no fault left) and created a second job.
    expect([...sandbox.store.jobs.values()].filter((j) => j.job_title === "Retry rule timeout")).toHaveLength(1);
  });

  it("POST: a 429 is retried after Retry-After (the vendor refused it, nothing applied)", async () => {
    sandbox.faults.add({ kind: "status", status: 429, retryAfterSec: 0, method: "POST", path: "/api/v1/jobs" });
    const before = sandbox.store.counts().jobs;
    const { outcome, statuses } = await sent(() => client.createJob({ title: "Retry rule 429", locationId: 87 }).run());
    expect(outcome.ok).toBe(true);
    expect(statuses).toEqual([429, 201]);
    expect(sandbox.store.counts().jobs).toBe(before + 1);
  });

  it("PUT: a 502 is retried (idempotent); a status PATCH is not (the vendor refuses X → X)", async () => {
    const jobId = (await client.createJob({ title: "Retry rule PUT", locationId: 87 }).run()).value.id as number;
    sandbox.faults.add({ kind: "status", status: 502, method: "PUT", path: `/api/v1/jobs?id=${jobId}` });
    const put = await sent(() => client.updateJob(jobId, { priority: "Low" }).run());
    expect(put.outcome.ok).toBe(true);
    expect(put.statuses).toEqual([502, 200]);

    sandbox.faults.add({ kind: "fail_after_commit", method: "PATCH", path: `/api/v1/jobs?id=${jobId}` });
    const job = await client.getJob(jobId);
    const patch = await sent(() => client.changeJobStatus(job, "Assigned").run());
    expect(!patch.outcome.ok && patch.outcome.e).toMatchObject({ status: 500, writeMayHaveHappened: true });
    expect(patch.statuses).toEqual([500]);
    expect(sandbox.store.jobs.get(jobId)!.job_status).toBe("Assigned");
  });
});
