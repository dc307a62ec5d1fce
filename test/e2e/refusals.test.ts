/**
 * Every refusal path: what the assistant is told, and proof (from the sandbox's request log) that
 * nothing invalid reached the vendor.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, liveAgainstSandbox, lookupFilled, seen } from "./harness.js";

let env: Awaited<ReturnType<typeof liveAgainstSandbox>>;
let locationId: number;

beforeAll(async () => {
  env = await liveAgainstSandbox();
  const customers = await call(env.client, "search_customers", { query: "a", per_page: 1 });
  // The phrase search filled the lookup index in the background: let it finish, so the request counts below are
  // each test's own.
  await lookupFilled(env);
  locationId = (await call(env.client, "get_customer", { customer_id: customers.data.items[0].id })).data.locations[0].id;
});
afterAll(async () => {
  await env?.close();
});

async function newJob(title: string): Promise<number> {
  const r = await call(env.client, "create_job", { title, location_id: locationId, allow_duplicate: true });
  expect(r.isError, r.text).toBe(false);
  return r.data.job.id;
}

describe("refusals", () => {
  it("refuses a forbidden transition before calling the vendor and names the allowed statuses", async () => {
    const jobId = await newJob(`Transition check ${Date.now()}`);
    const patches = seen(env.sandbox, "PATCH");
    const r = await call(env.client, "update_job_status", { job_id: jobId, status: "Completed" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("invalid_status_transition");
    expect(r.text).toContain("allowed_next_statuses: Assigned, Cancelled");
    expect(seen(env.sandbox, "PATCH")).toBe(patches);
  });

  it("says a terminal status is terminal", async () => {
    const jobId = await newJob(`Terminal check ${Date.now()}`);
    const cancel = await call(env.client, "update_job_status", { job_id: jobId, status: "Cancelled", confirm: true });
    expect(cancel.isError, cancel.text).toBe(false);
    const r = await call(env.client, "update_job_status", { job_id: jobId, status: "Pending" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Cancelled is terminal/);
  });

  it("rejects a status outside the enum in the schema, before any request", async () => {
    const before = env.sandbox.requests.length;
    const r = await call(env.client, "update_job_status", { job_id: 1, status: "Done" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Input validation error/);
    expect(r.text).toContain("Pending");
    expect(env.sandbox.requests.length).toBe(before);
  });

  it("refuses the guide's 'Installation' spelling naming the valid service types, never sending it", async () => {
    const posts = seen(env.sandbox, "POST");
    const r = await call(env.client, "log_asset_service", { asset_id: 1, service_type: "Installation", description: "x", service_date: "2026-02-24" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("installation");
    expect(r.text).toContain("preventive_maintenance");
    expect(seen(env.sandbox, "POST")).toBe(posts);
  });

  it("turns an unknown id into not_found with the tool that finds valid ids", async () => {
    const r = await call(env.client, "get_job", { job_id: 99999999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("not_found");
    expect(r.text).toContain("list_jobs");
    const a = await call(env.client, "log_asset_service", { asset_id: 99999999, service_type: "repair", description: "x", service_date: "2026-02-24" });
    expect(a.text).toContain("search_assets");
  });

  it("refuses a meter the asset does not have, naming its meters, before any POST", async () => {
    const assets = await call(env.client, "search_assets", { status: "Active", per_page: 50 });
    let target: { id: number; meters: Array<{ id: number }> } | undefined;
    for (const a of assets.data.items) {
      const full = await call(env.client, "get_asset", { asset_id: a.id });
      if (full.data.asset.meters?.length) {
        target = full.data.asset;
        break;
      }
    }
    expect(target).toBeDefined();
    const posts = seen(env.sandbox, "POST");
    const r = await call(env.client, "record_meter_reading", { asset_id: target!.id, meter_id: 987654, value: 1, reading_date: "2026-06-01" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`allowed: ${target!.meters.map((m) => m.id).join(", ")}`);
    expect(seen(env.sandbox, "POST")).toBe(posts);
  });

  it("asks for confirmation before an irreversible change when the client cannot elicit", async () => {
    const jobId = await newJob(`Confirm check ${Date.now()}`);
    const patches = seen(env.sandbox, "PATCH");
    const preview = await call(env.client, "update_job_status", { job_id: jobId, status: "Cancelled" });
    expect(preview.isError).toBe(false);
    expect(preview.data.outcome).toBe("preview");
    expect(preview.text).toContain("confirm: true");
    expect(seen(env.sandbox, "PATCH")).toBe(patches);
    const done = await call(env.client, "update_job_status", { job_id: jobId, status: "Cancelled", confirm: true });
    expect(done.data.outcome).toBe("updated");
    expect(seen(env.sandbox, "PATCH")).toBe(patches + 1);
  });

  it("dry run returns the exact request and sends nothing", async () => {
    const posts = seen(env.sandbox, "POST");
    const r = await call(env.client, "create_job", { title: "Dry run job", location_id: locationId, priority: "Urgent", dry_run: true });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({
      outcome: "dry_run",
      request: { method: "POST", path: "/jobs", body: { job_title: "Dry run job", customer_location_id: locationId, job_priority: "Urgent" } },
    });
    expect(seen(env.sandbox, "POST")).toBe(posts);
  });
});
