/**
 * Resources publish what the tools rely on: the status machines, this connection's capabilities and
 * scopes, and the recent audit log.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Config } from "../config.js";
import type { Backend, Workflow } from "../domain/backend.js";
import { transitionRows, type StatusMachine } from "../domain/status-machine.js";
import type { SafetyServices } from "../safety/pipeline.js";
import type { Catalog } from "./catalog.js";

export interface ResourceDeps {
  config: Config;
  backend: Backend;
  catalog: Catalog;
  safety: SafetyServices;
}

/** A status machine as JSON plus a readable Markdown table. */
export function machineDocument(machine: StatusMachine) {
  const rows = transitionRows(machine);
  return {
    json: {
      subject: machine.subject,
      statuses: machine.statuses,
      transitions: machine.transitions ? Object.fromEntries(rows.map((r) => [r.from, r.to])) : "any status of the same workflow",
      terminal: machine.terminal,
      needs_confirmation: machine.irreversible,
    },
    markdown: [
      `| From | Allowed next |`,
      `|---|---|`,
      ...rows.map((r) => `| ${r.from} | ${r.to.length ? r.to.join(", ") : "terminal"} |`),
    ].join("\n"),
  };
}

/**
 * Account-defined job workflows (JobNimbus): each workflow's statuses in order and the ones that close a
 * job. There is no transition table: any status of a job's own workflow may follow any other.
 */
export function workflowsDocument(workflows: readonly Workflow[], machine: StatusMachine) {
  return {
    json: {
      subject: machine.subject,
      statuses: machine.statuses,
      transitions: "any status of the job's own workflow may follow any other; a status of another workflow is refused",
      terminal: machine.terminal,
      needs_confirmation: machine.irreversible,
      workflows: workflows.map((w) => ({ name: w.name, statuses: w.statuses, closing: w.closed })),
    },
    markdown: [
      `| Workflow | Statuses, in order | Closing statuses |`,
      `|---|---|---|`,
      ...workflows.map((w) => `| ${w.name} | ${w.statuses.join(", ")} | ${w.closed.length ? w.closed.join(", ") : "none"} |`),
    ].join("\n"),
  };
}

export function capabilitiesDocument(deps: ResourceDeps) {
  const { config, backend, catalog } = deps;
  const p = backend.profile;
  return {
    vendor: p.vendor,
    vendor_name: p.displayName,
    mode: p.sandbox ? "sandbox" : "live",
    read_only: config.readOnly,
    toolsets: config.toolsets,
    scopes: p.scopes ? { declared: config.scopes ?? "not declared (FSM_SCOPES unset): all tools listed, the vendor enforces scopes", catalog: p.scopes.catalog } : "this vendor has no scope model",
    listed_tools: catalog.listed.map((t) => ({ name: t.name, scopes: p.scopes?.byTool[t.name] ?? [] })),
    hidden_tools: catalog.hidden,
    unsupported: p.unsupported,
  };
}

export function registerResources(server: McpServer, deps: ResourceDeps): void {
  const p = deps.backend.profile;
  const machines: Array<[string, StatusMachine | undefined]> = [
    ["jobs", p.jobMachine],
    ["assets", p.assetMachine],
  ];
  for (const [kind, machine] of machines) {
    if (!machine) continue;
    const uri = `fsm://statuses/${kind}`;
    server.registerResource(
      `${kind}-statuses`,
      uri,
      {
        title: `${p.displayName} ${machine.subject} statuses`,
        description:
          kind === "jobs" && p.jobWorkflows
            ? "The account's job workflows: each one's statuses in order and which close a job."
            : `Every ${machine.subject} status and the statuses it may move to.`,
        mimeType: "application/json",
      },
      async () => {
        const doc = kind === "jobs" && p.jobWorkflows ? workflowsDocument(p.jobWorkflows, machine) : machineDocument(machine);
        return {
          contents: [
            { uri, mimeType: "application/json", text: JSON.stringify(doc.json, null, 2) },
            { uri: `${uri}#table`, mimeType: "text/markdown", text: doc.markdown },
          ],
        };
      },
    );
  }
  server.registerResource(
    "capabilities",
    "fsm://capabilities",
    { title: "Connection capabilities", description: "Vendor, sandbox or live, scopes, listed tools, and hidden tools with the reason.", mimeType: "application/json" },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(capabilitiesDocument(deps), null, 2) }] }),
  );
  if (deps.safety.audit) {
    const audit = deps.safety.audit;
    server.registerResource(
      "audit",
      "fsm://audit/recent",
      { title: "Recent writes", description: "The last 50 writes, dry runs and refused writes (contact details redacted).", mimeType: "application/json" },
      async (uri) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(await audit.recent(50), null, 2) }] }),
    );
  }
}
