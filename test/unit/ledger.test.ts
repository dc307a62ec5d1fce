import { mkdtempSync, readdirSync, readFileSync, appendFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IdempotencyConflictError } from "../../src/domain/errors.js";
import { argsHash, EmbeddedLedger } from "../../src/state/embedded/ledger.js";

const fresh = () => mkdtempSync(join(tmpdir(), "fsm-ledger-"));

describe("idempotency ledger (embedded)", () => {
  it("returns the recorded id for the same key and arguments", async () => {
    const ledger = new EmbeddedLedger(fresh(), "ns");
    expect(await ledger.lookup("create_job", "key-123456", { title: "A" })).toBeUndefined();
    await ledger.record("create_job", "key-123456", { title: "A", dry_run: false }, 42);
    expect(await ledger.lookup("create_job", "key-123456", { title: "A" })).toEqual({ id: 42 });
    // A second instance (another process sharing the state dir) reads it from the journal.
    expect(await new EmbeddedLedger(ledger["journal"].replace(/\/idempotency\.jsonl$/, ""), "ns").lookup("create_job", "key-123456", { title: "A" })).toEqual({ id: 42 });
  });

  it("refuses the same key with different arguments", async () => {
    const ledger = new EmbeddedLedger(fresh(), "ns");
    await ledger.record("create_job", "key-123456", { title: "A" }, 42);
    await expect(ledger.lookup("create_job", "key-123456", { title: "B" })).rejects.toBeInstanceOf(IdempotencyConflictError);
    await expect(ledger.claim("create_job", "key-123456", { title: "B" })).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it("keeps namespaces and tools apart", async () => {
    const dir = fresh();
    await new EmbeddedLedger(dir, "a").record("create_job", "key-123456", { t: 1 }, 1);
    expect(await new EmbeddedLedger(dir, "b").lookup("create_job", "key-123456", { t: 1 })).toBeUndefined();
    expect(await new EmbeddedLedger(dir, "a").lookup("create_asset", "key-123456", { t: 1 })).toBeUndefined();
  });

  it("appends, never rewrites: concurrent writers lose nothing, and the journal is 0600", async () => {
    const dir = fresh();
    await Promise.all(Array.from({ length: 25 }, (_, i) => new EmbeddedLedger(dir, "ns").record("create_job", `key-${i}-abcdef`, { i }, i)));
    const reader = new EmbeddedLedger(dir, "ns");
    for (let i = 0; i < 25; i++) expect(await reader.lookup("create_job", `key-${i}-abcdef`, { i })).toEqual({ id: i });
    expect(statSync(join(dir, "idempotency.jsonl")).mode & 0o777).toBe(0o600);
  });

  it("a line torn by a crash is skipped, and the next record after it still counts", async () => {
    const dir = fresh();
    const first = new EmbeddedLedger(dir, "ns");
    await first.record("create_job", "key-before", { t: 1 }, 1);
    // A writer killed mid-append leaves half a line with no newline.
    appendFileSync(join(dir, "idempotency.jsonl"), '\n{"k":"ns|create_job|key-torn","hash":"ab');
    const second = new EmbeddedLedger(dir, "ns");
    await second.record("create_job", "key-after", { t: 2 }, 2);
    const reader = new EmbeddedLedger(dir, "ns");
    expect(await reader.lookup("create_job", "key-before", { t: 1 })).toEqual({ id: 1 });
    expect(await reader.lookup("create_job", "key-torn", { t: 3 })).toBeUndefined();
    expect(await reader.lookup("create_job", "key-after", { t: 2 })).toEqual({ id: 2 });
  });

  it("hashes arguments canonically, ignoring control arguments", () => {
    expect(argsHash({ a: 1, b: [1, 2] })).toBe(argsHash({ b: [1, 2], a: 1, dry_run: false, idempotency_key: "x" }));
    expect(argsHash({ a: 1 })).not.toBe(argsHash({ a: 2 }));
  });

  it("a broken state directory gives an error without the machine's paths", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "idempotency.claims"), "not a directory");
    const err = await new EmbeddedLedger(dir, "ns").claim("create_job", "key-broken", { t: 1 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/idempotency ledger could not .*FSM_STATE_DIR/);
    expect((err as Error).message).not.toContain(dir);
    expect((err as Error).message).not.toMatch(/\/tmp|\/root|\/home/);
  });
});

describe("claims: one key, one send", () => {
  it("20 concurrent claims of one key in one process: one sends, the others wait on it (no polling) and replay", async () => {
    const ledger = new EmbeddedLedger(fresh(), "ns");
    const claims = Array.from({ length: 20 }, () => ledger.claim("create_job", "key-burst", { t: 1 }));
    const first = await Promise.race(claims);
    expect(first).toEqual({ token: expect.any(String) });
    await ledger.record("create_job", "key-burst", { t: 1 }, 7, (first as { token: string }).token);
    const all = await Promise.all(claims);
    expect(all.filter((c) => "token" in c)).toHaveLength(1);
    expect(all.filter((c) => "replay" in c && c.replay === 7)).toHaveLength(19);
  });

  it("a second claim of a key in flight waits, then replays; a dry run finds nothing; other arguments are refused", async () => {
    const dir = fresh();
    const a = new EmbeddedLedger(dir, "ns");
    const b = new EmbeddedLedger(dir, "ns"); // another process sharing the state dir
    const first = await a.claim("create_job", "key-claim-1", { t: 1 });
    expect(first).toEqual({ token: expect.any(String) });
    let settled = false;
    const second = b.claim("create_job", "key-claim-1", { t: 1 }).finally(() => (settled = true));
    expect(await b.lookup("create_job", "key-claim-1", { t: 1 })).toBeUndefined();
    await expect(b.claim("create_job", "key-claim-1", { t: 2 })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(settled).toBe(false);
    await a.record("create_job", "key-claim-1", { t: 1 }, 7, (first as { token: string }).token);
    expect(await second).toEqual({ replay: 7 });
    await Promise.all([a.close(), b.close()]);
  });

  it("a released claim lets the next call send; a foreign token cannot release it", async () => {
    const ledger = new EmbeddedLedger(fresh(), "ns");
    const first = (await ledger.claim("create_job", "key-claim-2", { t: 1 })) as { token: string };
    await ledger.release("create_job", "key-claim-2", "someone-else");
    const waiting = ledger.claim("create_job", "key-claim-2", { t: 1 });
    await ledger.release("create_job", "key-claim-2", first.token);
    const next = await waiting;
    expect(next).toEqual({ token: expect.any(String) });
    expect((next as { token: string }).token).not.toBe(first.token);
  });

  it("a key given up uncertain comes back orphaned, with what was sent, to this process and to others", async () => {
    const dir = fresh();
    const ledger = new EmbeddedLedger(dir, "ns");
    const first = (await ledger.claim("create_job", "key-claim-3", { t: 1 })) as { token: string };
    await ledger.sending("create_job", "key-claim-3", first.token, { at: "2026-01-01T00:00:00.000Z", known: ["5"] });
    await ledger.release("create_job", "key-claim-3", first.token, { uncertain: true });
    const again = await ledger.claim("create_job", "key-claim-3", { t: 1 });
    expect(again).toMatchObject({ token: expect.any(String), orphaned: { sending: { at: "2026-01-01T00:00:00.000Z", known: ["5"] } } });
    await ledger.release("create_job", "key-claim-3", (again as { token: string }).token, { uncertain: true });
    expect(await new EmbeddedLedger(dir, "ns").claim("create_job", "key-claim-3", { t: 1 })).toMatchObject({ orphaned: { sending: { known: ["5"] } } });
  });

  it("a waiting claim stops when its call is cancelled", async () => {
    const ledger = new EmbeddedLedger(fresh(), "ns");
    await ledger.claim("create_job", "key-claim-4", { t: 1 });
    const ctrl = new AbortController();
    const waiting = ledger.claim("create_job", "key-claim-4", { t: 1 }, ctrl.signal);
    ctrl.abort(new Error("cancelled by the client"));
    await expect(waiting).rejects.toThrow("cancelled by the client");
  });

  it("claims of different keys are separate files: no shared lock file, and none left after recording", async () => {
    const dir = fresh();
    const ledger = new EmbeddedLedger(dir, "ns");
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => ledger.claim("create_job", `key-many-${i}`, { i })));
    expect(readdirSync(join(dir, "idempotency.claims")).filter((f) => !f.startsWith("."))).toHaveLength(20);
    await Promise.all(claims.map((c, i) => ledger.record("create_job", `key-many-${i}`, { i }, i, (c as { token: string }).token)));
    expect(readdirSync(join(dir, "idempotency.claims"))).toHaveLength(0);
    expect(readdirSync(dir).sort()).toEqual(["idempotency.claims", "idempotency.jsonl"]);
    expect(readFileSync(join(dir, "idempotency.jsonl"), "utf8").trim().split(/\n+/)).toHaveLength(20);
  });
});
