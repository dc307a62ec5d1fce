/**
 * Page-numbered pagination (FSM Navigator: `page`, `per_page`, `total_pages`; seed 000 iterates until
 * `page >= total_pages`). Vendor adapters supply `fetchPage`; this walks the pages in order, one at a
 * time, stopping at the last page, at `maxPages`, or when the signal aborts.
 */
export interface Page<T> {
  items: T[];
  /** The page number the vendor says it returned. */
  page: number;
  totalPages: number;
  total?: number;
}

export interface PageInfo {
  page: number;
  totalPages: number;
  total?: number;
  /** Items fetched so far, this page included. */
  fetched: number;
}

export interface PaginateOptions {
  /** First page to fetch. Default 1. */
  startPage?: number;
  /** Stop after this many pages. Default: no limit. */
  maxPages?: number;
  signal?: AbortSignal;
  /** Called after each page, before its items are yielded (progress notifications). */
  onPage?: (info: PageInfo) => void | Promise<void>;
}

export type FetchPage<T> = (page: number, signal?: AbortSignal) => Promise<Page<T>>;

export async function* paginate<T>(
  fetchPage: FetchPage<T>,
  opts: PaginateOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const maxPages = opts.maxPages ?? Number.POSITIVE_INFINITY;
  let page = opts.startPage ?? 1;
  let pagesFetched = 0;
  let fetched = 0;
  while (pagesFetched < maxPages) {
    opts.signal?.throwIfAborted();
    const result = await fetchPage(page, opts.signal);
    pagesFetched++;
    fetched += result.items.length;
    // Trust the vendor's page number when it gives a sane one (it may clamp an out-of-range request).
    const current = Number.isFinite(result.page) && result.page > 0 ? result.page : page;
    await opts.onPage?.({ page: current, totalPages: result.totalPages, total: result.total, fetched });
    yield result.items;
    // A missing or non-numeric total_pages means there is nothing to page through; an empty page means
    // the vendor has run out even if its count disagrees (guards against an endless loop).
    if (!(current < result.totalPages) || result.items.length === 0) return;
    page = current + 1;
  }
}

export interface CollectedPages<T> {
  items: T[];
  /** Pages fetched. */
  pages: number;
  /** The vendor's total when it reported one, else the number of items collected. */
  total: number;
  /** The vendor's page count (from the last page fetched), when reported. */
  totalPages?: number;
  /** False when `maxPages` stopped the walk before the last page. */
  complete: boolean;
}

export async function collectAll<T>(fetchPage: FetchPage<T>, opts: PaginateOptions = {}): Promise<CollectedPages<T>> {
  const items: T[] = [];
  let last: PageInfo | undefined;
  let sawEmptyPage = false;
  const onPage = async (info: PageInfo): Promise<void> => {
    sawEmptyPage = info.fetched === (last?.fetched ?? 0);
    last = info;
    await opts.onPage?.(info);
  };
  let pages = 0;
  for await (const batch of paginate(fetchPage, { ...opts, onPage })) {
    pages++;
    items.push(...batch);
  }
  const complete = last === undefined || sawEmptyPage || !(last.page < last.totalPages);
  return { items, pages, total: last?.total ?? items.length, totalPages: last?.totalPages, complete };
}
