/**
 * Every (from, to) pair of both status machines, driven through the API. The expected tables are copied
 * literally from the vendor's docs (seed 001 for jobs, seed 002 for assets), not imported from facts.ts, so
 * this pins the simulator to the documentation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFsmNavigatorSandbox, type FsmNavigatorSandbox } from "../../src/sandbox/fsmnavigator/index.js";
import { call, createAsset, createJob } from "./fsmnavigator-helpers.js";

const JOB_TABLE: Record<string, string[]> = {
  Pending: ["Assigned", "Cancelled"],
  Assigned: ["In Progress", "Pending", "Cancelled", "On Hold"],
  "In Progress": ["Completed", "Assigned", "On Hold", "Cancelled"],
  "On Hold": ["In Progress", "Assigned", "Cancelled"],
  Completed: ["Invoiced"],
  Invoiced: ["Paid"],
  Paid: ["Closed"],
  Cancelled: [],
  Closed: [],
};

const ASSET_TABLE: Record<string, string[]> = {
  Active: ["Idle", "In Maintenance", "In Transit", "Retired", "Lost", "Non-Compliant", "Decommissioned"],
  Idle: ["Active", "In Maintenance", "In Transit", "Retired", "Decommissioned", "Lost"],
  "In Maintenance": ["Active", "Idle", "Retired", "Decommissioned"],
  "Pending Install": ["Active", "Idle", "In Transit", "Non-Compliant"],
  "In Transit": ["Active", "Idle", "Pending Install"],
  Lost: ["Active", "Retired", "Decommissioned"],
  "Non-Compliant": ["Active", "Idle", "In Maintenance", "Retired", "Decommissioned"],
  Decommissioned: [],
  Retired: ["Active", "Decommissioned"],
};

/** Shortest list of moves from one of `starts` to `target`, per `table`. */
function pathTo(table: Record<string, string[]>, starts: string[], target: string): { start: string; moves: string[] } {
  const queue = starts.map((start) => ({ start, at: start, moves: [] as string[] }));
  const seen = new Set(starts);
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (node.at === target) return { start: node.start, moves: node.moves };
    for (const next of table[node.at] ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push({ start: node.start, at: next, moves: [...node.moves, next] });
    }
  }
  throw new Error(`${target} unreachable`);
}

let sandbox: FsmNavigatorSandbox;
beforeAll(async () => {
  sandbox = await startFsmNavigatorSandbox({ rateLimit: false });
});
afterAll(async () => {
  await sandbox.close();
});

interface Subject {
  name: string;
  table: Record<string, string[]>;
  /** A new record at `status`, moved there through allowed transitions. */
  recordAt(status: string): Promise<number>;
  patch(id: number, status: string): ReturnType<typeof call>;
  statusOf(id: number): string | undefined;
}

const subjects: Subject[] = [
  {
    name: "job",
    table: JOB_TABLE,
    async recordAt(status) {
      const id = await createJob(sandbox);
      for (const move of pathTo(JOB_TABLE, ["Pending"], status).moves) {
        const result = await this.patch(id, move);
        if (result.status !== 200) throw new Error(`setup move to ${move} failed: ${result.text}`);
      }
      return id;
    },
    patch: (id, status) => call(sandbox, "PATCH", `/jobs?id=${id}`, { body: { job_status: status } }),
    statusOf: (id) => sandbox.store.jobs.get(id)?.job_status,
  },
  {
    name: "asset",
    table: ASSET_TABLE,
    async recordAt(status) {
      // Assets can be created Active or Pending Install (public-facts §1.9).
      const route = pathTo(ASSET_TABLE, ["Active", "Pending Install"], status);
      const id = await createAsset(sandbox, { status: route.start });
      for (const move of route.moves) {
        const result = await this.patch(id, move);
        if (result.status !== 200) throw new Error(`setup move to ${move} failed: ${result.text}`);
      }
      return id;
    },
    // Path style here, so both URL styles meet the machine.
    patch: (id, status) => call(sandbox, "PATCH", `/assets/${id}`, { body: { status } }),
    statusOf: (id) => sandbox.store.assets.get(id)?.status,
  },
];

for (const subject of subjects) {
  describe(`${subject.name} transitions`, () => {
    const statuses = Object.keys(subject.table);
    it.each(statuses)(`from %s: allowed exactly as the docs' table says`, async (from) => {
      const allowed = subject.table[from]!;
      // Refusals leave the record as it was, so one record serves them all; each allowed move needs its own.
      const shared = await subject.recordAt(from);
      await Promise.all(
        statuses.map(async (to) => {
          const id = allowed.includes(to) ? await subject.recordAt(from) : shared;
          const result = await subject.patch(id, to);
          if (allowed.includes(to)) {
            expect(result.status, `${from} → ${to}: ${result.text}`).toBe(200);
            expect(subject.statusOf(id)).toBe(to);
            const record = result.body.data ?? result.body[subject.name];
            expect(record.previous_status).toBe(from);
          } else {
            expect(result.status, `${from} → ${to}`).toBe(400);
            expect(result.body).toMatchObject({
              success: false,
              error: "invalid_status_transition",
              message: `Cannot change ${subject.name} ${id} from ${from} to ${to}. Allowed from ${from}: ${allowed.length > 0 ? allowed.join(", ") : `none (${from} is terminal)`}.`,
              current_status: from,
              allowed_transitions: allowed,
            });
          }
        }),
      );
      expect(subject.statusOf(shared)).toBe(from);
    });
  });
}

describe("status changes through PUT follow the same tables", () => {
  it("refuses a job PUT that skips ahead and accepts one that is allowed", async () => {
    const id = await createJob(sandbox);
    const refused = await call(sandbox, "PUT", `/jobs?id=${id}`, { body: { job_priority: "High", job_status: "Completed" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_status_transition");
    expect(sandbox.store.jobs.get(id)).toMatchObject({ job_status: "Pending", job_priority: "Medium" });
    const allowed = await call(sandbox, "PUT", `/jobs?id=${id}`, { body: { job_priority: "High", job_status: "Assigned" } });
    expect(allowed.status).toBe(200);
    expect(sandbox.store.jobs.get(id)).toMatchObject({ job_status: "Assigned", job_priority: "High" });
    // Restating the current status is not a transition.
    expect((await call(sandbox, "PUT", `/jobs?id=${id}`, { body: { job_status: "Assigned" } })).status).toBe(200);
  });

  it("refuses an asset PUT into a status its table forbids", async () => {
    const id = await createAsset(sandbox, { status: "Pending Install" });
    const refused = await call(sandbox, "PUT", `/assets?id=${id}`, { body: { asset_name: "Renamed", status: "Retired" } });
    expect(refused.status).toBe(400);
    expect(sandbox.store.assets.get(id)).toMatchObject({ status: "Pending Install", asset_name: "Test asset" });
    const allowed = await call(sandbox, "PUT", `/assets?id=${id}`, { body: { asset_name: "Renamed", status: "Active" } });
    expect(allowed.body.data).toEqual({ asset_id: id, asset_name: "Renamed", status: "Active" });
  });

  it("transitions seeded records too", async () => {
    const closed = [...sandbox.store.jobs.values()].find((job) => job.job_status === "Closed")!;
    const result = await call(sandbox, "PATCH", `/jobs?id=${closed.job_id}`, { body: { job_status: "Pending" } });
    expect(result.body.message).toBe(`Cannot change job ${closed.job_id} from Closed to Pending. Allowed from Closed: none (Closed is terminal).`);
    const pending = [...sandbox.store.jobs.values()].find((job) => job.job_status === "Pending")!;
    expect((await call(sandbox, "PATCH", `/jobs?id=${pending.job_id}`, { body: { job_status: "Assigned" } })).status).toBe(200);
  });
});
