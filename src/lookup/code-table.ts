/**
 * The exact codes of one kind of record (tags, serials, site codes, job numbers, phones), apart from the words:
 * at 50,000 assets they are 100,000 distinct keys, each naming one record, and as terms of a full-text index they
 * were half its memory. Here a key maps to its entries (numbers the index gives them), and the keys are kept sorted
 * for code prefixes ("PAX1788" finds pax17880042).
 *
 * Settled keys are one packed block: their characters one after another in one typed array, where each key ends,
 * and each key's entry, binary-searched. For the large sandbox account (102,000 keys) strings in a Map and sorted
 * string arrays held 7.3 MB of heap (an object, a Map slot and array slots per key); the block is 1.8 MB outside
 * the heap (bench/probe/code-table-heap.mjs). An exact lookup is a binary search (a few microseconds).
 *
 * New keys are kept as before the block existed: a Map, and sorted runs of strings for prefixes. A new key joins a
 * small unsorted batch, a full batch is sorted and merged with runs of its size, so the sorting is spread over the
 * fill instead of paid by the first lookup after it (sorting 100,000 keys at once took 80 ms). They are packed into
 * the block by `pack()`, which the index calls when a kind has been read (KindIndex.trim), in one pass over keys
 * already in order. The block is not grown a batch at a time: its typed arrays live in malloc's memory, and merging
 * packed runs in a binary counter over the fill freed blocks of every size that glibc kept resident (+8 MB of its
 * heap for a 1.8 MB table, measured with the probe). Strings in the JS heap are compacted by the garbage collector.
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

const EMPTY: Block = { chars: new Uint8Array(0), ends: new Uint32Array(0), entries: new Int32Array(0) };

export class CodeTable {
  private block: Block = EMPTY;
  /** The entries of packed keys that have more than one (their block entry points here). */
  private overflow: number[][] = [];
  /** Keys not packed yet, with their entries. */
  private readonly recent = new Map<string, number | number[]>();
  /** The recent keys in sorted runs, longest first; each at least twice the length of the next. */
  private runs: string[][] = [];
  private batch: string[] = [];

  /** Record `entry` (a non-negative integer) under `key` (once). */
  add(key: string, entry: number): void {
    if (!Number.isInteger(entry) || entry < 0 || entry > 0x7fffffff) throw new RangeError(`code table entry out of range: ${entry}`);
    const had = this.recent.get(key);
    if (had !== undefined) {
      if (typeof had === "number") {
        if (had !== entry) this.recent.set(key, [had, entry]);
      } else if (!had.includes(entry)) had.push(entry);
      return;
    }
    const i = this.find(key);
    if (i < 0) {
      this.recent.set(key, entry);
      this.batch.push(key);
      if (this.batch.length >= BATCH) this.settle();
      return;
    }
    const value = this.block.entries[i]!;
    if (value >= 0) {
      if (value !== entry) this.block.entries[i] = this.spill([value, entry]);
    } else {
      const list = this.overflow[-1 - value]!;
      if (!list.includes(entry)) list.push(entry);
    }
  }

  /** The entries under a key (some may name records since discarded: the caller skips those). */
  get(key: string): readonly number[] {
    const had = this.recent.get(key);
    if (had !== undefined) return typeof had === "number" ? [had] : had;
    const i = this.find(key);
    return i < 0 ? [] : this.packedEntries(i);
  }

  has(key: string): boolean {
    return this.recent.has(key) || this.find(key) >= 0;
  }

  /** Every key longer than `prefix` that begins with it. */
  longer(prefix: string): string[] {
    const out: string[] = [];
    const block = this.block;
    for (let i = lowerBound(block, prefix); i < block.ends.length && beginsWith(block, i, prefix); i++) {
      if (block.ends[i]! - start(block, i) > prefix.length) out.push(keyAt(block, i));
    }
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

  /**
   * Pack the recent keys into the block: one merge of keys already in order (the runs) with the block, and one
   * allocation of each array at its final size. Once per kind read (KindIndex.trim, where the term index packs its
   * postings too), not on a lookup: 35–70 ms for the large account's 100,000 asset keys on a busy 2-core machine.
   */
  pack(): void {
    if (!this.recent.size) return;
    const keys = this.sortedRecent();
    const entries = new Int32Array(keys.length);
    keys.forEach((key, k) => {
      const had = this.recent.get(key)!;
      entries[k] = typeof had === "number" ? had : this.spill(had);
    });
    this.block = this.block.ends.length ? merge(this.block, keys, entries) : packKeys(keys, entries);
    this.recent.clear();
    this.runs = [];
    this.batch = [];
  }

  /** The table as saved: its keys in order, and per key its entry count then its entries (renumbered; entries mapped to -1 are dropped). */
  save(renumber: (entry: number) => number): { keys: string[]; entries: Int32Array } {
    const keys: string[] = [];
    const flat: number[] = [];
    const keep = (key: string, list: readonly number[]) => {
      const kept = list.map(renumber).filter((e) => e >= 0);
      if (!kept.length) return;
      keys.push(key);
      flat.push(kept.length);
      for (const e of kept) flat.push(e);
    };
    // The block and the recent keys, merged in order as they are written.
    const recent = this.sortedRecent();
    const block = this.block;
    let r = 0;
    for (let i = 0; i < block.ends.length; i++) {
      for (; r < recent.length && compareAt(block, i, recent[r]!) > 0; r++) keep(recent[r]!, this.get(recent[r]!));
      keep(keyAt(block, i), this.packedEntries(i));
    }
    for (; r < recent.length; r++) keep(recent[r]!, this.get(recent[r]!));
    return { keys, entries: Int32Array.from(flat) };
  }

  /** A table saved by `save` (keys in order: they are the block as they are). */
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
      own[k] = n === 1 ? entries[at]! : table.spill(Array.from(entries.subarray(at, at + n)));
      at += n;
    }
    if (at !== entries.length) throw new Error("saved code table: entries do not match its keys");
    if (keys.length) table.block = packKeys(keys, own);
    return table;
  }

  /** Where a packed key is (-1: not packed). */
  private find(key: string): number {
    const i = lowerBound(this.block, key);
    return i < this.block.ends.length && compareAt(this.block, i, key) === 0 ? i : -1;
  }

  private packedEntries(i: number): readonly number[] {
    const value = this.block.entries[i]!;
    return value >= 0 ? [value] : this.overflow[-1 - value]!;
  }

  /** Keep a key's several entries aside; the block holds where. */
  private spill(list: number[]): number {
    return -1 - (this.overflow.push(list) - 1);
  }

  /** The recent keys in order (the runs merged, the batch sorted in). */
  private sortedRecent(): string[] {
    return [...this.runs, [...this.batch].sort()].reduce((a, b) => mergeStrings(a, b), []);
  }

  /** Sort the batch into a run, and merge runs of like length (as a binary counter carries). */
  private settle(): void {
    this.runs.push(this.batch.sort());
    this.batch = [];
    while (this.runs.length > 1 && this.runs[this.runs.length - 2]!.length <= 2 * this.runs[this.runs.length - 1]!.length) {
      const b = this.runs.pop()!;
      const a = this.runs.pop()!;
      this.runs.push(mergeStrings(a, b));
    }
  }
}

function mergeStrings(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

function isWide(keys: readonly string[]): boolean {
  for (const key of keys) for (let c = 0; c < key.length; c++) if (key.charCodeAt(c) > 0xff) return true;
  return false;
}

/** Sorted, distinct keys and their entries as a block. */
function packKeys(keys: readonly string[], entries: Int32Array): Block {
  return merge(EMPTY, keys, entries);
}

/** A block and sorted keys not in it, with their entries, as one block. */
function merge(block: Block, keys: readonly string[], entries: Int32Array): Block {
  let length = block.chars.length;
  for (const key of keys) length += key.length;
  const chars = block.chars instanceof Uint16Array || isWide(keys) ? new Uint16Array(length) : new Uint8Array(length);
  const n = block.ends.length + keys.length;
  const ends = new Uint32Array(n);
  const merged = new Int32Array(n);
  let i = 0;
  let j = 0;
  let at = 0;
  for (let k = 0; k < n; k++) {
    if (j >= keys.length || (i < block.ends.length && compareAt(block, i, keys[j]!) < 0)) {
      // Copied a character at a time: keys are short, and a subarray view per key would be garbage.
      for (let c = start(block, i), end = block.ends[i]!; c < end; c++) chars[at++] = block.chars[c]!;
      merged[k] = block.entries[i++]!;
    } else {
      const key = keys[j]!;
      for (let c = 0; c < key.length; c++) chars[at++] = key.charCodeAt(c);
      merged[k] = entries[j++]!;
    }
    ends[k] = at;
  }
  return { chars, ends, entries: merged };
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
