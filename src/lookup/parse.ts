/**
 * The phrase parser: a dispatcher's words ("Acme's second rooftop unit", "the Carrier unit that went missing",
 * "jobs for the bakery this week") cut into what the index must match. Pure: vocabulary from vocabulary.ts,
 * statuses from the caller (the vendor's machine), time from an injected clock.
 */
import { fold, looksLikeCode, codeKey, phoneOf, PHONE_SHAPE, tokenize } from "./text.js";
import {
  ASSET_STATUS_WORDS,
  CLOSED_JOB_STATUSES,
  FILLER_WORDS,
  FLOOR_WORDS,
  JOB_STATUS_WORDS,
  NAME_SYNONYMS,
  NUMBER_MARKERS,
  NUMBER_WORDS,
  PHRASE_REWRITES,
  ORDINAL_WORDS,
  PLACE_SYNONYMS,
  TIME_WORDS,
  TRADE_SYNONYMS,
  type StatusWord,
  type TimeWord,
} from "./vocabulary.js";

/** One meaningful part of a phrase: the record must match one of its alternatives (each a list of words, all required). */
export interface Term {
  /** The words as written, for explanations and "not understood". */
  text: string;
  kind: "word" | "trade" | "place" | "floor" | "code" | "alias";
  /** Alternatives: any one matches; within one, every word must match. */
  alternatives: string[][];
  /**
   * Near forms matched exactly as written (no typo or prefix leeway): a transposition ("Parksdie" → parkside), the
   * word joined with its neighbour ("South Bank" → southbank) or split ("reroof" → re roof). Plain words only;
   * searched only when the phrase as written matches nothing (lookup.ts: the relaxed pass).
   */
  variants?: string[][];
  /** The vendor's statuses one of whose words this word is ("denied" → Claim Denied): read as a status if no record's text matches it. */
  statuses?: string[];
  /** Set by the relaxed search (lookup.ts): near forms searched too, and this many typos in a long word (6+ letters). */
  leeway?: number;
  /** The number of a code that names a numbered unit ("RTU-7" → 7): a record must carry it in its name or tag. */
  number?: number;
  /** For codes: the exact key compared with tags, serials, codes and numbers (see codeKey). */
  code?: string;
  /** For a phone-shaped code ("(801) 555-0142", "+1 801 555 0142"): its last ten digits, compared with phones in every stored form. */
  phone?: string;
}

export interface StatusFilter {
  text: string;
  /** The vendor's statuses the words mean (empty when the vendor has none of them). */
  statuses: string[];
}

export interface TimeFilter {
  text: string;
  word: TimeWord;
  /** Inclusive start and exclusive end; "overdue" has neither (it compares with now). */
  from?: Date;
  to?: Date;
}

export interface ParsedPhrase {
  terms: Term[];
  status?: StatusFilter;
  /** "second", "#2", "unit 2": which of several similar records. */
  ordinal?: { text: string; n: number };
  time?: TimeFilter;
  /** Filler words that were dropped. */
  ignored: string[];
}

export interface ParseContext {
  /** The statuses of the records looked up, in the vendor's spelling (from the vendor facts, through the profile). */
  statuses: readonly string[];
  /** Of those, the ones that close a record (for "open"). */
  closedStatuses?: readonly string[];
  /** Which status words apply: equipment's or jobs'. */
  statusWords: "asset" | "job";
  /** The clock time words are read against (injected: tests pin it). */
  now: Date;
}

interface Phrase {
  words: readonly string[];
  apply(text: string): void;
}

const REWRITES = PHRASE_REWRITES.map(([from, to]) => [new RegExp(`\\b${from.replace(/ /g, "\\s+")}\\b`, "g"), to] as const);

/** Words of a phrase as the parser reads them: "#2" stays one word, "walk-in" and "a/c" too. */
function words(text: string): string[] {
  let folded = fold(text);
  for (const [from, to] of REWRITES) folded = folded.replace(from, to);
  return (
    folded
      .replace(/'s\b/g, "")
      .replace(/#\s*(\d+)/g, " #$1 ")
      .match(/#\d+|[\p{L}\p{N}\p{M}]+(?:[-/.][\p{L}\p{N}\p{M}]+)*|[&+]/gu) ?? []
  ).map((w) => w.replace(/\.$/, ""));
}

function phraseWords(phrase: string): readonly string[] {
  let cut = PHRASE_WORDS.get(phrase);
  if (!cut) {
    if (PHRASE_WORDS.size >= PHRASE_WORDS_KEPT) PHRASE_WORDS.clear();
    PHRASE_WORDS.set(phrase, (cut = words(phrase)));
  }
  return cut;
}

/**
 * The vocabulary's phrases (and the vendor's status names) cut into words once: every parse reads all of them, and
 * cutting them again was a quarter of a warm lookup's time at 50,000 assets. Bounded for vendors whose statuses change.
 */
const PHRASE_WORDS = new Map<string, readonly string[]>();
const PHRASE_WORDS_KEPT = 5_000;

const ORDINAL_SUFFIX = /^(\d+)(st|nd|rd|th)$/;

/** A unit's or floor's number written as digits or as a word ("3", "three"). */
function numberOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  if (/^#?\d+$/.test(word)) return Number(word.replace("#", ""));
  return NUMBER_WORDS[word];
}

function ordinalOf(word: string): number | undefined {
  if (word in ORDINAL_WORDS) return ORDINAL_WORDS[word];
  const m = ORDINAL_SUFFIX.exec(word);
  return m ? Number(m[1]) : undefined;
}

function ordinalName(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** Alternatives for "2nd floor": "2nd floor", "second floor", "floor 2", "level 2". */
function floorAlternatives(n: number): string[][] {
  const word = Object.entries(ORDINAL_WORDS).find(([, v]) => v === n)?.[0];
  return [[ordinalName(n), "floor"], ...(word ? [[word, "floor"]] : []), ["floor", String(n)], ["level", String(n)]];
}

/** The words of a phrase, as index terms (alternatives are matched word by word). */
function asTerms(phrase: string): string[] {
  return tokenize(phrase);
}

function statusWordsFor(kind: "asset" | "job"): readonly StatusWord[] {
  return kind === "asset" ? ASSET_STATUS_WORDS : JOB_STATUS_WORDS;
}

/** Start of the UTC day of `d`, plus `days`. */
function day(d: Date, days = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days));
}

/** The time range a time word means, weeks starting on Monday, days in UTC (the vendors' timestamps are UTC). */
export function timeRange(word: TimeWord, now: Date): { from?: Date; to?: Date } {
  const today = day(now);
  const monday = day(now, -((now.getUTCDay() + 6) % 7));
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  switch (word) {
    case "today":
      return { from: today, to: day(now, 1) };
    case "yesterday":
      return { from: day(now, -1), to: today };
    case "tomorrow":
      return { from: day(now, 1), to: day(now, 2) };
    case "this week":
      return { from: monday, to: day(monday, 7) };
    case "last week":
      return { from: day(monday, -7), to: monday };
    case "next week":
      return { from: day(monday, 7), to: day(monday, 14) };
    case "this month":
      return { from: month, to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) };
    case "last month":
      return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)), to: month };
    case "recent":
      return { from: day(now, -7), to: day(now, 1) };
    case "upcoming":
      return { from: today, to: day(now, 366) };
    case "overdue":
      return {};
  }
}

export function parsePhrase(text: string, ctx: ParseContext): ParsedPhrase {
  const out: ParsedPhrase = { terms: [], ignored: [] };
  const vendorStatuses = new Map(ctx.statuses.map((s) => [fold(s), s] as const));
  const closed = new Set((ctx.closedStatuses ?? []).map(fold));
  for (const s of CLOSED_JOB_STATUSES) closed.add(fold(s));
  const setStatus = (written: string, statuses: string[]) => {
    // Two status words ("open", "on hold"): the narrower one (fewer statuses) wins; a record has one status.
    if (!out.status || statuses.length < out.status.statuses.length || !out.status.statuses.length) out.status = { text: written, statuses };
  };

  // Every multi-word meaning, longest first, so "out of service" is read before "of" is dropped.
  const phrases: Phrase[] = [];
  for (const [said, word] of Object.entries(TIME_WORDS)) {
    phrases.push({ words: phraseWords(said), apply: (t) => (out.time = combineTimes(out.time, { text: t, word, ...timeRange(word, ctx.now) })) });
  }
  for (const sw of statusWordsFor(ctx.statusWords)) {
    const statuses = sw.open
      ? ctx.statuses.filter((s) => !closed.has(fold(s)))
      : sw.statuses.map((s) => vendorStatuses.get(fold(s))).filter((s): s is string => Boolean(s));
    for (const p of sw.phrases) phrases.push({ words: phraseWords(p), apply: (t) => setStatus(t, statuses) });
  }
  // The vendor's own status names, said as they are ("in progress", "non-compliant", "claim filed").
  for (const s of ctx.statuses) phrases.push({ words: phraseWords(s), apply: (t) => setStatus(t, [s]) });
  for (const group of TRADE_SYNONYMS) {
    const alternatives = group.map(asTerms);
    for (const p of group) phrases.push({ words: phraseWords(p), apply: (t) => out.terms.push({ text: t, kind: "trade", alternatives }) });
  }
  for (const group of PLACE_SYNONYMS) {
    const alternatives = group.map(asTerms);
    for (const p of group) phrases.push({ words: phraseWords(p), apply: (t) => out.terms.push({ text: t, kind: "place", alternatives }) });
  }
  for (const group of NAME_SYNONYMS) {
    const alternatives = group.map(asTerms);
    for (const p of group) phrases.push({ words: phraseWords(p), apply: (t) => out.terms.push({ text: t, kind: "alias", alternatives }) });
  }
  // Longest first; at equal length the order above decides (time, status, vendor status, trade, place).
  const byLength = phrases.map((p, i) => ({ p, i })).sort((a, b) => b.p.words.length - a.p.words.length || a.i - b.i).map((x) => x.p);

  // Phone numbers first: their parts ("(801)", "555-0142") would otherwise be read as separate codes.
  const rest = text.replace(PHONE_SHAPE, (run) => {
    const phone = phoneOf(run);
    if (!phone) return run;
    const code = codeKey(run);
    out.terms.push({ text: run.trim(), kind: "code", code, phone, alternatives: [[code], ...(phone !== code ? [[phone]] : [])] });
    return " ";
  });
  const w = words(rest);
  let i = 0;
  while (i < w.length) {
    const word = w[i]!;
    const next = w[i + 1];
    // Floors: "2nd floor", "second floor", "floor 2", "level 2".
    const ord = ordinalOf(word);
    if (ord !== undefined && next && FLOOR_WORDS.has(next)) {
      out.terms.push({ text: `${word} ${next}`, kind: "floor", alternatives: floorAlternatives(ord) });
      i += 2;
      continue;
    }
    if (FLOOR_WORDS.has(word) && numberOf(next) !== undefined && !next!.startsWith("#")) {
      out.terms.push({ text: `${word} ${next}`, kind: "floor", alternatives: floorAlternatives(numberOf(next)!) });
      i += 2;
      continue;
    }
    // Unit numbers: "#2", "unit 2", "no. 2", "number 2".
    if (/^#\d+$/.test(word)) {
      out.ordinal = { text: word, n: Number(word.slice(1)) };
      i += 1;
      continue;
    }
    if (NUMBER_MARKERS.has(word) && numberOf(next) !== undefined) {
      out.ordinal = { text: `${word} ${next}`, n: numberOf(next)! };
      i += 2;
      continue;
    }
    const match = byLength.find((p) => p.words.length > 0 && p.words.every((pw, k) => w[i + k] === pw));
    if (match) {
      match.apply(w.slice(i, i + match.words.length).join(" "));
      i += match.words.length;
      continue;
    }
    if (ord !== undefined) {
      out.ordinal = { text: word, n: ord };
      i += 1;
      continue;
    }
    if (FILLER_WORDS.has(word)) {
      out.ignored.push(word);
      i += 1;
      continue;
    }
    if (looksLikeCode(word)) {
      // A tag or serial is compared exactly; its parts are the fallback when it is no record's code ("RTU-2").
      const parts = tokenize(word);
      const unit = /^[a-z]+$/.test(parts[0] ?? "") && /^\d{1,3}$/.test(parts.at(-1) ?? "") ? Number(parts.at(-1)) : undefined;
      out.terms.push({ text: word, kind: "code", code: codeKey(word), alternatives: [parts].filter((a) => a.length > 0), ...(unit !== undefined ? { number: unit } : {}) });
    } else {
      const parts = tokenize(word);
      if (parts.length) out.terms.push({ text: word, kind: "word", alternatives: [parts] });
    }
    i += 1;
  }
  addNearForms(out.terms, ctx.statuses);
  return out;
}

/** Two time words ("upcoming … this week"): the records in both ranges. */
function combineTimes(prev: TimeFilter | undefined, next: TimeFilter): TimeFilter {
  if (!prev || prev.word === "overdue" || next.word === "overdue" || !prev.from || !next.from) return next;
  const from = prev.from > next.from ? prev.from : next.from;
  const to = prev.to! < next.to! ? prev.to! : next.to!;
  return { text: `${prev.text} ${next.text}`, word: next.word, from, to };
}

/** A plain word of letters, long enough to be misspelled or run together. */
const PLAIN = /^[\p{L}]{3,}$/u;

/** Every word with two neighbouring letters swapped: one slip of the fingers ("Parksdie", "Obrein"). */
export function transpositions(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return [...out];
}

/** A word as two words ("reroof" → re roof, "daycare" → day care), each part at least two letters. */
export function splits(word: string): string[][] {
  const out: string[][] = [];
  for (let i = 2; i + 2 <= word.length; i++) out.push([word.slice(0, i), word.slice(i)]);
  return out;
}

/**
 * Near forms of each plain word, matched exactly: its transpositions (Damerau's one edit that Levenshtein-based
 * fuzzy matching counts as two), its splits, and its join with the plain word before or after it; and, when a
 * word is one of the words of the vendor's status names, those statuses.
 */
function addNearForms(terms: Term[], statuses: readonly string[]): void {
  const statusWords = new Map<string, string[]>();
  for (const s of statuses) for (const w of tokenize(s)) statusWords.set(w, [...(statusWords.get(w) ?? []), s]);
  const plain = (t: Term | undefined): string | undefined => (t?.kind === "word" && t.alternatives.length === 1 && t.alternatives[0]!.length === 1 && PLAIN.test(t.alternatives[0]![0]!) ? t.alternatives[0]![0] : undefined);
  terms.forEach((term, k) => {
    const word = plain(term);
    if (!word) return;
    const variants: string[][] = [];
    if (word.length >= 4) for (const t of transpositions(word)) variants.push([t]);
    if (word.length >= 5) variants.push(...splits(word));
    const before = plain(terms[k - 1]);
    const after = plain(terms[k + 1]);
    if (before) variants.push([before + word]);
    if (after) variants.push([word + after]);
    if (variants.length) term.variants = variants;
    const named = statusWords.get(word);
    if (named) term.statuses = named;
  });
}
