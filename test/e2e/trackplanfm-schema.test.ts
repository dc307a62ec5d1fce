/**
 * TrackplanFM tool definitions over the real tools/list of the built server on FSM_SANDBOX=trackplanfm:
 * snapshots (test/__toolsnaps__/trackplanfm/<tool>.json; UPDATE_TOOLSNAPS=1 rewrites) and the same host
 * rules as schema.test.ts. Also `fsm-mcp sandbox --vendor trackplanfm` on its own.
 */
import { spawn } from "node:child_process";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../src/sandbox/trackplanfm/index.js";
import { CLI, connect, type Connected } from "./harness.js";
import { itKeepsTheToolRules } from "./tool-rules.js";

let conn: Connected;
let tools: Tool[];

beforeAll(async () => {
  conn = await connect({ FSM_SANDBOX: "trackplanfm" });
  tools = (await conn.client.listTools()).tools;
});
afterAll(async () => {
  await conn?.close();
});

const props = (name: string) => (tools.find((t) => t.name === name)!.inputSchema.properties ?? {}) as Record<string, { enum?: string[]; type?: string; pattern?: string; format?: string }>;

describe("TrackplanFM tool definitions", () => {
  itKeepsTheToolRules("trackplanfm", () => tools);

  it("offer exactly what the API can do, with GUID ids and integer asset classes", () => {
    expect(props("update_job_status").status!.enum).toEqual(["Task Started", "Task Completed", "Completed"]);
    expect(props("update_job_status").task_id).toMatchObject({ type: "string", format: "uuid" });
    // The guide documents no job statuses and accounts define their own: any text, the assumed ones as examples.
    expect(props("list_jobs").status!.enum).toBeUndefined();
    expect((props("list_jobs").status as { description?: string }).description).toMatch(/^e\.g\. Logged, Requires Auth, Instructed, In Progress; the account may define others/);
    expect(Object.keys(props("create_job")).sort()).toEqual(["allow_duplicate", "description", "dry_run", "idempotency_key", "location_id", "title"]);
    expect(props("get_job").job_id!.pattern).toMatch(/0-9a-fA-F/);
    expect(new RegExp(props("get_job").job_id!.pattern!).test("24003")).toBe(true);
    expect(props("create_asset").type_id!.type).toBe("integer");
    expect((tools.find((t) => t.name === "create_asset")!.inputSchema as { required?: string[] }).required).toEqual(expect.arrayContaining(["name", "type_id", "location_id"]));
    expect(props("search_assets").type_id!.type).toBe("integer");
    expect(tools.find((t) => t.name === "search_customers")!.description).toContain("searches sites");
  });
});

describe("fsm-mcp demo --vendor trackplanfm", () => {
  it("plays the dispatcher chain end to end and exits 0", async () => {
    const child = spawn(process.execPath, [CLI, "demo", "--vendor", "trackplanfm"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, out).toBe(0);
    for (const step of [
      "search_customers",
      "create_job_request",
      "list_stock",
      "create_job",
      "add_job_task",
      "update_job_task",
      '"status":"Task Started"',
      '"status":"Task Completed"',
      "add_job_cost",
      "over_budget: true",
      "update_job_cost",
      "outcome: preview",
      "completedByUserId: 7",
      '"confirm":true',
      "status: Completed",
    ]) {
      expect(out, step).toContain(step);
    }
    expect(out).toMatch(/Done: \d+ tool calls against the sandbox/);
  }, 30_000);
});

describe("fsm-mcp sandbox --vendor trackplanfm", () => {
  it("serves the simulator and prints how to log in", async () => {
    const child = spawn(process.execPath, [CLI, "sandbox", "--vendor", "trackplanfm", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let err = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${err}`)), 45_000);
        child.stderr.on("data", (d: Buffer) => {
          err += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/api)/.exec(err);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(err).toContain(DEMO_USERS[0]!.username);
      expect(err).toContain("TP-");
      const login = await fetch(`${url}/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: DEMO_USERS[0]!.username, password: DEMO_USERS[0]!.password }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const sites = await fetch(`${url}/sites?page=1&pageSize=1`, { headers: { Authorization: `Bearer ${token}` } });
      expect(((await sites.json()) as { count: number }).count).toBe(36);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});
