/**
 * The searchable side of the lookup: one index per kind of record (assets, customers, jobs), whose documents
 * join each record with its location and customer (an asset's customer name comes from the customer it stands
 * at), plus exact tables of tags, serials, codes and job numbers. term-index.ts does the term matching (fuzzy,
 * prefix, field boosts, BM25 ranking, as MiniSearch does); this module says which fields a record offers, joins an
 * asset to its site's words at query time, and says why a hit matched.
 */
import type { Asset, Customer, Job, Location } from "../domain/types.js";
import { CodeTable } from "./code-table.js";
import type { Term } from "./parse.js";
import { addHit, base64, bm25, combine, fromBase64, jsonArray, leaves, prefixWeight, runQuery, TermIndex, type Hits, type Query, type RawHit, type SavedTermIndex, type TermSpec } from "./term-index.js";
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
      codes: (key) => mapDoc(records.assets.get(key), (a) => ({ id: String(a.id), tag: txt(a.tag), serial: txt(a.serialNumber), site: txt(a.locationId) })),
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
  /** Compared exactly (tags, serials, codes, numbers), and by their beginning: kept in a code table, not among the words. */
  code?: boolean;
  /** A word of the asset's site (customer, street, city): indexed once per site, matched through the site. */
  place?: boolean;
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
    customer: { label: "customer", boost: 2.5, place: true },
    location: { label: "location", boost: 2 },
    city: { label: "city", boost: 1.2, place: true },
    street: { label: "street", boost: 1, place: true },
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
    // Not searched: which site the customer, city and street words are indexed under.
    site: txt(a.locationId),
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

/** What one term matched in one record: its score and the fields it was found in (an array hits may share: never changed in place). */
export interface TermHit {
  score: number;
  fields: readonly string[];
}

/** Where a KindIndex reads its records' documents: built on demand from the records, never held twice. */
export interface DocSource {
  doc(key: string): Doc | undefined;
  /** Only the fields compared exactly (tag, serial, code, phone, number) and an asset's site: what addCodes lists (a saved index carries them already). */
  codes(key: string): Doc | undefined;
  keys(): Iterable<string>;
}

/** The index as saved to disk: its term indexes (term-index.ts), its code table, and which site each asset stands at. */
export interface SavedIndex {
  format: number;
  text: SavedTermIndex;
  places?: SavedTermIndex;
  /** The code table: keys in order, and base64 of per key its entry count then its entries. */
  codes: { keys: string[]; entries: string };
  /** Assets: base64 of each asset's site (its short id in `places`, -1 for none), in `text`'s order. */
  sites?: string;
}

/** The version of SavedIndex's shape (part of indexFingerprint: another one is indexed again from the records). */
const SAVED_FORMAT = 2;

/** A code table entry: the record's short id in the text index and which code field holds the code. */
const CODE_FIELD_SLOTS = 8;

/**
 * A searchable collection of one kind of record. It holds a compact term index of the records' own words
 * (term-index.ts), the exact codes (tags, serials, site codes, job numbers, phones) in a table of their own with a
 * sorted list of them for code prefixes, and for assets the words of their sites (customer, street, city) once per
 * site: an asset matches a site's word when its site does. A record's document (customer name, city, street joined
 * in) is built again from the records when a hit is explained, so 50,000 assets are not held twice.
 */
export class KindIndex {
  readonly kind: LookupKind;
  private readonly fields: Readonly<Record<string, FieldDef>>;
  private readonly source: DocSource;
  /** Every field's number: its bit in a hit's field mask. */
  private readonly fieldNames: readonly string[];
  private readonly codeFields: readonly string[];
  private readonly boosts: Record<string, number>;
  /** The records' own words (not codes, not their sites' words). */
  private readonly text: TermIndex;
  /** Assets only: one document per site (its customer, street and city), and which assets stand at which site. */
  private readonly places?: TermIndex;
  /** Asset short id → its site's short id (-1: none); a typed array, as the short ids can arrive in any order. */
  private siteOf = new Int32Array(0).fill(-1);
  private assetsAt: number[][] = [];
  /** What each site was indexed with, to index it again only when an asset brings other words for it. */
  private placeText = new Map<string, string>();
  /** codeKey(value) → entries (short id × CODE_FIELD_SLOTS + code field). Entries of discarded records are skipped when read. */
  private codes = new CodeTable();
  /** Records below this short id came with a saved index, codes and site included: addCodes has nothing to add for them. */
  private restored = 0;

  constructor(kind: LookupKind, source: DocSource, saved?: SavedIndex) {
    this.kind = kind;
    this.fields = FIELDS[kind];
    this.source = source;
    this.fieldNames = Object.keys(this.fields);
    this.codeFields = this.fieldNames.filter((f) => this.fields[f]!.code || this.fields[f]!.keys);
    this.boosts = Object.fromEntries(this.fieldNames.map((f) => [f, this.fields[f]!.boost]));
    if (saved && (saved.format !== SAVED_FORMAT || !saved.text || !saved.codes)) throw new Error("the saved index has another shape");
    const own = this.fieldNames.filter((f) => !this.fields[f]!.code && !this.fields[f]!.place);
    const place = this.fieldNames.filter((f) => this.fields[f]!.place);
    this.text = new TermIndex(own, cutField, own.map((f) => this.fieldNames.indexOf(f)), saved?.text);
    if (place.length) this.places = new TermIndex(place, cutField, place.map((f) => this.fieldNames.indexOf(f)), saved?.places);
    if (saved) this.restore(saved);
  }

  private restore(saved: SavedIndex): void {
    this.codes = CodeTable.load(saved.codes.keys, fromBase64(saved.codes.entries, Int32Array));
    if (this.places && saved.sites !== undefined) {
      const sites = fromBase64(saved.sites, Int32Array);
      sites.forEach((place, short) => {
        if (place < 0) return;
        this.setSite(short, place);
        (this.assetsAt[place] ??= []).push(short);
      });
    }
    this.restored = saved.text.ids.length;
  }

  get size(): number {
    return this.text.size;
  }

  has(key: string): boolean {
    return this.text.has(key);
  }

  /**
   * Give back the room the fill's doubling left unused (see TermIndex.trim) and pack the new codes (CodeTable.pack):
   * the fill calls it once a kind is read.
   */
  trim(): void {
    this.text.trim();
    this.places?.trim();
    this.codes.pack();
    const used = this.text.shortCount;
    if (this.siteOf.length > used) this.siteOf = this.siteOf.slice(0, used);
  }

  doc(key: string): Readonly<Doc> | undefined {
    return this.text.has(key) ? this.source.doc(key) : undefined;
  }

  toJSON(): SavedIndex {
    return JSON.parse([...this.save()].join("")) as SavedIndex;
  }

  /**
   * The saved form (SavedIndex) as JSON text in chunks, streamed from the live index while it is written (see
   * TermIndex.save): what must agree across the parts is taken at the first chunk, in one go.
   */
  *save(): Generator<string> {
    const text = this.text.save();
    const places = this.places?.save();
    const entry = (e: number) => {
      const to = text.renumber[Math.floor(e / CODE_FIELD_SLOTS)] ?? -1;
      return to < 0 ? -1 : to * CODE_FIELD_SLOTS + (e % CODE_FIELD_SLOTS);
    };
    const codes = this.codes.save(entry);
    let sites: Int32Array | undefined;
    if (places) {
      sites = new Int32Array(text.renumber.reduce((n, to) => (to >= 0 ? n + 1 : n), 0)).fill(-1);
      text.renumber.forEach((to, short) => {
        const place = this.site(short);
        if (to >= 0 && place >= 0) sites![to] = places.renumber[place] ?? -1;
      });
    }
    yield `{"format":${SAVED_FORMAT},"text":`;
    yield* text.chunks();
    yield ',"codes":{"keys":';
    yield* jsonArray(codes.keys.map((k) => JSON.stringify(k)));
    yield `,"entries":"${base64(codes.entries)}"}`;
    if (places && sites) {
      yield ',"places":';
      yield* places.chunks();
      yield `,"sites":"${base64(sites)}"`;
    }
    yield "}";
  }

  upsert(doc: Doc): void {
    // The old version's postings and codes stay until the next save but are skipped: it is discarded here.
    const short = this.text.add(doc.id, doc);
    if (this.places) this.indexPlace(doc);
    this.addCodes(doc, short);
  }

  /** An asset's site as a document of its own, indexed again when an asset brings other words for it. */
  private indexPlace(doc: Doc): void {
    const site = doc.site;
    if (!site || !this.places) return;
    const words = [doc.customer, doc.city, doc.street].map((v) => v ?? "").join("\u0000");
    if (this.placeText.get(site) === words) return;
    const before = this.places.short(site);
    const after = this.places.add(site, doc);
    this.placeText.set(site, words);
    if (before === undefined) return;
    // Its assets now stand at the site's new number.
    const moved = this.assetsAt[before] ?? [];
    this.assetsAt[before] = [];
    this.assetsAt[after] = moved;
    for (const a of moved) this.setSite(a, after);
  }

  /** List a record's exact codes, and link an asset to its site; nothing to do for a record that came with a saved index (its codes and site came too). */
  addCodes(doc: Doc, short = this.text.short(doc.id)): void {
    if (short === undefined || short < this.restored) return;
    this.codeFields.forEach((field, slot) => {
      for (const key of exactKeys(this.fields[field]!, doc[field] ?? "")) this.codes.add(key, short * CODE_FIELD_SLOTS + slot);
    });
    if (this.places && doc.site) {
      const place = this.places.short(doc.site);
      if (place !== undefined && this.site(short) !== place) {
        this.setSite(short, place);
        (this.assetsAt[place] ??= []).push(short);
      }
    }
  }

  private site(short: number): number {
    return short < this.siteOf.length ? this.siteOf[short]! : -1;
  }

  private setSite(short: number, place: number): void {
    if (short >= this.siteOf.length) {
      const grown = new Int32Array(Math.max(1024, 2 * this.siteOf.length, short + 1)).fill(-1);
      grown.set(this.siteOf);
      this.siteOf = grown;
    }
    this.siteOf[short] = place;
  }

  /** The live entries under one code key, as short id and field. */
  private codeEntries(key: string): Array<{ short: number; field: string }> {
    const out: Array<{ short: number; field: string }> = [];
    for (const entry of this.codes.get(key)) {
      const short = Math.floor(entry / CODE_FIELD_SLOTS);
      if (this.text.idOf(short) !== undefined) out.push({ short, field: this.codeFields[entry % CODE_FIELD_SLOTS]! });
    }
    return out;
  }

  /** The records holding this exact code (tag, serial, site code, job number), with the field. */
  exact(code: string): ReadonlyArray<{ key: string; field: string }> {
    return this.codeEntries(code).map((e) => ({ key: this.text.idOf(e.short)!, field: e.field }));
  }

  /** The records a code term names exactly: its code, or for a phone-shaped term its digits in any stored form. */
  exactTerm(term: Term): ReadonlyArray<{ key: string; field: string }> {
    const byCode = term.code ? this.exact(term.code) : [];
    const byPhone = term.phone && term.phone !== term.code ? this.exact(term.phone) : [];
    if (!byPhone.length) return byCode;
    const seen = new Set(byCode.map((e) => `${e.key}\u0000${e.field}`));
    return [...byCode, ...byPhone.filter((e) => !seen.has(`${e.key}\u0000${e.field}`))];
  }

  /** The code keys a term names: itself, and with `prefix` every longer code it begins, weighted as MiniSearch weighs a prefix. */
  private codeKeys(spec: TermSpec): Array<{ key: string; weight: number }> {
    const out = this.codes.has(spec.term) ? [{ key: spec.term, weight: 1 }] : [];
    if (!spec.prefix) return out;
    for (const key of this.codes.longer(spec.term)) out.push({ key, weight: prefixWeight(key.length, key.length - spec.term.length) });
    return out;
  }

  /**
   * One term's matches: the records' own words, the words of the sites they stand at, and codes (a term with a
   * digit: tags, serials, numbers), scored as MiniSearch scores a field (BM25+ × field boost × match weight).
   * `among`: only these records. `sites` remembers each spec's site matches for this search.
   */
  private leaf(spec: TermSpec, fields: readonly string[] | undefined, among: ReadonlySet<number> | undefined, sites: Map<string, Hits>): Hits {
    const hits = this.text.match(spec, fields, this.boosts, among);
    const atSites = this.siteHits(spec, fields, sites, among);
    if (atSites?.size) {
      const join = (short: number, h: RawHit) => addHit(hits, short, h.score, h.terms, h.fields);
      if (among) {
        for (const short of among) {
          const h = atSites.get(this.site(short));
          if (h && this.text.idOf(short) !== undefined) join(short, h);
        }
      } else {
        for (const [place, h] of atSites) for (const short of this.assetsAt[place] ?? []) if (this.text.idOf(short) !== undefined && this.site(short) === place) join(short, h);
      }
    }
    if (/\d/.test(spec.term)) {
      for (const { key, weight } of this.codeKeys(spec)) {
        const entries = this.codeEntries(key);
        for (const e of entries) {
          if ((fields && !fields.includes(e.field)) || (among && !among.has(e.short))) continue;
          const score = weight * this.boosts[e.field]! * bm25(1, entries.length, this.text.size, 1, 1);
          addHit(hits, e.short, score, [spec.term], 1 << this.fieldNames.indexOf(e.field));
        }
      }
    }
    return hits;
  }

  /**
   * The sites a spec matches, scored. With `among`, only the sites those assets stand at (a handful once the rarest
   * term has chosen the candidates); without, every matching site, remembered in `sites` for this search.
   */
  private siteHits(spec: TermSpec, fields: readonly string[] | undefined, sites: Map<string, Hits>, among?: ReadonlySet<number>): Hits | undefined {
    if (!this.places) return undefined;
    if (among) {
      const at = new Set<number>();
      for (const short of among) if (this.site(short) >= 0) at.add(this.site(short));
      return at.size ? this.places.match(spec, fields, this.boosts, at) : undefined;
    }
    const memo = `${spec.term}\u0000${spec.fuzzy}\u0000${spec.prefix}\u0000${fields?.join() ?? ""}`;
    let found = sites.get(memo);
    if (!found) sites.set(memo, (found = this.places.match(spec, fields, this.boosts)));
    return found;
  }

  /** How many postings a query walks (own words, the assets of the sites it matches, codes): what scoring it costs. */
  private reach(query: Query): number {
    let n = 0;
    for (const { spec } of leaves(query, cutQuery)) n += this.specReach(spec);
    return n;
  }

  private specReach(spec: TermSpec): number {
    let n = this.text.reach(spec);
    if (this.places) n += this.places.reach(spec, (place) => this.assetsAt[place]?.length ?? 0);
    if (/\d/.test(spec.term)) for (const { key } of this.codeKeys(spec)) n += this.codeEntries(key).length;
    return n;
  }

  /** A query, its AND parts run cheapest first and each only among what the others matched (see runQuery). */
  private run(query: Query, among: ReadonlySet<number> | undefined, sites: Map<string, Hits>): Hits {
    return runQuery(query, (spec, fields, within) => this.leaf(spec, fields, within, sites), cutQuery, { among, cost: (spec) => this.specReach(spec) });
  }

  /**
   * One term as a query: any alternative, every word of it, with the term's own fuzziness. `alone`: the phrase is
   * this one term (then even one or two letters are a beginning: "o" lists what starts with o).
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
      ...(vocabulary ? { fields: this.fieldNames.filter((f) => !this.fields[f]!.code && !["email", "phone", "serial", "tag"].includes(f)) } : {}),
      // One typo in a name ("Parksde", "Carier"); a relaxed search allows one in a stemmed four-letter word ("Dalas" → dala) and two in a long one; vocabulary and numbers match as written.
      fuzzy: (t: string) => (vocabulary || /\d/.test(t) ? false : term.leeway ? (t.length >= 6 ? term.leeway : t.length >= 4 ? 1 : false) : t.length >= 5 ? 1 : false),
      // A name's or a code's beginning finds it ("Acme", "Riversi", "PAX1788"); a lone number does not ("2" must not find "2008"),
      // nor do one or two letters among other words (the "d" of "Coeur d'Alene" would score every term beginning with d).
      prefix: (t: string) => (isCode ? t.length >= 4 : !vocabulary && (alone || t.length >= 3) && !/\d/.test(t)),
    };
  }

  /**
   * The records every term matches, optionally only among `among`; each with its score and the fields that
   * matched. The rarest term (fewest postings) is scored first, and the other terms then score only the records it
   * found: a record outside the rarest term's matches cannot match them all, so the scores are those of the plain
   * AND query, as MiniSearch would give them (the sum of the terms' scores, times the number of query words matched).
   * At 50,000 assets a phrase of common words ("RTU 3 Acme Bakery") costs a few milliseconds instead of scoring every
   * rooftop unit and every Acme asset.
   */
  searchAll(terms: readonly Term[], among?: ReadonlySet<string>): Map<string, TermHit> {
    const out = new Map<string, TermHit>();
    if (!terms.length) return out;
    const sites = new Map<string, Hits>();
    const queries = terms.map((t) => ({ q: this.termQuery(t, terms.length === 1), same: sameQuery(t) }));
    let candidates: Set<number> | undefined = among ? new Set([...among].flatMap((k) => this.text.short(k) ?? [])) : undefined;
    const ordered = queries.length > 1 ? queries.map((c) => ({ ...c, n: this.reach(c.q) })).sort((a, b) => a.n - b.n) : queries;
    const results: Hits[] = [];
    const ran = new Map<string, Hits>();
    for (const { q, same } of ordered) {
      // A term the phrase repeats ("split system ac": both name the air conditioner) matches what it matched the
      // first time, scored the same: those hits, among the candidates left (read only, as combine reads them).
      const earlier = ran.get(same);
      const hits = earlier ? within(earlier, candidates) : this.run(q, candidates, sites);
      ran.set(same, hits);
      if (!hits.size) return out;
      results.push(hits);
      candidates = new Set(hits.keys());
    }
    // One list of field names per combination of fields (a handful), not one per match.
    const named = new Map<number, readonly string[]>();
    for (const [short, hit] of combine(results, "AND")) {
      let fields = named.get(hit.fields);
      if (!fields) named.set(hit.fields, (fields = this.fieldNames.filter((_, i) => hit.fields & (1 << i))));
      out.set(this.text.idOf(short)!, { score: hit.score * (hit.terms.length || 1), fields });
    }
    return out;
  }

  /** How many records one term matches alone (0: the term means nothing here). For explaining an empty answer. */
  countTerm(term: Term): number {
    const exact = this.exactTerm(term);
    if (exact.length) return exact.length;
    return this.run(this.termQuery(term), undefined, new Map()).size;
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

/** What termQuery makes of a term: two terms alike in these are the same query. */
function sameQuery(term: Term): string {
  return JSON.stringify([term.kind, term.code ?? null, term.alternatives, term.leeway ?? null, term.variants ?? null]);
}

/** The hits of these documents only; `among` holds only documents of `hits` (the candidates left after them), so as many is all. */
function within(hits: Hits, among: ReadonlySet<number> | undefined): Hits {
  if (!among || among.size >= hits.size) return hits;
  const out: Hits = new Map();
  hits.forEach((hit, short) => {
    if (among.has(short)) out.set(short, hit);
  });
  return out;
}

/** A field's value as indexed terms (a phone also by its digits in every form). */
function cutField(text: string, field: string): string[] {
  const words = tokenize(text).map(stem);
  return field === "phone" ? [...new Set([...words, ...phoneKeys(text)])] : words;
}

/** A query's words as searched terms. */
function cutQuery(text: string): string[] {
  return tokenize(text).map(stem);
}

/**
 * What a saved index depends on besides the records: the fields, their boosts and code kinds, and how text is
 * cut into terms (tokenize and stem, by their source and by what they make of a probe text). A saved index
 * whose fingerprint differs was built by another version: the records are indexed again instead.
 */
export function indexFingerprint(): string {
  const probe = "Café O'Brien's Boilers & RTU-2 (801) 555-0142 SIE-2008-73664 Bakeries Mary's St. Łódź 1st";
  const probeTerms = [...tokenize(probe).map(stem), codeKey(probe), ...phoneKeys("(801) 555-0142")];
  return JSON.stringify({ fields: FIELDS, code: [tokenize, stem, codeKey, phoneKeys].map(String), probe: probeTerms, saved: SAVED_FORMAT });
}
