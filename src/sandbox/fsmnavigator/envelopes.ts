/**
 * The two response envelopes FSM Navigator documents, rendered from one neutral outcome:
 * B (reference pages): {data, pagination, request_id}; writes {success, message, data:{summary}, request_id}.
 * A (best-practices guide): {success, customers:[…], page, per_page, total, total_pages} and
 * {success, customer:{id, …}}, with `id` in place of customer_id / job_id / ….
 * [I] The guide elides A's write fields ("…"): the sandbox puts the full record there, adds `message` as B
 * does, and puts request_id on both envelopes.
 */
import type { Row } from "./views.js";

export const RESOURCES = {
  customer: { singular: "customer", plural: "customers", idKey: "customer_id" },
  location: { singular: "location", plural: "locations", idKey: "location_id" },
  job: { singular: "job", plural: "jobs", idKey: "job_id" },
  asset: { singular: "asset", plural: "assets", idKey: "asset_id" },
  service_record: { singular: "service_record", plural: "service_records", idKey: "service_id" },
  meter_reading: { singular: "meter_reading", plural: "meter_readings", idKey: "reading_id" },
  transfer: { singular: "transfer", plural: "transfers", idKey: "transfer_id" },
  technician: { singular: "technician", plural: "technicians", idKey: "technician_id" },
} as const;
export type ResourceKind = keyof typeof RESOURCES;

export type EnvelopeStyle = "A" | "B";

export interface Pagination {
  page: number;
  per_page: number;
  total: number;
  /** [I] 0 when there are no results. */
  total_pages: number;
}

export type Outcome =
  | { shape: "list"; resource: ResourceKind; items: Row[]; pagination: Pagination }
  | { shape: "item"; resource: ResourceKind; item: Row }
  | {
      shape: "write";
      resource: ResourceKind;
      message: string;
      /** The full record after the write (envelope A). */
      record: Row;
      /** The fields seed 001/002's examples return in `data` (envelope B). */
      summary: Row;
    };

export function paginate<T>(items: readonly T[], page: number, perPage: number): { items: T[]; pagination: Pagination } {
  const start = (page - 1) * perPage;
  return {
    items: items.slice(start, start + perPage),
    pagination: { page, per_page: perPage, total: items.length, total_pages: Math.ceil(items.length / perPage) },
  };
}

/** `writeStatus`: the operation's success status for writes (201 for creates). */
export function renderEnvelope(outcome: Outcome, style: EnvelopeStyle, requestId: string, writeStatus: 200 | 201): { status: number; json: Row } {
  const names = RESOURCES[outcome.resource];
  if (style === "B") {
    switch (outcome.shape) {
      case "list":
        return { status: 200, json: { data: outcome.items, pagination: outcome.pagination, request_id: requestId } };
      case "item":
        return { status: 200, json: { data: outcome.item, request_id: requestId } };
      case "write":
        return { status: writeStatus, json: { success: true, message: outcome.message, data: outcome.summary, request_id: requestId } };
    }
  }
  const withId = (row: Row): Row => renameId(row, names.idKey);
  switch (outcome.shape) {
    case "list":
      return {
        status: 200,
        json: { success: true, [names.plural]: outcome.items.map(withId), ...outcome.pagination, request_id: requestId },
      };
    case "item":
      return { status: 200, json: { success: true, [names.singular]: withId(outcome.item), request_id: requestId } };
    case "write":
      return {
        status: writeStatus,
        json: { success: true, message: outcome.message, [names.singular]: withId(outcome.record), request_id: requestId },
      };
  }
}

/** Envelope A spells the record's own id `id` (and keeps it first). */
function renameId(row: Row, idKey: string): Row {
  const { [idKey]: id, ...rest } = row;
  return { id, ...rest };
}
