/**
 * Schema discipline for JobNimbus over the real tools/list of the built server on the JobNimbus sandbox
 * (the roofing demo account): every definition is snapshotted (test/__toolsnaps__/jobnimbus/<tool>.json,
 * UPDATE_TOOLSNAPS=1 rewrites), and the same meta rules as the FSM Navigator catalogue hold.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUMMIT } from "../../src/sandbox/jobnimbus/index.js";
import { connect, type Connected } from "./harness.js";
import { itKeepsTheToolRules } from "./tool-rules.js";
import { accountJobStatuses } from "./jobnimbus-harness.js";

let conn: Connected;
let tools: Tool[];

beforeAll(async () => {
  conn = await connect({ FSM_SANDBOX: "jobnimbus" });
  tools = (await conn.client.listTools()).tools;
});
afterAll(async () => {
  await conn?.close();
});

describe("JobNimbus tool definitions", () => {
  it("list the JobNimbus catalogue: no assets, no locations; contact corrections and notes, job tasks and notes", () => {
    expect(tools.map((t) => t.name)).toEqual([
      "search_customers",
      "get_customer",
      "create_customer",
      "update_customer",
      "add_customer_note",
      "list_jobs",
      "get_job",
      "create_job",
      "update_job",
      "update_job_status",
      "add_job_task",
      "update_job_task",
      "add_job_note",
      "list_technicians",
    ]);
  });

  itKeepsTheToolRules("jobnimbus", () => tools);

  it("carry the account's enums, jnid ids and no FSM Navigator vocabulary", () => {
    const props = (name: string) => (tools.find((t) => t.name === name)!.inputSchema.properties ?? {}) as Record<string, { enum?: string[]; examples?: string[]; type?: string; pattern?: string }>;
    expect(props("update_job_status").status!.examples).toEqual(accountJobStatuses(SUMMIT));
    expect(props("create_job").workflow!.examples).toEqual(["Residential Roofing", "Insurance Restoration", "Commercial"]);
    // A jnid is text, named by where it comes from; its shape (1 to 64 letters, digits, _ or -) is checked in code
    // with a specific refusal rather than published as a pattern on every id.
    expect(props("create_job").customer_id).toEqual({ type: "string", description: "from search_customers" });
    expect(props("create_job")).not.toHaveProperty("location_id");
    expect(props("create_job")).not.toHaveProperty("priority");
    expect(props("create_job")).not.toHaveProperty("asset_ids");
    expect(props("list_jobs")).toHaveProperty("customer_id");
    expect(props("list_jobs")).not.toHaveProperty("location_id");
    expect(props("update_job_status")).not.toHaveProperty("confirm"); // nothing is irreversible in a JobNimbus workflow
    for (const t of tools) expect(t.description, t.name).not.toMatch(/Scopes:|location_id|Pending/);
  });
});
