/**
 * Server assembly: one McpServer per connection (a Streamable HTTP session or request, or stdio) over
 * definitions shared by the whole process (src/server/definitions.ts): the tools this connection may list,
 * answered and dispatched from shared schemas and one shared handler, the status machine and capability
 * resources, and the dispatcher prompts. What a connection owns is small: its McpServer, its permission set
 * and a subscription to tools/list_changed.
 */
import { runAsCaller } from "../state/caller.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { getParseErrorMessage } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolRequest,
  type CallToolResult,
  type ListToolsResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import type { Config } from "../config.js";
import type { Backend } from "../domain/backend.js";
import { ToolError } from "../domain/errors.js";
import { isVendorError } from "../http/errors.js";
import type { Logger } from "../log.js";
import { auditOutside, errorSummary, type SafetyServices } from "../safety/pipeline.js";
import { formatError } from "../tools/format-error.js";
import { renderText } from "../tools/render.js";
import { screenArguments, withoutSecrets } from "../tools/screen.js";
import type { ConfirmAnswer, ToolCall, ToolSpec } from "../tools/types.js";
import type { AuditUser } from "../safety/audit.js";
import { VERSION } from "../version.js";
import type { Catalog } from "./catalog.js";
import { sharedDefinitions, type ToolDefinitions } from "./definitions.js";
import type { LookupService } from "../lookup/lookup.js";
import { FULL_ACCESS, type Permissions } from "./permissions.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";

export { jsonSchema, toolSchemas } from "./schemas.js";

export interface BuildOptions {
  config: Config;
  backend: Backend;
  safety: SafetyServices;
  logger: Logger;
  /** What this connection's caller may do (default FULL_ACCESS: stdio, static bearer token). */
  permissions?: Permissions;
  /** The runtime's lookup index (shared by every connection of the same credential). */
  lookup?: LookupService;
  /**
   * How an irreversible change is confirmed when the client cannot be asked (no elicitation; always so for
   * a stateless request, which has no session to ask over). Default: "unsupported" (the preview + confirm: true).
   */
  confirmWithoutElicitation?: (request: ConfirmRequest) => Promise<ConfirmAnswer>;
}

/** What the pipeline asks to confirm, with the call it belongs to (for a confirmation token). */
export interface ConfirmRequest {
  message: string;
  tool: string;
  args: Record<string, unknown>;
  user?: AuditUser;
}

export interface BuiltServer {
  server: McpServer;
  /** This connection's catalogue (what fsm://capabilities shows); follows permission and profile changes. */
  catalog: Catalog;
  /**
   * The caller's permissions changed within the session (a new token with other scopes): list the tools they
   * allow now; the client gets tools/list_changed when the list changed.
   */
  setPermissions(permissions: Permissions): void;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Per connection: what the shared handler needs to know about it. */
interface Connection {
  server: McpServer;
  defs: ToolDefinitions;
  logger: Logger;
  confirmWithoutElicitation?: BuildOptions["confirmWithoutElicitation"];
}

export function buildServer(opts: BuildOptions): BuiltServer {
  const { config, backend, safety, logger } = opts;
  const shared = sharedDefinitions({ config, backend, safety, logger, ...(opts.lookup ? { lookup: opts.lookup } : {}) });
  let permissions = opts.permissions ?? FULL_ACCESS;
  const first = shared.for(permissions);
  // This connection's view of the catalogue: the shared arrays, swapped when permissions or the profile change.
  const catalog: Catalog = { ...first.catalog };
  const server = new McpServer(
    { name: "fsm-mcp", title: "FSM MCP", version: VERSION },
    {
      // listChanged: a vendor whose profile follows the account (Backend.watchProfile) changes the list while
      // connected; debounced into one notification per change.
      capabilities: { logging: {}, tools: { listChanged: true } },
      debouncedNotificationMethods: ["notifications/tools/list_changed"],
      instructions: first.instructions,
      jsonSchemaValidator: lazyValidator(),
    },
  );
  const connection: Connection = { server, defs: first, logger, confirmWithoutElicitation: opts.confirmWithoutElicitation };
  const current = () => {
    const defs = shared.for(permissions);
    if (defs !== connection.defs) {
      connection.defs = defs;
      Object.assign(catalog, defs.catalog);
    }
    return defs;
  };
  // tools/list and tools/call from the shared definitions: nothing is registered per connection. tools/list
  // carries no `$schema` key (the SDK adds one to every schema; it costs tokens in every conversation).
  server.server.setRequestHandler(ListToolsRequestSchema, (): ListToolsResult => current().result);
  server.server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    current();
    return callTool(connection, request, extra);
  });
  registerResources(server, { config, backend, catalog, safety });
  registerPrompts(server, backend.profile, catalog, backend);

  const unsubscribe = shared.subscribe((changed) => {
    if (!changed.has(shared.keyOf(permissions)) || !server.isConnected()) return;
    current();
    void server.server.sendToolListChanged().catch(() => undefined);
  });
  const onclose = server.server.onclose;
  server.server.onclose = () => {
    unsubscribe();
    onclose?.();
  };
  const setPermissions = (next: Permissions) => {
    const before = connection.defs;
    permissions = next;
    const after = current();
    if (after === before || JSON.stringify(after.result) === JSON.stringify(before.result)) return;
    logger.info("tools", `permissions changed: ${after.catalog.listed.length} tools listed`);
    if (server.isConnected()) void server.server.sendToolListChanged().catch(() => undefined);
  };
  return { server, catalog, setPermissions };
}

/**
 * The SDK's default (Ajv) validator, created on first use: the server needs it only to check elicitation
 * answers (confirmations), and creating it up front cost every cold start ~5 ms.
 */
function lazyValidator(): jsonSchemaValidator {
  let inner: AjvJsonSchemaValidator | undefined;
  return { getValidator: (schema) => (inner ??= new AjvJsonSchemaValidator()).getValidator(schema) };
}

/**
 * tools/call, as McpServer answers it (same checks, same messages: tests and clients see no difference), from
 * the shared definitions: unknown tool, arguments against the input schema, the handler, then the result's
 * structuredContent against the output schema. Every failure is a tool error result (isError), not a
 * protocol error, except URL elicitation (which the client must see as such).
 */
async function callTool(connection: Connection, request: CallToolRequest, extra: Extra): Promise<CallToolResult> {
  const { defs } = connection;
  const name = request.params.name;
  try {
    const tool = defs.tools.get(name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Tool ${name} not found`);
    const parsed = await tool.inputSchema.safeParseAsync(request.params.arguments ?? {});
    if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, `Input validation error: Invalid arguments for tool ${name}: ${getParseErrorMessage(parsed.error)}`);
    const result = await runTool(connection, tool.spec, parsed.data as Record<string, unknown>, extra);
    if (!result.isError) {
      if (!result.structuredContent) throw new McpError(ErrorCode.InvalidParams, `Output validation error: Tool ${name} has an output schema but no structured content was provided`);
      const checked = await tool.outputSchema.safeParseAsync(result.structuredContent);
      if (!checked.success) throw new McpError(ErrorCode.InvalidParams, `Output validation error: Invalid structured content for tool ${name}: ${getParseErrorMessage(checked.error)}`);
    }
    return result;
  } catch (error) {
    if (error instanceof McpError && error.code === ErrorCode.UrlElicitationRequired) throw error;
    return { content: [{ type: "text", text: error instanceof Error ? error.message : String(error) }], isError: true };
  }
}

async function runTool(connection: Connection, tool: ToolSpec, args: Record<string, unknown>, extra: Extra): Promise<CallToolResult> {
  const { defs, logger } = connection;
  const env = defs.env;
  const started = Date.now();
  const call = callServices(connection, tool.name, args, extra);
  // Signed-in callers (OAuth): every call line names who made it, on stderr and in this session's MCP log.
  const who = call.user ? { user: userLabel(call.user) } : undefined;
  // Every write tool call leaves an audit line, also when it is refused or answered before the
  // safe-write pipeline plans a request (the pipeline writes its own lines; this adds only the rest).
  const auditRest = (result: { outcome: string; result_id?: unknown; error?: string }) =>
    tool.kind === "write" ? auditOutside(env.safety, call, tool.name, args, result).catch((e: unknown) => logger.error("audit", `cannot append: ${String(e)}`)) : undefined;
  try {
    screenArguments(args, logger.redactor);
    // The user's fair share of the vendor budget in team mode follows the call through its vendor requests.
    const { data: raw } = await runAsCaller(call.user?.sub, () => tool.run(args, env, call));
    // A vendor record can hold a credential someone typed into it elsewhere: it never reaches the client.
    const data = withoutSecrets(raw, logger.redactor);
    logger.log(who ? "info" : "debug", "tools", `${tool.name} ok in ${Date.now() - started} ms`, who);
    await auditRest({ outcome: String(data.outcome ?? "ok"), result_id: resultIdOf(data) });
    return { content: [{ type: "text", text: renderText(data) }], structuredContent: data };
  } catch (err) {
    await auditRest({ outcome: "refused", error: errorSummary(err) });
    const expected = err instanceof ToolError || isVendorError(err);
    if (!expected) logger.error("tools", `${tool.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, who);
    else logger.info("tools", `${tool.name} refused: ${(err as Error).message}`, who);
    return formatError(err, {
      tool: tool.name,
      vendor: env.profile.displayName,
      scopes: env.profile.scopes?.byTool[tool.name],
      finder: finderFor(tool.name),
      redact: (t) => logger.redactor.redact(t),
    });
  }
}

/** The id of the record a write result names (its one record-valued field), for the audit log. */
function resultIdOf(data: Record<string, unknown>): unknown {
  for (const v of Object.values(data)) if (v && typeof v === "object" && !Array.isArray(v) && "id" in v) return (v as { id: unknown }).id;
  return undefined;
}

/** The tool that yields valid ids for each tool's main id argument (for "not found" errors). */
function finderFor(tool: string): string | undefined {
  if (/customer|location/.test(tool)) return "search_customers";
  if (/job/.test(tool)) return "list_jobs";
  if (/asset|meter|transfer/.test(tool)) return "search_assets";
  return undefined;
}

/** "Alice Example <alice@example.com> (sub 1234)": what a person reading the log recognises, and the stable id. */
export function userLabel(user: AuditUser): string {
  const name = user.name ?? user.preferred_username;
  const email = user.email && user.email !== name ? user.email : undefined;
  const shown = [name, email && (name ? `<${email}>` : email)].filter(Boolean).join(" ");
  return shown ? `${shown} (sub ${user.sub})` : `sub ${user.sub}`;
}

function callServices(connection: Connection, tool: string, args: Record<string, unknown>, extra: Extra): ToolCall {
  const { server } = connection;
  const token = extra._meta?.progressToken;
  // Set by the HTTP layer from the verified access token (src/auth), per request: a session's token can change.
  const user = extra.authInfo?.extra?.user as AuditUser | undefined;
  return {
    signal: extra.signal,
    ...(user ? { user } : {}),
    async progress(done, total, message) {
      if (token === undefined) return;
      await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: done, total, message } });
    },
    async confirm(message): Promise<ConfirmAnswer> {
      if (!server.server.getClientCapabilities()?.elicitation) {
        return connection.confirmWithoutElicitation ? connection.confirmWithoutElicitation({ message, tool, args, ...(user ? { user } : {}) }) : "unsupported";
      }
      const answer = await server.server.elicitInput(
        {
          mode: "form",
          message,
          requestedSchema: {
            type: "object",
            properties: { confirm: { type: "boolean", title: "Yes, make this change", default: false } },
            required: ["confirm"],
          },
        },
        { relatedRequestId: extra.requestId, timeout: 600_000 },
      );
      if (answer.action === "accept") return answer.content?.confirm === true ? "accept" : "decline";
      return answer.action;
    },
  };
}
