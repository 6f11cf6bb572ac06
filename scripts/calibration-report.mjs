#!/usr/bin/env node
// docs/sensitivity.md: how the forecast for a new two-arm, inactive-placebo trial of 45 per arm
// moves with the expectancy prior, and the figures before and after the expectancy model
// (issue 13, item 5). Computed from the built package and the shipped calibration:
//   npm run build && node scripts/calibration-report.mjs          # write docs/sensitivity.md
//   node scripts/calibration-report.mjs --check                    # exit 1 if it is out of date
// The "before" figures come from scripts/reference/calibration-before.json (the model and
// calibration at commit c05860e, computed by scripts/reference/calibration-before.mjs).
//
// The expectancy prior's scale s is changed by importance reweighting of the shipped posterior
// draws (weights HN(e; s) / HN(e; 0.3) on each draw's expectancy effect e, resampled
// systematically to 1,000 draws; the Kish effective sample size says how far the shipped draws
// carry the new prior). s = 0 cannot be reached that way: its row sets the expectancy effect to 0
// in every draw and keeps the rest, which is not a refit (a refit would let the other parameters
// move) and is labelled so.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultCalibration, forecastTrial, preset, simulateTrials } from "../dist/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SEED = 1;
const TRIALS = 2000;
const N_PER_ARM = 45;
const SHIPPED_SCALE = 0.3;
const SCALES = [0, 0.15, 0.3, 0.6];

const fmt = (x, digits = 3) => (x === null || x === undefined ? "n/a" : Number(x.toPrecision(digits)).toString());

/** Half-normal log density of e ≥ 0 with scale s (up to a constant common to all draws). */
const logHalfNormal = (e, s) => -Math.log(s) - (e * e) / (2 * s * s);

/** Systematic resampling of `draws` with weights `w` to `count` draws (deterministic). */
function resample(draws, w, count) {
  const total = w.reduce((a, b) => a + b, 0);
  const out = [];
  let cum = w[0] / total;
  let i = 0;
  for (let k = 0; k < count; k++) {
    const u = (k + 0.5) / count;
    while (u > cum && i < draws.length - 1) cum += w[++i] / total;
    out.push(draws[i]);
  }
  return out;
}

function drawsForScale(cal, s) {
  const base = cal.draws.map((d) => ({ parameters: d.parameters }));
  if (s === SHIPPED_SCALE) return { draws: base, ess: base.length, note: "the shipped posterior" };
  if (s === 0) return { draws: base.map((d) => ({ parameters: { ...d.parameters, "expectancy.effect": 0 } })), ess: null, note: "the shipped draws with the expectancy effect set to 0 (not a refit)" };
  const logW = base.map((d) => logHalfNormal(d.parameters["expectancy.effect"], s) - logHalfNormal(d.parameters["expectancy.effect"], SHIPPED_SCALE));
  const max = Math.max(...logW);
  const w = logW.map((l) => Math.exp(l - max));
  const ess = w.reduce((a, b) => a + b, 0) ** 2 / w.reduce((a, b) => a + b * b, 0);
  return { draws: resample(base, w, base.length), ess, note: "the shipped draws reweighted to this prior" };
}

function design() {
  return { n: { perArm: { mdma: N_PER_ARM, placebo: N_PER_ARM } } };
}

async function forecastRow(cal, s) {
  const { draws, ess, note } = drawsForScale(cal, s);
  const protocol = preset("phase3");
  const run = await simulateTrials({ protocol, seed: SEED, design: design(), predictive: { source: `expectancy prior scale ${s}`, draws } }, { trials: TRIALS, keepRows: false });
  const c = run.summary.comparisons[0];
  const e = draws.map((d) => d.parameters["expectancy.effect"]).sort((a, b) => a - b);
  return { scale: s, note, ess, expectancyMedian: e[Math.floor(e.length / 2)], g: c.hedgesG.quantiles, assurance: run.summary.power };
}

async function afterFigures(cal) {
  const medians = Object.fromEntries(cal.parameters.map((p) => [p.key, p.median]));
  const mp1 = await simulateTrials({ protocol: preset("mp1"), seed: SEED, parameters: medians, design: { trialHeterogeneity: false } }, { trials: TRIALS, keepRows: false });
  const placebo = mp1.summary.arms.find((a) => a.id === "placebo");
  const forecast = await forecastTrial({ protocol: preset("phase3"), seed: SEED, design: design() }, { trials: TRIALS, keepRows: false });
  const g = forecast.predictive.summary.comparisons[0].hedgesG.quantiles;
  const drugSd = cal.parameters.find((p) => p.key === "efficacy.trialDrugLogSd");
  return {
    drugSd,
    mp1PlaceboChange: placebo.meanChange,
    forecastG: g,
    assurance: forecast.assurance,
    powerAtPoint: forecast.powerAtPointEstimate,
    pointG: forecast.point.summary.comparisons[0].hedgesG.quantiles,
  };
}

const interval = (q) => `${fmt(q.p50)} (${fmt(q.p05)} to ${fmt(q.p95)}), width ${fmt(q.p95 - q.p05)}`;
const estimate = (p) => `${fmt(p.estimate)} ± ${fmt(p.mcse, 2)}`;

async function page() {
  const cal = await defaultCalibration();
  const before = JSON.parse(readFileSync(`${ROOT}scripts/reference/calibration-before.json`, "utf8"));
  const after = await afterFigures(cal);
  const rows = [];
  for (const s of SCALES) rows.push(await forecastRow(cal, s));
  const b = {
    commit: before.commit.slice(0, 7),
    trialDrugLogSd: before.calibration.trialDrugLogSd,
    mp1PlaceboChange: before.mp1PointEstimate.placeboMeanChange,
    forecastG: { p50: before.forecast.predictive.hedgesG.median, p05: before.forecast.predictive.hedgesG.p05, p95: before.forecast.predictive.hedgesG.p95 },
    assurance: before.forecast.assurance,
    powerAtPoint: before.forecast.powerAtPointEstimate,
    leaveOneOut: before.calibration.leaveOneOut,
  };
  const lines = [
    "# Sensitivity to the expectancy prior, and the model before and after",
    "",
    "<!-- Generated by scripts/calibration-report.mjs from the shipped calibration; do not edit by hand. -->",
    "",
    `The forecast is for a new two-arm trial against inactive placebo with ${N_PER_ARM} participants per arm (the \`phase3\` preset's design), seed ${SEED}, ${TRIALS.toLocaleString("en-US")} simulated trials per row. g is Hedges' g of the primary comparison (negative favours MDMA: CAPS falls); its median and 5-95% range are over simulated trials, each with its own posterior draw and a new trial effect (a new trial, not a typical one). Assurance is the share of those trials that succeed, with its Monte Carlo error.`,
    "",
    "## How the forecast moves with the expectancy prior",
    "",
    "No Phase 2 trial published its participants' guesses, so nothing in the data identifies the expectancy effect: its prior (half-normal, scale s, on the log-ratio contrast between fully unblinded arms) is labelled assumed. The shipped calibration uses s = 0.3.",
    "",
    "| expectancy prior scale s | posterior median of the expectancy effect | forecast g: median (5% to 95%) | assurance | draws | effective draws |",
    "| ---: | ---: | --- | ---: | --- | ---: |",
    ...rows.map((r) => `| ${r.scale} | ${fmt(r.expectancyMedian)} | ${interval(r.g)} | ${estimate(r.assurance)} | ${r.note} | ${r.ess === null ? "n/a" : fmt(r.ess)} |`),
    "",
    "Reading it: in this model the expectancy part follows each participant's belief about what they received, and with an inactive placebo most participants can tell, so expectancy widens the difference between arms in the new trial as it did in Phase 2. The row with the effect set to 0 (what a trial with no expectancy effect, or a perfect blind, would show) has the smallest forecast g. Across prior scales 0.15 to 0.6 (prior medians 0.10 to 0.40) the posterior median stays near 0.1: the Phase 2 arms' contrasts bound the effect from above even without guess data, so the forecast hardly moves. Where the effective draws are few, a row is a rough guide and a calibration with that prior is the real answer.",
    "",
    "## Before and after the expectancy model",
    "",
    `Before: the model and calibration at commit ${b.commit} (no belief, expectancy, rater or durability components; scripts/reference/calibration-before.json). After: this version.`,
    "",
    "| figure | before | after |",
    "| --- | --- | --- |",
    `| between-trial SD of the drug effect (log scale), median (90% interval) | ${fmt(b.trialDrugLogSd.median)} (${fmt(b.trialDrugLogSd.q05)} to ${fmt(b.trialDrugLogSd.q95)}) | ${fmt(after.drugSd.median)} (${fmt(after.drugSd.q05)} to ${fmt(after.drugSd.q95)}) |`,
    `| MP-1 placebo arm, mean CAPS change in a typical trial (published: −20.5) | ${fmt(b.mp1PlaceboChange)} | ${fmt(after.mp1PlaceboChange)} |`,
    `| forecast g for the new trial, median (5% to 95%) | ${interval(b.forecastG)} | ${interval(after.forecastG)} |`,
    `| assurance of the new trial | ${estimate(b.assurance)} | ${estimate(after.assurance)} |`,
    `| power at the point estimate (a typical trial) | ${estimate(b.powerAtPoint)} | ${estimate(after.powerAtPoint)} |`,
    "",
    "Leave one trial out (calibrate without it, forecast it as a new trial; percentile of the published value among the forecasts):",
    "",
    "| held out | result | published | before: forecast median (5% to 95%), percentile | after: forecast median (5% to 95%), percentile |",
    "| --- | --- | ---: | --- | --- |",
    ...cal.leaveOneOut.map((l) => {
      const old = b.leaveOneOut.find((o) => o.trial === l.trial && o.result === l.result);
      const cell = (r) => (r ? `${fmt(r.forecastMedian)} (${fmt(r.p05)} to ${fmt(r.p95)}), ${fmt(r.percentile)}${r.inside ? "" : " outside"}` : "n/a");
      return `| ${l.trial} | ${l.result} | ${fmt(l.published)} | ${cell(old)} | ${cell(l)} |`;
    }),
    "",
  ];
  return lines.join("\n");
}

const text = await page();
const path = `${ROOT}docs/sensitivity.md`;
if (process.argv.includes("--check")) {
  const same = existsSync(path) && readFileSync(path, "utf8") === text;
  console.log(same ? "docs/sensitivity.md is up to date" : "docs/sensitivity.md is out of date: run node scripts/calibration-report.mjs");
  process.exit(same ? 0 : 1);
}
writeFileSync(path, text);
console.log(`wrote ${path}`);
