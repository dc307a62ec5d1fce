/**
 * A request whose head is too long for the sandbox's HTTP server (a URL past 16 KB) is answered 431, as a
 * real web server answers (414/431), instead of a silent connection reset that a client takes for a
 * network fault and retries until it times out (the fuzz saw a 16.6 KB JobNimbus search URL hang for 5 s).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, startJobnimbusSandbox, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";

let sandbox: JobNimbusSandbox;
beforeAll(async () => {
  sandbox = await startJobnimbusSandbox({ port: 0, rateLimit: false });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("oversized request head", () => {
  it("gets 431 at once, and the server keeps serving", async () => {
    const headers = { Authorization: `Bearer ${DEMO_KEYS[0]!.key}` };
    const long = await fetch(`${sandbox.apiBase}/contacts?filter=${"%F0%9F%94%A7".repeat(3000)}`, { headers, signal: AbortSignal.timeout(3000) });
    expect(long.status).toBe(431);
    const ok = await fetch(`${sandbox.apiBase}/contacts?size=1`, { headers });
    expect(ok.status).toBe(200);
  });
});
