/**
 * Issue 12 item 11: baseline-SD feasibility is checked at validation, with the same interval the
 * simulation uses, and everything validation accepts the simulation can solve.
 */
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { checkProtocol, enrolledBaselineInterval, maxFeasibleBaselineSd, presetInput, SCALES } from "../../src/engine.js";
import { maxTruncatedNormalSd } from "../../src/protocol/baseline-feasibility.js";
import { enrolledBaselineDistribution, truncatedMoments } from "../../src/participants/baseline.js";

interface ReferenceCase {
  label: string;
  mean: number;
  lower: number;
  upper: number;
  maxSd: number;
  truncnormAtSigma3Widths: { mu: number; sigma: number; mean: number; sd: number };
}
const reference: { cases: ReferenceCase[] } = JSON.parse(readFileSync(new URL("../fixtures/protocol/truncated-normal-max-sd.json", import.meta.url), "utf8"));

describe("the largest SD a truncated normal with a given mean can have", () => {
  test.each(reference.cases)("$label: matches the SciPy reference (numerical integration of the tilted limit)", (c) => {
    expect(maxTruncatedNormalSd(c.mean, { lower: c.lower, upper: c.upper })).toBeCloseTo(c.maxSd, 8);
  });
  test.each(reference.cases.filter((c) => Math.abs(c.truncnormAtSigma3Widths.mu) < 10 * c.truncnormAtSigma3Widths.sigma))(
    "$label: a truncated normal on the way to the limit (SciPy truncnorm) stays below it, and the simulation's moments agree with SciPy",
    (c) => {
      const t = c.truncnormAtSigma3Widths;
      const moments = truncatedMoments(t.mu, t.sigma, c.lower, c.upper);
      expect(moments.mean).toBeCloseTo(t.mean, 6);
      expect(moments.sd).toBeCloseTo(t.sd, 6);
      expect(t.sd).toBeLessThan(c.maxSd);
    },
  );
  test("0 outside the interval", () => {
    expect(maxTruncatedNormalSd(49, { lower: 49.5, upper: 136.5 })).toBe(0);
    expect(maxTruncatedNormalSd(137, { lower: 49.5, upper: 136.5 })).toBe(0);
  });
  test("the interval is the simulation's: half a point below the threshold and above the maximum", () => {
    expect(enrolledBaselineInterval(0, 136, 50)).toEqual({ lower: 49.5, upper: 136.5 });
    expect(enrolledBaselineInterval(0, 80, 0)).toEqual({ lower: -0.5, upper: 80.5 });
  });
});

describe("validation accepts exactly what the simulation can solve (with a 1% margin)", () => {
  const designs: [keyof typeof SCALES, number][] = [["CAPS-IV", 0], ["CAPS-IV", 35], ["CAPS-IV", 50], ["CAPS-IV", 100], ["CAPS-5", 0], ["CAPS-5", 23], ["CAPS-5", 35]];
  const grid = designs.flatMap(([scale, threshold]) => {
    const max = SCALES[scale].max;
    return Array.from({ length: 9 }, (_, k) => threshold + ((k + 0.5) / 9) * (max - threshold)).map((mean) => [scale, threshold, mean] as const);
  });
  test.each(grid)("%s, entry %d, mean %f: accepted SDs solve, SDs at the limit do not", (scale, threshold, mean) => {
    const { lower, upper } = enrolledBaselineInterval(SCALES[scale].min, SCALES[scale].max, threshold);
    const accepted = maxFeasibleBaselineSd(mean, SCALES[scale].min, SCALES[scale].max, threshold);
    for (const share of [0.25, 0.5, 0.9, 0.97, 1]) {
      const sd = accepted * share;
      if (sd < 1) continue; // below the schema's minimum SD
      expect(() => enrolledBaselineDistribution(mean, sd, lower, upper), `sd ${sd}`).not.toThrow();
    }
    expect(() => enrolledBaselineDistribution(mean, maxTruncatedNormalSd(mean, { lower, upper }) * 1.0001, lower, upper)).toThrow();
  });
  test("every preset's baseline is accepted", () => {
    for (const id of ["sessa2016", "mp1", "mp2", "mp8", "mp12", "phase3"] as const) expect(checkProtocol(presetInput(id)).valid).toBe(true);
  });
});
