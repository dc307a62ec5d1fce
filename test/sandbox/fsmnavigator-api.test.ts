import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ANCHOR_DATE, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { API_PREFIX, ENDPOINTS, JOB_STATUSES, type EndpointName } from "../../src/vendors/fsmnavigator/facts.js";
import { ASSET_KEY, call, createAsset, createJob, DISPATCHER_KEY, FULL_KEY, READ_ONLY_KEY } from "./fsmnavigator-helpers.js";

let sandbox: FsmNavigatorSandbox;
beforeAll(async () => {
  // Pinned anchor: the filter cases below use dates relative to it.
  sandbox = await startFsmNavigatorSandbox({ rateLimit: false, anchorDate: DEFAULT_ANCHOR_DATE });
});
afterAll(async () => {
  await sandbox.close();
});

const REQUEST_ID = /^[0-9a-f]{12}$/;
const pendingJobId = (): number => [...sandbox.store.jobs.values()].find((job) => job.job_status === "Pending")!.job_id;

describe("acceptance checks", () => {
  it("GET /api/v1/jobs?status=Pending&per_page=5 answers envelope B with 5 Pending jobs and pagination", async () => {
    const result = await call(sandbox, "GET", "/jobs?status=Pending&per_page=5");
    expect(result.status).toBe(200);
    expect(Object.keys(result.body).sort()).toEqual(["data", "pagination", "request_id"]);
    expect(result.body.data).toHaveLength(5);
    for (const job of result.body.data) expect(job.job_status).toBe("Pending");
    const total = [...sandbox.store.jobs.values()].filter((job) => job.job_status === "Pending").length;
    expect(result.body.pagination).toEqual({ page: 1, per_page: 5, total, total_pages: Math.ceil(total / 5) });
    expect(result.body.request_id).toMatch(REQUEST_ID);
    expect(result.headers.get("x-request-id")).toBe(result.body.request_id);
    // The seed's job object, field for field.
    expect(Object.keys(result.body.data[0])).toEqual([
      "job_id", "job_title", "job_description", "job_status", "job_priority", "assigned_technician_id", "assigned_technician_name",
      "customer_location_id", "customer_location_name", "customer_id", "customer_name", "scheduled_start", "scheduled_end",
      "actual_start", "actual_end", "created_at", "updated_at",
    ]);
  });

  it("PATCH /api/v1/jobs?id=<Pending job> {job_status: Completed} → 400 invalid_status_transition", async () => {
    const id = pendingJobId();
    const result = await call(sandbox, "PATCH", `/jobs?id=${id}`, { body: { job_status: "Completed" } });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      success: false,
      error: "invalid_status_transition",
      message: `Cannot change job ${id} from Pending to Completed. Allowed from Pending: Assigned, Cancelled.`,
      current_status: "Pending",
      requested_status: "Completed",
      allowed_transitions: ["Assigned", "Cancelled"],
      request_id: expect.stringMatching(REQUEST_ID),
    });
    expect(sandbox.store.jobs.get(id)?.job_status).toBe("Pending");
  });
});

describe("both URL styles reach the same handlers; auto envelope follows the style", () => {
  const pairs: Array<[string, string, string, string]> = [
    // [query style, path style, envelope A key, id field]
    ["/jobs?id=12", "/jobs/12", "job", "job_id"],
    ["/customers?id=201", "/customers/201", "customer", "customer_id"],
    ["/assets?id=10", "/assets/10", "asset", "asset_id"],
    ["/technicians?id=45", "/technicians/45", "technician", "technician_id"],
  ];
  it.each(pairs)("GET %s (B) and %s (A) return the same record", async (query, path, key, idField) => {
    const [b, a] = await Promise.all([call(sandbox, "GET", query), call(sandbox, "GET", path)]);
    expect(b.status).toBe(200);
    expect(a.status).toBe(200);
    const { [idField]: id, ...rest } = b.body.data;
    expect(a.body).toEqual({ success: true, [key]: { id, ...rest }, request_id: expect.stringMatching(REQUEST_ID) });
  });

  it("lists locations and service history in both styles", async () => {
    const [b, a] = await Promise.all([call(sandbox, "GET", "/customers?id=201&locations=1"), call(sandbox, "GET", "/customers/201/locations")]);
    expect(b.body.data.map((l: any) => l.location_id)).toEqual(a.body.locations.map((l: any) => l.id));
    expect(a.body).toMatchObject({ success: true, page: 1, per_page: 50, total: b.body.pagination.total, total_pages: 1 });

    const [hb, ha] = await Promise.all([call(sandbox, "GET", "/assets?id=10&sub=service_history"), call(sandbox, "GET", "/assets/10/service-records")]);
    expect(hb.body.data.map((r: any) => r.service_id)).toEqual(ha.body.service_records.map((r: any) => r.id));
  });

  it("embeds locations with include=locations", async () => {
    const result = await call(sandbox, "GET", "/customers?id=201&include=locations");
    expect(result.body.data.customer_name).toBe("Acme Corporation");
    expect(result.body.data.locations[0]).toMatchObject({ location_id: 87, location_name: "Main Office", is_primary: true });
    expect((await call(sandbox, "GET", "/customers?id=201")).body.data.locations).toBeUndefined();
  });

  it("runs seed 000's chains in path style with envelope A (customer → location → job; asset → service → transfer)", async () => {
    const location = await call(sandbox, "POST", "/customers/201/locations", {
      body: { location_name: "Acme HQ", street: "100 Main Street", city: "Springfield", state: "IL", zip: "62701" },
    });
    expect(location.status).toBe(201);
    expect(location.body).toMatchObject({ success: true, location: { id: expect.any(Number), customer_id: 201, is_primary: false } });
    const updated = await call(sandbox, "PUT", `/customers/201/locations/${location.body.location.id}`, { body: { zip: "62701-1234" } });
    expect(updated.body).toMatchObject({ success: true, location: { id: location.body.location.id, zip: "62701-1234" } });

    const assetId = await createAsset(sandbox, { status: "Pending Install" });
    const service = await call(sandbox, "POST", `/assets/${assetId}/service-records`, {
      body: { service_type: "installation", description: "Pre-deployment inspection passed", service_date: "2026-02-24" },
    });
    expect(service.status).toBe(201);
    expect(service.body).toMatchObject({ success: true, service_record: { id: expect.any(Number), asset_id: assetId, service_type: "installation" } });
    const transfer = await call(sandbox, "POST", `/assets/${assetId}/transfer`, { body: { to_location_id: location.body.location.id } });
    expect(transfer.status).toBe(200);
    expect(transfer.body).toMatchObject({ success: true, transfer: { to_location_id: location.body.location.id, status: "Completed" } });
    expect(sandbox.store.assets.get(assetId)?.location_id).toBe(location.body.location.id);
  });

  it("answers write examples exactly like the seeds in envelope B", async () => {
    const locationId = 87;
    const created = await call(sandbox, "POST", "/jobs", {
      body: { job_title: "AC unit repair", job_priority: "High", customer_location_id: locationId, assigned_technician_id: 45 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      success: true,
      message: "Job created successfully",
      data: { job_id: expect.any(Number), job_title: "AC unit repair", job_status: "Pending", created_at: expect.any(String) },
      request_id: expect.stringMatching(REQUEST_ID),
    });
    const id = created.body.data.job_id;
    const patched = await call(sandbox, "PATCH", `/jobs?id=${id}`, { body: { job_status: "Assigned" } });
    expect(patched.body).toEqual({
      success: true,
      message: "Job status updated to Assigned",
      data: { job_id: id, job_status: "Assigned", previous_status: "Pending" },
      request_id: expect.stringMatching(REQUEST_ID),
    });
    const put = await call(sandbox, "PUT", `/jobs?id=${id}`, { body: { job_priority: "Urgent" } });
    expect(put.body).toMatchObject({ success: true, message: "Job updated successfully", data: { job_id: id, job_title: "AC unit repair", job_status: "Assigned" } });

    const asset = await call(sandbox, "POST", "/assets", { body: { asset_name: "Lobby Printer MFP-200", asset_type_id: 5, purchase_cost: 2499.99 } });
    expect(asset.body.data).toEqual({ asset_id: expect.any(Number), asset_tag: `AST-${String(asset.body.data.asset_id).padStart(6, "0")}`, asset_name: "Lobby Printer MFP-200" });
    const status = await call(sandbox, "PATCH", `/assets?id=${asset.body.data.asset_id}`, { body: { status: "In Maintenance" } });
    expect(status.body.data).toEqual({ asset_id: asset.body.data.asset_id, status: "In Maintenance", previous_status: "Active" });
  });
});

describe("forced envelopes", () => {
  for (const envelope of ["A", "B"] as const) {
    describe(`envelope ${envelope}`, () => {
      let forced: FsmNavigatorSandbox;
      beforeAll(async () => {
        forced = await startFsmNavigatorSandbox({ envelope, rateLimit: false });
      });
      afterAll(async () => {
        await forced.close();
      });

      it("answers both URL styles with the same envelope", async () => {
        for (const path of ["/customers?id=201", "/customers/201"]) {
          const result = await call(forced, "GET", path);
          if (envelope === "A") expect(result.body).toMatchObject({ success: true, customer: { id: 201 } });
          else expect(result.body).toMatchObject({ data: { customer_id: 201 } });
        }
        for (const path of ["/jobs?per_page=2", "/customers/201/locations"]) {
          const result = await call(forced, "GET", path);
          if (envelope === "A") expect(result.body).toMatchObject({ success: true, page: 1, total: expect.any(Number), total_pages: expect.any(Number) });
          else expect(result.body).toMatchObject({ data: expect.any(Array), pagination: { page: 1 } });
        }
      });

      it("answers writes with the same envelope", async () => {
        const result = await call(forced, "POST", "/customers", { body: { customer_name: "Acme Corp", contact_email: "contact@acme.example.com" } });
        expect(result.status).toBe(201);
        if (envelope === "A") {
          expect(result.body).toMatchObject({ success: true, customer: { id: expect.any(Number), customer_email: "contact@acme.example.com" } });
        } else {
          expect(result.body).toMatchObject({ success: true, message: "Customer created successfully", data: { customer_id: expect.any(Number) } });
        }
      });
    });
  }
});

describe("auth and scopes", () => {
  it.each([
    ["no key", null, "Missing API key"],
    ["a malformed key", "not-a-key", "Invalid API key format"],
    ["an extra underscore", "fsm_test_demo_FullAccess", "Invalid API key format"],
    ["an unknown key", "fsm_test_unknownKey123", "Invalid API key"],
    ["a live key", "fsm_live_a1b2c3d4e5f6", "Invalid API key"],
  ])("refuses %s with 401 unauthorized", async (_label, key, message) => {
    const result = await call(sandbox, "GET", "/jobs", { key });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ success: false, error: "unauthorized", message: expect.stringContaining(message), request_id: expect.stringMatching(REQUEST_ID) });
  });

  it.each([
    [READ_ONLY_KEY, "POST", "/jobs", "jobs:write", "POST /api/v1/jobs"],
    [DISPATCHER_KEY, "GET", "/assets", "assets:read", "GET /api/v1/assets"],
    [DISPATCHER_KEY, "POST", "/customers/201/locations", "customers:write", "POST /api/v1/customers?id={id}&locations=1"],
    [ASSET_KEY, "GET", "/jobs?id=1", "jobs:read", "GET /api/v1/jobs?id={id}"],
    [ASSET_KEY, "GET", "/technicians", "technicians:read", "GET /api/v1/technicians"],
    [READ_ONLY_KEY, "POST", "/assets?id=1&sub=meter_reading", "assets:meter", "POST /api/v1/assets?id={id}&sub=meter_reading"],
  ])("key %s: %s %s → 403 naming %s", async (key, method, path, scope, display) => {
    const before = sandbox.store.counts();
    const result = await call(sandbox, method, path, { key, body: method === "GET" ? undefined : {} });
    expect(result.status).toBe(403);
    expect(result.body).toEqual({
      success: false,
      error: "insufficient_scope",
      message: `This API key lacks the '${scope}' scope required for ${display}`,
      required_scope: scope,
      request_id: expect.stringMatching(REQUEST_ID),
    });
    expect(sandbox.store.counts()).toEqual(before);
  });

  it("enforces the ENDPOINTS scope of every operation for every demo key", async () => {
    const urls: Record<EndpointName, string> = {
      listJobs: "/jobs", getJob: "/jobs?id=1", createJob: "/jobs", updateJob: "/jobs?id=1", updateJobStatus: "/jobs?id=1",
      listCustomers: "/customers", getCustomer: "/customers?id=201", createCustomer: "/customers", updateCustomer: "/customers?id=201",
      listLocations: "/customers?id=201&locations=1", createLocation: "/customers?id=201&locations=1",
      updateLocation: "/customers?id=201&locations=1&location_id=87", listAssets: "/assets", getAsset: "/assets?id=1",
      createAsset: "/assets", updateAsset: "/assets?id=1", updateAssetStatus: "/assets?id=1",
      listServiceHistory: "/assets?id=1&sub=service_history", createServiceRecord: "/assets?id=1&sub=service",
      submitMeterReading: "/assets?id=1&sub=meter_reading", transferAsset: "/assets?id=1&sub=transfer",
      listTechnicians: "/technicians", getTechnician: "/technicians?id=45",
    };
    const before = sandbox.store.counts();
    for (const demo of sandbox.keys) {
      for (const [name, endpoint] of Object.entries(ENDPOINTS) as Array<[EndpointName, (typeof ENDPOINTS)[EndpointName]]>) {
        // Empty write bodies fail validation after the scope check, so nothing is written.
        const result = await call(sandbox, endpoint.method, urls[name], { key: demo.key, body: endpoint.method === "GET" ? undefined : {} });
        const allowed = demo.scopes.includes(endpoint.scope);
        expect(result.status === 403, `${demo.label} ${name} → ${result.status}`).toBe(!allowed);
        if (allowed) expect(result.status, `${demo.label} ${name}`).toBe(endpoint.method === "GET" ? 200 : 400);
      }
    }
    expect(sandbox.store.counts()).toEqual(before);
  });
});

describe("pagination", () => {
  it("defaults to page 1 of 50 and pages without overlap, newest first", async () => {
    const [first, second] = await Promise.all([call(sandbox, "GET", "/jobs"), call(sandbox, "GET", "/jobs?page=2")]);
    expect(first.body.pagination).toMatchObject({ page: 1, per_page: 50 });
    const ids = [...first.body.data, ...second.body.data].map((job: any) => job.job_id);
    expect(new Set(ids).size).toBe(100);
    const all = [...first.body.data, ...second.body.data];
    for (let i = 1; i < all.length; i++) {
      const [prev, next] = [all[i - 1], all[i]];
      expect(prev.created_at > next.created_at || (prev.created_at === next.created_at && prev.job_id > next.job_id)).toBe(true);
    }
  });

  it("accepts per_page 100 and refuses 101, 0, page 0 and non-integers", async () => {
    expect((await call(sandbox, "GET", "/jobs?per_page=100")).body.data).toHaveLength(100);
    for (const query of ["per_page=101", "per_page=0", "page=0", "page=abc", "per_page=2.5"]) {
      const result = await call(sandbox, "GET", `/jobs?${query}`);
      expect(result.status, query).toBe(400);
      expect(result.body.error).toBe("validation_failed");
      expect(Object.keys(result.body.details)).toEqual([query.split("=")[0]]);
    }
    expect((await call(sandbox, "GET", "/jobs?per_page=101")).body.message).toContain("per_page must be at most 100");
  });

  it("answers a page past the end with no data and the real totals", async () => {
    const result = await call(sandbox, "GET", "/technicians?page=9");
    expect(result.body.data).toEqual([]);
    expect(result.body.pagination).toEqual({ page: 9, per_page: 50, total: sandbox.store.technicians.size, total_pages: 1 });
  });
});

describe("filters", () => {
  const jobs = () => [...sandbox.store.jobs.values()];
  const ids = (result: { body: any }, field: string): number[] => result.body.data.map((row: any) => row[field]).sort((a: number, b: number) => a - b);

  it("filters jobs by status, priority, technician, location and dates", async () => {
    const sample = jobs().find((job) => job.assigned_technician_id !== null && job.job_status === "Closed")!;
    const cases: Array<[string, (job: ReturnType<typeof jobs>[number]) => boolean]> = [
      ["status=In%20Progress", (job) => job.job_status === "In Progress"],
      ["priority=Urgent", (job) => job.job_priority === "Urgent"],
      [`assigned_technician_id=${sample.assigned_technician_id}`, (job) => job.assigned_technician_id === sample.assigned_technician_id],
      [`customer_location_id=${sample.customer_location_id}`, (job) => job.customer_location_id === sample.customer_location_id],
      ["created_after=2026-05-25T00:00:00Z", (job) => job.created_at >= "2026-05-25T00:00:00Z"],
      ["created_before=2026-01-15", (job) => job.created_at <= "2026-01-15T23:59:59Z"],
      ["updated_since=2026-05-31T00:00:00Z", (job) => job.updated_at >= "2026-05-31T00:00:00Z"],
      ["status=Closed&priority=High", (job) => job.job_status === "Closed" && job.job_priority === "High"],
    ];
    for (const [query, keep] of cases) {
      const expected = jobs().filter(keep).map((job) => job.job_id).sort((a, b) => a - b);
      expect(expected.length, query).toBeGreaterThan(0);
      const result = await call(sandbox, "GET", `/jobs?${query}&per_page=100`);
      expect(result.body.pagination.total, query).toBe(expected.length);
      if (expected.length <= 100) expect(ids(result, "job_id"), query).toEqual(expected);
    }
  });

  it("refuses invalid filter values, naming the valid ones", async () => {
    const status = await call(sandbox, "GET", "/jobs?status=Done");
    expect(status.status).toBe(400);
    expect(status.body.details.status[0]).toBe(`status must be one of: ${JOB_STATUSES.join(", ")}`);
    const near = await call(sandbox, "GET", "/jobs?status=in%20progress");
    expect(near.body.message).toContain('did you mean "In Progress"?');
    for (const query of ["priority=Critical", "created_after=yesterday", "updated_since=2026-13-01", "assigned_technician_id=abc", "created_before=2026-02-24T14:30:00"]) {
      expect((await call(sandbox, "GET", `/jobs?${query}`)).status, query).toBe(400);
    }
    expect((await call(sandbox, "GET", "/customers?has_locations=yes")).status).toBe(400);
    expect((await call(sandbox, "GET", "/assets?status=Broken")).status).toBe(400);
    expect((await call(sandbox, "GET", "/technicians?availability_status=Away")).status).toBe(400);
  });

  it("searches customers by name, email or phone, case-insensitively", async () => {
    const acme = await call(sandbox, "GET", "/customers?search=ACME");
    const names = acme.body.data.map((c: any) => c.customer_name);
    expect(names).toEqual(expect.arrayContaining(["Acme Corporation", "Acme Corp Logistics"]));
    const byEmail = await call(sandbox, "GET", "/customers?search=facilities%40acmecorp.com");
    expect(byEmail.body.data.map((c: any) => c.customer_id)).toEqual([201]);
    const phone = sandbox.store.customers.get(201)!.customer_phone!;
    const byPhone = await call(sandbox, "GET", `/customers?search=${encodeURIComponent(phone)}`);
    expect(byPhone.body.data.map((c: any) => c.customer_id)).toEqual([201]);
    const byDigits = await call(sandbox, "GET", `/customers?search=${phone.slice(-7, -4)}-${phone.slice(-4)}`);
    expect(byDigits.body.data.map((c: any) => c.customer_id)).toContain(201);
  });

  it("filters customers by creation date and has_locations", async () => {
    const bare = await call(sandbox, "POST", "/customers", { body: { customer_name: "No Sites Yet LLC" } });
    const without = await call(sandbox, "GET", "/customers?has_locations=0");
    expect(without.body.data.map((c: any) => c.customer_id)).toContain(bare.body.data.customer_id);
    const withSites = await call(sandbox, "GET", "/customers?has_locations=1&per_page=100");
    expect(withSites.body.data.map((c: any) => c.customer_id)).not.toContain(bare.body.data.customer_id);
    const recent = await call(sandbox, "GET", "/customers?created_after=2026-04-01&per_page=100");
    for (const customer of recent.body.data) expect(customer.created_at >= "2026-04-01").toBe(true);
    expect(recent.body.data.length).toBeGreaterThan(0);
  });

  it("filters assets by status, type, condition, location, ownership and search (name, tag, serial)", async () => {
    const asset = sandbox.store.assets.get(10)!;
    const checks: Array<[string, (a: typeof asset) => boolean]> = [
      ["status=Lost", (a) => a.status === "Lost"],
      ["asset_type_id=5", (a) => a.asset_type_id === 5],
      ["condition=good", (a) => a.condition === "Good"],
      [`location_id=${asset.location_id}`, (a) => a.location_id === asset.location_id],
      ["ownership_type=leased", (a) => a.ownership_type === "leased"],
      ["search=ast-000010", (a) => a.asset_tag.includes("AST-000010")],
      [`search=${encodeURIComponent(asset.serial_number!.toLowerCase())}`, (a) => a.serial_number === asset.serial_number],
      ["search=walk-in", (a) => a.asset_name.toLowerCase().includes("walk-in")],
    ];
    for (const [query, keep] of checks) {
      const expected = [...sandbox.store.assets.values()].filter(keep).map((a) => a.asset_id).sort((a, b) => a - b);
      expect(expected.length, query).toBeGreaterThan(0);
      const result = await call(sandbox, "GET", `/assets?${query}&per_page=100`);
      expect(result.body.pagination.total, query).toBe(expected.length);
    }
  });

  it("filters technicians by status and availability", async () => {
    const inactive = await call(sandbox, "GET", "/technicians?status=Inactive");
    expect(inactive.body.data.length).toBeGreaterThan(0);
    for (const t of inactive.body.data) expect(t.status).toBe("Inactive");
    const available = await call(sandbox, "GET", "/technicians?status=Active&availability_status=Available");
    for (const t of available.body.data) expect(t).toMatchObject({ status: "Active", availability_status: "Available" });
    expect(available.body.data[0].skills).toBeUndefined();
    expect((await call(sandbox, "GET", "/technicians?id=45")).body.data.skills).toContain("HVAC");
  });
});

describe("not found", () => {
  it("names the missing record", async () => {
    const result = await call(sandbox, "GET", "/jobs?id=999999");
    expect(result.status).toBe(404);
    expect(result.body).toEqual({ success: false, error: "not_found", message: "Job 999999 not found", request_id: expect.stringMatching(REQUEST_ID) });
    expect((await call(sandbox, "GET", "/assets/999999")).body.message).toBe("Asset 999999 not found");
    expect((await call(sandbox, "PUT", "/customers?id=999999", { body: { customer_name: "X" } })).status).toBe(404);
    expect((await call(sandbox, "PUT", "/customers/202/locations/87", { body: { city: "Peoria" } })).body.message).toBe("Location 87 not found for customer 202");
  });

  it.each([
    ["GET", "/widgets"],
    ["DELETE", "/jobs?id=1"],
    ["GET", "/assets?id=1&sub=bogus"],
    ["GET", "/customers?id=201&locations=1&location_id=87"],
    ["POST", "/jobs/5"],
    ["GET", "/jobs/5/notes"],
  ])("%s %s → 404 not_found", async (method, path) => {
    const result = await call(sandbox, method, path, { body: method === "GET" || method === "DELETE" ? undefined : {} });
    expect(result.status).toBe(404);
    expect(result.body.error).toBe("not_found");
  });

  it("refuses non-numeric ids with validation_failed", async () => {
    const result = await call(sandbox, "GET", "/jobs?id=abc");
    expect(result.status).toBe(400);
    expect(result.body.details).toEqual({ id: ['id must be a positive integer, got "abc"'] });
  });

  it("answers outside /api/v1 with 404 and no auth", async () => {
    const result = await call(sandbox, "GET", `${sandbox.url}/api/v2/jobs`, { key: null });
    expect(result.status).toBe(404);
  });
});

describe("write semantics", () => {
  it("links assets on create, skips unknown ids, replaces on PUT and removes with []", async () => {
    const assetsHere = [...sandbox.store.assets.values()].slice(0, 3).map((asset) => asset.asset_id);
    const id = await createJob(sandbox, { asset_ids: [assetsHere[0], 99999999, assetsHere[0]], asset_relationship_type: "inspected" });
    let job = (await call(sandbox, "GET", `/jobs?id=${id}`)).body.data;
    expect(job.assets).toEqual([expect.objectContaining({ asset_id: assetsHere[0], relationship_type: "inspected", asset_tag: expect.stringMatching(/^AST-/) })]);

    await call(sandbox, "PUT", `/jobs?id=${id}`, { body: { asset_ids: [assetsHere[1], assetsHere[2], 424242] } });
    job = (await call(sandbox, "GET", `/jobs?id=${id}`)).body.data;
    expect(job.assets.map((a: any) => a.asset_id)).toEqual([assetsHere[1], assetsHere[2]]);
    expect(job.assets[0].relationship_type).toBe("serviced");

    await call(sandbox, "PUT", `/jobs?id=${id}`, { body: { asset_ids: [] } });
    expect((await call(sandbox, "GET", `/jobs?id=${id}`)).body.data.assets).toEqual([]);
    // Linked assets appear on the single job only.
    const list = await call(sandbox, "GET", "/jobs?per_page=1");
    expect(list.body.data[0].assets).toBeUndefined();
  });

  it("stamps actual_start at In Progress, actual_end at Completed and moves updated_at on every write", async () => {
    const id = await createJob(sandbox);
    const stamps: string[] = [sandbox.store.jobs.get(id)!.updated_at];
    for (const status of ["Assigned", "In Progress", "On Hold", "In Progress", "Completed"]) {
      const result = await call(sandbox, "PATCH", `/jobs/${id}`, { body: { job_status: status } });
      expect(result.status).toBe(200);
      stamps.push(result.body.job.updated_at);
      if (status === "In Progress") expect(result.body.job.actual_start).not.toBeNull();
    }
    const job = sandbox.store.jobs.get(id)!;
    expect(job.actual_start).toBe(stamps[2]); // the first start is kept through the hold
    expect(job.actual_end).toBe(stamps[5]);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!).toBe(true);
    const customer = await call(sandbox, "PUT", "/customers?id=202", { body: { default_sla_hours: 12 } });
    expect(customer.body.data.updated_at > stamps[5]!).toBe(true);
  });

  it("creates assets Active by default, tags them, and lists their meters on the single GET", async () => {
    const id = await createAsset(sandbox);
    const asset = (await call(sandbox, "GET", `/assets?id=${id}`)).body.data;
    expect(asset).toMatchObject({ status: "Active", asset_tag: `AST-${String(id).padStart(6, "0")}`, asset_type_name: "HVAC Unit", meters: [] });
    const metered = [...sandbox.store.meters.values()][0]!;
    const seeded = (await call(sandbox, "GET", `/assets/${metered.asset_id}`)).body.asset;
    expect(seeded.meters[0]).toMatchObject({ meter_id: metered.meter_id, meter_name: metered.meter_name, unit: metered.unit });
  });

  it("records meter readings that do not decrease, on the asset's own meters only", async () => {
    const meter = [...sandbox.store.meters.values()].find((m) => sandbox.store.readingsOf(m.meter_id).length > 0)!;
    const last = sandbox.store.readingsOf(meter.meter_id).at(-1)!;
    const other = [...sandbox.store.meters.values()].find((m) => m.asset_id !== meter.asset_id)!;

    const foreign = await call(sandbox, "POST", `/assets?id=${meter.asset_id}&sub=meter_reading`, {
      body: { meter_id: other.meter_id, reading_value: 1e9, reading_date: "2026-06-01" },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ success: false, error: "meter_not_found", message: "Meter not found or does not belong to this asset" });

    const lower = await call(sandbox, "POST", `/assets?id=${meter.asset_id}&sub=meter_reading`, {
      body: { meter_id: meter.meter_id, reading_value: last.reading_value - 1, reading_date: "2026-06-01" },
    });
    expect(lower.status).toBe(400);
    expect(lower.body.error).toBe("validation_failed");
    expect(lower.body.details.reading_value[0]).toContain(`below the meter's last reading (${last.reading_value}`);

    const same = await call(sandbox, "POST", `/assets/${meter.asset_id}/meter-readings`, {
      body: { meter_id: meter.meter_id, reading_value: last.reading_value, reading_date: "2026-06-01" },
    });
    expect(same.status).toBe(201);
    expect(same.body.meter_reading).toMatchObject({ meter_id: meter.meter_id, previous_reading_value: last.reading_value });
  });

  it("accepts both customer contact spellings and refuses them disagreeing", async () => {
    const guide = await call(sandbox, "POST", "/customers", { body: { customer_name: "Acme Corp", contact_email: "a@acme.example.com", contact_phone: "+15551234567" } });
    expect(sandbox.store.customers.get(guide.body.data.customer_id)).toMatchObject({ customer_email: "a@acme.example.com", customer_phone: "+15551234567" });
    const object = await call(sandbox, "POST", "/customers", { body: { customer_name: "Beta", customer_email: "b@beta.example.com", customer_phone: "+15557654321" } });
    expect(object.body.data).toMatchObject({ customer_email: "b@beta.example.com", customer_phone: "+15557654321" });
    const clash = await call(sandbox, "POST", "/customers", { body: { customer_name: "Gamma", contact_email: "x@g.example.com", customer_email: "y@g.example.com" } });
    expect(clash.status).toBe(400);
    expect(clash.body.details.contact_email[0]).toContain("disagree");
  });

  it("takes both spellings on a customer PUT, in both URL styles, changing only what is sent", async () => {
    const made = await call(sandbox, "POST", "/customers", { body: { customer_name: "Delta", customer_email: "d@delta.example.com", customer_phone: "+15550001000" } });
    const id = made.body.data.customer_id as number;
    expect((await call(sandbox, "PUT", `/customers?id=${id}`, { body: { contact_phone: "+15550001001" } })).status).toBe(200);
    expect((await call(sandbox, "PUT", `/customers/${id}`, { body: { customer_email: "ops@delta.example.com" } })).status).toBe(200);
    expect(sandbox.store.customers.get(id)).toMatchObject({ customer_name: "Delta", customer_email: "ops@delta.example.com", customer_phone: "+15550001001" });
    const clash = await call(sandbox, "PUT", `/customers?id=${id}`, { body: { contact_phone: "+15550001002", customer_phone: "+15550001003" } });
    expect(clash.status).toBe(400);
    expect(sandbox.store.customers.get(id)!.customer_phone).toBe("+15550001001");
  });
});

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document listing every ENDPOINTS entry with its scope, served without auth", async () => {
    const result = await call(sandbox, "GET", "/openapi.json", { key: null });
    expect(result.status).toBe(200);
    const doc = result.body;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0].url).toBe(`${sandbox.url}${API_PREFIX}`);
    expect(doc.components.securitySchemes.ApiKeyAuth).toMatchObject({ type: "apiKey", in: "header", name: "X-API-Key" });

    const operations = new Map<string, { method: string; op: any }>();
    for (const [, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) operations.set(op.operationId, { method, op });
    }
    expect([...operations.keys()].sort()).toEqual(Object.keys(ENDPOINTS).sort());
    for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
      const { method, op } = operations.get(name)!;
      expect(method).toBe(endpoint.method.toLowerCase());
      expect(op.security).toEqual([{ ApiKeyAuth: [endpoint.scope] }]);
      expect(op["x-required-scope"]).toBe(endpoint.scope);
    }
    // Enums come from facts.ts; bodies carry the required fields.
    const createJob = operations.get("createJob")!.op;
    expect(createJob.requestBody.content["application/json"].schema.required).toEqual(["job_title", "customer_location_id"]);
    const serviceBody = operations.get("createServiceRecord")!.op.requestBody.content["application/json"].schema;
    expect(serviceBody.properties.service_type.enum).toContain("preventive_maintenance");
    expect(doc.components.schemas.Job.properties.job_status.enum).toEqual([...JOB_STATUSES]);

    // Every $ref resolves.
    const refs = [...result.text.matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const target = ref.split("/").reduce<any>((node, part) => node?.[part], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it("is a standard document a generic client can follow: path keys without queries, and every GET answers as documented", async () => {
    const doc = (await call(sandbox, "GET", "/openapi.json", { key: null })).body;
    // A query in a path key (e.g. "/jobs?id") is not OpenAPI: generic bridges then send "?id&id=7".
    const firstIds: Record<string, number> = {
      "/jobs": [...sandbox.store.jobs.keys()][0]!,
      "/customers": [...sandbox.store.customers.keys()][0]!,
      "/assets": [...sandbox.store.assets.keys()][0]!,
      "/technicians": [...sandbox.store.technicians.keys()][0]!,
    };
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    let followed = 0;
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      expect(path).toMatch(/^\/[a-z_/{}-]+$/);
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries<any>(item)) {
        const pathParams = op.parameters.filter((p: any) => p.in === "path").map((p: any) => p.name);
        expect(pathParams.sort(), `${method} ${path}`).toEqual([...placeholders].sort());
        if (method !== "get") continue;
        const resource = `/${path.split("/")[1]}`;
        const url = path.replace("{id}", String(firstIds[resource]));
        const result = await call(sandbox, "GET", url);
        expect(result.status, `GET ${url}: ${result.text}`).toBe(200);
        const schema = op.responses["200"].content["application/json"].schema;
        const validate = ajv.compile({ ...schema, components: doc.components });
        expect(validate(result.body), `GET ${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
        // The reference (query-style) URL reaches the same operation.
        const reference = op["x-reference-path"].replace("/api/v1", "").replace("{id}", String(firstIds[resource]));
        expect((await call(sandbox, "GET", reference)).status, reference).toBe(200);
        followed++;
      }
    }
    expect(followed).toBe(Object.values(ENDPOINTS).filter((e) => e.method === "GET").length);
  });
});

describe("headers", () => {
  it("puts X-Request-Id on every answer, errors included", async () => {
    for (const [path, key] of [["/jobs?id=999999", FULL_KEY], ["/jobs", null]] as const) {
      const result = await call(sandbox, "GET", path, { key });
      expect(result.headers.get("x-request-id")).toMatch(REQUEST_ID);
      expect(result.body.request_id).toBe(result.headers.get("x-request-id"));
    }
  });
});
