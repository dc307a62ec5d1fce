/**
 * Vendor text is data: free text from the vendor (names, notes, descriptions) goes into result fields,
 * stripped of control and invisible characters and truncated with a marker, never into descriptions,
 * prompts or instructions.
 */
import { sliceWellFormed } from "../domain/unicode.js";

/**
 * C0 and C1 controls, soft hyphen, zero-width characters, bidi marks, overrides and isolates, invisible
 * operators and the BOM: nothing a reader sees, everything that can hide or reorder text.
 */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g;
/**
 * Line breaks become a space: a vendor value stays on its own line of the text rendering, so it cannot forge
 * lines that read as fields of our result ("outcome: created") or as our next-step hints.
 */
const LINE_BREAKS = /\s*[\t\n\r\u0085\u2028\u2029]\s*/g;

export const MAX_FREE_TEXT = 500;

/** The text without invisible characters, on one line. */
export function oneLine(value: string): string {
  return value.replace(INVISIBLE, "").replace(LINE_BREAKS, " ");
}

export function cleanText(value: string | null | undefined, max = MAX_FREE_TEXT): string | undefined {
  if (value === null || value === undefined) return undefined;
  // A vendor value can hold half a character of its own (a lone surrogate): it shows as U+FFFD.
  const clean = oneLine(value).toWellFormed().trim();
  if (clean.length <= max) return clean;
  return `${sliceWellFormed(clean, max)}… [truncated, ${clean.length} chars]`;
}
