import { describe, expect, test } from "vitest";
import fc from "fast-check";
import fixture from "../fixtures/pk-reference.json";
import { simulatePk, exposureSummary, gutAmount, recoverEnzyme, PkSystem, type PkIndividual } from "../../src/pk/model.js";
import { typicalPk, samplePkIndividual, sampleCyp2d6Phenotype } from "../../src/pk/individual.js";
import { defaultParameters } from "../../src/params/defaults.js";
import { createRoot, stream } from "../../src/random/rng.js";

const TIGHT = { rtol: 1e-12, atol: 1e-14, maxStepH: 1, maxSteps: 1_000_000 };
const params = defaultParameters();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

describe("the solver against an independent implementation", () => {
  test.each(fixture.scenarios.map((s) => [s.name, s] as const))("%s: matches SciPy (DOP853, every compartment integrated) to 1e-8", (_name, s) => {
    expect(fixture.transitCompartments).toBe(params["pk.transitCompartments"]);
    const ind: PkIndividual = { ...typicalPk(params), clCyp2d6LPerH: fixture.parameters.CLd * s.activity };
    // The fixture's parameters are the fitted typical values in the table.
    expect(ind.kaPerH).toBe(fixture.parameters.ka);
    expect(ind.volumeL).toBe(fixture.parameters.V);
    const trace = simulatePk(ind, s.doses, s.timesH, { initialEnzyme: s.initialEnzyme, ode: TIGHT });
    s.timesH.forEach((t, i) => {
      const c = s.concentrationNgPerMl[i]!;
      expect(Math.abs(trace.concentrationNgPerMl[i]! - c), `C at ${t} h`).toBeLessThanOrEqual(1e-8 * Math.max(c, 1e-3));
      expect(Math.abs(trace.enzymeActivity[i]! - s.enzymeActivity[i]!)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(trace.aucNgHPerMl[i]! - s.aucNgHPerMl[i]!)).toBeLessThanOrEqual(1e-8 * Math.max(s.aucNgHPerMl[i]!, 1e-3));
    });
  });

  test("the linear special case (no inhibition, no transit) matches the closed form to 1e-9", () => {
    const ka = 1.3;
    const v = 400;
    const cl = 45;
    const ke = cl / v;
    const ind: PkIndividual = { kaPerH: ka, meanTransitTimeH: 1, transitCompartments: 0, volumeL: v, clOtherLPerH: cl, clCyp2d6LPerH: 0, kinactPerH: 0, kiMgPerL: 1, kdegPerH: 0.01 };
    const times = Array.from({ length: 97 }, (_, i) => i * 0.25);
    const dose = 125;
    const closed = (t: number) => ((1000 * dose * ka) / (v * (ka - ke))) * (Math.exp(-ke * t) - Math.exp(-ka * t));
    const trace = simulatePk(ind, [{ timeH: 0, mg: dose }], times, { ode: TIGHT });
    times.forEach((t, i) => expect(Math.abs(trace.concentrationNgPerMl[i]! - closed(t))).toBeLessThanOrEqual(1e-9 * Math.max(closed(t), 1)));
    // AUC(0-∞) of the closed form is dose/CL; by 24 h it is the integral of the closed form.
    const auc24 = ((1000 * dose * ka) / (v * (ka - ke))) * ((1 - Math.exp(-ke * 24)) / ke - (1 - Math.exp(-ka * 24)) / ka);
    expect(Math.abs(trace.aucNgHPerMl[96]! / auc24 - 1)).toBeLessThan(1e-9);
  });

  test("the closed-form absorption chain agrees with its power series where both apply", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.3, max: 8, noNaN: true }), fc.double({ min: 0.2, max: 8, noNaN: true }), fc.double({ min: 0.01, max: 12, noNaN: true }), (n, ktr, ka, tau) => {
        const value = gutAmount(100, tau, n, ktr, ka);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100 + 1e-9);
        // Numerical quadrature of D·ktr^n·e^{−ka τ}·∫ s^{n−1}/(n−1)!·e^{−δ s} ds (Simpson, 2000 panels).
        const delta = ktr - ka;
        let fact = 1;
        for (let j = 2; j < n; j++) fact *= j;
        const f = (s: number) => (Math.pow(s, n - 1) / fact) * Math.exp(-delta * s);
        const m = 2000;
        const h = tau / m;
        let sum = f(0) + f(tau);
        for (let i = 1; i < m; i++) sum += (i % 2 ? 4 : 2) * f(i * h);
        const quad = 100 * Math.pow(ktr, n) * Math.exp(-ka * tau) * ((h / 3) * sum);
        expect(Math.abs(value - quad)).toBeLessThanOrEqual(1e-7 * Math.max(quad, 1e-6));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  test("the simulator's absorption input is ka times that same gut amount, summed over the doses (to 1e-11: it shares e^{-ka t} between doses, and the closed form may lose 1e-12 near the series)", () => {
    const ind = typicalPk(params);
    const n = ind.transitCompartments;
    const ktr = (n + 1) / ind.meanTransitTimeH;
    const pk = new PkSystem(ind);
    pk.addDose(0, 125);
    pk.addDose(2.25, 62.5);
    for (const t of [0.01, 0.2, 0.5, 1, 2.25, 2.3, 2.5, 3, 8, 24]) {
      const expected = ind.kaPerH * (gutAmount(125, t, n, ktr, ind.kaPerH) + gutAmount(62.5, t - 2.25, n, ktr, ind.kaPerH));
      expect(Math.abs(pk.inputRate(t) - expected)).toBeLessThanOrEqual(1e-11 * expected);
    }
    // Doses far apart (where the shared factor would overflow) are computed one by one.
    const late = new PkSystem({ ...ind, kaPerH: 20 });
    late.addDose(0, 100);
    late.addDose(40, 100);
    const gut = (tau: number) => gutAmount(100, tau, n, ktr, 20);
    expect(Math.abs(late.inputRate(40.5) - 20 * (gut(40.5) + gut(0.5)))).toBeLessThanOrEqual(1e-11 * 20 * gut(0.5));
  });
});

describe("the published figures, for the median of 10,000 simulated participants per dose", () => {
  const root = createRoot("pk-figures");
  const people = Array.from({ length: 10_000 }, (_, i) => {
    const rng = stream(root, ["pk", i]);
    return samplePkIndividual(rng, params, sampleCyp2d6Phenotype(rng, params));
  });
  const summaries = (mg: number) => people.map((p) => exposureSummary(p, [{ timeH: 0, mg }], 24, { gridH: 0.25 }));
  const s75 = summaries(75);
  const s125 = summaries(125);

  test("Cmax about 131 ng/mL at 75 mg and 236 ng/mL at 125 mg, each within 15% (Mas et al. 1999)", () => {
    const c75 = median(s75.map((s) => s.cmaxNgPerMl));
    const c125 = median(s125.map((s) => s.cmaxNgPerMl));
    expect(Math.abs(c75 / 130.9 - 1)).toBeLessThan(0.15);
    expect(Math.abs(c125 / 236.4 - 1)).toBeLessThan(0.15);
  });
  test("Tmax between 1.8 and 2.4 h", () => {
    for (const s of [s75, s125]) {
      const t = median(s.map((x) => x.tmaxH));
      expect(t).toBeGreaterThanOrEqual(1.8);
      expect(t).toBeLessThanOrEqual(2.4);
    }
  });
  test("terminal half-life between 7 and 10 h", () => {
    for (const s of [s75, s125]) {
      const t = median(s.map((x) => x.terminalHalfLifeH));
      expect(t).toBeGreaterThanOrEqual(7);
      expect(t).toBeLessThanOrEqual(10);
    }
  });
  test("AUC(0-24) ratio 125/75 mg between 2.0 and 2.5 (published 2.25 for a 1.67-fold dose)", () => {
    const r = median(s125.map((s) => s.aucNgHPerMl)) / median(s75.map((s) => s.aucNgHPerMl));
    expect(r).toBeGreaterThanOrEqual(2.0);
    expect(r).toBeLessThanOrEqual(2.5);
  });
  test("a second 100 mg dose 24 h after the first raises AUC by 50-100% (published +77%, Farré et al. 2004)", () => {
    const ratios = people.slice(0, 2000).map((p) => {
      const tr = simulatePk(p, [{ timeH: 0, mg: 100 }, { timeH: 24, mg: 100 }], [24, 48]);
      return (tr.aucNgHPerMl[1]! - tr.aucNgHPerMl[0]!) / tr.aucNgHPerMl[0]!;
    });
    const r = median(ratios);
    expect(r).toBeGreaterThanOrEqual(1.5);
    expect(r).toBeLessThanOrEqual(2.0);
  });
  test("between-subject variability gives a Cmax CV near Kolbrich 2008's 24% (allowed 15-40%)", () => {
    const c = s125.map((s) => s.cmaxNgPerMl);
    const mean = c.reduce((a, b) => a + b, 0) / c.length;
    const sd = Math.sqrt(c.reduce((a, b) => a + (b - mean) ** 2, 0) / (c.length - 1));
    expect(sd / mean).toBeGreaterThan(0.15);
    expect(sd / mean).toBeLessThan(0.4);
  });
});

describe("properties", () => {
  test("concentrations are never negative and the enzyme stays in [0, 1]", () => {
    const root = createRoot("pk-props");
    fc.assert(
      fc.property(fc.nat(10_000), fc.double({ min: 0, max: 187.5, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }), fc.double({ min: 0, max: 125, noNaN: true }), (i, dose, at, sup) => {
        const rng = stream(root, ["p", i]);
        const ind = samplePkIndividual(rng, params, sampleCyp2d6Phenotype(rng, params));
        const times = Array.from({ length: 49 }, (_, k) => k * 0.5);
        const tr = simulatePk(ind, [{ timeH: 0, mg: dose }, { timeH: at, mg: sup }], times);
        for (let k = 0; k < times.length; k++) {
          expect(tr.concentrationNgPerMl[k]!).toBeGreaterThanOrEqual(0);
          expect(tr.enzymeActivity[k]!).toBeGreaterThanOrEqual(0);
          expect(tr.enzymeActivity[k]!).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });
  test("a supplemental dose at 2 h superposes on an already-inhibited clearance: more exposure than the doses alone give", () => {
    const ind = typicalPk(params);
    const auc = (doses: { timeH: number; mg: number }[]) => simulatePk(ind, doses, [48], { ode: TIGHT }).aucNgHPerMl[0]!;
    const together = auc([{ timeH: 0, mg: 125 }, { timeH: 2, mg: 62.5 }]);
    expect(together).toBeGreaterThan(auc([{ timeH: 0, mg: 125 }]) + auc([{ timeH: 0, mg: 62.5 }]));
  });
  test("CYP2D6 recovers by resynthesis with the assumed 46-h half-life", () => {
    expect(recoverEnzyme(0.2, 46, Math.LN2 / 46)).toBeCloseTo(0.6, 12);
    expect(recoverEnzyme(0.2, 0, 0.1)).toBeCloseTo(0.2, 15);
    expect(recoverEnzyme(0.2, 4 * 7 * 24, Math.LN2 / 46)).toBeGreaterThan(0.99);
  });
  test("poor metabolizers are exposed more than normal, ultrarapid less", () => {
    const auc = (ph: "poor" | "normal" | "ultrarapid") => simulatePk(typicalPk(params, ph), [{ timeH: 0, mg: 125 }], [24]).aucNgHPerMl[0]!;
    expect(auc("poor")).toBeGreaterThan(auc("normal"));
    expect(auc("normal")).toBeGreaterThan(auc("ultrarapid"));
  });
});
