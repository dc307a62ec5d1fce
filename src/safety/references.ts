/**
 * The records a write names by id (the location a job goes to, its technician, its assets…), checked with
 * reads on a dry run so that "valid" means what the real call would find. Tools declare them
 * (src/tools/references.ts builds them from the backend's read methods); the pipeline checks them here.
 *
 * Real writes do not pre-check: the vendor refuses an unknown id anyway (404/422, formatted with its field),
 * a pre-check would cost one GET per id on every write, and it would still race with the vendor. A dry run is
 * the one place where the caller asks "would this work?" without the vendor answering, so it reads.
 */
import type { CallContext, RecordRef } from "../domain/backend.js";
import { NotFoundError } from "../domain/errors.js";
import type { Id } from "../domain/types.js";
import { isVendorError } from "../http/errors.js";

export interface Reference extends RecordRef {
  /** What to call it in notes and errors ("site", "contact"); default the kind. */
  noun?: string;
  /** The tool that finds valid ids, named when it does not exist. */
  finder: string;
  /**
   * Read it (GETs only): true when it exists, false (or a not_found / 404) when it does not, a string saying
   * why when the API cannot tell. Absent: the tool has already read it.
   */
  exists?(ctx: CallContext): Promise<boolean | string>;
  /** Set when the vendor drops an unknown id silently instead of refusing: what the real call then does. */
  skipped?: string;
}

export interface ReferenceCheck {
  /** Known to exist (read now, or already by the tool or the planning). */
  exist: Reference[];
  /** Could not be checked, with why. */
  unchecked: Array<{ ref: Reference; why: string }>;
  /** Do not exist, but the vendor would skip them rather than refuse. */
  skipped: Reference[];
}

const nounOf = (r: Reference) => r.noun ?? r.kind;
const keyOf = (r: RecordRef) => `${r.kind}:${String(r.id).toLowerCase()}`;

/**
 * Check every reference concurrently (each read honours ctx.signal). A missing one that the vendor would refuse
 * throws the not_found the tool gives for that id, naming the finder; anything else is reported.
 */
export async function checkReferences(refs: readonly Reference[], verified: readonly RecordRef[], ctx: CallContext): Promise<ReferenceCheck> {
  const known = new Set(verified.map(keyOf));
  const firsts = new Map<string, Reference>();
  for (const r of refs) if (!firsts.has(keyOf(r))) firsts.set(keyOf(r), r);
  const unique = [...firsts.values()];
  const states = await Promise.all(unique.map((r) => (r.exists && !known.has(keyOf(r)) ? stateOf(r, ctx) : Promise.resolve<boolean | string>(true))));
  ctx.signal?.throwIfAborted();
  const result: ReferenceCheck = { exist: [], unchecked: [], skipped: [] };
  const missing: Reference[] = [];
  unique.forEach((r, i) => {
    const state = states[i]!;
    if (state === true) result.exist.push(r);
    else if (typeof state === "string") result.unchecked.push({ ref: r, why: state });
    else if (r.skipped) result.skipped.push(r);
    else missing.push(r);
  });
  if (missing.length) {
    const first = missing[0]!;
    const err = new NotFoundError(nounOf(first), first.id, first.finder);
    err.message += " Nothing was sent.";
    if (missing.length > 1) err.facts.missing = missing.map((r) => `${nounOf(r)} ${r.id}`);
    throw err;
  }
  return result;
}

async function stateOf(r: Reference, ctx: CallContext): Promise<boolean | string> {
  try {
    return await r.exists!(ctx);
  } catch (err) {
    if (err instanceof NotFoundError || (isVendorError(err) && err.status === 404)) return false;
    // A credential that may not read this kind of record cannot check it; the write itself may still be allowed.
    if (isVendorError(err) && err.status === 403) return `the credential may not read ${nounOf(r)}s (403)`;
    throw err;
  }
}

/** "location 87, technician 45 and assets 2, 3 exist" (undefined when there is nothing to name). */
export function existPhrase(refs: readonly Reference[]): string | undefined {
  if (!refs.length) return undefined;
  const groups = new Map<string, Id[]>();
  for (const r of refs) groups.set(nounOf(r), [...(groups.get(nounOf(r)) ?? []), r.id]);
  const parts = [...groups].map(([noun, ids]) => `${ids.length > 1 ? plural(noun) : noun} ${ids.join(", ")}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0]!;
  return `${list} ${refs.length > 1 ? "exist" : "exists"}`;
}

/** The notes of a dry run about what could not be checked or would be skipped. */
export function referenceNotes(check: ReferenceCheck): string[] {
  return [
    ...check.unchecked.map(({ ref, why }) => `${nounOf(ref)} ${ref.id} could not be checked (${why}); the vendor checks it when the call is sent.`),
    ...check.skipped.map((r) => `${nounOf(r)} ${r.id} does not exist: ${r.skipped}.`),
  ];
}

function plural(noun: string): string {
  return noun.endsWith("s") ? noun : `${noun}s`;
}
