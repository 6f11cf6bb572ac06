/**
 * Issue 12 items 7 and 13 and the histogram quantiles: run options are validated at the
 * boundary (one ValidationError with paths), a run interrupted before its first chunk has a
 * null power with a reason (never NaN), and quantiles read from histograms stay inside the
 * values' range.
 */
import { describe, expect, test } from "vitest";
import { preset, simulateTrials, simulateTrialsSync, simulateNormalTrials, simulateTrial, ValidationError, type ProtocolRunSpec } from "../../src/engine.js";
import { addToHistogram, histogramQuantile, newHistogram } from "../../src/trial/summary.js";
import { RUN_OPTION_BOUNDS, runOptionsIssues, type Progress } from "../../src/trial/engine.js";
import { powerCurve, sampleSizeSearch } from "../../src/trial/power-search.js";

const mp1: ProtocolRunSpec = { protocol: preset("mp1"), seed: 1 };
const rulesOf = (options: unknown) => runOptionsIssues(options).map((i) => `${i.path} [${i.rule}]`);

/** Every number anywhere in a value (own enumerable properties). */
function numbersIn(value: unknown, out: number[] = []): number[] {
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "number") out.push(v);
    else if (v && typeof v === "object") stack.push(...Object.values(v));
  }
  return out;
}

describe("run options are validated at the boundary", () => {
  test.each([
    [{ trials: 10, chunkSize: 0 }, ["chunkSize [range]"]],
    [{ trials: 10, chunkSize: 0.5 }, ["chunkSize [range]"]],
    [{ trials: 10, chunkSize: Number.NaN }, ["chunkSize [range]"]],
    [{ trials: -1 }, ["trials [range]"]],
    [{ trials: 1.5 }, ["trials [range]"]],
    [{ trials: Number.NaN }, ["trials [range]"]],
    [{ trials: RUN_OPTION_BOUNDS.trials.max + 1, keepRows: false }, ["trials [range]"]],
    [{ trials: RUN_OPTION_BOUNDS.keptRows.max + 1 }, ["keepRows [rows-in-memory]"]],
    [{ trials: 10, keepRows: "yes" }, ["keepRows [type]"]],
    [{ trials: 10, signal: {} }, ["signal [type]"]],
    [{ trials: 10, onProgress: 3 }, ["onProgress [type]"]],
    [{ trials: "10", chunkSize: -3, keepRows: 1 }, ["trials [range]", "chunkSize [range]", "keepRows [type]"]],
    [null, ["(options) [type]"]],
  ])("%j: %j", (options, expected) => {
    expect(rulesOf(options)).toEqual(expected);
  });
  test("every runner refuses them with one ValidationError before simulating", async () => {
    await expect(simulateTrials(mp1, { trials: 10, chunkSize: 0 })).rejects.toThrow(ValidationError);
    expect(() => simulateTrialsSync(mp1, { trials: 10, chunkSize: Number.NaN })).toThrow(/chunkSize: must be a whole number/);
    await expect(simulateNormalTrials({ scenario: { arms: [{ n: 5, mean: 0, sd: 1 }, { n: 5, mean: 0, sd: 1 }] }, seed: 1 }, { trials: 0 })).rejects.toThrow(/trials: must be a whole number/);
    await expect(powerCurve(simulateTrials, mp1, [4], { trials: 10, chunkSize: 0.5 })).rejects.toThrow(ValidationError);
    expect(() => simulateTrial(mp1, -1)).toThrow(ValidationError);
  });
  test("valid options pass", () => {
    expect(rulesOf({ trials: 1 })).toEqual([]);
    expect(rulesOf({ trials: 5, chunkSize: 1, keepRows: false, signal: new AbortController().signal, onProgress: () => undefined })).toEqual([]);
  });
});

describe("sizes and searches are bounded", () => {
  test("n per arm above 5,000 or a trial above 10,000 is a ValidationError naming the field", async () => {
    await expect(simulateTrials({ ...mp1, design: { n: { perArm: { mdma: 99_999_999_999, placebo: 8 } } } }, { trials: 1 })).rejects.toThrow(/n\.perArm\.mdma: must be at most 5000/);
    await expect(simulateTrials({ ...mp1, design: { n: { total: 20_000 } } }, { trials: 1 })).rejects.toThrow(/n\.total: must be at most 10000/);
    await expect(powerCurve(simulateTrials, mp1, [99_999_999_999], { trials: 1 })).rejects.toThrow(/grid\[0\]: must be a whole number from 2 to 5000/);
  });
  test("a search with nMin above nMax, or a target outside (0, 1), is refused", async () => {
    await expect(sampleSizeSearch(simulateTrials, mp1, { targetPower: 0.8, trials: 10, nMin: 100, nMax: 2 })).rejects.toThrow(/nMax: must be at least nMin \(100\)/);
    await expect(sampleSizeSearch(simulateTrials, mp1, { targetPower: 1, trials: 10 })).rejects.toThrow(/targetPower/);
  });
});

describe("nothing numeric escapes: interrupted runs, progress and quantiles", () => {
  test("a run interrupted before its first chunk has power null with a reason, and no NaN anywhere", async () => {
    const run = await simulateTrials(mp1, { trials: 100, signal: AbortSignal.abort() });
    expect(run.provenance).toMatchObject({ aborted: true, trialsCompleted: 0 });
    expect(run.summary.power).toMatchObject({ estimate: null, mcse: null, successes: 0, trials: 0, ci: [0, 1] });
    expect(run.summary.power.reason).toMatch(/no trial was completed/);
    expect(numbersIn(run).filter((x) => !Number.isFinite(x))).toEqual([]);
    const curve = await powerCurve(simulateTrials, mp1, [4, 8], { trials: 10, signal: AbortSignal.abort() });
    expect(curve.provenance).toMatchObject({ aborted: true, trialsCompleted: 0 });
    expect(curve.points).toEqual([]);
  });
  test("progress reports trials done of the total and a time left that reaches 0", async () => {
    const seen: Progress[] = [];
    await simulateTrials(mp1, { trials: 30, chunkSize: 10, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => [p.completedTrials, p.totalTrials])).toEqual([[10, 30], [20, 30], [30, 30]]);
    expect(seen.every((p) => p.secondsLeft !== null && p.secondsLeft >= 0 && p.elapsedSeconds >= 0)).toBe(true);
    expect(seen[2]!.secondsLeft).toBe(0);
  });
  test("a power curve reports progress over all its points", async () => {
    // Nested (simulateTrials): each trial is simulated once for every point, so 20 trials in all.
    const seen: number[] = [];
    await powerCurve(simulateTrials, mp1, [4, 6], { trials: 20, chunkSize: 10, onProgress: (p) => seen.push(p.completedTrials * 1000 + p.totalTrials) });
    expect(seen).toEqual([10_020, 20_020]);
    // Point by point (a runner without a chunk runner): the two runs count as one.
    const pointByPoint: string[] = [];
    await powerCurve((s, o) => simulateTrials(s, o), mp1, [4, 6], { trials: 20, chunkSize: 10, onProgress: (p) => pointByPoint.push(`${p.completedTrials}/${p.totalTrials}`) });
    expect(pointByPoint).toEqual(["10/40", "20/40", "30/40", "40/40"]);
  });
  test("histogram quantiles stay inside the range of the values (a rate never above 1)", () => {
    const h = newHistogram(0.0001);
    const range = { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
    for (const x of [0.9, 0.95, 1, 1, 1, 1, 1, 1]) {
      addToHistogram(h, x);
      range.min = Math.min(range.min, x);
      range.max = Math.max(range.max, x);
    }
    // Without the range the last bin's interpolation reaches past 1 (the defect of issue 12).
    expect(histogramQuantile(h, 0.975)!).toBeGreaterThan(1);
    expect(histogramQuantile(h, 0.975, range)).toBe(1);
    expect(histogramQuantile(h, 0.001, range)).toBeGreaterThanOrEqual(0.9);
  });
  test("a forecast's response-rate quantiles lie in [0, 1]", async () => {
    const run = await simulateTrials({ protocol: preset("mp1"), seed: 2, design: { trialHeterogeneity: true } }, { trials: 200, keepRows: false });
    for (const a of run.summary.arms) for (const q of Object.values(a.responseRateDistribution.quantiles)) expect(q! >= 0 && q! <= 1, `${a.id} ${q}`).toBe(true);
  });
});
