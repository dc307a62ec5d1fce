/** `fsm-mcp demo --vendor jobnimbus` plays its chain against the JobNimbus sandbox and exits 0. */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "./harness.js";

describe("JobNimbus demo", () => {
  it("finds a contact, creates a job in a workflow, moves it through that workflow (one foreign status refused), adds a note", () => {
    const run = spawnSync(process.execPath, [CLI, "demo", "--vendor", "jobnimbus"], {
      env: { PATH: process.env.PATH ?? "", FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-jn-demo-")) },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain("on the jobnimbus sandbox, 10 tools");
    expect(out).toMatch(/→ create_job .*"workflow":"Commercial"/);
    expect(out).toMatch(/✗ refused\n\s+Error \(invalid_argument\): status: "Storm Lead" is not a status of the Commercial workflow/);
    for (const status of ["Site Walk", "Bid Submitted", "Awarded", "Pre-Construction"]) expect(out).toContain(`status: ${status}`);
    expect(out).toMatch(/→ add_job_note[\s\S]*outcome: created/);
    expect(out).toContain("Done: 12 tool calls against the sandbox.");
  }, 60_000);
});
