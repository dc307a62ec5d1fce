/**
 * Team mode end to end: real replicas (the built server, `--http` on free ports, static bearer token)
 * sharing one vendor sandbox and one real redis-server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CLI, TEST_CACHE_ENV } from "./harness.js";
import { TEST_KEEPALIVE } from "./http-harness.js";

export const TEAM_TOKEN = "team-token-0123456789abcdef";

export interface Replica {
  url: string;
  child: ChildProcess;
  stderr(): string;
  exit: Promise<number | null>;
  client: Client;
  /** Tool calls: parsed structured content, or the error text. */
  call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; data: Record<string, any>; text: string }>;
  /** SIGKILL, no goodbye. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, [CLI, "--http", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-replica-")), FSM_HTTP_TOKEN: TEAM_TOKEN, FSM_LOG_LEVEL: "info", ...TEST_KEEPALIVE, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!);
    };
    child.stderr!.on("data", check);
    void exit.then((code) => reject(new Error(`replica exited (${code}) before listening: ${err}`)));
  });
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TEAM_TOKEN}` } } });
  const client = new Client({ name: "team-e2e", version: "0" });
  await client.connect(transport);
  await client.listTools();
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGKILL");
    await exit;
  };
  return {
    url,
    child,
    stderr: () => err,
    exit,
    client,
    async call(name, args) {
      const r = (await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })) as { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text?: string }> };
      return { isError: Boolean(r.isError), data: (r.structuredContent ?? {}) as Record<string, any>, text: r.content.map((c) => c.text ?? "").join("\n") };
    },
    kill,
    async close() {
      await client.close().catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exit;
        clearTimeout(timer);
      }
    },
  };
}

/** Run the built CLI once (e.g. `audit export`), collecting stdout and stderr. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
