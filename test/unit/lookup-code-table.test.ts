/**
 * The code table (src/lookup/code-table.ts): exact keys with their entries, in a packed sorted block, sorted runs of
 * newer keys and an unsorted batch. Checked against a plain reference (a Map and a sorted array) on a few thousand
 * seeded random keys, across the block, the runs, the batch, packing, a save and a load; and a saved table that does
 * not hold together is refused.
 */
import { describe, expect, it } from "vitest";
import { CodeTable } from "../../src/lookup/code-table.js";
import { SeededRandom } from "../../src/sandbox/common/random.js";

/** What the table must answer, kept the simplest way. */
class Reference {
  readonly entries = new Map<string, number[]>();
  add(key: string, entry: number): void {
    const list = this.entries.get(key);
    if (!list) this.entries.set(key, [entry]);
    else if (!list.includes(entry)) list.push(entry);
  }
  longer(prefix: string): string[] {
    return [...this.entries.keys()].filter((k) => k.length > prefix.length && k.startsWith(prefix)).sort();
  }
}

function expectSame(table: CodeTable, ref: Reference, probes: readonly string[], prefixes: readonly string[]): void {
  for (const key of probes) {
    expect(table.has(key), key).toBe(ref.entries.has(key));
    expect(table.get(key), key).toEqual(ref.entries.get(key) ?? []);
  }
  for (const prefix of prefixes) expect([...table.longer(prefix)].sort(), `longer(${JSON.stringify(prefix)})`).toEqual(ref.longer(prefix));
}

/** Mostly short ASCII keys from a small alphabet (shared prefixes, repeats), a few with Latin-1 or wider characters. */
function randomKey(rng: SeededRandom): string {
  const alphabet = rng.chance(0.05) ? ["a", "é", "ж", "😀", "\uffff", "0"] : ["a", "b", "0", "1", "9"];
  let key = "";
  for (let n = rng.int(1, 9); n > 0; n--) key += rng.pick(alphabet);
  return key;
}

describe("the code table against a reference", () => {
  it("agrees on exact keys, entries and prefixes through thousands of random adds, a save and a load", () => {
    const rng = new SeededRandom(20261206);
    const table = new CodeTable();
    const ref = new Reference();
    const added: string[] = [];
    const check = () => {
      const probes = [...Array.from({ length: 300 }, () => rng.pick(added)), ...Array.from({ length: 100 }, () => randomKey(rng)), ""];
      const prefixes = ["", ...Array.from({ length: 40 }, () => rng.pick(added).slice(0, rng.int(0, 5))), ...Array.from({ length: 10 }, () => randomKey(rng))];
      expectSame(table, ref, probes, prefixes);
    };
    for (let op = 1; op <= 9_000; op++) {
      // A third of the time an old key again (with a new or the same entry): keys in runs gain entries too.
      const key = added.length && rng.chance(0.3) ? rng.pick(added) : randomKey(rng);
      const entry = rng.int(0, 40);
      table.add(key, entry);
      ref.add(key, entry);
      added.push(key);
      if (op % 1_000 === 0) check();
      // Packed now and then (as KindIndex.trim does once a kind is read): later keys meet a block, runs and a batch.
      if (op % 2_300 === 0) table.pack();
    }
    // Enough distinct keys for several runs and a batch, and some keys with several entries.
    expect(ref.entries.size).toBeGreaterThan(3 * 1024);
    expect([...ref.entries.values()].filter((l) => l.length > 1).length).toBeGreaterThan(100);

    // Saved: keys in order, each with its renumbered entries; entries renumbered to -1 are dropped, and so are keys left with none.
    const renumber = (e: number) => (e % 5 === 3 ? -1 : e * 2);
    const saved = table.save(renumber);
    const expectedKeys: string[] = [];
    const expectedFlat: number[] = [];
    for (const key of [...ref.entries.keys()].sort()) {
      const kept = ref.entries.get(key)!.map(renumber).filter((e) => e >= 0);
      if (!kept.length) continue;
      expectedKeys.push(key);
      expectedFlat.push(kept.length, ...kept);
    }
    expect(saved.keys).toEqual(expectedKeys);
    expect([...saved.entries]).toEqual(expectedFlat);
    check();
    table.pack();
    expect(table.save(renumber)).toEqual(saved);
    check();

    const loaded = CodeTable.load(saved.keys, saved.entries);
    const reloaded = new Reference();
    saved.keys.forEach((key) => {
      for (const e of ref.entries.get(key)!.map(renumber).filter((x) => x >= 0)) reloaded.add(key, e);
    });
    const sample = [...saved.keys.filter((_, i) => i % 7 === 0), "zz", "a"];
    expectSame(loaded, reloaded, sample, ["", "a", "b0", "9", "ж", "😀"]);
    // A loaded table grows as any other: new keys, and new entries under loaded keys.
    for (let i = 0; i < 2_000; i++) {
      const key = rng.chance(0.5) ? rng.pick(saved.keys) : randomKey(rng);
      const entry = rng.int(100, 140);
      loaded.add(key, entry);
      reloaded.add(key, entry);
    }
    expectSame(loaded, reloaded, [...reloaded.entries.keys()].filter((_, i) => i % 5 === 0), ["", "a", "1", "b9", "é"]);
    loaded.pack();
    expectSame(loaded, reloaded, [...reloaded.entries.keys()].filter((_, i) => i % 3 === 0), ["", "a", "1", "b9", "é"]);
    expect(loaded.save((e) => e).keys).toEqual([...reloaded.entries.keys()].sort());
  });
});

describe("the code table", () => {
  it("writes a block's worth of new keys into a block by itself, and answers as before across the blocks", () => {
    const rng = new SeededRandom(7);
    const table = new CodeTable();
    const ref = new Reference();
    // 50,000 distinct keys (several blocks, runs and a batch), a tenth of them given a second entry later.
    const keys = Array.from({ length: 50_000 }, (_, i) => `${rng.pick(["ast", "sie", "lnx", "pax"])}${String((i * 7_919) % 100_003).padStart(6, "0")}`);
    keys.forEach((key, i) => {
      table.add(key, i);
      ref.add(key, i);
      if (i % 10 === 0) {
        const again = keys[rng.int(0, i)]!;
        table.add(again, i + 1);
        ref.add(again, i + 1);
      }
    });
    expectSame(table, ref, [...keys.filter((_, i) => i % 97 === 0), "ast", "pax0", "zzz"], ["ast0", "sie01", "lnx099", "pax", keys[17]!]);
    const saved = table.save((e) => e);
    expect(saved.keys).toEqual([...ref.entries.keys()].sort());
    expect([...saved.entries]).toEqual(saved.keys.flatMap((key) => [ref.entries.get(key)!.length, ...ref.entries.get(key)!]));
  });


  it("finds a key exactly, in the packed block, a run and the batch, with every entry it was given once", () => {
    const table = new CodeTable();
    for (let i = 0; i < 1_000; i++) table.add(`pax${String(i).padStart(5, "0")}`, i * 8);
    table.pack();
    for (let i = 1_000; i < 3_000; i++) table.add(`pax${String(i).padStart(5, "0")}`, i * 8);
    // pax00007 is packed, pax01500 in a sorted run, pax02999 in the batch.
    for (const key of ["pax00007", "pax01500", "pax02999"]) {
      table.add(key, 9);
      table.add(key, 9);
      table.add(key, 2);
    }
    expect(table.get("pax00007")).toEqual([56, 9, 2]);
    expect(table.get("pax01500")).toEqual([12_000, 9, 2]);
    expect(table.get("pax02999")).toEqual([23_992, 9, 2]);
    table.pack();
    expect(table.get("pax01500")).toEqual([12_000, 9, 2]);
    expect(table.get("pax02999")).toEqual([23_992, 9, 2]);
    expect(table.get("pax00008")).toEqual([64]);
    expect(table.get("pax0000")).toEqual([]);
    expect(table.has("pax0000")).toBe(false);
    expect(table.has("pax000070")).toBe(false);
    expect(table.has("pax01500")).toBe(true);
    expect(table.longer("pax0299").sort()).toEqual(Array.from({ length: 10 }, (_, i) => `pax0299${i}`));
    expect(table.longer("pax02999")).toEqual([]);
    expect(table.longer("pax1")).toEqual([]);
  });

  it("keeps a character beyond Latin-1 whichever side of a pack it arrives on", () => {
    const table = new CodeTable();
    table.add("жa1", 1);
    table.add("b2", 2);
    table.pack();
    table.add("a3", 3);
    table.pack();
    table.add("😀4", 4);
    table.pack();
    table.add("c5", 5);
    expect(table.get("жa1")).toEqual([1]);
    expect(table.get("😀4")).toEqual([4]);
    expect(table.longer("").sort()).toEqual(["a3", "b2", "c5", "жa1", "😀4"]);
    expect(table.longer("ж")).toEqual(["жa1"]);
    expect(table.save((e) => e).keys).toEqual(["a3", "b2", "c5", "жa1", "😀4"]);
  });

  it("refuses an entry it could not keep", () => {
    const table = new CodeTable();
    expect(() => table.add("a1", -1)).toThrow(RangeError);
    expect(() => table.add("a1", 1.5)).toThrow(RangeError);
    expect(() => table.add("a1", 2 ** 31)).toThrow(RangeError);
    expect(table.has("a1")).toBe(false);
  });

  it("refuses a saved table that does not hold together", () => {
    const entries = (...n: number[]) => Int32Array.from(n);
    expect(CodeTable.load(["a1", "b2"], entries(1, 5, 2, 6, 7)).get("b2")).toEqual([6, 7]);
    expect(() => CodeTable.load(["b2", "a1"], entries(1, 5, 1, 6))).toThrow(/out of order/);
    expect(() => CodeTable.load(["a1", "a1"], entries(1, 5, 1, 6))).toThrow(/out of order/);
    expect(() => CodeTable.load(["a1", "b2"], entries(1, 5))).toThrow(/do not match/);
    expect(() => CodeTable.load(["a1", "b2"], entries(1, 5, 2, 6))).toThrow(/do not match/);
    expect(() => CodeTable.load(["a1"], entries(1, 5, 9))).toThrow(/do not match/);
    expect(() => CodeTable.load(["a1"], entries(0))).toThrow(/do not match/);
    expect(() => CodeTable.load(["a1"], entries(1, -4))).toThrow(/negative/);
    expect(() => CodeTable.load(["a1", 7 as unknown as string], entries(1, 5, 1, 6))).toThrow(/not a string/);
    expect(CodeTable.load([], entries()).longer("")).toEqual([]);
  });
});
