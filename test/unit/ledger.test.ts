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

describe("claims: one key, one send", () => {
  it("a second claim of a key in flight waits, then replays the first call's result", async () => {
    const file = fresh();
    const a = new Ledger(file, "ns");
    const b = new Ledger(file, "ns");
    const first = await a.claim("create_job", "key-claim-1", { t: 1 });
    expect(first).toEqual({ token: expect.any(String) });
    let settled = false;
    const second = b.claim("create_job", "key-claim-1", { t: 1 }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(settled).toBe(false);
    // While in flight, a lookup (dry run) finds nothing to replay, and other arguments are refused.
    expect(await b.lookup("create_job", "key-claim-1", { t: 1 })).toBeUndefined();
    await expect(b.claim("create_job", "key-claim-1", { t: 2 })).rejects.toBeInstanceOf(IdempotencyConflictError);
    await a.record("create_job", "key-claim-1", { t: 1 }, 7);
    expect(await second).toEqual({ replay: 7 });
  });

  it("a released claim lets the next call send; a foreign token cannot release it", async () => {
    const ledger = new Ledger(fresh(), "ns");
    const first = (await ledger.claim("create_job", "key-claim-2", { t: 1 })) as { token: string };
    await ledger.release("create_job", "key-claim-2", "someone-else");
    const waiting = ledger.claim("create_job", "key-claim-2", { t: 1 });
    await ledger.release("create_job", "key-claim-2", first.token);
    expect(await waiting).toEqual({ token: expect.not.stringMatching(first.token) });
  });

  it("a pending entry left by a crashed process expires", async () => {
    const file = fresh();
    const start = Date.now();
    await new Ledger(file, "ns").claim("create_job", "key-claim-3", { t: 1 });
    const later = new Ledger(file, "ns", 100);
    expect(await later.claim("create_job", "key-claim-3", { t: 1 })).toEqual({ token: expect.any(String) });
    expect(Date.now() - start).toBeGreaterThanOrEqual(100);
  });

  it("a waiting claim stops when its call is cancelled", async () => {
    const ledger = new Ledger(fresh(), "ns");
    await ledger.claim("create_job", "key-claim-4", { t: 1 });
    await expect(ledger.claim("create_job", "key-claim-4", { t: 1 }, AbortSignal.timeout(100))).rejects.toThrow();
  });
});
