/**
 * FSM_SANDBOX_SCALE=large reaches the built-in sandbox: the built server, spawned with no credentials, serves
 * the large account besides the demo data; without the setting it serves the demo data alone. A bad value is
 * refused with the variable's name before anything starts.
 */
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { generateLargeAccount } from "../../src/sandbox/common/large-account.js";
import { CLI, connect, type Connected } from "./harness.js";

const account = generateLargeAccount();
// A customer from the middle of the account, by its exact name (the vendor's own search matches substrings).
const customer = account.customers[2_345]!;

describe("FSM_SANDBOX_SCALE", () => {
  const open: Connected[] = [];
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
  });

  const namesFound = async (env: Record<string, string>) => {
    // The product's own fill wait: the large account's fill takes minutes (the harness's 45 s would be spent waiting).
    const server = await connect({ FSM_SANDBOX: "fsmnavigator", FSM_LOOKUP_FILL_WAIT_MS: "3000", ...env });
    open.push(server);
    const result = await server.client.callTool({ name: "search_customers", arguments: { query: customer.name } });
    expect(result.isError).toBeFalsy();
    return ((result.structuredContent as { items: Array<{ name: string }> }).items ?? []).map((item) => item.name);
  };

  it("large: the built-in sandbox holds the large account's customers", async () => {
    expect(await namesFound({ FSM_SANDBOX_SCALE: "large" })).toContain(customer.name);
  }, 60_000);

  it("large: a lookup made while the index fills answers within seconds, saying the index is still filling", async () => {
    // The fill reads 5,000 customers' sites one request each against the sandbox's 600-a-minute rate limit, so assets
    // stay unread for minutes: the lookup answers from what is there (after a short wait and a bounded vendor search)
    // instead of waiting for the fill or for the rate-limit window to roll.
    // The product's own wait (the harness raises it for tests that need a whole index): this test is about not waiting.
    const server = await connect({ FSM_SANDBOX: "fsmnavigator", FSM_SANDBOX_SCALE: "large", FSM_LOOKUP_FILL_WAIT_MS: "3000" });
    open.push(server);
    const customers = await server.client.callTool({ name: "search_customers", arguments: { query: customer.name } });
    expect((customers.structuredContent as { items: Array<{ name: string }> }).items.map((c) => c.name)).toContain(customer.name);
    const assets = await server.client.callTool({ name: "search_assets", arguments: { query: "boiler" } });
    expect(assets.isError, JSON.stringify(assets.content)).toBeFalsy();
    expect((assets.structuredContent as { index?: string }).index).toMatch(/^still filling/);
  }, 60_000);

  it("unset: the demo data alone", async () => {
    expect(await namesFound({})).not.toContain(customer.name);
  }, 60_000);

  it("refuses an unknown scale, naming the variable and the choices", () => {
    const run = spawnSync(process.execPath, [CLI], { env: { ...process.env, FSM_SANDBOX: "fsmnavigator", FSM_SANDBOX_SCALE: "huge" }, input: "", encoding: "utf8", timeout: 30_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("FSM_SANDBOX_SCALE must be one of regular, large");
  });
});
