/**
 * Arguments every tool screens before it runs (src/tools/screen.ts), both found by the fuzz test: the
 * server's own credential is never sent to the vendor as data nor shown in a result (a customer named
 * after the API key was created and echoed back), and a broken character (an unpaired surrogate) is
 * refused instead of crashing the URL encoder. A vendor record that already holds the key comes back
 * redacted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS } from "../../src/sandbox/fsmnavigator/index.js";
import { call, liveAgainstSandbox } from "./harness.js";

const KEY = DEMO_KEYS[0]!.key;
let env: Awaited<ReturnType<typeof liveAgainstSandbox>>;

beforeAll(async () => {
  env = await liveAgainstSandbox();
});
afterAll(async () => {
  await env?.close();
});

describe("credentials as data", () => {
  it("refuses an argument that is the API key, naming the field, and sends nothing", async () => {
    const before = env.sandbox.requests.length;
    const customers = env.sandbox.store.customers.size;
    const r = await call(env.client, "create_customer", { name: KEY });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("Error (invalid_argument): name: contains this server's own credential");
    expect(r.text).not.toContain(KEY);
    expect(env.sandbox.requests.length).toBe(before);
    expect(env.sandbox.store.customers.size).toBe(customers);
  });

  it("finds the key inside a longer text of a read tool too, before the query reaches the vendor", async () => {
    const before = env.sandbox.requests.length;
    const r = await call(env.client, "search_customers", { query: `acme ${KEY}` });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("query: contains this server's own credential");
    expect(env.sandbox.requests.length).toBe(before);
  });

  it("redacts the key from a vendor record that already holds it, keeping the result's shape", async () => {
    const [id, record] = [...env.sandbox.store.customers.entries()][0]!;
    const original = record.customer_name;
    record.customer_name = `Leaky ${KEY} Ltd`;
    try {
      const r = await call(env.client, "get_customer", { customer_id: id });
      expect(r.isError, r.text).toBe(false);
      expect(r.data.customer.name).toBe("Leaky [REDACTED] Ltd");
      expect(r.text).toContain("Leaky [REDACTED] Ltd");
      expect(JSON.stringify(r.data)).not.toContain(KEY);
      expect(r.text).not.toContain(KEY);
    } finally {
      record.customer_name = original;
    }
  });

  it("refuses a broken character (an unpaired surrogate) in a write and a read, sending nothing", async () => {
    const before = env.sandbox.requests.length;
    const write = await call(env.client, "create_customer", { name: "\uD83D" });
    expect(write.isError).toBe(true);
    expect(write.text).toContain("Error (invalid_argument): name: contains a broken character");
    const read = await call(env.client, "search_customers", { query: "Acme \uD83D" });
    expect(read.text).toContain("Error (invalid_argument): query: contains a broken character");
    expect(env.sandbox.requests.length).toBe(before);
  });

  it("still accepts text that merely looks like a key but is not this server's", async () => {
    const r = await call(env.client, "search_customers", { query: "fsm_test_someoneElse" });
    expect(r.isError, r.text).toBe(false);
  });
});
