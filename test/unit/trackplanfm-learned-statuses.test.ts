/**
 * TrackplanFM facts added for issue 13: the job machine that learns the account's statuses, and the spellings the
 * guide uses for one field (pinned against literal copies of the seed's bodies and answers).
 */
import { describe, expect, it } from "vitest";
import { canTransition } from "../../src/domain/status-machine.js";
import { JOB_MACHINE, JOB_STATUSES, LEARNED_STATUS_DESCRIPTION, READ_ALIASES, USER_ID_CLAIMS, learningJobMachine } from "../../src/vendors/trackplanfm/facts.js";

describe("learningJobMachine", () => {
  it("starts as the assumed machine and learns an account status once, which may move to Completed", () => {
    const { machine, learn } = learningJobMachine();
    expect(machine.statuses).toEqual(JOB_STATUSES);
    expect(canTransition(machine, "Awaiting Parts", "Completed")).toBe(false);
    expect(learn("Awaiting Parts")).toBe(true);
    expect(learn("Awaiting Parts")).toBe(false);
    expect(machine.statuses).toEqual([...JOB_STATUSES, "Awaiting Parts"]);
    expect(canTransition(machine, "Awaiting Parts", "Completed")).toBe(true);
    expect(machine.descriptions?.["Awaiting Parts"]).toBe(LEARNED_STATUS_DESCRIPTION);
    // Completed stays terminal and confirmed; the vendor's own facts object is never changed.
    expect(machine.terminal).toEqual(["Completed", "Cancelled"]);
    expect(machine.irreversible).toEqual(["Completed"]);
    expect(JOB_MACHINE.statuses).not.toContain("Awaiting Parts");
    expect(learningJobMachine().machine.statuses).not.toContain("Awaiting Parts");
  });

  it("ignores blanks, known statuses and absurd lengths", () => {
    const { machine, learn } = learningJobMachine();
    for (const s of [undefined, null, "", "   ", "Logged", " Completed ", "x".repeat(101)]) expect(learn(s), String(s)).toBe(false);
    expect(machine.statuses).toEqual(JOB_STATUSES);
  });
});

describe("the guide's spellings of one field (seed 003)", () => {
  it("are the literal names of its bodies and answers", () => {
    // §2.2.1 answer "details", §2.2.2 body "description".
    expect(READ_ALIASES.jobRequestText).toEqual(["details", "description"]);
    // §2.5.3 create "assignedUserName", §2.5.6 update "assignedToUserName"; resourceName is what answers carry [I].
    expect(READ_ALIASES.taskAssignee).toEqual(["resourceName", "assignedUserName", "assignedToUserName"]);
    // §2.5.3 "durationInHours", §2.5.6 "duration".
    expect(READ_ALIASES.taskDuration).toEqual(["durationInHours", "duration"]);
    // §2.5.6 "completedDate", §2.5.5 "completeDate" and "completNote" (sic).
    expect(READ_ALIASES.taskCompletedAt).toEqual(["completedDate", "completeDate"]);
    expect(READ_ALIASES.taskCompleteNote).toContain("completNote");
    // §2.9.1 "siteId", §2.9.2-3 "siteld", §2.9.4 "sitelid".
    expect(READ_ALIASES.storageSiteId).toEqual(["siteId", "siteld", "sitelid"]);
    expect(USER_ID_CLAIMS[0]).toBe("userId");
  });
});
