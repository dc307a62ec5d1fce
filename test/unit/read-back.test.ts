/** The update tools' field bookkeeping: what differs (sent), what landed (reconcile), what the read-back shows. */
import { describe, expect, it } from "vitest";
import { differing, landed, readBackNotes, sameValue, type FieldMap } from "../../src/tools/read-back.js";

interface Rec {
  name: string;
  phone?: string | null;
  cost?: number | null;
  notes?: string | null;
}
const FIELDS: FieldMap<Rec> = { name: (r) => r.name, phone: (r) => r.phone, cost: (r) => r.cost, notes: (r) => r.notes };
const before: Rec = { name: "Acme", phone: "+15550100", cost: 10, notes: null };

describe("read-back bookkeeping", () => {
  it("treats blank, null and missing as one empty value, text trimmed, numbers by value", () => {
    expect(sameValue(null, "")).toBe(true);
    expect(sameValue(undefined, "  ")).toBe(true);
    expect(sameValue(" Acme ", "Acme")).toBe(true);
    expect(sameValue("acme", "Acme")).toBe(false);
    expect(sameValue(10, 10.0)).toBe(true);
    expect(sameValue(10, 10.01)).toBe(false);
  });

  it("sends only the asked values that differ from the record", () => {
    expect(differing(FIELDS, before, { name: "Acme", phone: "+15550199", notes: "" })).toEqual(["phone"]);
    expect(differing(FIELDS, before, { name: "Acme" })).toEqual([]);
  });

  it("knows a change landed only when every changed field reads back as asked", () => {
    const wanted = { phone: "+15550199", cost: 12 };
    expect(landed(FIELDS, { ...before, phone: "+15550199", cost: 12 }, wanted, ["phone", "cost"])).toBe(true);
    expect(landed(FIELDS, { ...before, phone: "+15550199" }, wanted, ["phone", "cost"])).toBe(false);
  });

  it("names a changed field the vendor did not keep and a field not sent that changed anyway", () => {
    const wanted = { phone: "+15550199" };
    expect(readBackNotes(FIELDS, before, { ...before, phone: "+15550199" }, wanted, ["phone"])).toEqual([]);
    const notes = readBackNotes(FIELDS, before, { name: "Acme", phone: "+1 555 0199", cost: null, notes: null }, wanted, ["phone"]);
    expect(notes).toEqual([
      'Read back: phone is "+1 555 0199", not "+15550199" as sent; the vendor changed or refused it.',
      "Read back: cost was 10 and is now empty although it was not sent; check it and set it again if that is wrong.",
    ]);
  });
});
