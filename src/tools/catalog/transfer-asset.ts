import { InvalidArgumentError } from "../../domain/errors.js";
import type { Id, Transfer } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { prune } from "../projections.js";
import { DATE, idParam, text, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  asset_id: Id;
  to_location_id: Id;
  reason?: string;
  transfer_date?: string;
  dry_run: boolean;
  idempotency_key?: string;
}

export default defineTool<Args>({
  name: "transfer_asset",
  title: "Transfer asset",
  toolset: "assets",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.assets?.transfer ? undefined : "this vendor's API cannot transfer assets"),
  description: (env) =>
    describe(env, "transfer_asset", ["Move an asset to another location (recorded as a transfer)."]),
  input: (env) => ({
    asset_id: idParam(env.profile, "from search_assets"),
    to_location_id: idParam(env.profile, "from get_customer"),
    reason: text(500).optional(),
    transfer_date: DATE.optional(),
    ...writeParams({ create: true }),
  }),
  // The record is in every result but left undeclared: its ids are the ones the call took (writeOutput: echoes).
  output: () => writeOutput("create"),
  async run(args, env, call) {
    const api = env.backend.assets!;
    const asset = await orNotFound(api.get(args.asset_id, { signal: call.signal }), "asset", args.asset_id, "search_assets");
    /** Ledger id when the vendor answers no transfer id. */
    const standIn = `${asset.id}->${args.to_location_id}`;
    const refs = referencesFor(env.backend);
    const report = await executeWrite(
      {
        tool: "transfer_asset",
        args: { ...args },
        op: await api.transfer!(asset.id, { toLocationId: args.to_location_id, reason: args.reason, date: args.transfer_date }),
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        guard: () => {
          if (asset.locationId != null && String(asset.locationId) === String(args.to_location_id)) {
            throw new InvalidArgumentError("to_location_id", `asset ${asset.id} is already at location ${args.to_location_id}`);
          }
        },
        idOf: (t) => t.id ?? standIn,
        // No endpoint reads a transfer back: a replay returns what was recorded, with the vendor's id.
        // (On a replay the asset already stands at the destination, so where it came from is not known here.)
        fetch: async (id) => ({ ...(id === standIn ? {} : { id }), assetId: asset.id, toLocationId: args.to_location_id }),
        // The asset standing at the destination means the transfer landed.
        reconcile: async (ctx): Promise<Transfer | undefined> => {
          const now = await api.get(asset.id, ctx);
          return String(now.locationId) === String(args.to_location_id)
            ? { assetId: asset.id, fromLocationId: asset.locationId ?? null, toLocationId: args.to_location_id }
            : undefined;
        },
        lookup: { tool: "get_asset", arguments: { asset_id: asset.id } },
        references: [refs.known("asset", asset.id), refs.location(args.to_location_id)],
      },
      env.safety,
      call,
    );
    return {
      data: writeData(report, "transfer", (t) =>
        prune({ id: t.id, asset_id: t.assetId, from_location_id: t.fromLocationId, to_location_id: t.toLocationId, status: t.status, date: t.date }),
      ),
    };
  },
});
