/**
 * FSM Navigator corrections (issue 13 item 3): update_customer, update_location, update_asset and get_asset's
 * service history pages, through the built server over stdio against the sandbox over HTTP. The sandbox's
 * request log and store are the judge of what was sent and what changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call as api, createAsset } from "../sandbox/fsmnavigator-helpers.js";
import { call, liveAgainstSandbox } from "./harness.js";

let env: Awaited<ReturnType<typeof liveAgainstSandbox>>;
const store = () => env.sandbox.store;
/** The PUTs the sandbox saw on a resource with exactly this query (the log keeps no bodies: dry runs show those). */
const puts = (path: string, query: Record<string, string>) =>
  env.sandbox.requests.filter((r) => r.method === "PUT" && r.path === `/api/v1${path}` && JSON.stringify(r.query) === JSON.stringify(query));

beforeAll(async () => {
  env = await liveAgainstSandbox();
});
afterAll(async () => {
  await env?.close();
});

describe("update_customer", () => {
  it("sends only the changed field in the customer object's spelling, and answers with the record read back", async () => {
    const before = { ...store().customers.get(202)! };
    const args = { customer_id: 202, phone: "+13125550777", name: before.customer_name };
    // The name is already so: not sent. The phone goes as customer_phone (facts.CUSTOMER_CONTACT_SPELLING).
    const dry = await call(env.client, "update_customer", { ...args, dry_run: true });
    expect(dry.data.request).toEqual({ method: "PUT", path: "/customers?id=202", body: { customer_phone: "+13125550777" } });
    const r = await call(env.client, "update_customer", args);
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "updated", customer: { id: 202, name: before.customer_name, phone: "+13125550777", email: before.customer_email } });
    expect(puts("/customers", { id: "202" })).toHaveLength(1);
    expect(store().customers.get(202)).toMatchObject({ customer_phone: "+13125550777", customer_email: before.customer_email, default_sla_hours: before.default_sla_hours });
    expect(r.data.notes ?? []).toEqual([]);
  });

  it("sends nothing when every value is already so, on a dry run, or when the record changed since it was read", async () => {
    const c = store().customers.get(203)!;
    const same = await call(env.client, "update_customer", { customer_id: 203, email: c.customer_email! });
    expect(same.data).toMatchObject({ outcome: "existing" });

    const dry = await call(env.client, "update_customer", { customer_id: 203, name: "Renamed Ltd", dry_run: true });
    expect(dry.data).toMatchObject({ outcome: "dry_run", request: { method: "PUT", path: "/customers?id=203", body: { customer_name: "Renamed Ltd" } } });

    const stale = await call(env.client, "update_customer", { customer_id: 203, name: "Renamed Ltd", expected_updated_at: "2020-01-01T00:00:00Z" });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(/has changed since you read it: updated_at is .* not 2020-01-01T00:00:00Z\. Nothing was sent\./);

    expect(puts("/customers", { id: "203" })).toHaveLength(0);
    expect(store().customers.get(203)!.customer_name).toBe(c.customer_name);
  });

  it("refuses a phone the vendor would refuse, and a call with nothing to change, before any request", async () => {
    const sentBefore = env.sandbox.requests.length;
    const bad = await call(env.client, "update_customer", { customer_id: 204, phone: "312 555 0101" });
    expect(bad.isError).toBe(true);
    expect(bad.text).toContain("must be E.164, e.g. +15551234567");
    const nothing = await call(env.client, "update_customer", { customer_id: 204 });
    expect(nothing.isError).toBe(true);
    expect(nothing.text).toContain("nothing to change: pass at least one of name, email, phone");
    expect(env.sandbox.requests.length).toBe(sentBefore);
  });

  it("names the finder for a customer that does not exist", async () => {
    const r = await call(env.client, "update_customer", { customer_id: 999_999, name: "Ghost" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/No customer with id 999999 exists\. Nothing was sent\./);
    expect(r.text).toContain("search_customers");
  });
});

describe("update_location", () => {
  it("updates one location through the query-style PUT and reads it back", async () => {
    const args = { customer_id: 201, location_id: 109, notes: "Loading bay round the back; call ahead", zip: "62702", city: store().locations.get(109)!.city };
    const dry = await call(env.client, "update_location", { ...args, dry_run: true });
    expect(dry.data.request).toEqual({ method: "PUT", path: "/customers?id=201&locations=1&location_id=109", body: { notes: args.notes, zip: "62702" } });
    const r = await call(env.client, "update_location", args);
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "updated", location: { id: 109, notes: "Loading bay round the back; call ahead", customer_id: 201 } });
    expect(r.data.location.address).toContain("62702");
    expect(puts("/customers", { id: "201", locations: "1", location_id: "109" })).toHaveLength(1);
    expect(store().locations.get(109)).toMatchObject({ notes: "Loading bay round the back; call ahead", zip: "62702", location_name: "Headquarters Annex" });
  });

  it("refuses a location of another customer, naming get_customer, and sends nothing", async () => {
    const other = store().locationsOf(202)[0]!.location_id;
    const r = await call(env.client, "update_location", { customer_id: 201, location_id: other, notes: "wrong customer" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(new RegExp(`No location of customer 201 with id ${other} exists`));
    expect(r.text).toContain("get_customer");
    expect(puts("/customers", { id: "201", locations: "1", location_id: String(other) })).toHaveLength(0);
  });
});

describe("update_asset", () => {
  it("corrects the seed 002 fields with PUT /assets?id= and never sends the status", async () => {
    const assetId = await createAsset(env.sandbox, { asset_name: "Lobby Printer MFP-200", location_id: 87, serial_number: "MFP-OLD" });
    const args = {
      asset_id: assetId,
      name: "Lobby Printer MFP-200 (2nd floor)",
      serial_number: "MFP200-2026-04821",
      purchase_date: "2026-02-01",
      purchase_cost: 2499.99,
      assigned_to: 42,
      notes: "Second floor lobby",
      expected_name: "Lobby Printer MFP-200",
    };
    const dry = await call(env.client, "update_asset", { ...args, dry_run: true });
    expect(dry.data.request).toEqual({
      method: "PUT",
      path: `/assets?id=${assetId}`,
      body: {
        asset_name: "Lobby Printer MFP-200 (2nd floor)",
        serial_number: "MFP200-2026-04821",
        purchase_date: "2026-02-01",
        purchase_cost: 2499.99,
        assigned_to: 42,
        notes: "Second floor lobby",
      },
    });
    const r = await call(env.client, "update_asset", args);
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({
      outcome: "updated",
      asset: { id: assetId, name: "Lobby Printer MFP-200 (2nd floor)", serial_number: "MFP200-2026-04821", purchase_cost: 2499.99, assigned_to: 42, status: "Active" },
      previous: { name: "Lobby Printer MFP-200", serial_number: "MFP-OLD", assigned_to: null },
    });
    expect(puts("/assets", { id: String(assetId) })).toHaveLength(1);
    expect(store().assets.get(assetId)).toMatchObject({ asset_name: "Lobby Printer MFP-200 (2nd floor)", assigned_to: 42, location_id: 87, status: "Active" });
  });

  it("offers neither status nor location (their own tools apply the lifecycle and record transfers)", async () => {
    const { tools } = await env.client.listTools();
    const props = Object.keys(tools.find((t) => t.name === "update_asset")!.inputSchema.properties ?? {});
    expect(props).not.toContain("status");
    expect(props).not.toContain("location_id");
    expect(props).toEqual(expect.arrayContaining(["purchase_date", "purchase_cost", "assigned_to", "notes"]));
  });

  it("refuses a technician that does not exist on a dry run, as the vendor would", async () => {
    const assetId = await createAsset(env.sandbox, { asset_name: "Dry run asset" });
    const r = await call(env.client, "update_asset", { asset_id: assetId, assigned_to: 999_999, dry_run: true });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("list_technicians");
    expect(puts("/assets", { id: String(assetId) })).toHaveLength(0);
  });
});

describe("get_asset service history", () => {
  it("pages through the whole history, newest first, with the exact arguments for the next page", async () => {
    const assetId = await createAsset(env.sandbox, { asset_name: "Chiller with a long history" });
    for (let i = 1; i <= 13; i++) {
      const date = i <= 12 ? `2025-${String(i).padStart(2, "0")}-15` : "2025-12-28";
      const res = await api(env.sandbox, "POST", `/assets?id=${assetId}&sub=service`, { body: { service_type: "inspection", description: `Monthly inspection ${i}`, service_date: date } });
      expect(res.status).toBe(201);
    }
    const first = await call(env.client, "get_asset", { asset_id: assetId });
    expect(first.isError, first.text).toBe(false);
    expect(first.data.service_total).toBe(13);
    expect(first.data.recent_service).toHaveLength(10);
    expect(first.data.recent_service[0].service_date).toBe("2025-12-28");
    expect(first.data.service_next_page).toEqual({ asset_id: assetId, service_page: 2, response_format: "concise" });

    const second = await call(env.client, "get_asset", first.data.service_next_page);
    expect(second.data.recent_service).toHaveLength(3);
    expect(second.data.service_next_page).toBeNull();
    const ids = [...first.data.recent_service, ...second.data.recent_service].map((s: { id: number }) => s.id);
    expect(new Set(ids).size).toBe(13);
    const dates = [...first.data.recent_service, ...second.data.recent_service].map((s: { service_date: string }) => s.service_date);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});
