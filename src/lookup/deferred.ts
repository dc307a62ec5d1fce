/**
 * The lookup service with its code (the index, the phrase parser, MiniSearch) loaded on first use rather than
 * at startup: only the search tools and the write pipeline's `remember` use it, and loading it was ~8 ms of
 * every cold start, paid before tools/list although the index itself is filled only on the first lookup.
 * Calls keep their order: each waits on the one loading promise, so a record remembered before a search is
 * in the index that search reads.
 */
import type { LookupKind } from "./index-store.js";
import type { LookupOptions, LookupService } from "./lookup.js";

/** `options` is called once, on first use (its `kinds` must be `kinds`): naming the index's file hashes the credential. */
export function createDeferredLookup(kinds: ReadonlySet<LookupKind>, options: () => LookupOptions): LookupService {
  let loading: Promise<LookupService> | undefined;
  const service = () => (loading ??= import("./lookup.js").then(({ createLookup }) => createLookup(options())));
  return {
    kinds,
    search: async (kind, query, o) => (await service()).search(kind, query, o),
    remember(tool, value) {
      void service().then(
        (lookup) => lookup.remember(tool, value),
        // A failed load is reported by the next search (which awaits the same promise); nothing to remember into.
        () => undefined,
      );
    },
    // Never used: nothing to save, and no reason to load the code only to close it.
    close: async () => (loading ? (await loading).close() : undefined),
  };
}
