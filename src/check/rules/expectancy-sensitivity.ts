/**
 * expectancy-sensitivity (issue 13 item 6): how much of a published difference could be
 * expectancy rather than pharmacology, under the model's expectancy mechanism.
 *
 * In the model, each arm's mean log-ratio log(endpoint / baseline) carries therapy (the same in
 * both arms), pharmacology, and an expectancy part −η·(B − π), where B is the arm's belief of
 * having received MDMA after the blinded phase. The treated − control contrast is therefore
 *
 *   L = pharmacological contrast − η·ΔB,   ΔB = B_treated − B_control,
 *
 * so the pharmacological contrast consistent with the published L is L + η·ΔB. ΔB comes from the
 * paper's guess counts when it reports them (a guess of MDMA counts 1, "don't know" ½), else
 * from the simulated trials of the design (the model's belief), else it is taken as 1 (complete
 * unblinding, as psychedelic trials report). The row gives the curve over η, its values at the
 * prior's 5%, 50% and 95% points (half-normal, scale 0.3) and at the calibrated median, and the η
 * at which the whole published difference would be expectancy. It is approximate: it ignores
 * responsiveness and the scale's floor, and treats the published means as the arms' true means.
 */
import { formatNumber } from "../../format.js";
import { normalQuantile } from "../../math/distributions.js";
import { GLOBAL_PRIORS } from "../../calibration/priors.js";
import { shippedSummary } from "../../calibration/shipped-summary.js";
import type { ArmComparison, CheckContext } from "../context.js";
import type { PublishedArm } from "../schema.js";
import type { CheckRow } from "../types.js";

const EXPECTANCY_KEY = "expectancy.effect";
const ETA_GRID = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8];

/** The arm's mean log-ratio of endpoint to baseline, from its baseline and endpoint (or change) means. */
function logRatio(arm: PublishedArm): number | null {
  const base = arm.baseline?.mean;
  const end = arm.endpoint?.mean ?? (base !== undefined && arm.change ? base + arm.change.mean : undefined);
  return base !== undefined && end !== undefined && base > 0 && end > 0 ? Math.log(end) - Math.log(base) : null; // a difference of logs: end / base overflows for a mean near zero
}

/** An arm's belief of having received MDMA from its reported guesses: share guessing MDMA plus half the "don't know". */
function reportedBelief(arm: PublishedArm): number | null {
  const g = arm.guesses;
  const n = g ? g.experimental + g.control + g.dontKnow : 0;
  return g && n > 0 ? (g.experimental + 0.5 * g.dontKnow) / n : null;
}

/** The belief difference between the arms, and where it came from. */
function beliefDifference(context: CheckContext, c: ArmComparison): { value: number; source: string } {
  const bt = reportedBelief(c.treatedArm);
  const bc = reportedBelief(c.controlArm);
  if (bt !== null && bc !== null) return { value: bt - bc, source: "the reported guesses" };
  const sim = context.simulation;
  if (sim) {
    const belief = (presetArm: string) => {
      let t = 0;
      let dk = 0;
      let n = 0;
      for (const r of sim.forecastRows) {
        const g = r.arms.find((a) => a.armId === presetArm)?.guesses.participant;
        if (!g) continue;
        t += g.guessedTreated;
        dk += g.dontKnow;
        n += g.guessedTreated + g.guessedControl + g.dontKnow;
      }
      return n > 0 ? (t + 0.5 * dk) / n : null;
    };
    const st = belief(sim.presetArmOf[c.treatedArm.id] ?? sim.treatedPresetArm);
    const sc = belief(sim.presetArmOf[c.controlArm.id] ?? sim.controlPresetArm);
    if (st !== null && sc !== null) return { value: st - sc, source: `the model's simulated guesses for the ${sim.presetId} design` };
  }
  return { value: 1, source: "an assumption of complete unblinding (no guesses reported and no preset to simulate)" };
}

/** Quantile p of the calibration's half-normal prior on the expectancy effect: scale·Φ⁻¹((1 + p)/2). */
function priorQuantile(p: number): number {
  const scale = GLOBAL_PRIORS.find((g) => g.key === EXPECTANCY_KEY)!.sd;
  return scale * normalQuantile((1 + p) / 2);
}

function sensitivityRow(context: CheckContext, c: ArmComparison): CheckRow | null {
  const lt = logRatio(c.treatedArm);
  const lc = logRatio(c.controlArm);
  const id = `expectancy-sensitivity:${c.label}`;
  if (lt === null || lc === null) return { id, status: "skipped", message: `${c.label}: needs baseline and endpoint (or change) means in both arms.` };
  const L = lt - lc;
  const dB = beliefDifference(context, c);
  const pharmacological = (eta: number) => L + eta * dB.value;
  const controlEnd = Math.exp(lc) * (c.controlArm.baseline!.mean);
  const points = (eta: number) => controlEnd * (Math.exp(pharmacological(eta)) - 1);
  const posterior = shippedSummary().parameters.find((p) => p.key === EXPECTANCY_KEY)?.median ?? null;
  const etaAll = L < 0 && dB.value > 0 ? -L / dB.value : null;
  const priorP95 = priorQuantile(0.95);
  const status = etaAll !== null && etaAll <= priorP95 ? "warn" : "pass";
  const curve = ETA_GRID.map((eta) => ({ x: eta, y: points(eta) }));
  const stated = [0, priorQuantile(0.5), priorP95, ...(posterior !== null ? [posterior] : [])].map(points);
  if (![...curve.map((p) => p.y), ...stated].every(Number.isFinite)) {
    // A mean near zero (e.g. a baseline of 1e-300) makes the ratio of means overflow: no CAPS total is that small.
    return { id, status: "skipped", message: `${c.label}: the ratio of endpoint to baseline means is too extreme (log-ratio contrast ${formatNumber(L)}) for the model's differences in points to be finite; a mean this close to zero is not a scale total.` };
  }
  const at = (eta: number) => `${formatNumber(points(eta))} points at η = ${formatNumber(eta)}`;
  return {
    id,
    status,
    message:
      `${c.label}: the published contrast of log(endpoint / baseline) is ${formatNumber(L)} (treated − control). ` +
      `With a belief difference of ${formatNumber(dB.value)} (from ${dB.source}), the pharmacological part would be ${at(0)}, ${at(priorQuantile(0.5))} (prior median), ${at(priorP95)} (prior 95%)` +
      (posterior !== null ? ` and ${at(posterior)} (calibrated median)` : "") +
      `. ${etaAll === null ? "The published difference does not favour treatment." : `All of it would be expectancy at η = ${formatNumber(etaAll)}${status === "warn" ? ", inside the prior's 95% range: the result cannot rule out an effect of belief alone under this model" : ", beyond the prior's 95% range"}.`}`,
    values: { logRatioContrast: L, beliefDifference: dB.value, pharmacologicalAtZero: points(0), pharmacologicalAtPriorMedian: points(priorQuantile(0.5)), pharmacologicalAtPrior95: points(priorP95), etaForAllExpectancy: etaAll, calibratedEta: posterior },
    curve: { x: "expectancy effect η (log-ratio)", y: "pharmacological difference (points)", points: curve },
  };
}

/** One row per treated arm: the pharmacological difference consistent with the published one across the expectancy effect. */
export function expectancySensitivity(context: CheckContext): CheckRow[] {
  return context.comparisons.map((c) => sensitivityRow(context, c)).filter((r): r is CheckRow => r !== null);
}
