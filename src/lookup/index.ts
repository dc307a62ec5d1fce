/**
 * Natural-language lookups (DESIGN §10): the one entry point tools and the runtime use.
 *
 *   createLookup({ backend, kinds, file?, now?, redact?, log? }) → LookupService
 *   lookup.search(kind, phrase, { filter?, call? }) → { items: [{ record, score, matched }], notUnderstood, hint?, complete }
 *   lookup.remember(tool, record)   (the write pipeline: a record just written is found at once)
 *   parsePhrase(phrase, ctx)        (the parser alone, for tests and the benchmark)
 */
import type { Config } from "../config.js";
import type { Backend } from "../domain/backend.js";
import { selectTools } from "../server/catalog.js";
import type { LookupKind } from "./index-store.js";

export { createLookup, FULL_REFRESH_MS, JOB_DELTA_MS, MAX_INDEXED_JOBS, VENDOR_WAIT_MS, type LookupAnswer, type LookupCall, type LookupItem, type LookupOptions, type LookupRecord, type LookupService } from "./lookup.js";
export { parsePhrase, timeRange, type ParsedPhrase, type ParseContext, type Term } from "./parse.js";
export { lookupFile } from "./persist.js";
export { LOOKUP_KINDS, type LookupKind } from "./index-store.js";

/** The tool whose scope and toolset decide whether a kind of record may be indexed for this key. */
const READER: Readonly<Record<LookupKind, string>> = { customer: "search_customers", asset: "search_assets", job: "list_jobs" };

/**
 * The kinds of record this configuration may index: those whose lookup tool is listed (vendor support,
 * toolsets, the key's declared scopes). A key without `assets:read` gets no asset index.
 */
export function lookupKinds(config: Pick<Config, "readOnly" | "toolsets" | "scopes">, backend: Backend): Set<LookupKind> {
  const listed = new Set(selectTools(config, backend).listed.map((t) => t.name));
  return new Set((Object.keys(READER) as LookupKind[]).filter((k) => listed.has(READER[k])));
}
