/**
 * Which kinds of record a configuration may index (apart from the index's code, so that the runtime can ask at
 * startup without loading it: src/lookup/deferred.ts).
 */
import type { Config } from "../config.js";
import type { Backend } from "../domain/backend.js";
import { selectTools } from "../server/catalog.js";
import type { LookupKind } from "./index-store.js";

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
