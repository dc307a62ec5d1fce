/**
 * Team mode with the real components: three replicas (the built server over Streamable HTTP, static bearer
 * token) against one FSM Navigator sandbox (5 requests per second per key) and one real redis-server.
 * No assertion depends on timing: each step waits on an observable state (the sandbox's store and request
 * log, Redis answering), never on a sleep.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startJobnimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { jobnimbusKey } from "./jobnimbus-harness.js";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { runCli, startReplica, type Replica } from "./team-harness.js";

let redis: TestRedis;
let sandbox: FsmNavigatorSandbox;
let replicas: Replica[] = [];
let env: Record<string, string>;
let locationId: number;

beforeAll(async () => {
  redis = await startRedis();
  sandbox = await startFsmNavigatorSandbox({ rateLimit: { limit: 5, windowMs: 1000 }, faults: true });
  env = {
    FSM_VENDOR: "fsmnavigator",
    FSM_BASE_URL: sandbox.url,
    FSM_API_KEY: DEMO_KEYS[0]!.key,
    FSM_REDIS_URL: redis.url,
    // Live replicas hold their claims a minute between refreshes: a loaded machine stalling one for a second
    // or two must not let another take its key over (a 2 s lease refreshed every 0.7 s could lapse). Only the
    // replica the kill test kills claims with a short lease, so its dead claim lapses soon.
    FSM_REDIS_CLAIM_LEASE_SECONDS: "60",
  };
  replicas = await Promise.all([0, 1, 2].map(() => startReplica(env)));
  locationId = [...sandbox.store.locations.keys()][0]!;
}, 60_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await sandbox?.close();
  await redis?.close();
});

const jobsTitled = (title: string) => [...sandbox.store.jobs.values()].filter((j) => j.job_title === title);
const uniq = (s: string) => `${s} ${Math.random().toString(36).slice(2, 8)}`;

describe("team mode on Redis: replicas act as one server", () => {
  it("the same idempotency key through two replicas at the same instant makes one job; both answers name it", async () => {
    const title = uniq("Boiler service");
    const args = { title, location_id: locationId, allow_duplicate: true, idempotency_key: uniq("same-instant-key") };
    const [a, b] = await Promise.all([replicas[0]!.call("create_job", args), replicas[1]!.call("create_job", args)]);
    expect(a.isError, a.text).toBe(false);
    expect(b.isError, b.text).toBe(false);
    expect(jobsTitled(title)).toHaveLength(1);
    expect(a.data.job.id).toBe(jobsTitled(title)[0]!.job_id);
    expect(b.data.job.id).toBe(a.data.job.id);
    expect([a.data.outcome, b.data.outcome].sort()).toEqual(["created", "replayed"]);
    expect(sandbox.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/jobs" && r.status < 300)).toHaveLength(1);
  });

  it("audit lines from two replicas land in one stream: fsm://audit/recent shows them, `fsm-mcp audit export` writes them", async () => {
    const recent = await replicas[2]!.client.readResource({ uri: "fsm://audit/recent" });
    const lines = JSON.parse((recent.contents[0] as { text: string }).text) as Array<{ tool: string; outcome: string; replica: string }>;
    const creates = lines.filter((l) => l.tool === "create_job");
    expect(creates.map((l) => l.outcome).sort()).toEqual(expect.arrayContaining(["created", "replayed"]));
    expect(new Set(creates.map((l) => l.replica)).size).toBeGreaterThanOrEqual(2);

    const exported = await runCli(["audit", "export"], { FSM_REDIS_URL: redis.url, FSM_STATE_DIR: "/nonexistent-state-dir" });
    expect(exported.code, exported.stderr).toBe(0);
    const rows = exported.stdout.trim().split("\n").map((l) => JSON.parse(l) as { tool: string; outcome: string; replica: string; time: string });
    expect(rows.filter((r) => r.tool === "create_job").length).toBeGreaterThanOrEqual(2);
    expect(rows.map((r) => r.time)).toEqual([...rows.map((r) => r.time)].sort());
    expect(exported.stderr).toContain("audit lines from the Redis stream");
  });

  it("60 calls spread over 3 replicas under the vendor's 5 requests/s: all succeed, at most 3 answers of 429 in all", async () => {
    const jobIds = [...sandbox.store.jobs.keys()].slice(0, 20);
    const before = sandbox.requests.length;
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => replicas[i % 3]!.call("get_job", { job_id: jobIds[i % jobIds.length] })));
    expect(results.filter((r) => r.isError).map((r) => r.text)).toEqual([]);
    const seen = sandbox.requests.slice(before);
    expect(seen.length).toBeGreaterThanOrEqual(60);
    // The shared budget on Redis admits at most the vendor's limit per window across the replicas, whatever
    // the delivery delay, so none of these should meet a 429. The allowance is for a replica that gets no
    // answer from Redis at all and paces on its own meanwhile (by design); its warning then explains the 429s.
    const paceAlone = replicas.flatMap((r) => r.stderr().split("\n").filter((l) => l.includes("shared vendor rate budget unavailable")));
    expect(seen.filter((r) => r.status === 429).length, paceAlone.join("\n")).toBeLessThanOrEqual(3);
  }, 120_000);

  it("kill -9 of a replica while the vendor holds its create: the call repeated on another replica returns the same record, no duplicate", async () => {
    const victim = await startReplica({ ...env, FSM_REDIS_CLAIM_LEASE_SECONDS: "2" });
    const requestsBefore = sandbox.requests.length;
    const title = uniq("Leak under sink");
    const args = { title, location_id: locationId, idempotency_key: uniq("crash-key") };
    // The sandbox commits the job, then holds the answer: the victim's request has reached the vendor.
    sandbox.faults.add({ method: "POST", path: "/api/v1/jobs", kind: "delay_after_commit", delayMs: 600_000 });
    void victim.call("create_job", args).catch(() => undefined); // never answers: the process dies first
    await vi.waitFor(() => expect(jobsTitled(title)).toHaveLength(1), { timeout: 30_000, interval: 20 });
    await victim.kill();
    void victim.client.close().catch(() => undefined);
    const again = await replicas[1]!.call("create_job", args);
    expect(again.isError, again.text).toBe(false);
    expect(again.data.job.id).toBe(jobsTitled(title)[0]!.job_id);
    expect(again.data.outcome).not.toBe("created");
    expect(jobsTitled(title)).toHaveLength(1);
    // The dead replica's claim lapsed and was taken over as orphaned: looked up before anything was sent.
    expect(replicas[1]!.stderr()).toMatch(/idempotency key "crash-key[^"]*" \(create_job\) was held by a replica that stopped/);
    // The log records a request when it is answered: the victim's POST is still held, and the repeat sent none.
    expect(sandbox.requests.slice(requestsBefore).filter((r) => r.method === "POST" && r.path === "/api/v1/jobs")).toHaveLength(0);
  }, 60_000);

  it("Redis stopped: reads work, keyed writes are refused clearly and send nothing; Redis back: writes resume by themselves", async () => {
    const title = uniq("Outage job");
    const args = { title, location_id: locationId, allow_duplicate: true, idempotency_key: uniq("outage-key") };
    const jobId = [...sandbox.store.jobs.keys()][0]!;
    await redis.stop();
    try {
      const read = await replicas[0]!.call("get_job", { job_id: jobId });
      expect(read.isError, read.text).toBe(false);
      const postsBefore = sandbox.requests.filter((r) => r.method === "POST").length;
      const refused = await replicas[1]!.call("create_job", args);
      expect(refused.isError).toBe(true);
      expect(refused.text).toContain("shared_state_unavailable");
      expect(refused.text).toContain("this write was not sent");
      expect(refused.text).toContain("FSM_REDIS_URL");
      expect(sandbox.requests.filter((r) => r.method === "POST").length).toBe(postsBefore);
      expect(jobsTitled(title)).toHaveLength(0);
    } finally {
      await redis.start();
    }
    // No restart of the replicas: they reconnect by themselves. Retried until Redis answers them again;
    // a refused attempt sends nothing, so the retries cannot duplicate the job.
    let created: Awaited<ReturnType<Replica["call"]>> | undefined;
    await vi.waitFor(
      async () => {
        created = await replicas[1]!.call("create_job", args);
        expect(created.isError, created.text).toBe(false);
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(created!.data.outcome).toBe("created");
    expect(jobsTitled(title)).toHaveLength(1);
    // Each replica reconnects on its own backoff: replica 1 answering says nothing about replica 2, which may
    // still refuse (shared_state_unavailable, nothing sent) for a moment. Repeat until it is back; only a
    // refusal may be retried, any answer must be the replay.
    let replay: Awaited<ReturnType<Replica["call"]>> | undefined;
    await vi.waitFor(
      async () => {
        replay = await replicas[2]!.call("create_job", args);
        if (replay.isError) expect(replay.text).toContain("shared_state_unavailable");
        expect(replay.isError, replay.text).toBe(false);
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(replay!.data).toMatchObject({ outcome: "replayed", job: { id: created!.data.job.id } });
    expect(jobsTitled(title)).toHaveLength(1);
  }, 60_000);
});

describe("team mode on Redis: JobNimbus workflow changes", () => {
  it("a status one replica learns from a job read reaches another replica's tools/list, with its tools/list_changed", async () => {
    const jn = await startJobnimbusSandbox({ rateLimit: false });
    // Sessions (FSM_HTTP_STATELESS=0, sticky routing): a stateless request has no session to notify, so
    // tools/list_changed needs one; the shared settings reach a stateless replica's next tools/list the same way.
    const jnEnv = { FSM_VENDOR: "jobnimbus", FSM_BASE_URL: jn.url, FSM_API_KEY: jobnimbusKey("summit"), FSM_REDIS_URL: redis.url, FSM_HTTP_STATELESS: "0" };
    const [seer, other] = await Promise.all([startReplica(jnEnv), startReplica(jnEnv)]);
    try {
      let otherChanges = 0;
      other.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        otherChanges++;
      });
      const statusEnum = async (r: Replica) => {
        const tool = (await r.client.listTools()).tools.find((t) => t.name === "update_job_status");
        // JobNimbus statuses are the account's own: published as the schema's examples (a checked string), so a
        // status added since the last settings read still reaches the tool.
        return (tool?.inputSchema.properties?.status as { examples?: string[] } | undefined)?.examples ?? [];
      };
      expect(await statusEnum(other)).not.toContain("Gutter Check");

      // An admin adds a status in the web app and moves a job into it; one replica reads that job.
      const store = jn.storeFor(jobnimbusKey("summit"));
      store.addStatus("Residential Roofing", "Gutter Check");
      const carrier = [...store.jobs.values()].find((j) => j.is_active && j.record_type_name === "Residential Roofing")!;
      carrier.status_name = "Gutter Check";
      const read = await seer.call("get_job", { job_id: carrier.jnid });
      expect(read.isError, read.text).toBe(false);
      expect(await statusEnum(seer)).toContain("Gutter Check");

      // The other replica read nothing itself: the change reached it through Redis.
      await vi.waitFor(() => expect(otherChanges).toBeGreaterThanOrEqual(1), { timeout: 20_000, interval: 20 });
      expect(await statusEnum(other)).toContain("Gutter Check");
      expect(other.stderr()).toContain("workflows changed");
    } finally {
      await Promise.all([seer.close(), other.close()]);
      await jn.close();
    }
  }, 60_000);
});

describe("fsm-mcp audit export without Redis", () => {
  it("writes the file log of FSM_STATE_DIR as JSON lines (a torn last line left out); a wrong subcommand is a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fsm-export-"));
    const lines = [{ time: "2026-01-01T00:00:00.000Z", tool: "create_job", outcome: "created" }, { time: "2026-01-01T00:00:01.000Z", tool: "add_job_note", outcome: "refused" }];
    writeFileSync(join(dir, "audit.jsonl"), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n{"time":"2026-01-01T00:00:02`);
    const exported = await runCli(["audit", "export"], { FSM_STATE_DIR: dir });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split("\n").map((l) => JSON.parse(l))).toEqual(lines);
    expect(exported.stderr).toContain("exported 2 audit lines from the file log");

    const empty = await runCli(["audit", "export"], { FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-export-empty-")) });
    expect(empty).toMatchObject({ code: 0, stdout: "" });
    const wrong = await runCli(["audit", "purge"], { FSM_STATE_DIR: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("Usage: fsm-mcp audit export");
  });

  it("with FSM_REDIS_URL pointing where no Redis answers: exit 1 with the fix, and no password shown", async () => {
    const down = await runCli(["audit", "export"], { FSM_REDIS_URL: "redis://:pw-never-shown-123@127.0.0.1:9" });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("cannot reach Redis at redis://:***@127.0.0.1:9");
    expect(down.stderr).not.toContain("pw-never-shown-123");
  });
});
