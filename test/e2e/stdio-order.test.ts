/**
 * Over stdio, initialization comes first: the server writes nothing to stdout before the client's
 * `initialize`, answers it first, and mirrors log lines (`notifications/message`) only once the client has
 * sent `notifications/initialized` (issue 15: the "ready on stdio" line used to go out before initialize, and a
 * two-server fastmcp proxy printed a traceback). Raw JSON-RPC over the built server's pipes, so nothing in
 * between reorders or hides a message.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { CLI } from "./harness.js";

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
});

/** Resolves when `predicate` holds for what `read()` returns, re-checked on every chunk of `stream`. */
function until(stream: NodeJS.ReadableStream, read: () => string, predicate: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate(read())) return;
      stream.off("data", check);
      resolve(read());
    };
    stream.on("data", check);
    check();
  });
}

it("writes nothing before initialize, answers it first, and logs only after notifications/initialized", async () => {
  const proc = spawn(process.execPath, [CLI], { env: { ...process.env, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-order-")), FSM_LOG_LEVEL: "debug" } });
  child = proc;
  let out = "";
  let err = "";
  proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const lines = () => out.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { id?: number; method?: string; result?: unknown });

  // The server is up and has logged its ready line (on stderr) before any client message.
  await until(proc.stderr, () => err, (t) => t.includes("ready on stdio"));
  const send = (message: object) => proc.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  send({ id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "order", version: "0" } } });
  await until(proc.stdout, () => out, (t) => t.includes("\n"));
  // stdout is written in call order: a line sent before initialize would come ahead of this answer.
  expect(lines()[0]).toMatchObject({ id: 1, result: { serverInfo: { name: expect.any(String) } } });
  expect(lines()).toHaveLength(1);

  // A request before notifications/initialized is answered without a log line beside it...
  send({ id: 2, method: "ping" });
  await until(proc.stdout, () => out, (t) => t.split("\n").filter(Boolean).length >= 2);
  expect(lines().map((l) => l.method ?? l.id)).toEqual([1, 2]);

  // ...and after it, the session's log lines flow (a tool call logs "ok in … ms" at debug).
  send({ method: "notifications/initialized" });
  send({ id: 3, method: "logging/setLevel", params: { level: "debug" } });
  send({ id: 4, method: "tools/call", params: { name: "list_technicians", arguments: {} } });
  await until(proc.stdout, () => out, (t) => lines().some((l) => l.id === 4) && t.endsWith("\n"));
  expect(lines().some((l) => l.method === "notifications/message")).toBe(true);
  expect(lines().findIndex((l) => l.method === "notifications/message")).toBeGreaterThan(1);
});
