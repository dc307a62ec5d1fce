/**
 * An error message names the request without repeating a huge query string: a search for a long text made
 * JobNimbus error messages of over 16 KB (the whole URL). The request is still sent whole.
 */
import { afterEach, describe, expect, it } from "vitest";
import { json, makeClient, rejectionOf, startServer } from "./helpers.js";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

describe("long request paths in messages", () => {
  it("are shortened in the error message (and cut between characters), while the vendor gets the whole query", async () => {
    const server = await startServer((_req, res) => json(res, 400, { success: false, error: "bad_request", message: "too long" }));
    const { client } = makeClient(server.url);
    cleanup.push(() => server.close(), () => client.close());
    const search = "🔧".repeat(1000);
    const err = await rejectionOf(client.request({ method: "GET", path: "/customers", query: { search } }));
    expect(server.requests[0]!.url).toContain(encodeURIComponent(search));
    expect(err.message).toMatch(/^GET \/customers\?search=%F0%9F%94%A7.*… failed: 400/);
    expect(err.message.length).toBeLessThan(500);
    expect(err.message.isWellFormed()).toBe(true);
  });
});
