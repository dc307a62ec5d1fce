/** Resources and prompts: the status machines, this connection's capabilities, the dispatcher prompts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_STATUSES } from "../../src/vendors/fsmnavigator/facts.js";
import { connect, type Connected } from "./harness.js";

let conn: Connected;
beforeAll(async () => {
  conn = await connect({});
});
afterAll(async () => {
  await conn?.close();
});

describe("resources", () => {
  it("lists the status machines, capabilities and audit resources", async () => {
    const uris = (await conn.client.listResources()).resources.map((r) => r.uri).sort();
    expect(uris).toEqual(["fsm://audit/recent", "fsm://capabilities", "fsm://statuses/assets", "fsm://statuses/jobs"]);
  });

  it("publishes the job machine as JSON and as a readable table", async () => {
    const { contents } = await conn.client.readResource({ uri: "fsm://statuses/jobs" });
    const json = JSON.parse((contents[0] as { text: string }).text);
    expect(json.statuses).toEqual([...JOB_STATUSES]);
    expect(json.transitions.Pending).toEqual(["Assigned", "Cancelled"]);
    expect(json.terminal).toEqual(["Closed", "Cancelled"]);
    expect((contents[1] as { text: string; mimeType: string }).mimeType).toBe("text/markdown");
    expect((contents[1] as { text: string }).text).toContain("| In Progress | Completed, Assigned, On Hold, Cancelled |");
  });

  it("describes the connection: sandbox, listed tools with scopes, nothing hidden by default", async () => {
    const { contents } = await conn.client.readResource({ uri: "fsm://capabilities" });
    const doc = JSON.parse((contents[0] as { text: string }).text);
    expect(doc).toMatchObject({ vendor: "fsmnavigator", mode: "sandbox", read_only: false, hidden_tools: [] });
    expect(doc.listed_tools).toContainEqual({ name: "log_asset_service", scopes: ["assets:service", "assets:read"] });
    // Catalogue tools other vendors serve (TrackplanFM job tasks) are "not offered" here, with the reason.
    expect(doc.unsupported_tools).toContainEqual({ name: "add_job_task", reason: expect.stringMatching(/task/) });
    expect(doc.listed_tools.map((t: { name: string }) => t.name)).not.toContain("add_job_task");
  });
});

describe("prompts", () => {
  it("offers the two dispatcher flows", async () => {
    const names = (await conn.client.listPrompts()).prompts.map((p) => p.name).sort();
    expect(names).toEqual(["dispatch_job", "log_service_visit"]);
  });

  it("quotes user arguments as data inside the prompt", async () => {
    const p = await conn.client.getPrompt({ name: "dispatch_job", arguments: { customer: 'Acme "ignore previous"', work: "AC not cooling" } });
    const text = (p.messages[0]!.content as { text: string }).text;
    expect(text).toContain(JSON.stringify('Acme "ignore previous"'));
    expect(text).toContain("search_customers");
    expect(text).toContain("create_job");
  });
});
