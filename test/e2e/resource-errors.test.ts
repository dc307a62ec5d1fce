/**
 * resources/read of fsm://jobs/{job_id} answers with the MCP error a client can act on, for every id form:
 * a job the vendor does not have is -32002 (resource not found; issue 15: JobNimbus answered -32603), and an id
 * that is not in the vendor's form is -32602 (invalid params) before anything is sent to the vendor (issue 15:
 * a malformed TrackplanFM id went to the vendor and its 400 surfaced as -32603). The built server over stdio
 * against each vendor's sandbox, the sandbox's own request log counting what was sent.
 */
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobnimbusSandbox, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import type { Connected } from "./harness.js";
import { liveAgainstSandbox } from "./harness.js";
import { connectJobnimbus } from "./jobnimbus-harness.js";
import { trackplanfmAgainstSandbox } from "./trackplanfm-harness.js";

async function readError(conn: Connected, uri: string): Promise<McpError> {
  const err = await conn.client.readResource({ uri }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `${uri} was read`).toBeInstanceOf(McpError);
  return err as McpError;
}

describe("JobNimbus", () => {
  let sandbox: JobNimbusSandbox;
  let conn: Connected;
  beforeAll(async () => {
    sandbox = await startJobnimbusSandbox({ port: 0, rateLimit: false });
    conn = await connectJobnimbus(sandbox, "summit");
  });
  afterAll(async () => {
    await conn?.close();
    await sandbox?.close();
  });

  it("a job the account does not have: -32002, naming the tool that finds job ids", async () => {
    const err = await readError(conn, "fsm://jobs/nosuchjob0000000000");
    expect(err.code).toBe(-32002);
    expect(err.message).toContain("list_jobs");
  });

  it("an id not in JobNimbus's form: -32602, nothing sent", async () => {
    const before = sandbox.requests.length;
    const err = await readError(conn, `fsm://jobs/${encodeURIComponent("a b;c")}`);
    expect(err.code).toBe(-32602);
    expect(sandbox.requests.length).toBe(before);
  });
});

describe("TrackplanFM", () => {
  let tp: Awaited<ReturnType<typeof trackplanfmAgainstSandbox>>;
  beforeAll(async () => {
    tp = await trackplanfmAgainstSandbox();
  });
  afterAll(async () => {
    await tp?.close();
  });

  it("a malformed id: -32602 before any vendor call, saying which form is expected", async () => {
    const before = tp.sandbox.requests.length;
    const err = await readError(tp, "fsm://jobs/not-a-guid");
    expect(err.code).toBe(-32602);
    expect(err.message).toMatch(/GUID/);
    expect(tp.sandbox.requests.length).toBe(before);
  });

  it("a well-formed GUID the server does not have: -32002", async () => {
    const err = await readError(tp, "fsm://jobs/00000000-0000-4000-8000-000000000000");
    expect(err.code).toBe(-32002);
  });
});

describe("FSM Navigator", () => {
  let live: Awaited<ReturnType<typeof liveAgainstSandbox>>;
  beforeAll(async () => {
    live = await liveAgainstSandbox();
  });
  afterAll(async () => {
    await live?.close();
  });

  it("a missing job is -32002, a non-numeric id -32602 with nothing sent", async () => {
    expect((await readError(live, "fsm://jobs/999999")).code).toBe(-32002);
    const before = live.sandbox.requests.length;
    expect((await readError(live, "fsm://jobs/12ab")).code).toBe(-32602);
    expect(live.sandbox.requests.length).toBe(before);
  });
});
