/**
 * The exact codes of one kind of record (tags, serials, site codes, job numbers, phones), apart from the words:
 * at 50,000 assets they are 100,000 distinct keys, each naming one record, and as terms of a full-text index they
 * were half its memory. Here a key maps to its entries (numbers the index gives them), and the keys are kept in
 * sorted runs for code prefixes ("PAX1788" finds pax17880042): a new key joins a small unsorted batch, a full batch
 * is sorted and merged with runs of its size, so the sorting is spread over the fill instead of paid by the first
 * lookup after it (sorting 100,000 keys at once took 80 ms).
 *
 * A run is one packed block, not a Map and arrays of strings: its keys' characters one after another in one typed
 * array, where each key ends, and each key's entry, binary-searched. For the large sandbox account (102,000 keys)
 * strings in a Map and in runs held 7.3 MB of heap (an object, a Map slot and an array slot per key); packed they
 * are 1.8 MB (bench/probe/code-table-heap.mjs), three typed arrays a block that the collector does not walk. An
 * exact lookup costs a binary search per run (a few microseconds) instead of one Map lookup.
 */

/** Keys in the unsorted batch before it is sorted into a run (a prefix lookup scans the batch). */
const BATCH = 1024;

/**
 * Sorted keys, packed. Key i is chars[start(i) .. ends[i]) in UTF-16 code units, so keys compare as JavaScript
 * compares strings. Keys of Latin-1 characters only (codes are ASCII) take one byte a character; a block holding any
 * other character takes two.
 */
interface Block {
  readonly chars: Uint8Array | Uint16Array;
  readonly ends: Uint32Array;
  /** ≥ 0: the key's only entry; < 0: its entries are overflow[-1 - value] (a key with several is rare). */
  readonly entries: Int32Array;
}

export class CodeTable {
  /** Sorted runs, longest first; each at least twice the length of the next. */
  private runs: Block[] = [];
  /** New keys not in any run yet, with their entries. */
  private batch = new Map<string, number | number[]>();
  /** The entries of settled keys that have more than one (their block's entry points here). */
  private readonly overflow: number[][] = [];

  /** Record `entry` (a non-negative integer) under `key` (once). */
  add(key: string, entry: number): void {
    if (!Number.isInteger(entry) || entry < 0 || entry > 0x7fffffff) throw new RangeError(`code table entry out of range: ${entry}`);
    const had = this.batch.get(key);
    if (had !== undefined) {
      if (typeof had === "number") {
        if (had !== entry) this.batch.set(key, [had, entry]);
      } else if (!had.includes(entry)) had.push(entry);
      return;
    }
    const at = this.find(key);
    if (!at) {
      this.batch.set(key, entry);
      if (this.batch.size >= BATCH) this.settle();
      return;
    }
    const value = at.block.entries[at.i]!;
    if (value >= 0) {
      if (value !== entry) at.block.entries[at.i] = -1 - (this.overflow.push([value, entry]) - 1);
    } else {
      const list = this.overflow[-1 - value]!;
      if (!list.includes(entry)) list.push(entry);
    }
  }

  /** The entries under a key (some may name records since discarded: the caller skips those). */
  get(key: string): readonly number[] {
    const had = this.batch.get(key);
    if (had !== undefined) return typeof had === "number" ? [had] : had;
    const at = this.find(key);
    return at ? this.entriesOf(at.block.entries[at.i]!) : [];
  }

  has(key: string): boolean {
    return this.batch.has(key) || this.find(key) !== undefined;
  }

  /** Every key longer than `prefix` that begins with it. */
  longer(prefix: string): string[] {
    const out: string[] = [];
    for (const run of this.runs) {
      for (let i = lowerBound(run, prefix); i < run.ends.length && beginsWith(run, i, prefix); i++) {
        if (run.ends[i]! - start(run, i) > prefix.length) out.push(keyAt(run, i));
      }
    }
    for (const key of this.batch.keys()) if (key.length > prefix.length && key.startsWith(prefix)) out.push(key);
    return out;
  }

  /**
   * The table as saved: its keys in order, and per key its entry count then its entries (renumbered; entries mapped
   * to -1 are dropped). Saving merges everything into one run first, as the saved keys must be in order anyway.
   */
  save(renumber: (entry: number) => number): { keys: string[]; entries: Int32Array } {
    this.settleAll();
    const keys: string[] = [];
    const flat: number[] = [];
    const run = this.runs[0];
    for (let i = 0; run && i < run.ends.length; i++) {
      const kept = this.entriesOf(run.entries[i]!).map(renumber).filter((e) => e >= 0);
      if (!kept.length) continue;
      keys.push(keyAt(run, i));
      flat.push(kept.length);
      for (const e of kept) flat.push(e);
    }
    return { keys, entries: Int32Array.from(flat) };
  }

  /** A table saved by `save` (keys in order: they are one sorted run as they are). */
  static load(keys: readonly string[], entries: Int32Array): CodeTable {
    const table = new CodeTable();
    for (const key of keys) if (typeof key !== "string") throw new Error("saved code table: a key is not a string");
    for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) throw new Error("saved code table: keys out of order");
    const own = new Int32Array(keys.length);
    let at = 0;
    for (let k = 0; k < keys.length; k++) {
      const n = entries[at++] ?? 0;
      if (n < 1 || at + n > entries.length) throw new Error("saved code table: entries do not match its keys");
      for (let j = at; j < at + n; j++) if (entries[j]! < 0) throw new Error("saved code table: an entry is negative");
      own[k] = n === 1 ? entries[at]! : -1 - (table.overflow.push(Array.from(entries.subarray(at, at + n))) - 1);
      at += n;
    }
    if (at !== entries.length) throw new Error("saved code table: entries do not match its keys");
    if (keys.length) table.runs = [pack(keys, own)];
    return table;
  }

  private entriesOf(value: number): readonly number[] {
    return value >= 0 ? [value] : this.overflow[-1 - value]!;
  }

  /** The run and position holding `key`, if a run does. */
  private find(key: string): { block: Block; i: number } | undefined {
    for (const block of this.runs) {
      const i = lowerBound(block, key);
      if (i < block.ends.length && compareAt(block, i, key) === 0) return { block, i };
    }
    return undefined;
  }

  /** Sort the batch into a run, and merge runs of like length (as a binary counter carries). */
  private settle(): void {
    if (!this.batch.size) return;
    this.runs.push(this.packBatch());
    while (this.runs.length > 1 && this.runs[this.runs.length - 2]!.ends.length <= 2 * this.runs[this.runs.length - 1]!.ends.length) {
      const b = this.runs.pop()!;
      const a = this.runs.pop()!;
      this.runs.push(merge(a, b));
    }
  }

  /** Everything in one run (for save). */
  private settleAll(): void {
    if (this.batch.size) this.runs.push(this.packBatch());
    while (this.runs.length > 1) {
      const b = this.runs.pop()!;
      const a = this.runs.pop()!;
      this.runs.push(merge(a, b));
    }
  }

  private packBatch(): Block {
    const keys = [...this.batch.keys()].sort();
    const own = new Int32Array(keys.length);
    keys.forEach((key, k) => {
      const had = this.batch.get(key)!;
      own[k] = typeof had === "number" ? had : -1 - (this.overflow.push(had) - 1);
    });
    this.batch = new Map();
    return pack(keys, own);
  }
}

/** Sorted, distinct keys and their entries as a block. */
function pack(keys: readonly string[], entries: Int32Array): Block {
  let length = 0;
  let wide = false;
  for (const key of keys) {
    length += key.length;
    if (!wide) for (let c = 0; c < key.length; c++) if (key.charCodeAt(c) > 0xff) wide = true;
  }
  const chars = wide ? new Uint16Array(length) : new Uint8Array(length);
  const ends = new Uint32Array(keys.length);
  let at = 0;
  keys.forEach((key, k) => {
    for (let c = 0; c < key.length; c++) chars[at++] = key.charCodeAt(c);
    ends[k] = at;
  });
  return { chars, ends, entries };
}

function start(block: Block, i: number): number {
  return i ? block.ends[i - 1]! : 0;
}

function keyAt(block: Block, i: number): string {
  const from = start(block, i);
  const to = block.ends[i]!;
  let out = "";
  // In slices: fromCharCode takes its characters as arguments, and a very long key would overflow the stack.
  for (let at = from; at < to; at += 4096) out += String.fromCharCode(...block.chars.subarray(at, Math.min(to, at + 4096)));
  return out;
}

/** Key i against `key`, in JavaScript's order of strings (UTF-16 code units): < 0, 0 or > 0. */
function compareAt(block: Block, i: number, key: string): number {
  const from = start(block, i);
  const length = block.ends[i]! - from;
  const n = Math.min(length, key.length);
  for (let c = 0; c < n; c++) {
    const d = block.chars[from + c]! - key.charCodeAt(c);
    if (d) return d;
  }
  return length - key.length;
}

function beginsWith(block: Block, i: number, prefix: string): boolean {
  const from = start(block, i);
  if (block.ends[i]! - from < prefix.length) return false;
  for (let c = 0; c < prefix.length; c++) if (block.chars[from + c] !== prefix.charCodeAt(c)) return false;
  return true;
}

/** The first position whose key is not below `key`. */
function lowerBound(block: Block, key: string): number {
  let lo = 0;
  let hi = block.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareAt(block, mid, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Key i of a against key j of b, in the same order as compareAt. */
function compareKeys(a: Block, i: number, b: Block, j: number): number {
  const af = start(a, i);
  const bf = start(b, j);
  const al = a.ends[i]! - af;
  const bl = b.ends[j]! - bf;
  const n = Math.min(al, bl);
  for (let c = 0; c < n; c++) {
    const d = a.chars[af + c]! - b.chars[bf + c]!;
    if (d) return d;
  }
  return al - bl;
}

/** Two runs as one (their keys are distinct: a key joins the batch only when no run holds it). */
function merge(a: Block, b: Block): Block {
  const chars = a.chars instanceof Uint16Array || b.chars instanceof Uint16Array ? new Uint16Array(a.chars.length + b.chars.length) : new Uint8Array(a.chars.length + b.chars.length);
  const n = a.ends.length + b.ends.length;
  const ends = new Uint32Array(n);
  const entries = new Int32Array(n);
  let i = 0;
  let j = 0;
  let at = 0;
  for (let k = 0; k < n; k++) {
    const fromA = j >= b.ends.length || (i < a.ends.length && compareKeys(a, i, b, j) < 0);
    const src = fromA ? a : b;
    const s = fromA ? i++ : j++;
    // Copied a character at a time: keys are short, and a subarray view per key would be garbage.
    for (let c = start(src, s), end = src.ends[s]!; c < end; c++) chars[at++] = src.chars[c]!;
    ends[k] = at;
    entries[k] = src.entries[s]!;
  }
  return { chars, ends, entries };
}
