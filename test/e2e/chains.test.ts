/**
 * The three request chains of seed 000, end to end through the built server over stdio, against the
 * sandbox over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, liveAgainstSandbox, seen } from "./harness.js";

// The reference pages answer in envelope B; the best-practices guide shows envelope A and `id` spellings.
// The same chains run against both, so a live account answering either way works.
describe.each(["B", "A"] as const)("seed 000 chains (envelope %s)", (envelope) => {
  let env: Awaited<ReturnType<typeof liveAgainstSandbox>>;

  beforeAll(async () => {
    env = await liveAgainstSandbox({}, {}, { envelope });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("create a customer → location → job", async () => {
    const email = `ops${Date.now()}@acme-demo.example.com`;
    const customer = await call(env.client, "create_customer", { name: "Acme Demo Holdings", email, phone: "+15551230000" });
    expect(customer.isError, customer.text).toBe(false);
    expect(customer.data.outcome).toBe("created");
    const customerId = customer.data.customer.id;
    expect(typeof customerId).toBe("number");

    const location = await call(env.client, "create_location", {
      customer_id: customerId,
      name: "Acme HQ",
      street: "100 Main Street",
      city: "Springfield",
      state: "IL",
      zip: "62701",
    });
    expect(location.isError, location.text).toBe(false);
    expect(location.data.outcome).toBe("created");

    const job = await call(env.client, "create_job", {
      title: "Initial HVAC inspection",
      description: "Annual system check for new client",
      priority: "Medium",
      location_id: location.data.location.id,
    });
    expect(job.isError, job.text).toBe(false);
    expect(job.data).toMatchObject({ outcome: "created", job: { status: "Pending", allowed_next_statuses: ["Assigned", "Cancelled"] } });
    expect(env.sandbox.store.counts().jobs).toBeGreaterThan(500);
  });

  it("look up a customer → locations → job → assign → start → complete → invoice", async () => {
    const found = await call(env.client, "search_customers", { query: "acme" });
    expect(found.isError, found.text).toBe(false);
    expect(found.data.items.length).toBeGreaterThanOrEqual(2); // similar names on purpose
    const customer = await call(env.client, "get_customer", { customer_id: found.data.items[0].id });
    expect(customer.data.locations.length).toBeGreaterThan(0);

    const job = await call(env.client, "create_job", { title: "Emergency plumbing repair", priority: "High", location_id: customer.data.locations[0].id, allow_duplicate: true });
    expect(job.data.outcome).toBe("created");
    const jobId = job.data.job.id;

    const techs = await call(env.client, "list_technicians", { status: "Active" });
    expect(techs.data.items.length).toBeGreaterThan(0);
    const assigned = await call(env.client, "update_job", { job_id: jobId, technician_id: techs.data.items[0].id });
    expect(assigned.isError, assigned.text).toBe(false);

    for (const [status, next] of [
      ["Assigned", ["In Progress", "Pending", "Cancelled", "On Hold"]],
      ["In Progress", ["Completed", "Assigned", "On Hold", "Cancelled"]],
      ["Completed", ["Invoiced"]],
      ["Invoiced", ["Paid"]],
    ] as const) {
      const r = await call(env.client, "update_job_status", { job_id: jobId, status });
      expect(r.isError, r.text).toBe(false);
      expect(r.data.job.status).toBe(status);
      expect(r.data.job.allowed_next_statuses).toEqual(next);
    }
    const final = await call(env.client, "get_job", { job_id: jobId, response_format: "detailed" });
    expect(final.data.job).toMatchObject({ status: "Invoiced", technician_id: techs.data.items[0].id });
    expect(final.data.job.actual_end).toBeTruthy();
  });

  it("create an asset → log service → transfer", async () => {
    const serial = `SN-2026-${Date.now()}`;
    const asset = await call(env.client, "create_asset", { name: "Carrier AC Unit 24ACC636", type_id: 1, serial_number: serial, status: "Pending Install" });
    expect(asset.isError, asset.text).toBe(false);
    expect(asset.data.asset.tag).toMatch(/^AST-\d{6}$/);
    const assetId = asset.data.asset.id;

    const service = await call(env.client, "log_asset_service", {
      asset_id: assetId,
      service_type: "installation",
      description: "Pre-deployment inspection passed",
      service_date: "2026-02-24",
    });
    expect(service.isError, service.text).toBe(false);
    expect(service.data.service_record).toMatchObject({ asset_id: assetId, service_type: "installation" });

    const location = (await call(env.client, "get_customer", { customer_id: (await call(env.client, "search_customers", { query: "acme" })).data.items[0].id })).data.locations[0].id;
    const transfer = await call(env.client, "transfer_asset", { asset_id: assetId, to_location_id: location, reason: "Deployed to Acme HQ" });
    expect(transfer.isError, transfer.text).toBe(false);
    const after = await call(env.client, "get_asset", { asset_id: assetId });
    expect(after.data.asset.location_id).toBe(location);
    expect(after.data.recent_service[0]).toMatchObject({ service_type: "installation" });
    expect(seen(env.sandbox, "POST")).toBeGreaterThanOrEqual(3);
  });
});
