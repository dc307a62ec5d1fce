/**
 * Matching rules for duplicate preflight and reconciliation ("check before create", seed 000):
 * normalised comparisons so "ACME Corp." and "acme corp" or "+1 (555) 123-4567" and "5551234567" meet.
 */
import type { Customer, Job } from "../domain/types.js";

export function normName(v: string | null | undefined): string {
  return (v ?? "").toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

export function normEmail(v: string | null | undefined): string {
  return (v ?? "").trim().toLowerCase();
}

/** Digits only, compared on the last 10 so a country code does not hide a match. */
export function normPhone(v: string | null | undefined): string {
  return (v ?? "").replace(/\D+/g, "").slice(-10);
}

export interface CustomerKeys {
  name?: string;
  email?: string;
  phone?: string;
}

/** Why `c` is the same customer as `keys`, or undefined. Email and phone are strong keys; name is exact-normalised. */
export function customerMatch(c: Customer, keys: CustomerKeys): string | undefined {
  if (keys.email && c.email && normEmail(c.email) === normEmail(keys.email)) return "same email";
  if (keys.phone && c.phone && normPhone(keys.phone).length >= 7 && normPhone(c.phone) === normPhone(keys.phone)) return "same phone";
  if (keys.name && normName(c.name) === normName(keys.name)) return "same name";
  return undefined;
}

export function jobMatches(j: Job, title: string, locationId: unknown): boolean {
  return normName(j.title) === normName(title) && (locationId === undefined || String(j.locationId) === String(locationId));
}

/** Vendor clocks drift: a record stamped up to this long before we sent is still "ours". */
export const CLOCK_SKEW_MS = 120_000;

/** Whether an ISO timestamp is at or after `since` (ms), allowing for clock skew. Unknown times count. */
export function createdAfter(iso: string | null | undefined, since: number): boolean {
  if (!iso) return true;
  const t = Date.parse(iso);
  return Number.isNaN(t) || t >= since - CLOCK_SKEW_MS;
}
