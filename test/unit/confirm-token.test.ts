/** Confirm tokens (stateless HTTP): bound to tool, arguments and user; signed; expiring; single-use. Clock injected. */
import { describe, expect, it } from "vitest";
import { ConfirmTokens, TOKEN_TTL_MS, confirmKey } from "../../src/server/confirm-token.js";

const subject = { tool: "update_job_status", args: { job_id: 7, status: "Cancelled", dry_run: false, confirm: true }, user: { sub: "alice" } };

describe("confirm tokens", () => {
  it("confirm exactly the call they were issued for, once", async () => {
    let now = 1_000_000;
    const tokens = new ConfirmTokens(confirmKey("s".repeat(32), undefined, "x"), { now: () => now });
    const token = tokens.issue(subject);
    // The `confirm` argument itself and key order do not matter.
    expect(await tokens.redeem(token, { ...subject, args: { confirm: token, status: "Cancelled", dry_run: false, job_id: 7 } })).toBe(true);
    expect(await tokens.redeem(token, { ...subject, args: { ...subject.args, confirm: token } })).toBe("it has been used already");

    const second = tokens.issue(subject);
    expect(await tokens.redeem(second, { ...subject, args: { ...subject.args, job_id: 8 } })).toMatch(/another change/);
    expect(await tokens.redeem(second, { ...subject, tool: "update_asset_status" })).toMatch(/another change/);
    expect(await tokens.redeem(second, { ...subject, user: { sub: "bob" } })).toBe("it was given to another user");
    expect(await tokens.redeem(second, { ...subject, user: undefined })).toBe("it was given to another user");
    now += TOKEN_TTL_MS;
    expect(await tokens.redeem(second, subject)).toBe("it has expired");
  });

  it("are checked by any replica with the same key, and by no other", async () => {
    const key = confirmKey(undefined, "fsm_live_shared_vendor_key", "fsmnavigator|https://x");
    const token = new ConfirmTokens(key).issue(subject);
    expect(await new ConfirmTokens(confirmKey(undefined, "fsm_live_shared_vendor_key", "fsmnavigator|https://x")).redeem(token, subject)).toBe(true);
    expect(await new ConfirmTokens(confirmKey(undefined, "another_key", "fsmnavigator|https://x")).redeem(token, subject)).toBe("its signature does not match");
    expect(await new ConfirmTokens(key).redeem(`${token}.x`, subject)).toBe("it is not a confirm token from this server");
    expect(await new ConfirmTokens(key).redeem("true", subject)).toBe("it is not a confirm token from this server");
  });
});
