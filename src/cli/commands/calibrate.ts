import { writeFileSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { type Command, type CommandContext, choiceOption, seedOption, stringOption, requirePositionals, jsonText, UsageError, EXIT } from "../framework.js";
import { PLOT_OPTION, SHARD_OPTION, WORKER_OPTIONS, shardOption, workersOption } from "../options.js";
import { plotFile, writePlot } from "../plot.js";
import { readJsonFile } from "../../node/files.js";
import { table, formatNumber } from "../format.js";
import { parseTargets, phase2Targets } from "../../calibration/targets.js";
import { DEFAULT_CALIBRATION_SEED, QUICK_SETTINGS, type CalibrationResult } from "../../calibration/calibrate.js";
import { calibrateParallel, calibrationShardParallel } from "../../node/calibrate.js";
import type { CalibrationTiming } from "../../calibration/progress.js";
import { timeLeftText } from "../progress.js";


/** Print a calibration as the calibrate command does: its JSON summary (without the draws) or its tables. */
export function printCalibration(ctx: CommandContext, result: CalibrationResult, format: "json" | "table"): void {
  if (format === "json") {
    ctx.io.stdout(`${JSON.stringify({ seed: result.seed, settings: result.settings, method: result.method, parameters: result.parameters, trialEffects: result.trialEffects, dropout: result.dropout, relapse: result.relapse, diagnostics: result.diagnostics, excluded: result.excluded, fit: result.fit, leaveOneOut: result.leaveOneOut }, null, 2)}\n`);
  } else ctx.io.stdout(`${formatCalibration(result)}\n`);
}

/** The calibrated parameters' posterior medians, as the parameter table reads them. */
export function medians(result: CalibrationResult): Record<string, number> {
  return {
    ...Object.fromEntries(result.parameters.map((p) => [p.key, p.median])),
    "dropout.perVisitProbability": result.dropout.perVisitProbability.median,
    ...(result.relapse ? { "relapse.hazardPerYear": result.relapse.hazardPerYear.median } : {}),
  };
}

export function formatCalibration(r: CalibrationResult): string {
  const inside = r.fit.filter((f) => f.inside).length;
  const bins = [0, 0, 0, 0, 0];
  for (const f of r.fit) bins[Math.min(4, Math.floor(f.percentile / 20))]!++;
  const lines = [
    `Calibration to ${r.targets.trials.length} Phase 2 trials (${r.targets.trials.join(", ")}), seed ${String(r.seed)}: ${r.diagnostics.draws} posterior draws; max split-R-hat ${formatNumber(r.diagnostics.maxRhat)}, min ESS ${r.diagnostics.minEss}.`,
    "",
    table(["parameter", "median", "90% interval", "R-hat", "ESS"], r.parameters.map((p) => [p.label, p.median, `${formatNumber(p.q05)} to ${formatNumber(p.q95)}`, p.rhat, p.ess])),
    "",
    table(["trial", "psychotherapy effect (log)", "drug effect (log)"], r.trialEffects.map((t) => [t.trial, `${formatNumber(t.therapyLog.median)} (${formatNumber(t.therapyLog.q05)} to ${formatNumber(t.therapyLog.q95)})`, `${formatNumber(t.drugLog.median)} (${formatNumber(t.drugLog.q05)} to ${formatNumber(t.drugLog.q95)})`])),
    "",
    `Dropout per visit: ${formatNumber(r.dropout.perVisitProbability.median)} (90%: ${formatNumber(r.dropout.perVisitProbability.q05)}-${formatNumber(r.dropout.perVisitProbability.q95)}), ${r.dropout.dropouts} dropout in ${r.dropout.visitsAtRisk} visits at risk.`,
    r.relapse
      ? `Relapse hazard: ${formatNumber(r.relapse.hazardPerYear.median)} per year (90%: ${formatNumber(r.relapse.hazardPerYear.q05)}-${formatNumber(r.relapse.hazardPerYear.q95)}), ${r.relapse.relapses} relapses over ${formatNumber(r.relapse.personYears)} responder-years.`
      : "Relapse hazard: no relapse follow-up in the targets; the parameter table's value is used.",
    `Leave-one-out posteriors: largest split-R-hat ${formatNumber(Math.max(...r.diagnostics.leaveOneOut.map((x) => x.maxRhat)))}, smallest ESS ${Math.min(...r.diagnostics.leaveOneOut.map((x) => x.minEss))}; influence of each trial (Pareto k-hat; above 0.7 it moves the posterior too far for importance sampling): ${r.diagnostics.leaveOneOut.map((x) => `${x.heldOut} ${x.influenceParetoK === null ? "no fit (loo: Inf)" : formatNumber(x.influenceParetoK)}`).join(", ")}.`,
    "",
    `Fit: ${inside} of ${r.fit.length} published figures inside the 5-95% range of simulated trials of their design; percentiles by fifth: ${bins.join(" / ")}.`,
    table(["target", "published", "simulated mean", "5%", "95%", "percentile", ""], r.fit.map((f) => [f.target, f.published, f.simulatedMean, f.p05, f.p95, f.percentile, f.inside ? "" : "outside"])),
  ];
  if (r.leaveOneOut.length) {
    lines.push("", "Leave one trial out (forecast of the held-out trial as a new trial):");
    lines.push(table(["trial", "result", "published", "forecast median", "5%", "95%", "percentile", ""], r.leaveOneOut.map((l) => [l.trial, l.result, l.published, l.forecastMedian, l.p05, l.p95, l.percentile, l.inside ? "" : "outside"])));
  }
  return lines.join("\n");
}

/** A progress line: "[29 s] chain all 2 (1/20, about 3 min 10 s left in this stage)". */
export function calibrationProgressText(stage: string, done: number, total: number, timing: CalibrationTiming): string {
  const left = done < total && timing.stageSecondsLeft !== null ? `${timeLeftText(timing.stageSecondsLeft)} in this stage` : "";
  return `[${Math.round(timing.elapsedSeconds)} s] ${stage}${total ? ` (${done}/${total}${left})` : ""}`;
}

/**
 * Where --write puts the calibration and its posterior medians, and what --check compares: by
 * default the shipped places (the medians are data the parameter layer owns,
 * src/params/calibrated.json); with --out DIR, both files in DIR, nowhere else.
 */
export function calibrationPaths(out: string | undefined): { calibration: string; medians: string } {
  if (out === undefined) return { calibration: join("src", "calibration", "default-calibration.json"), medians: join("src", "params", "calibrated.json") };
  return { calibration: join(out, "default-calibration.json"), medians: join(out, "calibrated.json") };
}

export const calibrateCommand: Command = {
  path: ["calibrate"],
  summary: "Calibrate the efficacy model to the Phase 2 results (posterior draws, fit table, leave-one-trial-out forecasts)",
  details: [
    "Runs the full calibration (minutes: see BENCHMARKS.md; chains run on worker threads). With the default targets and seed it",
    "reproduces the calibration that ships with the package; --write replaces the shipped files (src/calibration/ and src/params/),",
    "--check exits 1 if the result differs from them. --quick runs a short version to try the method on your targets.",
    "--shard k/N runs the pilot and every N-th chain (from the k-th, counting from 0) and prints a partial result;",
    "'mdma-trial-sim merge' joins the N parts into the single run's result, bit for bit (docs/sharding.md).",
    "Progress on stderr (unless --quiet): each step with the time since the start and the time left in its stage.",
    "Ctrl-C stops at once (the worker threads are ended), says which step was reached, prints and writes nothing,",
    "and exits 130: a posterior from chains cut short would be misleading.",
  ].join("\n"),
  options: {
    targets: { type: "string", description: "Targets JSON in the format of seeds/phase2-targets.json (default: the shipped Phase 2 set)", valueName: "file" },
    seed: { type: "string", description: "Seed", valueName: "s", default: String(DEFAULT_CALIBRATION_SEED) },
    ...WORKER_OPTIONS,
    ...SHARD_OPTION,
    ...PLOT_OPTION,
    format: { type: "string", description: "json or table (default: table)", valueName: "json|table" },
    quick: { type: "boolean", description: "Short chains and few replicates (a quick look, not the shipped calibration)" },
    write: { type: "boolean", description: "Write default-calibration.json and calibrated.json (the posterior medians) to src/calibration/ and src/params/ (the shipped calibration), or to --out DIR" },
    check: { type: "boolean", description: "Exit 1 unless both files equal the shipped ones (or those in --out DIR)" },
    out: { type: "string", description: "Directory --write and --check use: both files go into it (default: the shipped places, src/calibration/ and src/params/)", valueName: "dir" },
    quiet: { type: "boolean", description: "No progress on stderr" },
  },
  async run(ctx) {
    requirePositionals(ctx, 0, "");
    const file = stringOption(ctx, "targets");
    const targets = file ? parseTargets(readJsonFile(file)) : phase2Targets();
    const format = choiceOption(ctx, "format", ["json", "table"] as const, "table");
    const plot = plotFile(ctx);
    const shard = shardOption(ctx);
    if (ctx.values.quick && (ctx.values.write || ctx.values.check)) throw new UsageError("--quick cannot be combined with --write or --check");
    if (shard && (ctx.values.write || ctx.values.check)) throw new UsageError("--write and --check need the single run (calibrate without --shard); a merge of shards prints the same result");
    if (shard && (plot || ctx.values.format !== undefined)) throw new UsageError("--shard prints a partial result for 'merge': give --format and --plot to merge");
    const options = {
      seed: seedOption(ctx, DEFAULT_CALIBRATION_SEED),
      ...(ctx.values.quick ? { settings: QUICK_SETTINGS } : {}),
      workers: workersOption(ctx),
      forceWorkers: ctx.values["force-workers"] === true,
      signal: ctx.signal,
      onProgress: ctx.values.quiet ? undefined : (stage: string, done: number, total: number, timing: CalibrationTiming) => ctx.io.stderr(`${calibrationProgressText(stage, done, total, timing)}\n`),
    };
    if (shard) {
      ctx.io.stdout(jsonText(await calibrationShardParallel(targets, shard, options)));
      return EXIT.ok;
    }
    const result = await calibrateParallel(targets, options);
    const paths = calibrationPaths(stringOption(ctx, "out"));
    const full = `${JSON.stringify(result)}\n`;
    const med = `${JSON.stringify(medians(result), null, 2)}\n`;
    if (ctx.values.write) {
      writeFileSync(paths.calibration, full);
      writeFileSync(paths.medians, med);
      ctx.io.stderr(`wrote ${paths.calibration} and ${paths.medians}\n`);
    }
    if (ctx.values.check) {
      const files: readonly (readonly [path: string, text: string])[] = [[paths.calibration, full], [paths.medians, med]];
      const differing = files.filter(([path, text]) => !existsSync(path) || readFileSync(path, "utf8") !== text).map(([path]) => path);
      ctx.io.stderr(differing.length === 0 ? `the result equals ${paths.calibration} and ${paths.medians}\n` : `the result differs from ${differing.join(" and ")}\n`);
      if (differing.length > 0) return 1;
    }
    printCalibration(ctx, result, format);
    await writePlot(ctx, plot, result, "calibration");
    return 0;
  },
};
