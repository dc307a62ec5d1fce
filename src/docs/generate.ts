/**
 * README sections generated from the single sources of truth (vendor facts, tool registry, config
 * contract), so documentation cannot drift: `npm run docs` rewrites them; a test fails when stale.
 */
import { CONFIG_DOCS } from "../config.js";
import type { Backend } from "../domain/backend.js";
import { machineDocument, workflowsDocument } from "../server/resources.js";
import { TOOLS } from "../tools/registry.js";
import type { ToolEnv } from "../tools/types.js";

export function toolTable(backend: Backend): string {
  const env: ToolEnv = { backend, profile: backend.profile, safety: {} };
  const rows = TOOLS.filter((t) => !t.unavailable(backend) && !backend.profile.unsupported[t.name]).map((t) => {
    const a = typeof t.annotations === "function" ? t.annotations(env) : t.annotations;
    const hints = [a.readOnlyHint ? "read-only" : "write", a.destructiveHint ? "destructive" : "", a.idempotentHint || a.readOnlyHint ? "idempotent" : ""].filter(Boolean).join(", ");
    const scopes = backend.profile.scopes?.byTool[t.name]?.map((s) => `\`${s}\``).join(" ") ?? "";
    const summary = t.description(env).split("\n")[0]!.replace(/\|/g, "\\|");
    return `| \`${t.name}\` | ${t.toolset} | ${hints} | ${scopes} | ${summary} |`;
  });
  return ["| tool | toolset | kind | scopes | what it does |", "|---|---|---|---|---|", ...rows].join("\n");
}

export function unsupportedTable(backend: Backend): string {
  const rows = TOOLS.map((t) => [t.name, backend.profile.unsupported[t.name] ?? t.unavailable(backend)] as const).filter(([, why]) => why);
  if (!rows.length) return "Every catalogue tool is served.";
  return ["| tool | why it is not offered |", "|---|---|", ...rows.map(([n, why]) => `| \`${n}\` | ${why} |`)].join("\n");
}

export function statusTables(backend: Backend): string {
  const out: string[] = [];
  for (const machine of [backend.profile.jobMachine, backend.profile.assetMachine]) {
    if (!machine) continue;
    const doc = machineDocument(machine);
    out.push(`**${machine.subject[0]!.toUpperCase()}${machine.subject.slice(1)} statuses** (terminal: ${machine.terminal.join(", ")}; confirmation needed: ${machine.irreversible.join(", ")})`, "", doc.markdown, "");
  }
  return out.join("\n").trim();
}

/** Account-defined job workflows (JobNimbus): one row per workflow, from the same document fsm://statuses/jobs serves. */
export function workflowTables(backend: Backend): string {
  const p = backend.profile;
  if (!p.jobWorkflows || !p.jobMachine) return "This account defines no job workflows.";
  const jobs = workflowsDocument(p.jobWorkflows, p.jobMachine).markdown;
  const contacts = p.customerWorkflows?.length
    ? ["| Contact workflow | Statuses, in order |", "|---|---|", ...p.customerWorkflows.map((w) => `| ${w.name} | ${w.statuses.join(", ")} |`)].join("\n")
    : "";
  return [jobs, contacts].filter(Boolean).join("\n\n");
}

export function configTable(): string {
  return [
    "| variable | flag | meaning |",
    "|---|---|---|",
    ...CONFIG_DOCS.map((c) => `| \`${c.variable}\` | ${c.flag ? `\`${c.flag}\`` : ""} | ${c.meaning} |`),
  ].join("\n");
}

/** Replace `<!-- BEGIN GENERATED: name -->…<!-- END GENERATED: name -->` blocks in a document. */
export function fillSections(doc: string, sections: Record<string, string>): string {
  let out = doc;
  for (const [name, body] of Object.entries(sections)) {
    const re = new RegExp(`(<!-- BEGIN GENERATED: ${name} -->)[\\s\\S]*?(<!-- END GENERATED: ${name} -->)`);
    if (!re.test(out)) throw new Error(`README has no GENERATED block "${name}"`);
    out = out.replace(re, `$1\n${body}\n$2`);
  }
  return out;
}

/**
 * For vendors that offer status targets (VendorProfile.jobStatusTargets): what update_job_status can do, then
 * the job and task machines.
 */
export function targetTables(backend: Backend): string {
  const p = backend.profile;
  if (!p.jobStatusTargets) return statusTables(backend);
  const rows = p.jobStatusTargets.map((t) => `| \`${t.value}\` | ${t.subject} | ${t.status} | ${t.description}${t.subject === "task" ? " (needs `task_id`)" : ""} |`);
  const out = ["| `status` value | moves | to | what it does |", "|---|---|---|---|", ...rows, ""];
  for (const machine of [p.jobMachine, p.taskMachine]) {
    if (!machine) continue;
    const doc = machineDocument(machine);
    const notes = [`terminal: ${machine.terminal.join(", ")}`, machine.irreversible.length ? `confirmation needed: ${machine.irreversible.join(", ")}` : ""].filter(Boolean).join("; ");
    out.push(`**${machine.subject[0]!.toUpperCase()}${machine.subject.slice(1)} statuses** (${notes})`, "", doc.markdown, "");
  }
  return out.join("\n").trim();
}
