/**
 * The sandbox's demo accounts. Each JobNimbus account defines its own workflows and statuses; two accounts
 * with different workflows prove that the tool schemas follow the account the key belongs to, not a list
 * in code. Each demo key maps to one account (and an access profile), as a real key does.
 *
 * Keys are public on purpose (the sandbox binds to 127.0.0.1 and holds demo data only). They have the
 * docs' sample shape: 16 lowercase alphanumerics.
 */
import type { ObjectType } from "../../vendors/jobnimbus/facts.js";

export interface StatusDef {
  name: string;
  closed?: boolean;
  lead?: boolean;
  /** false: a retired status (kept in the settings, not offered). */
  active?: boolean;
}

export interface WorkflowDef {
  name: string;
  objectType: ObjectType;
  /** false: a retired workflow. */
  active?: boolean;
  statuses: ReadonlyArray<string | StatusDef>;
}

export interface UserDef {
  first: string;
  last: string;
  role: string;
  active?: boolean;
}

export interface AccountDef {
  /** The account id JobNimbus puts in every record's `customer` field. */
  id: string;
  name: string;
  /** Mail domain of the company's users. */
  domain: string;
  workflows: readonly WorkflowDef[];
  taskTypes: readonly string[];
  activityTypes: readonly string[];
  sources: readonly string[];
  fileTypes: readonly string[];
  users: readonly UserDef[];
  groups: ReadonlyArray<{ name: string; roles: readonly string[] }>;
}

export type Access = "full" | "read";

export interface DemoKey {
  key: string;
  label: string;
  accountId: string;
  /** The key's access profile: "read" keys are refused every write (403). */
  access: Access;
}

/** Activity types every demo account has; "Note" is what POST /activities writes [C3]; the others are system-made [I]. */
const ACTIVITY_TYPES = ["Note", "Email", "Phone Call", "Text Message", "Meeting", "Contact Created", "Job Created", "Status Changed"] as const;
const FILE_TYPES = ["Document", "Photo", "Email Attachment", "naturalForms", "Invoice", "Eagleview", "Accurence", "Credit Memo"] as const;

/** A roofing and storm-restoration contractor on Colorado's Front Range: three job pipelines. */
export const SUMMIT: AccountDef = {
  id: "8kq2mz",
  name: "Summit Roofing & Restoration",
  domain: "summitroofing.example.com",
  workflows: [
    {
      name: "Customer",
      objectType: "contact",
      statuses: [{ name: "Lead", lead: true }, "Prospect", "Active Customer", "Past Customer", { name: "Do Not Contact", closed: true }],
    },
    { name: "Sub-Contractor", objectType: "contact", statuses: ["Approved", { name: "Not Approved", closed: true }] },
    { name: "Insurance Adjuster", objectType: "contact", statuses: ["Active"] },
    {
      name: "Residential Roofing",
      objectType: "job",
      statuses: [
        { name: "Lead", lead: true },
        "Inspection Scheduled",
        "Estimate Sent",
        "Contract Signed",
        { name: "Pending Permit", active: false },
        "Materials Ordered",
        "Install Scheduled",
        "In Progress",
        "Final Walkthrough",
        "Invoiced",
        { name: "Paid", closed: true },
        { name: "Lost", closed: true },
      ],
    },
    {
      name: "Insurance Restoration",
      objectType: "job",
      statuses: [
        { name: "Storm Lead", lead: true },
        "Inspection Scheduled",
        "Claim Filed",
        "Adjuster Meeting",
        "Claim Approved",
        "Supplement Submitted",
        "Build Scheduled",
        "In Progress",
        "Depreciation Pending",
        "Invoiced",
        { name: "Closed - Paid", closed: true },
        { name: "Claim Denied", closed: true },
      ],
    },
    {
      name: "Commercial",
      objectType: "job",
      statuses: [
        { name: "Bid Request", lead: true },
        "Site Walk",
        "Bid Submitted",
        "Awarded",
        "Pre-Construction",
        "In Production",
        "Punch List",
        "Invoiced",
        { name: "Complete", closed: true },
        { name: "Not Awarded", closed: true },
      ],
    },
    { name: "Gutters (retired)", objectType: "job", active: false, statuses: ["Lead", "Installed", { name: "Closed", closed: true }] },
    { name: "Service Work Order", objectType: "workorder", statuses: ["Open", "Scheduled", { name: "Complete", closed: true }] },
  ],
  taskTypes: ["Appointment", "Inspection", "Adjuster Meeting", "Material Delivery", "Install Day", "Follow-up Call", "Final Walkthrough"],
  activityTypes: ACTIVITY_TYPES,
  sources: ["Door Knocking", "Storm Canvass", "Google", "Referral", "Website", "Yard Sign", "Facebook", "Repeat Customer", "Home Show"],
  fileTypes: FILE_TYPES,
  users: [
    { first: "Dana", last: "Whitaker", role: "Owner" },
    { first: "Marcus", last: "Reyes", role: "Sales" },
    { first: "Jenna", last: "Kowalski", role: "Sales" },
    { first: "Alyssa", last: "Grant", role: "Insurance Specialist" },
    { first: "Derek", last: "Lindqvist", role: "Commercial Estimator" },
    { first: "Tyler", last: "Brooks", role: "Project Manager" },
    { first: "Luis", last: "Ortega", role: "Crew Lead" },
    { first: "Sam", last: "Patel", role: "Crew Lead" },
    { first: "Kira", last: "Johansson", role: "Office Manager" },
    { first: "Cole", last: "Ramirez", role: "Sales", active: false },
  ],
  groups: [
    { name: "Sales", roles: ["Sales", "Insurance Specialist", "Commercial Estimator"] },
    { name: "Production", roles: ["Project Manager", "Crew Lead"] },
  ],
};

/** A home-exterior service company in central Ohio: service calls and replacement projects. */
export const BRIGHTSIDE: AccountDef = {
  id: "3fx7wd",
  name: "Brightside Home Services",
  domain: "brightsidehome.example.com",
  workflows: [
    { name: "Homeowner", objectType: "contact", statuses: [{ name: "New Lead", lead: true }, "Qualified", "Customer", { name: "Inactive", closed: true }] },
    { name: "Property Manager", objectType: "contact", statuses: ["Prospect", "Active Account"] },
    {
      name: "Service Call",
      objectType: "job",
      statuses: [
        { name: "New Request", lead: true },
        "Scheduled",
        "Dispatched",
        "On Site",
        "Parts on Order",
        "Work Complete",
        "Invoiced",
        { name: "Closed", closed: true },
        { name: "Cancelled", closed: true },
      ],
    },
    {
      name: "Replacement Project",
      objectType: "job",
      statuses: [
        { name: "Consultation Booked", lead: true },
        "Proposal Sent",
        "Signed",
        "Measure & Order",
        "Install Scheduled",
        "Installing",
        "Walkthrough",
        { name: "Complete", closed: true },
        { name: "Declined", closed: true },
      ],
    },
  ],
  taskTypes: ["Appointment", "Service Visit", "Measure", "Install Day", "Follow-up Call"],
  activityTypes: ACTIVITY_TYPES,
  sources: ["Google", "Angi", "Referral", "Website", "Nextdoor", "Repeat Customer", "Truck Wrap"],
  fileTypes: FILE_TYPES,
  users: [
    { first: "Megan", last: "Doyle", role: "Owner" },
    { first: "Chris", last: "Albright", role: "Service Technician" },
    { first: "Tony", last: "Nguyen", role: "Service Technician" },
    { first: "Rachel", last: "Stein", role: "Sales" },
    { first: "Jamal", last: "Carter", role: "Install Lead" },
    { first: "Pat", last: "Moreno", role: "Service Technician", active: false },
  ],
  groups: [
    { name: "Service", roles: ["Service Technician"] },
    { name: "Projects", roles: ["Sales", "Install Lead"] },
  ],
};

export const ACCOUNTS: readonly AccountDef[] = [SUMMIT, BRIGHTSIDE];

export const DEMO_KEYS: readonly DemoKey[] = Object.freeze([
  { key: "sbxsummitdemo001", label: "summit", accountId: SUMMIT.id, access: "full" },
  { key: "sbxbrightdemo002", label: "brightside", accountId: BRIGHTSIDE.id, access: "full" },
  { key: "sbxsummitread003", label: "summit-read-only", accountId: SUMMIT.id, access: "read" },
] satisfies DemoKey[]);

/** The key the product uses when nobody configured one: the roofing account. */
export const DEFAULT_DEMO_KEY: DemoKey = DEMO_KEYS[0] as DemoKey;

export function accountById(id: string): AccountDef {
  const account = ACCOUNTS.find((a) => a.id === id);
  if (!account) throw new Error(`no demo account ${id}`);
  return account;
}

function statusDef(s: string | StatusDef): Required<StatusDef> {
  const def = typeof s === "string" ? { name: s } : s;
  return { name: def.name, closed: def.closed ?? false, lead: def.lead ?? false, active: def.active ?? true };
}

/** Active statuses of an account's workflow, in order (the seed and the tests read the account data here). */
export function activeStatuses(account: AccountDef, workflow: string): string[] {
  const w = account.workflows.find((x) => x.name === workflow);
  if (!w) throw new Error(`${account.name} has no workflow ${workflow}`);
  return w.statuses.map(statusDef).filter((s) => s.active).map((s) => s.name);
}

/** The active workflows of one object type, in order. */
export function workflowsOf(account: AccountDef, objectType: ObjectType): WorkflowDef[] {
  return account.workflows.filter((w) => w.objectType === objectType && w.active !== false);
}

/**
 * GET /account/settings as the vendor shapes it (public-facts §3.5): workflows with snake_case fields and
 * their `status[]`, and the PascalCase type and source lists. Ids are stable per account.
 */
export function settingsDocument(account: AccountDef): Record<string, unknown> {
  let statusId = 100;
  return {
    workflows: account.workflows.map((w, wi) => ({
      id: wi + 1,
      order: wi + 1,
      object_type: w.objectType,
      name: w.name,
      is_sub_contractor: w.name === "Sub-Contractor",
      is_supplier: false,
      is_vendor: false,
      is_active: w.active !== false,
      can_access_by_all: true,
      icon: w.objectType === "job" ? "briefcase" : w.objectType === "contact" ? "user" : "wrench",
      status: w.statuses.map(statusDef).map((s, si) => ({
        id: ++statusId,
        name: s.name,
        is_lead: s.lead,
        is_closed: s.closed,
        is_active: s.active,
        is_archived: false,
        send_to_quickbooks: s.closed && !s.name.match(/Lost|Denied|Not Awarded|Cancelled|Declined/),
        force_mobile_sync: false,
        order: si + 1,
        profile_ids: [],
      })),
    })),
    fileTypes: account.fileTypes.map((t, i) => ({ FileTypeId: i + 1, TypeName: t, IsActive: true })),
    taskTypes: account.taskTypes.map((t, i) => ({ TaskTypeId: i + 1, TypeName: t, DefaultName: t, Icon: "calendar", HideFromTaskList: false, HideFromCalendarView: false, IsActive: true })),
    activityTypes: account.activityTypes.map((t, i) => ({ ActivityTypeId: i + 1, TypeName: t, ShowInJobShare: t === "Note", IsActive: true })),
    sources: account.sources.map((s, i) => ({ JobSourceId: i + 1, SourceName: s, IsActive: true })),
  };
}
