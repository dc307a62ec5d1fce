/**
 * What the sandbox saw, one entry per request, so tests can count calls ("exactly 2 POSTs reached the
 * vendor") and check what a retrying client really sent.
 */
import type { FaultKind } from "./faults.js";

export interface RequestLogEntry {
  method: string;
  /** pathname only; the query is in `query`. */
  path: string;
  /** Query parameters (a repeated key keeps its last value). */
  query: Record<string, string>;
  /** Status sent; 0 when the connection was dropped without an answer (reset faults). */
  status: number;
  /** Label of the API key the request carried, when it was a known key. */
  keyLabel?: string;
  /** The fault that hit this request, if any. */
  fault?: FaultKind;
  /** When the request arrived (real time, ISO 8601). */
  at: string;
}

export class RequestLog {
  /** Live array: tests may read it or empty it (`entries.length = 0`). */
  readonly entries: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  clear(): void {
    this.entries.length = 0;
  }

  count(filter: Partial<Pick<RequestLogEntry, "method" | "path" | "status" | "keyLabel">> = {}): number {
    return this.entries.filter(
      (entry) =>
        (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || entry.path === filter.path) &&
        (filter.status === undefined || entry.status === filter.status) &&
        (filter.keyLabel === undefined || entry.keyLabel === filter.keyLabel),
    ).length;
  }
}
