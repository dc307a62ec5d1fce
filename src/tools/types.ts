import type { z } from "zod";
import type { Backend, VendorProfile } from "../domain/backend.js";
import { NotFoundError } from "../domain/errors.js";
import type { AuditUser } from "../safety/audit.js";
import type { SafetyServices } from "../safety/pipeline.js";
import type { LookupService } from "../lookup/lookup.js";

/** `requests` (a helpdesk's intake), `costs` (job money) and `stock` (stores) stand apart, so a host can leave them out. */
export type Toolset = "customers" | "jobs" | "requests" | "costs" | "assets" | "stock" | "technicians";
export const TOOLSETS: readonly Toolset[] = ["customers", "jobs", "requests", "costs", "assets", "stock", "technicians"];

/** All four hints are required: a missing hint makes hosts guess (and ask for approval on safe reads). */
/**
 * The MCP hints. A read-only tool states readOnlyHint and openWorldHint only: destructiveHint and idempotentHint
 * are "meaningful only when readOnlyHint == false" (MCP schema); every other tool states all four.
 */
export type ToolAnnotations =
  | { readOnlyHint: true; openWorldHint: boolean; destructiveHint?: never; idempotentHint?: never }
  | { readOnlyHint: false; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };

/** Build-time environment: what the schemas and descriptions are generated from. */
export interface ToolEnv {
  backend: Backend;
  profile: VendorProfile;
  safety: SafetyServices;
  /** Natural-language lookups over a local index (src/lookup/); absent, the lookup tools ask the vendor's search. */
  lookup?: LookupService;
}

/**
 * "unsupported": the client cannot be asked (the pipeline previews unless the call says confirm: true).
 * `{ preview }`: the connection cannot ask either and insists on a preview first, with these notes on how to
 * confirm (stateless HTTP: a confirm token bound to the call).
 */
export type ConfirmAnswer = "accept" | "decline" | "cancel" | "unsupported" | { preview: string[] };

/** Per-call services the server gives a handler. */
export interface ToolCall {
  signal?: AbortSignal;
  /** Report progress; a no-op unless the caller sent a progress token. */
  progress(done: number, total?: number, message?: string): Promise<void>;
  /** Ask the user to confirm through MCP elicitation; "unsupported" when the client cannot. */
  confirm(message: string): Promise<ConfirmAnswer>;
  /** The signed-in user (OAuth), written in every audit line of this call. */
  user?: AuditUser;
}

/** What a handler returns: one object, from which both structuredContent and the text are made. */
export interface ToolOutput {
  data: Record<string, unknown>;
}

export interface ToolSpec<Args = any> {
  name: string;
  /** A string, or built from the profile where the neutral title would mislead for a vendor. */
  title: string | ((env: ToolEnv) => string);
  toolset: Toolset;
  /** Writes are hidden in read-only mode and go through the safe-write pipeline. */
  kind: "read" | "write";
  annotations: ToolAnnotations | ((env: ToolEnv) => ToolAnnotations);
  /** Why this backend cannot serve the tool, or undefined when it can. */
  unavailable(backend: Backend): string | undefined;
  description(env: ToolEnv): string;
  input(env: ToolEnv): z.ZodRawShape;
  output(env: ToolEnv): z.ZodRawShape;
  run(args: Args, env: ToolEnv, call: ToolCall): Promise<ToolOutput>;
}

export function defineTool<Args>(spec: ToolSpec<Args>): ToolSpec<Args> {
  if (spec.kind !== "write") return spec;
  const run = spec.run;
  return {
    ...spec,
    async run(args, env, call) {
      try {
        return await run(args, env, call);
      } catch (err) {
        // A not_found in a write tool comes from one of our reads (the record it changes, or one it names), made
        // before anything is sent; the vendor's own 404 to a write is a VendorError. Say so, dry run or not.
        if (err instanceof NotFoundError && !err.message.endsWith(NOTHING_SENT)) err.message += ` ${NOTHING_SENT}`;
        throw err;
      }
    },
  };
}

const NOTHING_SENT = "Nothing was sent.";
