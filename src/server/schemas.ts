/**
 * Tool schemas: the zod objects that validate calls and results, and the compact JSON Schema clients see.
 * Built once per profile (src/server/definitions.ts) and at bundle time (scripts/bundle-entry.mjs).
 */
import { toJsonSchemaCompat } from "@modelcontextprotocol/sdk/server/zod-json-schema-compat.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ToolEnv, ToolSpec } from "../tools/types.js";

/**
 * The JSON Schema clients see: zod's own output (as the SDK makes it), minus keys that state only what
 * JSON Schema already implies, so every conversation pays fewer tokens for the same constraints.
 */
export function jsonSchema(schema: z.ZodObject, io: "input" | "output"): Tool["inputSchema"] {
  const compact = compactSchema(toJsonSchemaCompat(schema, { strictUnions: true, pipeStrategy: io })) as Tool["inputSchema"];
  return io === "output" ? (looseOutput(compact, true) as Tool["inputSchema"]) : compact;
}

/**
 * A result schema as published: the declared fields and their types (ids `integer`, a job's `status`, `next_page`),
 * without `required` lists, and without `type` on nested records and lists whose `properties` or `items` say what
 * they are (about 350 tokens of the FSM Navigator tools/list). A model chains on a field's name and type, never on whether it is
 * required; a client validating a result against the looser schema accepts what the full one would. The zod schema
 * behind it is unchanged: the SDK still validates every result against it before it is sent.
 */
function looseOutput(node: unknown, root: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => looseOutput(n, false));
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "required") continue;
    // The root keeps `type: "object"` (MCP requires it of an outputSchema); a nested record's `properties` and a
    // list's `items` say what they are.
    if (k === "type" && !root && ((v === "object" && "properties" in node) || (v === "array" && "items" in node))) continue;
    out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as object).map(([name, p]) => [name, looseOutput(p, false)])) : looseOutput(v, false);
  }
  return out;
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
    for (const [k, v] of Object.entries(node)) {
      if (k === "anyOf" || (k === "default" && v === false && takesBoolean(out.type))) continue;
      out[k] = compactSchema(v);
    }
    return out;
  }
  const impliedDefault = (node as Record<string, unknown>)["x-implied-default"] === true;
  const unpublishedEnum = (node as Record<string, unknown>)["x-unpublished-enum"] === true;
  for (const [k, v] of Object.entries(node)) {
    if (k === "$schema") continue;
    // A result's enum said once in the server instructions (UNPUBLISHED_ENUM: write outcomes): checked, not published.
    if (k === "x-unpublished-enum" || (unpublishedEnum && k === "enum")) continue;
    // A default the model needs no telling (IMPLIED_DEFAULT in src/tools/schemas.ts): applied, not published.
    if (k === "x-implied-default" || (impliedDefault && k === "default")) continue;
    if ((k === "maximum" && v === Number.MAX_SAFE_INTEGER) || (k === "minimum" && v === Number.MIN_SAFE_INTEGER)) continue;
    if (k === "additionalProperties" && v && typeof v === "object" && Object.keys(v).length === 0) continue;
    if (k === "propertyNames" && JSON.stringify(v) === '{"type":"string"}') continue;
    // An omitted flag is false (dry_run, confirm, allow_duplicate): saying so in every tool costs ~5 tokens each.
    if (k === "default" && v === false && takesBoolean((node as { type?: unknown }).type)) continue;
    out[k] = compactSchema(v);
  }
  return out;
}

/** `type: "boolean"`, or a type list with it (`confirm`: true or a token). */
function takesBoolean(type: unknown): boolean {
  return type === "boolean" || (Array.isArray(type) && type.includes("boolean"));
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
