/**
 * `demo` (what `npm start` runs): MP-1 simulated with the calibrated model next to what MP-1
 * published, then a forecast of a Phase 3 style design. Every design figure is read from the
 * presets and every published figure from the calibration targets (seeds/phase2-targets.json):
 * nothing here restates a number.
 */
import { checkRunOptions } from "../../trial/engine.js";
import type { Command } from "../framework.js";
import { intOption, seedOption } from "../framework.js";
import { courseSpan, preset, type Protocol } from "../../protocol/index.js";
import { simulateTrials } from "../../trial/api.js";
import { forecastTrial } from "../../calibration/forecast.js";
import { defaultCalibration, replicationDraws } from "../../calibration/default.js";
import { phase2Targets, type TargetTrial } from "../../calibration/targets.js";
import { table, formatNumber } from "../format.js";
import { estimateText } from "../print.js";

/** "2 drug sessions of 8 h (MDMA 125 mg + 62.5 mg vs Inactive placebo)". */
function sessionsText(p: Protocol): string {
  const hours = [...new Set(p.schedule.experimental.map((s) => s.durationH))].join("/");
  return `${p.schedule.experimental.length} drug sessions of ${hours} h (${p.arms.map((a) => a.label).join(" vs ")})`;
}

const plannedNText = (p: Protocol) => p.arms.map((a) => `${a.plannedN ?? "?"}`).join(" vs ");
const primaryLabel = (p: Protocol) => p.schedule.assessments.find((a) => a.id === p.endpoints.primaryAssessmentId)?.label ?? p.endpoints.primaryAssessmentId;

/** What the trial published: responders at the visit they were counted, and the primary endpoint against baseline. */
function publishedLines(target: TargetTrial): string[] {
  const timepoint = (id: string) => target.timepoints.find((t) => t.id === id)?.label ?? id;
  const responses = target.outcomes.filter((o): o is Extract<typeof o, { measure: "response" }> => o.measure === "response");
  const endpoints = target.outcomes.filter((o): o is Extract<typeof o, { measure: "endpoint" }> => o.measure === "endpoint" && target.timepoints.some((t) => t.id === o.timepoint && t.primary));
  const lines: string[] = [];
  if (responses.length) {
    const counts = responses.map((o) => `${o.events} of ${o.n}`).join(" vs ");
    const rates = responses.map((o) => formatNumber(o.events / o.n)).join(" vs ");
    lines.push(`Published ${target.name} (${target.study}): responders ${counts} (${rates}), ${timepoint(responses[0]!.timepoint)};`);
  }
  if (endpoints.length) {
    const byArm = endpoints.map((o) => ({ o, base: target.arms.find((a) => a.id === o.arm)?.baseline.mean }));
    const path = byArm.map(({ o, base }) => `${formatNumber(base)} -> ${formatNumber(o.mean)}`).join(" vs ");
    const change = byArm.map(({ o, base }) => (base === undefined ? "?" : formatNumber(o.mean - base))).join(" vs ");
    lines.push(`${target.scale} ${path} (change ${change}), ${timepoint(endpoints[0]!.timepoint)}.`);
  }
  return lines;
}

export const demoCommand: Command = {
  path: ["demo"],
  summary: "What 'npm start' runs: the MP-1 design simulated with the calibrated model, and a forecast of a Phase 3 design",
  options: {
    trials: { type: "string", description: "Simulated trials of MP-1 (the Phase 3 forecast uses 40% as many: its trials are larger)", valueName: "N", default: "1000" },
    seed: { type: "string", description: "Seed", valueName: "s", default: "1" },
  },
  async run(ctx) {
    const trials = intOption(ctx, "trials") ?? 1000;
    checkRunOptions({ trials }, "demo options"); // before anything is printed
    const seed = seedOption(ctx, 1);
    const mp1 = preset("mp1");
    const target = phase2Targets().trials.find((t) => t.presetId === mp1.id);
    const cal = await defaultCalibration();
    const out = (s = "") => ctx.io.stdout(`${s}\n`);
    out("mdma-trial-sim: simulated clinical trials of MDMA-assisted therapy for PTSD.");
    out("For research and teaching only; not medical advice.");
    out();
    out(mp1.title);
    out(`Course: ${courseSpan(mp1).weeks.toFixed(1)} weeks of therapy, ${sessionsText(mp1)}; primary endpoint ${primaryLabel(mp1).toLowerCase()}.`);
    out(`Model calibrated to ${cal.targets.trials.length} Phase 2 trials (${cal.diagnostics.draws} posterior draws).`);
    out();
    const run = await simulateTrials({ protocol: mp1, seed }, { trials, keepRows: false, signal: ctx.signal });
    out(`${trials} simulated trials of MP-1 at its published n (${plannedNText(mp1)}), seed ${String(seed)}, at the posterior medians for a typical trial:`);
    out(table(["arm", "mean change", "SD of change", "responders", "lost diagnosis"], run.summary.arms.map((a) => [a.id, a.meanChange, a.sdChange, a.responseRate, a.lossOfDiagnosisRate])));
    out(`Power (${run.design.primaryAnalysis} test on change, two-sided ${run.design.alpha}): ${estimateText(run.summary.power)}.`);
    out();
    const rep = await simulateTrials({ protocol: mp1, seed, predictive: replicationDraws(mp1.id, cal) }, { trials, keepRows: false, signal: ctx.signal });
    const arms = rep.summary.arms;
    out(`MP-1 replicated with its own calibrated trial effect (simulate --preset mp1 --replicate): responders ${arms.map((a) => formatNumber(a.responseRate)).join(" vs ")},`);
    out(`mean change ${arms.map((a) => formatNumber(a.meanChange)).join(" vs ")}, power ${estimateText(rep.summary.power)}.`);
    if (target) publishedLines(target).forEach((l) => out(l));
    out("MP-1's effects were larger than a typical trial's: the gap between the two runs is between-trial variation.");
    out();
    const phase3 = preset("phase3");
    const forecastTrials = Math.max(10, Math.round(0.4 * trials));
    const f = await forecastTrial({ protocol: phase3, seed }, { trials: forecastTrials, keepRows: false, signal: ctx.signal });
    out(`Forecast for ${phase3.title}: ${sessionsText(phase3)}, ${phase3.endpoints.scale}, n ${plannedNText(phase3)}; ${forecastTrials} trials each:`);
    out(`  power at the calibrated point estimate (a typical trial): ${estimateText(f.powerAtPointEstimate)}`);
    out(`  assurance over the Phase 2 uncertainty and between-trial variation: ${estimateText(f.assurance)}`);
    out();
    out("Next: mdma-trial-sim --help; mdma-trial-sim participant --preset mp1 --format table; mdma-trial-sim check examples/checks/mp2.json");
    return 0;
  },
};
