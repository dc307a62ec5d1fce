/**
 * Resources publish what the tools rely on: the status machines, this connection's capabilities and
 * scopes, the recent audit log, and single jobs by id (fsm://jobs/{job_id}). Template variables complete
 * (completion/complete): status machine kinds, and job ids from the newest jobs.
 */
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Config } from "../config.js";
import type { Backend, IdKind, VendorProfile, Workflow } from "../domain/backend.js";
import { transitionRows, type StatusMachine } from "../domain/status-machine.js";
import type { Id } from "../domain/types.js";
import { NotFoundError } from "../domain/errors.js";
import { isVendorError } from "../http/errors.js";
import { projectJob } from "../tools/projections.js";
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
      source:
        "the account's settings, read again for this answer: statuses follow the account while the server runs, and when they change the tool schemas change with them (notifications/tools/list_changed)",
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
    unsupported_tools: catalog.unsupported,
  };
}

/** The status machines a profile publishes, by kind ("jobs", "assets"). */
function machinesOf(p: VendorProfile): Map<string, StatusMachine> {
  const machines = new Map<string, StatusMachine>();
  if (p.jobMachine) machines.set("jobs", p.jobMachine);
  if (p.assetMachine) machines.set("assets", p.assetMachine);
  return machines;
}

export function registerResources(server: McpServer, deps: ResourceDeps): void {
  const p = deps.backend.profile;
  const startup = machinesOf(p);
  // A profile that follows the account (Backend.watchProfile) may have changed since startup: read it live.
  let seen = { profile: p, machines: startup };
  const current = () => {
    const now = deps.backend.profile;
    if (now !== seen.profile) seen = { profile: now, machines: machinesOf(now) };
    return seen.machines;
  };
  // A profile that follows the account gets its statuses resource even when startup knew none (a key refused
  // at startup): the statuses arrive with the first read that works.
  if (startup.size || deps.backend.watchProfile) {
    const describeKind = (kind: string, machine: StatusMachine) => ({
      uri: `fsm://statuses/${kind}`,
      name: `${kind}-statuses`,
      title: `${p.displayName} ${machine.subject} statuses`,
      description: `Every ${machine.subject} status and the statuses it may move to.`,
      mimeType: "application/json",
    });
    server.registerResource(
      "statuses",
      new ResourceTemplate("fsm://statuses/{kind}", {
        list: () => ({ resources: [...current()].map(([kind, machine]) => describeKind(kind, machine)) }),
        complete: { kind: (value) => [...current().keys()].filter((k) => k.startsWith(value.trim().toLowerCase())) },
      }),
      { title: `${p.displayName} status machines`, description: `Status machines: ${[...startup.keys()].join(", ") || "jobs"}.`, mimeType: "application/json" },
      async (uri, { kind }) => {
        // Account-defined statuses (refreshMachines): a client asking for them gets the account's current ones.
        if (String(kind) === "jobs") await deps.backend.jobs?.refreshMachines?.();
        const machine = current().get(String(kind));
        if (!machine) throw new McpError(RESOURCE_NOT_FOUND, `No status machine "${String(kind)}"; known: ${[...current().keys()].join(", ")}`);
        const workflows = deps.backend.profile.jobWorkflows;
        const doc = String(kind) === "jobs" && workflows ? workflowsDocument(workflows, machine) : machineDocument(machine);
        return {
          contents: [
            { uri: uri.href, mimeType: "application/json", text: JSON.stringify(doc.json, null, 2) },
            { uri: `${uri.href}#table`, mimeType: "text/markdown", text: doc.markdown },
          ],
        };
      },
    );
  }
  const listed = new Set(deps.catalog.listed.map((t) => t.name));
  const jobs = deps.backend.jobs;
  // Same visibility as get_job: a key without jobs:read (or the jobs toolset switched off) gets no job resource.
  if (jobs && listed.has("get_job")) {
    server.registerResource(
      "job",
      new ResourceTemplate("fsm://jobs/{job_id}", { list: undefined, complete: { job_id: (value) => completeJobIds(deps.backend, value) } }),
      { title: "Job", description: "One job as JSON (as get_job returns it, detailed); job_id completes from the newest jobs.", mimeType: "application/json" },
      async (uri, { job_id }) => {
        // Checked against the vendor's documented id form before anything is sent: a malformed id is the
        // caller's mistake (-32602), never a vendor 400 surfacing as an internal error.
        const id = parseId(p.idKind, String(job_id), p.jobNumberIds);
        if (id === undefined) throw new McpError(ErrorCode.InvalidParams, `"${String(job_id)}" is not a ${p.displayName} job id (${idForm(p.idKind, p.jobNumberIds)})`);
        let job;
        try {
          job = await jobs.get(id);
        } catch (error) {
          if ((isVendorError(error) && error.status === 404) || error instanceof NotFoundError) {
            throw new McpError(RESOURCE_NOT_FOUND, `No job ${String(id)}; list_jobs finds job ids`);
          }
          if (isVendorError(error) && error.status === 400) {
            throw new McpError(ErrorCode.InvalidParams, `${p.displayName} refused job id "${String(id)}": ${error.message}`);
          }
          throw new McpError(ErrorCode.InternalError, error instanceof Error ? error.message : String(error));
        }
        const data = { allowed_next_statuses: [], ...projectJob(job, "detailed", jobs.machineFor(job)) };
        return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(data, null, 2) }] };
      },
    );
  }
  server.registerResource(
    "capabilities",
    "fsm://capabilities",
    { title: "Connection capabilities", description: "Vendor, sandbox or live, scopes, listed tools, and hidden tools with the reason.", mimeType: "application/json" },
    async (uri) => {
      // A key the vendor refused at startup (or since): say so first, with the fix, until it works.
      const problem = await deps.backend.keyProblem?.();
      const doc = problem ? { credentials: { ok: false, ...problem }, ...capabilitiesDocument(deps) } : capabilitiesDocument(deps);
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(doc, null, 2) }] };
    },
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

/** MCP's "resource not found" error code (spec: resources, error handling). */
const RESOURCE_NOT_FOUND = -32002;

/** How many of the newest jobs job-id completion looks through. */
const COMPLETION_SCAN = 100;

/** Ids of the newest jobs that start with what the user typed; none when the vendor cannot be reached. */
export async function completeJobIds(backend: Backend, value: string): Promise<string[]> {
  if (!backend.jobs) return [];
  const typed = value.trim();
  try {
    const page = await backend.jobs.list({ perPage: Math.min(COMPLETION_SCAN, backend.profile.maxPageSize) });
    return page.items.map((j) => String(j.id)).filter((id) => id.startsWith(typed));
  } catch {
    return []; // a suggestion list is optional: the user can still type the id
  }
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const JOB_NUMBER = /^[1-9]\d{0,14}$/;

/** An id in the vendor's documented form (the same forms the tools' schemas take), else undefined. */
function parseId(kind: IdKind, raw: string, numbers = false): Id | undefined {
  const text = raw.trim();
  if (kind === "integer") return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : undefined;
  if (kind === "guid") return GUID.test(text) || (numbers && JOB_NUMBER.test(text)) ? text : undefined;
  return /^[A-Za-z0-9_-]{1,64}$/.test(text) ? text : undefined;
}

function idForm(kind: IdKind, numbers = false): string {
  if (kind === "integer") return "a positive whole number";
  if (kind === "guid") return numbers ? "a GUID, or the job number" : "a GUID";
  return "letters, digits, _ and -";
}
