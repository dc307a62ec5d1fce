import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IdempotencyConflictError } from "../../src/domain/errors.js";
import { argsHash, Ledger } from "../../src/safety/ledger.js";

const fresh = () => join(mkdtempSync(join(tmpdir(), "fsm-ledger-")), "idempotency.json");

describe("idempotency ledger", () => {
  it("returns the recorded id for the same key and arguments", async () => {
    const ledger = new Ledger(fresh(), "ns");
    expect(await ledger.lookup("create_job", "key-123456", { title: "A" })).toBeUndefined();
    await ledger.record("create_job", "key-123456", { title: "A", dry_run: false }, 42);
    expect(await ledger.lookup("create_job", "key-123456", { title: "A" })).toEqual({ id: 42 });
  });

  it("refuses the same key with different arguments", async () => {
    const ledger = new Ledger(fresh(), "ns");
    await ledger.record("create_job", "key-123456", { title: "A" }, 42);
    await expect(ledger.lookup("create_job", "key-123456", { title: "B" })).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it("keeps namespaces and tools apart", async () => {
    const file = fresh();
    await new Ledger(file, "a").record("create_job", "key-123456", { t: 1 }, 1);
    expect(await new Ledger(file, "b").lookup("create_job", "key-123456", { t: 1 })).toBeUndefined();
    expect(await new Ledger(file, "a").lookup("create_asset", "key-123456", { t: 1 })).toBeUndefined();
  });

  it("survives concurrent writers without losing entries, and stores the file 0600", async () => {
    const file = fresh();
    await Promise.all(Array.from({ length: 25 }, (_, i) => new Ledger(file, "ns").record("create_job", `key-${i}-abcdef`, { i }, i)));
    const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(Object.keys(data)).toHaveLength(25);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("hashes arguments canonically, ignoring control arguments", () => {
    expect(argsHash({ a: 1, b: [1, 2] })).toBe(argsHash({ b: [1, 2], a: 1, dry_run: false, idempotency_key: "x" }));
    expect(argsHash({ a: 1 })).not.toBe(argsHash({ a: 2 }));
  });
});
