/**
 * The exact codes of one kind of record (tags, serials, site codes, job numbers, phones), apart from the words:
 * at 50,000 assets they are 100,000 distinct keys, each naming one record, and as terms of a full-text index they
 * were half its memory. Here a key maps to its entries (numbers the index gives them), and the keys are kept sorted
 * for code prefixes ("PAX1788" finds pax17880042).
 *
 * Settled keys are packed in blocks: a block's keys' characters one after another in one typed array, where each
 * key ends, and each key's entry, binary-searched. For the large sandbox account (102,000 keys) strings in a Map and
 * sorted string arrays held 7.3 MB of heap (an object, a Map slot and array slots per key); packed they take 1.9 MB
 * outside the heap (bench/probe/code-table-heap.mjs).
 *
 * New keys are kept as before blocks existed: a Map, and sorted runs of strings for prefixes. A new key joins a small
 * unsorted batch, a full batch is sorted and merged with runs of its size, so the sorting is spread over the fill
 * instead of paid by the first lookup after it (sorting 100,000 keys at once took 80 ms). When the runs hold a
 * block's worth of keys (or the index calls `pack()`, once a kind has been read: KindIndex.trim), they are written
 * into a new block, in one pass over keys already in order.
 *
 * Blocks are never merged with each other. Their typed arrays live in malloc's memory, not the collected heap, and
 * merging packed runs as they grew (a binary counter over the fill) freed arrays of every size that glibc kept
 * resident: +8 MB of its heap for a 1.8 MB table. Merging everything into one block at the end of the fill instead
 * cost 50–150 ms at once on a busy machine. So each block is allocated once, at its final size; a lookup binary-
 * searches each of them (7 for 100,000 keys, as many as the string runs were), microseconds.
 */

/** Keys in the unsorted batch before it is sorted into a run (a prefix lookup scans the batch). */
const BATCH = 1024;
/** Keys written into a block at a time: a few milliseconds of work, and few blocks for a lookup to search. */
const BLOCK = 16_384;

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
  /** Packed keys; no key is in two blocks, nor in a block and `recent`. */
  private blocks: Block[] = [];
  /** The entries of packed keys that have more than one (their block's entry points here). */
  private readonly overflow: number[][] = [];
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
    const at = this.find(key);
    if (!at) {
      this.recent.set(key, entry);
      this.batch.push(key);
      if (this.batch.length >= BATCH) this.settle();
      if (this.recent.size >= BLOCK) this.pack();
      return;
    }
    const value = at.block.entries[at.i]!;
    if (value >= 0) {
      if (value !== entry) at.block.entries[at.i] = this.spill([value, entry]);
    } else {
      const list = this.overflow[-1 - value]!;
      if (!list.includes(entry)) list.push(entry);
    }
  }

  /** The entries under a key (some may name records since discarded: the caller skips those). */
  get(key: string): readonly number[] {
    const had = this.recent.get(key);
    if (had !== undefined) return typeof had === "number" ? [had] : had;
    const at = this.find(key);
    return at ? this.entriesOf(at.block.entries[at.i]!) : [];
  }

  has(key: string): boolean {
    return this.recent.has(key) || this.find(key) !== undefined;
  }

  /** Every key longer than `prefix` that begins with it. */
  longer(prefix: string): string[] {
    const out: string[] = [];
    for (const block of this.blocks) {
      for (let i = lowerBound(block, prefix); i < block.ends.length && beginsWith(block, i, prefix); i++) {
        if (block.ends[i]! - start(block, i) > prefix.length) out.push(keyAt(block, i));
      }
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

  /** Write the recent keys into a block of their own (the index calls it once a kind has been read). */
  pack(): void {
    if (!this.recent.size) return;
    const keys = this.sortedRecent();
    // A plain array, as a typed one would be a second allocation in malloc's memory, freed at once.
    const entries = new Array<number>(keys.length);
    keys.forEach((key, k) => {
      const had = this.recent.get(key)!;
      entries[k] = typeof had === "number" ? had : this.spill(had);
    });
    this.blocks.push(packKeys(keys, entries));
    this.recent.clear();
    this.runs = [];
    this.batch = [];
  }

  /** The table as saved: its keys in order, and per key its entry count then its entries (renumbered; entries mapped to -1 are dropped). */
  save(renumber: (entry: number) => number): { keys: string[]; entries: Int32Array } {
    // Every key in order, each with its entries: the blocks and the recent keys merged.
    const sources = this.blocks.map((block) => {
      const keys = Array.from(block.ends, (_, i) => keyAt(block, i));
      return { keys, lists: Array.from(block.entries, (value) => this.entriesOf(value)) };
    });
    const recent = this.sortedRecent();
    sources.push({ keys: recent, lists: recent.map((key) => this.get(key)) });
    const all = sources.sort((a, b) => b.keys.length - a.keys.length).reduceRight((a, b) => mergeKeyed(b, a), { keys: [], lists: [] });
    const keys: string[] = [];
    const flat: number[] = [];
    all.keys.forEach((key, k) => {
      const kept = all.lists[k]!.map(renumber).filter((e) => e >= 0);
      if (!kept.length) return;
      keys.push(key);
      flat.push(kept.length);
      for (const e of kept) flat.push(e);
    });
    return { keys, entries: Int32Array.from(flat) };
  }

  /** A table saved by `save` (keys in order: they are one block as they are). */
  static load(keys: readonly string[], entries: Int32Array): CodeTable {
    const table = new CodeTable();
    for (const key of keys) if (typeof key !== "string") throw new Error("saved code table: a key is not a string");
    for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) throw new Error("saved code table: keys out of order");
    const own = new Array<number>(keys.length);
    let at = 0;
    for (let k = 0; k < keys.length; k++) {
      const n = entries[at++] ?? 0;
      if (n < 1 || at + n > entries.length) throw new Error("saved code table: entries do not match its keys");
      for (let j = at; j < at + n; j++) if (entries[j]! < 0) throw new Error("saved code table: an entry is negative");
      own[k] = n === 1 ? entries[at]! : table.spill(Array.from(entries.subarray(at, at + n)));
      at += n;
    }
    if (at !== entries.length) throw new Error("saved code table: entries do not match its keys");
    if (keys.length) table.blocks = [packKeys(keys, own)];
    return table;
  }

  /** The block and position holding a packed key. */
  private find(key: string): { block: Block; i: number } | undefined {
    for (const block of this.blocks) {
      const i = lowerBound(block, key);
      if (i < block.ends.length && compareAt(block, i, key) === 0) return { block, i };
    }
    return undefined;
  }

  private entriesOf(value: number): readonly number[] {
    return value >= 0 ? [value] : this.overflow[-1 - value]!;
  }

  /** Keep a key's several entries aside; its block holds where. */
  private spill(list: number[]): number {
    return -1 - (this.overflow.push(list) - 1);
  }

  /** The recent keys in order (the runs merged, the batch sorted in). */
  private sortedRecent(): string[] {
    // Shortest first: each key is copied about twice, not once per run.
    return [...this.runs, [...this.batch].sort()].reduceRight((a, b) => mergeStrings(b, a), []);
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

interface Keyed {
  keys: string[];
  lists: Array<readonly number[]>;
}

/** mergeStrings, with each key's entries carried along. */
function mergeKeyed(a: Keyed, b: Keyed): Keyed {
  const out: Keyed = { keys: new Array<string>(a.keys.length + b.keys.length), lists: new Array<readonly number[]>(a.keys.length + b.keys.length) };
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.keys.length; k++) {
    const fromA = j >= b.keys.length || (i < a.keys.length && a.keys[i]! <= b.keys[j]!);
    out.keys[k] = fromA ? a.keys[i]! : b.keys[j]!;
    out.lists[k] = fromA ? a.lists[i++]! : b.lists[j++]!;
  }
  return out;
}

/**
 * Sorted, distinct keys and their entries as a block: Latin-1 until a character says otherwise (codes are ASCII).
 * The block's three arrays share one buffer: one long-lived allocation in malloc's memory rather than three.
 */
function packKeys(keys: readonly string[], entries: readonly number[]): Block {
  let length = 0;
  for (const key of keys) length += key.length;
  return packInto(1, length, keys, entries) ?? packInto(2, length, keys, entries)!;
}

/** The keys written `width` bytes a character; undefined if a character does not fit (above 0xff in one byte). */
function packInto(width: 1 | 2, length: number, keys: readonly string[], entries: readonly number[]): Block | undefined {
  const n = keys.length;
  const buffer = new ArrayBuffer(8 * n + width * length);
  const ends = new Uint32Array(buffer, 0, n);
  const own = new Int32Array(buffer, 4 * n, n);
  own.set(entries);
  const chars = width === 1 ? new Uint8Array(buffer, 8 * n, length) : new Uint16Array(buffer, 8 * n, length);
  const limit = width === 1 ? 0xff : 0xffff;
  let at = 0;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    for (let c = 0; c < key.length; c++) {
      const code = key.charCodeAt(c);
      if (code > limit) return undefined;
      chars[at++] = code;
    }
    ends[k] = at;
  }
  return { chars, ends, entries: own };
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
