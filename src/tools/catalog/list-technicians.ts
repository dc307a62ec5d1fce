import { READ } from "../annotations.js";
import { describe } from "../common.js";
import { listResult, projectTechnician } from "../projections.js";
import { enumOf, idOut, listOutput, pagingParams } from "../schemas.js";
import { z } from "zod";
import { defineTool } from "../types.js";

interface Args {
  status?: string;
  availability?: string;
  page: number;
  per_page: number;
}

export default defineTool<Args>({
  name: "list_technicians",
  title: "List technicians",
  toolset: "technicians",
  kind: "read",
  annotations: READ,
  unavailable: (b) => (b.technicians ? undefined : "this vendor's API lists no technicians"),
  description: (env) =>
    describe(env, "list_technicians", [
      "List technicians.",
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      ...(p.technicianStatuses ? { status: enumOf(p.technicianStatuses).optional() } : {}),
      ...(p.availabilityStatuses ? { availability: enumOf(p.availabilityStatuses).optional() } : {}),
      ...pagingParams(p),
    };
  },
  output: (env) => listOutput(env.profile, z.looseObject({ id: idOut(env.profile), name: z.string() })),
  async run(args, env, call) {
    const page = await env.backend.technicians!.list({ status: args.status, availability: args.availability, page: args.page, perPage: args.per_page, signal: call.signal });
    return { data: listResult(page, projectTechnician, { ...args }) };
  },
});
