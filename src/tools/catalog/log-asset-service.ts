import { z } from "zod";
import type { Id, ServiceRecord } from "../../domain/types.js";
import { normName } from "../../safety/matching.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { projectServiceRecord } from "../projections.js";
import { DATE, enumOf, idOut, idParam, trimmed, text, upTo, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  asset_id: Id;
  service_type: string;
  description: string;
  service_date: string;
  technician_id?: Id;
  cost?: number;
  labor_hours?: number;
  resolution_notes?: string;
  is_warranty_work?: boolean;
  warranty_claim_number?: string;
  dry_run: boolean;
  idempotency_key?: string;
}

export default defineTool<Args>({
  name: "log_asset_service",
  title: "Log asset service",
  toolset: "assets",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.assets?.logService ? undefined : "this vendor's API has no service records"),
  description: (env) =>
    describe(env, "log_asset_service", ["Record a service visit in an asset's service history."]),
  input: (env) => {
    const p = env.profile;
    return {
      asset_id: idParam(p, "from search_assets"),
      service_type: enumOf(p.serviceTypes ?? ["repair"]),
      description: trimmed(2000),
      service_date: DATE,
      technician_id: idParam(p, "from list_technicians").optional(),
      cost: upTo(1e7).optional(),
      labor_hours: upTo(1000).optional(),
      resolution_notes: text(2000).optional(),
      is_warranty_work: z.boolean().optional(),
      warranty_claim_number: text(100).optional(),
      ...writeParams({ create: true }),
    };
  },
  output: (env) => ({ ...writeOutput("create"), service_record: z.looseObject({ id: idOut(env.profile) }).optional() }),
  async run(args, env, call) {
    const api = env.backend.assets!;
    const asset = await orNotFound(api.get(args.asset_id, { signal: call.signal }), "asset", args.asset_id, "search_assets");
    const op = await api.logService!(asset.id, {
      serviceType: args.service_type,
      description: args.description,
      serviceDate: args.service_date,
      technicianId: args.technician_id,
      cost: args.cost,
      laborHours: args.labor_hours,
      resolutionNotes: args.resolution_notes,
      isWarrantyWork: args.is_warranty_work,
      warrantyClaimNumber: args.warranty_claim_number,
    });
    // Reconcile by asset, date, type and description: the fingerprint of this visit.
    const sameRecord = async (): Promise<ServiceRecord | undefined> => {
      const page = await api.serviceHistory!(asset.id, { perPage: 50, signal: call.signal });
      return page.items.find(
        (s) => s.serviceType === args.service_type && s.serviceDate === args.service_date && normName(s.description) === normName(args.description),
      );
    };
    const refs = referencesFor(env.backend);
    const report = await executeWrite(
      {
        tool: "log_asset_service",
        args: { ...args },
        op,
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        idOf: (s) => s.id,
        fetch: async (id) => (await api.serviceHistory!(asset.id, { perPage: 100 })).items.find((s) => s.id === id) ?? { id, assetId: asset.id, serviceType: args.service_type },
        reconcile: api.serviceHistory ? sameRecord : undefined,
        lookup: { tool: "get_asset", arguments: { asset_id: asset.id } },
        references: [refs.known("asset", asset.id), ...(args.technician_id === undefined ? [] : [refs.technician(args.technician_id)])],
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "service_record", (s) => projectServiceRecord(s)) };
  },
});
