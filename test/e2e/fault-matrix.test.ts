/**
 * The fault matrix (issue 4 item 9): every write tool × {timeout, reset, 500 after commit, 500 before
 * commit, 429}, through the built server over stdio against the sandbox. The sandbox is the judge: after
 * each case it must hold exactly one new record (or the one intended change), never a duplicate, and the
 * tool must either name the record (created / updated / reconciled) or say `uncertain` with the lookup to
 * run. A failure that does not prove the request went unread (a 500 before commit) is never re-sent for a
 * write whose repeat is not a no-op: it ends `uncertain` with nothing changed; only the plain PUTs
 * (update_job and the corrections: update_customer, update_location, update_asset) are retried by the HTTP core. One server process serves the whole matrix; the client timeout
 * and the reconcile window are small so timeouts are cheap.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultSpec, FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { call as api, createAsset, createJob } from "../sandbox/fsmnavigator-helpers.js";
import { call, liveAgainstSandbox, seen, type Result } from "./harness.js";

/**
 * Client timeout for the server under test; the "timeout" fault answers well after it. Far above a loaded
 * machine's request time: a write that times out for load alone is (rightly) uncertain, not re-sent.
 */
const TIMEOUT_MS = 1500;

const FAULTS: Record<string, Omit<FaultSpec, "method" | "path">> = {
  timeout: { kind: "delay_after_commit", delayMs: TIMEOUT_MS * 3 },
  reset: { kind: "reset_after_commit" },
  "500 after commit": { kind: "fail_after_commit", status: 500 },
  "500 before commit": { kind: "status", status: 500 },
  "429": { kind: "status", status: 429, retryAfterSec: 1 },
};
const COMMITS_BEFORE_FAILING = new Set(["timeout", "reset", "500 after commit"]);
/** Faults after which nothing proves the vendor did not apply the request, and it did not. */
const LOST_BEFORE_COMMIT = new Set(["500 before commit"]);
/** The writes whose repeat provably changes nothing (a PUT of the fields given): the HTTP core resends them. */
const IDEMPOTENT = new Set(["update_job", "update_customer", "update_location", "update_asset"]);

let env: Awaited<ReturnType<typeof liveAgainstSandbox>>;
let n = 0;
const store = () => env.sandbox.store;

interface Case {
  /** The sandbox target the fault hits: method and exact pathname + search. */
  target(): { method: string; path: RegExp };
  args(): Record<string, unknown>;
  /** Check the sandbox after the call: exactly one created record or the one intended change. */
  verify(result: Result): void;
  /** Check the sandbox holds no change (the request was lost before commit and not re-sent). */
  unchanged?(): void;
}

type Setup = () => Promise<Case>;

const exact = (s: string) => new RegExp(`^${s.replace(/[?.*+()[\]{}|^$\\]/g, "\\$&")}$`);

/** A fresh seeded-location id, a fresh job and a fresh asset for each case, made straight on the sandbox. */
async function freshJob(): Promise<number> {
  return createJob(env.sandbox, { job_title: `Matrix fixture ${++n}` });
}
async function freshAsset(extra: Record<string, unknown> = {}): Promise<number> {
  return createAsset(env.sandbox, { asset_name: `Matrix fixture asset ${++n}`, location_id: 87, ...extra });
}

/** The created record's id as the tool named it, checked against the sandbox. */
function namedId(r: Result, key: string): number {
  expect(r.isError, r.text).toBe(false);
  expect(["created", "reconciled"]).toContain(r.data.outcome);
  const id = r.data[key]?.id;
  expect(typeof id, `${key}.id in ${r.text}`).toBe("number");
  return id;
}

/** Either the result names a record, or it is an honest "uncertain" with the lookup to run. */
function uncertainOr(r: Result, named: () => void): void {
  if (r.isError) {
    expect(r.text).toMatch(/Error \(uncertain\)/);
    expect(r.text).toMatch(/lookup: \{"tool":"\w+","arguments":/);
    expect(r.text).toMatch(/Next: Run \w+ with/);
  } else named();
}

const TOOLS: Record<string, Setup> = {
  async create_customer() {
    const name = `Matrix Customer ${++n}`;
    const email = `matrix${n}@faults.example.com`;
    return {
      target: () => ({ method: "POST", path: exact("/api/v1/customers") }),
      args: () => ({ name, email, phone: `+1555${String(4000000 + n).padStart(7, "0")}` }),
      verify(r) {
        const mine = [...store().customers.values()].filter((c) => c.customer_email === email);
        expect(mine).toHaveLength(1);
        uncertainOr(r, () => expect(namedId(r, "customer")).toBe(mine[0]!.customer_id));
      },
    };
  },
  async create_location() {
    const customerId = 205;
    const name = `Matrix Site ${++n}`;
    return {
      target: () => ({ method: "POST", path: exact(`/api/v1/customers?id=${customerId}&locations=1`) }),
      args: () => ({ customer_id: customerId, name, street: `${n} Fault Street`, city: "Springfield", state: "IL", zip: "62701" }),
      verify(r) {
        const mine = [...store().locations.values()].filter((l) => l.location_name === name);
        expect(mine).toHaveLength(1);
        uncertainOr(r, () => expect(namedId(r, "location")).toBe(mine[0]!.location_id));
      },
    };
  },
  async create_job() {
    const title = `Matrix job ${++n}`;
    return {
      target: () => ({ method: "POST", path: exact("/api/v1/jobs") }),
      args: () => ({ title, location_id: 87, priority: "High" }),
      verify(r) {
        const mine = [...store().jobs.values()].filter((j) => j.job_title === title);
        expect(mine).toHaveLength(1);
        uncertainOr(r, () => expect(namedId(r, "job")).toBe(mine[0]!.job_id));
      },
    };
  },
  async update_job() {
    const jobId = await freshJob();
    const title = `Matrix renamed ${++n}`;
    return {
      target: () => ({ method: "PUT", path: exact(`/api/v1/jobs?id=${jobId}`) }),
      args: () => ({ job_id: jobId, title, priority: "Urgent" }),
      verify(r) {
        expect(store().jobs.get(jobId)).toMatchObject({ job_title: title, job_priority: "Urgent" });
        uncertainOr(r, () => {
          expect(r.isError, r.text).toBe(false);
          expect(["updated", "reconciled"]).toContain(r.data.outcome);
          expect(r.data.job).toMatchObject({ id: jobId, title, priority: "Urgent" });
        });
      },
    };
  },
  async update_customer() {
    const name = `Matrix customer ${++n}`;
    const created = await api(env.sandbox, "POST", "/customers", { body: { customer_name: name, customer_phone: "+15550100000" } });
    const customerId = created.body.data.customer_id as number;
    const phone = `+1555020${String(n).padStart(4, "0")}`;
    return {
      target: () => ({ method: "PUT", path: exact(`/api/v1/customers?id=${customerId}`) }),
      args: () => ({ customer_id: customerId, phone }),
      verify(r) {
        expect(store().customers.get(customerId)).toMatchObject({ customer_phone: phone, customer_name: name });
        uncertainOr(r, () => {
          expect(r.isError, r.text).toBe(false);
          expect(["updated", "reconciled"]).toContain(r.data.outcome);
          expect(r.data.customer).toMatchObject({ id: customerId, phone });
        });
      },
    };
  },
  async update_location() {
    const customerId = 201;
    const locationId = store().locationsOf(customerId)[0]!.location_id;
    const notes = `Matrix gate code ${++n}`;
    return {
      target: () => ({ method: "PUT", path: exact(`/api/v1/customers?id=${customerId}&locations=1&location_id=${locationId}`) }),
      args: () => ({ customer_id: customerId, location_id: locationId, notes }),
      verify(r) {
        expect(store().locations.get(locationId)!.notes).toBe(notes);
        uncertainOr(r, () => {
          expect(r.isError, r.text).toBe(false);
          expect(["updated", "reconciled"]).toContain(r.data.outcome);
          expect(r.data.location).toMatchObject({ id: locationId, notes });
        });
      },
    };
  },
  async update_asset() {
    const assetId = await freshAsset();
    const notes = `Matrix asset note ${++n}`;
    return {
      target: () => ({ method: "PUT", path: exact(`/api/v1/assets?id=${assetId}`) }),
      args: () => ({ asset_id: assetId, notes, model: "MX-2" }),
      verify(r) {
        expect(store().assets.get(assetId)).toMatchObject({ notes, model: "MX-2", status: "Active" });
        uncertainOr(r, () => {
          expect(r.isError, r.text).toBe(false);
          expect(["updated", "reconciled"]).toContain(r.data.outcome);
          expect(r.data.asset).toMatchObject({ id: assetId, notes, model: "MX-2" });
        });
      },
    };
  },
  async update_job_status() {
    const jobId = await freshJob();
    return {
      target: () => ({ method: "PATCH", path: exact(`/api/v1/jobs?id=${jobId}`) }),
      args: () => ({ job_id: jobId, status: "Assigned", expected_status: "Pending" }),
      unchanged: () => expect(store().jobs.get(jobId)!.job_status).toBe("Pending"),
      verify(r) {
        expect(store().jobs.get(jobId)!.job_status).toBe("Assigned");
        uncertainOr(r, () => {
          expect(r.isError, r.text).toBe(false);
          expect(["updated", "reconciled"]).toContain(r.data.outcome);
          expect(r.data.job).toMatchObject({ id: jobId, status: "Assigned" });
        });
      },
    };
  },
  async create_asset() {
    const serial = `MX-${++n}-${Date.now()}`;
    return {
      target: () => ({ method: "POST", path: exact("/api/v1/assets") }),
      args: () => ({ name: `Matrix asset ${n}`, type_id: 5, serial_number: serial }),
      verify(r) {
        const mine = [...store().assets.values()].filter((a) => a.serial_number === serial);
        expect(mine).toHaveLength(1);
        uncertainOr(r, () => expect(namedId(r, "asset")).toBe(mine[0]!.asset_id));
      },
    };
  },
  async update_asset_status() {
    const assetId = await freshAsset();
    return {
      target: () => ({ method: "PATCH", path: exact(`/api/v1/assets?id=${assetId}`) }),
      args: () => ({ asset_id: assetId, status: "In Maintenance", expected_status: "Active" }),
      unchanged: () => expect(store().assets.get(assetId)!.status).toBe("Active"),
      verify(r) {
        expect(store().assets.get(assetId)!.status).toBe("In Maintenance");
        uncertainOr(r, () => {
          expect(r.isError, r.text).toBe(false);
          expect(["updated", "reconciled"]).toContain(r.data.outcome);
          expect(r.data.asset).toMatchObject({ id: assetId, status: "In Maintenance" });
        });
      },
    };
  },
  async log_asset_service() {
    const assetId = await freshAsset();
    const description = `Matrix service visit ${++n}`;
    return {
      target: () => ({ method: "POST", path: exact(`/api/v1/assets?id=${assetId}&sub=service`) }),
      args: () => ({ asset_id: assetId, service_type: "repair", description, service_date: "2026-03-02" }),
      verify(r) {
        const mine = store().serviceRecordsOf(assetId);
        expect(mine).toHaveLength(1);
        expect(mine[0]!.description).toBe(description);
        uncertainOr(r, () => expect(namedId(r, "service_record")).toBe(mine[0]!.service_id));
      },
    };
  },
  async record_meter_reading() {
    // A meter of a seeded asset; each case reads higher than the last, as readings never decrease.
    const meter = [...store().meters.values()].find((m) => store().readingsOf(m.meter_id).length > 0 && store().assets.get(m.asset_id)!.status === "Active")!;
    const readings = () => store().readingsOf(meter.meter_id);
    const before = readings().length;
    const value = readings().at(-1)!.reading_value + 100;
    return {
      target: () => ({ method: "POST", path: exact(`/api/v1/assets?id=${meter.asset_id}&sub=meter_reading`) }),
      args: () => ({ asset_id: meter.asset_id, meter_id: meter.meter_id, value, reading_date: "2027-01-01" }),
      verify(r) {
        expect(readings()).toHaveLength(before + 1);
        expect(readings().filter((x) => x.reading_value === value)).toHaveLength(1);
        uncertainOr(r, () => {
          expect(r.isError, r.text).toBe(false);
          expect(["created", "reconciled"]).toContain(r.data.outcome);
          expect(r.data.reading).toMatchObject({ asset_id: meter.asset_id, meter_id: meter.meter_id, value });
        });
      },
    };
  },
  async transfer_asset() {
    const assetId = await freshAsset();
    return {
      target: () => ({ method: "POST", path: exact(`/api/v1/assets?id=${assetId}&sub=transfer`) }),
      args: () => ({ asset_id: assetId, to_location_id: 109, reason: "matrix" }),
      unchanged: () => expect(store().assets.get(assetId)!.location_id).toBe(87),
      verify(r) {
        const mine = [...store().transfers.values()].filter((t) => t.asset_id === assetId);
        expect(mine).toHaveLength(1);
        expect(store().assets.get(assetId)!.location_id).toBe(109);
        uncertainOr(r, () => {
          expect(r.isError, r.text).toBe(false);
          expect(["created", "reconciled"]).toContain(r.data.outcome);
          expect(r.data.transfer).toMatchObject({ asset_id: assetId, to_location_id: 109 });
        });
      },
    };
  },
};

const outcomes: string[] = [];

beforeAll(async () => {
  env = await liveAgainstSandbox({ FSM_TIMEOUT_MS: String(TIMEOUT_MS), FSM_RECONCILE_WINDOW_MS: "1500" });
  // Warm the connection pool and the limiter so the first case is not special.
  await api(env.sandbox, "GET", "/technicians?per_page=1");
  await call(env.client, "list_technicians", { per_page: 1 });
});
afterAll(async () => {
  if (outcomes.length) console.log(`fault matrix outcomes:\n${outcomes.join("\n")}`);
  await env?.close();
});

/** Store counts that a write tool may add to; fixtures are made before the snapshot. */
const CREATED_BY: Record<string, keyof ReturnType<FsmNavigatorSandbox["store"]["counts"]> | undefined> = {
  create_customer: "customers",
  create_location: "locations",
  create_job: "jobs",
  create_asset: "assets",
  log_asset_service: "serviceRecords",
  record_meter_reading: "meterReadings",
  transfer_asset: "transfers",
};

describe("fault matrix: every write tool × every ambiguous or refused answer", () => {
  // One row per fault: the write tools run at once (an assistant's parallel tool calls), each with its
  // own fault armed on its own write request, so a 429's Retry-After or a timeout is waited out once a row.
  it.each(Object.keys(FAULTS))("%s", async (fault) => {
    const tools = Object.keys(TOOLS);
    const cases = new Map<string, Case>();
    for (const tool of tools) cases.set(tool, await TOOLS[tool]!());
    const before = store().counts();
    env.sandbox.faults.clear();
    for (const c of cases.values()) env.sandbox.faults.add({ ...FAULTS[fault]!, ...c.target() });

    const results = await Promise.all(tools.map((tool) => call(env.client, tool, cases.get(tool)!.args())));

    // Each fault hit its tool's write request at most once (never some read on the way), and exactly once
    // unless the request never left: in the timeout row ten writes share the client's 8 connections while
    // the sandbox holds each answer, so a write can time out still queued for a connection. Nothing proves
    // that to the client, so that tool must answer uncertain, and the sandbox must hold no change from it.
    const unsent = new Set<string>();
    for (const [tool, c] of cases) {
      const { method, path } = c.target();
      const hits = env.sandbox.faults.fired.filter((f) => f.method === method && path.test(f.target)).length;
      expect(hits, `${tool} × ${fault}`).toBeLessThanOrEqual(1);
      if (hits === 0) unsent.add(tool);
    }
    expect(env.sandbox.faults.fired).toHaveLength(tools.length - unsent.size);
    if (fault !== "timeout") expect([...unsent]).toEqual([]);
    // The sandbox holds exactly one new record per create tool that reached it, and nothing else new.
    const after = store().counts();
    const lost = LOST_BEFORE_COMMIT.has(fault);
    for (const key of Object.keys(before) as Array<keyof typeof before>) {
      const creators = lost ? 0 : tools.filter((t) => CREATED_BY[t] === key && !unsent.has(t)).length;
      expect(after[key] - before[key], `${key} after ${fault}`).toBe(creators);
    }
    tools.forEach((tool, i) => {
      const r = results[i]!;
      outcomes.push(`${tool.padEnd(21)} ${fault.padEnd(18)} ${r.isError ? r.text.split("\n")[0] : r.data.outcome}`);
      try {
        if ((lost && !IDEMPOTENT.has(tool)) || unsent.has(tool)) {
          // Sent once (or timed out queued), not applied, not re-sent: an honest uncertain, and nothing changed.
          expect(r.isError, r.text).toBe(true);
          expect(r.text).toMatch(/^Error \(uncertain\): The vendor did not confirm .* Nothing was sent twice\./);
          expect(r.text).toMatch(/lookup: \{"tool":"\w+","arguments":/);
          cases.get(tool)!.unchanged?.();
          return;
        }
        cases.get(tool)!.verify(r);
        // After a fault that committed, the server found the record instead of calling it unknown.
        if (COMMITS_BEFORE_FAILING.has(fault)) expect(r.isError, r.text).toBe(false);
      } catch (err) {
        throw new Error(`${tool} × ${fault}: ${(err as Error).message}`);
      }
    });
  });

  it("a create the vendor lost unread (503, reset) is not re-sent: uncertain with the exact lookup, nothing made", async () => {
    for (const fault of [{ kind: "status", status: 503 }, { kind: "reset" }] as const) {
      const title = `Matrix never landed ${++n}`;
      env.sandbox.faults.clear();
      env.sandbox.faults.add({ ...fault, method: "POST", path: exact("/api/v1/jobs"), times: 2 });
      const before = store().counts().jobs;
      const r = await call(env.client, "create_job", { title, location_id: 87 });
      // Sent once: neither a 503 nor a reset proves the vendor did not read it.
      expect(env.sandbox.faults.fired).toHaveLength(1);
      expect(seen(env.sandbox, "POST", "/jobs")).toBeGreaterThan(0);
      expect(store().counts().jobs).toBe(before);
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/^Error \(uncertain\): The vendor did not confirm "Create job/);
      expect(r.text).toMatch(/^outcome: uncertain$/m);
      expect(r.text).toMatch(/^lookup: \{"tool":"list_jobs","arguments":\{"location_id":87,"created_after":"[^"]+"\}\}$/m);
      // The lookup it names is a real call that answers.
      const lookup = JSON.parse(/^lookup: (.*)$/m.exec(r.text)![1]!) as { tool: string; arguments: Record<string, unknown> };
      const check = await call(env.client, lookup.tool, lookup.arguments);
      expect(check.isError, check.text).toBe(false);
      expect(check.data.items.some((j: { title: string }) => j.title === title)).toBe(false);
    }
  });

  it("the server still answers after the whole matrix", async () => {
    const r = await call(env.client, "list_jobs", { per_page: 1 });
    expect(r.isError).toBe(false);
  });
});
