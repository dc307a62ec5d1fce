/**
 * The sandbox's clock. Demo data is dated relative to an anchor (default: the start of today, UTC), but
 * writes are stamped with real time, as a real vendor stamps them: duplicate windows and reconcile lookups
 * ("created since I sent it") only work against real timestamps. Writes take a tick: a whole second strictly
 * after the previous tick (and never before the anchor), so `updated_at` changes on every write even when
 * two writes land in the same real second, and a record written later always sorts later.
 */
export class SandboxClock {
  private readonly anchorMs: number;
  private lastTickMs: number;

  constructor(anchorIso: string) {
    const parsed = Date.parse(anchorIso);
    if (Number.isNaN(parsed)) throw new RangeError(`Invalid anchor date "${anchorIso}"`);
    this.anchorMs = Math.floor(parsed / 1000) * 1000;
    this.lastTickMs = this.anchorMs - 1000;
  }

  /** The anchor the demo data is dated from. */
  get anchor(): Date {
    return new Date(this.anchorMs);
  }

  /** Sandbox time now (not advanced): real time, but never before the anchor or the last tick. */
  now(): Date {
    return new Date(Math.max(Date.now(), this.lastTickMs));
  }

  /** A timestamp for a write: whole seconds, strictly increasing. */
  tick(): string {
    const candidate = Math.floor(this.now().getTime() / 1000) * 1000;
    this.lastTickMs = Math.max(candidate, this.lastTickMs + 1000);
    return isoSeconds(new Date(this.lastTickMs));
  }
}

/** ISO 8601 in UTC without milliseconds, the shape the vendor docs show: 2026-02-24T14:30:00Z. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** YYYY-MM-DD in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
