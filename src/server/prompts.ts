/** Prompts that package the two common dispatcher flows. Our words only; arguments are user-supplied. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { VendorProfile } from "../domain/backend.js";
import type { Catalog } from "./catalog.js";

export function registerPrompts(server: McpServer, profile: VendorProfile, catalog: Catalog): void {
  const listed = new Set(catalog.listed.map((t) => t.name));
  if (listed.has("create_job") && listed.has("search_customers")) {
    server.registerPrompt(
      "dispatch_job",
      {
        title: "Dispatch a new job for a customer",
        description: "Find the customer, pick the location, create the job and assign it.",
        argsSchema: {
          customer: z.string().describe("customer name, email or phone"),
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
                      "create_job at that location with a short title and the work as description; if a technician should be assigned, list_technicians, then update_job and update_job_status to Assigned.",
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
          asset: z.string().describe("asset name, tag or serial number"),
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
