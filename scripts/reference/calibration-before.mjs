#!/usr/bin/env node
/**
 * "Before" figures of the old calibration and model (commit c05860e), for the before/after table
 * in docs/sensitivity.md. Imports the library from a built tree given as the argument, so the
 * figures come from that commit's own code and shipped calibration:
 *
 *   cd /work/main && git worktree add /work/wt/before c05860e --detach
 *   cd /work/wt/before && npm ci --no-audit --no-fund && npx tsup --silent
 *   cd /work/main && node scripts/reference/calibration-before.mjs /work/wt/before/dist > scripts/reference/calibration-before.json
 *
 * Prints one JSON document (the committed calibration-before.json); same tree, same output.
 * (TRIALS_OVERRIDE=50 in the environment gives a quick smoke run; the committed file uses 2,000.)
 * Contents:
 *  - the shipped calibration: every calibrated parameter (median, q05, q95), diagnostics, the
 *    leave-one-out table and the fit table's coverage;
 *  - MP-1 at the point estimate (posterior medians as overrides, trialHeterogeneity false, as
 *    forecastTrial builds its `point` run): the placebo arm's mean change at the primary endpoint,
 *    next to the published -20.5 (79.6 -> 59.1 CAPS-IV; FACTS.md §A2, seeds/phase2-targets.json);
 *  - forecastTrial on the "phase3" preset (MDMA vs inactive placebo) with 45 per arm: Hedges' g
 *    distribution, assurance and power at the point estimate.
 */
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const SEED = 1;
const TRIALS = Number(process.env.TRIALS_OVERRIDE ?? 2000);
const N_PER_ARM = 45;
const FORECAST_PRESET = "phase3";
/** MP-1 placebo, primary endpoint (2 months after session 2): endpoint 59.1 minus baseline 79.6. */
const MP1_PLACEBO_PUBLISHED = { change: -20.5, baseline: 79.6, endpoint: 59.1, n: 8, source: "Mithoefer 2011 via metapsy; /work/shared/reference/FACTS.md §A2 (V-d: 59.1 − 79.6); seeds/phase2-targets.json mp1 placebo baseline 79.6, primary endpoint 59.1" };

const distArg = process.argv[2];
if (!distArg) {
  process.stderr.write("usage: node scripts/reference/calibration-before.mjs <built dist directory of the commit to measure>\n");
  process.exit(2);
}
const dist = resolve(distArg);
const tree = dirname(dist);
const git = (...args) => execFileSync("git", ["-C", tree, ...args], { encoding: "utf8" }).trim();
const commit = git("rev-parse", "HEAD");
const commitDate = git("log", "-1", "--format=%cI", "HEAD");

const lib = await import(pathToFileURL(resolve(dist, "index.js")).href);
const { defaultCalibration, forecastTrial, simulateTrials, presetInput, preset, designWithNPerArm, VERSION } = lib;

const calibration = await defaultCalibration(); // async since the draws load on demand; await also takes an older tree's plain object

function calibrationFigures(c) {
  const parameters = c.parameters.map((p) => ({ key: p.key, label: p.label, median: p.median, q05: p.q05, q95: p.q95 }));
  const { maxRhat, minEss, draws } = c.diagnostics;
  const leaveOneOut = c.leaveOneOut.map((r) => ({ trial: r.trial, result: r.result, published: r.published, forecastMedian: r.forecastMedian, p05: r.p05, p95: r.p95, percentile: r.percentile, inside: r.inside }));
  const fitInside = c.fit.filter((r) => r.inside).length;
  return {
    seed: c.seed,
    trials: c.targets.trials,
    parameters,
    trialDrugLogSd: parameters.find((p) => p.key === "efficacy.trialDrugLogSd") ?? null,
    trialEffects: c.trialEffects,
    diagnostics: { maxRhat, minEss, draws, leaveOneOut: c.diagnostics.leaveOneOut.map((l) => ({ heldOut: l.heldOut, maxRhat: l.maxRhat, minEss: l.minEss })) },
    leaveOneOut,
    leaveOneOutInside: { inside: leaveOneOut.filter((r) => r.inside).length, total: leaveOneOut.length },
    fitInside: { inside: fitInside, total: c.fit.length },
  };
}

/** The point-estimate spec exactly as forecastTrial (forecast.ts at c05860e) builds its `point` run. */
function pointSpec(spec, c) {
  const medians = Object.fromEntries(c.parameters.map((p) => [p.key, p.median]));
  return { ...spec, parameters: { ...medians, ...(spec.parameters ?? {}) }, design: { ...(spec.design ?? {}), trialHeterogeneity: false } };
}

const proportion = (e) => ({ estimate: e.estimate, mcse: e.mcse, successes: e.successes, trials: e.trials });
const gFigures = (g) => ({ mean: g.mean, median: g.quantiles.p50, p05: g.quantiles.p05, p95: g.quantiles.p95, width90: g.quantiles.p95 - g.quantiles.p05 });
const armFigures = (a) => ({ id: a.id, n: a.n, meanChange: a.meanChange, meanChangeMedian: a.meanChangeDistribution.quantiles.p50, meanChangeP05: a.meanChangeDistribution.quantiles.p05, meanChangeP95: a.meanChangeDistribution.quantiles.p95 });

async function mp1Placebo(c) {
  const spec = pointSpec({ protocol: presetInput("mp1"), seed: SEED }, c);
  const run = await simulateTrials(spec, { trials: TRIALS });
  const placebo = run.summary.arms.find((a) => a.id === "placebo");
  return {
    run: "simulateTrials(point spec as in forecastTrial: posterior medians as overrides, design { trialHeterogeneity: false })",
    preset: "mp1",
    design: spec.design,
    endpoint: run.design.endpointId,
    trialHeterogeneity: run.design.trialHeterogeneity,
    arms: run.summary.arms.map(armFigures),
    placeboMeanChange: placebo.meanChange,
    published: MP1_PLACEBO_PUBLISHED,
    simulatedMinusPublished: placebo.meanChange - MP1_PLACEBO_PUBLISHED.change,
  };
}

async function forecast(c) {
  const protocol = preset(FORECAST_PRESET);
  const design = designWithNPerArm(protocol, undefined, N_PER_ARM);
  const result = await forecastTrial({ protocol: presetInput(FORECAST_PRESET), design, seed: SEED }, { trials: TRIALS, calibration: c });
  const runFigures = (run) => ({ arms: run.summary.arms.map(armFigures), hedgesG: gFigures(run.summary.comparisons[0].hedgesG), comparison: `${run.summary.comparisons[0].armId} vs ${run.summary.comparisons[0].controlArmId}`, power: proportion(run.summary.power) });
  return {
    preset: FORECAST_PRESET,
    arms: protocol.arms.map((a) => ({ id: a.id, label: a.label, sessionsMg: a.sessions.map((s) => s.initialMg) })),
    controlArmId: protocol.controlArmId,
    scale: protocol.endpoints.scale,
    design,
    endpoint: result.point.design.endpointId,
    predictiveTrialHeterogeneity: result.predictive.design.trialHeterogeneity,
    call: `forecastTrial({ protocol: presetInput("${FORECAST_PRESET}"), design: designWithNPerArm(preset("${FORECAST_PRESET}"), undefined, ${N_PER_ARM}), seed: ${SEED} }, { trials: ${TRIALS} })`,
    assurance: proportion(result.assurance),
    powerAtPointEstimate: proportion(result.powerAtPointEstimate),
    predictive: { source: result.predictive.provenance.predictive?.source ?? null, ...runFigures(result.predictive) },
    point: runFigures(result.point),
  };
}

const output = {
  description: "Before figures: the old calibration and model at this commit, for the before/after table in docs/sensitivity.md",
  commit,
  commitDate,
  libraryVersion: VERSION,
  seed: SEED,
  trials: TRIALS,
  command: "node scripts/reference/calibration-before.mjs /work/wt/before/dist > scripts/reference/calibration-before.json (dist built with npx tsup at the commit)",
  calibration: calibrationFigures(calibration),
  mp1PointEstimate: await mp1Placebo(calibration),
  forecast: await forecast(calibration),
};
process.stdout.write(JSON.stringify(output, null, 2) + "\n");
