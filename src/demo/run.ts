/**
 * `fsm-mcp demo`: connects the SDK's Client to this server over real stdio (a child process on the
 * sandbox), plays the dispatcher chains of the vendor's script and prints each call and result.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { VendorName } from "../domain/backend.js";
import { VERSION } from "../version.js";
import { demoScripts, type DemoStep } from "./scripts.js";

const out = (s = "") => process.stdout.write(`${s}\n`);

export async function runDemo(vendor: VendorName): Promise<number> {
  const script = demoScripts[vendor];
  if (!script) {
    process.stderr.write(`No demo for ${vendor} yet.\n`);
    return 2;
  }
  const stateDir = mkdtempSync(join(tmpdir(), "fsm-mcp-demo-"));
  const transport = new StdioClientTransport({
    command: process.execPath,
    // The entry this process was started from (dist/cli.js or the bundled bin): the demo drives the same build.
    args: [process.argv[1] ?? fileURLToPath(new URL("../cli.js", import.meta.url))],
    env: { ...getDefaultEnvironment(), FSM_SANDBOX: vendor, FSM_STATE_DIR: stateDir, FSM_LOG_LEVEL: "warning" },
    stderr: "inherit",
  });
  const client = new Client({ name: "fsm-mcp-demo", version: VERSION });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    out(`fsm-mcp demo: ${client.getServerVersion()?.name} ${client.getServerVersion()?.version} on the ${vendor} sandbox, ${tools.length} tools`);
    out(client.getInstructions()?.split("\n")[0] ?? "");
    const memory: Record<string, Record<string, unknown>> = {};
    let step = 0;
    for (const s of script) {
      const call = s(memory);
      if (!call) continue;
      step += 1;
      out();
      out(`── ${step}. ${call.say}`);
      out(`   → ${call.tool} ${JSON.stringify(call.args)}`);
      const result = (await client.callTool({ name: call.tool, arguments: call.args })) as CallToolResult;
      const text = result.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join("\n");
      out(`   ${result.isError ? "✗ refused" : "✓"}`);
      out(indent(text, "     "));
      if (Boolean(call.expectError) !== Boolean(result.isError)) {
        out(`   !! expected ${call.expectError ? "a refusal" : "success"}`);
        return 1;
      }
      if (call.save && result.structuredContent) memory[call.save] = result.structuredContent as Record<string, unknown>;
    }
    out();
    out(`Done: ${step} tool calls against the sandbox. Connect your own client with: npx fsm-mcp`);
    return 0;
  } finally {
    await client.close().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function indent(text: string, pad: string): string {
  const lines = text.split("\n");
  const shown = lines.slice(0, 14).map((l) => pad + l);
  if (lines.length > 14) shown.push(`${pad}… (${lines.length - 14} more lines)`);
  return shown.join("\n");
}

export type { DemoStep };
