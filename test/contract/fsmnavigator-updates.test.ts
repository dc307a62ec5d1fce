/** The PUT endpoints behind update_customer, update_location and update_asset, against the sandbox over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../../src/http/client.js";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { FsmNavigatorClient } from "../../src/vendors/fsmnavigator/client.js";
import { fsmNavigatorDialect } from "../../src/vendors/fsmnavigator/normalize.js";

let sandbox: FsmNavigatorSandbox;
let http: HttpClient;
let client: FsmNavigatorClient;

beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ rateLimit: false });
  http = new HttpClient({
    baseUrl: `${sandbox.apiBase}`,
    dialect: fsmNavigatorDialect,
    auth: { apply: (h) => void (h["X-API-Key"] = DEMO_KEYS[0]!.key), secrets: () => [DEMO_KEYS[0]!.key] },
  });
  client = new FsmNavigatorClient(http);
});
afterAll(async () => {
  await http.close();
  await sandbox.close();
});

describe("FSM Navigator updates", () => {
  it("PUT /customers?id= changes only the fields sent", async () => {
    const before = await client.getCustomer(201);
    const op = client.updateCustomer(201, { phone: "+12175550999" });
    expect(op.request).toEqual({ method: "PUT", path: "/customers", query: { id: 201 }, body: { customer_phone: "+12175550999" }, idempotent: true });
    await op.run();
    const after = await client.getCustomer(201);
    expect(after.phone).toBe("+12175550999");
    expect(after.name).toBe(before.name);
  });

  it("PUT /customers?id=&locations=1&location_id= updates one location", async () => {
    const op = client.updateLocation(201, 87, { notes: "Gate code 4411" });
    expect(op.request.query).toEqual({ id: 201, locations: 1, location_id: 87 });
    const r = await op.run();
    expect(r.value.id).toBe(87);
    const locations = await client.listLocations(201);
    expect(locations.items.find((l) => l.id === 87)?.notes).toBe("Gate code 4411");
  });

  it("PUT /assets?id= updates asset fields", async () => {
    const asset = (await client.searchAssets({ perPage: 1 })).items[0]!;
    await client.updateAsset(asset.id, { notes: "Moved to roof zone C" }).run();
    expect((await client.getAsset(asset.id)).notes).toBe("Moved to roof zone C");
  });

  it("a refused update surfaces the vendor's validation error", async () => {
    await expect(client.updateCustomer(201, { email: "not-an-email" }).run()).rejects.toMatchObject({ status: 400, code: "validation_failed" });
  });
});
