import { describe, expect, test } from "vitest";
import R from "./fixtures/analysis.json";
import { retrodesign } from "../src/check/design-analysis.js";
import { grimMean, grimPercent, decimalsOf } from "../src/check/grim.js";
import { expectClose } from "./helpers/close.js";

describe("design analysis against Gelman & Carlin's quantities computed in R by numerical integration", () => {
  test.each(R.designAnalysis.map((c) => [c.trueEffect, c.se, c] as const))("true effect %f, SE %f", (_d, _s, c) => {
    const r = retrodesign(c.trueEffect, c.se);
    expectClose(r.power, c.power, 1e-9, 1e-15);
    expectClose(r.typeS, c.typeS, 1e-8, 1e-15);
    expectClose(r.typeM, c.typeM, 1e-8, 1e-12);
  });
  test("Gelman & Carlin's worked example: a true effect of 2.8 SE has power 0.80, Type S near 0 and exaggeration 1.13", () => {
    const r = retrodesign(2.8, 1);
    expect(r.power).toBeCloseTo(0.7996, 4);
    expect(r.typeM).toBeCloseTo(1.125, 3);
  });
});

describe("GRIM", () => {
  test("a mean of 5.19 from 28 integer answers is impossible; 5.18 and 5.21 are possible", () => {
    expect(grimMean(5.19, 28).possible).toBe(false);
    expect(grimMean(5.18, 28).possible).toBe(true);
    expect(grimMean(5.21, 28).possible).toBe(true);
    expect(grimMean(5.19, 28).informative).toBe(true);
  });
  test("ties count under either rounding convention, and large n is not informative", () => {
    expect(grimMean(2.5, 4, 0).possible).toBe(true); // 10/4 = 2.5 rounds to 2 (half-even) or 3 (half-up): '2.5' itself has 1 decimal
    expect(grimMean(3.13, 8).possible).toBe(true); // 25/8 = 3.125 -> 3.12 or 3.13
    expect(grimMean(44.3, 12).informative).toBe(false);
  });
  test("percentages", () => {
    expect(grimPercent(83.3, 12).possible).toBe(true); // 10/12
    expect(grimPercent(84, 12).possible).toBe(false);
    expect(grimPercent(25, 8).possible).toBe(true);
    expect(grimPercent(30, 8).possible).toBe(false);
  });
  test("decimals are read from the number as written", () => {
    expect(decimalsOf(25.5)).toBe(1);
    expect(decimalsOf(0.066)).toBe(3);
    expect(decimalsOf(12)).toBe(0);
    expect(decimalsOf(1e-7)).toBe(7);
  });
});
