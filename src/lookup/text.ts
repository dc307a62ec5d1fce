import { MIN_ROOT, WORD_ENDINGS } from "./vocabulary.js";

/**
 * One way of cutting text into terms, shared by the index (records) and the parser (phrases), so that a word
 * typed the way it is stored always meets it: lower case, accents dropped, possessives and plurals folded.
 */

const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Lower case without accents, curly quotes made straight. */
export function fold(text: string): string {
  // Most vendor text is plain ASCII: skip Unicode normalisation for it (indexing 50,000 assets folds ~600,000 values).
  if (PLAIN_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u2013\u2014]/g, " - ")
    .toLowerCase();
}

/** Words of a text for the index: runs of letters and digits in any script ("RTU-2" → rtu, 2; "St. Mary's" → st, mary). */
export function tokenize(text: string): string[] {
  const folded = fold(text).replace(/'s\b/g, "");
  const words = folded.split(PLAIN_ASCII.test(folded) ? /[^a-z0-9]+/ : /[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  // "O'Brien" is also written "OBrien": the joined form is a word too.
  if (folded.includes("'")) for (const m of folded.matchAll(/([\p{L}\p{N}]+)'([\p{L}\p{N}]+)/gu)) words.push(m[1]! + m[2]!);
  return words;
}

/**
 * A term as indexed and searched: plurals folded ("boilers" → boiler, "bakeries" → bakery) so either form
 * finds the other. Short words and numbers stay as they are.
 */
export function stem(term: string): string {
  if (term.length <= 3 || /\d/.test(term)) return term;
  if (term.endsWith("ies") && term.length > 4) return `${term.slice(0, -3)}y`;
  if (term.endsWith("ss") || term.endsWith("us") || term.endsWith("is")) return term;
  if (term.endsWith("s")) return term.slice(0, -1);
  return term;
}

/** A tag, serial number or code compared exactly: letters and digits only, lower case ("AST-000012" → ast000012). */
export function codeKey(text: string): string {
  return fold(text).replace(/[^a-z0-9]/g, "");
}

/** Whether a written word looks like a tag, serial or number rather than a word: has digits, 4+ characters. */
export function looksLikeCode(word: string): boolean {
  const key = codeKey(word);
  if (key.length < 4 || !/\d/.test(key)) return false;
  // "2nd", "10th": ordinals, not codes.
  return !/^\d+(st|nd|rd|th)$/.test(key);
}

/**
 * A phone number as compared: its digits, and its last ten (a North American number without its country code),
 * so "+1 (801) 555-0142", "801.555.0142" and "8015550142" meet whichever form was stored.
 */
export function phoneKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const m of text.matchAll(PHONE_SHAPE)) {
    const digits = m[0].replace(/\D/g, "");
    if (digits.length < PHONE_MIN_DIGITS || digits.length > PHONE_MAX_DIGITS) continue;
    keys.add(digits);
    if (digits.length > 10) keys.add(digits.slice(-10));
  }
  return [...keys];
}

const PHONE_MIN_DIGITS = 10;
const PHONE_MAX_DIGITS = 15;
/**
 * A phone-shaped run of text: digits with the separators people type ("(801) 555-0142", "+44 20 7946 0958",
 * "801-555-0142"), not inside a word (so a tag like "AST-8015550142" is a code, not a phone).
 */
export const PHONE_SHAPE = /(?<![\p{L}\p{N}\-#])\+?(?:\(\d+\)|\d)(?:[\s().\-]{0,2}\d)+(?![\p{L}\p{N}])/gu;

/** The phone number a phrase's text means, as its key (last ten digits), or undefined when it is no phone. */
export function phoneOf(text: string): string | undefined {
  const digits = text.replace(/\D/g, "");
  if (digits.length < PHONE_MIN_DIGITS || digits.length > PHONE_MAX_DIGITS) return undefined;
  return digits.slice(-10);
}

/**
 * The beginning a word shares with its other forms ("descaling" → descal, "brewery" → brew, "warehouse" →
 * warehous), or undefined when it has no ending to cut (vocabulary.ts: WORD_ENDINGS). Searched as a prefix.
 */
export function rootOf(word: string): string | undefined {
  for (const ending of WORD_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_ROOT) return word.slice(0, -ending.length);
  }
  return undefined;
}
