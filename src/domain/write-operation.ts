import type { HttpClient } from "../http/client.js";
import type { RequestOptions, VendorRequest, VendorResponse } from "../http/types.js";
import type { CallContext, RecordRef, WriteOperation } from "./backend.js";

export interface PlannedWriteOptions extends Pick<RequestOptions, "idempotent"> {
  /** Remarks to pass on with a successful result (vendor behaviour the caller should know about). */
  warnings?: string[];
}

/**
 * Build a planned write: the request is fixed at planning time, so a dry run shows exactly what `run`
 * would send, and the audit log records exactly what was sent.
 */
export function plannedWrite<T>(
  http: HttpClient,
  request: VendorRequest,
  summary: string,
  parse: (res: VendorResponse) => T,
  options: PlannedWriteOptions = {},
): WriteOperation<T> {
  const { warnings, ...requestOptions } = options;
  return {
    request,
    summary,
    async run(ctx: CallContext = {}) {
      const res = await http.request(request, { signal: ctx.signal, ...requestOptions });
      return { value: parse(res), requestId: res.requestId, ...(warnings?.length ? { warnings } : {}) };
    },
  };
}

/** The same write, marked with records its planning has read (so a dry run does not read them again). */
export function withVerified<T>(op: WriteOperation<T>, ...refs: RecordRef[]): WriteOperation<T> {
  return { ...op, verified: [...(op.verified ?? []), ...refs] };
}

/**
 * The same write, answering with the record read back after it landed (an update's answer is partial, and only a
 * read shows what the vendor kept). When the read fails the write has still landed: the answer is then the record
 * as read before with the vendor's answer laid over it, and a warning says it was not read back.
 */
export function withReadBack<T extends object>(op: WriteOperation<T>, before: T, read: (ctx: CallContext) => Promise<T>): WriteOperation<T> {
  return {
    ...op,
    async run(ctx: CallContext = {}) {
      const sent = await op.run(ctx);
      try {
        return { ...sent, value: await read(ctx) };
      } catch {
        const answered = Object.fromEntries(Object.entries(sent.value).filter(([, v]) => v !== null && v !== undefined && v !== ""));
        return { ...sent, value: { ...before, ...answered }, warnings: [...(sent.warnings ?? []), "The change was accepted but the record could not be read back; the result shows what was sent."] };
      }
    },
  };
}
