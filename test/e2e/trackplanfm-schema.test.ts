/**
 * TrackplanFM tool definitions over the real tools/list of the built server on FSM_SANDBOX=trackplanfm:
 * snapshots (test/__toolsnaps__/trackplanfm/<tool>.json; UPDATE_TOOLSNAPS=1 rewrites) and the same host
 * rules as schema.test.ts. Also `fsm-mcp sandbox --vendor trackplanfm` on its own.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../src/sandbox/trackplanfm/index.js";
import { CLI, connect, type Connected } from "./harness.js";

let conn: Connected;
let tools: Tool[];

beforeAll(async () => {
  conn = await connect({ FSM_SANDBOX: "trackplanfm" });
  tools = (await conn.client.listTools()).tools;
});
afterAll(async () => {
  await conn?.close();
});

const SNAP_DIR = join(import.meta.dirname, "../__toolsnaps__/trackplanfm");

function findCombinators(schema: unknown, path = "$"): string[] {
  if (!schema || typeof schema !== "object") return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (k === "anyOf" || k === "oneOf" || k === "allOf") found.push(`${path}.${k}`);
    found.push(...findCombinators(v, `${path}.${k}`));
  }
  return found;
}

const props = (name: string) => (tools.find((t) => t.name === name)!.inputSchema.properties ?? {}) as Record<string, { enum?: string[]; type?: string; pattern?: string }>;

describe("TrackplanFM tool definitions", () => {
  it("match their snapshots", () => {
    mkdirSync(SNAP_DIR, { recursive: true });
    const update = process.env.UPDATE_TOOLSNAPS === "1";
    for (const tool of tools) {
      const file = join(SNAP_DIR, `${tool.name}.json`);
      const snap = { name: tool.name, title: tool.title, description: tool.description, annotations: tool.annotations, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema };
      if (update || (!existsSync(file) && !process.env.CI)) writeFileSync(file, `${JSON.stringify(snap, null, 2)}\n`);
      expect(existsSync(file), `missing snapshot ${file}: run UPDATE_TOOLSNAPS=1 npm test`).toBe(true);
      expect(snap, `${tool.name} drifted from ${file}; if intended run UPDATE_TOOLSNAPS=1 npm test`).toEqual(JSON.parse(readFileSync(file, "utf8")));
    }
  });

  it("each have a title, all four annotation hints, and an output schema", () => {
    for (const t of tools) {
      expect(t.title, t.name).toBeTruthy();
      expect(t.annotations?.title, t.name).toBe(t.title);
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(typeof t.annotations?.[hint], `${t.name}.${hint}`).toBe("boolean");
      }
      expect(t.annotations?.readOnlyHint && t.annotations?.destructiveHint, t.name).toBe(false);
      expect(t.outputSchema?.type, t.name).toBe("object");
      if (t.name.startsWith("create_") || t.name.startsWith("add_")) expect(t.annotations?.idempotentHint, t.name).toBe(false);
    }
  });

  it("are valid JSON Schema, without anyOf/oneOf/allOf in inputs", () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    for (const t of tools) {
      expect(() => ajv.compile(t.inputSchema), `${t.name} input`).not.toThrow();
      expect(() => ajv.compile(t.outputSchema!), `${t.name} output`).not.toThrow();
      expect(findCombinators(t.inputSchema), t.name).toEqual([]);
    }
  });

  it("respect the host limits: names ≤ 20 chars, ≤ 25 tools, bounded descriptions without behavioural commands", () => {
    expect(tools.length).toBeLessThanOrEqual(25);
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
    for (const t of tools) {
      expect(t.name.length, t.name).toBeLessThanOrEqual(20);
      expect(t.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(t.description!.length, t.name).toBeLessThanOrEqual(1500);
      expect(t.description, t.name).not.toMatch(/\balways\b|\byou must\b|\bnever\b|\bIMPORTANT\b/i);
    }
  });

  it("offer exactly what the API can do, with GUID ids and integer asset classes", () => {
    expect(props("update_job_status").status!.enum).toEqual(["Task Started", "Task Completed", "Completed"]);
    expect(props("update_job_status").task_id!.pattern).toBeTruthy();
    expect(props("list_jobs").status!.enum).toEqual(["Logged", "Requires Auth", "Instructed", "In Progress", "Resource Confirmed Complete", "Completed", "Cancelled"]);
    expect(Object.keys(props("create_job")).sort()).toEqual(["allow_duplicate", "description", "dry_run", "idempotency_key", "location_id", "title"]);
    expect(props("get_job").job_id!.pattern).toMatch(/0-9a-fA-F/);
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
    for (const step of ["search_customers", "create_job", "add_job_task", '"status":"Task Started"', '"status":"Task Completed"', "outcome: preview", '"confirm":true', "status: Completed"]) {
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
        const timer = setTimeout(() => reject(new Error(`no banner: ${err}`)), 10_000);
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
