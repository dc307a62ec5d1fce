/**
 * Issue 14 items 1-7: writes that survive a kill -9, a vendor that commits late or fails its lookups, and a
 * deliberate duplicate. The built server runs over stdio against a sandbox this test owns (so the vendor's
 * records outlive the server process), with a state directory shared across restarts. Every wait is on the
 * sandbox (a fault fired, a write applied), never a sleep racing the server.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { createJob } from "../sandbox/fsmnavigator-helpers.js";
import { call, connect, type Connected } from "./harness.js";

const exact = (s: string) => new RegExp(`^${s.replace(/[?.*+()[\]{}|^$\\]/g, "\\$&")}$`);
const JOBS = exact("/api/v1/jobs");
/** Every GET of the jobs list or of one job (the reconcile lookups). */
const JOB_READS = /^\/api\/v1\/jobs\?/;

let sandbox: FsmNavigatorSandbox;
let n = 0;
const open: Connected[] = [];

beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ port: 0, faults: true, rateLimit: false });
});
afterAll(async () => {
  for (const c of open) await c.close().catch(() => undefined);
  await sandbox?.close();
});

/**
 * A vendor timeout no kill test reaches: each holds a request and kills the server while it waits, and a 2 s
 * timeout firing first on a loaded machine (the answer read as lost, a held read retried) changed the outcome.
 * The reconcile cases set their own 1 s timeout.
 */
function serverEnv(stateDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: DEMO_KEYS[0]!.key, FSM_STATE_DIR: stateDir, FSM_TIMEOUT_MS: "60000", ...extra };
}

async function start(env: Record<string, string>): Promise<Connected & { pid: number }> {
  const c = await connect(env);
  open.push(c);
  const pid = (c.client.transport as StdioClientTransport).pid;
  if (!pid) throw new Error("no server pid");
  return { ...c, pid };
}

/** kill -9 the server and wait until it is gone (its stdio closes). */
async function kill9(server: Connected & { pid: number }): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    const t = server.client.transport!;
    const prev = t.onclose;
    t.onclose = () => {
      prev?.();
      resolve();
    };
  });
  process.kill(server.pid, "SIGKILL");
  await closed;
}

const jobsTitled = (title: string) => [...sandbox.store.jobs.values()].filter((j) => j.job_title === title);
const stateDir = () => mkdtempSync(join(tmpdir(), "fsm-crash-"));

function auditLines(dir: string): Array<Record<string, any>> {
  return readFileSync(join(dir, "audit.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
}

describe("item 1 + 7: kill -9 during a keyed create, restart, same key", { timeout: 90_000 }, () => {
  const dir = stateDir();
  const title = `Crash job ${++n}`;
  const args = { title, location_id: 87, allow_duplicate: true, idempotency_key: `crash-${Date.now()}-a` };

  it("the vendor applied the POST and the server died before answering: the repeat answers the record (reconciled), one job", async () => {
    const first = await start(serverEnv(dir));
    sandbox.faults.clear();
    // The vendor applies the POST, then holds its answer (as a slow network would): the kill lands in between.
    sandbox.faults.add({ kind: "delay_after_commit", delayMs: 120_000, method: "POST", path: JOBS });
    const pending = call(first.client, "create_job", args).catch((e: Error) => e);
    await sandbox.faults.waitFor((f) => f.method === "POST" && f.handledAt !== undefined);
    expect(jobsTitled(title)).toHaveLength(1);
    await kill9(first);
    expect(await pending).toBeInstanceOf(Error);

    const second = await start(serverEnv(dir));
    const t0 = performance.now();
    const r = await call(second.client, "create_job", args);
    const ms = performance.now() - t0;
    expect(r.isError, r.text).toBe(false);
    expect(r.data.outcome).toBe("reconciled");
    expect(r.data.job.id).toBe(jobsTitled(title)[0]!.job_id);
    expect(jobsTitled(title)).toHaveLength(1);
    // Measured before the fix: 100-110 s (the dead claim blocked until 120 s old). The figure belongs to the
    // bench; this bound only says "not waiting out an age", far from the decision.
    expect(ms).toBeLessThan(15_000);
    // A third call replays the recorded result without asking the vendor to create anything.
    const again = await call(second.client, "create_job", args);
    expect(again.data).toMatchObject({ outcome: "replayed", job: { id: r.data.job.id } });
    expect(jobsTitled(title)).toHaveLength(1);
  });

  it("item 7: the write the killed process made has its write-ahead audit line (intent before the request left)", () => {
    const lines = auditLines(dir);
    const intents = lines.filter((l) => l.tool === "create_job" && l.outcome === "intent" && l.args.title === title);
    // One intent from the killed process (no outcome line of its own), and the restart's lines after it.
    expect(intents.length).toBeGreaterThanOrEqual(1);
    const killed = intents[0]!;
    expect(killed).toMatchObject({ request: { method: "POST", path: "/jobs" }, write_id: expect.any(String) });
    expect(lines.filter((l) => l.write_id === killed.write_id).map((l) => l.outcome)).toEqual(["intent"]);
    expect(lines.some((l) => l.args?.title === title && l.outcome === "reconciled")).toBe(true);
  });

  it("killed before the vendor applied it (and it never does): the repeat is uncertain with the lookup, never a second send", async () => {
    const dir2 = stateDir();
    const title2 = `Crash job never landed ${++n}`;
    const args2 = { title: title2, location_id: 87, allow_duplicate: true, idempotency_key: `crash-${Date.now()}-b` };
    const first = await start(serverEnv(dir2));
    sandbox.faults.clear();
    // The vendor holds the request unread; the sandbox closing at the end drops it unapplied.
    sandbox.faults.add({ kind: "delay", delayMs: 600_000, method: "POST", path: JOBS });
    const pending = call(first.client, "create_job", args2).catch((e: Error) => e);
    await sandbox.faults.waitFor((f) => f.method === "POST");
    await kill9(first);
    await pending;

    const second = await start(serverEnv(dir2, { FSM_RECONCILE_WINDOW_MS: "1000" }));
    const postsBefore = sandbox.requests.filter((q) => q.method === "POST" && q.path === "/api/v1/jobs").length;
    const r = await call(second.client, "create_job", args2);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Error \(uncertain\): An earlier call with this idempotency_key sent "Create job/);
    expect(r.text).toMatch(/lookup: \{"tool":"list_jobs"/);
    expect(sandbox.requests.filter((q) => q.method === "POST" && q.path === "/api/v1/jobs").length).toBe(postsBefore);
    expect(jobsTitled(title2)).toHaveLength(0);
  });
});

describe("item 2: a claim left by a killed process", { timeout: 90_000 }, () => {
  it("is recognised at once: the next keyed call sends (its owner had sent nothing) and makes one job", async () => {
    const dir = stateDir();
    const title = `Leftover claim ${++n}`;
    const args = { title, location_id: 87, idempotency_key: `leftover-${Date.now()}` };
    const first = await start(serverEnv(dir));
    sandbox.faults.clear();
    // Hold the duplicate preflight (a read before the POST): the key is claimed, nothing sent yet.
    sandbox.faults.add({ kind: "delay", delayMs: 600_000, method: "GET", path: JOB_READS });
    const pending = call(first.client, "create_job", args).catch((e: Error) => e);
    await sandbox.faults.waitFor((f) => f.method === "GET");
    await kill9(first);
    await pending;
    sandbox.faults.clear();

    const second = await start(serverEnv(dir));
    const t0 = performance.now();
    const r = await call(second.client, "create_job", args);
    expect(r.isError, r.text).toBe(false);
    expect(r.data.outcome).toBe("created");
    expect(performance.now() - t0).toBeLessThan(15_000); // before the fix: "ledger is locked" after ~6 s, or a 120 s wait
    expect(r.text).not.toMatch(/\/tmp\/|\/root\//);
    expect(jobsTitled(title)).toHaveLength(1);
  });
});

describe("item 3: keyed creates under concurrency, one process", { timeout: 90_000 }, () => {
  it("20 concurrent keyed creates make 20 jobs; repeats replay them; 20 concurrent calls with one key make one", async () => {
    const dir = stateDir();
    const server = await start(serverEnv(dir));
    const base = `Concurrent ${++n}`;
    const argsOf = (i: number) => ({ title: `${base} #${i}`, location_id: 87, idempotency_key: `conc-${n}-${i}-${Date.now()}` });
    const all = Array.from({ length: 20 }, (_, i) => argsOf(i));
    const made = await Promise.all(all.map((a) => call(server.client, "create_job", a)));
    for (const [i, r] of made.entries()) {
      expect(r.data?.outcome, r.text).toBe("created");
      expect(jobsTitled(all[i]!.title).map((j) => j.job_id)).toEqual([r.data.job.id]);
    }
    const replays = await Promise.all(all.map((a) => call(server.client, "create_job", a)));
    replays.forEach((r, i) => expect(r.data).toMatchObject({ outcome: "replayed", job: { id: made[i]!.data.job.id } }));

    const one = { title: `${base} single`, location_id: 87, allow_duplicate: true, idempotency_key: `conc-one-${Date.now()}` };
    const same = await Promise.all(Array.from({ length: 20 }, () => call(server.client, "create_job", one)));
    expect(jobsTitled(one.title)).toHaveLength(1);
    const id = jobsTitled(one.title)[0]!.job_id;
    expect(same.map((r) => r.data?.job?.id)).toEqual(Array(20).fill(id));
    expect(same.filter((r) => r.data.outcome === "created")).toHaveLength(1);
    expect(same.filter((r) => r.data.outcome === "replayed")).toHaveLength(19);
  });
});

describe("items 4-6: reconcile that never guesses", { timeout: 90_000 }, () => {
  // Two servers, so no case waits out a window it does not need. Where the record is never there to find (its
  // lookups fail, or the POST was refused unread) or is there at the first lookup, the outcome is the same for
  // any window: a short one only saves the wait. The late commit needs a window that outlasts it: 60 s, far
  // beyond the moment the test lets the vendor commit (its first lookup), so a later lookup finds it.
  let server: Connected & { pid: number };
  let patient: Connected & { pid: number };
  beforeAll(async () => {
    [server, patient] = await Promise.all([
      start(serverEnv(stateDir(), { FSM_TIMEOUT_MS: "1000", FSM_RECONCILE_WINDOW_MS: "300" })),
      start(serverEnv(stateDir(), { FSM_TIMEOUT_MS: "1000", FSM_RECONCILE_WINDOW_MS: "60000" })),
    ]);
  });

  it("item 4: a vendor that applies the POST only after the client's 1 s timeout: one job, answered reconciled", async () => {
    const title = `Late commit ${++n}`;
    sandbox.faults.clear();
    // The vendor applies the POST once the client has given up on it, whatever the machine's pace: when the
    // client's first reconcile lookup arrives (a pass-through fault armed as the POST arrives, so the duplicate
    // preflight's read before it does not count). A fixed 2.5 s against the 1 s timeout let a starved client
    // read the answer in time and say "created".
    let commit!: () => void;
    sandbox.faults.add({
      kind: "commit_late",
      delayMs: 600_000,
      release: new Promise<void>((resolve) => (commit = resolve)),
      method: "POST",
      path: JOBS,
      then: [{ kind: "delay", delayMs: 0, method: "GET", path: JOB_READS }],
    });
    const answered = call(patient.client, "create_job", { title, location_id: 87 });
    await sandbox.faults.waitFor((f) => f.method === "GET");
    commit();
    const r = await answered;
    expect(r.isError, r.text).toBe(false);
    expect(r.data.outcome).toBe("reconciled");
    expect(jobsTitled(title)).toHaveLength(1);
    expect(r.data.job.id).toBe(jobsTitled(title)[0]!.job_id);
    expect(sandbox.faults.fired.filter((f) => f.method === "POST")).toHaveLength(1);
  });

  it("item 5: the POST is lost after commit and every lookup fails: uncertain, one job (never 'created' twice)", async () => {
    const title = `Failing lookup ${++n}`;
    sandbox.faults.clear();
    sandbox.faults.add({
      kind: "reset_after_commit",
      method: "POST",
      path: JOBS,
      then: [{ kind: "status", status: 503, method: "GET", path: JOB_READS, times: Infinity }],
    });
    const r = await call(server.client, "create_job", { title, location_id: 87 });
    sandbox.faults.clear();
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Error \(uncertain\): .*the lookup to check it failed too/);
    expect(jobsTitled(title)).toHaveLength(1);
  });

  it("item 5: a status PATCH lost after commit with failing lookups is uncertain, never invalid_status_transition; read back later it stands", async () => {
    const jobId = await createJob(sandbox, { job_title: `Status lookup ${++n}` });
    sandbox.faults.clear();
    sandbox.faults.add({
      kind: "reset_after_commit",
      method: "PATCH",
      path: exact(`/api/v1/jobs?id=${jobId}`),
      then: [{ kind: "status", status: 503, method: "GET", path: exact(`/api/v1/jobs?id=${jobId}`), times: Infinity }],
    });
    const r = await call(server.client, "update_job_status", { job_id: jobId, status: "Assigned", expected_status: "Pending" });
    sandbox.faults.clear();
    expect(r.text).not.toMatch(/invalid_status_transition/);
    expect(r.text).toMatch(/^Error \(uncertain\)/);
    expect(sandbox.requests.filter((q) => q.method === "PATCH" && q.query.id === String(jobId))).toHaveLength(1);
    expect(sandbox.store.jobs.get(jobId)!.job_status).toBe("Assigned");
  });

  it("a status move found at its target after a lost answer is success (reconciled)", async () => {
    const jobId = await createJob(sandbox, { job_title: `Status reconciled ${++n}` });
    sandbox.faults.clear();
    sandbox.faults.add({ kind: "reset_after_commit", method: "PATCH", path: exact(`/api/v1/jobs?id=${jobId}`) });
    const r = await call(server.client, "update_job_status", { job_id: jobId, status: "Assigned" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "reconciled", job: { id: jobId, status: "Assigned" } });
    expect(sandbox.requests.filter((q) => q.method === "PATCH" && q.query.id === String(jobId))).toHaveLength(1);
  });

  it("item 6: a deliberate duplicate whose POST fails is never answered with the older job", async () => {
    const title = `Deliberate duplicate ${++n}`;
    const older = await createJob(sandbox, { job_title: title, customer_location_id: 87 });
    sandbox.faults.clear();
    sandbox.faults.add({ kind: "status", status: 500, method: "POST", path: JOBS });
    const r = await call(server.client, "create_job", { title, location_id: 87, allow_duplicate: true });
    expect(r.text).not.toContain(`id: ${older}\n`);
    expect(r.data?.outcome).not.toBe("reconciled");
    expect(r.text).toMatch(/^Error \(uncertain\)/);
    expect(jobsTitled(title).map((j) => j.job_id)).toEqual([older]);

    // The same, with the POST applied before the 500: the answer names the new job, not the older one.
    sandbox.faults.clear();
    sandbox.faults.add({ kind: "fail_after_commit", status: 500, method: "POST", path: JOBS });
    const r2 = await call(server.client, "create_job", { title, location_id: 87, allow_duplicate: true });
    expect(r2.isError, r2.text).toBe(false);
    expect(r2.data.outcome).toBe("reconciled");
    const ids = jobsTitled(title).map((j) => j.job_id);
    expect(ids).toHaveLength(2);
    expect(r2.data.job.id).toBe(ids.find((id) => id !== older));
  });
});
