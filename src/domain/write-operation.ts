import type { HttpClient } from "../http/client.js";
import type { RequestOptions, VendorRequest, VendorResponse } from "../http/types.js";
import type { CallContext, WriteOperation, WriteResult } from "./backend.js";

/**
 * Build a planned write: the request is fixed at planning time, so a dry run shows exactly what `run`
 * would send, and the audit log records exactly what was sent.
 */
export function plannedWrite<T>(
  http: HttpClient,
  request: VendorRequest,
  summary: string,
  parse: (res: VendorResponse) => T | WriteResult<T>,
  options: Pick<RequestOptions, "idempotent"> = {},
): WriteOperation<T> {
  return {
    request,
    summary,
    async run(ctx: CallContext = {}) {
      const res = await http.request(request, { signal: ctx.signal, ...options });
      const parsed = parse(res);
      if (isWriteResult<T>(parsed)) return { requestId: res.requestId, ...parsed };
      return { value: parsed, requestId: res.requestId };
    },
  };
}

function isWriteResult<T>(v: unknown): v is WriteResult<T> {
  return typeof v === "object" && v !== null && "value" in v && Object.keys(v).every((k) => ["value", "warnings", "requestId"].includes(k));
}
