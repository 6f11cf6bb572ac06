import { type Command, type CommandContext, choiceOption, intOption, numberOption, seedOption, stringOption, requirePositionals, UsageError } from "../framework.js";
import { loadProtocol, readJsonFile } from "../../node/files.js";
import { csv, table, formatNumber } from "../format.js";
import type { Protocol } from "../../protocol/schema.js";
import type { TrialDesignInput } from "../../trial/design.js";
import { designWithNPerArm, simulateTrials, type ProtocolRunSpec, type TrialsRun } from "../../trial/api.js";
import type { RunOptions } from "../../trial/engine.js";
import { powerCurve, sampleSizeSearch, type Runner } from "../../trial/power-search.js";
import { simulateTrialsParallel, WorkerPool } from "../../node/parallel.js";
import { forecastTrial, type ForecastResult } from "../../calibration/forecast.js";
import { replicationDraws } from "../../calibration/default.js";

export const RUN_OPTIONS = {
  preset: { type: "string", description: "Preset protocol id (see 'presets')", valueName: "id" },
  protocol: { type: "string", description: "Protocol JSON file (instead of --preset)", valueName: "file" },
  trials: { type: "string", description: "Number of simulated trials", valueName: "N", default: "1000" },
  seed: { type: "string", description: "Seed (integer or text)", valueName: "s", default: "1" },
  workers: { type: "string", description: "Worker threads (default: run on this thread); results are identical for any number", valueName: "W" },
  randomization: { type: "string", description: "fixed, simple, blocked or stratified-blocked", valueName: "method", default: "fixed" },
  "block-size": { type: "string", description: "Block size for blocked randomization", valueName: "k" },
  analysis: { type: "string", description: "Primary analysis: welch, student, ancova or fisher", valueName: "name", default: "welch" },
  alpha: { type: "string", description: "Two-sided significance level", valueName: "a", default: "0.05" },
  heterogeneity: { type: "boolean", description: "Draw a new trial-level effect for each trial (trials differ)" },
  endpoint: { type: "string", description: "Assessment to analyse (default: the protocol's primary; see 'protocol timeline')", valueName: "id" },
  missing: { type: "string", description: "completers or locf", valueName: "how", default: "completers" },
  parameters: { type: "string", description: "JSON file of parameter overrides (see 'params')", valueName: "file" },
  "chunk-size": { type: "string", description: "Trials per chunk (part of the result's identity)", valueName: "k", default: "50" },
  quiet: { type: "boolean", description: "No progress on stderr" },
} as const;

export function protocolFromOptions(ctx: CommandContext): Protocol {
  const presetId = stringOption(ctx, "preset");
  const file = stringOption(ctx, "protocol");
  if (presetId && file) throw new UsageError("give --preset or --protocol, not both");
  if (!presetId && !file) throw new UsageError("missing --preset <id> or --protocol <file>");
  return loadProtocol(presetId ?? file!);
}

/** --n 20 (per arm), --n-total 40, or --n mdma=12,placebo=8. */
function sizeFromOptions(ctx: CommandContext, protocol: Protocol, design: TrialDesignInput): TrialDesignInput {
  const n = stringOption(ctx, "n");
  const total = intOption(ctx, "n-total", { min: 2 });
  if (n !== undefined && total !== undefined) throw new UsageError("give --n or --n-total, not both");
  if (total !== undefined) return { ...design, n: { total } };
  if (n === undefined) return design;
  if (/^\d+$/.test(n)) return designWithNPerArm(protocol, design, Number(n));
  const perArm: Record<string, number> = {};
  for (const part of n.split(",")) {
    const m = /^([a-z0-9][a-z0-9_-]*)=(\d+)$/.exec(part.trim());
    if (!m) throw new UsageError(`--n must be a number per arm or arm=n pairs like mdma=12,placebo=8, got '${n}'`);
    perArm[m[1]!] = Number(m[2]);
  }
  return { ...design, n: { perArm } };
}

export function specFromOptions(ctx: CommandContext, { sizes = true }: { sizes?: boolean } = {}): { spec: ProtocolRunSpec; protocol: Protocol } {
  const protocol = protocolFromOptions(ctx);
  const design: TrialDesignInput = {
    randomization: {
      method: choiceOption(ctx, "randomization", ["fixed", "simple", "blocked", "stratified-blocked"] as const, "fixed"),
      ...(intOption(ctx, "block-size", { min: 1 }) !== undefined ? { blockSize: intOption(ctx, "block-size", { min: 1 })! } : {}),
    },
    primaryAnalysis: choiceOption(ctx, "analysis", ["welch", "student", "ancova", "fisher"] as const, "welch"),
    alpha: numberOption(ctx, "alpha", { exclusiveMin: 0, max: 0.5 }) ?? 0.05,
    trialHeterogeneity: ctx.values.heterogeneity === true,
    missing: choiceOption(ctx, "missing", ["completers", "locf"] as const, "completers"),
    ...(stringOption(ctx, "endpoint") !== undefined ? { endpoint: stringOption(ctx, "endpoint")! } : {}),
  };
  const file = stringOption(ctx, "parameters");
  const parameters = file ? (readJsonFile(file) as Record<string, number>) : undefined;
  return { protocol, spec: { protocol, design: sizes ? sizeFromOptions(ctx, protocol, design) : design, seed: seedOption(ctx, 1), ...(parameters ? { parameters } : {}) } };
}

export function runnerFromOptions(ctx: CommandContext): { runner: Runner; close: () => Promise<void> } {
  const workers = intOption(ctx, "workers", { min: 1, max: 256 });
  if (workers === undefined) return { runner: simulateTrials, close: async () => undefined };
  const pool = new WorkerPool({ workers });
  return { runner: (spec, options) => simulateTrialsParallel(spec, { ...options, pool }), close: () => pool.close() };
}

export function progressReporter(ctx: CommandContext, label: string): RunOptions["onProgress"] {
  if (ctx.values.quiet === true || !process.stderr.isTTY) return undefined;
  let last = 0;
  return ({ completedTrials, totalTrials }) => {
    const now = Date.now();
    if (now - last < 500 && completedTrials < totalTrials) return;
    last = now;
    ctx.io.stderr(`\r${label}: ${completedTrials}/${totalTrials} trials${completedTrials === totalTrials ? "\n" : ""}`);
  };
}

function simulateJson(run: TrialsRun) {
  const primaryId = run.design.success.comparisons;
  const primary = run.summary.comparisons.find((c) => c.armId === primaryId) ?? run.summary.comparisons[0]!;
  return {
    provenance: run.provenance,
    design: { totalN: run.design.totalN, armSizes: run.design.armSizes, randomization: run.design.randomization, endpoint: run.design.endpointId, primaryAnalysis: run.design.primaryAnalysis, alpha: run.design.alpha, success: run.design.success, trialHeterogeneity: run.design.trialHeterogeneity },
    arms: run.summary.arms,
    power: run.summary.power,
    rejectionRate: run.summary.rejectionRate,
    effectSize: { armId: primary.armId, controlArmId: primary.controlArmId, hedgesG: primary.hedgesG, difference: primary.difference },
    comparisons: run.summary.comparisons,
    screenFailuresPerTrial: run.summary.screenFailuresPerTrial,
  };
}

export const simulateCommand: Command = {
  path: ["simulate"],
  summary: "Monte Carlo trials of a protocol: per-arm results, power with its Monte Carlo error, effect-size distribution",
  details: [
    "Sample size: --n 20 (per arm; unequal allocation splits 20 x arms by weight), --n-total 40, or --n mdma=12,placebo=8;",
    "default: each arm's planned n. Power is the share of trials meeting the success rule (two-sided p < alpha on the",
    "primary analysis, favouring treatment). JSON carries provenance (seed, version, protocol hash, trials).",
    "CSV: one row per trial and comparison. Parameters: the calibrated point estimate for a typical trial by default;",
    "--replicate draws them with the published trial's own effects (as the calibration's fit table does), --predictive",
    "forecasts a new trial (assurance next to power).",
  ].join("\n"),
  options: {
    ...RUN_OPTIONS,
    n: { type: "string", description: "Participants per arm, or arm=n pairs", valueName: "n" },
    "n-total": { type: "string", description: "Total participants, split by allocation weights", valueName: "N" },
    format: { type: "string", description: "json, csv or table", valueName: "json|csv|table", default: "json" },
    predictive: { type: "boolean", description: "Forecast with the calibration's uncertainty: assurance next to power at the point estimate" },
    replicate: { type: "boolean", description: "Replicate the published trial behind the preset (mp1, mp2, mp8, mp12) with its own calibrated effects" },
  },
  async run(ctx) {
    requirePositionals(ctx, 0, "");
    const { spec: base } = specFromOptions(ctx);
    if (ctx.values.predictive === true && ctx.values.replicate === true) throw new UsageError("give --predictive (a new trial) or --replicate (the published trial), not both");
    if (ctx.values.predictive === true) return runPredictive(ctx, base);
    let spec = base;
    if (ctx.values.replicate === true) {
      const presetId = stringOption(ctx, "preset");
      if (!presetId) throw new UsageError("--replicate needs --preset (one of the calibrated Phase 2 trials)");
      spec = { ...base, predictive: replicationDraws(presetId) };
    }
    const trials = intOption(ctx, "trials", { min: 1, max: 1e9 }) ?? 1000;
    const format = choiceOption(ctx, "format", ["json", "csv", "table"] as const, "json");
    const { runner, close } = runnerFromOptions(ctx);
    let run: TrialsRun;
    try {
      run = await runner(spec, { trials, keepRows: format === "csv", chunkSize: intOption(ctx, "chunk-size", { min: 1 }) ?? 50, onProgress: progressReporter(ctx, "simulate") });
    } finally {
      await close();
    }
    if (format === "json") ctx.io.stdout(`${JSON.stringify(simulateJson(run), null, 2)}\n`);
    else if (format === "csv") {
      const rows = (run.rows ?? []).flatMap((r) =>
        r.comparisons.map((c) => [r.trial, c.armId, c.controlArmId, c.welch?.estimate, c.welch?.p, c.student?.p, c.ancova?.estimate, c.ancova?.p, c.fisherP, c.riskDifference?.rd, c.effectSize?.g, c.primaryP, c.success, r.success]),
      );
      ctx.io.stdout(csv(["trial", "arm", "control", "differenceWelch", "pWelch", "pStudent", "differenceAncova", "pAncova", "pFisher", "riskDifference", "hedgesG", "primaryP", "comparisonSuccess", "trialSuccess"], rows));
    } else {
      const s = run.summary;
      const lines = [
        `${run.provenance.protocolId}: ${s.trials} trials, seed ${String(run.provenance.seed)}, n = ${run.design.totalN} (${Object.entries(run.design.armSizes).map(([k, v]) => `${k} ${v}`).join(", ")}), ${run.design.primaryAnalysis} at alpha ${run.design.alpha}`,
        "",
        table(["arm", "n", "mean change", "SD change", "response", "lost diagnosis", "remission", "dropout"], s.arms.map((a) => [a.id, a.n, a.meanChange, a.sdChange, a.responseRate, a.lossOfDiagnosisRate, a.remissionRate, a.dropoutRate])),
        "",
        table(["comparison", "power", "MCSE", "95% CI", "mean difference", "median g", "g 2.5%-97.5%"], s.comparisons.map((c) => [`${c.armId} vs ${c.controlArmId}`, c.power.estimate, c.power.mcse, `${formatNumber(c.power.ci[0])}-${formatNumber(c.power.ci[1])}`, c.difference.mean, c.hedgesG.quantiles.p50, `${formatNumber(c.hedgesG.quantiles.p025)} to ${formatNumber(c.hedgesG.quantiles.p975)}`])),
        "",
        `Power (success rule "${run.design.success.comparisons}"): ${formatNumber(s.power.estimate)} (MCSE ${formatNumber(s.power.mcse)}, 95% CI ${formatNumber(s.power.ci[0])}-${formatNumber(s.power.ci[1])})`,
        run.provenance.disclaimer,
      ];
      ctx.io.stdout(`${lines.join("\n")}\n`);
    }
    return 0;
  },
};

async function runPredictive(ctx: CommandContext, spec: ProtocolRunSpec): Promise<number> {
  const trials = intOption(ctx, "trials", { min: 1, max: 1e9 }) ?? 1000;
  const format = choiceOption(ctx, "format", ["json", "csv", "table"] as const, "json");
  if (format === "csv") throw new UsageError("--predictive gives json or table");
  const { runner, close } = runnerFromOptions(ctx);
  let f: ForecastResult;
  try {
    f = await forecastTrial(spec, { trials, chunkSize: intOption(ctx, "chunk-size", { min: 1 }) ?? 50, keepRows: false, runner, onProgress: progressReporter(ctx, "forecast") });
  } finally {
    await close();
  }
  const primaryId = f.predictive.design.success.comparisons;
  const pick = (run: TrialsRun) => run.summary.comparisons.find((c) => c.armId === primaryId) ?? run.summary.comparisons[0]!;
  if (format === "json") {
    ctx.io.stdout(
      `${JSON.stringify(
        {
          provenance: f.predictive.provenance,
          assurance: f.assurance,
          power: f.powerAtPointEstimate,
          arms: f.point.summary.arms,
          forecast: {
            arms: f.predictive.summary.arms.map((a) => ({ id: a.id, n: a.n, meanChange: a.meanChangeDistribution, responseRate: a.responseRateDistribution, lossOfDiagnosisRate: a.lossOfDiagnosisRate })),
            effectSize: { armId: pick(f.predictive).armId, hedgesG: pick(f.predictive).hedgesG, difference: pick(f.predictive).difference },
            comparisons: f.predictive.summary.comparisons,
          },
          effectSize: { armId: pick(f.point).armId, hedgesG: pick(f.point).hedgesG, difference: pick(f.point).difference },
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const q = (d: { quantiles: { p05: number | null; p50: number | null; p95: number | null } }) => `${formatNumber(d.quantiles.p50)} (${formatNumber(d.quantiles.p05)} to ${formatNumber(d.quantiles.p95)})`;
    const lines = [
      `${f.predictive.provenance.protocolId}: forecast over ${trials} trials from the calibration (${f.predictive.provenance.predictive?.draws} posterior draws, a new trial effect each), n = ${f.predictive.design.totalN}`,
      "",
      `Assurance (success averaged over the uncertainty): ${formatNumber(f.assurance.estimate)} (MCSE ${formatNumber(f.assurance.mcse)})`,
      `Power at the point estimate (posterior medians, a typical trial): ${formatNumber(f.powerAtPointEstimate.estimate)} (MCSE ${formatNumber(f.powerAtPointEstimate.mcse)})`,
      "",
      table(["arm", "mean change: median (90% of trials)", "response rate: median (90% of trials)"], f.predictive.summary.arms.map((a) => [a.id, q(a.meanChangeDistribution), q(a.responseRateDistribution)])),
      "",
      table(["comparison", "Hedges' g: median (90% of trials)", "difference: median (90%)"], f.predictive.summary.comparisons.map((c) => [`${c.armId} vs ${c.controlArmId}`, q(c.hedgesG), q(c.difference)])),
      f.predictive.provenance.disclaimer,
    ];
    ctx.io.stdout(`${lines.join("\n")}\n`);
  }
  return 0;
}

export const powerCommand: Command = {
  path: ["power"],
  summary: "Power over a grid of sample sizes, or the smallest n per arm reaching a target power",
  details: [
    "--n 10,20,40,80 gives power at each n per arm (unequal allocation: n x arms split by weight).",
    "--target-power 0.8 searches n per arm (doubling, then bisection) for the smallest n whose power's lower",
    "95% Wilson bound reaches the target; the point-estimate answer is reported too.",
  ].join("\n"),
  options: {
    ...RUN_OPTIONS,
    n: { type: "string", description: "Comma-separated n per arm", valueName: "n1,n2,..." },
    "target-power": { type: "string", description: "Search the smallest n per arm reaching this power", valueName: "p" },
    "n-min": { type: "string", description: "Smallest n per arm the search tries", valueName: "n", default: "2" },
    "n-max": { type: "string", description: "Largest n per arm the search tries", valueName: "n", default: "2000" },
    format: { type: "string", description: "json, csv or table", valueName: "json|csv|table", default: "table" },
  },
  async run(ctx) {
    requirePositionals(ctx, 0, "");
    const { spec } = specFromOptions(ctx, { sizes: false });
    const trials = intOption(ctx, "trials", { min: 1, max: 1e9 }) ?? 1000;
    const format = choiceOption(ctx, "format", ["json", "csv", "table"] as const, "table");
    const target = numberOption(ctx, "target-power", { exclusiveMin: 0, max: 0.999 });
    const grid = stringOption(ctx, "n");
    if ((target === undefined) === (grid === undefined)) throw new UsageError("give either --n <n1,n2,...> or --target-power <p>");
    const chunkSize = intOption(ctx, "chunk-size", { min: 1 }) ?? 50;
    const { runner, close } = runnerFromOptions(ctx);
    try {
      if (grid !== undefined) {
        const ns = grid.split(",").map((x) => x.trim());
        if (!ns.every((x) => /^\d+$/.test(x))) throw new UsageError(`--n must be comma-separated integers, got '${grid}'`);
        const points = await powerCurve(runner, spec, ns.map(Number), { trials, chunkSize });
        if (format === "json") ctx.io.stdout(`${JSON.stringify({ seed: spec.seed, trialsPerPoint: trials, points }, null, 2)}\n`);
        else if (format === "csv") ctx.io.stdout(csv(["nPerArm", "totalN", "power", "mcse", "ciLower", "ciUpper"], points.map((p) => [p.nPerArm, p.totalN, p.power.estimate, p.power.mcse, p.power.ci[0], p.power.ci[1]])));
        else ctx.io.stdout(`${table(["n per arm", "total", "power", "MCSE", "95% CI"], points.map((p) => [p.nPerArm, p.totalN, p.power.estimate, p.power.mcse, `${formatNumber(p.power.ci[0])}-${formatNumber(p.power.ci[1])}`]))}\n`);
      } else {
        const result = await sampleSizeSearch(runner, spec, { targetPower: target!, trials, chunkSize, nMin: intOption(ctx, "n-min", { min: 2 }) ?? 2, nMax: intOption(ctx, "n-max", { min: 2 }) ?? 2000 });
        if (format === "json") ctx.io.stdout(`${JSON.stringify({ seed: spec.seed, ...result }, null, 2)}\n`);
        else if (format === "csv") ctx.io.stdout(csv(["nPerArm", "totalN", "power", "mcse", "ciLower", "ciUpper"], result.evaluations.map((p) => [p.nPerArm, p.totalN, p.power.estimate, p.power.mcse, p.power.ci[0], p.power.ci[1]])));
        else {
          const lines = [
            table(["n per arm", "total", "power", "MCSE", "95% CI"], [...result.evaluations].sort((a, b) => a.nPerArm - b.nPerArm).map((p) => [p.nPerArm, p.totalN, p.power.estimate, p.power.mcse, `${formatNumber(p.power.ci[0])}-${formatNumber(p.power.ci[1])}`])),
            "",
            result.nPerArm === null
              ? `No n per arm up to the maximum reaches power ${target} with confidence.`
              : `Smallest n per arm whose power is at least ${target} with 97.5% Monte Carlo confidence: ${result.nPerArm} (point estimate reaches it at ${result.nPerArmPointEstimate ?? "none"}); ${trials} trials per point.`,
          ];
          ctx.io.stdout(`${lines.join("\n")}\n`);
        }
      }
    } finally {
      await close();
    }
    return 0;
  },
};
