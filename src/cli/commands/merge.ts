/**
 * `merge parts/*.json`: the shards of one run, joined into the result the single run gives,
 * printed exactly as the single run prints it. The kind of shard decides the merge: "trials"
 * (simulate --shard), "power" (power --n ... --shard) or "calibration" (calibrate --shard).
 */
import { readJsonFile } from "../../node/files.js";
import { type Command, type CommandContext, choiceOption, UsageError, EXIT } from "../framework.js";
import { ValidationError } from "../../errors.js";
import { mergePowerShards, mergeTrialsShards, parseShardJson } from "../../trial/shards.js";
import { PLOT_OPTION } from "../options.js";
import { printPowerCurve, printTrialsRun } from "../print.js";
import { plotFile, writePlot } from "../plot.js";
import { mergeCalibrationShards } from "../../calibration/shards.js";
import { printCalibration } from "./calibrate.js";

/** The kind of the shards (that of the first; checkShards refuses a mix, naming each). */
function kindOf(shards: readonly unknown[]): string {
  const kind = (shards[0] as { kind?: unknown } | null)?.kind;
  return typeof kind === "string" ? kind : "(none)";
}

async function mergeByKind(ctx: CommandContext, kind: string, shards: readonly unknown[]): Promise<number> {
  const plot = plotFile(ctx);
  if (kind === "trials") {
    const run = mergeTrialsShards(shards);
    printTrialsRun(ctx, run, choiceOption(ctx, "format", ["json", "table"] as const, "json"));
    await writePlot(ctx, plot, run, "trials");
    return EXIT.ok;
  }
  if (kind === "power") {
    const curve = mergePowerShards(shards);
    printPowerCurve(ctx, curve, choiceOption(ctx, "format", ["json", "csv", "table"] as const, "table"));
    await writePlot(ctx, plot, curve.points, "power");
    return EXIT.ok;
  }
  if (kind === "calibration") {
    const result = mergeCalibrationShards(shards);
    printCalibration(ctx, result, choiceOption(ctx, "format", ["json", "table"] as const, "table"));
    await writePlot(ctx, plot, result, "calibration");
    return EXIT.ok;
  }
  throw new ValidationError("shards", [{ path: "shards[0].kind", rule: "known-kind", message: 'must be "trials", "power" or "calibration" (a file written by --shard)', received: kind }]);
}

export const mergeCommand: Command = {
  path: ["merge"],
  args: "<shard.json>...",
  summary: "Merge the shards of a run (simulate/power/calibrate --shard k/N) into the single run's output",
  details: [
    "Give every shard of one run (any order): 'mdma-trial-sim merge parts/*.json'. The output is byte for byte what the",
    "run gives on one machine, in the format of the command that made the shards (--format: simulate json or table,",
    "power table, json or csv, calibrate table or json). Shards of another run (seed, protocol, design, trials, chunk",
    "size; a calibration's targets, seed or settings), of another version, missing, repeated, interrupted or altered",
    "shards, and calibration shards that ran another pilot, are refused (exit 2), each named.",
  ].join("\n"),
  options: {
    format: { type: "string", description: "As for the command that made the shards (default: its default)", valueName: "fmt" },
    ...PLOT_OPTION,
  },
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new UsageError("missing shard files (the JSON that --shard k/N printed)");
    const shards = ctx.positionals.map((path) => readJsonFile(path, parseShardJson));
    return mergeByKind(ctx, kindOf(shards), shards);
  },
};
