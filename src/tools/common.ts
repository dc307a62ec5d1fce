import { z } from "zod";
import { NotFoundError } from "../domain/errors.js";
import type { Id } from "../domain/types.js";
import { isVendorError } from "../http/errors.js";
import type { WriteReport } from "../safety/pipeline.js";
import { dryRun } from "./schemas.js";
import type { ToolEnv } from "./types.js";

/**
 * A tool description: the lines given, then this vendor's note for the tool and the scopes it needs
 * (both generated from the vendor profile, never hand-written per vendor). The scopes are listed as OAuth writes a
 * scope list, space-delimited (RFC 6749 §3.3): a comma costs a token more on every tool that needs two.
 */
export function describe(env: ToolEnv, tool: string, lines: string[]): string {
  const note = env.profile.toolNotes?.[tool];
  const scopes = env.profile.scopes?.byTool[tool];
  return [...lines, ...(note ? [note] : []), ...(scopes?.length ? [`Scopes: ${scopes.join(" ")}.`] : [])].join("\n");
}

/** Turn a vendor 404 into an error that names the tool which finds valid ids. */
export async function orNotFound<T>(p: Promise<T>, entity: string, id: Id, finder: string): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (isVendorError(err) && err.status === 404) throw new NotFoundError(entity, id, finder);
    throw err;
  }
}

/** Safety parameters shared by write tools. */
export function writeParams(opts: { create?: boolean; irreversible?: boolean } = {}) {
  return {
    dry_run: dryRun,
    ...(opts.create
      ? // 8 to 128 characters, checked here rather than published (minLength/maxLength on every create).
        { idempotency_key: z.string().refine((v) => v.length >= 8 && v.length <= 128, "must be 8 to 128 characters, e.g. a UUID").optional() }
      : {}),
    // What `confirm` takes (true, or the preview's confirm token) is said once, in the server instructions.
    ...(opts.irreversible ? { confirm: z.union([z.boolean(), z.string()]).default(false) } : {}),
  };
}

/** The structured result of a write: outcome, the record (projected), the request for dry runs, notes. */
export function writeData<T>(report: WriteReport<T>, key: string, project: (v: T) => Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    outcome: report.outcome,
    ...(report.value !== undefined ? { [key]: project(report.value) } : {}),
    ...(report.request ? { request: report.request } : {}),
    ...(report.requestId ? { request_id: report.requestId } : {}),
    ...extra,
    ...(report.notes.length ? { notes: report.notes } : {}),
  };
}

/** "a", "a or b", "a, b or c" (the conjunction is configurable). */
export function listWords(items: readonly string[], conjunction = "or"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}
