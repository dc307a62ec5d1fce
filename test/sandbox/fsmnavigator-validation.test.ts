import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { SERVICE_TYPES } from "../../src/vendors/fsmnavigator/facts.js";
import { call } from "./fsmnavigator-helpers.js";

let sandbox: FsmNavigatorSandbox;
let inactiveTechnician: number;
let meteredAsset: number;
let placedAsset: { id: number; location: number };
beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ rateLimit: false });
  inactiveTechnician = [...sandbox.store.technicians.values()].find((t) => t.status === "Inactive")!.technician_id;
  meteredAsset = [...sandbox.store.meters.values()][0]!.asset_id;
  const placed = [...sandbox.store.assets.values()].find((a) => a.location_id !== null)!;
  placedAsset = { id: placed.asset_id, location: placed.location_id! };
});
afterAll(async () => {
  await sandbox.close();
});

type Case = [label: string, method: string, path: string, body: unknown, fields: Record<string, string>];

const JOB = { job_title: "Fix it", customer_location_id: 87 };
const LOCATION = { location_name: "Annex", street: "1 Main Street", city: "Springfield", state: "IL", zip: "62701" };
const SERVICE = { service_type: "repair", description: "Replaced a belt", service_date: "2026-05-20" };

/** Each case: the fields that must be named and a fragment of each field's message. */
const cases = (): Case[] => [
  // jobs
  ["job without title and location", "POST", "/jobs", {}, { job_title: "job_title is required", customer_location_id: "customer_location_id is required" }],
  ["blank job title", "POST", "/jobs", { ...JOB, job_title: "  " }, { job_title: "must not be empty" }],
  ["job title not a string", "POST", "/jobs", { ...JOB, job_title: 42 }, { job_title: "must be a string" }],
  ["unknown priority", "POST", "/jobs", { ...JOB, job_priority: "Critical" }, { job_priority: "must be one of: Low, Medium, High, Urgent" }],
  ["unknown location", "POST", "/jobs", { ...JOB, customer_location_id: 999999 }, { customer_location_id: "customer_location_id 999999 does not exist" }],
  ["location id as a string", "POST", "/jobs", { ...JOB, customer_location_id: "87" }, { customer_location_id: "must be an integer" }],
  ["unknown technician", "POST", "/jobs", { ...JOB, assigned_technician_id: 999 }, { assigned_technician_id: "assigned_technician_id 999 does not exist" }],
  ["inactive technician", "POST", "/jobs", { ...JOB, assigned_technician_id: "$INACTIVE" }, { assigned_technician_id: "is Inactive" }],
  ["schedule without zone", "POST", "/jobs", { ...JOB, scheduled_start: "2026-06-03 09:00" }, { scheduled_start: "ISO 8601 date-time" }],
  ["schedule ending before it starts", "POST", "/jobs", { ...JOB, scheduled_start: "2026-06-03T15:00:00Z", scheduled_end: "2026-06-03T14:00:00Z" }, { scheduled_end: "must not be before scheduled_start" }],
  ["unknown relationship type", "POST", "/jobs", { ...JOB, asset_ids: [1], asset_relationship_type: "fixed" }, { asset_relationship_type: "serviced, installed, replaced, inspected, maintenance, meter_threshold" }],
  ["asset_ids not an array of integers", "POST", "/jobs", { ...JOB, asset_ids: "1,2" }, { asset_ids: "must be an array of integers" }],
  ["status on create", "POST", "/jobs", { ...JOB, job_status: "Assigned" }, { job_status: "new jobs start Pending" }],
  ["PATCH without job_status", "PATCH", "/jobs?id=1", {}, { job_status: "job_status is required" }],
  ["PATCH with an unknown status", "PATCH", "/jobs?id=1", { job_status: "Done" }, { job_status: "must be one of: Pending, Assigned" }],
  ["PUT changing nothing", "PUT", "/jobs?id=1", {}, { body: "names no field to update" }],
  ["PUT with a null title", "PUT", "/jobs?id=1", { job_title: null }, { job_title: "must not be null" }],
  // customers
  ["customer without name", "POST", "/customers", { contact_email: "a@b.example.com" }, { customer_name: "customer_name is required" }],
  ["bad email", "POST", "/customers", { customer_name: "X", contact_email: "not-an-email" }, { contact_email: "valid email address" }],
  ["bad email, object spelling", "POST", "/customers", { customer_name: "X", customer_email: "a@b" }, { customer_email: "valid email address" }],
  ["phone not E.164", "POST", "/customers", { customer_name: "X", contact_phone: "(555) 123-4567" }, { contact_phone: "E.164" }],
  ["phone without +", "POST", "/customers", { customer_name: "X", customer_phone: "15551234567" }, { customer_phone: "E.164" }],
  ["exemption reason over 255", "POST", "/customers", { customer_name: "X", tax_exemption_reason: "x".repeat(256) }, { tax_exemption_reason: "at most 255 characters" }],
  ["tax_exempt not boolean", "POST", "/customers", { customer_name: "X", tax_exempt: "yes" }, { tax_exempt: "true or false" }],
  // locations
  ["location without anything", "POST", "/customers?id=201&locations=1", {}, {
    location_name: "is required", street: "is required", city: "is required", state: "is required", zip: "is required",
  }],
  ["state spelled out", "POST", "/customers?id=201&locations=1", { ...LOCATION, state: "Illinois" }, { state: "2-letter US state code" }],
  ["state in lower case", "POST", "/customers?id=201&locations=1", { ...LOCATION, state: "il" }, { state: "2-letter US state code" }],
  ["state that is not a state", "POST", "/customers?id=201&locations=1", { ...LOCATION, state: "XX" }, { state: "2-letter US state code" }],
  ["4-digit ZIP", "POST", "/customers?id=201&locations=1", { ...LOCATION, zip: "6270" }, { zip: "5-digit ZIP or a 9-digit ZIP+4" }],
  ["ZIP as a number", "POST", "/customers?id=201&locations=1", { ...LOCATION, zip: 62701 }, { zip: "must be a string" }],
  ["location contact email", "POST", "/customers/201/locations", { ...LOCATION, contact_email: "nope" }, { contact_email: "valid email address" }],
  // assets
  ["asset without name and type", "POST", "/assets", {}, { asset_name: "is required", asset_type_id: "is required" }],
  ["unknown asset type", "POST", "/assets", { asset_name: "X", asset_type_id: 999 }, { asset_type_id: "asset_type_id 999 is not a known asset type; known types: 1 Boiler" }],
  ["asset_tag in the body", "POST", "/assets", { asset_name: "X", asset_type_id: 5, asset_tag: "AST-000001" }, { asset_tag: "generated by FSM Navigator" }],
  ["asset_tag on PUT", "PUT", "/assets?id=1", { asset_tag: "AST-999999" }, { asset_tag: "generated by FSM Navigator" }],
  ["create status outside Active / Pending Install", "POST", "/assets", { asset_name: "X", asset_type_id: 5, status: "Retired" }, { status: "must be one of: Active, Pending Install" }],
  ["purchase date not YYYY-MM-DD", "POST", "/assets", { asset_name: "X", asset_type_id: 5, purchase_date: "02/01/2026" }, { purchase_date: "YYYY-MM-DD" }],
  ["negative purchase cost", "POST", "/assets", { asset_name: "X", asset_type_id: 5, purchase_cost: -1 }, { purchase_cost: "at least 0" }],
  ["unknown asset location", "POST", "/assets", { asset_name: "X", asset_type_id: 5, location_id: 999999 }, { location_id: "location_id 999999 does not exist" }],
  ["unknown responsible technician", "POST", "/assets", { asset_name: "X", asset_type_id: 5, assigned_to: 999 }, { assigned_to: "assigned_to 999 does not exist" }],
  ["PATCH asset without status", "PATCH", "/assets?id=1", {}, { status: "status is required" }],
  // service records
  ["the guide's service record", "POST", "/assets?id=1&sub=service", { service_type: "Installation", notes: "Pre-deployment inspection passed", service_date: "2026-02-24" }, {
    service_type: `must be one of: ${SERVICE_TYPES.join(", ")} (did you mean "installation"?)`,
    description: "description is required",
  }],
  ["service date in US format", "POST", "/assets?id=1&sub=service", { ...SERVICE, service_date: "05/20/2026" }, { service_date: "YYYY-MM-DD" }],
  ["service date that does not exist", "POST", "/assets?id=1&sub=service", { ...SERVICE, service_date: "2026-02-30" }, { service_date: "YYYY-MM-DD" }],
  ["service technician unknown", "POST", "/assets/1/service-records", { ...SERVICE, technician_id: 999 }, { technician_id: "technician_id 999 does not exist" }],
  ["labor hours negative", "POST", "/assets/1/service-records", { ...SERVICE, labor_hours: -2 }, { labor_hours: "at least 0" }],
  ["warranty flag not boolean", "POST", "/assets/1/service-records", { ...SERVICE, is_warranty_work: 1 }, { is_warranty_work: "true or false" }],
  // meter readings
  ["empty meter reading", "POST", "/assets?id=1&sub=meter_reading", {}, { meter_id: "is required", reading_value: "is required", reading_date: "is required" }],
  ["reading value not a number", "POST", "/assets?id=1&sub=meter_reading", { meter_id: 1, reading_value: "12450", reading_date: "2026-06-01" }, { reading_value: "must be a number" }],
  // transfers
  ["transfer without destination", "POST", "/assets?id=1&sub=transfer", { transfer_reason: "Moving" }, { to_location_id: "to_location_id is required" }],
  ["transfer to an unknown location", "POST", "/assets?id=1&sub=transfer", { to_location_id: 999999 }, { to_location_id: "to_location_id 999999 does not exist" }],
  ["transfer date malformed", "POST", "/assets/1/transfer", { to_location_id: 87, transfer_date: "June 3" }, { transfer_date: "YYYY-MM-DD" }],
];

describe("validation_failed names the field and the rule, and writes nothing", () => {
  it.each(cases())("%s", async (_label, method, path, body, fields) => {
    const before = sandbox.store.counts();
    // "$INACTIVE" stands for a seeded Inactive technician's id, known only once the sandbox runs.
    const resolved = JSON.parse(JSON.stringify(body).replace('"$INACTIVE"', String(inactiveTechnician)));
    const result = await call(sandbox, method, path, { body: resolved });
    expect(result.status, result.text).toBe(400);
    expect(result.body).toMatchObject({ success: false, error: "validation_failed", request_id: expect.any(String) });
    expect(Object.keys(result.body.details).sort()).toEqual(Object.keys(fields).sort());
    for (const [field, fragment] of Object.entries(fields)) {
      expect(result.body.details[field].join(" | ")).toContain(fragment);
      expect(result.body.message).toContain(fragment);
    }
    expect(result.body.message.startsWith("Validation failed: ")).toBe(true);
    expect(sandbox.store.counts()).toEqual(before);
  });

  it("refuses a transfer to where the asset already is", async () => {
    const result = await call(sandbox, "POST", `/assets?id=${placedAsset.id}&sub=transfer`, { body: { to_location_id: placedAsset.location } });
    expect(result.status).toBe(400);
    expect(result.body.details.to_location_id[0]).toContain("already the asset's location");
  });

  it("accepts ZIP+4 with and without the hyphen", async () => {
    for (const zip of ["62701-1234", "627011234"]) {
      const result = await call(sandbox, "POST", "/customers?id=201&locations=1", { body: { ...LOCATION, zip } });
      expect(result.status, result.text).toBe(201);
    }
  });

  it("accepts the valid service types and a meter reading on a seeded meter", async () => {
    for (const serviceType of SERVICE_TYPES) {
      const result = await call(sandbox, "POST", `/assets?id=${meteredAsset}&sub=service`, { body: { ...SERVICE, service_type: serviceType } });
      expect(result.status, serviceType).toBe(201);
    }
  });
});

describe("bodies that are not JSON objects", () => {
  it("refuses malformed JSON with a clear message", async () => {
    const result = await call(sandbox, "POST", "/jobs", { raw: '{"job_title": "x",' });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ success: false, error: "validation_failed", details: { body: [expect.stringContaining("not valid JSON")] } });
  });

  it("refuses an array body", async () => {
    const result = await call(sandbox, "POST", "/customers", { body: [{ customer_name: "X" }] });
    expect(result.status).toBe(400);
    expect(result.body.details.body).toEqual(["the request body must be a JSON object"]);
  });

  it("refuses a body over 1 MiB with 413 payload_too_large and keeps the connection usable", async () => {
    const result = await call(sandbox, "POST", "/customers", { body: { customer_name: "x".repeat(1024 * 1024 + 10) } });
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({ success: false, error: "payload_too_large", message: "Request body exceeds the 1 MiB limit" });
    expect((await call(sandbox, "GET", "/technicians?per_page=1")).status).toBe(200);
  });
});
