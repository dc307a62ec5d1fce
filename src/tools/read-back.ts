/**
 * Field-level bookkeeping of the update tools (update_customer, update_location, update_asset): which asked-for
 * values differ from the record as read (only those are sent; none means nothing to do), whether they landed
 * (reconcile after an ambiguous failure), and what the record read back says about fields that were not sent.
 */

/** How a tool argument reads on the record: argument name → accessor. */
export type FieldMap<T> = Readonly<Record<string, (record: T) => unknown>>;

/** Blank, null and undefined are one "no value"; text compares trimmed; numbers by value. */
function norm(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v.trim() === "" ? null : v.trim();
  return v;
}

export function sameValue(a: unknown, b: unknown): boolean {
  const x = norm(a);
  const y = norm(b);
  if (typeof x === "number" || typeof y === "number") return Number(x) === Number(y);
  return x === y;
}

/** The arguments set whose value differs from the record's: what an update has to send. */
export function differing<T>(fields: FieldMap<T>, record: T, wanted: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(fields).filter((k) => wanted[k] !== undefined && !sameValue(fields[k]!(record), wanted[k]));
}

/** Every changed field reads back as asked. */
export function landed<T>(fields: FieldMap<T>, record: T, wanted: Readonly<Record<string, unknown>>, changed: readonly string[]): boolean {
  return changed.every((k) => sameValue(fields[k]!(record), wanted[k]));
}

/**
 * What the record read back says: a changed field the vendor did not keep as sent, and a field not sent that
 * changed anyway (a vendor whose PUT replaces the whole record, or another user's change at the same moment).
 */
export function readBackNotes<T>(fields: FieldMap<T>, before: T, after: T, wanted: Readonly<Record<string, unknown>>, changed: readonly string[]): string[] {
  const show = (v: unknown) => (norm(v) === null ? "empty" : JSON.stringify(v));
  const notes: string[] = [];
  for (const k of changed) {
    const now = fields[k]!(after);
    if (!sameValue(now, wanted[k])) notes.push(`Read back: ${k} is ${show(now)}, not ${show(wanted[k])} as sent; the vendor changed or refused it.`);
  }
  for (const k of Object.keys(fields)) {
    if (changed.includes(k)) continue;
    const was = fields[k]!(before);
    const now = fields[k]!(after);
    if (!sameValue(was, now)) notes.push(`Read back: ${k} was ${show(was)} and is now ${show(now)} although it was not sent; check it and set it again if that is wrong.`);
  }
  return notes;
}
