/**
 * A lookup answer (src/lookup/) as a list result: the same shape as a vendor list (items, total, remaining,
 * next_page), each item with why it matched and its score, and, when nothing matched, the words that were not
 * understood and what to try.
 */
import type { LookupAnswer, LookupRecord } from "../lookup/lookup.js";
import type { PagedArgs } from "./pages.js";
import { cleanText } from "./text.js";

export interface LookupPaging extends PagedArgs {
  per_page: number;
}

/** Ranked results page locally: max_pages pages of per_page each, as one vendor call would gather. */
function pageSize(args: LookupPaging): number {
  return args.per_page * args.max_pages;
}

/** The lookup's `limit` for these paging arguments: the ranking up to the end of the page shown. */
export function lookupLimit(args: LookupPaging): number {
  return args.page * pageSize(args);
}

export function lookupList<T extends LookupRecord>(answer: LookupAnswer<T>, project: (record: T) => Record<string, unknown>, args: LookupPaging & Record<string, unknown>): Record<string, unknown> {
  const size = pageSize(args);
  const start = (args.page - 1) * size;
  const shown = answer.items.slice(start, start + size);
  // `total` counts every match; `items` holds the ranking up to this page (lookupLimit).
  const remaining = Math.max(0, answer.total - start - shown.length);
  return {
    // An explanation quotes vendor text: cleaned like every other vendor value in a result.
    items: shown.map((i) => ({ ...project(i.record), matched: i.matched.map((m) => cleanText(m) ?? ""), score: i.score })),
    total: answer.total,
    remaining,
    next_page: remaining > 0 ? { ...args, page: args.page + 1 } : null,
    ...(answer.notUnderstood.length ? { not_understood: answer.notUnderstood.map((w) => cleanText(w) ?? "") } : {}),
    ...(answer.hint ? { hint: cleanText(answer.hint) } : {}),
    ...(answer.complete ? {} : { index: "still filling: these are the records read so far (and the vendor's own search, when they held none); ask again shortly for complete results" }),
  };
}
