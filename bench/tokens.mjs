#!/usr/bin/env node
/**
 * `node bench/tokens.mjs`: the cl100k token cost of every tool definition, per vendor, as the built server
 * lists it (each vendor's built-in sandbox over stdio), beside the budgets in bench/token-budget.json (the
 * same budgets test/e2e/tool-rules.ts enforces). Needs dist/ (npm run build). Takes a few seconds.
 * `npm run bench` prints the FSM Navigator table too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { closeAllServers, ROOT, spawnServer, table } from "./lib.mjs";

export const BUDGET = JSON.parse(readFileSync(join(ROOT, "bench/token-budget.json"), "utf8"));

/** The budget of one tool definition: its own entry, else by kind (same rule as test/e2e/tool-rules.ts). */
export function budgetOf(vendor, tool) {
  return BUDGET.perTool[`${vendor}/${tool.name}`] ?? (tool.name.startsWith("get_") ? BUDGET.get : tool.annotations?.readOnlyHint ? BUDGET.read : BUDGET.write);
}

/** Tokens of each definition as sent (compact JSON), and of the whole tools/list result. */
export function tokensPerTool(vendor, tools) {
  return {
    total: countTokens(JSON.stringify({ tools })),
    tools: tools.map((tool) => ({ name: tool.name, tokens: countTokens(JSON.stringify(tool)), budget: budgetOf(vendor, tool) })),
  };
}

export function tokenTable(vendor, tools) {
  const { total, tools: rows } = tokensPerTool(vendor, tools);
  return {
    total,
    text: table(
      ["tool", "tokens cl100k", "budget", ""],
      [...rows.map((r) => [r.name, r.tokens, r.budget, r.tokens <= r.budget ? "" : "**over**"]), ["tools/list total", total, "", ""]],
    ),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const BIN = join(ROOT, "dist/cli.js");
  try {
    for (const vendor of ["fsmnavigator", "trackplanfm", "jobnimbus"]) {
      const server = await spawnServer({ args: [BIN], env: { FSM_SANDBOX: vendor } });
      const { tools } = await server.client.listTools();
      await server.close();
      const { total, text } = tokenTable(vendor, tools);
      const limit = vendor === "fsmnavigator" ? ` (budget ${BUDGET.fsmNavigatorTotal})` : "";
      process.stdout.write(`\n${vendor}: ${tools.length} tools, ${total} tokens${limit}\n${text}\n`);
    }
  } finally {
    await closeAllServers();
  }
}
