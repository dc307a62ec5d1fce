/**
 * The lookup engine: a local index of the account's customers, locations, assets and recent jobs, filled page
 * by page through the Backend on first use, kept fresh (job deltas by `updated_since` where the vendor has it,
 * a full re-read after a TTL, writes made through fsm-mcp applied at once), persisted per credential, and
 * searched with the phrase parser. The tools call `search`; the write pipeline calls `remember`.
 */
import { getHeapSpaceStatistics } from "node:v8";
import { DEFAULT_LOOKUP_FILL_WAIT_MS } from "../config.js";
import type { Backend, VendorProfile } from "../domain/backend.js";
import type { Asset, Customer, Job, Location, Page } from "../domain/types.js";
import { runInBackground } from "../http/rate-limiter.js";
import { RecordCompactor } from "./compact.js";
import { IdleRelease } from "./release-memory.js";
import { topK } from "./top-k.js";
import { assetDoc, customerDoc, docSource, emptyRecords, indexFingerprint, jobDoc, KindIndex, locationsOf, setLocation, type LookupKind, type Records, type TermHit } from "./index-store.js";
import { parsePhrase, type ParsedPhrase, type Term } from "./parse.js";
import { appendChanges, changeLogOf, currentGeneration, fingerprintOf, loadSnapshot, parseChanges, saveLockOf, saveSnapshot, type Change, type SyncedAt } from "./persist.js";
import { compactLog, readLines, withSaveLock } from "./change-log.js";
import { fold, rootOf } from "./text.js";
import { CLOSED_JOB_STATUSES } from "./vocabulary.js";

/** A full re-read of the account after this long (vendors without change filters for every record kind). */
export const FULL_REFRESH_MS = 15 * 60_000;
/** Jobs change most: read the ones changed since the last read (one request) when older than this. */
export const JOB_DELTA_MS = 60_000;
/** The newest jobs kept in the index; older ones are found by list_jobs' exact filters. */
export const MAX_INDEXED_JOBS = 5_000;
/**
 * During a fill, how long the vendor's own search may take before the lookup answers from the index alone: the
 * fill may have spent the vendor's rate limit (FSM Navigator: 600 requests a minute; reading 5,000 customers' sites
 * takes 5,000), and a dispatcher should not wait a minute for the window to roll.
 */
export const VENDOR_WAIT_MS = 5_000;
/**
 * Changes (writes through fsm-mcp, records the vendor's search or a job delta returned) are appended to the change
 * log; after this many, the next save is a whole one that folds them in (a restart replays fewer lines).
 */
const COMPACT_AFTER_CHANGES = 2_000;
/** Locations are read per customer: this many customers at a time. */
const LOCATION_CONCURRENCY = 4;

export type LookupRecord = Asset | Customer | Job;

export interface LookupItem<T = LookupRecord> {
  record: T;
  /** Relevance: the sum of every term's match score (BM25+ with field boosts, as MiniSearch scores: term-index.ts), rounded. */
  score: number;
  /** Why it matched, e.g. ["type: Boiler", "customer: Parkside Inn & Suites"]. */
  matched: string[];
}

export interface LookupAnswer<T = LookupRecord> {
  /** The best matches first: all of them, or the first `limit` the search asked for. */
  items: LookupItem<T>[];
  /** How many records matched (every one, also when `items` holds only the first `limit`). */
  total: number;
  /** Words that matched nothing of this kind (then `items` is empty). */
  notUnderstood: string[];
  /** What to try when nothing matched. */
  hint?: string;
  /** False while the first fill of the index is still running (the vendor's own search was asked too). */
  complete: boolean;
}

/** What a search is asked for besides its phrase. */
export interface SearchOptions<T> {
  /** Records the caller's exact filters keep (applied before ranking: `total` and every page count only these). */
  filter?: (record: T) => boolean;
  call?: LookupCall;
  /**
   * The items wanted: the first `limit` of the ranking (a tool's pages up to the one it shows). Every match is
   * still scored and counted; only these are ranked in full and explained. Absent: every match.
   */
  limit?: number;
}

export interface LookupCall {
  signal?: AbortSignal;
  progress?(done: number, total?: number, message?: string): Promise<void>;
}

export interface LookupOptions {
  backend: Backend;
  /** The kinds this key may read (its scopes and toolsets): no `assets:read`, no asset index. */
  kinds: ReadonlySet<LookupKind>;
  /** Where to persist the index (see persist.ts); absent: memory only (the sandbox). */
  file?: string;
  now?: () => Date;
  /** During the first fill, how long a lookup waits for its kind of record (default DEFAULT_LOOKUP_FILL_WAIT_MS in config.ts, which says why). */
  fillWaitMs?: number;
  /** Screens what is written to disk (the credential never is). */
  redact?: (text: string) => string;
  log?: (level: "debug" | "info" | "warning", message: string) => void;
}

/** The one interface tools use. */
export interface LookupService {
  readonly kinds: ReadonlySet<LookupKind>;
  search<T extends LookupRecord>(kind: LookupKind, query: string, opts?: SearchOptions<T>): Promise<LookupAnswer<T>>;
  /** A record a write tool just created or changed: found by the next lookup. */
  remember(tool: string, value: unknown): void;
  /** Wait for pending saves. */
  close(): Promise<void>;
}

type Part = "customer" | "location" | "asset" | "job";

const NOUN: Record<LookupKind, string> = { asset: "asset", customer: "customer", job: "job" };

export function createLookup(opts: LookupOptions): LookupService {
  return new Lookup(opts);
}

class Lookup implements LookupService {
  readonly kinds: ReadonlySet<LookupKind>;
  private readonly backend: Backend;
  private readonly now: () => Date;
  private records: Records = emptyRecords();
  /** Every record is held through this: its null fields dropped, its repeated strings shared (see compact.ts). */
  private readonly compactor = new RecordCompactor();
  /** Gives back what a burst of lookups allocated, once they are quiet (see release-memory.ts). */
  private readonly idleRelease = new IdleRelease({ busy: () => this.filling !== undefined, log: (message) => this.opts.log?.("debug", message) });
  private indexes = new Map<LookupKind, KindIndex>();
  private syncedAt: SyncedAt = {};
  private complete = false;
  /** The kinds the first fill has read to the end, sites included (all of them once `complete`). */
  private filled = new Set<LookupKind>();
  /** The kinds whose own records the first fill has read (a customer's sites may still be coming). */
  private read = new Set<LookupKind>();
  private kindFilled = new Map<LookupKind, { promise: Promise<void>; resolve: () => void }>();
  private loaded?: Promise<void>;
  private filling?: Promise<void>;
  private deltaRunning?: Promise<void>;
  private listeners = new Set<(done: number, total: number, message: string) => void>();
  private saving: Promise<void> = Promise.resolve();
  private saveQueued = false;
  /** Appends to the change log, in order. */
  private logging: Promise<void> = Promise.resolve();
  /** The number of the last change appended to the log. */
  private seq = 0;
  /** Changes in the log since the last whole save. */
  private logged = 0;
  /** The save this index was loaded from or last saved as (another server sharing FSM_STATE_DIR may save another). */
  private generation?: string;
  /** How far this index has read the change log (another server's lines after it are folded in at the next save). */
  private logRead?: { ino: number; end: number };
  /** Writes remembered before the saved index was loaded (undefined once it is, or when there is none to load). */
  private beforeLoad?: Array<[string, unknown]>;
  /** While a refresh reads the account into new records: what was put into the live ones meanwhile, to put again. */
  private duringRefresh?: Array<[Part, unknown]>;
  /** Loaded from disk and not yet checked with the vendor for changed jobs (that first check runs in the background). */
  private fromDisk = false;

  constructor(private readonly opts: LookupOptions) {
    this.kinds = opts.kinds;
    this.backend = opts.backend;
    this.now = opts.now ?? (() => new Date());
    if (opts.file) this.beforeLoad = [];
    this.resetIndexes();
    for (const k of this.kinds) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.kindFilled.set(k, { promise, resolve });
    }
  }

  private isFilled(kind: LookupKind): boolean {
    return this.complete || this.filled.has(kind);
  }

  private markRead(kind: LookupKind): void {
    this.read.add(kind);
    this.kindFilled.get(kind)?.resolve();
  }

  private markFilled(kind: LookupKind): void {
    this.filled.add(kind);
    this.markRead(kind);
  }

  private get profile(): VendorProfile {
    return this.backend.profile;
  }

  private resetIndexes(): void {
    this.indexes = newIndexes(this.kinds, this.records);
  }

  /* ---------- search ---------- */

  async search<T extends LookupRecord>(kind: LookupKind, query: string, o: SearchOptions<T> = {}): Promise<LookupAnswer<T>> {
    if (!this.kinds.has(kind)) throw new Error(`lookup: ${kind} records are not indexed for this key`);
    this.idleRelease.touch();
    await this.ready(kind, o.call);
    const parsed = this.parse(kind, query);
    const filled = this.isFilled(kind);
    if (filled) await this.freshen(kind, o.call);
    const first = this.answer<T>(kind, parsed, filled, o, query);
    // The vendor's own search too: while this kind is still being read, when the index knows no record matching
    // the phrase (one raised elsewhere since the last read: TrackplanFM jobs have no change filter), or when a job
    // number, tag, serial or phone alone names no indexed record. Its records join the index, and the answer is
    // the index's again, so a phrase naming an unknown customer still finds nothing.
    const index = this.indexes.get(kind)!;
    // A phrase that is only a job number, tag, serial or phone ("job 24003") the index holds no record of exactly:
    // the vendor knows better than a partial match of its parts.
    const lone = parsed.terms.length === 1 ? parsed.terms[0]! : undefined;
    const unknownCode = lone?.kind === "code" && !index.exactTerm(lone).length;
    // Every record of this kind read (a customer's sites may still be coming): what the index found stands, and the
    // vendor is not asked (the fill may be spending the vendor's rate limit; an extra request would queue behind it).
    if ((filled || this.read.has(kind)) && first.total && !unknownCode) return first;
    let found: Set<string> | undefined;
    const patience = filled ? undefined : AbortSignal.timeout(VENDOR_WAIT_MS);
    const signal = patience ? (o.call?.signal ? AbortSignal.any([o.call.signal, patience]) : patience) : o.call?.signal;
    try {
      found = await this.askVendor(kind, parsed, filled, { ...o.call, signal });
    } catch (err) {
      if (patience?.aborted && !o.call?.signal?.aborted) {
        this.opts.log?.("info", `lookup: the vendor's own search did not answer within ${VENDOR_WAIT_MS / 1000} s during the index fill; answering from the index`);
        return { ...first, hint: `${first.hint ? `${first.hint} ` : ""}The index is still being read and the vendor's own search did not answer within ${VENDOR_WAIT_MS / 1000} s (the fill may be using the vendor's rate limit): ask again in a minute.` };
      }
      // While filling, the vendor's failure is this call's error (as its own search would be); on a whole index the index answers.
      if (!filled) throw err;
      this.opts.log?.("warning", `lookup: the vendor's own search failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!found?.size) return first;
    const answer = this.answer<T>(kind, parsed, filled, o, query);
    for (const item of answer.items) if (found.has(String(item.record.id))) item.matched.push("vendor search");
    return answer;
  }

  private parse(kind: LookupKind, query: string): ParsedPhrase {
    const p = this.profile;
    const statuses =
      kind === "asset" ? (p.assetMachine?.statuses ?? []) : kind === "job" ? (p.jobMachine?.statuses ?? []) : [...new Set((p.customerWorkflows ?? []).flatMap((w) => w.statuses))];
    const closed =
      kind === "job"
        ? [...(p.jobMachine?.terminal ?? []), ...(p.jobWorkflows ?? []).flatMap((w) => w.closed)]
        : (p.customerWorkflows ?? []).flatMap((w) => w.closed);
    return parsePhrase(query, { statuses, closedStatuses: closed, statusWords: kind === "asset" ? "asset" : "job", now: this.now() });
  }

  private recordOf(kind: LookupKind, key: string): LookupRecord | undefined {
    return kind === "asset" ? this.records.assets.get(key) : kind === "customer" ? this.records.customers.get(key) : this.records.jobs.get(key);
  }

  /**
   * Every term must match (the query is an AND). When no record matches them all, a relaxed second pass
   * (relaxedHits) may answer; when it cannot either, the strict answer says which words matched nothing.
   */
  private answer<T extends LookupRecord>(kind: LookupKind, parsed: ParsedPhrase, complete: boolean, o: SearchOptions<T>, query = ""): LookupAnswer<T> {
    const strict = this.answerWith<T>(kind, parsed, complete, o);
    if (strict.total) return strict;
    const relaxed = this.answerWith<T>(kind, parsed, complete, o, query);
    return relaxed.total ? relaxed : strict;
  }

  private answerWith<T extends LookupRecord>(kind: LookupKind, parsed: ParsedPhrase, complete: boolean, { filter, limit }: SearchOptions<T>, relaxFor?: string): LookupAnswer<T> {
    const index = this.indexes.get(kind)!;
    const noun = NOUN[kind];
    const notUnderstood: string[] = [];
    // Tags, serials, codes and numbers typed in full name their records exactly; the other terms are one query.
    let exactKeys: Set<string> | undefined;
    const exactFields = new Map<string, string[]>();
    const textTerms = [];
    for (const term of parsed.terms) {
      const exact = index.exactTerm(term);
      if (!exact.length) {
        textTerms.push(term);
        continue;
      }
      const keys = new Set(exact.map((e) => e.key));
      exactKeys = exactKeys ? new Set([...exactKeys].filter((k) => keys.has(k))) : keys;
      for (const e of exact) exactFields.set(e.key, [...(exactFields.get(e.key) ?? []), e.field]);
    }
    let hits: Map<string, TermHit>;
    const missing = new Map<string, string>();
    if (relaxFor !== undefined) {
      const relaxed = relaxedHits(index, textTerms, exactKeys, relaxFor, parsed.status ? undefined : (t) => (parsed = { ...parsed, status: { text: t.text, statuses: t.statuses! } }));
      if (!relaxed.size) return { items: [], total: 0, notUnderstood: [], complete };
      hits = new Map([...relaxed].map(([k, h]) => [k, h]));
      for (const [k, h] of relaxed) if (h.missing) missing.set(k, h.missing);
    } else if (textTerms.length) hits = index.searchAll(textTerms, exactKeys);
    else if (exactKeys) hits = sameHit(exactKeys, { score: 100, fields: [] });
    // No term: every record (a status or time word alone), one shared hit for 50,000 of them.
    else hits = sameHit(recordKeys(this.records, kind), { score: 0, fields: [] });
    const counts = hits.size || !parsed.terms.length || relaxFor !== undefined ? undefined : parsed.terms.map((t) => ({ text: t.text, n: index.countTerm(t) }));
    for (const c of counts ?? []) if (!c.n) notUnderstood.push(c.text);
    const noStatuses = parsed.status && !parsed.status.statuses.length;
    if (noStatuses) notUnderstood.push(parsed.status!.text);
    if (parsed.time && kind !== "job" && parsed.time.word === "overdue") notUnderstood.push(parsed.time.text);
    if (notUnderstood.length) {
      return {
        items: [],
        total: 0,
        notUnderstood,
        complete,
        hint: `${noStatuses ? `"${parsed.status!.text}" is no ${noun} status ${this.profile.displayName} records here. ` : ""}No ${noun} here matches ${notUnderstood.map((w) => `"${w}"`).join(", ")}. Check the spelling, drop that word, or name the ${noun} by another word (a name, type, make, tag or serial, customer, site or city)${kind === "customer" ? "" : "; search_customers lists customer names"}.`,
      };
    }
    // Every term must match (the query is an AND): a name that matches nothing means no result, not everything else.
    const statusSet = parsed.status ? new Set(parsed.status.statuses.map(fold)) : undefined;
    const time = parsed.time;
    const closed = new Set([...CLOSED_JOB_STATUSES, ...(this.profile.jobMachine?.terminal ?? []), ...(this.profile.jobWorkflows ?? []).flatMap((w) => w.closed)].map(fold));
    const now = this.now().getTime();
    // "RTU-7" that is no record's tag: a record must carry the 7 in its name or tag, not anywhere in its notes.
    const numbers = textTerms.flatMap((t) => (t.number !== undefined ? [t.number] : []));
    // Every match is checked and scored here (`total` counts them, and the caller's filter applies before ranking,
    // so every page is right); only the `limit` best are then ranked in full and explained. A broad phrase
    // ("rooftop unit": 6,715 assets) built, explained and sorted every match before a tool showed ten.
    const found: Candidates<T> = { keys: [], records: [], scores: [], notes: new Map() };
    const whens = new Map<number, string>();
    for (const [key, hit] of hits) {
      const record = this.recordOf(kind, key) as T | undefined;
      if (!record) continue;
      if (numbers.some((n) => !index.hasNumber(key, n))) continue;
      const status = (record as { status?: string | null }).status;
      if (statusSet && !(status && statusSet.has(fold(status)))) continue;
      let when: string | undefined;
      if (time) {
        when = timeMatch(record, time, closed, now);
        if (!when) continue;
      }
      if (filter && !filter(record)) continue;
      if (when) whens.set(found.keys.length, when);
      found.keys.push(key);
      found.records.push(record);
      found.scores.push(hit.score + (exactKeys && textTerms.length ? 100 : 0));
    }

    if (parsed.ordinal) pickOrdinal(found, parsed.ordinal, index);
    const total = found.keys.length;
    const { records, scores } = found;
    // Jobs: the newer first among equal scores (read once per match, not once per comparison).
    const created = kind === "job" ? records.map((r) => Date.parse((r as Job).createdAt ?? "") || 0) : undefined;
    // Best score first, then (jobs) newest, then by name; the last tie by the order found, as a stable sort leaves it.
    const rank = (a: number, b: number) => scores[b]! - scores[a]! || (created ? created[b]! - created[a]! : 0) || byName(records[a]!, records[b]!) || a - b;
    const items = topK(total, limit ?? total, rank).map((i): LookupItem<T> => {
      const key = found.keys[i]!;
      const record = records[i]!;
      const hit = hits.get(key)!;
      const status = (record as { status?: string | null }).status;
      const when = whens.get(i);
      const note = found.notes.get(i);
      const extra = [
        ...(parsed.status && status ? [`status: ${status}`] : []),
        ...(when ? [when] : []),
        ...(missing.has(key) ? [`not matched: "${missing.get(key)}"`] : []),
        ...(note ? [note] : []),
      ];
      // The explanation quotes the record's document, built from the records: only for the items a tool shows.
      return lazyItem(record, Math.round(scores[i]! * 100) / 100, () => [...index.explain(key, [...(exactFields.get(key) ?? []), ...hit.fields.filter((f) => !exactFields.get(key)?.includes(f))]), ...extra]);
    });
    if (total) return { items, total, notUnderstood: [], complete };
    const understood = [
      ...(counts ?? []).map((t) => `"${t.text}" (${t.n})`),
      ...(parsed.status ? [`status ${parsed.status.statuses.join("/")}`] : []),
      ...(time ? [`"${time.text}"`] : []),
    ];
    return {
      items: [],
      total: 0,
      notUnderstood: [],
      complete,
      hint: `Every word was understood, but no single ${noun} matches them all: ${understood.join(", ")}. Drop a word, or check that the ${noun} is at that customer or site.`,
    };
  }

  /* ---------- fill, refresh, persistence ---------- */

  /** Load the saved index or fill it; waits for this kind of record (with progress) up to `fillWaitMs`. */
  private async ready(kind: LookupKind, call?: LookupCall): Promise<void> {
    await this.loadOnce();
    if (this.isFilled(kind)) return;
    if (!this.filling) {
      // In the background: the rate limiter keeps part of the vendor's budget for the user's own calls.
      const run = runInBackground(() => this.fill(this.records, this.indexes));
      this.filling = run;
      // Handled here (a caller that stopped waiting must not leave an unhandled rejection); the next lookup retries.
      run.then(
        () => (this.filling = undefined),
        (err: unknown) => {
          this.filling = undefined;
          this.opts.log?.("warning", `lookup index fill failed: ${err instanceof Error ? err.message : String(err)}`);
        },
      );
    }
    const listener = call?.progress ? (done: number, total: number, message: string) => void call.progress!(done, total, message).catch(() => undefined) : undefined;
    if (listener) this.listeners.add(listener);
    let timer: NodeJS.Timeout | undefined;
    try {
      // A failed fill (a refused key, an unreachable vendor) is this call's error, as the vendor's search would be.
      await Promise.race([
        this.filling!,
        this.kindFilled.get(kind)!.promise,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.opts.fillWaitMs ?? DEFAULT_LOOKUP_FILL_WAIT_MS);
          timer.unref?.();
        }),
      ]);
    } finally {
      clearTimeout(timer);
      if (listener) this.listeners.delete(listener);
    }
  }

  /** Load the saved index once; writes remembered before it was loaded are applied on top of it then. */
  private loadOnce(): Promise<void> {
    this.loaded ??= this.load().finally(() => {
      const early = this.beforeLoad;
      this.beforeLoad = undefined;
      for (const [tool, value] of early ?? []) this.remember(tool, value);
    });
    return this.loaded;
  }

  private async load(): Promise<void> {
    if (!this.opts.file) return;
    const started = performance.now();
    const { snapshot, problem } = await loadSnapshot(this.opts.file);
    const read = performance.now();
    if (problem) this.opts.log?.("warning", problem);
    if (!snapshot) return;
    for (const p of snapshot.problems) this.opts.log?.("warning", p);
    const records = emptyRecords();
    const kinds = this.kinds;
    if (kinds.has("customer")) {
      for (const c of snapshot.customers) records.customers.set(String(c.id), c);
      for (const l of snapshot.locations) setLocation(records, l);
    }
    if (kinds.has("asset")) for (const a of snapshot.assets) records.assets.set(String(a.id), a);
    if (kinds.has("job")) for (const j of snapshot.jobs) records.jobs.set(String(j.id), j);
    this.records = records;
    this.syncedAt = snapshot.syncedAt;
    // A kind's saved index is loaded as it is (no tokenizing 50,000 records again) when this build would have built
    // the same one: same fields and way of cutting text into terms. Otherwise it is built from the records.
    const sameBuild = snapshot.fingerprint === fingerprintOf(indexFingerprint());
    const indexes = new Map<LookupKind, KindIndex>();
    let rebuilt = false;
    for (const kind of kinds) {
      let index: KindIndex | undefined;
      const saved = sameBuild ? snapshot.index[kind] : undefined;
      if (saved) {
        try {
          index = new KindIndex(kind, docSource(kind, records), saved);
          // The exact codes (tags, serials, numbers, phones) are not saved: listing them is quick, tokenizing is not.
          const source = docSource(kind, records);
          for (const key of recordKeys(records, kind)) index.addCodes(source.codes(key)!);
        } catch (err) {
          index = undefined;
          this.opts.log?.("warning", `the saved ${kind} search index could not be loaded (${err instanceof Error ? err.message : String(err)}); indexing the saved records again`);
        }
      }
      if (!index) {
        index = new KindIndex(kind, docSource(kind, records));
        indexKind(records, index);
        rebuilt = true;
      }
      indexes.set(kind, index);
    }
    this.indexes = indexes;
    // Saved after a complete fill only: a saved index is a complete one (fresh or not is `syncedAt`'s business).
    this.complete = [...kinds].every((k) => snapshot.kinds.includes(k) && snapshot.syncedAt[k] !== undefined);
    // What was written or read since that save, in order, on top of it (a record created just before a restart is found).
    this.seq = snapshot.lastSeq;
    for (const change of snapshot.changes) this.apply(change);
    this.logged = snapshot.changes.length;
    this.generation = snapshot.generation;
    this.logRead = snapshot.logRead;
    this.fromDisk = true;
    // Saved again in this build's form (or with the log folded in), so the next restart loads it as it is.
    if (rebuilt || this.logged >= COMPACT_AFTER_CHANGES) this.queueSave();
    // Parsing the parts filled the young generation as a fill does: given back once the first answer is out.
    setTimeout(() => {
      const released = this.idleRelease.releaseNow();
      this.opts.log?.("debug", `lookup load memory released (${released === undefined ? "not available" : `${Math.round(released)} ms`}): ${memoryLine()}`);
    }, 50).unref();
    // What a restart spent before it could answer: reading and parsing the files, then loading the search indexes.
    const ms = (n: number) => Math.round(n);
    this.opts.log?.(
      "info",
      `lookup index loaded from disk: ${records.customers.size} customers, ${records.assets.size} assets, ${records.jobs.size} jobs, ${snapshot.changes.length} logged changes in ${ms(performance.now() - started)} ms (files ${ms(read - started)} ms, indexes ${ms(performance.now() - read)} ms)`,
    );
  }

  /**
   * Read the account page by page into `records` and `indexes` (the live ones on the first fill, so lookups
   * during it see what is there; fresh ones on a refresh, swapped in at the end).
   */
  private async fill(records: Records, indexes: Map<LookupKind, KindIndex>): Promise<void> {
    const b = this.backend;
    const perPage = this.profile.maxPageSize;
    let done = 0;
    let planned = 0;
    const tick = (message: string) => {
      done++;
      for (const l of this.listeners) l(done, Math.max(done, planned), message);
    };
    const started = this.now().getTime();
    // The first fill reads into the live index: each kind answers lookups as soon as it is read to the end.
    const first = records === this.records;
    const synced: SyncedAt = {};
    // Where the fill's memory goes (FSM_LOG_LEVEL=debug): resident memory is what an operator sees grow.
    const memory = (stage: string) => this.opts.log?.("debug", `lookup fill memory ${stage}: ${memoryLine()}`);
    const readAll = async <T>(what: string, fetch: (page: number) => Promise<Page<T>>, take: (items: T[]) => void, limit = Infinity): Promise<void> => {
      let seen = 0;
      for (let page = 1; ; page++) {
        const p = await fetch(page);
        if (page === 1) planned += Math.min(p.totalPages, Math.ceil(limit / Math.max(1, p.perPage)));
        take(p.items);
        seen += p.items.length;
        tick(`indexing ${what}: page ${page} of ${p.totalPages}`);
        if (page >= p.totalPages || !p.items.length || seen >= limit) return;
      }
    };
    const customers = indexes.get("customer");
    if (customers && b.customers) {
      await readAll("customers", (page) => b.customers!.search({ page, perPage }), (items) => {
        for (const read of items) {
          const c = this.compactor.held(read);
          records.customers.set(String(c.id), c);
          customers.upsert(customerDoc(c, records, []));
        }
      });
      synced.customer = started;
      memory("customers read");
      // Every customer is findable by name, code, phone or address now; their sites follow (one request per customer).
      if (first) this.markRead("customer");
      const listLocations = b.customers.listLocations?.bind(b.customers);
      if (listLocations) {
        const queue = [...records.customers.keys()];
        planned += queue.length;
        const worker = async () => {
          for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
            const customer = records.customers.get(key)!;
            const mine: Location[] = [];
            for (let page = 1; ; page++) {
              const p = await listLocations(customer.id, { page, perPage });
              for (const l of p.items) {
                const location = this.compactor.held({ ...l, customerId: l.customerId ?? customer.id });
                setLocation(records, location);
                mine.push(location);
              }
              if (page >= p.totalPages || !p.items.length) break;
            }
            customers.upsert(customerDoc(customer, records, mine));
            tick(`indexing locations of ${customer.name}`);
          }
        };
        await Promise.all(Array.from({ length: LOCATION_CONCURRENCY }, worker));
        synced.location = started;
        memory("locations read");
      }
      customers.trim();
      // A customer lookup answers from here on, while assets and jobs are still read.
      if (first) this.markFilled("customer");
    }
    const assets = indexes.get("asset");
    if (assets && b.assets) {
      await readAll("assets", (page) => b.assets!.search({ page, perPage }), (items) => {
        for (const read of items) {
          const a = this.compactor.held(read);
          records.assets.set(String(a.id), a);
          assets.upsert(assetDoc(a, records));
        }
      });
      synced.asset = started;
      assets.trim();
      memory("assets read");
      if (first) this.markFilled("asset");
    }
    const jobs = indexes.get("job");
    if (jobs && b.jobs) {
      await readAll(
        "jobs",
        (page) => b.jobs!.list({ page, perPage }),
        (items) => {
          for (const read of items) {
            const j = this.compactor.held(read);
            records.jobs.set(String(j.id), j);
            jobs.upsert(jobDoc(j, records));
          }
        },
        MAX_INDEXED_JOBS,
      );
      synced.job = started;
      jobs.trim();
      memory("jobs read");
      if (first) this.markFilled("job");
    }
    if (records !== this.records) {
      this.records = records;
      this.indexes = indexes;
      // What was written or found while the refresh read the account: the pages it read may predate it.
      const during = this.duringRefresh ?? [];
      this.duringRefresh = undefined;
      for (const [part, value] of during) this.put(part, value);
    }
    this.syncedAt = { ...this.syncedAt, ...synced };
    // The whole account seen: fields too varied to be worth sharing drop their tables (compact.ts).
    this.compactor.judge();
    this.complete = true;
    for (const k of this.kinds) this.markFilled(k);
    await this.save();
    memory("saved");
    // What the reading allocated and no longer holds goes back to the system now (release-memory.ts).
    const released = this.idleRelease.releaseNow();
    memory("released");
    // One line per fill or full refresh: operators see what the index cost, and tests know the background reads
    // are over before they count a call's own vendor requests.
    const gaveBack = released === undefined ? "" : `; memory given back in ${Math.round(released)} ms`;
    this.opts.log?.("info", `lookup index filled: ${records.customers.size} customers, ${records.assets.size} assets, ${records.jobs.size} jobs in ${this.now().getTime() - started} ms${gaveBack}`);
  }

  /** Keep a complete index fresh: job deltas before answering, a full re-read in the background after the TTL. */
  private async freshen(kind: LookupKind, call?: LookupCall): Promise<void> {
    const now = this.now().getTime();
    const oldest = Math.min(...[...this.kinds].map((k) => this.syncedAt[k] ?? 0));
    if (now - oldest > FULL_REFRESH_MS && !this.filling) {
      const records = emptyRecords();
      const indexes = newIndexes(this.kinds, records);
      this.duringRefresh = [];
      this.filling = runInBackground(() => this.fill(records, indexes))
        .catch((err: unknown) => this.opts.log?.("warning", `lookup index refresh failed (the previous index stays in use): ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          this.filling = undefined;
          this.duringRefresh = undefined;
        });
    }
    if (kind !== "job" || !this.backend.jobs || !this.supportsJobDelta()) return;
    const since = this.syncedAt.job ?? 0;
    if (now - since <= JOB_DELTA_MS) return;
    // Right after a restart the saved index answers at once: the first check for changed jobs runs behind it (a
    // restart asks the vendor nothing before its first answer); from then on a lookup waits for the check.
    const behind = this.fromDisk;
    this.fromDisk = false;
    this.deltaRunning ??= this.jobDelta(since, now, behind ? undefined : call).finally(() => (this.deltaRunning = undefined));
    if (!behind) await this.deltaRunning;
  }

  private supportsJobDelta(): boolean {
    const f = this.profile.jobFilters;
    return !f || f.includes("updated");
  }

  /** Jobs changed since the last read (a minute of overlap for clock skew): usually one request. */
  private async jobDelta(since: number, now: number, call?: LookupCall): Promise<void> {
    const jobs = this.indexes.get("job");
    if (!jobs) return;
    const updatedSince = new Date(since - 60_000).toISOString();
    let changed = 0;
    try {
      for (let page = 1; page <= 10; page++) {
        const p = await this.backend.jobs!.list({ updatedSince, page, perPage: this.profile.maxPageSize, signal: call?.signal });
        for (const read of p.items) {
          const j = this.compactor.held(read);
          this.records.jobs.set(String(j.id), j);
          jobs.upsert(jobDoc(j, this.records));
          changed++;
        }
        this.logChanges(p.items.map((value) => ({ part: "job", value })));
        if (page >= p.totalPages || !p.items.length) break;
      }
      this.syncedAt = { ...this.syncedAt, job: now };
      this.logChanges([{ syncedAt: { job: now } }]);
    } catch (err) {
      // The index answers as it is; the next lookup tries again.
      this.opts.log?.("warning", `lookup: reading changed jobs failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Ask the vendor's own search with the phrase's most telling word (a job number, tag, serial or phone first, else
   * the longest word) and index what it returns. Returns the ids it returned; undefined when it was not asked
   * (no such word, or no vendor search for this kind).
   */
  private async askVendor(kind: LookupKind, parsed: ParsedPhrase, filled: boolean, call?: LookupCall): Promise<Set<string> | undefined> {
    const telling = (t: ParsedPhrase["terms"][number]) => (t.kind === "code" ? 1000 : 0) + t.text.length;
    const word = parsed.terms
      .filter((t) => t.kind === "word" || t.kind === "code")
      .sort((a, b) => telling(b) - telling(a))[0]?.text;
    if (!word) return undefined;
    const b = this.backend;
    const perPage = this.profile.maxPageSize;
    let items: Array<{ id: unknown }> | undefined;
    if (kind === "asset" && b.assets) items = (await b.assets.search({ query: word, perPage, signal: call?.signal })).items;
    if (kind === "customer" && b.customers) items = (await b.customers.search({ query: word, perPage, signal: call?.signal })).items;
    // During the first fill a vendor that ignores a job query returns its newest jobs: indexed all the same. On a
    // whole index only a vendor with a job search is asked (the others' changes come by updated_since).
    if (kind === "job" && b.jobs && (!filled || this.hasJobSearch())) items = (await b.jobs.list({ query: word, perPage, signal: call?.signal })).items;
    if (!items) return undefined;
    for (const record of items) this.put(kind, record);
    this.logChanges(items.map((value) => ({ part: kind, value })));
    return new Set(items.map((r) => String(r.id)));
  }

  /** A change-log line into the records. */
  private apply(change: Change): void {
    if (change.part) this.put(change.part, change.value);
    if (change.syncedAt && typeof change.syncedAt === "object") this.syncedAt = { ...this.syncedAt, ...change.syncedAt };
  }

  private hasJobSearch(): boolean {
    return Boolean(this.profile.jobSearchBy || this.profile.jobFilters?.includes("query"));
  }

  private put(part: Part, value: unknown): void {
    this.duringRefresh?.push([part, value]);
    const v = value as { id?: unknown };
    if (!v || typeof v !== "object" || v.id === undefined || v.id === null) return;
    const key = String(v.id);
    if (part === "asset" && this.kinds.has("asset")) {
      const a = value as Asset;
      this.records.assets.set(key, this.compactor.held({ ...this.records.assets.get(key), ...a }));
      this.indexes.get("asset")!.upsert(assetDoc(this.records.assets.get(key)!, this.records));
    } else if (part === "customer" && this.kinds.has("customer")) {
      const c = value as Customer;
      this.records.customers.set(key, this.compactor.held({ ...this.records.customers.get(key), ...c }));
      for (const l of c.locations ?? []) setLocation(this.records, this.compactor.held({ ...l, customerId: l.customerId ?? c.id }));
      this.reindexCustomer(key);
    } else if (part === "location" && this.kinds.has("customer")) {
      const l = value as Location;
      setLocation(this.records, this.compactor.held({ ...this.records.locations.get(key), ...l }));
      if (l.customerId !== undefined) this.reindexCustomer(String(l.customerId));
    } else if (part === "job" && this.kinds.has("job")) {
      const j = value as Job;
      this.records.jobs.set(key, this.compactor.held({ ...this.records.jobs.get(key), ...j }));
      this.indexes.get("job")!.upsert(jobDoc(this.records.jobs.get(key)!, this.records));
    }
  }

  private reindexCustomer(key: string): void {
    const c = this.records.customers.get(key);
    if (!c) return;
    this.indexes.get("customer")!.upsert(customerDoc(c, this.records, locationsOf(this.records, key)));
  }

  remember(tool: string, value: unknown): void {
    const part = WRITES[tool];
    if (!part || !value) return;
    if (this.beforeLoad) {
      // A write before the first lookup after a restart: the saved index is loaded now, and the write put on top
      // of it (put into the empty records, loading would replace it, and it would never reach the change log).
      this.beforeLoad.push([tool, value]);
      void this.loadOnce().catch(() => undefined);
      return;
    }
    if (tool === "transfer_asset") {
      // The result is the transfer; the asset now stands at its destination.
      const t = value as { assetId?: unknown; toLocationId?: unknown };
      const asset = this.records.assets.get(String(t.assetId));
      if (!asset || t.toLocationId === undefined) return;
      const moved = { ...asset, locationId: t.toLocationId, locationName: null };
      this.put("asset", moved);
      this.logChanges([{ part: "asset", value: moved }]);
    } else {
      this.put(part, value);
      this.logChanges([{ part, value }]);
    }
  }

  /** Save now (after a fill); saves never overlap, and a failed save leaves the previous file. */
  private save(): Promise<void> {
    this.saving = this.saving.then(() => this.write());
    return this.saving;
  }

  /** Save once more after a burst of changes (writes, deltas): one save for all that arrive before it starts. */
  private queueSave(): void {
    if (this.saveQueued) return;
    this.saveQueued = true;
    this.saving = this.saving.then(() => {
      this.saveQueued = false;
      return this.write();
    });
  }

  /**
   * Append changes to the log (a complete index only: before that there is no saved index to replay them on, and
   * the fill's save holds them). Not a whole save: a write through fsm-mcp costs one appended line, not 60 MB.
   */
  private logChanges(changes: ReadonlyArray<Omit<Change, "seq">>): void {
    const file = this.opts.file;
    if (!file || !this.complete || !changes.length) return;
    const numbered = changes.map((c) => ({ seq: ++this.seq, ...c }));
    this.logged += numbered.length;
    this.logging = this.logging
      .then(() => appendChanges(file, numbered, this.opts.redact))
      .catch((err: unknown) => this.opts.log?.("warning", `cannot save a change to the lookup index (${(err as NodeJS.ErrnoException).code ?? "error"}); it will be read again after a restart`));
    if (this.logged >= COMPACT_AFTER_CHANGES) this.queueSave();
  }

  private async write(): Promise<void> {
    const file = this.opts.file;
    // Only a complete index is saved: a restart trusts a saved index to be the whole account.
    if (!file || !this.complete) return;
    try {
      // Another server on this FSM_STATE_DIR saving now folds this one's lines in; this one saves after its next change.
      const saved = await withSaveLock(saveLockOf(file), () => this.writeLocked(file));
      if (!saved) this.opts.log?.("info", "lookup index: another server is saving it; not saved again now");
    } catch (err) {
      this.opts.log?.("warning", `cannot save the lookup index (${(err as NodeJS.ErrnoException).code ?? "error"}); it will be read again after a restart`);
    }
  }

  /** A whole save, holding the save lock: the parts hold every line of the change log it drops. */
  private async writeLocked(file: string): Promise<true> {
    // Another server saved since this one loaded or saved: its parts hold what it folded of the log (records this
    // one never saw), so they are taken as the base; this server's own changes are in the log read below.
    const current = await currentGeneration(file);
    if (current !== undefined && current !== this.generation) await this.load();
    // The lines appended since this index last read the log (other servers', and this one's own that a load
    // above may have missed): into the records, in order, so the parts hold them and the log can drop them.
    const log = changeLogOf(file);
    const read = await readLines(log, this.logRead);
    for (const change of parseChanges(read?.lines ?? [])) this.apply(change);
    const logged = this.logged;
    const r = this.records;
    this.generation = await saveSnapshot(
      file,
      {
        kinds: [...this.kinds],
        syncedAt: this.syncedAt,
        fingerprint: fingerprintOf(indexFingerprint()),
        // Every line of the log after `read` is replayed on load (line numbers are each server's own).
        logSeq: 0,
        customers: [...r.customers.values()],
        locations: [...r.locations.values()],
        assets: [...r.assets.values()],
        jobs: [...r.jobs.values()],
        index: Object.fromEntries([...this.indexes].map(([k, index]) => [k, () => index.save()])),
      },
      this.opts.redact,
    );
    this.logged -= logged;
    // The bytes read above are in the parts now; lines appended since are carried into the new log.
    if (read) await compactLog(log, read);
    this.logRead = undefined;
    return true;
  }

  /** Waits for a save under way and the changes being logged (not for a fill: a shutdown does not read the account to the end). */
  async close(): Promise<void> {
    this.idleRelease.stop();
    // A write remembered before the index was loaded reaches the change log once the load is over.
    if (this.beforeLoad?.length) await this.loaded?.catch(() => undefined);
    await this.saving;
    await this.logging;
  }
}

/** The process's memory in MB, for the fill's debug lines (where the resident memory goes). */
function memoryLine(): string {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1048576);
  const spaces = getHeapSpaceStatistics()
    .filter((s) => s.space_size > 1048576)
    .map((s) => `${s.space_name.replace(/_space$/, "")} ${mb(s.space_used_size)}/${mb(s.space_size)}`)
    .join(", ");
  return `rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} (${spaces})`;
}

/** Which part of the index a write tool's result belongs to. */
const WRITES: Readonly<Record<string, Part>> = {
  create_customer: "customer",
  create_location: "location",
  create_job: "job",
  update_job: "job",
  update_job_status: "job",
  create_asset: "asset",
  update_asset: "asset",
  update_asset_status: "asset",
  transfer_asset: "asset",
};

/** Index every record of one kind (a saved index this build cannot load). */
function indexKind(records: Records, index: KindIndex): void {
  if (index.kind === "customer") for (const c of records.customers.values()) index.upsert(customerDoc(c, records, locationsOf(records, String(c.id))));
  if (index.kind === "asset") for (const a of records.assets.values()) index.upsert(assetDoc(a, records));
  if (index.kind === "job") for (const j of records.jobs.values()) index.upsert(jobDoc(j, records));
}

/** "when: scheduled 2026-12-08" when a record falls in the time word's range (jobs by schedule or creation). */
function timeMatch(record: LookupRecord, time: NonNullable<ParsedPhrase["time"]>, closed: ReadonlySet<string>, now: number): string | undefined {
  const r = record as Partial<Job>;
  if (time.word === "overdue") {
    const due = r.scheduledEnd ?? r.scheduledStart;
    if (!due || !r.status || closed.has(fold(r.status))) return undefined;
    return Date.parse(due) < now ? `overdue: due ${due.slice(0, 10)}` : undefined;
  }
  const from = time.from!.getTime();
  const to = time.to!.getTime();
  const dates: Array<[string, string | null | undefined]> = [
    ["scheduled", r.scheduledStart],
    ["scheduled to end", r.scheduledEnd],
    ["started", r.actualStart],
    ["finished", r.actualEnd],
    ["created", r.createdAt],
  ];
  for (const [what, iso] of dates) {
    if (!iso) continue;
    const t = Date.parse(iso);
    if (t >= from && t < to) return `${time.text}: ${what} ${iso.slice(0, 10)}`;
  }
  return undefined;
}

/** One answer's matches, in the order the index found them: what the ranking compares. */
interface Candidates<T> {
  keys: string[];
  records: T[];
  /** Unrounded, as ranked. */
  scores: number[];
  /** By position: a line the ordinal adds to the explanation. */
  notes: Map<number, string>;
}

/**
 * "#2", "second", "unit 2": the record whose name carries the number; when no name carries numbers, the n-th
 * of the matches in name order goes first.
 */
function pickOrdinal<T extends LookupRecord>(found: Candidates<T>, ordinal: { text: string; n: number }, index: KindIndex): void {
  const n = found.keys.length;
  if (!n) return;
  const top = found.scores.reduce((m, s) => Math.max(m, s), 0) + 1;
  let numbered = false;
  for (let i = 0; i < n; i++) {
    if (!index.hasNumber(found.keys[i]!, ordinal.n)) continue;
    found.scores[i]! += top;
    found.notes.set(i, `number: ${ordinal.n}`);
    numbered = true;
  }
  if (numbered || ordinal.n > n) return;
  // The n-th by name (equal names in the order found, as a stable sort leaves them).
  const chosen = topK(n, ordinal.n, (a, b) => byName(found.records[a]!, found.records[b]!) || a - b).at(-1)!;
  found.scores[chosen]! += top;
  found.notes.set(chosen, `${ordinal.text}: number ${ordinal.n} of ${n} by name`);
}

/** A relaxed hit: the terms' summed score, the fields they matched, and the one word it did not match, if any. */
interface RelaxedHit extends TermHit {
  missing?: string;
}

/**
 * The second pass when no record matches every term. Each term is widened (its near forms from parse.ts, its
 * word's other forms by their common beginning, two typos in a long word) and searched alone; a record may then miss ONE plain word
 * ("the pizza place Bella Napoli", "Hughes attic ventilation inspection") if it matches at least two other terms,
 * one of them a name, not only vocabulary. A word the index holds nowhere but that is a word of the vendor's
 * status names ("denied", "approved", "adjuster") becomes the status (through `asStatus`, when the phrase has
 * none). What is not dropped: numbers and codes, trade, place and floor words, and a capitalised word: it is part
 * of a name, and a name matched in part names someone else ("Acme Aerospace" finds nothing rather than Acme,
 * "boiler at Keystone Medical" nothing rather than Evergreen Medical's boilers).
 */
function relaxedHits(index: KindIndex, terms: readonly Term[], among: ReadonlySet<string> | undefined, phrase: string, asStatus?: (t: Term) => void): Map<string, RelaxedHit> {
  const out = new Map<string, RelaxedHit>();
  let searched = terms.map((t) => ({ term: t, hits: index.searchAll([widen(t)], among) }));
  if (asStatus) {
    const statusTerm = searched.find((s) => !s.hits.size && s.term.statuses?.length);
    if (statusTerm) {
      asStatus(statusTerm.term);
      searched = searched.filter((s) => s !== statusTerm);
    }
  }
  if (!searched.length) return out;
  const named = (t: Term) => t.kind === "word" || t.kind === "code" || t.kind === "alias";
  const droppable = (s: (typeof searched)[number]) => s.term.kind === "word" && !/\d/.test(s.term.text) && !capitalised(phrase, s.term.text);
  const keys = new Set(searched.flatMap((s) => [...s.hits.keys()]));
  for (const key of keys) {
    const hit = searched.filter((s) => s.hits.has(key));
    const miss = searched.filter((s) => !s.hits.has(key));
    if (miss.length > 1) continue;
    if (miss.length === 1 && (!droppable(miss[0]!) || hit.length < 2 || !hit.some((s) => named(s.term)))) continue;
    const score = hit.reduce((n, s) => n + s.hits.get(key)!.score, 0);
    const fields = [...new Set(hit.flatMap((s) => s.hits.get(key)!.fields))];
    out.set(key, { score, fields, ...(miss.length ? { missing: miss[0]!.term.text } : {}) });
  }
  return out;
}

/** A term widened for the relaxed pass: its near forms, and a plain word also by its root (as a prefix) and with two typos when long. */
function widen(term: Term): Term {
  if (term.kind !== "word" || term.alternatives.length !== 1 || term.alternatives[0]!.length !== 1) return term.variants ? { ...term, leeway: 1 } : term;
  const root = rootOf(term.alternatives[0]![0]!);
  return { ...term, alternatives: root ? [...term.alternatives, [root]] : term.alternatives, leeway: 2 };
}

/** Whether the phrase wrote this word with a capital ("Aerospace"), as a name is written. */
function capitalised(phrase: string, word: string): boolean {
  return phrase.split(/[^\p{L}\p{N}'’]+/u).some((w) => /^\p{Lu}/u.test(w) && fold(w).replace(/'s$/, "") === word);
}

/** One index per kind, whose documents are built from `records`. */
function newIndexes(kinds: ReadonlySet<LookupKind>, records: Records): Map<LookupKind, KindIndex> {
  return new Map([...kinds].map((k) => [k, new KindIndex(k, docSource(k, records))]));
}

/** The same hit for every key (hits are read, never changed). */
function sameHit(keys: Iterable<string>, hit: TermHit): Map<string, TermHit> {
  const out = new Map<string, TermHit>();
  for (const key of keys) out.set(key, hit);
  return out;
}

function recordKeys(records: Records, kind: LookupKind): Iterable<string> {
  return kind === "asset" ? records.assets.keys() : kind === "customer" ? records.customers.keys() : records.jobs.keys();
}

/**
 * An item whose `matched` is worked out when first read: a phrase may match 40,000 assets, a tool shows a page
 * of them, and explaining one builds its document from the records.
 */
function lazyItem<T extends LookupRecord>(record: T, score: number, explain: () => string[]): LookupItem<T> {
  let matched: string[] | undefined;
  return {
    record,
    score,
    get matched() {
      return (matched ??= explain());
    },
    set matched(value: string[]) {
      matched = value;
    },
  };
}

/**
 * One collator for every comparison: String.prototype.localeCompare builds one per call (slow over 50,000 items).
 * Built on the first comparison, not when the module loads: creating the two costs ~7 ms of ICU set-up, which
 * every cold start paid before answering tools/list although only a lookup compares names.
 */
let collators: { names: Intl.Collator; ids: Intl.Collator } | undefined;

/** A stable order for equal scores and for "the second one" when names carry no numbers: by name, then id. */
function byName(a: LookupRecord, b: LookupRecord): number {
  collators ??= { names: new Intl.Collator(undefined, { sensitivity: "variant" }), ids: new Intl.Collator(undefined, { numeric: true }) };
  return collators.names.compare(nameOf(a), nameOf(b)) || collators.ids.compare(String(a.id), String(b.id));
}

function nameOf(record: LookupRecord): string {
  const r = record as { name?: string | null; title?: string | null };
  return r.name ?? r.title ?? "";
}
