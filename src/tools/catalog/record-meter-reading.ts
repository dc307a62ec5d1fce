import { InvalidArgumentError } from "../../domain/errors.js";
import type { Id, MeterReading } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CREATE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { prune } from "../projections.js";
import { DATE, idParam, upTo, writeOutput } from "../schemas.js";
import { defineTool } from "../types.js";

interface Args {
  asset_id: Id;
  meter_id: Id;
  value: number;
  reading_date: string;
  dry_run: boolean;
  idempotency_key?: string;
}

export default defineTool<Args>({
  name: "record_meter_reading",
  title: "Record meter reading",
  toolset: "assets",
  kind: "write",
  annotations: CREATE,
  unavailable: (b) => (b.assets?.recordMeterReading ? undefined : "this vendor's API has no meters"),
  description: (env) =>
    describe(env, "record_meter_reading", ["Submit a reading for an asset's meter; one below the meter's last reading is refused."]),
  input: (env) => ({
    asset_id: idParam(env.profile, "from search_assets"),
    meter_id: idParam(env.profile, "from get_asset meters"),
    value: upTo(1e12),
    reading_date: DATE,
    ...writeParams({ create: true }),
  }),
  // The record is in every result but left undeclared: its ids are the ones the call took (writeOutput: echoes).
  output: () => writeOutput("create"),
  async run(args, env, call) {
    const api = env.backend.assets!;
    const asset = await orNotFound(api.get(args.asset_id, { signal: call.signal }), "asset", args.asset_id, "search_assets");
    // When the vendor tells us the asset's meters, check before sending (the vendor would answer meter_not_found).
    const meter = asset.meters?.find((m) => String(m.id) === String(args.meter_id));
    if (asset.meters && !meter) {
      throw new InvalidArgumentError(
        "meter_id",
        asset.meters.length ? `asset ${asset.id} has no meter ${args.meter_id}` : `asset ${asset.id} has no meters configured (meters are set up in the vendor's dashboard)`,
        asset.meters.map((m) => m.id),
      );
    }
    /** Ledger id when the vendor answers no reading id. */
    const standIn = `${args.meter_id}@${args.reading_date}`;
    const report = await executeWrite(
      {
        tool: "record_meter_reading",
        args: { ...args },
        op: await api.recordMeterReading!(asset.id, { meterId: args.meter_id, value: args.value, date: args.reading_date }),
        success: "created",
        dryRun: args.dry_run,
        idempotencyKey: args.idempotency_key,
        // After the ledger: a replay is not refused because a later reading has been recorded since.
        guard: () => {
          if (meter?.lastReading != null && args.value < meter.lastReading) {
            throw new InvalidArgumentError("value", `readings never decrease: the last reading of meter ${meter.id} is ${meter.lastReading}${meter.lastReadingDate ? ` (${meter.lastReadingDate})` : ""}`);
          }
        },
        idOf: (r: MeterReading) => r.id ?? standIn,
        // No endpoint reads a single reading back: a replay returns what was recorded, with the vendor's id.
        fetch: async (id): Promise<MeterReading> => ({ ...(id === standIn ? {} : { id }), assetId: asset.id, meterId: args.meter_id, value: args.value, date: args.reading_date }),
        // The meter's last reading equal to ours on our date means the reading landed.
        reconcile: async (ctx): Promise<MeterReading | undefined> => {
          const now = await api.get(asset.id, ctx);
          const m = now.meters?.find((x) => String(x.id) === String(args.meter_id));
          return m && m.lastReading === args.value && (!m.lastReadingDate || m.lastReadingDate.startsWith(args.reading_date))
            ? { assetId: asset.id, meterId: args.meter_id, value: args.value, date: args.reading_date }
            : undefined;
        },
        lookup: { tool: "get_asset", arguments: { asset_id: asset.id } },
        references: [referencesFor(env.backend).known("asset", asset.id)],
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "reading", (r) => prune({ id: r.id, asset_id: r.assetId, meter_id: r.meterId, value: r.value, date: r.date })) };
  },
});
