import { describe, expect, test } from "vitest";
import { preset, resolveDesign } from "../../src/engine.js";
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
