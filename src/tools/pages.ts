/**
 * Several vendor pages in one list call (`max_pages`), with one progress notification per page when the
 * caller sent a progress token. The result reads like a single page: the items of every page fetched,
 * totals as the vendor reported them, and `next_page` continuing after the last page fetched.
 */
import { z } from "zod";
import type { Page } from "../domain/types.js";
import { paginate } from "../http/paginate.js";
import { listResult } from "./projections.js";
import type { ToolCall } from "./types.js";
import { IMPLIED_DEFAULT } from "./schemas.js";

/** Bounded so one call cannot walk a whole account (10 × the vendor's page size at most). */
export const MAX_PAGES = 10;

/** Explained once in the server instructions, not per tool; its bounds are checked, not published. */
export const maxPagesParam = z
  .number()
  .int()
  .refine((v) => v >= 1, "must be 1 or more")
  .refine((v) => v <= MAX_PAGES, `must be at most ${MAX_PAGES} (pages in one call; next_page continues from there)`)
  .default(1)
  .meta(IMPLIED_DEFAULT);

export interface PagedArgs {
  page: number;
  max_pages: number;
}

export async function gatherPages<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  args: PagedArgs & Record<string, unknown>,
  call: ToolCall,
  project: (item: T) => Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let last: Page<T> | undefined;
  let fetched = 0;
  const items: T[] = [];
  const pages = paginate<T>(
    async (page) => {
      last = await fetchPage(page);
      return last;
    },
    {
      startPage: args.page,
      maxPages: args.max_pages,
      signal: call.signal,
      onPage: async (info) => {
        fetched++;
        // The vendor's page count can only be known after the first page: the total is what this call will fetch.
        const planned = Math.max(fetched, Math.min(args.max_pages, info.totalPages - args.page + 1));
        await call.progress(fetched, planned, `page ${info.page} of ${info.totalPages}`);
      },
    },
  );
  for await (const batch of pages) items.push(...batch);
  // paginate fetches at least one page (or throws), so `last` is set.
  return { ...listResult(last!, project, args), items: items.map(project) };
}
