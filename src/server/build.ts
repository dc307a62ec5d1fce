/**
 * Server assembly: one McpServer per connection, with the tools this connection may list, the status
 * machine and capability resources, and the dispatcher prompts.
 */
import { McpServer, type RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { toJsonSchemaCompat } from "@modelcontextprotocol/sdk/server/zod-json-schema-compat.js";
import { ListToolsRequestSchema, type CallToolResult, type ListToolsResult, type ServerNotification, type ServerRequest, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { z } from "zod";
import type { Config } from "../config.js";
import type { Backend } from "../domain/backend.js";
import { ToolError } from "../domain/errors.js";
import { isVendorError } from "../http/errors.js";
import type { Logger } from "../log.js";
import { auditOutside, errorSummary, type SafetyServices } from "../safety/pipeline.js";
import { formatError } from "../tools/format-error.js";
import { renderText } from "../tools/render.js";
import { screenArguments, withoutSecrets } from "../tools/screen.js";
import type { ConfirmAnswer, ToolAnnotations, ToolCall, ToolEnv, ToolSpec } from "../tools/types.js";
import type { AuditUser } from "../safety/audit.js";
import { VERSION } from "../version.js";
import { bundledSchemasFor, type ToolJsonSchemas } from "./bundled-schemas.js";
import { selectTools, type Catalog } from "./catalog.js";
import { FULL_ACCESS, type Permissions } from "./permissions.js";
import { instructionsFor } from "./instructions.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { ToolList, type DefinedTool } from "./tool-list.js";

export interface BuildOptions {
  config: Config;
  backend: Backend;
  safety: SafetyServices;
  logger: Logger;
  /** What this connection's caller may do (default FULL_ACCESS: stdio, static bearer token). */
  permissions?: Permissions;
}

export interface BuiltServer {
  server: McpServer;
  catalog: Catalog;
  /**
   * The caller's permissions changed within the session (a new token with other scopes): list and register
   * the tools they allow now; the client gets tools/list_changed when the list changed.
   */
  setPermissions(permissions: Permissions): void;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export function buildServer(opts: BuildOptions): BuiltServer {
  const { config, backend, safety, logger } = opts;
  let permissions = opts.permissions ?? FULL_ACCESS;
  const env: ToolEnv = { backend, profile: backend.profile, safety };
  const catalog = selectTools(config, backend, permissions);
  const server = new McpServer(
    { name: "fsm-mcp", title: "FSM MCP", version: VERSION },
    {
      // listChanged: a vendor whose profile follows the account (Backend.watchProfile) changes the list while
      // connected; the SDK's one notification per registration change is debounced into one per change.
      capabilities: { logging: {}, tools: { listChanged: true } },
      debouncedNotificationMethods: ["notifications/tools/list_changed"],
      instructions: instructionsFor(backend.profile, catalog),
      jsonSchemaValidator: lazyValidator(),
    },
  );

  let bundled = bundledSchemasFor(backend.profile);
  const tools = new ToolList((tool) => defineTool(server, tool, env, logger, bundled?.[tool.name]));
  tools.sync(catalog.listed);
  // tools/list is answered from definitions computed once per list (not per request), without the `$schema` key
  // the SDK adds to every schema: it says nothing a client needs and costs tokens in every conversation.
  server.server.setRequestHandler(ListToolsRequestSchema, (): ListToolsResult => tools.result);
  registerResources(server, { config, backend, catalog, safety });
  registerPrompts(server, backend.profile, catalog, backend);
  if (backend.watchProfile) {
    // The account changed what the tools offer (statuses, workflows): same catalogue rules, new schemas.
    const unwatch = backend.watchProfile((profile) => {
      env.profile = profile;
      bundled = bundledSchemasFor(profile);
      Object.assign(catalog, selectTools(config, backend, permissions));
      if (tools.sync(catalog.listed)) logger.info("tools", `tool schemas rebuilt from ${profile.displayName}'s changed settings: ${catalog.listed.length} tools listed`);
    });
    const onclose = server.server.onclose;
    server.server.onclose = () => {
      unwatch();
      onclose?.();
    };
  }
  const setPermissions = (next: Permissions) => {
    permissions = next;
    Object.assign(catalog, selectTools(config, backend, permissions));
    if (tools.sync(catalog.listed)) logger.info("tools", `permissions changed: ${catalog.listed.length} tools listed`);
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
 * The JSON Schema clients see: zod's own output (as the SDK makes it), minus keys that state only what
 * JSON Schema already implies, so every conversation pays fewer tokens for the same constraints.
 */
export function jsonSchema(schema: z.ZodObject, io: "input" | "output"): Tool["inputSchema"] {
  return compactSchema(toJsonSchemaCompat(schema, { strictUnions: true, pipeStrategy: io })) as Tool["inputSchema"];
}

/**
 * Drop `$schema`, safe-integer bounds (zod adds them to every int), `additionalProperties: {}`, string
 * `propertyNames` and `default: false` on booleans (what an omitted flag means anyway); spell a union of bare types (`anyOf: [{type: "object"}, {type: "null"}]`, what zod makes
 * of `.nullable()`) as a type list (`type: ["object", "null"]`), which means the same.
 */
function compactSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compactSchema);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  const union = (node as { anyOf?: unknown }).anyOf;
  const members = Array.isArray(union) ? union.map(compactSchema) : [];
  if (members.length > 1 && members.every(isBareType) && !("type" in node)) {
    out.type = members.map((member) => member.type);
    for (const [k, v] of Object.entries(node)) if (k !== "anyOf") out[k] = compactSchema(v);
    return out;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === "$schema") continue;
    if ((k === "maximum" && v === Number.MAX_SAFE_INTEGER) || (k === "minimum" && v === Number.MIN_SAFE_INTEGER)) continue;
    if (k === "additionalProperties" && v && typeof v === "object" && Object.keys(v).length === 0) continue;
    if (k === "propertyNames" && JSON.stringify(v) === '{"type":"string"}') continue;
    // An omitted flag is false (dry_run, confirm, allow_duplicate): saying so in every tool costs ~5 tokens each.
    if (k === "default" && v === false && (node as { type?: unknown }).type === "boolean") continue;
    out[k] = compactSchema(v);
  }
  return out;
}

/** `{type: "<one type>"}` and nothing else. */
function isBareType(member: unknown): member is { type: string } {
  return !!member && typeof member === "object" && Object.keys(member).length === 1 && typeof (member as { type?: unknown }).type === "string";
}

/** A tool's argument and result schemas (zod), as registered with the SDK and converted for tools/list. */
export function toolSchemas(tool: ToolSpec, env: ToolEnv): { inputSchema: z.ZodObject; outputSchema: z.ZodObject } {
  return {
    inputSchema: z.object(tool.input(env)),
    // Results declare what a client chains on (outcome, ids, names, statuses, totals) and stay open for the
    // rest (notes, request ids, detailed fields): full result shapes would cost tokens in every conversation.
    outputSchema: z.looseObject(tool.output(env)),
  };
}

/** A tool's definition from the current profile, and its registration with the SDK. */
function defineTool(server: McpServer, tool: ToolSpec, env: ToolEnv, logger: Logger, bundled?: ToolJsonSchemas): DefinedTool {
  const title = typeof tool.title === "function" ? tool.title(env) : tool.title;
  const hints = typeof tool.annotations === "function" ? tool.annotations(env) : tool.annotations;
  const annotations = { title, ...hints };
  const description = tool.description(env);
  const { inputSchema, outputSchema } = toolSchemas(tool, env);
  return {
    definition: {
      name: tool.name,
      title,
      description,
      inputSchema: bundled?.input ?? jsonSchema(inputSchema, "input"),
      outputSchema: bundled?.output ?? (jsonSchema(outputSchema, "output") as Tool["outputSchema"]),
      // The four hints; the title is the tool's own `title` (MCP 2025-06-18 and later), not repeated here.
      annotations: hints,
    },
    register: () => registerTool(server, tool, env, logger, { title, description, inputSchema, outputSchema, annotations }),
  };
}

function registerTool(
  server: McpServer,
  tool: ToolSpec,
  env: ToolEnv,
  logger: Logger,
  config: { title: string; description: string; inputSchema: z.ZodObject; outputSchema: z.ZodObject; annotations: ToolAnnotations & { title: string } },
): RegisteredTool {
  const { title, description, inputSchema, outputSchema, annotations } = config;
  return server.registerTool(
    tool.name,
    { title, description, inputSchema, outputSchema, annotations },
    async (args: Record<string, unknown>, extra: Extra): Promise<CallToolResult> => {
      const started = Date.now();
      const call = callServices(server, extra);
      // Signed-in callers (OAuth): every call line names who made it, on stderr and in this session's MCP log.
      const who = call.user ? { user: userLabel(call.user) } : undefined;
      // Every write tool call leaves an audit line, also when it is refused or answered before the
      // safe-write pipeline plans a request (the pipeline writes its own lines; this adds only the rest).
      const auditRest = (result: { outcome: string; result_id?: unknown; error?: string }) =>
        tool.kind === "write" ? auditOutside(env.safety, call, tool.name, args, result).catch((e: unknown) => logger.error("audit", `cannot append: ${String(e)}`)) : undefined;
      try {
        screenArguments(args, logger.redactor);
        const { data: raw } = await tool.run(args, env, call);
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
    },
  );
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

function callServices(server: McpServer, extra: Extra): ToolCall {
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
      if (!server.server.getClientCapabilities()?.elicitation) return "unsupported";
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
