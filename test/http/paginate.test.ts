import { afterEach, describe, expect, it, vi } from "vitest";
import { collectAll, paginate, type Page } from "../../src/http/paginate.js";
import { HttpClient } from "../../src/http/client.js";
import { fsmDialect, json, startServer } from "./helpers.js";

function pages(total: number, perPage: number) {
  const totalPages = Math.ceil(total / perPage);
  const calls: number[] = [];
  const fetchPage = vi.fn(async (page: number): Promise<Page<number>> => {
    calls.push(page);
    const start = (page - 1) * perPage;
    const items = Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => start + i + 1);
    return { items, page, totalPages, total };
  });
  return { fetchPage, calls };
}

describe("paginate", () => {
  it("yields every page in order and stops at total_pages", async () => {
    const { fetchPage, calls } = pages(7, 3);
    const seen: number[][] = [];
    const progress: unknown[] = [];
    for await (const batch of paginate(fetchPage, { onPage: (info) => void progress.push(info) })) seen.push(batch);
    expect(seen).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(calls).toEqual([1, 2, 3]);
    expect(progress).toEqual([
      { page: 1, totalPages: 3, total: 7, fetched: 3 },
      { page: 2, totalPages: 3, total: 7, fetched: 6 },
      { page: 3, totalPages: 3, total: 7, fetched: 7 },
    ]);
  });

  it("collectAll returns items, pages and total", async () => {
    const { fetchPage } = pages(7, 3);
    await expect(collectAll(fetchPage)).resolves.toEqual({ items: [1, 2, 3, 4, 5, 6, 7], pages: 3, total: 7, totalPages: 3, complete: true });
  });

  it("stops at maxPages and says the walk is incomplete", async () => {
    const { fetchPage, calls } = pages(100, 10);
    const result = await collectAll(fetchPage, { maxPages: 2 });
    expect(calls).toEqual([1, 2]);
    expect(result).toMatchObject({ pages: 2, total: 100, totalPages: 10, complete: false });
    expect(result.items).toHaveLength(20);
  });

  it("starts at startPage", async () => {
    const { fetchPage, calls } = pages(9, 3);
    const result = await collectAll(fetchPage, { startPage: 2 });
    expect(calls).toEqual([2, 3]);
    expect(result.items).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it("a single page with total_pages 0 or 1 is fetched once", async () => {
    const fetchPage = vi.fn(async () => ({ items: [] as number[], page: 1, totalPages: 0, total: 0 }));
    await expect(collectAll(fetchPage)).resolves.toMatchObject({ items: [], pages: 1, total: 0, complete: true });
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  it("an empty page ends the walk even if total_pages says otherwise", async () => {
    const fetchPage = vi.fn(async (page: number) => ({ items: page === 1 ? [1] : [], page, totalPages: 50 }));
    const result = await collectAll(fetchPage);
    expect(fetchPage).toHaveBeenCalledTimes(2);
    expect(result).toMatchObject({ items: [1], complete: true });
  });

  it("honours abort between pages and passes the signal to fetchPage", async () => {
    const controller = new AbortController();
    const signals: Array<AbortSignal | undefined> = [];
    const fetchPage = async (page: number, signal?: AbortSignal) => {
      signals.push(signal);
      if (page === 2) controller.abort(new Error("stop"));
      return { items: [page], page, totalPages: 5 };
    };
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const batch of paginate(fetchPage, { signal: controller.signal })) seen.push(...batch);
      })(),
    ).rejects.toThrow("stop");
    expect(seen).toEqual([1, 2]);
    expect(signals.every((s) => s === controller.signal)).toBe(true);
  });

  describe("over HTTP", () => {
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      while (cleanup.length) await cleanup.pop()!();
    });

    it("walks FSM Navigator style pages through the client", async () => {
      const server = await startServer((req, res) => {
        const page = Number(new URL(req.url!, "http://x").searchParams.get("page"));
        json(res, 200, { data: [`job-${page}a`, `job-${page}b`], pagination: { page, per_page: 2, total: 5, total_pages: 3 } });
      });
      const client = new HttpClient({ baseUrl: server.url, dialect: fsmDialect });
      cleanup.push(() => server.close(), () => client.close());
      type Envelope = { data: string[]; pagination: { page: number; total: number; total_pages: number } };
      const result = await collectAll(async (page, signal) => {
        const { body } = await client.request<Envelope>({ method: "GET", path: "/jobs", query: { page, per_page: 2 } }, { signal });
        return { items: body.data, page: body.pagination.page, totalPages: body.pagination.total_pages, total: body.pagination.total };
      });
      expect(result.items).toEqual(["job-1a", "job-1b", "job-2a", "job-2b", "job-3a", "job-3b"]);
      expect(server.requests.map((r) => r.url)).toEqual([
        "/api/v1/jobs?page=1&per_page=2",
        "/api/v1/jobs?page=2&per_page=2",
        "/api/v1/jobs?page=3&per_page=2",
      ]);
    });
  });
});
