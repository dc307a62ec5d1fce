/**
 * For a caller without write permission, a `tools/call` of a write tool is answered over HTTP with 403
 * `insufficient_scope` naming the write scope (the MCP spec's runtime scope challenge: the client can ask
 * the user for more and retry), before the session sees it. The body is read here and handed to the
 * transport already parsed. The session itself never registers write tools for such a caller, so a call
 * that got past this would still find no tool.
 */
import type { IncomingMessage } from "node:http";
import { toolByName } from "../tools/registry.js";

export type Guarded = { body: unknown } | { writeTool: string } | { status: 400 | 413; message: string; code: number };

export async function inspectBody(req: IncomingMessage, maxBytes: number): Promise<Guarded> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return { status: 413, code: -32000, message: `Payload Too Large: request bodies are limited to ${maxBytes} bytes` };
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return { status: 400, code: -32700, message: "Parse error: the body is not JSON" };
  }
  for (const message of Array.isArray(body) ? body : [body]) {
    const m = message as { method?: unknown; params?: { name?: unknown } } | null;
    if (m?.method !== "tools/call" || typeof m.params?.name !== "string") continue;
    if (toolByName(m.params.name)?.kind === "write") return { writeTool: m.params.name };
  }
  return { body };
}
