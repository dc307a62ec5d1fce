import { StaleRecordError, TransitionRefusedError } from "../../domain/errors.js";
import { allowedNext, canTransition } from "../../domain/status-machine.js";
import type { Asset, Id } from "../../domain/types.js";
import { executeWrite } from "../../safety/pipeline.js";
import { CHANGE } from "../annotations.js";
import { describe, orNotFound, writeData, writeParams } from "../common.js";
import { referencesFor } from "../references.js";
import { projectAsset } from "../projections.js";
import { enumOf, idParam, writeOutput } from "../schemas.js";
import { cleanText } from "../text.js";
import { defineTool } from "../types.js";

interface Args {
  asset_id: Id;
  status: string;
  expected_status?: string;
  confirm: boolean | string;
  dry_run: boolean;
}

export default defineTool<Args>({
  name: "update_asset_status",
  title: "Change asset status",
  toolset: "assets",
  kind: "write",
  annotations: CHANGE,
  unavailable: (b) => (b.assets?.changeStatus && b.profile.assetMachine ? undefined : "this vendor's API cannot change asset status"),
  description: (env) => {
    const m = env.profile.assetMachine!;
    return describe(env, "update_asset_status", [
      "Move an asset to a new status.",
      `${m.irreversible.join(", ")} need the user's confirmation; ${m.terminal.join(", ")} is final.`,
    ]);
  },
  input: (env) => {
    const m = env.profile.assetMachine!;
    return {
      asset_id: idParam(env.profile, "from search_assets"),
      status: enumOf(m.statuses),
      expected_status: enumOf(m.statuses).optional(),
      ...writeParams({ irreversible: true }),
    };
  },
  // The record is in every result but left undeclared: its ids are the ones the call took (writeOutput: echoes).
  output: () => writeOutput("change", { irreversible: true }),
  async run(args, env, call) {
    const api = env.backend.assets!;
    const machine = env.profile.assetMachine!;
    const asset = await orNotFound(api.get(args.asset_id, { signal: call.signal }), "asset", args.asset_id, "search_assets");
    const project = (a: Asset) => projectAsset(a, "concise", machine);
    const current = asset.status ?? "";
    if (args.expected_status && current !== args.expected_status) {
      throw new StaleRecordError("asset", asset.id, `status is ${current}, not ${args.expected_status}`, project(asset));
    }
    if (current === args.status) {
      return { data: writeData({ outcome: "existing", value: asset, notes: [`Asset ${asset.id} is already ${current}; nothing was sent.`] }, "asset", project) };
    }
    if (!canTransition(machine, current, args.status)) {
      throw new TransitionRefusedError("asset", asset.id, current, args.status, allowedNext(machine, current));
    }
    const report = await executeWrite(
      {
        tool: "update_asset_status",
        args: { ...args },
        op: await api.changeStatus!(asset, args.status),
        success: "updated",
        dryRun: args.dry_run,
        irreversible: machine.irreversible.includes(args.status) ? `Move asset ${asset.id} "${cleanText(asset.name, 120)}" from ${current} to ${args.status}` : undefined,
        confirmed: args.confirm,
        idOf: (a) => a.id,
        // After an ambiguous failure the asset standing at the target status means the change landed.
        reconcile: async (ctx) => {
          const now = await api.get(asset.id, ctx);
          return now.status === args.status ? now : undefined;
        },
        lookup: { tool: "get_asset", arguments: { asset_id: asset.id } },
        references: [referencesFor(env.backend).known("asset", asset.id)],
      },
      env.safety,
      call,
    );
    return { data: writeData(report, "asset", project, { previous_status: current }) };
  },
});
