/**
 * Schema discipline over the real tools/list of the built server: every definition is snapshotted
 * (test/__toolsnaps__/<vendor>/<tool>.json, fails on drift; UPDATE_TOOLSNAPS=1 rewrites), and meta-tests
 * hold the rules the hosts impose.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Connected } from "./harness.js";
import { itKeepsTheToolRules, TOKEN_BUDGET, tokensOf } from "./tool-rules.js";

let conn: Connected;
let tools: Tool[];

beforeAll(async () => {
  conn = await connect({});
  tools = (await conn.client.listTools()).tools;
});
afterAll(async () => {
  await conn?.close();
});

describe("tool definitions", () => {
  it("lists the whole FSM Navigator catalogue", () => {
    expect(tools.map((t) => t.name)).toEqual([
      "search_customers",
      "get_customer",
      "create_customer",
      "update_customer",
      "create_location",
      "update_location",
      "list_jobs",
      "get_job",
      "create_job",
      "update_job",
      "update_job_status",
      "search_assets",
      "get_asset",
      "log_asset_service",
      "update_asset_status",
      "record_meter_reading",
      "transfer_asset",
      "create_asset",
      "update_asset",
      "list_technicians",
    ]);
  });

  itKeepsTheToolRules("fsmnavigator", () => tools);

  it("carry the vendor's enums from the facts", () => {
    const props = (name: string) => (tools.find((t) => t.name === name)!.inputSchema.properties ?? {}) as Record<string, { enum?: string[] }>;
    expect(props("update_job_status").status!.enum).toHaveLength(9);
    expect(props("update_asset_status").status!.enum).toHaveLength(9);
    expect(props("create_job").priority!.enum).toEqual(["Low", "Medium", "High", "Urgent"]);
    expect(props("log_asset_service").service_type!.enum).toHaveLength(10);
    expect(props("create_job").relationship_type!.enum).toHaveLength(6);
  });

  it("fit the whole default catalogue's tools/list in its token budget", () => {
    const total = tokensOf({ tools });
    expect(total, `FSM Navigator tools/list is ${total} cl100k tokens, budget ${TOKEN_BUDGET.fsmNavigatorTotal} (bench/token-budget.json)`).toBeLessThanOrEqual(
      TOKEN_BUDGET.fsmNavigatorTotal,
    );
  });

  it("state the scopes each tool needs", () => {
    expect(tools.find((t) => t.name === "log_asset_service")!.description).toContain("Scopes: assets:service assets:read.");
  });
});
