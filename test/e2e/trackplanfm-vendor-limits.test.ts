/**
 * What TrackplanFM accepts, enforced before anything is sent (both found by the fuzz as vendor refusals of
 * schema-valid arguments, FUZZ_DIAG=1): a site code is a number, so search_customers publishes it as digits
 * and refuses other text itself instead of sending a filter the vendor answers with 400; and a job's title
 * and description share one vendor field of at most TEXT_MAX_LENGTH characters, so create_job refuses a
 * pair that does not fit instead of sending it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
const TEXT_MAX_LENGTH = 4000;
import { call } from "./harness.js";
import { trackplanfmAgainstSandbox } from "./trackplanfm-harness.js";

let env: Awaited<ReturnType<typeof trackplanfmAgainstSandbox>>;

beforeAll(async () => {
  env = await trackplanfmAgainstSandbox();
});
afterAll(async () => {
  await env?.close();
});

describe("TrackplanFM site codes are numbers", () => {
  it("publishes code as digits, refuses other text by name without a request, and finds a site by its code", async () => {
    const tool = (await env.client.listTools()).tools.find((t) => t.name === "search_customers")!;
    expect((tool.inputSchema.properties as Record<string, { pattern?: string }>).code!.pattern).toBe("^\\d{1,9}$");

    const before = env.sandbox.requests.length;
    const refused = await call(env.client, "search_customers", { code: "HQ-1" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("code");
    expect(refused.text).toContain("must be a whole number, e.g. 10");
    expect(env.sandbox.requests.length).toBe(before);

    const site = env.sandbox.store.all("sites").find((s) => typeof s.code === "number")!;
    const found = await call(env.client, "search_customers", { code: String(site.code) });
    expect(found.isError, found.text).toBe(false);
    expect(found.data.items.map((c: { id: string }) => c.id)).toContain(site.guid);
  });
});

describe("TrackplanFM job text", () => {
  const site = () => env.sandbox.store.all("sites")[0]!.guid;

  it("refuses a title and description that together exceed the vendor's limit, naming description and sending nothing", async () => {
    const title = "T".repeat(200);
    const description = "d".repeat(TEXT_MAX_LENGTH - title.length); // with the newline: one character too many
    const jobs = env.sandbox.store.all("jobs").length;
    const writes = env.sandbox.requests.filter((r) => r.method !== "GET").length;
    const r = await call(env.client, "create_job", { title, description, location_id: site(), allow_duplicate: true });
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`Error (invalid_argument): description: with the title it makes a job text of ${TEXT_MAX_LENGTH + 1} characters`);
    expect(env.sandbox.requests.filter((r) => r.method !== "GET").length).toBe(writes);
    expect(env.sandbox.store.all("jobs").length).toBe(jobs);
  });

  it("creates a job whose text is exactly at the limit", async () => {
    const title = "Limit check";
    const description = "e".repeat(TEXT_MAX_LENGTH - title.length - 1);
    const r = await call(env.client, "create_job", { title, description, location_id: site(), allow_duplicate: true });
    expect(r.isError, r.text).toBe(false);
    expect(env.sandbox.store.get("jobs", r.data.job.id)!.jobDetails).toHaveLength(TEXT_MAX_LENGTH);
  });
});
