import { z } from "zod";
import type { Backend, CallContext } from "../../domain/backend.js";
import type { Id, Note } from "../../domain/types.js";
import { createdAfter, normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { projectNote } from "../projections.js";
import { idOut, idParam, trimmed, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  job_id: Id;
  note: string;
  allow_duplicate: boolean;
  dry_run: boolean;
  idempotency_key?: string;
}

/** The same text on the same job within this span is "the same note" (a repeated call, not a new remark). */
const RECENT_MS = 24 * 3600 * 1000;

/** Every note with this text on the job since `since` (all of them: the reconcile lookup tells the ones known before sending apart). */
async function sameNotes(backend: Backend, jobId: Id, text: string, since: number, ctx: CallContext): Promise<Note[] | undefined> {
  const listNotes = backend.jobs?.listNotes;
  if (!listNotes) return undefined;
  const page = await listNotes(jobId, { perPage: 50, signal: ctx.signal });
  return page.items.filter((n) => normName(n.text) === normName(text) && createdAfter(n.createdAt, since));
}

async function findSameNote(backend: Backend, jobId: Id, text: string, since: number, ctx: CallContext): Promise<Note | undefined> {
  return (await sameNotes(backend, jobId, text, since, ctx))?.[0];
}

export default defineTool<Args>({
  name: "add_job_note",
  title: "Add job note",
  toolset: "jobs",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.jobs?.addNote ? undefined : "this vendor's API has no job notes"),
  description: (env) =>
    describe(env, "add_job_note", [
      "Add a note to a job's activity log: what was done, found or agreed on site.",
      'Duplicates: the same text on that job in the last 24 hours. get_job with response_format "detailed" shows the latest notes.',
    ]),
  input: (env) => ({
    job_id: idParam(env.profile, "from list_jobs"),
    note: trimmed(5000),
    allow_duplicate: z.boolean().default(false),
    ...writeParams({ create: true }),
  }),
  output: (env) => ({
    ...writeOutput("create"),
    note: z.looseObject({ id: idOut(env.profile), job_id: idOut(env.profile), text: z.string() }).optional(),
  }),
  async run(args, env, call) {
    const jobs = env.backend.jobs!;
    // Planning reads the job, so an unknown job_id is refused before anything is written.
    const op = await orNotFound(jobs.addNote!(args.job_id, args.note), "job", args.job_id, "list_jobs");
    const startedAt = Date.now();
    const report = await executeWrite(
      {
        tool: "add_job_note",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (n) => n.id,
        // A replay returns the note as first created (there is no single-note read).
        fetch: async (id, ctx) => (await sameNotes(env.backend, args.job_id, args.note, 0, ctx))?.find((n) => String(n.id) === String(id)) ?? { id, jobId: args.job_id, text: args.note },
        reconcile: (ctx) => sameNotes(env.backend, args.job_id, args.note, startedAt, ctx),
        lookup: { tool: "get_job", arguments: { job_id: args.job_id, response_format: "detailed" } },
        // The same text on the job lately is a repeated call (a dry run reports it too).
        preflight: args.allow_duplicate
          ? undefined
          : async (ctx) => {
              const existing = await findSameNote(env.backend, args.job_id, args.note, Date.now() - RECENT_MS, ctx);
              return existing && { value: existing, note: `Job ${args.job_id} already has this note (${existing.createdAt ?? "recently"}); nothing was added. Pass allow_duplicate: true to add it again.` };
            },
        // Planning has read the job (the backend marks it verified), so a dry run does not read it again.
        references: [referencesFor(env.backend).job(args.job_id)],
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "note", projectNote) };
  },
});
