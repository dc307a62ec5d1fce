/**
 * Natural-language lookups (DESIGN §10): the one entry point tools and the runtime use.
 *
 *   createLookup({ backend, kinds, file?, now?, redact?, log? }) → LookupService
 *   createDeferredLookup(same options) → the same service, its code loaded on first use (what the runtime serves)
 *   lookup.search(kind, phrase, { filter?, call?, limit? }) → { items: [{ record, score, matched }] (the first `limit`), total, notUnderstood, hint?, complete }
 *   lookup.remember(tool, record)   (the write pipeline: a record just written is found at once)
 *   parsePhrase(phrase, ctx)        (the parser alone, for tests and the benchmark)
 */

export { createLookup, FULL_REFRESH_MS, JOB_DELTA_MS, MAX_INDEXED_JOBS, VENDOR_WAIT_MS, type LookupAnswer, type LookupCall, type LookupItem, type LookupOptions, type LookupRecord, type LookupService, type SearchOptions } from "./lookup.js";
export { parsePhrase, timeRange, type ParsedPhrase, type ParseContext, type Term } from "./parse.js";
export { lookupFile } from "./persist.js";
export { createDeferredLookup } from "./deferred.js";
export { lookupKinds } from "./kinds.js";
export { LOOKUP_KINDS, type LookupKind } from "./index-store.js";
