import type { Command } from "../framework.js";
import { intOption, seedOption } from "../framework.js";
import { courseSpan, preset } from "../../protocol/index.js";
import { simulateTrials } from "../../trial/api.js";
import { forecastTrial } from "../../calibration/forecast.js";
import { defaultCalibration, replicationDraws } from "../../calibration/default.js";
import { table, formatNumber } from "../format.js";

export const demoCommand: Command = {
  path: ["demo"],
  summary: "What 'npm start' runs: the MP-1 design simulated with the calibrated model, and a forecast of a Phase 3 design",
  options: {
    trials: { type: "string", description: "Simulated trials of MP-1 (the Phase 3 forecast uses 40% as many: its trials are larger)", valueName: "N", default: "1000" },
    seed: { type: "string", description: "Seed", valueName: "s", default: "1" },
  },
  async run(ctx) {
    const trials = intOption(ctx, "trials", { min: 10, max: 1e6 }) ?? 1000;
    const seed = seedOption(ctx, 1);
    const mp1 = preset("mp1");
    const span = courseSpan(mp1);
    const cal = defaultCalibration();
    const out = (s = "") => ctx.io.stdout(`${s}\n`);
    out("mdma-trial-sim: simulated clinical trials of MDMA-assisted therapy for PTSD.");
    out("For research and teaching only; not medical advice.");
    out();
    out(`${mp1.title}`);
    out(`Course: ${span.weeks.toFixed(1)} weeks of therapy, ${mp1.schedule.experimental.length} drug sessions of 8 h (125 mg + 62.5 mg vs placebo), primary endpoint 2 months after the second.`);
    out(`Model calibrated to ${cal.targets.trials.length} Phase 2 trials (${cal.diagnostics.draws} posterior draws).`);
    out();
    const run = await simulateTrials({ protocol: mp1, seed }, { trials, keepRows: false });
    out(`${trials} simulated trials of MP-1 at its published n (12 vs 8), seed ${String(seed)}, at the posterior medians for a typical trial:`);
    out(table(["arm", "mean change", "SD of change", "responders", "lost diagnosis"], run.summary.arms.map((a) => [a.id, a.meanChange, a.sdChange, a.responseRate, a.lossOfDiagnosisRate])));
    const p = run.summary.power;
    out(`Power (Welch t test on change, two-sided 0.05): ${formatNumber(p.estimate)} (Monte Carlo SE ${formatNumber(p.mcse)}, 95% CI ${formatNumber(p.ci[0])}-${formatNumber(p.ci[1])}).`);
    out();
    const rep = await simulateTrials({ protocol: mp1, seed, predictive: replicationDraws("mp1") }, { trials, keepRows: false });
    const [rm, rp] = rep.summary.arms;
    out(`MP-1 replicated with its own calibrated trial effect (simulate --preset mp1 --replicate): responders ${formatNumber(rm!.responseRate)} vs ${formatNumber(rp!.responseRate)},`);
    out(`mean change ${formatNumber(rm!.meanChange)} vs ${formatNumber(rp!.meanChange)}, power ${formatNumber(rep.summary.power.estimate)} (MCSE ${formatNumber(rep.summary.power.mcse)}).`);
    out("Published MP-1: 10 of 12 vs 2 of 8 responders (0.833 vs 0.25); CAPS-IV 79.2 -> 25.5 vs 79.6 -> 59.1 (change -53.7 vs -20.5).");
    out("MP-1's effects were larger than a typical trial's: the gap between the two runs is between-trial variation.");
    out();
    const forecastTrials = Math.max(10, Math.round(0.4 * trials));
    const f = await forecastTrial({ protocol: preset("phase3"), seed }, { trials: forecastTrials, keepRows: false });
    out(`Forecast for a Phase 3 style design (3 sessions, 80/120 mg + half, CAPS-5, 46 vs 44), ${forecastTrials} trials each:`);
    const estimate = (e: { estimate: number; mcse: number; ci: readonly [number, number] }) => `${formatNumber(e.estimate)} (Monte Carlo SE ${formatNumber(e.mcse)}, 95% CI ${formatNumber(e.ci[0])}-${formatNumber(e.ci[1])})`;
    out(`  power at the calibrated point estimate (a typical trial): ${estimate(f.powerAtPointEstimate)}`);
    out(`  assurance over the Phase 2 uncertainty and between-trial variation: ${estimate(f.assurance)}`);
    out();
    out("Next: mdma-trial-sim --help; mdma-trial-sim participant --preset mp1 --format table; mdma-trial-sim check examples/checks/mp2.json");
    return 0;
  },
};
