/**
 * Demo scripts per vendor: each step reads earlier results (saved by name) and returns the next call.
 * They replay the dispatcher chains of the vendor docs, including one refused move and its recovery.
 */
import type { VendorName } from "../domain/backend.js";
import { accountById, activeStatuses, DEFAULT_DEMO_KEY } from "../sandbox/jobnimbus/accounts.js";

type Memory = Record<string, Record<string, unknown>>;
export interface DemoCall {
  say: string;
  tool: string;
  args: Record<string, unknown>;
  save?: string;
  expectError?: boolean;
}
export type DemoStep = (memory: Memory) => DemoCall | undefined;

/** Read a nested value of a saved result: get(m, "job", "job", "id"). */
export function get(m: Memory, name: string, ...path: (string | number)[]): any {
  let v: any = m[name];
  for (const k of path) v = v?.[k];
  return v;
}

const today = () => new Date().toISOString().slice(0, 10);

const fsmNavigator: DemoStep[] = [
  () => ({ say: "Find the customer", tool: "search_customers", args: { query: "Acme" }, save: "customers" }),
  (m) => ({ say: "List the customer's locations", tool: "get_customer", args: { customer_id: get(m, "customers", "items", 0, "id") }, save: "customer" }),
  (m) => ({ say: "The caller gives a new direct line: correct the customer's phone", tool: "update_customer", args: { customer_id: get(m, "customer", "customer", "id"), phone: "+12175550142" } }),
  (m) => ({
    say: "Note the site's access instructions on the location",
    tool: "update_location",
    args: { customer_id: get(m, "customer", "customer", "id"), location_id: get(m, "customer", "locations", 0, "id"), notes: "Badge in at reception; roof access key with facilities" },
  }),
  (m) => ({
    say: "Create a job at the first location",
    tool: "create_job",
    args: { title: "Initial HVAC inspection", description: "Annual system check for new client", priority: "High", location_id: get(m, "customer", "locations", 0, "id"), idempotency_key: `demo-${Date.now()}` },
    save: "job",
  }),
  () => ({ say: "Find an available technician", tool: "list_technicians", args: { status: "Active", availability: "Available", per_page: 3 }, save: "techs" }),
  (m) => ({ say: "Assign the technician", tool: "update_job", args: { job_id: get(m, "job", "job", "id"), technician_id: get(m, "techs", "items", 0, "id") } }),
  (m) => ({ say: "Move the job to Assigned", tool: "update_job_status", args: { job_id: get(m, "job", "job", "id"), status: "Assigned" } }),
  (m) => ({ say: "Try to complete it straight away (the workflow forbids it)", tool: "update_job_status", args: { job_id: get(m, "job", "job", "id"), status: "Completed" }, expectError: true }),
  (m) => ({ say: "Recover: start the work first", tool: "update_job_status", args: { job_id: get(m, "job", "job", "id"), status: "In Progress" } }),
  (m) => ({ say: "Complete the job", tool: "update_job_status", args: { job_id: get(m, "job", "job", "id"), status: "Completed" } }),
  (m) => ({ say: "Invoice it", tool: "update_job_status", args: { job_id: get(m, "job", "job", "id"), status: "Invoiced" } }),
  () => ({
    say: "Register a new asset",
    tool: "create_asset",
    args: { name: "Carrier AC Unit 24ACC636", type_id: 5, serial_number: `SN-DEMO-${Date.now()}`, status: "Pending Install" },
    save: "asset",
  }),
  (m) => ({
    say: "Log its installation service",
    tool: "log_asset_service",
    args: { asset_id: get(m, "asset", "asset", "id"), service_type: "installation", description: "Pre-deployment inspection passed", service_date: today() },
  }),
  (m) => ({
    say: "Correct its details: the serial on the nameplate and who looks after it (status and location keep their own tools)",
    tool: "update_asset",
    args: { asset_id: get(m, "asset", "asset", "id"), serial_number: `24ACC636-${Date.now()}`, assigned_to: get(m, "techs", "items", 0, "id"), expected_name: "Carrier AC Unit 24ACC636" },
  }),
  (m) => ({ say: "Read it back with its service history", tool: "get_asset", args: { asset_id: get(m, "asset", "asset", "id") } }),
  (m) => ({
    say: "Transfer it to the customer's location",
    tool: "transfer_asset",
    args: { asset_id: get(m, "asset", "asset", "id"), to_location_id: get(m, "customer", "locations", 0, "id"), reason: "Deployed to customer site" },
  }),
];

/**
 * TrackplanFM: sites play the customer role and work is done through job tasks. The chain of issue 13:
 * job request → job → task (reassigned) → start → complete → cost → complete the job (an irreversible step:
 * previewed first, then confirmed), with one refused call and its recovery.
 */
const trackplanfm: DemoStep[] = [
  () => ({ say: "Find the site", tool: "search_customers", args: { query: "Manchester" }, save: "sites" }),
  (m) => ({ say: "Open the site (a site is its own location)", tool: "get_customer", args: { customer_id: get(m, "sites", "items", 0, "id") }, save: "site" }),
  (m) => ({
    say: "Log the caller's job request",
    tool: "create_job_request",
    args: {
      location_id: get(m, "site", "customer", "id"),
      description: "Water leaking from the ceiling of the plant room beside boiler 1",
      raised_by: "Priya Shah",
      raised_by_email: "priya.shah@client.example",
      idempotency_key: `demo-req-${Date.now()}`,
    },
    save: "request",
  }),
  () => ({ say: "See the intake queue", tool: "list_job_requests", args: { per_page: 3 } }),
  (m) => ({ say: "Check the equipment there", tool: "search_assets", args: { location_id: get(m, "site", "customer", "id"), query: "boiler", per_page: 3 } }),
  (m) => ({ say: "Check the site's stores for low stock", tool: "list_stock", args: { location_id: get(m, "site", "customer", "id"), low_only: true, per_page: 3 } }),
  (m) => ({
    say: "Raise a job from the request",
    tool: "create_job",
    args: {
      title: "Water leak in plant room",
      description: `From job request ${get(m, "request", "job_request", "number")}: pipework weeping onto the floor beside boiler 1; area coned off.`,
      location_id: get(m, "site", "locations", 0, "id"),
      idempotency_key: `demo-${Date.now()}`,
    },
    save: "job",
  }),
  () => ({ say: "Find resources to instruct", tool: "list_technicians", args: { per_page: 3 }, save: "techs" }),
  (m) => ({
    say: "Add a task for the first resource",
    tool: "add_job_task",
    args: { job_id: get(m, "job", "job", "id"), description: "Attend, isolate and repair the leaking joint", technician_id: get(m, "techs", "items", 0, "id"), duration_hours: 2 },
    save: "task",
  }),
  (m) => ({
    say: "Reassign the task to the second resource (compare-and-set on the assignee)",
    tool: "update_job_task",
    args: { job_id: get(m, "job", "job", "id"), task_id: get(m, "task", "task", "id"), technician_id: get(m, "techs", "items", 1, "id"), expected_assignee: get(m, "techs", "items", 0, "name") },
  }),
  (m) => ({ say: "Start the work without naming the task (refused: task_id is needed)", tool: "update_job_status", args: { job_id: get(m, "job", "job", "id"), status: "Task Started" }, expectError: true }),
  (m) => ({ say: "Recover: start that task", tool: "update_job_status", args: { job_id: get(m, "job", "job", "id"), status: "Task Started", task_id: get(m, "task", "task", "id") } }),
  (m) => ({
    say: "Complete the task",
    tool: "update_job_status",
    args: { job_id: get(m, "job", "job", "id"), status: "Task Completed", task_id: get(m, "task", "task", "id"), note: "Joint remade and pressure tested" },
  }),
  (m) => ({
    say: "Record the job's cost (over its budget: flagged)",
    tool: "add_job_cost",
    args: { job_id: get(m, "job", "job", "id"), materials: 42.5, labour: 180, budget: 200, description: "Compression fittings and 3 h labour", idempotency_key: `demo-cost-${Date.now()}` },
    save: "cost",
  }),
  (m) => ({ say: "Correct the budget after approval", tool: "update_job_cost", args: { job_id: get(m, "job", "job", "id"), cost_id: get(m, "cost", "cost", "id"), budget: 250 } }),
  (m) => ({ say: "Complete the job (irreversible: previewed first)", tool: "update_job_status", args: { job_id: get(m, "job", "job", "id"), status: "Completed", note: "Leak repaired, area dry" } }),
  (m) => ({ say: "The user approved: complete it", tool: "update_job_status", args: { job_id: get(m, "job", "job", "id"), status: "Completed", note: "Leak repaired, area dry", confirm: true } }),
  (m) => ({ say: "Read the job back by its number, with its costs", tool: "get_job", args: { job_id: get(m, "job", "job", "number") } }),
];

/**
 * JobNimbus: statuses are the demo account's own (read from the sandbox's account data, the same data its
 * settings endpoint serves), so the script walks the Commercial workflow and tries one status of another.
 * The chain of issue 13: find the contact → correct it → create a job with its sales rep and lead source →
 * book a site-walk task → complete the task → note on the contact.
 */
function jobNimbus(): DemoStep[] {
  const account = accountById(DEFAULT_DEMO_KEY.accountId);
  const commercial = activeStatuses(account, "Commercial");
  const foreign = activeStatuses(account, "Insurance Restoration").find((s) => !commercial.includes(s))!;
  const job = (m: Memory) => get(m, "job", "job", "id");
  const contact = (m: Memory) => get(m, "contacts", "items", 0, "id");
  const move = (status: string): DemoStep => (m) => ({ say: `Move it to ${status}`, tool: "update_job_status", args: { job_id: job(m), status } });
  const tomorrowAt3 = () => `${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T15:00:00Z`;
  return [
    () => ({ say: "Find the contact", tool: "search_customers", args: { query: "Cherry Creek" }, save: "contacts" }),
    (m) => ({ say: "Look at the contact: address, recent jobs and activity", tool: "get_customer", args: { customer_id: contact(m) }, save: "contact" }),
    (m) => ({ say: "Correct the contact's phone and email", tool: "update_customer", args: { customer_id: contact(m), phone: "(303) 555-0188", email: "facilities@cherrycreek.example.com" } }),
    () => ({ say: "Find someone to run it", tool: "list_technicians", args: { status: "Active", per_page: 5 }, save: "techs" }),
    (m) => ({
      say: "Create a job in the Commercial workflow, with its sales rep and lead source (at the contact's address)",
      tool: "create_job",
      args: {
        title: "Cherry Creek Plaza - Roof Leak Repair",
        customer_id: contact(m),
        workflow: "Commercial",
        description: "Ponding water and a leak over suite 140; inspect the TPO seams and the drain at the north parapet.",
        sales_rep_id: get(m, "techs", "items", 4, "id"),
        lead_source: "Referral",
        idempotency_key: `demo-${Date.now()}`,
      },
      save: "job",
    }),
    move(commercial[1]!),
    (m) => ({ say: `Try ${foreign}, a status of another workflow (refused before anything is sent)`, tool: "update_job_status", args: { job_id: job(m), status: foreign }, expectError: true }),
    (m) => ({
      say: "Book the site walk on the calendar: an Inspection task, due tomorrow, assigned to the estimator",
      tool: "add_job_task",
      args: { job_id: job(m), description: "Site walk with the facility manager", type: "Inspection", due_at: tomorrowAt3(), duration_hours: 1.5, technician_id: get(m, "techs", "items", 4, "id") },
      save: "task",
    }),
    (m) => ({ say: "The site walk is done: complete the task", tool: "update_job_task", args: { job_id: job(m), task_id: get(m, "task", "task", "id"), completed: true } }),
    move(commercial[2]!),
    (m) => ({ say: "Add a note to the job", tool: "add_job_note", args: { job_id: job(m), note: "Site walk with the facility manager: two open seams at the north drain, core cut shows dry insulation." } }),
    (m) => ({ say: "Note on the contact itself", tool: "add_customer_note", args: { customer_id: contact(m), note: "Facility manager prefers calls before 10am; send bids to the facilities address." } }),
    (m) => ({ say: "Read the job back: its tasks, activity and attachments", tool: "get_job", args: { job_id: job(m) } }),
  ];
}

export const demoScripts: Partial<Record<VendorName, DemoStep[]>> = {
  fsmnavigator: fsmNavigator,
  trackplanfm,
  jobnimbus: jobNimbus(),
};
