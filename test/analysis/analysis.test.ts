import { describe, expect, test } from "vitest";
import R from "../fixtures/analysis.json";
import {
  welchTTest, studentTTest, welchFromSummary, studentFromSummary, summarize, ancova, fisherExact, riskDifference,
  standardizedDifference, noncentralTCdf, powerTTest, sampleSizeTTest, powerPropTest, sampleSizePropTest,
  wilsonInterval, clopperPearsonInterval, quantiles,
} from "../../src/analysis/index.js";
import { expectClose } from "../helpers/close.js";

// Every expected value below comes from R (test/fixtures/analysis.R), to a relative tolerance of 1e-8.

describe("t tests against R's t.test", () => {
  test.each(R.tTests.map((c, i) => [i, c] as const))("case %i: Welch and Student", (_i, c) => {
    const w = welchTTest(c.x, c.y)!;
    const s = studentTTest(c.x, c.y)!;
    for (const [mine, theirs, name] of [[w, c.welch, "welch"], [s, c.student, "student"]] as const) {
      expectClose(mine.t, theirs.t, 1e-8, 0, `${name} t`);
      expectClose(mine.df, theirs.df, 1e-8, 0, `${name} df`);
      expectClose(mine.p, theirs.p, 1e-8, 1e-300, `${name} p`);
      expectClose(mine.ciLower, theirs.ciLower, 1e-8, 1e-12, `${name} ci`);
      expectClose(mine.ciUpper, theirs.ciUpper, 1e-8, 1e-12, `${name} ci`);
      expectClose(mine.estimate, theirs.estimate, 1e-8, 1e-12, `${name} estimate`);
    }
  });
  test.each(R.tFromSummary.map((c) => [c.label, c] as const))("from summary statistics: %s", (_l, c) => {
    const x = { mean: c.meanX, sd: c.sdX, n: c.nX };
    const y = { mean: c.meanY, sd: c.sdY, n: c.nY };
    const w = welchFromSummary(x, y)!;
    const s = studentFromSummary(x, y)!;
    expectClose(w.t, c.welchT);
    expectClose(w.df, c.welchDf);
    expectClose(w.p, c.welchP);
    expectClose(s.t, c.studentT);
    expectClose(s.df, c.studentDf);
    expectClose(s.p, c.studentP);
  });
  test("undefined cases return null instead of NaN", () => {
    expect(welchTTest([1, 1, 1], [2, 2, 2])).toBeNull();
    expect(welchTTest([1], [2, 3])).toBeNull();
    expect(studentTTest([5, 5], [5, 5])).toBeNull();
  });
});

describe("ANCOVA against R's lm(y ~ group + baseline)", () => {
  test.each(R.ancova.map((c, i) => [i, c] as const))("case %i", (_i, c) => {
    const r = ancova(c.y, c.group, c.baseline)!;
    expectClose(r.estimate, c.estimate, 1e-8, 1e-12);
    expectClose(r.se, c.se);
    expectClose(r.t, c.t);
    expect(r.df).toBe(c.df);
    expectClose(r.p, c.p, 1e-8, 1e-300);
    expectClose(r.ciLower, c.ciLower, 1e-8, 1e-12);
    expectClose(r.ciUpper, c.ciUpper, 1e-8, 1e-12);
    expectClose(r.baselineCoefficient, c.baselineCoef);
  });
  test("collinear designs are not estimable", () => {
    expect(ancova([1, 2, 3, 4, 5], [0, 0, 1, 1, 1], [0, 0, 1, 1, 1])).toBeNull();
  });
});

describe("responder analysis against R's fisher.test and prop.test", () => {
  test.each(R.fisher.map((c) => [`${c.a}/${c.a + c.b} vs ${c.c}/${c.c + c.d}`, c] as const))("%s", (_l, c) => {
    const f = fisherExact(c.a, c.b, c.c, c.d);
    expectClose(f.p, c.p, 1e-8, 1e-15, "p");
    expectClose(f.pGreater, c.pGreater, 1e-8, 1e-15, "greater");
    expectClose(f.pLess, c.pLess, 1e-8, 1e-15, "less");
    const rd = riskDifference(c.a, c.a + c.b, c.c, c.c + c.d);
    expectClose(rd.rd, c.rd, 1e-12, 1e-15);
    expectClose(rd.ciLower, c.rdLower, 1e-8, 1e-12, "newcombe lower");
    expectClose(rd.ciUpper, c.rdUpper, 1e-8, 1e-12, "newcombe upper");
    expectClose(rd.waldLower, c.rdWaldLower, 1e-8, 1e-12);
    expectClose(rd.waldUpper, c.rdWaldUpper, 1e-8, 1e-12);
  });
  test.each(R.wilson.map((c) => [`${c.x}/${c.n}`, c] as const))("Wilson and Clopper-Pearson intervals for %s", (_l, c) => {
    const w = wilsonInterval(c.x, c.n);
    expectClose(w.lower, c.lower, 1e-8, 1e-14);
    expectClose(w.upper, c.upper, 1e-8, 1e-14);
    const cp = clopperPearsonInterval(c.x, c.n);
    expectClose(cp.lower, c.cpLower, 1e-8, 1e-14);
    expectClose(cp.upper, c.cpUpper, 1e-8, 1e-14);
  });
});

describe("effect sizes", () => {
  test.each(R.tTests.map((c, i) => [i, c] as const))("case %i: Cohen's d, Hedges' g (exact J) and the noncentral-t interval", (_i, c) => {
    const e = standardizedDifference(summarize(c.x), summarize(c.y), { ci: "noncentral-t" })!;
    expectClose(e.d, c.cohenD.d, 1e-10);
    expectClose(e.g, c.cohenD.g, 1e-10);
    // R's pt(ncp) itself is good to about 1e-11 here (see the fixture script).
    expectClose(e.ciLower, c.cohenD.ciLower, 1e-8, 1e-9);
    expectClose(e.ciUpper, c.cohenD.ciUpper, 1e-8, 1e-9);
    expectClose(e.seG, c.hedgesApproxSe, 1e-10);
  });
});

describe("the noncentral t against R's pt(t, df, ncp)", () => {
  test.each(R.noncentralT.map((c) => [`t=${c.t} df=${c.df} ncp=${c.ncp}`, c] as const))("%s", (_l, c) => {
    // Relative 1e-8, with 1e-12 absolute for extreme tails, where R's own result is only good to about 1e-12 absolutely.
    expectClose(noncentralTCdf(c.t, c.df, c.ncp), c.cdf, 1e-8, 1e-12);
    expectClose(noncentralTCdf(c.t, c.df, c.ncp, false), c.upper, 1e-8, 1e-12);
  });
});

describe("analytic power against R's power.t.test and power.prop.test", () => {
  test.each(R.powerT.map((c, i) => [i, c] as const))("power.t.test case %i", (_i, c) => {
    if (c.solveFor === "power") expectClose(powerTTest({ n: c.n!, delta: c.delta, sd: c.sd, sigLevel: c.sigLevel, strict: c.strict }), c.power!);
    else expectClose(sampleSizeTTest({ power: c.power!, delta: c.delta, sd: c.sd, sigLevel: c.sigLevel, strict: c.strict }), c.n!);
  });
  test.each(R.powerProp.map((c, i) => [i, c] as const))("power.prop.test case %i", (_i, c) => {
    if (c.solveFor === "power") expectClose(powerPropTest({ n: c.n!, p1: c.p1, p2: c.p2, sigLevel: c.sigLevel }), c.power!);
    else expectClose(sampleSizePropTest({ power: c.power!, p1: c.p1, p2: c.p2, sigLevel: c.sigLevel }), c.n!);
  });
});

describe("quantiles against R's quantile(type = 7)", () => {
  test.each(R.quantiles.map((c) => [c.x.length, c] as const))("n = %i", (_n, c) => {
    quantiles(c.x, c.probs).forEach((q, i) => expectClose(q, c.type7[i]!, 1e-12, 1e-12));
  });
});
