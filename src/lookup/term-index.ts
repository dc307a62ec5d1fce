/**
 * A compact full-text index: MiniSearch's SearchableMap (a radix tree) is the term dictionary, for exact, prefix
 * and fuzzy term lookups; each term's postings (document × field × frequency) are a stretch of one packed
 * Uint32Array (a plain array while the term grows, until the next pack).
 *
 * Why not MiniSearch's own index: it keeps a Map of fields and a Map of documents per term, about 100 bytes a
 * posting; 50,000 assets held ~250 MB of heap. Here a posting is 4 bytes and a document's field lengths 2 bytes
 * each. Queries keep MiniSearch's semantics (its query tree of AND/OR with per-term fuzzy and prefix, its BM25+
 * scoring with field boosts, prefix and fuzzy weights, the final score times the number of query terms matched),
 * so rankings are MiniSearch's. What MiniSearch cannot offer and this does: restricting a query to candidate
 * documents without walking every posting's document boost, counting a query's postings, and joining terms of
 * other documents (an asset's site) at query time (see index-store.ts).
 */
import SearchableMap from "minisearch/SearchableMap";

/** A query as MiniSearch takes it: words (tokenized and processed), or a tree of AND/OR with per-branch options. */
export type Query = string | QueryTree;
export interface QueryTree {
  combineWith?: "AND" | "OR";
  queries: Query[];
  fields?: string[];
  fuzzy?: boolean | number | ((term: string) => boolean | number);
  prefix?: boolean | ((term: string) => boolean);
}

/** One processed query term with its matching rules (MiniSearch's QuerySpec). */
export interface TermSpec {
  term: string;
  fuzzy: boolean | number;
  prefix: boolean;
}

/**
 * A document's raw result: summed score, the query terms it matched, and the fields (a bitmask of global field
 * numbers). `terms` is shared between hits and never changed in place (a term joins as a new array): a broad
 * term matches tens of thousands of documents, and an array of their own for each was most of a lookup's garbage.
 */
export interface RawHit {
  score: number;
  terms: readonly string[];
  fields: number;
}

export type Hits = Map<number, RawHit>;

/**
 * How a leaf term is matched; the caller may join other indexes' matches (see index-store.ts). `among`: only
 * these documents are wanted (the others may be left out; those kept score as they would without it).
 */
export type LeafMatcher = (spec: TermSpec, fields: readonly string[] | undefined, among?: ReadonlySet<number>) => Hits;

/** How runQuery may narrow its work: the documents wanted, and what a leaf costs to match (its postings). */
export interface QueryScope {
  among?: ReadonlySet<number>;
  /** With it, an AND's parts run cheapest first, each only among what the ones before it matched. */
  cost?: (spec: TermSpec, fields: readonly string[] | undefined) => number;
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };
const MAX_FUZZY = 6;
/** Postings pack document, field and frequency in 32 bits: up to 16 fields, frequencies counted to 15. */
const FIELD_BITS = 4;
const FREQ_BITS = 4;
const MAX_FREQ = (1 << FREQ_BITS) - 1;
const SHIFT = FIELD_BITS + FREQ_BITS;
const MAX_FIELDS = 1 << FIELD_BITS;
/** Expansions kept at most (one per distinct term × fuzziness × prefix searched since the last change). */
const EXPANSION_CACHE = 2_000;
/** Binary search per candidate instead of a walk of the list when the candidates are this many times fewer. */
const SEEK_COST = 16;

interface Expansion {
  term: string;
  id: number;
  weight: number;
}

export function bm25(termFreq: number, matching: number, total: number, fieldLength: number, avgFieldLength: number): number {
  const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return idf * (BM25.d + (termFreq * (BM25.k + 1)) / (termFreq + BM25.k * (1 - BM25.b + (BM25.b * fieldLength) / (avgFieldLength || 1))));
}

/** MiniSearch's weight of a term found by a prefix `distance` characters shorter: it falls slowly with the distance. */
export function prefixWeight(length: number, distance: number): number {
  return (WEIGHTS.prefix * length) / (length + 0.3 * distance);
}

/** The serialised form: plain JSON, the numeric arrays as base64 of their bytes. */
export interface SavedTermIndex {
  ids: string[];
  terms: string[];
  postings: string[];
  lengths: string;
}

export class TermIndex {
  readonly fields: readonly string[];
  /** Global field number (the kind's field order) of each local field: its bit in RawHit.fields. */
  private readonly bits: readonly number[];
  private readonly fieldNo: ReadonlyMap<string, number>;
  private dictionary = new SearchableMap<number>();
  /**
   * Every packed term's postings in one slab: term `id`'s are slab[start[id] .. start[id] + postingCount[id]].
   * trim() and a load pack them. One allocation, not one per term: growing a Uint32Array per term by doubling
   * allocated and freed tens of thousands of small native buffers per fill, and the allocator kept the holes
   * resident; a view (subarray) per term cost ~90 bytes each, 2.5 MB at 50,000 assets (issue 12, measured).
   */
  private slab = new Uint32Array(0);
  private start = new Uint32Array(0);
  /** A term added or grown since the last pack: its whole list, as a plain array (V8's heap, compacted by its collector). */
  private growing: Array<number[] | undefined> = [];
  /** Per term id, how many postings it has (its id is its place here). */
  private postingCount: number[] = [];
  /** Short id → external id; undefined once discarded (its postings are skipped, and dropped by the next save). */
  private ids: Array<string | undefined> = [];
  private shortOf = new Map<string, number>();
  private lengths = new Uint16Array(0);
  private lengthSum: number[];
  private live = 0;
  /** What a spec expands to, and a term's document frequency per field: kept until the next add or discard. */
  private expansions = new Map<string, Expansion[]>();
  private frequencies = new Map<number, Int32Array>();

  constructor(
    fields: readonly string[],
    private readonly cut: (text: string, field: string) => string[],
    bits?: readonly number[],
    saved?: SavedTermIndex,
  ) {
    if (fields.length > MAX_FIELDS) throw new Error(`TermIndex: at most ${MAX_FIELDS} fields`);
    this.fields = fields;
    this.bits = bits ?? fields.map((_, i) => i);
    this.fieldNo = new Map(fields.map((f, i) => [f, i]));
    this.lengthSum = fields.map(() => 0);
    if (saved) this.restore(saved);
  }

  get size(): number {
    return this.live;
  }

  /** Short ids given so far (discarded ones included): the length of arrays indexed by short id. */
  get shortCount(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.shortOf.has(id);
  }

  short(id: string): number | undefined {
    return this.shortOf.get(id);
  }

  idOf(short: number): string | undefined {
    return this.ids[short];
  }

  /** A change makes the cached expansions and document frequencies stale. */
  private changed(): void {
    if (this.expansions.size) this.expansions.clear();
    if (this.frequencies.size) this.frequencies.clear();
  }

  add(id: string, doc: Readonly<Record<string, string | undefined>>): number {
    if (this.shortOf.has(id)) this.discard(id);
    this.changed();
    const short = this.ids.length;
    this.ids.push(id);
    this.shortOf.set(id, short);
    this.live++;
    const n = this.fields.length;
    if (this.lengths.length < (short + 1) * n) {
      const grown = new Uint16Array(Math.max(64 * n, this.lengths.length * 2, (short + 1) * n));
      grown.set(this.lengths);
      this.lengths = grown;
    }
    for (let f = 0; f < n; f++) {
      const value = doc[this.fields[f]!];
      if (!value) continue;
      const terms = this.cut(value, this.fields[f]!);
      this.lengths[short * n + f] = Math.min(terms.length, 0xffff);
      this.lengthSum[f]! += terms.length;
      const freq = new Map<string, number>();
      for (const t of terms) freq.set(t, (freq.get(t) ?? 0) + 1);
      for (const [t, k] of freq) this.post(t, short * (1 << SHIFT) + (f << FREQ_BITS) + Math.min(k, MAX_FREQ));
    }
    return short;
  }

  /**
   * Give back what the doubling left unused: each term's postings to their count, the field lengths to the
   * documents held. Called when a fill has read a kind to the end, so the index held for hours is the size of
   * its contents (the doubling leaves a quarter of every list unused on average); a later add grows them again.
   */
  trim(): void {
    let total = 0;
    for (const count of this.postingCount) total += count;
    // One allocation for all lists (large: mapped and unmapped as a whole, no holes left behind).
    const slab = new Uint32Array(total);
    const start = new Uint32Array(this.postingCount.length);
    let at = 0;
    for (let id = 0; id < this.postingCount.length; id++) {
      const count = this.postingCount[id]!;
      const list = this.list(id);
      slab.set(list.length === count ? list : list.slice(0, count), at);
      start[id] = at;
      at += count;
    }
    this.slab = slab;
    this.start = start;
    this.growing = [];
    const used = this.ids.length * this.fields.length;
    if (this.lengths.length > used) this.lengths = this.lengths.slice(0, used);
  }

  private post(term: string, posting: number): void {
    let id = this.dictionary.get(term);
    if (id === undefined) {
      id = this.postingCount.length;
      this.dictionary.set(term, id);
      this.growing[id] = [];
      this.postingCount.push(0);
    }
    const count = this.postingCount[id]!;
    // A packed list grows as a plain array again until the next pack.
    const list = (this.growing[id] ??= Array.from(this.list(id)));
    list[count] = posting;
    this.postingCount[id] = count + 1;
  }

  discard(id: string): void {
    const short = this.shortOf.get(id);
    if (short === undefined) return;
    this.changed();
    this.shortOf.delete(id);
    this.ids[short] = undefined;
    this.live--;
    const n = this.fields.length;
    for (let f = 0; f < n; f++) this.lengthSum[f]! -= this.lengths[short * n + f]!;
  }

  /** The terms a spec matches in the dictionary, each with its weight (1 exact; MiniSearch's prefix and fuzzy weights). */
  expand(spec: TermSpec): Expansion[] {
    const memo = `${spec.term}\u0000${spec.fuzzy}\u0000${spec.prefix}`;
    let out = this.expansions.get(memo);
    if (!out) {
      // A bounded cache: phrases repeat their words (and the relaxed pass its terms), a dictionary walk for fuzzy costs.
      if (this.expansions.size >= EXPANSION_CACHE) this.expansions.clear();
      this.expansions.set(memo, (out = this.walk(spec)));
    }
    return out;
  }

  private walk(spec: TermSpec): Expansion[] {
    const out: Expansion[] = [];
    const exact = this.dictionary.get(spec.term);
    if (exact !== undefined) out.push({ term: spec.term, id: exact, weight: 1 });
    let fuzzy: Map<string, [number, number]> | undefined;
    if (spec.fuzzy) {
      const f = spec.fuzzy === true ? 0.2 : spec.fuzzy;
      const max = f < 1 ? Math.min(MAX_FUZZY, Math.round(spec.term.length * f)) : f;
      if (max) fuzzy = this.dictionary.fuzzyGet(spec.term, max) as Map<string, [number, number]>;
    }
    if (spec.prefix) {
      for (const [term, id] of this.dictionary.atPrefix(spec.term)) {
        const distance = term.length - spec.term.length;
        if (!distance) continue;
        fuzzy?.delete(term);
        out.push({ term, id, weight: prefixWeight(term.length, distance) });
      }
    }
    for (const [term, [id, distance]] of fuzzy ?? []) {
      if (!distance) continue;
      out.push({ term, id, weight: (WEIGHTS.fuzzy * term.length) / (term.length + distance) });
    }
    return out;
  }

  /**
   * How many postings a spec walks (what scoring it would cost). `weight`: what each matching document costs
   * instead (a site: the assets standing at it); nothing is scored or allocated.
   */
  reach(spec: TermSpec, weight?: (short: number) => number): number {
    let n = 0;
    for (const e of this.expand(spec)) {
      if (!weight) {
        n += this.postingCount[e.id]!;
        continue;
      }
      const list = this.list(e.id);
      for (let p = 0, count = this.postingCount[e.id]!; p < count; p++) n += weight(list[p]! >>> SHIFT);
    }
    return n;
  }

  /**
   * The documents a spec matches, scored as MiniSearch scores them: BM25+ per field, times the field's boost and
   * the term's weight. `among`: only these documents (the others are skipped before any allocation).
   */
  match(spec: TermSpec, fields: readonly string[] | undefined, boost: Readonly<Record<string, number>>, among?: ReadonlySet<number>, into: Hits = new Map()): Hits {
    const n = this.fields.length;
    const wanted = new Array<number>(n).fill(0);
    for (const f of fields ?? this.fields) {
      const i = this.fieldNo.get(f);
      if (i !== undefined) wanted[i] = boost[f] ?? 1;
    }
    const termList = [spec.term];
    for (const e of this.expand(spec)) {
      const list = this.list(e.id);
      const count = this.postingCount[e.id]!;
      const matching = this.frequency(e.id);
      const score = (p: number) => {
        const v = list[p]!;
        const short = v >>> SHIFT;
        const f = (v >>> FREQ_BITS) & (MAX_FIELDS - 1);
        if (!wanted[f] || this.ids[short] === undefined) return;
        const avg = this.lengthSum[f]! / Math.max(1, this.live);
        const points = e.weight * wanted[f]! * bm25(v & MAX_FREQ, matching[f]!, this.live, this.lengths[short * n + f]!, avg);
        const bit = 1 << this.bits[f]!;
        addHit(into, short, points, termList, bit);
      };
      if (among && among.size * SEEK_COST < count) {
        // A few candidates against a long list: a list holds its documents in the order they were added (short ids
        // ascending), so each candidate's postings are found by binary search.
        for (const short of among) {
          let lo = 0;
          let hi = count;
          const first = short * (1 << SHIFT);
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (list[mid]! < first) lo = mid + 1;
            else hi = mid;
          }
          for (let p = lo; p < count && list[p]! >>> SHIFT === short; p++) score(p);
        }
      } else {
        for (let p = 0; p < count; p++) if (!among || among.has(list[p]! >>> SHIFT)) score(p);
      }
    }
    return into;
  }

  /** A term's postings (read only; a growing term's plain array, else its stretch of the slab). */
  private list(id: number): ArrayLike<number> & { slice(start: number, end: number): ArrayLike<number> } {
    return this.growing[id] ?? this.slab.subarray(this.start[id]!, this.start[id]! + this.postingCount[id]!);
  }

  /** Per field, how many live documents hold the term (BM25's document frequency). */
  private frequency(id: number): Int32Array {
    let counts = this.frequencies.get(id);
    if (counts) return counts;
    counts = new Int32Array(this.fields.length);
    const list = this.list(id);
    const count = this.postingCount[id]!;
    for (let p = 0; p < count; p++) {
      const v = list[p]!;
      if (this.ids[v >>> SHIFT] !== undefined) counts[(v >>> FREQ_BITS) & (MAX_FIELDS - 1)]! += 1;
    }
    this.frequencies.set(id, counts);
    return counts;
  }

  toJSON(): SavedTermIndex {
    return JSON.parse([...this.save().chunks()].join("")) as SavedTermIndex;
  }

  /**
   * The saved form (SavedTermIndex) as JSON text in chunks, read from the live structures as it is written (a
   * save built the whole saved form first: a base64 string per term and every array of it at once, the largest
   * part of the heap a fill left behind), and each short id's number in it (-1: discarded, not saved), for what
   * refers to documents by it.
   */
  save(): { renumber: Int32Array; chunks: () => Generator<string> } {
    // Discarded documents are dropped here: live documents are numbered again from 0.
    const renumber = new Int32Array(this.ids.length).fill(-1);
    let live = 0;
    this.ids.forEach((id, short) => {
      if (id !== undefined) renumber[short] = live++;
    });
    // What the index holds now: the chunks are read while the file is written, and a record added or changed
    // meanwhile must not make the saved parts disagree. The ids and terms are listed now (a term added later may
    // reshape the dictionary's tree under an iterator); postings and field lengths only grow at their end, and
    // are read up to their extent of now.
    const ids = this.ids.slice();
    const counts = Int32Array.from(this.postingCount);
    const terms: string[] = [];
    const termIds: number[] = [];
    for (const [term, id] of this.dictionary) {
      terms.push(term);
      termIds.push(id);
    }
    return { renumber, chunks: () => this.savedChunks(renumber, live, ids, counts, terms, termIds) };
  }

  private *savedChunks(renumber: Int32Array, live: number, ids: ReadonlyArray<string | undefined>, counts: Int32Array, terms: readonly string[], termIds: readonly number[]): Generator<string> {
    const n = this.fields.length;
    const whole = live === ids.length;
    // A term's postings renumbered, without the discarded documents' (none left: the term is not saved).
    const kept = (id: number): Uint32Array | undefined => {
      const raw = this.list(id);
      const list = raw instanceof Uint32Array ? raw.subarray(0, counts[id]!) : Uint32Array.from(raw.slice(0, counts[id]!));
      if (whole) return list.length ? list : undefined;
      const out = new Uint32Array(list.length);
      let k = 0;
      for (const v of list) {
        const to = renumber[v >>> SHIFT]!;
        if (to >= 0) out[k++] = to * (1 << SHIFT) + (v & ((1 << SHIFT) - 1));
      }
      return k ? out.subarray(0, k) : undefined;
    };
    const saved = termIds.map((id) => Boolean(kept(id)));
    yield '{"ids":';
    yield* jsonArray(ids.flatMap((id) => (id === undefined ? [] : [JSON.stringify(id)])));
    yield ',"terms":';
    yield* jsonArray(terms.flatMap((term, i) => (saved[i] ? [JSON.stringify(term)] : [])));
    yield ',"postings":';
    yield* jsonArray(
      (function* () {
        for (let i = 0; i < termIds.length; i++) if (saved[i]) yield `"${base64(kept(termIds[i]!)!)}"`;
      })(),
    );
    const lengths = new Uint16Array(live * n);
    ids.forEach((id, short) => {
      if (id !== undefined) lengths.set(this.lengths.subarray(short * n, short * n + n), renumber[short]! * n);
    });
    yield `,"lengths":"${base64(lengths)}"}`;
  }

  private restore(saved: SavedTermIndex): void {
    if (!Array.isArray(saved.ids) || !Array.isArray(saved.terms) || !Array.isArray(saved.postings) || saved.terms.length !== saved.postings.length) {
      throw new Error("not a saved term index");
    }
    this.ids = [...saved.ids];
    this.shortOf = new Map(saved.ids.map((id, i) => [id, i]));
    this.live = saved.ids.length;
    this.lengths = fromBase64(saved.lengths, Uint16Array);
    const n = this.fields.length;
    if (this.lengths.length !== this.live * n) throw new Error("saved term index: field lengths do not match its documents");
    for (let i = 0; i < this.lengths.length; i++) this.lengthSum[i % n]! += this.lengths[i]!;
    // Every list decoded straight into one slab (as trim() leaves them): no buffer per term on the way.
    const texts = saved.postings.map(String);
    const sizes = texts.map((text) => Buffer.byteLength(text, "base64"));
    let bytes = 0;
    for (const size of sizes) {
      if (size % Uint32Array.BYTES_PER_ELEMENT) throw new Error("saved term index: a packed array has a wrong length");
      bytes += size;
    }
    const slab = new Uint32Array(bytes / Uint32Array.BYTES_PER_ELEMENT);
    const slabBytes = Buffer.from(slab.buffer);
    const start = new Uint32Array(texts.length);
    let at = 0;
    saved.terms.forEach((term, id) => {
      const size = sizes[id]!;
      if (slabBytes.write(texts[id]!, at * Uint32Array.BYTES_PER_ELEMENT, size, "base64") !== size) throw new Error("saved term index: a packed array is not base64");
      this.dictionary.set(term, id);
      start[id] = at;
      this.postingCount.push(size / Uint32Array.BYTES_PER_ELEMENT);
      at += size / Uint32Array.BYTES_PER_ELEMENT;
    });
    this.slab = slab;
    this.start = start;
  }
}

/** A JSON array of `items` (each already JSON text) in chunks of a few thousand items: never one string. */
export function* jsonArray(items: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  let first = true;
  yield "[";
  for (const item of items) {
    batch.push(item);
    if (batch.length === 2_000) {
      yield (first ? "" : ",") + batch.join(",");
      first = false;
      batch = [];
    }
  }
  yield (first || !batch.length ? "" : ",") + batch.join(",") + "]";
}

export function base64(array: Uint16Array | Uint32Array | Int32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("base64");
}

export function fromBase64<T extends Uint16Array | Uint32Array | Int32Array>(text: string, Type: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const bytes = Buffer.from(String(text), "base64");
  if (bytes.byteLength % Type.BYTES_PER_ELEMENT) throw new Error("saved term index: a packed array has a wrong length");
  // Copied into an ArrayBuffer of its own: a Buffer's view may sit unaligned in Node's shared pool.
  const own = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(own).set(bytes);
  return new Type(own);
}

/**
 * Run a MiniSearch-shaped query: strings are cut into processed terms (combined with the branch's combineWith),
 * branches combined with AND (every part matches; scores summed) or OR (any part; scores summed). `leaf` matches
 * one term. As in MiniSearch, a branch's options (fields, fuzzy, prefix, combineWith) hold for what is below it.
 *
 * With `scope.cost`, an AND runs its cheapest part first and every other part only among the documents the parts
 * before it matched ("cooling unit" scores "unit", 50,000 assets, only at the few that say "cooling"); the parts'
 * hits are still summed in the query's order, so every score is what the plain AND gives, to the last bit.
 */
export function runQuery(query: Query, leaf: LeafMatcher, cut: (text: string) => string[], scope: QueryScope = {}): Hits {
  return runBranch(query, leaf, cut, {}, scope.among, scope.cost);
}

type Options = Omit<QueryTree, "queries">;

function runBranch(query: Query, leaf: LeafMatcher, cut: (text: string) => string[], inherited: Options, among: ReadonlySet<number> | undefined, cost: QueryScope["cost"]): Hits {
  if (typeof query !== "string") {
    const { queries, ...own } = query;
    const options = { ...inherited, ...own };
    const parts = queries.map((q) => ({
      run: (within: ReadonlySet<number> | undefined) => runBranch(q, leaf, cut, options, within, cost),
      cost: () => leaves(q, cut, options).reduce((n, l) => n + cost!(l.spec, l.fields), 0),
    }));
    return combineParts(parts, options.combineWith ?? "OR", among, cost !== undefined);
  }
  const terms = cut(query).filter(Boolean);
  const specs = terms.map((term): TermSpec => ({ term, ...specOptions(inherited, term) }));
  const parts = specs.map((s) => ({ run: (within: ReadonlySet<number> | undefined) => leaf(s, inherited.fields, within), cost: () => cost!(s, inherited.fields) }));
  return combineParts(parts, inherited.combineWith ?? "OR", among, cost !== undefined);
}

/** Run a branch's parts and combine them; an AND (when costs are known) cheapest first, narrowing as it goes. */
function combineParts(parts: Array<{ run: (among: ReadonlySet<number> | undefined) => Hits; cost: () => number }>, how: "AND" | "OR", among: ReadonlySet<number> | undefined, costed: boolean): Hits {
  if (how === "OR" || !costed || parts.length < 2) return combine(parts.map((p) => p.run(among)), how);
  const order = parts.map((p, i) => ({ i, n: p.cost() })).sort((a, b) => a.n - b.n);
  const results: Hits[] = new Array(parts.length);
  let within = among;
  for (const { i } of order) {
    const hits = parts[i]!.run(within);
    // Nothing matched this part: nothing matches them all.
    if (!hits.size) return hits;
    results[i] = hits;
    within = new Set(hits.keys());
  }
  // Summed in the query's order, as the plain AND sums them.
  return combine(results, "AND");
}

export function specOptions(options: Omit<QueryTree, "queries">, term: string): { fuzzy: boolean | number; prefix: boolean } {
  const fuzzy = typeof options.fuzzy === "function" ? options.fuzzy(term) : (options.fuzzy ?? false);
  const prefix = typeof options.prefix === "function" ? options.prefix(term) : (options.prefix ?? false);
  return { fuzzy, prefix };
}

/** Every leaf spec of a query with the fields it searches (to estimate its cost before running it). */
export function leaves(query: Query, cut: (text: string) => string[], inherited: Omit<QueryTree, "queries"> = {}): Array<{ spec: TermSpec; fields?: readonly string[] }> {
  if (typeof query !== "string") {
    const { queries, ...own } = query;
    const options = { ...inherited, ...own };
    return queries.flatMap((q) => leaves(q, cut, options));
  }
  return cut(query)
    .filter(Boolean)
    .map((term) => ({ spec: { term, ...specOptions(inherited, term) }, fields: inherited.fields }));
}

export function combine(results: Hits[], how: "AND" | "OR"): Hits {
  if (!results.length) return new Map();
  return results.reduce((a, b) => {
    // The smaller into the larger: a sum of two scores is the same either way round (and a document's sum grows
    // in the same order), and only the order of the entries differs, which no ranking reads.
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    if (how === "OR") {
      small.forEach((hit, short) => {
        const had = large.get(short);
        if (!had) large.set(short, hit);
        else mergeInto(had, hit);
      });
      return large;
    }
    const both: Hits = new Map();
    small.forEach((hit, short) => {
      const other = large.get(short);
      if (other) both.set(short, mergeInto({ score: hit.score, terms: hit.terms, fields: hit.fields }, other));
    });
    return both;
  });
}

/** Add a match to a document's hit (its score summed, its terms and fields joined), or start the hit. */
export function addHit(hits: Hits, short: number, score: number, terms: readonly string[], fields: number): void {
  const hit = hits.get(short);
  if (hit) mergeInto(hit, { score, terms, fields });
  else hits.set(short, { score, terms, fields });
}

function mergeInto(into: RawHit, hit: RawHit): RawHit {
  into.score += hit.score;
  into.fields |= hit.fields;
  // A new array when a term joins (the old one may be another hit's too).
  for (const t of hit.terms) if (!into.terms.includes(t)) into.terms = [...into.terms, t];
  return into;
}
