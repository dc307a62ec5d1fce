/** `fsm-mcp demo --vendor jobnimbus` plays its chain against the JobNimbus sandbox and exits 0. */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, TEST_CACHE_ENV } from "./harness.js";

describe("JobNimbus demo", () => {
  it("finds and corrects a contact, creates a job with its sales rep, books and completes a task, moves the job (one foreign status refused), notes the job and the contact", () => {
    const run = spawnSync(process.execPath, [CLI, "demo", "--vendor", "jobnimbus"], {
      env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-jn-demo-")) },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain("on the jobnimbus sandbox, 14 tools");
    expect(out).toMatch(/→ update_customer [^\n]*\n\s+✓\n\s+outcome: updated[\s\S]*?phone: \(303\) 555-0188/);
    expect(out).toMatch(/→ create_job .*"workflow":"Commercial".*"sales_rep_id":"[a-z0-9]+","lead_source":"Referral"/);
    expect(out).toMatch(/✗ refused\n\s+Error \(invalid_argument\): status: "Storm Lead" is not a status of the Commercial workflow/);
    for (const status of ["Site Walk", "Bid Submitted"]) expect(out).toContain(`status: ${status}`);
    expect(out).toMatch(/→ add_job_task [^\n]*\n\s+✓\n\s+outcome: created[\s\S]*?status: Open/);
    expect(out).toMatch(/→ update_job_task [^\n]*"completed":true\}\n\s+✓\n\s+outcome: updated[\s\S]*?status: Completed/);
    expect(out).toMatch(/→ add_customer_note[^\n]*\n\s+✓\n\s+outcome: created/);
    expect(out).toMatch(/tasks:\n\s+- id=\w+ · status=Completed · description=Site walk with the facility manager · type=Inspection/);
    expect(out).toContain("Done: 13 tool calls against the sandbox.");
  }, 60_000);
});
