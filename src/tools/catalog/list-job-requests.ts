import type { JobRequest } from "../../domain/types.js";
import { READ } from "../annotations.js";
import { describe } from "../common.js";
import { gatherPages, maxPagesParam } from "../pages.js";
import { prune } from "../projections.js";
import { DATETIME, idOut, listOutput, pagingParams, responseFormat, trimmed } from "../schemas.js";
import { cleanText } from "../text.js";
import { defineTool } from "../types.js";
import { z } from "zod";

interface Args {
  query?: string;
  status?: string;
  created_after?: string;
  page: number;
  per_page: number;
  max_pages: number;
  response_format: "concise" | "detailed";
}

export function projectJobRequest(r: JobRequest, format: "concise" | "detailed" = "concise"): Record<string, unknown> {
  return prune({
    id: r.id,
    number: r.number,
    status: r.status,
    site: r.site,
    description: cleanText(r.description, format === "detailed" ? 2000 : 200),
    raised_by: r.raisedBy,
    ...(format === "detailed" ? { raised_by_email: r.raisedByEmail } : {}),
    created_at: r.createdAt,
  });
}

export default defineTool<Args>({
  name: "list_job_requests",
  title: "List job requests",
  toolset: "requests",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.jobRequests ? undefined : "this vendor has no job requests"),
  description: (env) => describe(env, "list_job_requests", ["The helpdesk's intake queue, newest first: requests callers raised, before they become jobs."]),
  input: (env) => ({
    query: trimmed(200).optional().describe("words of the request"),
    status: trimmed(50).optional().describe("the account's request status, e.g. New"),
    created_after: DATETIME.optional(),
    ...pagingParams(env.profile),
    max_pages: maxPagesParam,
    response_format: responseFormat,
  }),
  output: (env) => listOutput(env.profile, z.looseObject({ id: idOut(env.profile), description: z.string() })),
  async run(args, env, call) {
    const query = { query: args.query, status: args.status, createdAfter: args.created_after, perPage: args.per_page, signal: call.signal };
    const data = await gatherPages((page) => env.backend.jobRequests!.list({ ...query, page }), { ...args }, call, (r) => projectJobRequest(r, args.response_format));
    return { data };
  },
});
