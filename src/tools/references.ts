/**
 * References a write tool declares for the records its arguments name (checked on a dry run by the pipeline,
 * see src/safety/references.ts), each read through the backend's own read methods: one place says how a
 * customer, location, job, asset, asset type or technician is looked up, for every tool and vendor.
 */
import type { Backend, RecordKind } from "../domain/backend.js";
import type { Id } from "../domain/types.js";
import type { Reference } from "../safety/references.js";

/** Most pages read when a vendor cannot read one technician by id and its list has to be searched. */
const MAX_TECHNICIAN_PAGES = 20;

export interface ReferenceBuilder {
  /** A record the tool has already read (so it exists): named as checked, not read again. */
  known(kind: RecordKind, id: Id): Reference;
  customer(id: Id): Reference;
  location(id: Id): Reference;
  technician(id: Id): Reference;
  asset(id: Id): Reference;
  /** Asset ids a job links to (the vendor may skip unknown ones instead of refusing, VendorProfile.unknownAssetIds). */
  linkedAssets(ids: readonly Id[] | undefined): Reference[];
  assetType(id: Id): Reference;
  job(id: Id): Reference;
}

export function referencesFor(backend: Backend): ReferenceBuilder {
  const p = backend.profile;
  const finder: Record<RecordKind, string> = {
    customer: "search_customers",
    location: backend.customers?.listLocations ? "get_customer" : "search_customers",
    job: "list_jobs",
    asset: "search_assets",
    "asset type": "get_asset",
    technician: "list_technicians",
  };
  const noun = (kind: RecordKind) => (kind === "customer" ? p.customerNoun : kind === "location" && !backend.customers?.listLocations ? p.customerNoun : kind);
  const ref = (kind: RecordKind, id: Id, exists?: Reference["exists"]): Reference => ({ kind, id, noun: noun(kind), finder: finder[kind], ...(exists ? { exists } : {}) });

  const asset = (id: Id) => ref("asset", id, async (ctx) => Boolean(await backend.assets!.get(id, ctx)));
  return {
    known: (kind, id) => ref(kind, id),
    customer: (id) => ref("customer", id, async (ctx) => Boolean(await backend.customers!.get(id, ctx))),
    location: (id) =>
      ref("location", id, async (ctx) => {
        const exists = backend.customers?.locationExists;
        return exists ? exists(id, ctx) : `${p.displayName}'s API cannot read a location by id`;
      }),
    technician: (id) =>
      ref("technician", id, async (ctx) => {
        const t = backend.technicians;
        if (!t) return `${p.displayName}'s API cannot read technicians`;
        if (t.get) return Boolean(await t.get(id, ctx));
        // No read by id (JobNimbus users): search the list.
        for (let page = 1; page <= MAX_TECHNICIAN_PAGES; page++) {
          const res = await t.list({ page, perPage: p.maxPageSize, signal: ctx.signal });
          if (res.items.some((x) => String(x.id).toLowerCase() === String(id).toLowerCase())) return true;
          if (!res.items.length || page >= (res.totalPages ?? page)) return false;
        }
        return `more than ${MAX_TECHNICIAN_PAGES} pages of technicians to search`;
      }),
    asset,
    linkedAssets: (ids) =>
      (ids ?? []).map((id) => ({
        ...asset(id),
        ...(p.unknownAssetIds === "skipped" ? { skipped: `${p.displayName} silently skips asset ids that match no asset, so a real call would not link it` } : {}),
      })),
    // No read by asset type id: an asset of that type proves it; none proves nothing.
    assetType: (id) =>
      ref("asset type", id, async (ctx) => {
        const page = await backend.assets!.search({ typeId: id, perPage: 1, signal: ctx.signal });
        return page.items.length > 0 || `${p.displayName}'s API cannot read an asset type by id, and no asset of that type proves it`;
      }),
    job: (id) => ref("job", id, async (ctx) => Boolean(await backend.jobs!.get(id, ctx))),
  };
}
