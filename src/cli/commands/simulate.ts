import { type Command, type CommandContext, choiceOption, requirePositionals, stringOption, UsageError, EXIT } from "../framework.js";
import { chunkSizeOption, PLOT_OPTION, RUN_OPTIONS, runnerFromOptions, SHARD_OPTION, shardOption, specFromOptions, trialsOption } from "../options.js";
import { printForecast, printTrialsRun, type Format } from "../print.js";
import { progressLine } from "../progress.js";
import { plotFile, writePlot } from "../plot.js";
import type { ProtocolRunSpec } from "../../trial/api.js";
import { shardToJson, simulateTrialsShard } from "../../trial/shards.js";
import type { ShardSpec } from "../../shard.js";
import { forecastTrial } from "../../calibration/forecast.js";
import { defaultCalibration, replicationDraws } from "../../calibration/default.js";

const exitFor = (aborted: boolean) => (aborted ? EXIT.interrupted : EXIT.ok);

async function runTrials(ctx: CommandContext, spec: ProtocolRunSpec, format: Format): Promise<number> {
  const plot = plotFile(ctx);
  const { runner, close } = runnerFromOptions(ctx);
  const progress = progressLine(ctx, "simulate");
  try {
    const run = await runner(spec, { trials: trialsOption(ctx), keepRows: format === "csv", chunkSize: chunkSizeOption(ctx), signal: ctx.signal, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
    progress.done();
    printTrialsRun(ctx, run, format);
    await writePlot(ctx, plot, run, "trials");
    return exitFor(run.provenance.aborted);
  } finally {
    progress.done();
    await close();
  }
}

async function runForecast(ctx: CommandContext, spec: ProtocolRunSpec, format: Format): Promise<number> {
  const plot = plotFile(ctx);
  if (format === "csv") throw new UsageError("--predictive gives json or table");
  const trials = trialsOption(ctx);
  const { runner, close } = runnerFromOptions(ctx);
  const progress = progressLine(ctx, "forecast");
  try {
    const f = await forecastTrial(spec, { trials, chunkSize: chunkSizeOption(ctx), keepRows: false, signal: ctx.signal, runner, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
    progress.done();
    printForecast(ctx, f, format);
    await writePlot(ctx, plot, f, "forecast");
    return exitFor(f.point.provenance.aborted || f.predictive.provenance.aborted);
  } finally {
    progress.done();
    await close();
  }
}

async function runShard(ctx: CommandContext, spec: ProtocolRunSpec, shard: ShardSpec): Promise<number> {
  if (stringOption(ctx, "format") !== undefined || stringOption(ctx, "plot") !== undefined) throw new UsageError("--shard prints a partial result (JSON) for 'merge': give --format and --plot to merge");
  const { chunkRunner, close } = runnerFromOptions(ctx);
  const progress = progressLine(ctx, `simulate shard ${shard.index}/${shard.count}`);
  try {
    const envelope = await simulateTrialsShard(spec, { trials: trialsOption(ctx), chunkSize: chunkSizeOption(ctx), signal: ctx.signal, chunkRunner, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) }, shard);
    progress.done();
    ctx.io.stdout(`${shardToJson(envelope)}\n`);
    return exitFor(envelope.payload.aborted);
  } finally {
    progress.done();
    await close();
  }
}

/** The spec for --replicate: the published trial behind the preset, with its own calibrated effects. */
async function replicateSpec(ctx: CommandContext, base: ProtocolRunSpec): Promise<ProtocolRunSpec> {
  const presetId = stringOption(ctx, "preset");
  if (!presetId) throw new UsageError("--replicate needs --preset (one of the calibrated Phase 2 trials)");
  return { ...base, predictive: replicationDraws(presetId, await defaultCalibration()) };
}

export const simulateCommand: Command = {
  path: ["simulate"],
  summary: "Monte Carlo trials of a protocol: per-arm results, power with its Monte Carlo error, effect-size distribution",
  details: [
    "Sample size: --n 20 (per arm; unequal allocation splits 20 x arms by weight), --n-total 40, or --n mdma=12,placebo=8;",
    "default: each arm's planned n. Power is the share of trials meeting the success rule (two-sided p < alpha on the",
    "primary analysis, favouring treatment). JSON is the library's TrialsRun (simulateTrials gives the same object, with",
    "the same designHash: the hash of the design as resolved). CSV: one row per trial and comparison. Parameters: the",
    "calibrated point estimate for a typical trial by default; --replicate draws them with the published trial's own",
    "effects (as the calibration's fit table does), --predictive forecasts a new trial (the ForecastResult: assurance",
    "next to power). --plot draws the distribution of Hedges' g over the trials.",
    "",
    "Shards: --shard k/N runs chunks j = k (mod N) only and prints a partial result; 'merge' joins the N parts into",
    "output identical to the single run. Ctrl-C stops at the next chunk, prints what was done (aborted: true) and exits 130.",
  ].join("\n"),
  options: {
    ...RUN_OPTIONS,
    n: { type: "string", description: "Participants per arm, or arm=n pairs", valueName: "n" },
    "n-total": { type: "string", description: "Total participants, split by allocation weights", valueName: "N" },
    format: { type: "string", description: "json, csv or table (default: json)", valueName: "json|csv|table" },
    predictive: { type: "boolean", description: "Forecast with the calibration's uncertainty: assurance next to power at the point estimate" },
    replicate: { type: "boolean", description: "Replicate the published trial behind the preset (mp1, mp2, mp8, mp12) with its own calibrated effects" },
    ...SHARD_OPTION,
    ...PLOT_OPTION,
  },
  async run(ctx) {
    requirePositionals(ctx, 0, "");
    const { spec: base } = specFromOptions(ctx);
    const format = choiceOption(ctx, "format", ["json", "csv", "table"] as const, "json");
    const predictive = ctx.values.predictive === true;
    if (predictive && ctx.values.replicate === true) throw new UsageError("give --predictive (a new trial) or --replicate (the published trial), not both");
    const shard = shardOption(ctx);
    if (predictive) {
      if (shard) throw new UsageError("--predictive runs two runs (a forecast): shard a plain or --replicate run instead");
      return runForecast(ctx, base, format);
    }
    const spec = ctx.values.replicate === true ? await replicateSpec(ctx, base) : base;
    return shard ? runShard(ctx, spec, shard) : runTrials(ctx, spec, format);
  },
};
