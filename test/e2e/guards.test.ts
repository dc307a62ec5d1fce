/**
 * The safe-write guards of issue 4 (items 2–7), end to end: the built server over stdio against a sandbox
 * this process owns, with the sandbox's request log and store as the judge of what really reached the
 * vendor. Duplicate preflight, idempotency keys (across restarts and servers sharing a state dir),
 * compare-and-set, dry run for every write tool, confirmation (elicitation and preview), audit log.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { createAsset, createJob } from "../sandbox/fsmnavigator-helpers.js";
import { call, connect, type Connected, E2E_TIMEOUT_MS } from "./harness.js";

const KEY = DEMO_KEYS[0]!.key;
let sandbox: FsmNavigatorSandbox;
let stateDir: string;
let main: Connected;
let n = 0;

/** A server pointed at the test's sandbox as a live account; `dir` is its FSM_STATE_DIR. */
function server(dir: string, capabilities = {}): Promise<Connected> {
  return connect({ FSM_VENDOR: "fsmnavigator", FSM_BASE_URL: sandbox.url, FSM_API_KEY: KEY, FSM_TIMEOUT_MS: E2E_TIMEOUT_MS, FSM_STATE_DIR: dir }, capabilities);
}

const writes = () => sandbox.requests.filter((r) => r.method !== "GET").length;
const uniq = (s: string) => `${s} ${++n}-${process.pid}`;

beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ port: 0, faults: true, rateLimit: false });
  stateDir = mkdtempSync(join(tmpdir(), "fsm-guards-"));
  main = await server(stateDir);
});
afterAll(async () => {
  await main?.close();
  await sandbox?.close();
});

describe("duplicate preflight", () => {
  const acme = () => sandbox.store.customers.get(201)!;

  it.each([
    ["email", () => ({ name: uniq("Someone Else"), email: acme().customer_email! }), "same email"],
    ["phone", () => ({ name: uniq("Someone Else"), phone: acme().customer_phone! }), "same phone"],
    ["name", () => ({ name: "  ACME corporation " }), "same name"],
  ])("create_customer finds the existing customer by %s and POSTs nothing", async (_by, args, why) => {
    const before = { writes: writes(), customers: sandbox.store.counts().customers };
    const r = await call(main.client, "create_customer", args());
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "existing", customer: { id: 201, name: "Acme Corporation" } });
    expect(r.data.notes.join(" ")).toContain(why);
    expect(r.data.notes.join(" ")).toContain("allow_duplicate");
    expect(writes()).toBe(before.writes);
    expect(sandbox.store.counts().customers).toBe(before.customers);
  });

  it("create_customer with allow_duplicate: true creates a second one", async () => {
    const before = sandbox.store.counts().customers;
    const r = await call(main.client, "create_customer", { name: "Acme Corporation", allow_duplicate: true });
    expect(r.data.outcome).toBe("created");
    expect(r.data.customer.id).not.toBe(201);
    expect(sandbox.store.counts().customers).toBe(before + 1);
  });

  it("create_job returns an open job with the same title at the same location, and POSTs nothing", async () => {
    const title = uniq("Leaking valve");
    const first = await call(main.client, "create_job", { title, location_id: 87 });
    expect(first.data.outcome).toBe("created");
    const before = { writes: writes(), jobs: sandbox.store.counts().jobs };
    // A differently spaced and cased title is the same job.
    const again = await call(main.client, "create_job", { title: `  ${title.toUpperCase()} `, location_id: 87, priority: "Urgent" });
    expect(again.data).toMatchObject({ outcome: "existing", job: { id: first.data.job.id, status: "Pending" } });
    expect(writes()).toBe(before.writes);
    expect(sandbox.store.counts().jobs).toBe(before.jobs);
    // The same title at another location is another job.
    const elsewhere = await call(main.client, "create_job", { title, location_id: 109 });
    expect(elsewhere.data.outcome).toBe("created");
    const forced = await call(main.client, "create_job", { title, location_id: 87, allow_duplicate: true });
    expect(forced.data.outcome).toBe("created");
    expect(forced.data.job.id).not.toBe(first.data.job.id);
    expect([...sandbox.store.jobs.values()].filter((j) => j.job_title === title && j.customer_location_id === 87)).toHaveLength(2);
  });

  it("create_job does not count a closed or cancelled job as the same one", async () => {
    const title = uniq("Closed out");
    const first = await call(main.client, "create_job", { title, location_id: 87 });
    await call(main.client, "update_job_status", { job_id: first.data.job.id, status: "Cancelled", confirm: true });
    const again = await call(main.client, "create_job", { title, location_id: 87 });
    expect(again.data.outcome).toBe("created");
  });
});

describe("idempotency keys", () => {
  it("same key + same arguments replays without a vendor POST; different arguments are refused", async () => {
    const key = `idem-${Date.now()}-a`;
    const args = { title: uniq("Idempotent job"), location_id: 87, idempotency_key: key };
    const first = await call(main.client, "create_job", args);
    expect(first.data.outcome).toBe("created");
    const posts = writes();
    const replay = await call(main.client, "create_job", args);
    expect(replay.isError, replay.text).toBe(false);
    expect(replay.data).toMatchObject({ outcome: "replayed", job: { id: first.data.job.id, title: args.title } });
    expect(writes()).toBe(posts);

    const conflict = await call(main.client, "create_job", { ...args, title: uniq("Another job") });
    expect(conflict.isError).toBe(true);
    expect(conflict.text).toContain("idempotency_conflict");
    expect(conflict.text).toContain(`previous_id: ${first.data.job.id}`);
    expect(writes()).toBe(posts);
    // allow_duplicate does not change what the key stands for either.
    const conflict2 = await call(main.client, "create_job", { ...args, allow_duplicate: true });
    expect(conflict2.text).toContain("idempotency_conflict");
    expect(writes()).toBe(posts);
  });

  it("works for every create tool", async () => {
    const assetId = await createAsset(sandbox, { location_id: 87 });
    const meter = [...sandbox.store.meters.values()].find((m) => sandbox.store.readingsOf(m.meter_id).length > 0)!;
    const top = sandbox.store.readingsOf(meter.meter_id).at(-1)!.reading_value;
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["create_customer", { name: uniq("Idem Customer"), email: `idem${n}@example.com` }, "customer"],
      ["create_location", { customer_id: 203, name: uniq("Idem Site"), street: "9 Idem Road", city: "Peoria", state: "IL", zip: "61602" }, "location"],
      ["create_asset", { name: uniq("Idem Unit"), type_id: 5, serial_number: `IDEM-${n}-${Date.now()}` }, "asset"],
      ["log_asset_service", { asset_id: assetId, service_type: "inspection", description: uniq("Idem visit"), service_date: "2026-04-01" }, "service_record"],
      ["record_meter_reading", { asset_id: meter.asset_id, meter_id: meter.meter_id, value: top + 1000, reading_date: "2027-02-01" }, "reading"],
      ["transfer_asset", { asset_id: assetId, to_location_id: 109 }, "transfer"],
    ];
    for (const [tool, args, key] of cases) {
      const withKey = { ...args, idempotency_key: `idem-${tool}-${Date.now()}` };
      const first = await call(main.client, tool, withKey);
      expect(first.isError, `${tool}: ${first.text}`).toBe(false);
      expect(first.data.outcome, tool).toBe("created");
      const posts = writes();
      const replay = await call(main.client, tool, withKey);
      expect(replay.isError, `${tool}: ${replay.text}`).toBe(false);
      expect(replay.data.outcome, tool).toBe("replayed");
      if (first.data[key].id !== undefined) expect(replay.data[key]?.id, tool).toBe(first.data[key].id);
      expect(writes(), tool).toBe(posts);
    }
  });

  it("a replay is not refused by what happened since (the asset moved, a higher reading was recorded)", async () => {
    const meter = [...sandbox.store.meters.values()].filter((m) => sandbox.store.readingsOf(m.meter_id).length > 0).at(-1)!;
    const top = sandbox.store.readingsOf(meter.meter_id).at(-1)!.reading_value;
    const args = { asset_id: meter.asset_id, meter_id: meter.meter_id, value: top + 10, reading_date: "2027-05-01", idempotency_key: `later-${Date.now()}` };
    const first = await call(main.client, "record_meter_reading", args);
    expect(first.data.outcome).toBe("created");
    const higher = await call(main.client, "record_meter_reading", { ...args, value: top + 20, idempotency_key: undefined });
    expect(higher.data.outcome).toBe("created");
    const posts = writes();
    const replay = await call(main.client, "record_meter_reading", args);
    expect(replay.isError, replay.text).toBe(false);
    expect(replay.data).toMatchObject({ outcome: "replayed", reading: { id: first.data.reading.id, value: top + 10 } });
    expect(writes()).toBe(posts);
  });

  describe("two servers sharing a state dir, and a restart", () => {
    let dir: string;
    let a: Connected;
    let b: Connected;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "fsm-shared-"));
      [a, b] = await Promise.all([server(dir), server(dir)]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
    });

    it("one replays what the other created; keys written at the same time are all kept", async () => {
      // Distinct keys at the same time: both land in the ledger (no lost update).
      const keys = [`shared-${Date.now()}-1`, `shared-${Date.now()}-2`];
      const titles = [uniq("Shared job"), uniq("Shared job")];
      const made = await Promise.all([
        call(a.client, "create_job", { title: titles[0], location_id: 87, idempotency_key: keys[0] }),
        call(b.client, "create_job", { title: titles[1], location_id: 87, idempotency_key: keys[1] }),
      ]);
      for (const r of made) expect(r.data.outcome).toBe("created");
      const posts = writes();
      const crossed = await Promise.all([
        call(b.client, "create_job", { title: titles[0], location_id: 87, idempotency_key: keys[0] }),
        call(a.client, "create_job", { title: titles[1], location_id: 87, idempotency_key: keys[1] }),
      ]);
      expect(crossed.map((r) => r.data.outcome)).toEqual(["replayed", "replayed"]);
      expect(crossed.map((r) => r.data.job.id)).toEqual(made.map((r) => r.data.job.id));
      expect(writes()).toBe(posts);
    });

    it("the same key sent twice at once (one server, and two servers) creates one record", async () => {
      for (const [x, y] of [
        [a, a],
        [a, b],
      ] as const) {
        const title = uniq("Raced job");
        // allow_duplicate so that only the key (not the duplicate preflight) can stop the second create.
        const args = { title, location_id: 87, allow_duplicate: true, idempotency_key: `race-${n}-${Date.now()}` };
        const results = await Promise.all([call(x.client, "create_job", args), call(y.client, "create_job", args)]);
        expect([...sandbox.store.jobs.values()].filter((j) => j.job_title === title)).toHaveLength(1);
        expect(results.map((r) => r.data?.outcome).sort()).toEqual(["created", "replayed"]);
        expect(new Set(results.map((r) => r.data.job.id)).size).toBe(1);
      }
    });

    it("the ledger (a 0600 journal under FSM_STATE_DIR) survives a restart", async () => {
      const args = { name: uniq("Restart Customer"), idempotency_key: `restart-${Date.now()}` };
      const first = await call(a.client, "create_customer", args);
      expect(first.data.outcome).toBe("created");
      expect(statSync(join(dir, "idempotency.jsonl")).mode & 0o777).toBe(0o600);
      await a.close();
      a = await server(dir);
      const posts = writes();
      const replay = await call(a.client, "create_customer", args);
      expect(replay.data).toMatchObject({ outcome: "replayed", customer: { id: first.data.customer.id } });
      expect(writes()).toBe(posts);
    });
  });
});

describe("compare-and-set", () => {
  it("update_job_status with a stale expected_status is refused, shows the job as it is, sends nothing", async () => {
    const jobId = await createJob(sandbox);
    const before = writes();
    const r = await call(main.client, "update_job_status", { job_id: jobId, status: "Cancelled", expected_status: "Assigned", confirm: true });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("Error (stale_record)");
    expect(r.text).toContain("status is Pending, not Assigned");
    expect(r.text).toMatch(/^status: Pending$/m);
    expect(r.text).toMatch(/^allowed_next_statuses: Assigned, Cancelled$/m);
    expect(writes()).toBe(before);
    expect(sandbox.store.jobs.get(jobId)!.job_status).toBe("Pending");
    const ok = await call(main.client, "update_job_status", { job_id: jobId, status: "Assigned", expected_status: "Pending" });
    expect(ok.data).toMatchObject({ outcome: "updated", previous_status: "Pending", job: { status: "Assigned" } });
  });

  it("update_asset_status with a stale expected_status is refused and sends nothing", async () => {
    const assetId = await createAsset(sandbox);
    const before = writes();
    const r = await call(main.client, "update_asset_status", { asset_id: assetId, status: "Idle", expected_status: "In Maintenance" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("status is Active, not In Maintenance");
    expect(r.text).toMatch(/^status: Active$/m);
    expect(writes()).toBe(before);
  });

  it("update_job with a stale expected_updated_at is refused with the current record; the fresh one goes through", async () => {
    const jobId = await createJob(sandbox);
    const read = await call(main.client, "get_job", { job_id: jobId, response_format: "detailed" });
    const seenAt = read.data.job.updated_at;
    // Someone else changes the job after we read it.
    const other = await call(main.client, "update_job", { job_id: jobId, priority: "Low" });
    expect(other.data.outcome).toBe("updated");
    const now = sandbox.store.jobs.get(jobId)!.updated_at;
    expect(now).not.toBe(seenAt);

    const before = writes();
    const r = await call(main.client, "update_job", { job_id: jobId, priority: "Urgent", expected_updated_at: seenAt });
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`updated_at is ${now}, not ${seenAt}`);
    expect(r.text).toMatch(/^priority: Low$/m);
    expect(writes()).toBe(before);
    expect(sandbox.store.jobs.get(jobId)!.job_priority).toBe("Low");

    const stale = await call(main.client, "update_job", { job_id: jobId, priority: "Urgent", expected_status: "Assigned" });
    expect(stale.text).toContain("status is Pending, not Assigned");
    expect(writes()).toBe(before);

    const fresh = await call(main.client, "update_job", { job_id: jobId, priority: "Urgent", expected_updated_at: now, expected_status: "Pending" });
    expect(fresh.data).toMatchObject({ outcome: "updated", job: { priority: "Urgent" } });
  });
});

describe("dry run", () => {
  it("every write tool returns the exact request and sends nothing", async () => {
    const jobId = await createJob(sandbox);
    const assetId = await createAsset(sandbox, { location_id: 87 });
    const meter = [...sandbox.store.meters.values()].find((m) => sandbox.store.readingsOf(m.meter_id).length > 0)!;
    const top = sandbox.store.readingsOf(meter.meter_id).at(-1)!.reading_value;
    const cases: Array<[string, Record<string, unknown>, { method: string; path: string; body: unknown }, string?]> = [
      ["create_customer", { name: "Dry Co", email: "dry@example.com", phone: "+15550009999" }, { method: "POST", path: "/customers", body: { customer_name: "Dry Co", contact_email: "dry@example.com", contact_phone: "+15550009999" } }, ""],
      [
        "create_location",
        { customer_id: 201, name: "Dry Site", street: "1 Dry St", city: "Springfield", state: "IL", zip: "62701" },
        { method: "POST", path: "/customers?id=201&locations=1", body: { location_name: "Dry Site", street: "1 Dry St", city: "Springfield", state: "IL", zip: "62701" } },
        "customer 201 exists",
      ],
      [
        "create_job",
        { title: "Dry job", location_id: 87, asset_ids: [2], relationship_type: "inspected" },
        { method: "POST", path: "/jobs", body: { job_title: "Dry job", job_priority: "Medium", customer_location_id: 87, asset_ids: [2], asset_relationship_type: "inspected" } },
        "location 87 and asset 2 exist",
      ],
      ["update_job", { job_id: jobId, priority: "High", technician_id: 45 }, { method: "PUT", path: `/jobs?id=${jobId}`, body: { job_priority: "High", assigned_technician_id: 45 } }, `job ${jobId} and technician 45 exist`],
      ["update_job_status", { job_id: jobId, status: "Assigned" }, { method: "PATCH", path: `/jobs?id=${jobId}`, body: { job_status: "Assigned" } }, `job ${jobId} exists`],
      // Dry run comes before confirmation: an irreversible move previews without asking anyone.
      ["update_job_status", { job_id: jobId, status: "Cancelled" }, { method: "PATCH", path: `/jobs?id=${jobId}`, body: { job_status: "Cancelled" } }, `job ${jobId} exists`],
      ["create_asset", { name: "Dry unit", type_id: 5, serial_number: "DRY-1" }, { method: "POST", path: "/assets", body: { asset_name: "Dry unit", asset_type_id: 5, serial_number: "DRY-1" } }, "asset type 5 exists"],
      ["update_asset_status", { asset_id: assetId, status: "Idle" }, { method: "PATCH", path: `/assets?id=${assetId}`, body: { status: "Idle" } }, `asset ${assetId} exists`],
      [
        "log_asset_service",
        { asset_id: assetId, service_type: "repair", description: "Dry visit", service_date: "2026-03-01", labor_hours: 2 },
        { method: "POST", path: `/assets?id=${assetId}&sub=service`, body: { service_type: "repair", description: "Dry visit", service_date: "2026-03-01", labor_hours: 2 } },
        `asset ${assetId} exists`,
      ],
      [
        "record_meter_reading",
        { asset_id: meter.asset_id, meter_id: meter.meter_id, value: top + 1, reading_date: "2027-03-01" },
        { method: "POST", path: `/assets?id=${meter.asset_id}&sub=meter_reading`, body: { meter_id: meter.meter_id, reading_value: top + 1, reading_date: "2027-03-01" } },
        `asset ${meter.asset_id} exists`,
      ],
      ["update_customer", { customer_id: 201, phone: "+15550001111" }, { method: "PUT", path: "/customers?id=201", body: { customer_phone: "+15550001111" } }, "customer 201 exists"],
      [
        "update_location",
        { customer_id: 201, location_id: 87, notes: "Dry gate code" },
        { method: "PUT", path: "/customers?id=201&locations=1&location_id=87", body: { notes: "Dry gate code" } },
        "location 87 exists",
      ],
      ["update_asset", { asset_id: assetId, model: "DRY-2", assigned_to: 45 }, { method: "PUT", path: `/assets?id=${assetId}`, body: { model: "DRY-2", assigned_to: 45 } }, `asset ${assetId} and technician 45 exist`],
      ["transfer_asset", { asset_id: assetId, to_location_id: 109, reason: "dry" }, { method: "POST", path: `/assets?id=${assetId}&sub=transfer`, body: { to_location_id: 109, transfer_reason: "dry" } }, `asset ${assetId} and location 109 exist`],
    ];
    const before = { writes: writes(), counts: sandbox.store.counts() };
    const tools = new Set<string>();
    for (const [tool, args, request, checked] of cases) {
      const r = await call(main.client, tool, { ...args, dry_run: true });
      expect(r.isError, `${tool}: ${r.text}`).toBe(false);
      expect(r.data.outcome, tool).toBe("dry_run");
      expect(r.data.request, tool).toEqual(request);
      // The note names exactly what was checked (the records the write names, read from the vendor).
      expect(r.data.notes[0], tool).toMatch(new RegExp(`\\. Arguments valid${checked ? `, ${checked}` : ""}; nothing was sent\\.$`));
      tools.add(tool);
    }
    expect(writes()).toBe(before.writes);
    expect(sandbox.store.counts()).toEqual(before.counts);
    expect(sandbox.store.jobs.get(jobId)!.job_status).toBe("Pending");
    // Every write tool the server lists was covered.
    const listed = (await main.client.listTools()).tools.filter((t) => t.annotations?.readOnlyHint === false).map((t) => t.name);
    expect([...tools].sort()).toEqual(listed.sort());
  });
});

describe("confirmation of irreversible changes", () => {
  it("with elicitation: accept sends, decline and cancel send nothing; reversible moves never ask", async () => {
    const conn = await server(mkdtempSync(join(tmpdir(), "fsm-elicit-")), { elicitation: {} });
    const answers: ElicitResult[] = [];
    const asked: string[] = [];
    conn.client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push(req.params.message);
      return answers.shift() ?? { action: "cancel" };
    });
    try {
      const patches = () => sandbox.requests.filter((r) => r.method === "PATCH").length;
      const cases: Array<[ElicitResult, boolean]> = [
        [{ action: "decline" }, false],
        [{ action: "cancel" }, false],
        [{ action: "accept", content: { confirm: false } }, false],
        [{ action: "accept", content: { confirm: true } }, true],
      ];
      for (const [answer, sent] of cases) {
        const jobId = await createJob(sandbox, { job_title: uniq("Elicit job") });
        answers.push(answer);
        const before = patches();
        const r = await call(conn.client, "update_job_status", { job_id: jobId, status: "Cancelled" });
        expect(asked.at(-1)).toContain(`Move job ${jobId}`);
        expect(asked.at(-1)).toContain("from Pending to Cancelled");
        expect(asked.at(-1)).toContain("cannot be undone");
        if (sent) {
          expect(r.data).toMatchObject({ outcome: "updated", job: { status: "Cancelled" } });
          expect(patches()).toBe(before + 1);
          expect(sandbox.store.jobs.get(jobId)!.job_status).toBe("Cancelled");
        } else {
          expect(r.isError).toBe(true);
          expect(r.text).toContain("Error (not_confirmed)");
          expect(r.text).toContain("nothing was sent");
          expect(patches()).toBe(before);
          expect(sandbox.store.jobs.get(jobId)!.job_status).toBe("Pending");
        }
      }
      expect(asked).toHaveLength(4);

      const assetId = await createAsset(sandbox);
      answers.push({ action: "accept", content: { confirm: true } });
      const retired = await call(conn.client, "update_asset_status", { asset_id: assetId, status: "Retired" });
      expect(retired.data).toMatchObject({ outcome: "updated", asset: { status: "Retired" } });
      expect(asked.at(-1)).toContain("from Active to Retired");

      const asks = asked.length;
      const jobId = await createJob(sandbox);
      const assigned = await call(conn.client, "update_job_status", { job_id: jobId, status: "Assigned" });
      expect(assigned.data.outcome).toBe("updated");
      expect(asked).toHaveLength(asks);
    } finally {
      await conn.close();
    }
  });

  it("without elicitation: a preview first, then confirm: true sends it", async () => {
    for (const status of ["Decommissioned", "Lost"]) {
      const assetId = await createAsset(sandbox);
      const before = writes();
      const preview = await call(main.client, "update_asset_status", { asset_id: assetId, status });
      expect(preview.isError).toBe(false);
      expect(preview.data).toMatchObject({ outcome: "preview", request: { method: "PATCH", path: `/assets?id=${assetId}`, body: { status } } });
      expect(preview.text).toContain("confirm: true");
      expect(writes()).toBe(before);
      expect(sandbox.store.assets.get(assetId)!.status).toBe("Active");
      const done = await call(main.client, "update_asset_status", { asset_id: assetId, status, confirm: true });
      expect(done.data).toMatchObject({ outcome: "updated", asset: { status } });
      expect(writes()).toBe(before + 1);
    }
  });
});

describe("audit log", () => {
  it("holds every write, dry run and refused write as one redacted JSON line in a 0600 file, shown by fsm://audit/recent", async () => {
    const file = join(stateDir, "audit.jsonl");
    const readLines = () => readFileSync(file, "utf8").split("\n").filter(Boolean);
    const earlier = existsSync(file) ? readLines().length : 0;
    const email = `audit-${Date.now()}@private.example.com`;
    const phone = "+15557654321";
    const jobId = await createJob(sandbox);
    const steps: Array<[string, Record<string, unknown>, string]> = [
      ["create_customer", { name: uniq("Audit Customer"), email, phone, idempotency_key: `audit-${Date.now()}` }, "created"],
      ["create_customer", { name: uniq("Audit Dry"), email, dry_run: true }, "dry_run"],
      ["update_job_status", { job_id: jobId, status: "Cancelled" }, "preview"],
      ["update_job_status", { job_id: jobId, status: "Assigned", expected_status: "On Hold" }, "refused"],
      ["update_job_status", { job_id: jobId, status: "Completed" }, "refused"],
      ["update_job", { job_id: jobId, scheduled_start: "2026-03-01T10:00:00Z", scheduled_end: "2026-03-01T09:00:00Z" }, "refused"],
      ["create_job", { title: uniq("Audit refused"), location_id: 99_999_999 }, "refused"],
      ["update_job_status", { job_id: jobId, status: "Assigned" }, "updated"],
      ["update_job_status", { job_id: jobId, status: "Assigned" }, "existing"],
    ];
    for (const [tool, args] of steps) await call(main.client, tool, args);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    const all = readLines().map((l) => JSON.parse(l) as Record<string, any>);
    const written = all.slice(earlier);
    // Each request that left has its write-ahead "intent" line first, paired with its outcome by write_id.
    const intents = written.filter((l) => l.outcome === "intent");
    expect(intents.map((l) => l.tool)).toEqual(["create_customer", "create_job", "update_job_status"]);
    for (const i of intents) {
      expect(i.write_id).toEqual(expect.any(String));
      const outcome = written.find((l) => l.write_id === i.write_id && l.outcome !== "intent");
      expect(outcome, JSON.stringify(i)).toBeDefined();
      expect(written.indexOf(outcome!)).toBeGreaterThan(written.indexOf(i));
    }
    const lines = written.filter((l) => l.outcome !== "intent");
    expect(lines.map((l) => [l.tool, l.outcome])).toEqual(steps.map(([tool, , outcome]) => [tool, outcome]));
    for (const l of lines) {
      expect(Date.parse(l.time)).not.toBeNaN();
      expect(l.args).toBeTypeOf("object");
    }
    expect(lines[0]).toMatchObject({ args: { email: "[redacted]", phone: "[redacted]" }, request: { method: "POST", path: "/customers" }, request_id: expect.any(String), result_id: expect.any(Number) });
    expect(lines[3]!.error).toContain("stale_record");
    expect(lines[4]!.error).toContain("invalid_status_transition");
    expect(lines[6]).toMatchObject({ request: { method: "POST", path: "/jobs" }, request_id: expect.any(String) });
    expect(lines[8]).toMatchObject({ result_id: jobId });
    expect(text).not.toContain(email);
    expect(text).not.toContain(phone);
    expect(text).not.toContain(KEY);

    const res = await main.client.readResource({ uri: "fsm://audit/recent" });
    const recent = JSON.parse((res.contents[0] as { text: string }).text) as Array<Record<string, unknown>>;
    expect(recent).toEqual(all.slice(-50));
    expect(recent.slice(-written.length)).toEqual(written);
  });
});
