/**
 * The demo accounts' data: big enough to feel real, deterministic, and consistent with each account's
 * own workflows (every job in a status of its workflow, history before "now", references that resolve).
 */
import { describe, expect, it } from "vitest";
import { activeStatuses, BRIGHTSIDE, SUMMIT, workflowsOf } from "../../src/sandbox/jobnimbus/accounts.js";
import { createSeededStore, DEFAULT_ANCHOR_DATE, statusHistory } from "../../src/sandbox/jobnimbus/seed.js";
import { SeededRandom } from "../../src/sandbox/common/random.js";
import { DEMO_KEYS } from "../../src/sandbox/jobnimbus/accounts.js";
import { SAMPLE_KEY_PATTERN, TIMESTAMP_FIELDS } from "../../src/vendors/jobnimbus/facts.js";

const anchor = Date.parse(DEFAULT_ANCHOR_DATE) / 1000;
const summit = createSeededStore(SUMMIT, { anchorDate: DEFAULT_ANCHOR_DATE });
const brightside = createSeededStore(BRIGHTSIDE, { anchorDate: DEFAULT_ANCHOR_DATE });

describe("demo accounts", () => {
  it("the roofing account is a realistic size", () => {
    const c = summit.counts();
    expect(c.contacts).toBeGreaterThanOrEqual(100);
    expect(c.jobs).toBeGreaterThanOrEqual(300);
    expect(c.tasks).toBeGreaterThanOrEqual(300);
    expect(c.activities).toBeGreaterThanOrEqual(1000);
    expect(c.files).toBeGreaterThan(100);
    expect(c.users).toBe(SUMMIT.users.length);
    expect(brightside.counts().jobs).toBeGreaterThanOrEqual(200);
  });

  it("is the same account for the same seed and anchor", () => {
    const again = createSeededStore(SUMMIT, { anchorDate: DEFAULT_ANCHOR_DATE });
    expect([...again.jobs.values()]).toEqual([...summit.jobs.values()]);
    expect([...again.activities.values()].slice(0, 50)).toEqual([...summit.activities.values()].slice(0, 50));
    const other = createSeededStore(BRIGHTSIDE, { anchorDate: DEFAULT_ANCHOR_DATE, seed: 7 });
    expect([...other.jobs.keys()]).not.toEqual([...brightside.jobs.keys()]);
  });

  it("puts every job in a status of its own workflow, in every active status of every workflow", () => {
    for (const [store, account] of [[summit, SUMMIT], [brightside, BRIGHTSIDE]] as const) {
      const seen = new Map<string, Set<string>>();
      for (const job of store.jobs.values()) {
        const workflow = account.workflows.find((w) => w.name === job.record_type_name && w.objectType === "job")!;
        expect(workflow, String(job.record_type_name)).toBeDefined();
        const all = workflow.statuses.map((s) => (typeof s === "string" ? s : s.name));
        expect(all).toContain(job.status_name);
        seen.set(workflow.name, (seen.get(workflow.name) ?? new Set()).add(String(job.status_name)));
      }
      for (const w of workflowsOf(account, "job")) {
        expect([...(seen.get(w.name) ?? [])].sort(), w.name).toEqual(expect.arrayContaining(activeStatuses(account, w.name)));
      }
    }
    // A couple of old jobs still sit in the retired "Pending Permit" status.
    expect([...summit.jobs.values()].some((j) => j.status_name === "Pending Permit")).toBe(true);
  });

  it("dates history before the anchor and bookings after it only for open work", () => {
    for (const store of [summit, brightside]) {
      for (const r of [...store.contacts.values(), ...store.jobs.values(), ...store.activities.values(), ...store.files.values()]) {
        expect(r.date_created).toBeLessThan(anchor);
        expect(r.date_updated).toBeGreaterThanOrEqual(r.date_created);
      }
      for (const job of store.jobs.values()) {
        if (Number(job.date_start) > anchor) expect(job.is_closed).toBe(false);
        if (Number(job.date_end)) expect(Number(job.date_end)).toBeGreaterThan(Number(job.date_start));
      }
    }
  });

  it("stores every timestamp as whole Unix seconds, as the vendor does", () => {
    for (const store of [summit, brightside]) {
      for (const r of [...store.contacts.values(), ...store.jobs.values(), ...store.tasks.values(), ...store.activities.values()]) {
        for (const field of TIMESTAMP_FIELDS) {
          if (field in r) expect(Number.isSafeInteger(r[field]) && (r[field] as number) >= 0, `${r.type}.${field}=${String(r[field])}`).toBe(true);
        }
      }
    }
  });

  it("hands out demo keys in the docs' key shape, one account per key", () => {
    for (const k of DEMO_KEYS) expect(k.key).toMatch(SAMPLE_KEY_PATTERN);
    expect(new Set(DEMO_KEYS.map((k) => k.key)).size).toBe(DEMO_KEYS.length);
  });

  it("numbers records in creation order", () => {
    const jobs = [...summit.jobs.values()].sort((a, b) => a.recid - b.recid);
    for (let i = 1; i < jobs.length; i++) expect(jobs[i]!.date_created).toBeGreaterThanOrEqual(jobs[i - 1]!.date_created);
    expect(jobs[0]!.number).toBe("1001");
  });

  it("links records that exist: jobs to active contacts, activities and tasks to jobs, owners to users", () => {
    for (const store of [summit, brightside]) {
      const userIds = new Set(store.users.map((u) => u.id));
      for (const job of store.jobs.values()) {
        const primary = job.primary as { id: string; name: string; number: string };
        const contact = store.contacts.get(primary.id)!;
        expect(contact).toBeDefined();
        expect(primary.name).toBe(contact.display_name);
        expect(primary.number).toBe(contact.number);
        for (const o of job.owners as Array<{ id: string }>) expect(userIds.has(o.id)).toBe(true);
        expect(job.address_line1).toBe(contact.address_line1);
      }
      for (const a of store.activities.values()) for (const r of a.related as Array<{ id: string }>) expect(store.find(r.id), r.id).toBeDefined();
      for (const t of store.tasks.values()) expect(store.jobs.has((t.related as Array<{ id: string }>)[0]!.id)).toBe(true);
    }
  });

  it("gives every contact its own fictional phone number and email", () => {
    const phones = [...summit.contacts.values()].flatMap((c) => [c.mobile_phone, c.home_phone, c.work_phone]).filter(Boolean) as string[];
    expect(new Set(phones).size).toBe(phones.length);
    // Unique as numbers, whatever their spelling; written in the forms real accounts hold, bare digits among them.
    const digits = phones.map((p) => p.replace(/\D/g, "").replace(/^1(?=\d{10}$)/, ""));
    expect(new Set(digits).size).toBe(phones.length);
    for (const d of digits) expect(d).toMatch(/^\d{3}55501\d\d$/);
    const forms = new Set(phones.map((p) => p.replace(/\d/g, "9")));
    for (const form of ["(999) 999-9999", "9999999999", "+99999999999", "999.999.9999", "999-999-9999"]) expect(forms).toContain(form);
    const emails = [...summit.contacts.values()].map((c) => c.email).filter(Boolean) as string[];
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toMatch(/@([a-z0-9-]+\.)*example\.(com|net|org)$/);
  });

  it("records a status-change activity for every step of a job's history", () => {
    const job = [...summit.jobs.values()].find((j) => j.status_name === "Paid")!;
    const changes = [...summit.activities.values()].filter((a) => a.record_type_name === "Status Changed" && (a.primary as { id: string }).id === job.jnid);
    expect(changes.map((a) => (a.primary as { new_status: string }).new_status)).toEqual([...activeStatuses(SUMMIT, "Residential Roofing").filter((s) => s !== "Lead" && s !== "Lost")]);
  });

  it("walks a workflow's open statuses to reach a status; lost jobs leave early", () => {
    const w = summit.workflow("job", "Residential Roofing")!;
    const rng = new SeededRandom(1);
    expect(statusHistory(w, "Estimate Sent", rng)).toEqual(["Lead", "Inspection Scheduled", "Estimate Sent"]);
    expect(statusHistory(w, "Pending Permit", rng)).toEqual(["Lead", "Inspection Scheduled", "Estimate Sent", "Contract Signed", "Pending Permit"]);
    const lost = statusHistory(w, "Lost", rng);
    expect(lost.at(-1)).toBe("Lost");
    expect(lost.length).toBeLessThanOrEqual(4);
  });
});
