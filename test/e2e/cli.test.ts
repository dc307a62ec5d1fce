/** The command line as a user meets it: help, version, configuration errors; stdout stays clean. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, TEST_CACHE_ENV } from "./harness.js";

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...TEST_CACHE_ENV, ...env }, encoding: "utf8", timeout: 15_000 });

describe("fsm-mcp CLI", () => {
  it("--help prints usage to stderr and exits 0", () => {
    const r = run(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage:");
    expect(r.stderr).toContain("fsm-mcp sandbox");
    expect(r.stderr).toContain("fsm-mcp demo");
  });

  it("--version prints the package version", () => {
    const r = run(["--version"]);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    expect(r.status).toBe(0);
    expect(r.stderr.trim()).toBe(pkg.version);
  });

  it("a bad variable exits 2 naming the variable and the fix, without echoing the secret", () => {
    const r = run([], { FSM_VENDOR: "fieldpulse", FSM_API_KEY: "fsm_live_supersecret123" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("FSM_VENDOR must be one of fsmnavigator, trackplanfm, jobnimbus");
    expect(r.stderr).not.toContain("supersecret");
  });

  it("an unknown command or flag exits 2 with usage", () => {
    expect(run(["dispatch"]).status).toBe(2);
    const flag = run(["--no-such-flag"]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("Usage:");
    expect(flag.stderr).toMatch(/no-such-flag/);
  });
});
