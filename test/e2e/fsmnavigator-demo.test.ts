/** `fsm-mcp demo` (FSM Navigator) plays its chain, the corrections of issue 13 included, and exits 0. */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, TEST_CACHE_ENV } from "./harness.js";

describe("FSM Navigator demo", () => {
  it("corrects a customer, a location and an asset on the way through the dispatcher chain", () => {
    const run = spawnSync(process.execPath, [CLI, "demo"], {
      env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, FSM_STATE_DIR: mkdtempSync(join(tmpdir(), "fsm-demo-")) },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/→ update_customer \{"customer_id":201,"phone":"\+12175550142"\}\n\s+✓\n\s+outcome: updated[\s\S]*?phone: \+12175550142/);
    expect(out).toMatch(/→ update_location [^\n]*\n\s+✓\n\s+outcome: updated[\s\S]*?notes: Badge in at reception/);
    expect(out).toMatch(/→ update_asset [^\n]*\n\s+✓\n\s+outcome: updated[\s\S]*?serial_number: 24ACC636-\d+[\s\S]*?assigned_to: \d+/);
    expect(out).toMatch(/→ get_asset [^\n]*\n\s+✓[\s\S]*?service_total: 1/);
    expect(out).toMatch(/Done: 17 tool calls against the sandbox/);
  }, 60_000);
});
