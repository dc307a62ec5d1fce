/**
 * A long name in a non-Latin script is created and found again on JobNimbus, promptly: create_customer's
 * duplicate check searches contacts by name, and the fuzz found a 193-character name whose search URL
 * (16.6 KB) the vendor's web server refused, which the server took for a network fault and retried until
 * its timeout (5 s, then "vendor_fault"). The search now fits the URL (contactTextQueries). Shown shortened,
 * such a name was cut inside a character (half a surrogate pair): cuts now fall between characters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobnimbusSandbox, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { call, type Connected, E2E_TIMEOUT_MS } from "./harness.js";
import { connectJobnimbus } from "./jobnimbus-harness.js";

let sandbox: JobNimbusSandbox;
let conn: Connected;
let createdId: string;

beforeAll(async () => {
  sandbox = await startJobnimbusSandbox({ port: 0, rateLimit: false });
  conn = await connectJobnimbus(sandbox, "summit", { FSM_TIMEOUT_MS: E2E_TIMEOUT_MS });
});
afterAll(async () => {
  await conn?.close();
  await sandbox?.close();
});

describe("long non-Latin contact names", () => {
  const name = `屋根修理 ${"𠀋𡈽𡌛".repeat(62)} 株式会社`; // 196 characters, up to 12 URL characters each

  it("are created after the duplicate check, and a repeat finds the contact instead of creating another", async () => {
    const started = performance.now();
    const first = await call(conn.client, "create_customer", { name });
    expect(first.isError, first.text).toBe(false);
    expect(first.data.outcome).toBe("created");
    const again = await call(conn.client, "create_customer", { name });
    expect(again.isError, again.text).toBe(false);
    expect(again.data.outcome).toBe("existing");
    expect(again.data.customer.id).toBe(first.data.customer.id);
    createdId = first.data.customer.id;
    // No request was refused or retried on the way.
    expect(sandbox.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10_000); // no 429 wait, no retry backoff
  });

  it("are found by search_customers, their shortened name still whole characters (no half surrogate pair)", async () => {
    const r = await call(conn.client, "search_customers", { query: name });
    expect(r.isError, r.text).toBe(false);
    const found = r.data.items.find((c: { id: string }) => c.id === createdId);
    expect(found, r.text).toBeDefined();
    // Concise results cut long names: the cut falls between characters, never inside one.
    expect(found.name).toMatch(/… \[truncated, \d+ chars\]$/);
    expect(found.name.isWellFormed()).toBe(true);
    expect(name.startsWith(found.name.replace(/… \[truncated, \d+ chars\]$/, ""))).toBe(true);
    expect(r.text.isWellFormed()).toBe(true);
  });
});
