/**
 * Sandbox records, typed from facts.FIELDS: a record holds exactly the fields the API serves for its resource,
 * so the simulator cannot drift from what filters, orderBy and the client name.
 */
import type { FieldOf, Resource } from "../../vendors/trackplanfm/facts.js";
import { FIELDS } from "../../vendors/trackplanfm/facts.js";

type TsOf<T> = T extends "int" | "number" ? number : T extends "bool" ? boolean : string;

/** Every field of the resource, nullable except its guid. */
export type RecordOf<R extends Resource> = { [K in FieldOf<R>]: TsOf<(typeof FIELDS)[R][K]> | null } & { guid: string };

export type SiteRecord = RecordOf<"sites">;
export type JobRecord = RecordOf<"jobs">;
export type JobTaskRecord = RecordOf<"jobTasks">;
export type JobCostRecord = RecordOf<"jobCosts">;
export type JobRequestRecord = RecordOf<"jobRequests">;
export type AssetRecord = RecordOf<"assets">;
export type ResourceRecord = RecordOf<"resources">;
export type StorageAreaRecord = RecordOf<"storageAreas">;
export type StockRecord = RecordOf<"stocks">;
export type StockLevelRecord = RecordOf<"stockLevels">;

/** A record with every field of the resource present (null where not given). */
export function fullRecord<R extends Resource>(resource: R, values: Partial<RecordOf<R>> & { guid: string }): RecordOf<R> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(FIELDS[resource])) out[field] = (values as Record<string, unknown>)[field] ?? null;
  return out as RecordOf<R>;
}
