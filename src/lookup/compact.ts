/**
 * How the lookup holds 50,000 records in little memory: a record as the vendor client made it carries every
 * field, null ones included, and its own copy of every string, though most values repeat (an asset type, a
 * make, a status, a site name, a date). `held` keeps a record's non-null fields only, each repeated string
 * once for the whole index. Absent and null read the same to the lookup and to the tools' projections.
 */

/**
 * A field is shared while its values repeat: once this many values were seen, one whose distinct values are
 * more than a quarter of them (names, serials, e-mails) is left alone, and its table is dropped.
 */
const JUDGE_AFTER = 1_000;

interface FieldValues {
  values: Map<string, string>;
  seen: number;
}

export class RecordCompactor {
  /** Field → its values seen so far (null: too varied to share). */
  private readonly fields = new Map<string, FieldValues | null>();

  /** A copy of `record` without its null fields, its strings shared with the other records'. */
  held<T extends object>(record: T): T {
    const out: Record<string, unknown> = {};
    for (const key in record) {
      const value = (record as Record<string, unknown>)[key];
      if (value === null || value === undefined) continue;
      out[key] = typeof value === "string" ? this.shared(key, value) : value;
    }
    return out as T;
  }

  private shared(field: string, value: string): string {
    let f = this.fields.get(field);
    if (f === null) return value;
    if (!f) this.fields.set(field, (f = { values: new Map(), seen: 0 }));
    f.seen++;
    const known = f.values.get(value);
    if (known !== undefined) return known;
    if (f.seen >= JUDGE_AFTER && f.values.size * 4 > f.seen) {
      this.fields.set(field, null);
      return value;
    }
    f.values.set(value, value);
    return value;
  }
}
