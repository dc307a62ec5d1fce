/**
 * The one place errors become tool results (DESIGN §5): invalid arguments, vendor refusals and faults,
 * each with what happened, why, and the next step. No stack traces, no secrets, no raw vendor payloads.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ToolError } from "../domain/errors.js";
import { isVendorError, type VendorError } from "../http/errors.js";
import { cleanText, oneLine } from "./text.js";

export interface ErrorContext {
  tool: string;
  /** Scopes the tool needs, to name the missing one on a 403. */
  scopes?: readonly string[];
  /** Finder tool for ids this tool takes, for 404s. */
  finder?: string;
  vendor: string;
  /** Scrubs secrets from anything that reaches the text. */
  redact(text: string): string;
}

export function formatError(err: unknown, ctx: ErrorContext): CallToolResult {
  // Each element is one line of ours; vendor text inside it (messages, codes, field names) is kept on that
  // line, so it cannot forge a line that reads as our own ("Next: …").
  const lines = ctx.redact(errorLines(err, ctx).map(oneLine).join("\n"));
  return { isError: true, content: [{ type: "text", text: lines }] };
}

function errorLines(err: unknown, ctx: ErrorContext): string[] {
  if (err instanceof ToolError) {
    return [`Error (${err.kind}): ${err.message}`, ...factLines(err.facts), ...err.hints.map((h) => `Next: ${h}`)];
  }
  if (isVendorError(err)) return vendorLines(err, ctx);
  // Anything else is a bug of ours: say so plainly, keep details on stderr.
  return [`Error (internal): ${ctx.tool} failed unexpectedly: ${err instanceof Error ? cleanText(err.message, 200) : "unknown error"}. Nothing further is known; the server logged the details.`];
}

function factLines(facts: Record<string, unknown>): string[] {
  return Object.entries(facts)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? (v.length ? v.join(", ") : "none") : typeof v === "object" ? JSON.stringify(v) : String(v)}`);
}

function vendorLines(err: VendorError, ctx: ErrorContext): string[] {
  const said = err.message;
  const rid = err.requestId ? [`request_id: ${err.requestId}`] : [];
  switch (err.kind) {
    case "read_only":
      return [`Error (read_only): ${said}`, "Next: this server runs read-only (FSM_READ_ONLY=1); writes are disabled."];
    case "aborted":
      return ["Error (cancelled): the request was cancelled before the vendor answered."];
    case "timeout":
    case "network":
    case "parse":
      return [
        `Error (vendor_fault): ${said}`,
        ...rid,
        err.writeMayHaveHappened ? "write_may_have_happened: true" : "write_may_have_happened: false",
        err.writeMayHaveHappened ? "Next: look the record up before trying again; it may exist." : "Next: try again in a moment.",
      ];
  }
  const status = err.status ?? 0;
  const fields = err.fieldErrors ? Object.entries(err.fieldErrors).map(([f, m]) => `field ${f}: ${m.map((x) => cleanText(x, 200)).join("; ")}`) : [];
  if (status === 401) return [`Error (unauthorized): ${ctx.vendor} rejected the credentials (401): ${said}`, ...rid, "Next: check FSM_API_KEY (or FSM_USERNAME/FSM_PASSWORD for a TrackplanFM login); run `fsm-mcp doctor` to test the configuration."];
  if (status === 403) {
    const scope = typeof err.details?.required_scope === "string" ? err.details.required_scope : undefined;
    const needed = scope ?? (ctx.scopes?.length ? ctx.scopes.join(", ") : undefined);
    return [
      `Error (forbidden): ${said}`,
      ...rid,
      needed ? `missing_scope: ${needed}` : "",
      needed ? `Next: the API key needs the ${needed} scope; ask the account owner to add it (Settings → API Keys), or set FSM_SCOPES to hide this tool.` : `Next: the credential lacks permission for this at ${ctx.vendor}; ask the account owner to check its role or access profile.`,
    ].filter(Boolean);
  }
  if (status === 404) return [`Error (not_found): ${said}`, ...rid, ctx.finder ? `Next: find a valid id with ${ctx.finder}.` : ""].filter(Boolean);
  if (status === 429) {
    const wait = err.retryAfterMs ? Math.ceil(err.retryAfterMs / 1000) : undefined;
    return [`Error (rate_limited): ${said}`, ...rid, `Next: wait${wait ? ` ${wait} s` : " a moment"} before calling again.`];
  }
  if (status >= 500) {
    return [
      `Error (vendor_fault): ${said}`,
      ...rid,
      `write_may_have_happened: ${err.writeMayHaveHappened}`,
      err.writeMayHaveHappened ? "Next: look the record up before trying again; it may exist." : "Next: the vendor is failing; try again later.",
    ];
  }
  const allowed = err.details?.allowed_transitions;
  return [
    `Error (${err.code ?? `http_${status}`}): ${said}`,
    ...fields,
    ...(Array.isArray(allowed) ? [`allowed_next_statuses: ${allowed.join(", ")}`] : []),
    ...rid,
    "Next: fix the arguments named above; retrying the same request will fail the same way.",
  ];
}
