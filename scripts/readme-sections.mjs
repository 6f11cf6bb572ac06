#!/usr/bin/env node
// The README's generated sections, computed from the built package:
//   node scripts/readme-sections.mjs          # rewrite them in README.md
//   node scripts/readme-sections.mjs --check  # exit 1 if README.md is out of date
// Sections sit between <!-- name:start --> and <!-- name:end --> markers.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parameterTable, defaultCalibration, checkPublished, markdownCheckReport } from "../dist/index.js";

const README = fileURLToPath(new URL("../README.md", import.meta.url));
const num = (v, d = 3) => (typeof v !== "number" ? String(v) : Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(d - 1) : v.toPrecision(d));
const esc = (s) => String(s).replace(/\|/g, "\\|");

export function paramsSection() {
  return [
    "| parameter | value | unit | status | meaning | source |",
    "| --- | --- | --- | --- | --- | --- |",
    ...parameterTable().map((r) => `| \`${r.key}\` | ${num(r.value, 4)} | ${esc(r.unit)} | ${r.status}${r.calibrated ? " (calibrated)" : ""} | ${esc(r.description)} | ${esc(r.source)} |`),
  ].join("\n");
}

export function calibrationSection() {
  const c = defaultCalibration();
  const inside = c.fit.filter((f) => f.inside).length;
  const fifths = [0, 0, 0, 0, 0];
  for (const f of c.fit) fifths[Math.min(4, Math.floor(f.percentile / 20))]++;
  const outside = c.fit.filter((f) => !f.inside);
  const lines = [
    `Seed ${c.seed}; ${c.settings.replicates} replicate trials per published trial; ${c.settings.chains} chains of ${c.settings.iterations.toLocaleString("en")} iterations (${c.settings.burnIn.toLocaleString("en")} burn-in; ${c.settings.leaveOneOutIterations.toLocaleString("en")} and ${c.settings.leaveOneOutBurnIn.toLocaleString("en")} for the leave-one-out posteriors), ${c.diagnostics.draws} draws kept; largest split-R-hat ${num(c.diagnostics.maxRhat)}, smallest effective sample size ${c.diagnostics.minEss}.`,
    "",
    "| parameter | posterior median | 90% interval | R-hat | ESS |",
    "| --- | ---: | --- | ---: | ---: |",
    ...c.parameters.map((p) => `| ${p.label} | ${num(p.median)} | ${num(p.q05)} to ${num(p.q95)} | ${num(p.rhat)} | ${p.ess} |`),
    `| dropout probability per visit | ${num(c.dropout.perVisitProbability.median)} | ${num(c.dropout.perVisitProbability.q05)} to ${num(c.dropout.perVisitProbability.q95)} | (conjugate) | |`,
    ...(c.relapse ? [`| relapse hazard per year (responders) | ${num(c.relapse.hazardPerYear.median)} | ${num(c.relapse.hazardPerYear.q05)} to ${num(c.relapse.hazardPerYear.q95)} | (conjugate) | |`] : []),
    "",
    "Trial-level effects (log scale; 0 is a typical trial):",
    "",
    "| trial | psychotherapy | drug |",
    "| --- | --- | --- |",
    ...c.trialEffects.map((t) => `| ${t.trial} | ${num(t.therapyLog.median)} (${num(t.therapyLog.q05)} to ${num(t.therapyLog.q95)}) | ${num(t.drugLog.median)} (${num(t.drugLog.q05)} to ${num(t.drugLog.q95)}) |`),
    "",
    `**Fit.** ${inside} of ${c.fit.length} published figures lie inside the 5-95% range of simulated trials of their design (each trial replicated with its own posterior effects, ${c.settings.checkTrials} simulated trials per figure). Their percentiles by fifths (0-20, ..., 80-100): ${fifths.join(" / ")}.`,
    "",
    ...(outside.length
      ? ["Outside the 5-95% range:", "", "| figure | published | simulated mean | 5% | 95% | percentile |", "| --- | ---: | ---: | ---: | ---: | ---: |", ...outside.map((f) => `| ${f.target} | ${num(f.published)} | ${num(f.simulatedMean)} | ${num(f.p05)} | ${num(f.p95)} | ${num(f.percentile)} |`), ""]
      : []),
    `**Leave one trial out.** Calibrated without the trial (each of these posteriors: largest split-R-hat ${num(Math.max(...c.diagnostics.leaveOneOut.map((x) => x.maxRhat)))}, smallest effective sample size ${Math.min(...c.diagnostics.leaveOneOut.map((x) => x.minEss))}), then forecast as a new trial (its effects drawn from the between-trial distribution):`,
    "",
    "| held out | result | published | forecast median | 5% | 95% | percentile |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...c.leaveOneOut.map((l) => `| ${l.trial} | ${l.result} | ${num(l.published)} | ${num(l.forecastMedian)} | ${num(l.p05)} | ${num(l.p95)} | ${num(l.percentile)}${l.inside ? "" : " (outside)"} |`),
  ];
  return lines.join("\n");
}

export const CHECK_EXAMPLES = ["mp1", "mp1-se-as-sd", "mp2", "mp8", "mp12"];

export async function checksSection() {
  const parts = [];
  for (const name of CHECK_EXAMPLES) {
    const input = JSON.parse(readFileSync(new URL(`../examples/checks/${name}.json`, import.meta.url), "utf8"));
    const report = await checkPublished(input, { seed: 1, trials: 2000 });
    parts.push(`\`mdma-trial-sim check examples/checks/${name}.json --format markdown\`:\n\n${markdownCheckReport(report)}`);
  }
  return parts.join("\n\n");
}

export async function sections() {
  return { params: paramsSection(), calibration: calibrationSection(), checks: await checksSection() };
}

export function replaceSections(text, values) {
  let out = text;
  for (const [name, body] of Object.entries(values)) {
    const re = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`README.md has no ${name} section markers`);
    out = out.replace(re, (_m, a, b) => `${a}${body.replace(/\n*$/, "\n")}${b}`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = readFileSync(README, "utf8");
  const next = replaceSections(current, await sections());
  if (process.argv.includes("--check")) {
    if (next !== current) {
      console.error("README.md's generated sections are out of date: run node scripts/readme-sections.mjs");
      process.exit(1);
    }
    console.log("README.md's generated sections are up to date");
  } else {
    writeFileSync(README, next);
    console.log("updated README.md");
  }
}
