#!/usr/bin/env node
/**
 * The floor: a bare MCP SDK server over stdio with one trivial tool, `get_job`, that passes a job id to the
 * sandbox (global fetch) and returns the body as text. No validation of results, no retries, no rate limiter,
 * no error mapping, no output schema: what any MCP server pays at minimum for the same call.
 * Env: BENCH_API_BASE (e.g. http://127.0.0.1:4010/api/v1), BENCH_API_KEY.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const base = process.env.BENCH_API_BASE ?? "http://127.0.0.1:4010/api/v1";
const key = process.env.BENCH_API_KEY ?? "";

const server = new McpServer({ name: "bare", version: "0.0.0" });
server.registerTool(
  "get_job",
  { description: "Get one job by id.", inputSchema: { id: z.number().int().positive() } },
  async ({ id }) => {
    const response = await fetch(`${base}/jobs?id=${id}`, { headers: { "X-API-Key": key, accept: "application/json" } });
    const text = await response.text();
    return { content: [{ type: "text", text }], isError: !response.ok };
  },
);
await server.connect(new StdioServerTransport());
