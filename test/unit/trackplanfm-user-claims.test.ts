/** The logged-in user's id from a JWT's claims (facts.USER_ID_CLAIMS): only whole numbers, in the documented order. */
import { describe, expect, it } from "vitest";
import { userIdOfToken } from "../../src/vendors/trackplanfm/auth.js";

const token = (claims: unknown) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

describe("userIdOfToken", () => {
  it("reads userId, nameid or the name-identifier claim URI, first whole number wins", () => {
    expect(userIdOfToken(token({ userId: 12 }))).toBe(12);
    expect(userIdOfToken(token({ nameid: "7", sub: "sandbox.dispatcher" }))).toBe(7);
    expect(userIdOfToken(token({ "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier": "31" }))).toBe(31);
    expect(userIdOfToken(token({ userId: "abc", nameid: 9 }))).toBe(9);
  });

  it("names nobody for a user name, a fraction, a negative, a broken payload or no payload", () => {
    for (const claims of [{ sub: "jane" }, { userId: 1.5 }, { nameid: "-3" }, { userId: 0 }, null, "x"]) expect(userIdOfToken(token(claims)), JSON.stringify(claims)).toBeUndefined();
    expect(userIdOfToken("not-a-jwt")).toBeUndefined();
    expect(userIdOfToken("a.%%%.b")).toBeUndefined();
  });
});
