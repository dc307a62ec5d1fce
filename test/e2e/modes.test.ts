/** Scope filtering, read-only mode, toolsets, 403 naming the missing scope, and the default sandbox. */
import { spawn } from "node:child_process";
import { describe, expect, it, vi } from "vitest";
import { call, CLI, connect, keyFor, liveAgainstSandbox, TEST_CACHE_ENV } from "./harness.js";

const WRITE_TOOLS = [
  "create_customer",
  "create_location",
  "create_job",
  "update_job",
  "update_job_status",
  "log_asset_service",
  "update_asset_status",
  "record_meter_reading",
  "transfer_asset",
  "create_asset",
];

describe("modes", () => {
  it("lists only the tools the declared scopes allow, and says why the rest are hidden", async () => {
    const env = await liveAgainstSandbox({ FSM_SCOPES: "jobs:read,customers:read" });
    try {
      const { tools } = await env.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(["get_customer", "get_job", "list_jobs", "search_customers"]);
      const caps = await env.client.readResource({ uri: "fsm://capabilities" });
      const doc = JSON.parse((caps.contents[0] as { text: string }).text);
      expect(doc.hidden_tools).toContainEqual({ name: "create_job", reason: "the key lacks scope jobs:write (FSM_SCOPES)" });
    } finally {
      await env.close();
    }
  });

  it("read-only mode lists no write tool", async () => {
    const env = await liveAgainstSandbox({ FSM_READ_ONLY: "1" });
    try {
      const names = (await env.client.listTools()).tools.map((t) => t.name);
      expect(names.length).toBe(7);
      for (const w of WRITE_TOOLS) expect(names).not.toContain(w);
      for (const t of (await env.client.listTools()).tools) expect(t.annotations?.readOnlyHint).toBe(true);
    } finally {
      await env.close();
    }
  });

  it("toolsets limit the catalogue", async () => {
    const env = await liveAgainstSandbox({ FSM_TOOLSETS: "technicians" });
    try {
      expect((await env.client.listTools()).tools.map((t) => t.name)).toEqual(["list_technicians"]);
    } finally {
      await env.close();
    }
  });

  it("a vendor 403 names the missing scope", async () => {
    const env = await liveAgainstSandbox({ FSM_API_KEY: keyFor("read") });
    try {
      const r = await call(env.client, "create_customer", { name: `Scope Test ${Date.now()}`, allow_duplicate: true });
      expect(r.isError).toBe(true);
      expect(r.text).toContain("customers:write");
      expect(r.text).toMatch(/missing_scope/);
    } finally {
      await env.close();
    }
  });

  it("with no configuration runs the sandbox and says so", async () => {
    const env = await connect({});
    try {
      expect(env.client.getInstructions()).toMatch(/SANDBOX/);
      const r = await call(env.client, "search_customers", { query: "acme" });
      expect(r.data.items.length).toBeGreaterThan(0);
      // stderr arrives on its own pipe, in no fixed order with the answer on stdout: wait for it, not a guess.
      await vi.waitFor(() => expect(env.stderr()).toMatch(/sandbox/i), { timeout: 15_000, interval: 20 });
    } finally {
      await env.close();
    }
  });

  it("stdout carries protocol only", async () => {
    const child = spawn(process.execPath, [CLI], { env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, FSM_STATE_DIR: "/tmp/fsm-mcp-stdout-test" }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const send = (msg: object) => child.stdin.write(`${JSON.stringify(msg)}\n`);
    const answered = (id: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to request ${id}`)), 45_000);
        const check = () => {
          if (stdout.includes(`"id":${id}`)) {
            clearTimeout(timer);
            child.stdout.off("data", check);
            resolve();
          }
        };
        child.stdout.on("data", check);
        check();
      });
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } } });
    await answered(1);
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "search_customers", arguments: { query: "acme" } } });
    await answered(2);
    child.kill();
    const lines = stdout.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty("jsonrpc", "2.0");
  });
});
