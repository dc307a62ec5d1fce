/**
 * Prompts that package the two common dispatcher flows. Our words only; arguments are user-supplied.
 * With a backend, the customer and asset arguments complete (completion/complete) from the vendor's records.
 */
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Backend, VendorProfile } from "../domain/backend.js";
import type { Catalog } from "./catalog.js";

/** Suggestions per completion request: a short list a user can pick from. */
const SUGGESTIONS = 10;
/** Candidates fetched to rank from: a vendor's search also matches emails and phones, so its first ten may hold none of the names that start with what was typed. */
const CANDIDATES = 50;

export function registerPrompts(server: McpServer, profile: VendorProfile, catalog: Catalog, backend?: Backend): void {
  const listed = new Set(catalog.listed.map((t) => t.name));
  const customers = backend?.customers;
  const assets = backend?.assets;
  if (listed.has("create_job") && listed.has("search_customers")) {
    server.registerPrompt(
      "dispatch_job",
      {
        title: "Dispatch a new job for a customer",
        description: "Find the customer, pick the location, create the job and assign it.",
        argsSchema: {
          customer: completable(z.string().describe("customer name, email or phone"), (value) =>
            suggest(customers && ((q) => customers.search({ query: q, perPage: Math.min(CANDIDATES, profile.maxPageSize) }).then((p) => p.items.map((c) => c.name))), value),
          ),
          work: z.string().describe("what needs doing"),
        },
      },
      ({ customer, work }) => ({
        messages: [
          {
            role: "user",
            content: {
              type: "text",
              text: [
                `Dispatch a new ${profile.displayName} job.`,
                `Customer (as the user wrote it): ${JSON.stringify(customer)}`,
                `Work needed (as the user wrote it): ${JSON.stringify(work)}`,
                ...(profile.jobSite === "address"
                  ? [
                      "Steps: search_customers for the customer and confirm which one if several match; get_customer shows its address and recent jobs;",
                      "create_job for that customer in the workflow that fits the work (fsm://statuses/jobs lists the workflows and their statuses), with a short title and the work as description; if someone should be assigned, list_technicians, then update_job.",
                    ]
                  : [
                      "Steps: search_customers for the customer and confirm which one if several match; get_customer to list its locations and confirm the location;",
                      listed.has("update_job")
                        ? "create_job at that location with a short title and the work as description; if a technician should be assigned, list_technicians, then update_job and update_job_status to Assigned."
                        : listed.has("add_job_task")
                          ? "create_job at that location with a short title and the work as description; to instruct a technician, list_technicians, then add_job_task with their id."
                          : "create_job at that location with a short title and the work as description.",
                    ]),
                "Report the job id, its status and what can happen next.",
              ].join("\n"),
            },
          },
        ],
      }),
    );
  }
  if (listed.has("log_asset_service") && listed.has("search_assets")) {
    server.registerPrompt(
      "log_service_visit",
      {
        title: "Log a service visit on an asset",
        description: "Find the equipment, then record what was done.",
        argsSchema: {
          asset: completable(z.string().describe("asset name, tag or serial number"), (value) =>
            suggest(assets && ((q) => assets.search({ query: q, perPage: Math.min(CANDIDATES, profile.maxPageSize) }).then((p) => p.items.map((a) => a.name))), value),
          ),
          visit: z.string().describe("what was done, when, by whom"),
        },
      },
      ({ asset, visit }) => ({
        messages: [
          {
            role: "user",
            content: {
              type: "text",
              text: [
                "Log a service visit.",
                `Asset (as the user wrote it): ${JSON.stringify(asset)}`,
                `Visit (as the user wrote it): ${JSON.stringify(visit)}`,
                "Steps: search_assets and confirm the asset if several match; get_asset for its status and recent service;",
                `log_asset_service with the service type that fits (${(profile.serviceTypes ?? []).join(", ")}), the date (YYYY-MM-DD) and a description;`,
                "if the asset's status should change (for example back to Active after maintenance), use update_asset_status.",
              ].join("\n"),
            },
          },
        ],
      }),
    );
  }
}

/**
 * Names matching what the user typed (everything when blank), deduplicated, most relevant first, at most
 * SUGGESTIONS; none when the vendor cannot answer.
 */
async function suggest(search: ((query: string | undefined) => Promise<string[]>) | undefined, value: string): Promise<string[]> {
  if (!search) return [];
  const typed = value.trim();
  try {
    return rankByRelevance([...new Set(await search(typed || undefined))], typed).slice(0, SUGGESTIONS);
  } catch {
    return []; // suggestions are optional: the user can still type the name
  }
}

/**
 * Completion order: names that start with what was typed ("Ac" → "Acme Corporation"), then names with a word
 * that does ("Little Acorns"), then names that contain it, then the rest (the vendor matched an email or a
 * phone number). Case-insensitive; the vendor's order is kept within each group.
 */
export function rankByRelevance(names: readonly string[], typed: string): string[] {
  const q = typed.trim().toLowerCase();
  if (!q) return [...names];
  const rank = (name: string): number => {
    const n = name.toLowerCase();
    if (n.startsWith(q)) return 0;
    if (n.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(q))) return 1;
    return n.includes(q) ? 2 : 3;
  };
  return names
    .map((name, i) => ({ name, i, r: rank(name) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.name);
}
