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
            suggest(customers && ((q) => customers.search({ query: q, perPage: SUGGESTIONS }).then((p) => p.items.map((c) => c.name))), value),
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
            suggest(assets && ((q) => assets.search({ query: q, perPage: SUGGESTIONS }).then((p) => p.items.map((a) => a.name))), value),
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

/** Names matching what the user typed (everything when blank), deduplicated; none when the vendor cannot answer. */
async function suggest(search: ((query: string | undefined) => Promise<string[]>) | undefined, value: string): Promise<string[]> {
  if (!search) return [];
  const typed = value.trim();
  try {
    return [...new Set(await search(typed || undefined))];
  } catch {
    return []; // suggestions are optional: the user can still type the name
  }
}
