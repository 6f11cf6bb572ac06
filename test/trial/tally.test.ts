import { describe, expect, test } from "vitest";
import { preset, resolveDesign, simulateNormalTrials, simulateTrial, simulateTrialsSync, type ProtocolRunSpec } from "../../src/engine.js";
import { createRoot } from "../../src/random/rng.js";
import { populationModel } from "../../src/participants/participant.js";
import { defaultParameters } from "../../src/params/defaults.js";
import { analyzeTrial, tallyTrial, type TrialTally } from "../../src/trial/analyze.js";
import { simulateTrialCourses, type TrialContext } from "../../src/trial/simulate.js";
import type { TrialDesignInput } from "../../src/trial/design.js";

/** The fields a summary keeps (a full result carries more). */
function tallyOf(r: TrialTally) {
  return {
    screened: r.screened,
    screenFailures: r.screenFailures,
    arms: r.arms,
    comparisons: r.comparisons.map((c) => ({
      armId: c.armId,
      welch: c.welch && { estimate: c.welch.estimate },
      riskDifference: c.riskDifference && { rd: c.riskDifference.rd },
      effectSize: c.effectSize && { g: c.effectSize.g },
      primaryP: c.primaryP,
      significant: c.significant,
      success: c.success,
    })),
    success: r.success,
    rejected: r.rejected,
  };
}

describe("a summary-only run tallies exactly what the full analysis gives", () => {
  const designs: [string, TrialDesignInput][] = [
    ["mp1", { primaryAnalysis: "welch" }],
    ["mp1", { primaryAnalysis: "student", n: { total: 6 } }],
    ["mp12", { primaryAnalysis: "ancova", success: { comparisons: "all", multiplicity: "bonferroni", requireFavourable: true } }],
    ["mp2", { primaryAnalysis: "fisher", missing: "locf", effectSizeCi: "noncentral-t" }],
  ];
  test.each(designs)("%s with %j: every field, bit for bit, over 40 trials", (id, input) => {
    const protocol = preset(id as "mp1");
    const design = resolveDesign(protocol, { ...input, trialHeterogeneity: true });
    const params = defaultParameters();
    const ctx: TrialContext = { root: createRoot(`tally-${id}`), protocol, design, population: populationModel(protocol), paramsFor: () => ({ params }) };
    for (let t = 0; t < 40; t++) {
      const { effects, courses } = simulateTrialCourses(ctx, t);
      expect(tallyOf(tallyTrial(courses, design))).toEqual(tallyOf(analyzeTrial(t, effects, courses, design)));
    }
  });
});

describe("the textbook trial decides rejections without the p-value only where the p-value agrees", () => {
  test.each([
    ["welch", 0.05, 20, 20],
    ["welch", 0.01, 5, 40],
    ["student", 0.05, 12, 9],
  ] as const)("%s, alpha %f, n %i and %i: every trial's decision and the summary match a run that keeps rows", async (testName, alpha, n1, n2) => {
    const spec = { scenario: { arms: [{ n: n1, mean: 0, sd: 1 }, { n: n2, mean: 0.6, sd: 1.3 }] as [{ n: number; mean: number; sd: number }, { n: number; mean: number; sd: number }], test: testName, alpha }, seed: `band-${testName}-${n1}` };
    const lean = await simulateNormalTrials(spec, { trials: 20_000, keepRows: false, chunkSize: 1000 });
    const full = await simulateNormalTrials(spec, { trials: 20_000, keepRows: true, chunkSize: 1000 });
    expect(lean.summary.power).toEqual(full.summary.power);
    expect({ ...lean.summary.difference, quantiles: null }).toEqual({ ...full.summary.difference, quantiles: null });
  });
});

describe("full detail in a run", () => {
  test("a run's rows are the analyses of the full-detail courses simulateTrial returns (runs simulate at efficacy detail: nothing they keep differs)", () => {
    const full: ProtocolRunSpec = { protocol: preset("mp1"), seed: 9, design: { detail: "full", trialHeterogeneity: true } };
    const run = simulateTrialsSync(full, { trials: 12 });
    for (const t of [0, 5, 11]) {
      const one = simulateTrial(full, t);
      expect(one.courses.every((c) => c.sessions.every((s) => s.samples !== undefined))).toBe(true);
      expect(run.rows![t]).toEqual(one.result);
    }
    const efficacy = simulateTrialsSync({ ...full, design: { detail: "efficacy", trialHeterogeneity: true } }, { trials: 12 });
    expect(efficacy.summary).toEqual(run.summary);
  });
});
