/**
 * The JobNimbus boundary: timestamps, record mapping, the error dialect's three body shapes, and the
 * account settings → workflows → status machines the schemas are built from.
 */
import { describe, expect, it } from "vitest";
import { allowedNext, canTransition } from "../../src/domain/status-machine.js";
import { BRIGHTSIDE, SUMMIT, settingsDocument } from "../../src/sandbox/jobnimbus/accounts.js";
import { jobNimbusProfile } from "../../src/vendors/jobnimbus/backend.js";
import { isoFromUnix, jobNimbusDialect, toCustomer, toJob, toNote, toTechnician, unixFromIso, unwrapList } from "../../src/vendors/jobnimbus/normalize.js";
import { AccountWorkflows, parseAccountSettings } from "../../src/vendors/jobnimbus/workflows.js";

describe("timestamps", () => {
  it("Unix seconds become ISO 8601 at the boundary, 0 and junk become null", () => {
    expect(isoFromUnix(1780315200)).toBe("2026-06-01T12:00:00Z");
    expect(isoFromUnix("1780315200")).toBe("2026-06-01T12:00:00Z");
    expect(isoFromUnix(1780315200123)).toBe("2026-06-01T12:00:00Z");
    expect(isoFromUnix(0)).toBeNull();
    expect(isoFromUnix(null)).toBeNull();
    expect(isoFromUnix("soon")).toBeNull();
  });

  it("ISO 8601 goes back to Unix seconds for writes; null clears (0)", () => {
    expect(unixFromIso("2026-06-01T12:00:00Z")).toBe(1780315200);
    expect(unixFromIso("2026-06-01T06:00:00-06:00")).toBe(1780315200);
    expect(unixFromIso(null)).toBe(0);
    expect(() => unixFromIso("June")).toThrow(RangeError);
  });
});

describe("records", () => {
  it("maps a job with its contact, workflow, owner and address", () => {
    const job = toJob({
      jnid: "j1",
      number: "1017",
      name: "Smith - Roof Replacement",
      status_name: "Estimate Sent",
      record_type_name: "Residential Roofing",
      primary: { id: "c1", name: "Ann Smith", type: "contact" },
      owners: [{ id: "u1" }, { id: "u2" }],
      address_line1: "1 Elm St",
      city: "Denver",
      state_text: "CO",
      zip: "80205",
      date_start: 0,
      date_created: 1780315200,
      date_updated: 1780318800,
    });
    expect(job).toMatchObject({
      id: "j1",
      number: "1017",
      title: "Smith - Roof Replacement",
      status: "Estimate Sent",
      workflow: "Residential Roofing",
      customerId: "c1",
      customerName: "Ann Smith",
      technicianId: "u1",
      address: "1 Elm St, Denver, CO 80205",
      scheduledStart: null,
      createdAt: "2026-06-01T12:00:00Z",
      updatedAt: "2026-06-01T13:00:00Z",
    });
  });

  it("maps contacts, notes and users; a record without jnid is malformed", () => {
    expect(toCustomer({ jnid: "c1", first_name: "Ann", last_name: "Smith", home_phone: "(303) 555-0100", status_name: "Lead", record_type_name: "Customer" })).toMatchObject({
      id: "c1",
      name: "Ann Smith",
      phone: "(303) 555-0100",
      status: "Lead",
      workflow: "Customer",
    });
    expect(toCustomer({ jnid: "c2", company: "Acme Roofing" }).name).toBe("Acme Roofing");
    expect(toNote({ jnid: "a1", note: "hi", date_created: 1780315200 }, "j1")).toEqual({ id: "a1", jobId: "j1", text: "hi", createdAt: "2026-06-01T12:00:00Z" });
    expect(toTechnician({ id: "u1", first_name: "Sam", last_name: "Patel", email: "s@x.com", is_active: false })).toMatchObject({ id: "u1", name: "Sam Patel", status: "Inactive" });
    expect(() => toJob({ name: "no id" })).toThrow(/jnid/);
  });

  it("reads each list under its own key", () => {
    expect(unwrapList({ count: 7, activity: [{ jnid: "a" }] }, "activity")).toEqual({ count: 7, items: [{ jnid: "a" }] });
    expect(() => unwrapList({ count: 1, results: [] }, "files")).toThrow(/"files"/);
  });
});

describe("error dialect", () => {
  it.each([
    [{ status: 401, body: "Authentication required" }, "Authentication required"],
    [{ message: "Too Many Requests" }, "Too Many Requests"],
    [{ error: "Internal Server Error" }, "Internal Server Error"],
    [{ error: { message: "nested" } }, "nested"],
    [{ errors: ["a", "b"] }, "a; b"],
    ["plain text", "plain text"],
  ])("reads %j", (body, message) => {
    expect(jobNimbusDialect.parseError(400, body).message).toBe(message);
  });

  it("has nothing to say about an empty or odd body", () => {
    expect(jobNimbusDialect.parseError(500, undefined)).toEqual({});
    expect(jobNimbusDialect.parseError(500, { status: 500 })).toEqual({});
  });
});

describe("account workflows", () => {
  const summit = new AccountWorkflows(parseAccountSettings(settingsDocument(SUMMIT)));
  const brightside = new AccountWorkflows(parseAccountSettings(settingsDocument(BRIGHTSIDE)));

  it("keeps active job workflows and their active statuses, in order; retired ones and work orders are left out", () => {
    expect(summit.job.map((w) => w.name)).toEqual(["Residential Roofing", "Insurance Restoration", "Commercial"]);
    expect(summit.jobWorkflow("residential roofing")!.statuses).toEqual([
      "Lead",
      "Inspection Scheduled",
      "Estimate Sent",
      "Contract Signed",
      "Materials Ordered",
      "Install Scheduled",
      "In Progress",
      "Final Walkthrough",
      "Invoiced",
      "Paid",
      "Lost",
    ]);
    expect(summit.jobWorkflow("Residential Roofing")!.closed).toEqual(["Paid", "Lost"]);
    expect(summit.jobWorkflow("Gutters (retired)")).toBeUndefined();
    expect(summit.jobWorkflow("Service Work Order")).toBeUndefined();
    expect(summit.contact.map((w) => w.name)).toEqual(["Customer", "Sub-Contractor", "Insurance Adjuster"]);
  });

  it("builds the status enum as the union of the job workflows, each status once", () => {
    const union = summit.jobMachine()!;
    expect(union.transitions).toBeUndefined();
    expect(union.statuses.filter((s) => s === "Invoiced")).toHaveLength(1);
    expect(new Set(union.statuses)).toEqual(new Set(summit.job.flatMap((w) => w.statuses)));
    expect(union.statuses).not.toContain("Pending Permit");
    expect(brightside.jobMachine()!.statuses).toEqual([
      "New Request",
      "Scheduled",
      "Dispatched",
      "On Site",
      "Parts on Order",
      "Work Complete",
      "Invoiced",
      "Closed",
      "Cancelled",
      "Consultation Booked",
      "Proposal Sent",
      "Signed",
      "Measure & Order",
      "Install Scheduled",
      "Installing",
      "Walkthrough",
      "Complete",
      "Declined",
    ]);
  });

  it("gives each job its own workflow's machine: any status of it may follow any other, never another workflow's", () => {
    const job = { workflow: "Residential Roofing", status: "Lead" };
    const m = summit.machineForJob(job);
    expect(canTransition(m, "Lead", "Paid")).toBe(true);
    expect(canTransition(m, "Paid", "Lead")).toBe(true); // closed statuses can be reopened
    expect(canTransition(m, "Lead", "Bid Submitted")).toBe(false);
    expect(allowedNext(m, "Lead")).not.toContain("Lead");
  });

  it("lets a job in a retired status move into its workflow, and says when the settings do not know a job", () => {
    const stuck = { workflow: "Residential Roofing", status: "Pending Permit" };
    expect(summit.knowsJob(stuck)).toBe(true);
    expect(allowedNext(summit.machineForJob(stuck), "Pending Permit")).toContain("Materials Ordered");
    expect(summit.knowsJob({ workflow: "Residential Roofing", status: "Brand New" })).toBe(false);
    expect(summit.knowsJob({ workflow: "Solar", status: "Lead" })).toBe(false);
    expect(summit.machineForJob({ workflow: "Solar", status: "Lead" }).statuses).toEqual(["Lead"]);
  });

  it("two accounts give two different profiles", () => {
    const a = jobNimbusProfile(summit, true);
    const b = jobNimbusProfile(brightside, true);
    expect(a.jobMachine!.statuses).not.toEqual(b.jobMachine!.statuses);
    expect(a).toMatchObject({ vendor: "jobnimbus", idKind: "string", customerNoun: "contact", jobSite: "address" });
    expect(a.assetMachine).toBeUndefined();
    expect(Object.keys(a.unsupported)).toEqual(expect.arrayContaining(["search_assets", "log_asset_service", "create_location"]));
    expect(summit.sameAs(new AccountWorkflows(parseAccountSettings(settingsDocument(SUMMIT))))).toBe(true);
    expect(summit.sameAs(brightside)).toBe(false);
  });

  it("refuses settings without workflows and reads type lists", () => {
    expect(() => parseAccountSettings({ taskTypes: [] })).toThrow(/workflows/);
    const parsed = parseAccountSettings(settingsDocument(SUMMIT));
    expect(parsed.taskTypes).toContain("Appointment");
    expect(parsed.activityTypes).toContain("Note");
    expect(parsed.sources).toContain("Door Knocking");
  });
});
