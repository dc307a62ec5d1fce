/**
 * Cutting text without breaking characters. A JavaScript string counts UTF-16 code units, and a character
 * outside the Basic Multilingual Plane (emoji, many CJK ideographs, historic scripts) takes two: a cut
 * between them leaves half a character (a lone surrogate), which has no UTF-8 form and makes a result
 * that strict clients refuse (the fuzz found truncated notes and names ending in one).
 */

/** The first `max` UTF-16 code units of `text`, one fewer when the cut would split a surrogate pair. */
export function sliceWellFormed(text: string, max: number): string {
  const head = text.slice(0, max);
  const last = head.charCodeAt(head.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? head.slice(0, -1) : head;
}
