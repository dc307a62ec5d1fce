import { z } from "zod";
import type { Id, Location } from "../../domain/types.js";
import { normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { projectLocation } from "../projections.js";
import { email, idParam, locationOut, trimmed, text, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  customer_id: Id;
  name: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  contact_email?: string;
  notes?: string;
  dry_run: boolean;
  idempotency_key?: string;
}

export default defineTool<Args>({
  name: "create_location",
  title: "Create location",
  toolset: "customers",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.customers?.createLocation ? undefined : "this vendor's API has no customer locations"),
  description: (env) =>
    describe(env, "create_location", [
      "Add a service location (address) to a customer; duplicates: same name and street.",
    ]),
  input: (env) => ({
    customer_id: idParam(env.profile, "from search_customers"),
    name: trimmed(200),
    street: trimmed(200),
    city: trimmed(100),
    state: z.string().regex(/^[A-Z]{2}$/, "2-letter state code, e.g. IL"),
    zip: z.string().regex(/^\d{5}(-?\d{4})?$/, "5 or 9 digit ZIP"),
    contact_email: email().optional(),
    notes: text(1000).optional(),
    ...writeParams({ create: true }),
  }),
  output: (env) => ({ ...writeOutput("create"), location: locationOut(env.profile).optional() }),
  async run(args, env, call) {
    const api = env.backend.customers!;
    const readLocations = () => api.listLocations!(args.customer_id, { perPage: 100, signal: call.signal });
    // A dry run reads the customer's locations once: they prove the customer exists and feed the preflight.
    let firstRead: ReturnType<typeof readLocations> | undefined;
    const locationsOnce = () => (firstRead ??= readLocations());
    const sameAddress = async (read = readLocations): Promise<Location | undefined> => {
      const page = await read();
      return page.items.find((l) => normName(l.name) === normName(args.name) && normName(l.street) === normName(args.street));
    };
    const op = await api.createLocation!({
      customerId: args.customer_id,
      name: args.name,
      street: args.street,
      city: args.city,
      state: args.state,
      zip: args.zip,
      contactEmail: args.contact_email,
      notes: args.notes,
    });
    const report = await executeWrite(
      {
        tool: "create_location",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (l) => l.id,
        fetch: async (id) => (await api.listLocations!(args.customer_id, { perPage: 100 })).items.find((l) => l.id === id) ?? { id, name: args.name },
        reconcile: async () => (await readLocations()).items.filter((l) => normName(l.name) === normName(args.name) && normName(l.street) === normName(args.street)),
        lookup: { tool: "get_customer", arguments: { customer_id: args.customer_id } },
        references: [{ ...referencesFor(env.backend).customer(args.customer_id), exists: async () => Boolean(await locationsOnce()) }],
        preflight: async () => {
          const existing = await orNotFound(sameAddress(locationsOnce), "customer", args.customer_id, "search_customers");
          return existing && { value: existing, note: "This customer already has a location with that name and street; nothing was created." };
        },
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "location", (l) => projectLocation(l)) };
  },
});
