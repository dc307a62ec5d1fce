/**
 * Natural-language lookups end to end on TrackplanFM and JobNimbus (FSM Navigator: lookup.test.ts): the built
 * server over stdio against a sandbox this test owns. Expected records come from the sandbox or from the
 * vendor's own lists (the tools without a phrase), never from constants.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobnimbusSandbox, type JobNimbusSandbox } from "../../src/sandbox/jobnimbus/index.js";
import { call, type Connected } from "./harness.js";
import { connectJobnimbus, sent } from "./jobnimbus-harness.js";
import { seenTp, trackplanfmAgainstSandbox } from "./trackplanfm-harness.js";

const ids = (r: { data: { items: Array<{ id: unknown }> } }) => r.data.items.map((i) => i.id);

describe("lookups on TrackplanFM", () => {
  let env: Awaited<ReturnType<typeof trackplanfmAgainstSandbox>>;
  beforeAll(async () => {
    env = await trackplanfmAgainstSandbox();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("'boiler <site>' finds the boilers at that site, explained by type or name and site", async () => {
    const site = env.sandbox.store.all("sites").find((s) => env.sandbox.store.all("assets").some((a) => a.siteId === s.siteId && /boiler/i.test(a.description ?? "")))!;
    const word = site.name!.split(" ")[0]!;
    const expected = env.sandbox.store
      .all("assets")
      .filter((a) => a.siteId === site.siteId && /boiler/i.test(a.description ?? ""))
      .map((a) => a.guid);
    const r = await call(env.client, "search_assets", { query: `the boiler at ${word}` });
    expect(r.isError, r.text).toBe(false);
    expect(ids(r)).toEqual(expect.arrayContaining(expected));
    expect(r.data.items[0].matched).toContainEqual(expect.stringMatching(new RegExp(`^(customer|location): .*${word}`)));
  });

  it("a job number and a site's name find its jobs; a misspelt site name still does", async () => {
    const newest = await call(env.client, "list_jobs", { per_page: 1 });
    const job = newest.data.items[0];
    const byNumber = await call(env.client, "list_jobs", { query: `job ${job.number}` });
    expect(ids(byNumber)[0]).toBe(job.id);
    expect(byNumber.data.items[0].matched).toEqual([`number: ${job.number}`]);
    const site = env.sandbox.store.all("sites").find((s) => s.name && s.name.split(" ")[0]!.length >= 6)!;
    const first = site.name!.split(" ")[0]!;
    const found = await call(env.client, "search_customers", { query: first.slice(0, -1) });
    expect(ids(found)).toContain(site.guid);
    // One typo is tolerated: a dropped letter ("Stockprt" finds "Stockport").
    const dropped = `${first.slice(0, 3)}${first.slice(4)}`;
    const fuzzy = await call(env.client, "search_customers", { query: dropped });
    expect(ids(fuzzy), dropped).toContain(site.guid);
  });

  it("an asset created through fsm-mcp is found at once, without another asset list request", async () => {
    const site = env.sandbox.store.all("sites")[0]!;
    const cls = env.sandbox.store.all("assets")[0]!;
    const made = await call(env.client, "create_asset", { name: "Quillfeather Heat Pump", type_id: cls.assetClassId!, location_id: site.guid, serial_number: `QF-${Date.now()}` });
    expect(made.isError, made.text).toBe(false);
    const before = seenTp(env.sandbox, "GET", "/api/assets");
    const found = await call(env.client, "search_assets", { query: "quillfeather heatpump" });
    expect(ids(found)).toEqual([made.data.asset.id]);
    expect(seenTp(env.sandbox, "GET", "/api/assets")).toBe(before);
  });

  it("a status word the vendor has no status for is not understood, and the answer says so", async () => {
    const r = await call(env.client, "search_assets", { query: "missing boiler" });
    expect(r.data.items).toEqual([]);
    expect(r.data.not_understood).toEqual(["missing"]);
    expect(r.data.hint).toMatch(/no asset status TrackplanFM records/);
  });
});

describe("lookups on JobNimbus", () => {
  let sandbox: JobNimbusSandbox;
  let conn: Connected;
  const stateDir = mkdtempSync(join(tmpdir(), "fsm-lookup-jn-"));
  beforeAll(async () => {
    sandbox = await startJobnimbusSandbox({ port: 0, rateLimit: false });
    conn = await connectJobnimbus(sandbox, "summit", { FSM_STATE_DIR: stateDir });
  });
  afterAll(async () => {
    await conn?.close();
    await sandbox?.close();
  });

  it("a contact's name with one typo finds it first", async () => {
    const listed = await call(conn.client, "search_customers", { per_page: 50 });
    const contact = listed.data.items.find((c: { name: string }) => /^\S+ \S{5,}$/.test(c.name))!;
    const [firstName, lastName] = contact.name.split(" ");
    const typo = `${firstName} ${lastName.slice(0, -1)}x`;
    const r = await call(conn.client, "search_customers", { query: typo });
    expect(r.isError, r.text).toBe(false);
    expect(ids(r)[0]).toBe(contact.id);
    expect(r.data.items[0].matched).toContain(`name: ${contact.name}`);
  });

  it("list_jobs finds a contact's jobs by name and keeps the workflow filter", async () => {
    const newest = await call(conn.client, "list_jobs", { per_page: 20, response_format: "detailed" });
    const job = newest.data.items.find((j: { customer?: string }) => j.customer)!;
    const r = await call(conn.client, "list_jobs", { query: `jobs for ${job.customer}`, per_page: 100 });
    expect(ids(r)).toContain(job.id);
    const inWorkflow = await call(conn.client, "list_jobs", { query: job.customer, workflow: job.workflow, per_page: 100 });
    expect(inWorkflow.data.items.every((j: { workflow?: string }) => j.workflow === job.workflow)).toBe(true);
    expect(ids(inWorkflow)).toContain(job.id);
  });

  it("a contact created through fsm-mcp is found at once; a restart answers from the saved index without reading contacts", async () => {
    const made = await call(conn.client, "create_customer", { name: "Ottoline Brambleworth", email: `ottoline.${Date.now()}@example.com` });
    expect(made.isError, made.text).toBe(false);
    const before = sent(sandbox, "summit", "GET", "/contacts");
    const found = await call(conn.client, "search_customers", { query: "brambleworth" });
    expect(ids(found)).toEqual([made.data.customer.id]);
    expect(sent(sandbox, "summit", "GET", "/contacts")).toBe(before);

    // The save after the write is on disk before the server exits (shutdown waits for it).
    await conn.close();
    conn = await connectJobnimbus(sandbox, "summit", { FSM_STATE_DIR: stateDir });
    const again = await call(conn.client, "search_customers", { query: "ottoline" });
    expect(ids(again)).toEqual([made.data.customer.id]);
    expect(sent(sandbox, "summit", "GET", "/contacts")).toBe(before);
  });
});
