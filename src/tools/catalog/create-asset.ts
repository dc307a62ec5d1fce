import { z } from "zod";
import type { Backend, CallContext } from "../../domain/backend.js";
import type { Asset, Id } from "../../domain/types.js";
import { createdAfter, normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { projectAsset } from "../projections.js";
import { assetOut, DATE, enumOf, idParam, idParamOf, trimmed, text, upTo, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";
import { assetTakes } from "./update-asset.js";

interface Args {
  name: string;
  type_id: Id;
  serial_number?: string;
  model?: string;
  manufacturer?: string;
  purchase_date?: string;
  purchase_cost?: number;
  status?: string;
  location_id?: Id;
  assigned_to?: Id;
  notes?: string;
  allow_duplicate: boolean;
  dry_run: boolean;
  idempotency_key?: string;
}

/** Every asset with this serial number (serials identify equipment), optionally created since `since`. */
async function bySerial(backend: Backend, serial: string, ctx: CallContext, since?: number): Promise<Asset[]> {
  const page = await backend.assets!.search({ query: serial, perPage: 50, signal: ctx.signal });
  return page.items.filter((a) => normName(a.serialNumber) === normName(serial) && (since === undefined || createdAfter(a.createdAt, since)));
}

async function findBySerial(backend: Backend, serial: string, ctx: CallContext, since?: number): Promise<Asset | undefined> {
  return (await bySerial(backend, serial, ctx, since))[0];
}

/** The asset tools this vendor offers after a create. */
/**
 * An asset with this name, type and location created since `since`. Type and location count because some vendors'
 * assets carry no creation time (TrackplanFM), so the time alone cannot tell ours from an older namesake.
 */
async function byName(backend: Backend, args: Pick<Args, "name" | "type_id" | "location_id">, ctx: CallContext, since: number): Promise<Asset[]> {
  const page = await backend.assets!.search({ query: args.name, createdAfter: new Date(since - 120_000).toISOString(), perPage: 50, signal: ctx.signal });
  return page.items.filter(
    (a) =>
      normName(a.name) === normName(args.name) &&
      (a.typeId == null || String(a.typeId) === String(args.type_id)) &&
      (args.location_id === undefined || a.locationId == null || String(a.locationId).toLowerCase() === String(args.location_id).toLowerCase()) &&
      createdAfter(a.createdAt, since),
  );
}

export default defineTool<Args>({
  name: "create_asset",
  title: "Create asset",
  toolset: "assets",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.assets?.create ? undefined : "this vendor's API cannot create assets"),
  description: (env) =>
    describe(env, "create_asset", [
      "Register equipment (the vendor generates its tag); duplicates: same serial number.",
    ]),
  input: (env) => {
    const p = env.profile;
    return {
      name: trimmed(200),
      type_id: idParamOf(p.assetTypeIdKind ?? p.idKind, "from get_asset"),
      ...(assetTakes(p, "serial_number") ? { serial_number: trimmed(100).optional() } : {}),
      ...(assetTakes(p, "model") ? { model: text(100).optional() } : {}),
      ...(assetTakes(p, "manufacturer") ? { manufacturer: text(100).optional() } : {}),
      ...(assetTakes(p, "purchase_date") ? { purchase_date: DATE.optional() } : {}),
      ...(assetTakes(p, "purchase_cost") ? { purchase_cost: upTo(1e9).optional() } : {}),
      ...(p.assetCreateStatuses && assetTakes(p, "status") ? { status: enumOf(p.assetCreateStatuses).optional() } : {}),
      // Required where the vendor's assets must have a site (profile.assetRequired): refused by the schema, before any call.
      ...(assetTakes(p, "location_id")
        ? { location_id: p.assetRequired?.includes("location_id") ? idParam(p, "from search_customers") : idParam(p, "from get_customer").optional() }
        : {}),
      ...(assetTakes(p, "assigned_to") ? { assigned_to: idParam(p, "from list_technicians").optional() } : {}),
      ...(assetTakes(p, "notes") ? { notes: text(2000).optional() } : {}),
      allow_duplicate: z.boolean().default(false),
      ...writeParams({ create: true }),
    };
  },
  output: (env) => ({ ...writeOutput("create"), asset: assetOut(env.profile).optional() }),
  async run(args, env, call) {
    const api = env.backend.assets!;
    const op = await api.create!({
      name: args.name,
      typeId: args.type_id,
      serialNumber: args.serial_number,
      model: args.model,
      manufacturer: args.manufacturer,
      purchaseDate: args.purchase_date,
      purchaseCost: args.purchase_cost,
      status: args.status,
      locationId: args.location_id,
      assignedTo: args.assigned_to,
      notes: args.notes,
    });
    const project = (a: Asset) => projectAsset(a, "concise", env.profile.assetMachine);
    const serial = args.serial_number;
    const startedAt = Date.now();
    const refs = referencesFor(env.backend);
    const report = await executeWrite(
      {
        tool: "create_asset",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (a) => a.id,
        fetch: (id, ctx) => api.get(id, ctx),
        reconcile: (ctx) => (args.serial_number ? bySerial(env.backend, args.serial_number, ctx, startedAt) : byName(env.backend, args, ctx, startedAt)),
        lookup: { tool: "search_assets", arguments: { query: args.serial_number ?? args.name } },
        references: [
          refs.assetType(args.type_id),
          ...(args.location_id === undefined ? [] : [refs.location(args.location_id)]),
          ...(args.assigned_to === undefined ? [] : [refs.technician(args.assigned_to)]),
        ],
        preflight:
          serial && !args.allow_duplicate
            ? async (ctx) => {
                const existing = await findBySerial(env.backend, serial, ctx);
                return existing && { value: existing, note: `Asset ${existing.id} already has serial number ${serial}; nothing was created. Pass allow_duplicate: true to create another.` };
              }
            : undefined,
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "asset", project) };
  },
});
