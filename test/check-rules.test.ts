/**
 * Each published-result rule alone, as a table of inputs and the rows they must give. Contexts
 * are built from a published result (no simulation) or, for the simulation rules, from a small
 * hand-made simulated comparison, so each expected number is worked out by hand or taken from R
 * (test/fixtures/analysis.json) and SciPy (test/fixtures/design-analysis-mixture.json).
 */
import { describe, expect, test } from "vitest";
import R from "./fixtures/analysis.json";
import MIXTURE from "./fixtures/design-analysis-mixture.json";
import { parsePublishedResult } from "../src/check/check.js";
import { publishedContext, type CheckContext, type CheckRule } from "../src/check/context.js";
import { retrodesign, retrodesignOver } from "../src/check/design-analysis.js";
import { CHECK_RULES, changeConsistency, comparisonPossible, countsMatchPercentages, effectPlausibility, effectSizeRows, fisherResponders, forecastDesignAnalysisRow, grimMeans, grimPercentages, meansOnScale, pMatchesT, pointDesignAnalysisRow, powerAtPublishedN, sdAgreesWithSe, sdFromSe, sdsWithinScaleBound, simulatedTrialsPlacement, spreadPlausibility, tTests, expectancySensitivity } from "../src/check/rules/index.js";
import { forecastTrueDifferences, type SimulatedComparison } from "../src/check/simulation.js";
import type { TrialResult } from "../src/trial/analyze.js";
import { normalQuantile } from "../src/math/distributions.js";
import { expectClose } from "./helpers/close.js";

type Arm = { id: string; role: "treatment" | "control"; n?: number; [measure: string]: unknown };

const contextOf = (input: object): CheckContext => publishedContext(parsePublishedResult(input));
const twoArms = (treated: Omit<Arm, "id" | "role">, control: Omit<Arm, "id" | "role">, extra: object = {}) => contextOf({ arms: [{ id: "x", role: "treatment", ...treated }, { id: "y", role: "control", ...control }], ...extra });
const statuses = (rows: ReturnType<CheckRule>) => rows.map((r) => [r.id, r.status]);

interface Case {
  readonly name: string;
  readonly rule: CheckRule;
  readonly context: () => CheckContext;
  readonly rows: readonly (readonly [string, string])[];
}

const CASES: readonly Case[] = [
  { name: "an SE alone gives SD = SE × √n", rule: sdFromSe, context: () => twoArms({ n: 16, change: { mean: -10, se: 2 } }, { n: 16, change: { mean: -2, sd: 8 } }), rows: [["sd-from-se:x:change", "pass"]] },
  { name: "GRIM: 5.19 from 28 integers is impossible, 5.18 possible", rule: grimMeans, context: () => twoArms({ n: 28, endpoint: { mean: 5.19, sd: 1 } }, { n: 28, endpoint: { mean: 5.18, sd: 1 } }), rows: [["grim:x:endpoint", "fail"], ["grim:y:endpoint", "pass"]] },
  { name: "GRIM cannot tell with n = 12 and one decimal", rule: grimMeans, context: () => twoArms({ n: 12, endpoint: { mean: 44.3, sd: 9 } }, { n: 12 }), rows: [["grim:x:endpoint", "skipped"]] },
  { name: "GRIM is off for non-integer scores", rule: grimMeans, context: () => twoArms({ n: 28, endpoint: { mean: 5.19, sd: 1 } }, { n: 28 }, { design: { integerScores: false } }), rows: [] },
  { name: "SD 8.1 and SE 2.0 with n 16 agree (2.0 × 4 = 8 within rounding); SD 2.0 does not", rule: sdAgreesWithSe, context: () => twoArms({ n: 16, change: { mean: -10, sd: 8.1, se: 2.0 } }, { n: 16, change: { mean: -2, sd: 2.0, se: 2.0 } }), rows: [["sd-vs-se:x:change", "pass"], ["sd-vs-se:y:change", "fail"]] },
  { name: "a CAPS-IV mean of 140 or −1 is off the scale; 136.0 is on it", rule: meansOnScale, context: () => twoArms({ n: 5, baseline: { mean: 140, sd: 1 }, endpoint: { mean: 136.0, sd: 1 } }, { n: 5, endpoint: { mean: -1, sd: 1 } }), rows: [["on-scale:x:baseline", "fail"], ["on-scale:y:endpoint", "fail"]] },
  // CAPS-5, n 10, mean 5: at most √(75 × 5) × √(10/9) = 20.41; SD 30 is impossible.
  { name: "Bhatia-Davis: SD 30 around 5 on CAPS-5 from 10 scores is impossible", rule: sdsWithinScaleBound, context: () => twoArms({ n: 10, endpoint: { mean: 5, sd: 30 } }, { n: 10, endpoint: { mean: 5, sd: 20.4 } }, { design: { scale: "CAPS-5" } }), rows: [["sd-bound:x:endpoint", "fail"]] },
  { name: "Bhatia-Davis skips a mean off the scale (on-scale reports it)", rule: sdsWithinScaleBound, context: () => twoArms({ n: 10, endpoint: { mean: 90, sd: 300 } }, { n: 10 }, { design: { scale: "CAPS-5" } }), rows: [] },
  { name: "66.4 − 15.6 = 50.8 passes; 63.4 − 3.2 ≠ 66.5 fails (MP-2's 25 mg arm)", rule: changeConsistency, context: () => twoArms({ n: 8, baseline: { mean: 66.4 }, change: { mean: -15.6 }, endpoint: { mean: 50.8 } }, { n: 4, baseline: { mean: 63.4 }, change: { mean: -3.2 }, endpoint: { mean: 66.5 } }), rows: [["change-consistency:x", "pass"], ["change-consistency:y", "fail"]] },
  { name: "84% of 12 is impossible; 25% of 8 possible", rule: grimPercentages, context: () => twoArms({ n: 12, responders: { percent: 84 } }, { n: 8, responders: { percent: 25 } }), rows: [["grim-percent:x:responders", "fail"], ["grim-percent:y:responders", "pass"]] },
  { name: "2/8 is 25% but 3/8 is not", rule: countsMatchPercentages, context: () => twoArms({ n: 8, responders: { count: 2, percent: 25 } }, { n: 8, responders: { count: 3, percent: 25 } }), rows: [["count-percent:x:responders", "pass"], ["count-percent:y:responders", "fail"]] },
  { name: "two controls: nothing to compare", rule: comparisonPossible, context: () => contextOf({ arms: [{ id: "a", role: "control", n: 3 }, { id: "b", role: "control", n: 3 }] }), rows: [["comparison", "skipped"]] },
  { name: "one control and one treated: no row", rule: comparisonPossible, context: () => twoArms({ n: 3 }, { n: 3 }), rows: [] },
  // R: 2 * pt(-2.24, 18) = 0.0379.
  { name: "t 2.24 on 18 df is p 0.038, not 0.01", rule: pMatchesT, context: () => twoArms({ n: 10 }, { n: 10 }, { reported: { t: 2.24, df: 18, p: 0.01 } }), rows: [["p-vs-t", "fail"]] },
  { name: "t 2.24 on 18 df agrees with p 0.038", rule: pMatchesT, context: () => twoArms({ n: 10 }, { n: 10 }, { reported: { t: 2.24, df: 18, p: 0.038 } }), rows: [["p-vs-t", "pass"]] },
  { name: "no reported p: both tests recomputed, nothing judged", rule: tTests, context: () => twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }), rows: [["welch:x", "pass"], ["student:x", "pass"]] },
  { name: "an unnamed test with an inconsistent p: one judging row fails", rule: tTests, context: () => twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }, { reported: { p: 0.5 } }), rows: [["welch:x", "pass"], ["student:x", "pass"], ["t-test:x", "fail"]] },
  { name: "n = 1 in one arm: Welch is undefined (skipped), Student is not", rule: tTests, context: () => twoArms({ n: 1, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }), rows: [["welch:x", "skipped"], ["student:x", "pass"]] },
  { name: "no spread: the t tests are skipped", rule: tTests, context: () => twoArms({ n: 10, change: { mean: -10 } }, { n: 10, change: { mean: -2, sd: 8 } }), rows: [["t-tests:x", "skipped"]] },
  // d = (−10 − −2) / 8 = −1.
  { name: "a reported d of 1.0 matches d = −1 (sign conventions differ); 1.6 does not", rule: effectSizeRows, context: () => twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }, { reported: { effectSize: { kind: "cohen-d", value: 1.0 } } }), rows: [["effect-size:x", "pass"]] },
  { name: "a reported d of 1.6 does not match d = −1", rule: effectSizeRows, context: () => twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }, { reported: { effectSize: { kind: "cohen-d", value: 1.6 } } }), rows: [["effect-size:x", "fail"]] },
  { name: "d = 4 is implausible for a psychiatric trial", rule: effectPlausibility, context: () => twoArms({ n: 10, change: { mean: -34, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }), rows: [["effect-plausibility:x", "warn"]] },
  { name: "d = −1 is plausible", rule: effectPlausibility, context: () => twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }), rows: [] },
  { name: "a Fisher p reported as < 0.001 is read as an inequality", rule: fisherResponders, context: () => twoArms({ n: 30, responders: { count: 25 } }, { n: 30, responders: { count: 5 } }, { reported: { fisherP: 0.001, fisherPOperator: "<" } }), rows: [["fisher:x", "pass"]] },
  { name: "a percentage with its n stands for the nearest count", rule: fisherResponders, context: () => twoArms({ n: 12, responders: { percent: 83.3 } }, { n: 8, responders: { percent: 25 } }), rows: [["fisher:x", "pass"]] },
  { name: "no simulation, no preset: the simulation row says why", rule: simulatedTrialsPlacement, context: () => ({ ...twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }), simulationSkipped: "No preset named in design.preset: no simulated trials to compare with." }), rows: [["simulation", "skipped"]] },
  { name: "no primary comparison: no design-analysis row", rule: pointDesignAnalysisRow, context: () => twoArms({ n: 10 }, { n: 10 }), rows: [] },
  { name: "a primary comparison but no true effect: skipped", rule: pointDesignAnalysisRow, context: () => twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }), rows: [["design-analysis", "skipped"]] },
];

describe("each rule alone", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(statuses(c.rule(c.context()))).toEqual(c.rows);
  });

  test("every rule is in the list checkPublished runs, once", () => {
    const rules = [sdFromSe, grimMeans, sdAgreesWithSe, meansOnScale, sdsWithinScaleBound, changeConsistency, grimPercentages, countsMatchPercentages, comparisonPossible, pMatchesT, tTests, effectSizeRows, effectPlausibility, fisherResponders, simulatedTrialsPlacement, powerAtPublishedN, spreadPlausibility, pointDesignAnalysisRow, forecastDesignAnalysisRow, expectancySensitivity];
    expect(new Set(CHECK_RULES)).toEqual(new Set(rules));
    expect(CHECK_RULES).toHaveLength(rules.length);
  });
});

describe("recomputed numbers in the rows (independent references)", () => {
  test("sd-from-se: SE 2 with n 16 is SD 8", () => {
    const [row] = sdFromSe(twoArms({ n: 16, change: { mean: -10, se: 2 } }, { n: 16 }));
    expect(row!.values).toEqual({ se: 2, n: 16, sd: 8 });
  });
  test("fisher: 10/12 vs 2/8 against R's fisher.test and Newcombe's interval", () => {
    const f = R.fisher[0]!;
    const [row] = fisherResponders(twoArms({ n: 12, responders: { count: f.a } }, { n: 8, responders: { count: f.c } }));
    expectClose(row!.values!.fisherP as number, f.p, 1e-8);
    expectClose(row!.values!.rdLower as number, f.rdLower, 1e-8);
    expectClose(row!.values!.rdUpper as number, f.rdUpper, 1e-8);
  });
  test("effect-size: d = −1 and g = −J for means −10 and −2 with SD 8 and n 10 each", () => {
    const [row] = effectSizeRows(twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }));
    expectClose(row!.values!.d as number, -1, 1e-12);
    // Hedges' exact J for 18 df, Γ(9) / (√9 Γ(8.5)), from SciPy: exp(gammaln(9) − gammaln(8.5)) / 3.
    expectClose(row!.values!.g as number, -0.9576464270237195, 1e-12);
  });
  test("the typical-trial design analysis equals Gelman & Carlin's at that effect (R fixture)", () => {
    const c = R.designAnalysis.find((x) => x.se === 1 && x.trueEffect === 2.8)!;
    // Welch SE 1: SD √5 in two arms of 10 gives √(5/10 + 5/10) = 1.
    const base = twoArms({ n: 10, change: { mean: -10, sd: Math.sqrt(5) } }, { n: 10, change: { mean: -2, sd: Math.sqrt(5) } }, { design: { integerScores: false } });
    const [row] = pointDesignAnalysisRow({ ...base, simulation: { typicalDifference: -c.trueEffect } as SimulatedComparison });
    expectClose(row!.values!.power as number, c.power, 1e-9);
    expectClose(row!.values!.typeS as number, c.typeS, 1e-8);
    expectClose(row!.values!.typeM as number, c.typeM, 1e-8);
    expect(row!.message).toMatch(/^For a typical trial:/);
  });
});

/** A forecast trial with only what the simulation rules read. */
function forecastRow(difference: number, se: number, g: number, sds: { readonly x: number; readonly y: number }): TrialResult {
  return {
    comparisons: [{ armId: "x", welch: { estimate: difference, se, p: 0.04 }, effectSize: { g } }],
    arms: [
      { armId: "x", sdChange: sds.x, sdEndpoint: sds.x },
      { armId: "y", sdChange: sds.y, sdEndpoint: sds.y },
    ],
  } as unknown as TrialResult;
}

function withSimulation(context: CheckContext, rows: readonly TrialResult[], g: readonly number[]): CheckContext {
  const simulation = {
    presetId: "mp1",
    timepoint: "primary",
    trials: rows.length,
    seed: 1,
    treatedPresetArm: "x",
    controlPresetArm: "y",
    presetArmOf: { x: "x", y: "y" },
    forecastRows: rows,
    forecastPower: { estimate: 0.6, mcse: 0.01, ci: [0.58, 0.62], successes: 60, trials: 100 },
    pointPower: { estimate: 0.7, mcse: 0.01, ci: [0.68, 0.72], successes: 70, trials: 100 },
    typicalDifference: -8,
    simulatedG: [...g].sort((a, b) => a - b),
    aborted: false,
    trialsCompleted: { forecast: rows.length, point: rows.length },
  } as unknown as SimulatedComparison;
  return { ...context, simulation };
}

describe("the simulation rules on a hand-made simulated comparison", () => {
  const published = () => twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }, { design: { integerScores: false }, reported: { p: 0.04 } });

  test("simulated-trials: percentile and type-7 quantiles of the simulated g (R's quantile(x, type = 7))", () => {
    const q = R.quantiles[0]!; // seven values; type 7 at 0.05, 0.5, 0.95 from R
    const context = withSimulation(published(), [], q.x);
    const [row] = simulatedTrialsPlacement(context);
    const at = (p: number) => q.type7[q.probs.indexOf(p)]!;
    expectClose(row!.values!.p05 as number, at(0.05), 1e-12);
    expectClose(row!.values!.p50 as number, at(0.5), 1e-12);
    expectClose(row!.values!.p95 as number, at(0.95), 1e-12);
    // The published g (−0.958) is below all seven simulated values: percentile 0, a warning.
    expect(row!.values!.percentile).toBe(0);
    expect(row!.status).toBe("warn");
  });

  test("power-at-n: the share of forecast trials at or below the reported p, and null with a reason without one", () => {
    const rows = [forecastRow(-8, 4, -1, { x: 8, y: 8 }), forecastRow(-6, 4, -0.8, { x: 8, y: 8 })];
    const [row] = powerAtPublishedN(withSimulation(published(), rows, [-1, -0.8]));
    expect(row!.values).toMatchObject({ power: 0.7, assurance: 0.6, pAtMostReported: 1 });
    const noP = twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } });
    const [bare] = powerAtPublishedN(withSimulation(noP, rows, [-1, -0.8]));
    expect(bare!.values!.pAtMostReported).toBeNull();
    expect(bare!.nullReasons).toEqual({ pAtMostReported: "no p was reported" });
  });

  test("spread: an SD below every simulated arm's, typical times √n, reads as an SE", () => {
    // Simulated SDs 20..29 in both arms; a reported SD of 8 with n 10 is below all of them, 8 × √10 = 25.3 is mid-range.
    const rows = Array.from({ length: 10 }, (_, i) => forecastRow(-8, 4, -1, { x: 20 + i, y: 20 + i }));
    const statusOf = (sd: number) => spreadPlausibility(withSimulation(twoArms({ n: 10, change: { mean: -10, sd } }, { n: 10, change: { mean: -2, sd: 24.5 } }), rows, [-1])).map((r) => [r.id, r.status]);
    expect(statusOf(8)).toEqual([["spread:x:change", "fail"], ["spread:y:change", "pass"]]);
    expect(statusOf(24.5)).toEqual([["spread:x:change", "pass"], ["spread:y:change", "pass"]]);
  });

  test("forecast true differences: the estimates' deviations from their mean shrink by √(1 − mean(se²) / var)", () => {
    // Estimates −20, −10, 0 (mean −10, variance 100), SEs 6 (mean se² 36): shrinkage √0.64 = 0.8.
    const rows = [-20, -10, 0].map((d) => forecastRow(d, 6, -1, { x: 8, y: 8 }));
    const forecast = forecastTrueDifferences(withSimulation(published(), rows, [-1]).simulation!)!;
    expectClose(forecast.shrinkage, 0.8, 1e-12);
    forecast.differences.forEach((d, i) => expectClose(d, [-18, -10, -2][i]!, 1e-12));
    // Sampling variance above the spread: every trial gets the mean.
    const noisy = forecastTrueDifferences(withSimulation(published(), [-20, -10, 0].map((d) => forecastRow(d, 20, -1, { x: 8, y: 8 })), [-1]).simulation!)!;
    expect(noisy.shrinkage).toBe(0);
    expect(noisy.differences).toEqual([-10, -10, -10]);
  });

  test("design-analysis-forecast: average power, Type S and Type M over the forecast trials' true differences", () => {
    const rows = [-20, -10, 0].map((d) => forecastRow(d, 6, -1, { x: 8, y: 8 }));
    const context = withSimulation(published(), rows, [-1]);
    const [row] = forecastDesignAnalysisRow(context);
    const se = context.primary!.differenceSe;
    const expected = retrodesignOver([-18, -10, -2], se);
    expect(row!.values).toMatchObject({ power: expected.power, typeS: expected.typeS, typeM: expected.typeM, forecastTrials: 3 });
    expect(row!.message).toMatch(/^Over the forecast \(assurance\):/);
  });
});

describe("design analysis over a distribution of true effects", () => {
  test.each(MIXTURE.cases.map((c) => [c.mu, c.tau, c.se, c] as const))("true effect ~ Normal(%f, %f), SE %f: agrees with SciPy's numerical integration", (_m, _t, _s, c) => {
    // A fine grid of the normal's quantiles stands for the distribution.
    const count = 20_001;
    const effects = Array.from({ length: count }, (_, i) => c.mu + c.tau * normalQuantile((i + 0.5) / count));
    const r = retrodesignOver(effects, c.se);
    expectClose(r.power, c.power, 2e-4);
    expectClose(r.typeS!, c.typeS, 5e-3, 1e-6);
    expectClose(r.typeM!, c.typeM, 2e-4);
  });

  test("two effects: the averages weight each effect's Type S by its power and Type M by its power × |D| (R fixture values)", () => {
    const [a, b] = [R.designAnalysis.find((x) => x.se === 1 && x.trueEffect === 1)!, R.designAnalysis.find((x) => x.se === 1 && x.trueEffect === 3)!];
    const r = retrodesignOver([1, -3], 1);
    expectClose(r.power, (a.power + b.power) / 2, 1e-9);
    expectClose(r.typeS!, (a.typeS * a.power + b.typeS * b.power) / (a.power + b.power), 1e-8);
    expectClose(r.typeM!, (a.typeM * a.power * 1 + b.typeM * b.power * 3) / (a.power * 1 + b.power * 3), 1e-8);
  });

  test("a true effect of 0: power is alpha, Type S one half, Type M null with a reason (never Infinity)", () => {
    const r = retrodesign(0, 2);
    expectClose(r.power, 0.05, 1e-12);
    expectClose(r.typeS!, 0.5, 1e-12);
    expect(r.typeM).toBeNull();
    expect(r.nullReasons?.typeM).toMatch(/true effect is 0/);
  });

  test("bad arguments are a ValidationError naming each", () => {
    expect(() => retrodesign(Number.NaN, 0)).toThrow(/trueEffect: must be a finite number.*\n.*se: must be a finite number above 0/);
    expect(() => retrodesignOver([], 1)).toThrow(/trueEffects: needs at least one true effect/);
  });
});
