/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in devDependencies) against the
 * built server in --http mode: the server-sse-multiple-streams scenario (several concurrent POST requests on
 * one session, each answered on its own SSE stream or as JSON), which independent clients rely on (issue 15).
 * The suite's own CLI, as its README runs it, spawned with this Node; its exit code and its report decide.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CLI, TEST_CACHE_ENV } from "./harness.js";

const require = createRequire(import.meta.url);
const CONFORMANCE = join(dirname(require.resolve("@modelcontextprotocol/conformance/package.json")), "dist/index.js");

let server: ChildProcess;
let url: string;

beforeAll(async () => {
  server = spawn(process.execPath, [CLI, "--http", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-conformance-")) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  url = await new Promise<string>((resolve, reject) => {
    server.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!.replace("://0.0.0.0:", "://127.0.0.1:"));
    });
    server.on("exit", (code) => reject(new Error(`server exited (${code}) before listening: ${err}`)));
  });
});
afterAll(() => {
  server?.kill("SIGKILL");
});

function runScenario(scenario: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CONFORMANCE, "server", "--url", url, "--scenario", scenario], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

it("passes the conformance suite's server-sse-multiple-streams scenario", async () => {
  const { code, out } = await runScenario("server-sse-multiple-streams");
  expect(out).toMatch(/Passed: (\d+)\/\1, 0 failed/);
  expect(out).toContain("[server-accepts-multiple-post-streams");
  expect(out).not.toMatch(/FAILURE/);
  expect(code, out).toBe(0);
});
