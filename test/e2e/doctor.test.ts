/**
 * `fsm-mcp doctor`, the built CLI against a sandbox this test owns (as a "live" FSM Navigator endpoint):
 * exit codes, the scope probes (and that they are only harmless GETs), a fix line per problem, no secret
 * in the report.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIN_NODE } from "../../src/doctor/run.js";
import { startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { CLI, keyFor, TEST_CACHE_ENV } from "./harness.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Async on purpose: the sandbox answering the doctor lives in this process's event loop. */
function doctor(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, "doctor"],
      { env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, HOME: tmpdir(), FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-doctor-")), ...env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The problems block: each "✗ …" followed by its "fix: …" line. */
function problems(out: string): { what: string; fix: string }[] {
  const block = out.split(/^\d+ problems?:$/m)[1] ?? "";
  const lines = block.split("\n").filter(Boolean);
  const found: { what: string; fix: string }[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    expect(lines[i]).toMatch(/^ {2}✗ /);
    expect(lines[i + 1]).toMatch(/^ {4}fix: \S/);
    found.push({ what: lines[i]!.slice(4), fix: lines[i + 1]!.trim().slice(5) });
  }
  return found;
}

let sandbox: FsmNavigatorSandbox;
const live = (key: string, extra: Record<string, string> = {}) => ({ FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: key, ...extra });

beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ port: 0, rateLimit: false });
});
afterAll(async () => {
  await sandbox.close();
});

describe("fsm-mcp doctor", () => {
  it("passes with the full-access key: every read scope present, every tool listed", async () => {
    const r = await doctor(live(keyFor("full-access")));
    expect(r.stdout).toMatch(/No problems found\.\n$/);
    expect(r.stdout).toContain("has (probed): customers:read, jobs:read, assets:read, technicians:read");
    expect(r.stdout).toContain("Tools: 20 listed, 0 hidden");
    expect(r.stdout).toContain(`✓ node: v${process.versions.node}`);
    expect(r.code).toBe(0);
    // The doctor's Node floor is the package's.
    expect(JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")).engines.node).toBe(`>=${MIN_NODE}`);
  });

  it("with the read-only key: read scopes present, write scopes reported as not probeable, nothing written", async () => {
    const before = sandbox.requests.length;
    const r = await doctor(live(keyFor("read-only")));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("has (probed): customers:read, jobs:read, assets:read, technicians:read");
    expect(r.stdout).toMatch(/cannot be probed without changing data \(write scopes\): jobs:write, customers:write, assets:write, assets:service, assets:meter, assets:transfer/);
    expect(r.stdout).toMatch(/write tools are listed on trust/);
    expect(r.stdout).not.toContain(keyFor("read-only"));
    // One GET per read scope, one record each; nothing else reached the vendor.
    const seen = sandbox.requests.slice(before);
    expect(seen.map((q) => `${q.method} ${q.path} per_page=${q.query.per_page} → ${q.status}`)).toEqual([
      "GET /api/v1/customers per_page=1 → 200",
      "GET /api/v1/jobs per_page=1 → 200",
      "GET /api/v1/assets per_page=1 → 200",
      "GET /api/v1/technicians per_page=1 → 200",
    ]);
  });

  it("reads the key from FSM_API_KEY_FILE when FSM_API_KEY is Claude Desktop's blank placeholder", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "fsm-doctor-key-")), "key");
    writeFileSync(file, `${keyFor("read-only")}\n`);
    const r = await doctor({ FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: "${user_config.api_key}", FSM_API_KEY_FILE: file });
    expect(r.stdout).toContain("✓ credentials: from FSM_API_KEY_FILE (not shown)");
    expect(r.stdout).toContain("has (probed): customers:read, jobs:read, assets:read, technicians:read");
    expect(r.code).toBe(0);
  });

  it("flags listed tools the key cannot read, and passes once FSM_SCOPES hides them", async () => {
    const r = await doctor(live(keyFor("asset-manager")));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("lacks (probed, 403): customers:read, jobs:read, technicians:read");
    const found = problems(r.stdout);
    expect(found.map((p) => p.what)).toEqual([
      expect.stringMatching(/^the key lacks customers:read, but search_customers, get_customer, create_customer, update_customer, create_location, update_location are listed/),
      expect.stringMatching(/^the key lacks jobs:read, but list_jobs, /),
      expect.stringMatching(/^the key lacks technicians:read, but list_technicians is listed/),
    ]);
    expect(found[0]!.fix).toMatch(/grant customers:read to the key, or set FSM_SCOPES/);

    const scoped = await doctor(live(keyFor("asset-manager"), { FSM_SCOPES: "assets:read,assets:write,assets:service,assets:meter,assets:transfer" }));
    expect(scoped.stdout).toContain("Tools: 8 listed, 12 hidden");
    expect(scoped.stdout).toContain("hidden: list_jobs: the key lacks scope jobs:read (FSM_SCOPES)");
    expect(scoped.code).toBe(0);
  });

  it("fails on a bad key with a fix, after one request, without echoing the key", async () => {
    const before = sandbox.requests.length;
    const r = await doctor(live("fsm_test_notARealKey42"));
    expect(r.code).toBe(1);
    expect(problems(r.stdout)).toEqual([{ what: "FSM Navigator refused the credentials (401)", fix: expect.stringMatching(/FSM_API_KEY/) }]);
    expect(r.stdout + r.stderr).not.toContain("notARealKey42");
    expect(sandbox.requests.length - before).toBe(1);
  });

  it("fails when the base URL cannot be reached", async () => {
    const port = await closedPort();
    const r = await doctor({ FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: `http://127.0.0.1:${port}`, FSM_API_KEY: keyFor("full-access") });
    expect(r.code).toBe(1);
    const [p, ...rest] = problems(r.stdout);
    expect(rest).toEqual([]);
    expect(p!.what).toMatch(new RegExp(`^cannot reach FSM Navigator at http://127.0.0.1:${port}: .*ECONNREFUSED`));
    expect(p!.fix).toMatch(/FSM_BASE_URL/);
  });

  it("fails on a bad configuration variable, naming it, before any request", async () => {
    const before = sandbox.requests.length;
    const r = await doctor(live(keyFor("full-access"), { FSM_TIMEOUT_MS: "soon", FSM_TOOLSETS: "jobs,billing" }));
    expect(r.code).toBe(1);
    const found = problems(r.stdout);
    expect(found.map((p) => p.what.split(":")[0]).sort()).toEqual(["FSM_TIMEOUT_MS", "FSM_TOOLSETS"]);
    expect(found.find((p) => p.what.startsWith("FSM_TOOLSETS"))!.what).toContain("billing");
    expect(found.find((p) => p.what.startsWith("FSM_TOOLSETS"))!.fix).toContain("customers, jobs, requests, costs, assets, stock, technicians");
    expect(sandbox.requests.length).toBe(before);
  });

  it("checks the built-in sandbox when there are no credentials", async () => {
    const r = await doctor({});
    expect(r.stdout).toContain("the built-in fsmnavigator sandbox");
    expect(r.stdout).toMatch(/Vendor: the FSM Navigator sandbox at http:\/\/127\.0\.0\.1:\d+/);
    expect(r.stdout).toContain("No problems found.");
    expect(r.code).toBe(0);
  });
});
