import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededStore } from "../../src/sandbox/fsmnavigator/seed.js";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { API_KEY_PATTERN, ASSET_STATUSES, JOB_STATUSES, SCOPES, SERVICE_TYPES } from "../../src/vendors/fsmnavigator/facts.js";
import { call } from "./fsmnavigator-helpers.js";

const ANCHOR = "2026-06-01T12:00:00Z";
const store = createSeededStore();
const jobs = [...store.jobs.values()];
const assets = [...store.assets.values()];

describe("FSM Navigator seed: sizes and coverage", () => {
  it("has at least the promised numbers of records", () => {
    const counts = store.counts();
    expect(counts.customers).toBeGreaterThanOrEqual(50);
    expect(counts.locations).toBeGreaterThanOrEqual(100);
    expect(counts.jobs).toBeGreaterThanOrEqual(500);
    expect(counts.assets).toBeGreaterThanOrEqual(200);
    expect(counts.technicians).toBeGreaterThanOrEqual(15);
  });

  it("covers all nine job statuses and all nine asset statuses", () => {
    expect(new Set(jobs.map((job) => job.job_status))).toEqual(new Set(JOB_STATUSES));
    expect(new Set(assets.map((asset) => asset.status))).toEqual(new Set(ASSET_STATUSES));
  });

  it("has deliberately similar customer names", () => {
    const names = [...store.customers.values()].map((customer) => customer.customer_name);
    expect(names).toContain("Acme Corporation");
    expect(names).toContain("Acme Corp Logistics");
    expect(names.filter((name) => name.startsWith("Riverside ")).length).toBeGreaterThanOrEqual(2);
  });

  it("gives customers E.164 phones, emails and ≥1 location with exactly one primary", () => {
    for (const customer of store.customers.values()) {
      if (customer.customer_phone !== null) expect(customer.customer_phone).toMatch(/^\+1\d{10}$/);
      expect(customer.customer_email).toMatch(/^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}$/);
      const locations = store.locationsOf(customer.customer_id);
      expect(locations.length).toBeGreaterThanOrEqual(1);
      expect(locations.filter((location) => location.is_primary)).toHaveLength(1);
    }
    for (const location of store.locations.values()) {
      expect(location.state).toMatch(/^[A-Z]{2}$/);
      expect(location.zip).toMatch(/^\d{5}$/);
      expect(location.street).toMatch(/^\d+ /);
    }
  });

  it("has technicians both Active and Inactive, every availability, vehicles and transport modes", () => {
    const technicians = [...store.technicians.values()];
    expect(new Set(technicians.map((t) => t.status))).toEqual(new Set(["Active", "Inactive"]));
    expect(new Set(technicians.map((t) => t.availability_status))).toEqual(new Set(["Available", "Busy", "Offline"]));
    expect(technicians.every((t) => t.first_name && t.last_name && t.transport_modes.length > 0)).toBe(true);
    expect(store.technicians.get(45)).toMatchObject({ first_name: "John", last_name: "Smith" });
  });

  it("gives assets AST tags, types, serials, purchase data and warranty", () => {
    for (const asset of assets) {
      expect(asset.asset_tag).toBe(`AST-${String(asset.asset_id).padStart(6, "0")}`);
      expect(store.assetTypes.get(asset.asset_type_id)).toBeDefined();
      expect(asset.serial_number).toBeTruthy();
      expect(asset.purchase_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(asset.warranty_expiry! > asset.purchase_date!).toBe(true);
    }
    const typeNames = [...store.assetTypes.values()].map((type) => type.asset_type_name);
    expect(typeNames).toEqual(expect.arrayContaining(["HVAC Unit", "Water Heater", "Generator", "Walk-in Freezer", "Fire Panel", "Boiler"]));
    expect(store.assetTypes.get(5)?.asset_type_name).toBe("HVAC Unit"); // seed 002's example id
  });

  it("has varied service history on most assets and meters with increasing readings", () => {
    const withHistory = new Set([...store.serviceRecords.values()].map((record) => record.asset_id));
    expect(withHistory.size / assets.length).toBeGreaterThan(0.6);
    const types = new Set([...store.serviceRecords.values()].map((record) => record.service_type));
    expect(types.size).toBeGreaterThanOrEqual(8);
    for (const type of types) expect(SERVICE_TYPES).toContain(type);

    expect(store.meters.size).toBeGreaterThanOrEqual(40);
    for (const meter of store.meters.values()) {
      const readings = store.readingsOf(meter.meter_id);
      for (let i = 1; i < readings.length; i++) {
        expect(readings[i]!.reading_value).toBeGreaterThanOrEqual(readings[i - 1]!.reading_value);
        expect(readings[i]!.reading_date >= readings[i - 1]!.reading_date).toBe(true);
      }
    }
  });

  it("keeps job times consistent with each status", () => {
    const started = new Set(["In Progress", "Completed", "Invoiced", "Paid", "Closed"]);
    const ended = new Set(["Completed", "Invoiced", "Paid", "Closed"]);
    for (const job of jobs) {
      expect(job.created_at <= ANCHOR && job.updated_at <= ANCHOR, `job ${job.job_id} dated after the anchor`).toBe(true);
      expect(job.updated_at >= job.created_at).toBe(true);
      if (started.has(job.job_status)) expect(job.actual_start, `job ${job.job_id} ${job.job_status}`).not.toBeNull();
      else if (job.job_status !== "On Hold") expect(job.actual_start).toBeNull();
      expect(job.actual_end !== null, `job ${job.job_id} ${job.job_status}`).toBe(ended.has(job.job_status));
      if (job.actual_end !== null) expect(job.actual_end >= job.actual_start!).toBe(true);
      if (job.job_status === "Pending") expect(job.assigned_technician_id).toBeNull();
      if (!["Pending", "Cancelled"].includes(job.job_status)) expect(job.assigned_technician_id).not.toBeNull();
      if (job.job_status === "Assigned") expect(job.scheduled_start! > ANCHOR).toBe(true);
      for (const link of job.asset_links) expect(store.assets.get(link.asset_id)).toBeDefined();
    }
    // Ids follow creation time, like a real account.
    const byId = [...jobs].sort((a, b) => a.job_id - b.job_id);
    for (let i = 1; i < byId.length; i++) expect(byId[i]!.created_at >= byId[i - 1]!.created_at).toBe(true);
  });
});

describe("FSM Navigator seed: determinism", () => {
  it("gives identical data for the same seed and different data for another", () => {
    expect(createSeededStore({ seed: 7 }).snapshot()).toEqual(createSeededStore({ seed: 7 }).snapshot());
    expect(createSeededStore({ seed: 7 }).snapshot()).not.toEqual(createSeededStore({ seed: 8 }).snapshot());
  });

  it("dates everything relative to the anchor", () => {
    const shifted = createSeededStore({ anchorDate: "2027-06-01T12:00:00Z" });
    const latest = [...shifted.jobs.values()].map((job) => job.created_at).sort().at(-1)!;
    expect(latest.startsWith("2027-0")).toBe(true);
  });

  describe("two sandboxes started with the same seed", () => {
    let first: FsmNavigatorSandbox;
    let second: FsmNavigatorSandbox;
    beforeAll(async () => {
      [first, second] = await Promise.all([startFsmNavigatorSandbox({ seed: 42 }), startFsmNavigatorSandbox({ seed: 42 })]);
    });
    afterAll(async () => {
      await Promise.all([first.close(), second.close()]);
    });

    it("hold the same store and answer the same pages", async () => {
      expect(first.store.snapshot()).toEqual(second.store.snapshot());
      for (const path of ["/jobs?per_page=100&page=3", "/customers?per_page=100", "/assets?id=17", "/assets?id=17&sub=service_history"]) {
        const [a, b] = await Promise.all([call(first, "GET", path), call(second, "GET", path)]);
        expect(a.status).toBe(200);
        expect({ ...a.body, request_id: "" }).toEqual({ ...b.body, request_id: "" });
      }
    });
  });
});

describe("demo keys", () => {
  it("match the documented key shape and profiles", () => {
    for (const demo of DEMO_KEYS) expect(demo.key).toMatch(API_KEY_PATTERN);
    expect(DEMO_KEYS[0]).toMatchObject({ key: "fsm_test_demoFullAccess", scopes: SCOPES });
    const byLabel = Object.fromEntries(DEMO_KEYS.map((demo) => [demo.label, [...demo.scopes].sort()]));
    expect(byLabel["read-only"]).toEqual(["assets:read", "customers:read", "jobs:read", "technicians:read"]);
    expect(byLabel["dispatcher"]).toEqual(["customers:read", "jobs:read", "jobs:write", "technicians:read"]);
    expect(byLabel["asset-manager"]).toEqual(["assets:meter", "assets:read", "assets:service", "assets:transfer", "assets:write"]);
  });
});
