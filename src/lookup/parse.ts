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
  NUMBER_MARKERS,
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
  kind: "word" | "trade" | "place" | "floor" | "code";
  /** Alternatives: any one matches; within one, every word must match. */
  alternatives: string[][];
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
  words: string[];
  apply(text: string): void;
}

/** Words of a phrase as the parser reads them: "#2" stays one word, "walk-in" and "a/c" too. */
function words(text: string): string[] {
  return (
    fold(text)
      .replace(/'s\b/g, "")
      .replace(/#\s*(\d+)/g, " #$1 ")
      .match(/#\d+|[\p{L}\p{N}\p{M}]+(?:[-/.][\p{L}\p{N}\p{M}]+)*|[&+]/gu) ?? []
  ).map((w) => w.replace(/\.$/, ""));
}

function phraseWords(phrase: string): string[] {
  return words(phrase);
}

const ORDINAL_SUFFIX = /^(\d+)(st|nd|rd|th)$/;

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
    phrases.push({ words: phraseWords(said), apply: (t) => (out.time = { text: t, word, ...timeRange(word, ctx.now) }) });
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
    if (FLOOR_WORDS.has(word) && next && /^\d+$/.test(next)) {
      out.terms.push({ text: `${word} ${next}`, kind: "floor", alternatives: floorAlternatives(Number(next)) });
      i += 2;
      continue;
    }
    // Unit numbers: "#2", "unit 2", "no. 2", "number 2".
    if (/^#\d+$/.test(word)) {
      out.ordinal = { text: word, n: Number(word.slice(1)) };
      i += 1;
      continue;
    }
    if (NUMBER_MARKERS.has(word) && next && /^#?\d+$/.test(next)) {
      out.ordinal = { text: `${word} ${next}`, n: Number(next.replace("#", "")) };
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
      out.terms.push({ text: word, kind: "code", code: codeKey(word), alternatives: [tokenize(word)].filter((a) => a.length > 0) });
    } else {
      const parts = tokenize(word);
      if (parts.length) out.terms.push({ text: word, kind: "word", alternatives: [parts] });
    }
    i += 1;
  }
  return out;
}
