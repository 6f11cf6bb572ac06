import { type Command, type CommandContext, choiceOption, intOption, numberOption, requirePositionals, stringOption, UsageError, EXIT } from "../framework.js";
import { chunkSizeOption, PLOT_OPTION, RUN_OPTIONS, runnerFromOptions, SHARD_OPTION, shardOption, specFromOptions, trialsOption } from "../options.js";
import { printPowerCurve, printSampleSize, type Format } from "../print.js";
import { progressLine } from "../progress.js";
import { plotFile, writePlot } from "../plot.js";
import type { ProtocolRunSpec } from "../../trial/api.js";
import { powerCurve, sampleSizeSearch } from "../../trial/power-search.js";
import { powerCurveShard, shardToJson } from "../../trial/shards.js";

/** --n 10,20,40 as numbers (the library checks their range). */
function gridOption(ctx: CommandContext): number[] | undefined {
  const grid = stringOption(ctx, "n");
  if (grid === undefined) return undefined;
  const ns = grid.split(",").map((x) => x.trim());
  if (!ns.every((x) => /^\d+$/.test(x) && Number.isSafeInteger(Number(x)))) throw new UsageError(`--n must be comma-separated whole numbers, got '${grid}'`);
  return ns.map(Number);
}

async function runGrid(ctx: CommandContext, spec: ProtocolRunSpec, grid: readonly number[], format: Format): Promise<number> {
  const plot = plotFile(ctx);
  const { runner, chunkRunner, close } = runnerFromOptions(ctx);
  const shard = shardOption(ctx);
  const progress = progressLine(ctx, shard ? `power shard ${shard.index}/${shard.count}` : "power");
  const options = { trials: trialsOption(ctx), chunkSize: chunkSizeOption(ctx), signal: ctx.signal, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) };
  try {
    if (shard) {
      if (stringOption(ctx, "format") !== undefined || stringOption(ctx, "plot") !== undefined) throw new UsageError("--shard prints a partial result (JSON) for 'merge': give --format and --plot to merge");
      const envelope = await powerCurveShard(spec, grid, { ...options, chunkRunner }, shard);
      progress.done();
      ctx.io.stdout(`${shardToJson(envelope)}\n`);
      return envelope.payload.aborted ? EXIT.interrupted : EXIT.ok;
    }
    const result = await powerCurve(runner, spec, grid, options);
    progress.done();
    printPowerCurve(ctx, result, format);
    await writePlot(ctx, plot, result.points, "power");
    return result.provenance.aborted ? EXIT.interrupted : EXIT.ok;
  } finally {
    progress.done();
    await close();
  }
}

async function runSearch(ctx: CommandContext, spec: ProtocolRunSpec, targetPower: number, format: Format): Promise<number> {
  const plot = plotFile(ctx);
  if (shardOption(ctx)) throw new UsageError("a sample-size search is sequential (each step depends on the last) and cannot be sharded: shard a grid (--n) instead");
  const { runner, close } = runnerFromOptions(ctx);
  const progress = progressLine(ctx, "power search (at most)");
  try {
    const nMin = intOption(ctx, "n-min");
    const nMax = intOption(ctx, "n-max");
    const result = await sampleSizeSearch(runner, spec, {
      targetPower,
      trials: trialsOption(ctx),
      chunkSize: chunkSizeOption(ctx),
      signal: ctx.signal,
      ...(nMin !== undefined ? { nMin } : {}),
      ...(nMax !== undefined ? { nMax } : {}),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
    progress.done();
    printSampleSize(ctx, result, format);
    await writePlot(ctx, plot, result, "sample-size");
    return result.provenance.aborted ? EXIT.interrupted : EXIT.ok;
  } finally {
    progress.done();
    await close();
  }
}

export const powerCommand: Command = {
  path: ["power"],
  summary: "Power over a grid of sample sizes, or the smallest n per arm reaching a target power",
  details: [
    "--n 10,20,40,80 gives power at each n per arm (unequal allocation: n x arms split by weight).",
    "--target-power 0.8 searches n per arm (doubling, then bisection) for the smallest n whose power's lower",
    "95% Wilson bound reaches the target; the point-estimate answer is reported too. JSON is the library's result",
    "(powerCurve's PowerCurveResult or sampleSizeSearch's SampleSizeResult, with provenance). --plot draws the power",
    "curve. A grid can be sharded (--shard k/N, then 'merge'); a search cannot. Ctrl-C prints the points finished",
    "(aborted: true) and exits 130.",
  ].join("\n"),
  options: {
    ...RUN_OPTIONS,
    n: { type: "string", description: "Comma-separated n per arm", valueName: "n1,n2,..." },
    "target-power": { type: "string", description: "Search the smallest n per arm reaching this power", valueName: "p" },
    "n-min": { type: "string", description: "Smallest n per arm the search tries (default 2)", valueName: "n" },
    "n-max": { type: "string", description: "Largest n per arm the search tries (default 2000)", valueName: "n" },
    format: { type: "string", description: "json, csv or table (default: table)", valueName: "json|csv|table" },
    ...SHARD_OPTION,
    ...PLOT_OPTION,
  },
  async run(ctx) {
    requirePositionals(ctx, 0, "");
    const { spec } = specFromOptions(ctx, { sizes: false });
    const format = choiceOption(ctx, "format", ["json", "csv", "table"] as const, "table");
    const target = numberOption(ctx, "target-power");
    const grid = gridOption(ctx);
    if ((target === undefined) === (grid === undefined)) throw new UsageError("give either --n <n1,n2,...> or --target-power <p>");
    if (grid !== undefined && (stringOption(ctx, "n-min") !== undefined || stringOption(ctx, "n-max") !== undefined)) throw new UsageError("--n-min and --n-max go with --target-power, not with --n");
    return grid !== undefined ? runGrid(ctx, spec, grid, format) : runSearch(ctx, spec, target!, format);
  },
};
