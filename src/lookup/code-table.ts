/**
 * The exact codes of one kind of record (tags, serials, site codes, job numbers, phones), apart from the words:
 * at 50,000 assets they are 100,000 distinct keys, each naming one record, and as terms of a full-text index they
 * were half its memory. Here a key maps to its entries (numbers the index gives them), and the keys are kept in
 * sorted runs for code prefixes ("PAX1788" finds pax17880042): a new key joins a small unsorted batch, a full batch
 * is sorted and merged with runs of its size, so the sorting is spread over the fill instead of paid by the first
 * lookup after it (sorting 100,000 keys at once took 80 ms).
 */

/** Keys in the unsorted batch before it is sorted into a run (a prefix lookup scans the batch). */
const BATCH = 1024;

export class CodeTable {
  private readonly entries = new Map<string, number | number[]>();
  /** Sorted runs, longest first; each at least twice the length of the next. */
  private runs: string[][] = [];
  private batch: string[] = [];

  /** Record `entry` under `key` (once). */
  add(key: string, entry: number): void {
    const had = this.entries.get(key);
    if (had === undefined) {
      this.entries.set(key, entry);
      this.batch.push(key);
      if (this.batch.length >= BATCH) this.settle();
    } else if (typeof had === "number") {
      if (had !== entry) this.entries.set(key, [had, entry]);
    } else if (!had.includes(entry)) had.push(entry);
  }

  /** The entries under a key (some may name records since discarded: the caller skips those). */
  get(key: string): readonly number[] {
    const had = this.entries.get(key);
    return had === undefined ? [] : typeof had === "number" ? [had] : had;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Every key longer than `prefix` that begins with it. */
  longer(prefix: string): string[] {
    const out: string[] = [];
    for (const run of this.runs) {
      let lo = 0;
      let hi = run.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (run[mid]! < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < run.length && run[i]!.startsWith(prefix); i++) if (run[i]!.length > prefix.length) out.push(run[i]!);
    }
    for (const key of this.batch) if (key.length > prefix.length && key.startsWith(prefix)) out.push(key);
    return out;
  }

  /** The table as saved: its keys in order, and per key its entry count then its entries (renumbered; entries mapped to -1 are dropped). */
  save(renumber: (entry: number) => number): { keys: string[]; entries: Int32Array } {
    const keys: string[] = [];
    const flat: number[] = [];
    for (const key of this.sorted()) {
      const kept = this.get(key).map(renumber).filter((e) => e >= 0);
      if (!kept.length) continue;
      keys.push(key);
      flat.push(kept.length, ...kept);
    }
    return { keys, entries: Int32Array.from(flat) };
  }

  /** A table saved by `save` (keys in order: they are one sorted run as they are). */
  static load(keys: readonly string[], entries: Int32Array): CodeTable {
    const table = new CodeTable();
    let at = 0;
    for (const key of keys) {
      const n = entries[at++] ?? 0;
      if (n < 1 || at + n > entries.length) throw new Error("saved code table: entries do not match its keys");
      table.entries.set(key, n === 1 ? entries[at]! : Array.from(entries.subarray(at, at + n)));
      at += n;
    }
    if (at !== entries.length) throw new Error("saved code table: entries do not match its keys");
    for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) throw new Error("saved code table: keys out of order");
    table.runs = keys.length ? [[...keys]] : [];
    return table;
  }

  /** Every key in order (the runs merged, the batch sorted in). */
  private sorted(): string[] {
    return [...this.runs, [...this.batch].sort()].reduce((a, b) => merge(a, b), []);
  }

  /** Sort the batch into a run, and merge runs of like length (as a binary counter carries). */
  private settle(): void {
    this.runs.push(this.batch.sort());
    this.batch = [];
    while (this.runs.length > 1 && this.runs[this.runs.length - 2]!.length <= 2 * this.runs[this.runs.length - 1]!.length) {
      const b = this.runs.pop()!;
      const a = this.runs.pop()!;
      this.runs.push(merge(a, b));
    }
  }
}

function merge(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
