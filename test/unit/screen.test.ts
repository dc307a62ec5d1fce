import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/domain/errors.js";
import { REDACTED, Redactor } from "../../src/http/redact.js";
import { findString, screenArguments, withoutSecrets } from "../../src/tools/screen.js";

const KEY = "fsm_live_Key123456";
const redactor = new Redactor([KEY]);

function refusal(args: Record<string, unknown>): InvalidArgumentError {
  try {
    screenArguments(args, redactor);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error(`accepted ${JSON.stringify(args)}`);
}

describe("findString", () => {
  const isX = (s: string) => s === "x";
  it("names the path of the first matching value or key", () => {
    expect(findString({ a: "y", b: { c: ["y", "x"] } }, isX)).toBe("b.c[1]");
    expect(findString({ a: { x: 1 } }, isX)).toBe("a.x");
    expect(findString("x", isX)).toBe("(value)");
  });
  it("answers undefined when nothing matches, skipping non-strings", () => {
    expect(findString({ a: 1, b: null, c: true, d: [2, "y"] }, isX)).toBeUndefined();
  });
});

describe("screenArguments", () => {
  it("accepts ordinary text, emoji and right-to-left scripts", () => {
    expect(() => screenArguments({ name: "Acme 🔧 שלום", tags: ["مرحبا"], n: 3 }, redactor)).not.toThrow();
  });

  it("refuses an unpaired surrogate, naming the argument", () => {
    const err = refusal({ name: "ok", notes: { lines: ["fine", "broken \uD83D here"] } });
    expect(err.field).toBe("notes.lines[1]");
    expect(err.message).toContain("unpaired UTF-16 surrogate");
  });

  it("refuses the server's own credential, inside a longer text too, without repeating it", () => {
    const err = refusal({ description: `call me, key ${KEY}` });
    expect(err.field).toBe("description");
    expect(err.message).toContain("own credential");
    expect(`${err.message} ${err.hints.join(" ")}`).not.toContain(KEY);
  });
});

describe("withoutSecrets", () => {
  it("returns the same object when no secret is in it, a redacted copy when one is", () => {
    const clean = { customer: { id: 1, name: "Acme" } };
    expect(withoutSecrets(clean, redactor)).toBe(clean);
    expect(withoutSecrets({ customer: { id: 1, name: `Acme ${KEY}` } }, redactor)).toEqual({ customer: { id: 1, name: `Acme ${REDACTED}` } });
  });
});
