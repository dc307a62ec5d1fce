/**
 * Vendor text is data: free text from the vendor (names, notes, descriptions) goes into result fields,
 * stripped of control and invisible characters and truncated with a marker, never into descriptions,
 * prompts or instructions.
 */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

export const MAX_FREE_TEXT = 500;

export function cleanText(value: string | null | undefined, max = MAX_FREE_TEXT): string | undefined {
  if (value === null || value === undefined) return undefined;
  const clean = value.replace(INVISIBLE, "").trim();
  if (clean.length <= max) return clean;
  return `${clean.slice(0, max)}… [truncated, ${clean.length} chars]`;
}
