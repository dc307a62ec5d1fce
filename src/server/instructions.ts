import type { VendorProfile } from "../domain/backend.js";
import type { Catalog } from "./catalog.js";

/** Server instructions: our own words only (never vendor text), assembled from what this connection lists. */
export function instructionsFor(profile: VendorProfile, catalog: Catalog): string {
  const names = new Set(catalog.listed.map((t) => t.name));
  const lines = [
    profile.sandbox
      ? `Connected to the ${profile.displayName} SANDBOX: a local simulator with demo data. Nothing here reaches a real account.`
      : `Connected to a live ${profile.displayName} account. Writes change real records.`,
    names.has("search_assets") || profile.jobSite !== "address"
      ? "Field service tools: find customers and their locations, dispatch jobs, move jobs through their statuses, look up equipment and log service on it."
      : `Field service tools: find ${profile.customerNoun}s, dispatch jobs, move jobs through their statuses${names.has("add_job_note") ? ", and note what was done on a job" : ""}.`,
  ];
  if (names.has("create_job")) {
    lines.push(
      profile.jobSite === "address"
        ? `Typical flow: search_customers → create_job (customer_id, workflow) → update_job_status${names.has("add_job_note") ? " → add_job_note" : ""}.`
        : `Typical flow: search_customers → get_customer (location ids) → create_job → update_job_status.${names.has("create_location") ? " A new customer: create_customer → create_location." : ""}`,
    );
  }
  if (names.has("add_job_task") && profile.jobStatusTargets) {
    const moves = profile.jobStatusTargets.map((t) => t.value).join(", ");
    lines.push(`Work is done through job tasks: add_job_task → update_job_status with task_id; update_job_status offers exactly what the API can do (${moves}).`);
  }
  if (names.has("create_job_request")) lines.push("Helpdesk intake: create_job_request logs a caller's request (list_job_requests shows the queue); create_job raises the job itself.");
  if (names.has("add_job_cost")) lines.push("Job money: get_job shows a job's cost lines and totals; add_job_cost / update_job_cost change them and flag a cost over budget.");
  if (names.has("search_assets")) {
    const after = ["log_asset_service", "record_meter_reading", "transfer_asset", "update_asset"].filter((n) => names.has(n));
    const flow = ["search_assets → get_asset", ...(after.length ? [after.join(" / ")] : [])].join(" → ");
    lines.push(`Equipment: ${flow}.${names.has("create_asset") ? " create_asset registers new equipment." : ""}`);
  }
  if (profile.jobWorkflows) lines.push("Arguments with examples (workflows, statuses, lead sources, task types) take one of the examples or a value the account added since.");
  if (profile.jobWorkflows) lines.push("Job statuses are the account's own, per workflow (resource fsm://statuses/jobs); a job moves only among its own workflow's statuses, and a refused move names them.");
  else if (profile.jobMachine) {
    const getters = names.has("update_asset_status") ? "get_job and get_asset list" : "get_job lists";
    lines.push(`Status moves follow the vendor's workflow (resource fsm://statuses/jobs); ${getters} the allowed next ones, and any other is refused before anything is sent, naming them.`);
  }
  // Said once here rather than in each lookup tool's description.
  if (["search_customers", "search_assets", "list_jobs"].some((n) => names.has(n))) {
    lines.push("Lookups by a phrase (query) allow typos and rank the best match first; similar names are common: confirm with the user when several match.");
  }
  // What update tools leave to other tools, said once here rather than in each update tool's description.
  const movers = ["update_job_status", "update_asset_status"].filter((n) => names.has(n));
  const elsewhere = [
    ...(movers.length ? [`a status (${movers.join(" / ")}; assigning a technician leaves it as it is)`] : []),
    ...(names.has("transfer_asset") ? ["an asset's location (transfer_asset)"] : []),
  ];
  lines.push(
    "Write tools accept dry_run (shows the vendor request, sends nothing); creates accept idempotency_key (a repeat with the same key returns the first result) and check for duplicates first (a create's description says what counts as one): the one found is returned instead unless allow_duplicate is true. Irreversible changes need the user's confirmation: the client is asked, or the answer is a preview; once the user approves a preview, call again with confirm: true (or its confirm token). Update tools change only the fields given" +
      (elsewhere.length ? `, never ${elsewhere.join(" or ")}` : "") +
      "; expected_* arguments refuse the change if the record moved since it was read.",
  );
  // Each write tool's outputSchema declares `outcome` as a string (UNPUBLISHED_ENUM): its values are said here, once.
  if (catalog.listed.some((t) => t.kind === "write")) lines.push(
    "Write results carry outcome: created or updated; existing (already there or already so: nothing sent); reconciled (an earlier or uncertain attempt had reached the vendor); replayed (same idempotency_key: the first result); dry_run; preview (not sent: needs the user's confirmation). Their notes say more.",
  );
  lines.push("Reads: response_format detailed adds every field; list tools answer next_page (the arguments for the next page) and take max_pages to gather several pages in one call.");
  if (catalog.hidden.length || catalog.unsupported.length) lines.push(`Some catalogue tools are not listed on this connection; fsm://capabilities says which and why.`);
  return lines.join("\n");
}
