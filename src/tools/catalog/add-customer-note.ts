import { z } from "zod";
import type { Backend, CallContext } from "../../domain/backend.js";
import type { Id, Note } from "../../domain/types.js";
import { createdAfter, normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { prune } from "../projections.js";
import { cleanText } from "../text.js";
import { idOut, idParam, trimmed, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  customer_id: Id;
  note: string;
  allow_duplicate: boolean;
  dry_run: boolean;
  idempotency_key?: string;
}

/** The same text on the same customer within this span is "the same note" (a repeated call), as add_job_note. */
const RECENT_MS = 24 * 3600 * 1000;

async function findSameNote(backend: Backend, customerId: Id, text: string, since: number, ctx: CallContext): Promise<Note | undefined> {
  const page = await backend.customers!.listNotes!(customerId, { perPage: 50, signal: ctx.signal });
  return page.items.find((n) => normName(n.text) === normName(text) && createdAfter(n.createdAt, since));
}

const project = (n: Note) => prune({ id: n.id, customer_id: n.jobId, text: cleanText(n.text), created_at: n.createdAt });

export default defineTool<Args>({
  name: "add_customer_note",
  title: "Add customer note",
  toolset: "customers",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.customers?.addNote && b.customers.listNotes ? undefined : "this vendor's API has no customer notes"),
  description: (env) =>
    describe(env, "add_customer_note", [
      `Add a note to a ${env.profile.customerNoun} itself, not to one of its jobs (add_job_note): a call, a preference, a promise made.`,
      "Duplicates: the same text in the last 24 hours.",
    ]),
  input: (env) => ({
    customer_id: idParam(env.profile, "from search_customers"),
    note: trimmed(5000),
    allow_duplicate: z.boolean().default(false),
    ...writeParams({ create: true }),
  }),
  output: (env) => ({ ...writeOutput("create"), note: z.looseObject({ id: idOut(env.profile), text: z.string() }).optional() }),
  async run(args, env, call) {
    const customers = env.backend.customers!;
    // Read first: an unknown customer_id is refused before anything is written.
    const customer = await orNotFound(customers.get(args.customer_id, { signal: call.signal }), env.profile.customerNoun, args.customer_id, "search_customers");
    const op = await customers.addNote!(customer.id, args.note);
    const startedAt = Date.now();
    const report = await executeWrite(
      {
        tool: "add_customer_note",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (n) => n.id,
        fetch: async (id, ctx) => (await findSameNote(env.backend, customer.id, args.note, 0, ctx)) ?? { id, jobId: customer.id, text: args.note },
        reconcile: (ctx) => findSameNote(env.backend, customer.id, args.note, startedAt, ctx),
        lookup: { tool: "get_customer", arguments: { customer_id: customer.id } },
        preflight: args.allow_duplicate
          ? undefined
          : async (ctx) => {
              const existing = await findSameNote(env.backend, customer.id, args.note, Date.now() - RECENT_MS, ctx);
              return existing && { value: existing, note: `${env.profile.customerNoun} ${customer.id} already has this note (${existing.createdAt ?? "recently"}); nothing was added. Pass allow_duplicate: true to add it again.` };
            },
        references: [referencesFor(env.backend).known("customer", customer.id)],
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "note", project) };
  },
});
