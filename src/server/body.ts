/**
 * Read a request's JSON body before the request takes anything shared (a session slot): a client that sends
 * slowly holds only its own socket, and Node's requestTimeout ends it (408). The transport is handed the
 * parsed body and does not read again.
 */
import type { IncomingMessage } from "node:http";

export type BodyRead = { body: unknown } | { status: 400 | 408 | 413; code: number; message: string };

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) return { status: 413, code: -32000, message: `Payload Too Large: request bodies are limited to ${maxBytes} bytes` };
      chunks.push(chunk);
    }
  } catch {
    // The client went away, or Node's requestTimeout ended the request (it has answered 408 itself).
    return { status: 408, code: -32000, message: "Request Timeout: the request body did not arrive in time" };
  }
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { status: 400, code: -32700, message: "Parse error: the body is not JSON" };
  }
}
