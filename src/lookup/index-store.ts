/**
 * The searchable side of the lookup: one MiniSearch index per kind of record (assets, customers, jobs), whose
 * documents join each record with its location and customer (an asset's customer name comes from the customer
 * it stands at), plus exact maps of tags, serials, codes and job numbers. MiniSearch does the term matching
 * (fuzzy, prefix, field boosts, BM25 ranking); this module says which fields a record offers and why a hit matched.
 */
import MiniSearch, { type Query, type SearchResult } from "minisearch";
import type { Asset, Customer, Job, Location } from "../domain/types.js";
import type { Term } from "./parse.js";
import { codeKey, phoneKeys, stem, tokenize } from "./text.js";

export type LookupKind = "asset" | "customer" | "job";
export const LOOKUP_KINDS: readonly LookupKind[] = ["customer", "asset", "job"];

/** The account's records as read from the vendor, keyed by String(id). */
export interface Records {
  customers: Map<string, Customer>;
  locations: Map<string, Location>;
  assets: Map<string, Asset>;
  jobs: Map<string, Job>;
  /** Customer key → the keys of its locations. */
  sitesOf: Map<string, Set<string>>;
}

export function emptyRecords(): Records {
  return { customers: new Map(), locations: new Map(), assets: new Map(), jobs: new Map(), sitesOf: new Map() };
}

/** Keep a location, and which customer's sites it is among (a customer's document lists its sites). */
export function setLocation(records: Records, location: Location): void {
  const key = String(location.id);
  const old = records.locations.get(key);
  if (old && String(old.customerId) !== String(location.customerId)) records.sitesOf.get(String(old.customerId))?.delete(key);
  records.locations.set(key, location);
  if (location.customerId === undefined || location.customerId === null) return;
  const owner = String(location.customerId);
  let sites = records.sitesOf.get(owner);
  if (!sites) records.sitesOf.set(owner, (sites = new Set()));
  sites.add(key);
}

/** A customer's locations as the records hold them. */
export function locationsOf(records: Records, customerKey: string): Location[] {
  return [...(records.sitesOf.get(customerKey) ?? [])].map((k) => records.locations.get(k)!).filter(Boolean);
}

/** A kind's documents, built from the records when asked (see KindIndex). */
export function docSource(kind: LookupKind, records: Records): DocSource {
  if (kind === "asset") {
    return {
      doc: (key) => mapDoc(records.assets.get(key), (a) => assetDoc(a, records)),
      codes: (key) => mapDoc(records.assets.get(key), (a) => ({ id: String(a.id), tag: txt(a.tag), serial: txt(a.serialNumber) })),
      keys: () => records.assets.keys(),
    };
  }
  if (kind === "customer") {
    return {
      doc: (key) => mapDoc(records.customers.get(key), (c) => customerDoc(c, records, locationsOf(records, key))),
      codes: (key) => mapDoc(records.customers.get(key), (c) => ({ id: String(c.id), code: txt(c.code), phone: txt(c.phone) })),
      keys: () => records.customers.keys(),
    };
  }
  return {
    doc: (key) => mapDoc(records.jobs.get(key), (j) => jobDoc(j, records)),
    codes: (key) => mapDoc(records.jobs.get(key), (j) => ({ id: String(j.id), number: txt(j.number) })),
    keys: () => records.jobs.keys(),
  };
}

const mapDoc = <T>(record: T | undefined, make: (r: T) => Doc): Doc | undefined => (record ? make(record) : undefined);

interface FieldDef {
  /** Shown in explanations: "type: Boiler". */
  label: string;
  boost: number;
  /** Compared exactly (tags, serials, codes, numbers) besides being searchable. */
  code?: boolean;
  /** Exact keys other than the whole value's codeKey: a phone's digits in every stored form. */
  keys?: (value: string) => string[];
}

/** The exact keys a field's value is found by (none for plain text fields). */
function exactKeys(def: FieldDef, value: string): string[] {
  if (def.keys) return def.keys(value);
  const key = def.code ? codeKey(value) : "";
  return key ? [key] : [];
}

/** Searchable fields per kind, with their weight: a tag or a name says more than a word of the notes. */
const FIELDS: Readonly<Record<LookupKind, Readonly<Record<string, FieldDef>>>> = {
  asset: {
    tag: { label: "tag", boost: 6, code: true },
    serial: { label: "serial", boost: 6, code: true },
    name: { label: "name", boost: 3 },
    type: { label: "type", boost: 3 },
    make: { label: "make", boost: 2.5 },
    model: { label: "model", boost: 2 },
    customer: { label: "customer", boost: 2.5 },
    location: { label: "location", boost: 2 },
    city: { label: "city", boost: 1.2 },
    street: { label: "street", boost: 1 },
    assignee: { label: "assigned to", boost: 1 },
    notes: { label: "notes", boost: 0.6 },
  },
  customer: {
    code: { label: "code", boost: 6, code: true },
    name: { label: "name", boost: 4 },
    company: { label: "company", boost: 2 },
    locations: { label: "location", boost: 2 },
    email: { label: "email", boost: 1.5 },
    // Stored as typed ("8015550142", "(801) 555-0142", "+1 801…"): found by its digits whatever form is typed.
    phone: { label: "phone", boost: 1.5, keys: phoneKeys },
    region: { label: "region", boost: 1.2 },
    city: { label: "city", boost: 1.2 },
    street: { label: "street", boost: 1 },
  },
  job: {
    number: { label: "number", boost: 6, code: true },
    title: { label: "title", boost: 3 },
    customer: { label: "customer", boost: 3 },
    location: { label: "location", boost: 2.5 },
    technician: { label: "technician", boost: 2 },
    assets: { label: "asset", boost: 1.5 },
    city: { label: "city", boost: 1.2 },
    street: { label: "street", boost: 1 },
    description: { label: "description", boost: 0.8 },
    workflow: { label: "workflow", boost: 0.5 },
  },
};

export type Doc = Record<string, string> & { id: string };

const txt = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const join = (...parts: unknown[]): string => parts.map(txt).filter(Boolean).join(", ");

/** "12 Main St, Springfield, IL 62701" → its street part and its city part (best effort). */
function splitAddress(address: string | null | undefined): { street: string; city: string } {
  const parts = txt(address).split(",").map((p) => p.trim());
  return { street: parts[0] ?? "", city: parts.slice(1).join(", ") };
}

/** Where a record with this location id stands: the location, and its customer (a TrackplanFM site is both). */
function placeOf(records: Records, locationId: unknown): { location?: Location; customer?: Customer } {
  if (locationId === null || locationId === undefined) return {};
  const location = records.locations.get(String(locationId));
  const customer = location?.customerId !== undefined ? records.customers.get(String(location.customerId)) : records.customers.get(String(locationId));
  return { location, customer };
}

export function assetDoc(a: Asset, records: Records): Doc {
  const { location, customer } = placeOf(records, a.locationId);
  return {
    id: String(a.id),
    tag: txt(a.tag),
    serial: txt(a.serialNumber),
    name: txt(a.name),
    type: txt(a.typeName),
    make: txt(a.manufacturer),
    model: txt(a.model),
    customer: txt(customer?.name),
    location: txt(a.locationName ?? location?.name),
    city: join(location?.city, location?.state, location?.zip),
    street: txt(location?.street),
    assignee: txt(a.assignedToName),
    notes: txt(a.notes),
  };
}

export function customerDoc(c: Customer, records: Records, locations: readonly Location[]): Doc {
  const own = splitAddress(c.address);
  return {
    id: String(c.id),
    code: txt(c.code),
    name: txt(c.name),
    company: txt(c.company),
    locations: locations.map((l) => l.name).join(", "),
    email: txt(c.email),
    phone: txt(c.phone),
    region: txt(c.region),
    city: join(own.city, ...locations.map((l) => join(l.city, l.state, l.zip))),
    street: join(own.street, ...locations.map((l) => l.street)),
  };
}

export function jobDoc(j: Job, records: Records): Doc {
  const { location, customer } = placeOf(records, j.locationId);
  const owner = j.customerId !== null && j.customerId !== undefined ? records.customers.get(String(j.customerId)) : undefined;
  const address = splitAddress(j.address);
  return {
    id: String(j.id),
    number: txt(j.number),
    title: txt(j.title),
    customer: txt(j.customerName ?? owner?.name ?? customer?.name),
    location: txt(j.locationName ?? location?.name),
    technician: txt(j.technicianName),
    assets: (j.assets ?? []).map((a) => join(a.name, a.tag)).join(", "),
    city: join(address.city, location?.city, location?.state, location?.zip),
    street: join(address.street, location?.street),
    description: txt(j.description),
    workflow: txt(j.workflow),
  };
}

/** What one term matched in one record: its score and the fields it was found in. */
export interface TermHit {
  score: number;
  fields: string[];
}

/** Where a KindIndex reads its records' documents: built on demand from the records, never held twice. */
export interface DocSource {
  doc(key: string): Doc | undefined;
  /** Only the fields compared exactly (tag, serial, code, phone, number): all a loaded index must list again. */
  codes(key: string): Doc | undefined;
  keys(): Iterable<string>;
}

/** The index as saved to disk (MiniSearch's own serialisation) and the exact codes, rebuilt from the records. */
export type SavedIndex = ReturnType<MiniSearch<Doc>["toJSON"]>;

/**
 * A searchable collection of one kind of record. It keeps the MiniSearch index and the exact codes only: a
 * record's document (customer name, city, street joined in) is built again from the records when a hit is
 * explained, so 50,000 assets are not held twice (once as records, once as documents).
 */
export class KindIndex {
  readonly kind: LookupKind;
  private readonly fields: Readonly<Record<string, FieldDef>>;
  private ms: MiniSearch<Doc>;
  private readonly source: DocSource;
  /** codeKey(value) → the records (and field) holding it exactly. */
  private readonly codes = new Map<string, Array<{ key: string; field: string }>>();
  /** The exact codes each record is listed under (to drop them when it changes): its document is gone by then. */
  private readonly codesOf = new Map<string, string[]>();

  constructor(kind: LookupKind, source: DocSource, saved?: SavedIndex) {
    this.kind = kind;
    this.fields = FIELDS[kind];
    this.source = source;
    const options = indexOptions(this.fields);
    this.ms = saved ? MiniSearch.loadJS<Doc>(saved, options) : new MiniSearch<Doc>(options);
  }

  get size(): number {
    return this.ms.documentCount;
  }

  has(key: string): boolean {
    return this.ms.has(key);
  }

  doc(key: string): Readonly<Doc> | undefined {
    return this.ms.has(key) ? this.source.doc(key) : undefined;
  }

  toJSON(): SavedIndex {
    return this.ms.toJSON();
  }

  upsert(doc: Doc): void {
    if (this.ms.has(doc.id)) {
      // discard needs no copy of the old document (remove would): MiniSearch drops its terms lazily.
      this.ms.discard(doc.id);
      this.dropCodes(doc.id);
    }
    this.ms.add(doc);
    this.addCodes(doc);
  }

  /** List a document's exact codes (after loading a saved index, from DocSource.codes). */
  addCodes(doc: Doc): void {
    const mine: string[] = [];
    for (const [field, def] of Object.entries(this.fields)) {
      if (!def.code && !def.keys) continue;
      for (const key of exactKeys(def, doc[field] ?? "")) {
        const list = this.codes.get(key) ?? [];
        if (!list.some((e) => e.key === doc.id && e.field === field)) list.push({ key: doc.id, field });
        this.codes.set(key, list);
        mine.push(key);
      }
    }
    if (mine.length) this.codesOf.set(doc.id, mine);
  }

  private dropCodes(id: string): void {
    for (const key of this.codesOf.get(id) ?? []) {
      const list = this.codes.get(key);
      if (!list) continue;
      const rest = list.filter((e) => e.key !== id);
      if (rest.length) this.codes.set(key, rest);
      else this.codes.delete(key);
    }
    this.codesOf.delete(id);
  }

  /** The records holding this exact code (tag, serial, site code, job number), with the field. */
  exact(code: string): ReadonlyArray<{ key: string; field: string }> {
    return this.codes.get(code) ?? [];
  }

  /** The records a code term names exactly: its code, or for a phone-shaped term its digits in any stored form. */
  exactTerm(term: Term): ReadonlyArray<{ key: string; field: string }> {
    const byCode = term.code ? this.exact(term.code) : [];
    const byPhone = term.phone && term.phone !== term.code ? this.exact(term.phone) : [];
    if (!byPhone.length) return byCode;
    const seen = new Set(byCode.map((e) => `${e.key}\u0000${e.field}`));
    return [...byCode, ...byPhone.filter((e) => !seen.has(`${e.key}\u0000${e.field}`))];
  }

  /**
   * One term as a MiniSearch query: any alternative, every word of it, with the term's own fuzziness. `alone`:
   * the phrase is this one term (then even one or two letters are a beginning: "o" lists what starts with o).
   */
  private termQuery(term: Term, alone = true): Query {
    const vocabulary = term.kind !== "word" && term.kind !== "code";
    const isCode = term.kind === "code";
    const alternatives = (isCode && term.code ? [...term.alternatives, [term.code]] : term.alternatives).filter((alt) => alt.length > 0);
    // Near forms (parse.ts: transpositions, joins, splits) only in a relaxed search (lookup.ts sets `leeway`): a strict
    // search stays as fast as before. They match only as written: they are the typo allowance already.
    const variants: Query[] = (term.leeway ? (term.variants ?? []) : []).map((alt) => ({ combineWith: "AND", queries: alt, fuzzy: false, prefix: false }));
    return {
      combineWith: "OR",
      queries: [...alternatives.map((alt): Query => ({ combineWith: "AND", queries: alt })), ...variants],
      // Trade and place words describe equipment and places, not codes: "HVAC" must not match serial HVAC-2012-….
      ...(vocabulary ? { fields: Object.keys(this.fields).filter((f) => !this.fields[f]!.code && !["email", "phone", "serial", "tag"].includes(f)) } : {}),
      // One typo in a name ("Parksde", "Carier"); a relaxed search allows one in a stemmed four-letter word ("Dalas" → dala) and two in a long one; vocabulary and numbers match as written.
      fuzzy: (t: string) => (vocabulary || /\d/.test(t) ? false : term.leeway ? (t.length >= 6 ? term.leeway : t.length >= 4 ? 1 : false) : t.length >= 5 ? 1 : false),
      // A name's or a code's beginning finds it ("Acme", "Riversi", "PAX1788"); a lone number does not ("2" must not find "2008"),
      // nor do one or two letters among other words (the "d" of "Coeur d'Alene" would score every term beginning with d:
      // at 50,000 assets, seconds).
      prefix: (t: string) => (isCode ? t.length >= 4 : !vocabulary && (alone || t.length >= 3) && !/\d/.test(t)),
    };
  }

  private get boosts(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.fields).map(([f, d]) => [f, d.boost]));
  }

  /**
   * How many postings (record × field × matching term) a query walks, restricted to `among`: what scoring it
   * would cost. MiniSearch asks `boostDocument` before it builds a result; answering 0 skips the record, so
   * this allocates nothing per posting.
   */
  private reach(query: Query, among?: ReadonlySet<string>): number {
    let n = 0;
    this.ms.search(query, { boostDocument: (id) => (among && !among.has(id as string) ? 0 : (n++, 0)) });
    return n;
  }

  /**
   * The records every term matches, optionally only among `among`; each with its score and the fields that
   * matched. Scoring is bounded: the rarest term (fewest postings) is scored first, and the whole query then
   * scores only the records it found (MiniSearch's `boostDocument` answers 0 for the others before it builds
   * anything for them). The scores are those of the plain AND query: a record outside the rarest term's
   * matches cannot match them all. At 50,000 assets a phrase of common words ("RTU 3 Acme Bakery") costs a
   * few milliseconds instead of scoring every rooftop unit and every Acme asset.
   */
  searchAll(terms: readonly Term[], among?: ReadonlySet<string>): Map<string, TermHit> {
    const hits = new Map<string, TermHit>();
    if (!terms.length) return hits;
    const queries = terms.map((t) => this.termQuery(t, terms.length === 1));
    let candidates = among;
    if (queries.length > 1) {
      const rarest = queries.map((q): { q: Query; n: number } => ({ q, n: this.reach(q, candidates) })).sort((a, b) => a.n - b.n)[0]!;
      if (!rarest.n) return hits;
      const found = new Set<string>();
      this.ms.search(rarest.q, { boostDocument: (id) => (candidates && !candidates.has(id as string) ? 0 : (found.add(id as string), 0)) });
      candidates = found;
    }
    const only = candidates;
    const results: SearchResult[] = this.ms.search(
      { combineWith: "AND", queries },
      { boost: this.boosts, ...(only ? { boostDocument: (id: unknown) => (only.has(id as string) ? 1 : 0) } : {}) },
    );
    for (const r of results) hits.set(String(r.id), { score: r.score, fields: [...new Set(Object.values(r.match).flat())] });
    return hits;
  }

  /** How many records one term matches alone (0: the term means nothing here). For explaining an empty answer. */
  countTerm(term: Term): number {
    const exact = this.exactTerm(term);
    if (exact.length) return exact.length;
    const found = new Set<string>();
    this.ms.search(this.termQuery(term), { boostDocument: (id) => (found.add(id as string), 0) });
    return found.size;
  }

  /** ["type: Boiler", "customer: Parkside Inn & Suites"]: the fields a record matched in, most telling first, with its values. */
  explain(key: string, fields: readonly string[], max = 4): string[] {
    const doc = this.doc(key);
    if (!doc) return [];
    return [...fields]
      .sort((a, b) => (this.fields[b]?.boost ?? 0) - (this.fields[a]?.boost ?? 0))
      .slice(0, max)
      .map((f) => {
        const value = doc[f] ?? "";
        return `${this.fields[f]?.label ?? f}: ${value.length > 80 ? `${value.slice(0, 77)}...` : value}`;
      });
  }

  /** Whether a record's name or tag carries this number as a word ("Boiler #2", "RTU-2", "Plant 2"). */
  hasNumber(key: string, n: number): boolean {
    const doc = this.doc(key);
    if (!doc) return false;
    const words = tokenize(`${doc.name ?? doc.title ?? ""} ${doc.tag ?? ""} ${doc.location ?? ""}`);
    return words.includes(String(n));
  }
}

/** MiniSearch's options for a kind's fields: the same for a new index and a saved one (loadJS needs them again). */
function indexOptions(fields: Readonly<Record<string, FieldDef>>) {
  const codeFields = new Set(Object.keys(fields).filter((f) => fields[f]!.code));
  return {
    fields: Object.keys(fields),
    // A code is also indexed whole ("SIE-2008-73664" → sie200873664), so its beginning finds it.
    tokenize: (text: string, field?: string) => {
      const words = tokenize(text);
      if (field === "phone") return [...new Set([...words, ...phoneKeys(text)])];
      const whole = field && codeFields.has(field) ? codeKey(text) : "";
      return whole && !words.includes(whole) ? [...words, whole] : words;
    },
    processTerm: (term: string) => stem(term),
    searchOptions: { tokenize: (text: string) => tokenize(text), processTerm: (term: string) => stem(term) },
  };
}

/**
 * What a saved index depends on besides the records: the fields, their boosts and code kinds, and how text is
 * cut into terms (tokenize and stem, by their source and by what they make of a probe text). A saved index
 * whose fingerprint differs was built by another version: the records are indexed again instead.
 */
export function indexFingerprint(): string {
  const probe = "Café O'Brien's Boilers & RTU-2 (801) 555-0142 SIE-2008-73664 Bakeries Mary's St. Łódź 1st";
  const probeTerms = [...tokenize(probe).map(stem), codeKey(probe), ...phoneKeys("(801) 555-0142")];
  return JSON.stringify({ fields: FIELDS, code: [tokenize, stem, codeKey, phoneKeys].map(String), probe: probeTerms, ms: MINISEARCH_SERIALIZATION });
}

/** MiniSearch's own serialisation version (toJSON's `serializationVersion`). */
const MINISEARCH_SERIALIZATION = 2;
