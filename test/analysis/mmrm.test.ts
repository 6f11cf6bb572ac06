import { describe, expect, test } from "vitest";
import R from "../fixtures/mmrm.json";
import { ancova } from "../../src/analysis/ancova.js";
import { createMmrmFitter, fitMmrm, type MmrmData, type MmrmRow } from "../../src/analysis/mmrm.js";
import { ValidationError } from "../../src/errors.js";
import { expectClose } from "../helpers/close.js";

// Expected values: nlme::gls with corSymm + varIdent, REML (test/fixtures/mmrm.R), at the REML
// optimum (nlme's estimate polished by Newton steps on nlme's own criterion, then reported by gls
// with the covariance held there); Satterthwaite's df from numerical derivatives of a dense REML
// criterion written in R. Tolerances: 1e-8 relative for estimates, SEs, covariances (agreement is
// about 1e-10); Satterthwaite's df 3e-5 relative (the R side's numerical Hessian is good to about
// 1e-5; see the exact cases below for this library's accuracy).

type DataSet = (typeof R.dataSets)[number];

function dataOf(set: DataSet): MmrmData {
  return {
    rows: set.input.rows as MmrmRow[],
    visits: set.input.visits,
    referenceGroup: set.input.referenceGroup,
    treatedGroup: set.input.treatedGroup,
  };
}

const baselineTerm = (set: DataSet) => set.input.baselineTerm as "by-visit" | "common";
const sets = R.dataSets.map((s) => [s.label, s] as const);

describe("MMRM against nlme::gls (REML, unstructured covariance)", () => {
  test.each(sets)("%s: estimates, SEs, covariance, log-likelihood, residual-df tests", (_l, set) => {
    const fit = fitMmrm(dataOf(set), { baselineTerm: baselineTerm(set), df: "residual" })!;
    const ref = set.nlme;
    expect(fit.converged).toBe(true);
    expect(fit.observations).toBe(ref.observations);
    expect(fit.coefficients).toBe(ref.coefficients);
    expect(fit.subjects).toBe(ref.subjects);
    expectClose(fit.baselineMean, ref.baselineMean, 1e-14, 0, "baseline mean");
    expectClose(fit.logLikelihood, ref.logLik, 0, 1e-7, "REML log-likelihood");
    ref.covariance.forEach((row, i) => row.forEach((v, j) => expectClose(fit.covariance[i]![j]!, v, 1e-8, 0, `covariance[${i}][${j}]`)));
    expect(fit.lsMeans).toHaveLength(ref.lsMeans.length);
    for (const m of ref.lsMeans) {
      const mine = fit.lsMeans.find((x) => x.group === m.group && x.visit === m.visit)!;
      expectClose(mine.estimate, m.estimate, 1e-8, 1e-9, `LS mean ${m.group} ${m.visit}`);
      expectClose(mine.se, m.se, 1e-8, 0, `LS mean SE ${m.group} ${m.visit}`);
    }
    expect(fit.differences).toHaveLength(ref.differences.length);
    for (const d of ref.differences) {
      const mine = fit.differences.find((x) => x.group === d.group && x.visit === d.visit)!;
      const what = `${d.group} vs ${set.input.referenceGroup} at ${d.visit}`;
      expectClose(mine.estimate, d.estimate, 1e-8, 1e-9, what);
      expectClose(mine.se, d.se, 1e-8, 0, `${what} SE`);
      expectClose(mine.t, d.t, 1e-8, 1e-9, `${what} t`);
      expect(mine.df).toBe(d.df);
      expect(mine.dfMethod).toBe("residual");
      expectClose(mine.p, d.p, 1e-7, 0, `${what} p`);
      expectClose(mine.ciLower, d.ciLower, 1e-8, 1e-9, `${what} lower`);
      expectClose(mine.ciUpper, d.ciUpper, 1e-8, 1e-9, `${what} upper`);
    }
    const primary = ref.differences.find((d) => d.group === set.input.treatedGroup && d.visit === set.input.visits.at(-1))!;
    expect(fit.difference.group).toBe(set.input.treatedGroup);
    expectClose(fit.difference.estimate, primary.estimate, 1e-8, 1e-9, "primary difference");
  });

  test.each(sets)("%s: Satterthwaite df (the default)", (_l, set) => {
    const fit = fitMmrm(dataOf(set), { baselineTerm: baselineTerm(set) })!;
    for (const d of set.nlme.differences) {
      const mine = fit.differences.find((x) => x.group === d.group && x.visit === d.visit)!;
      expect(mine.dfMethod).toBe("satterthwaite");
      expectClose(mine.df, d.satterthwaiteDf, 3e-5, 0, `df ${d.group} ${d.visit}`);
      expectClose(mine.p, d.satterthwaiteP, 1e-5, 0, `p ${d.group} ${d.visit}`);
      // The limits move with the t quantile, so the reference df's error shows up in units of the SE.
      expectClose(mine.ciLower, d.satterthwaiteCiLower, 0, 5e-6 * d.se, `lower ${d.group} ${d.visit}`);
      expectClose(mine.ciUpper, d.satterthwaiteCiUpper, 0, 5e-6 * d.se, `upper ${d.group} ${d.visit}`);
    }
  });

  test.each(sets)("%s: at least as high a REML log-likelihood as nlme's own optimizer reaches", (_l, set) => {
    const fit = fitMmrm(dataOf(set), { baselineTerm: baselineTerm(set) })!;
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(set.nlme.unpolished.logLik - 1e-9);
  });
});

describe("MMRM: exact cases", () => {
  test("complete data: Satterthwaite's df is participants − groups − 1 at every visit", () => {
    // With complete data and visit-specific regressors, each visit's difference is an ANCOVA
    // estimate whose variance is a scaled chi-square on n − 3 df: Satterthwaite recovers it exactly.
    const set = R.dataSets[0]!;
    expect(set.label).toMatch(/^complete/);
    const fit = fitMmrm(dataOf(set))!;
    for (const d of fit.differences) expectClose(d.df, set.nlme.subjects - 3, 1e-6, 0, String(d.visit));
  });

  test("monotone dropout: the first visit, observed in everyone, keeps n − 3 df", () => {
    const set = R.dataSets[5]!;
    expect(set.label).toMatch(/^two visits/);
    const fit = fitMmrm(dataOf(set))!;
    expectClose(fit.differences[0]!.df, set.nlme.subjects - 3, 1e-6, 0);
  });

  test("one visit: the MMRM is the ANCOVA y ~ group + baseline (checked against R's lm)", () => {
    const set = R.dataSets[7]!;
    const last = set.input.visits.at(-1)!;
    const rows = (set.input.rows as MmrmRow[]).filter((r) => r.visit === last && r.value !== null);
    for (const df of ["residual", "satterthwaite"] as const) {
      const fit = fitMmrm({ rows, visits: [last], referenceGroup: set.input.referenceGroup }, { df })!;
      const reference = ancova(rows.map((r) => r.value!), rows.map((r) => (r.group === set.input.referenceGroup ? 0 : 1)), rows.map((r) => r.baseline))!;
      expectClose(fit.difference.estimate, reference.estimate, 1e-10, 1e-12, `${df} estimate`);
      expectClose(fit.difference.se, reference.se, 1e-9, 0, `${df} se`);
      expectClose(fit.difference.df, reference.df, 1e-7, 0, `${df} df`);
      expectClose(fit.difference.p, reference.p, 1e-6, 0, `${df} p`);
    }
  });
});

describe("MMRM: properties", () => {
  const set = R.dataSets[3]!; // three groups, dropout and intermittent missing
  const data = dataOf(set);

  test("row order and labels do not matter", () => {
    const a = fitMmrm(data)!;
    const shuffled = [...data.rows].map((r, i) => ({ r, key: (i * 7919) % data.rows.length })).sort((x, y) => x.key - y.key).map((x) => ({ ...x.r, subject: `id-${x.r.subject}` }));
    const b = fitMmrm({ ...data, rows: shuffled })!;
    expectClose(b.difference.estimate, a.difference.estimate, 1e-9, 1e-12);
    expectClose(b.difference.se, a.difference.se, 1e-9, 0);
    expectClose(b.difference.df, a.difference.df, 1e-6, 0);
    expectClose(b.logLikelihood, a.logLikelihood, 0, 1e-9);
  });

  test("the simulation fast path gives the same answer as the plain-data entry point", () => {
    const full = fitMmrm(data)!;
    const groups = full.groups;
    const visits = set.input.visits;
    const subjects = [...new Set(data.rows.map((r) => r.subject))];
    const values = new Float64Array(subjects.length * visits.length).fill(Number.NaN);
    const groupIndex = new Int32Array(subjects.length);
    const baseline = new Float64Array(subjects.length);
    for (const r of data.rows) {
      const s = subjects.indexOf(r.subject);
      groupIndex[s] = groups.indexOf(r.group);
      baseline[s] = r.baseline;
      if (r.value !== null) values[s * visits.length + visits.indexOf(String(r.visit))] = r.value;
    }
    const fitter = createMmrmFitter({ visitCount: visits.length, groupCount: groups.length });
    const treated = groups.indexOf(set.input.treatedGroup);
    for (let repeat = 0; repeat < 2; repeat++) {
      const fast = fitter({ subjectCount: subjects.length, groupIndex, baseline, values }, { group: treated, visit: visits.length - 1 })!;
      expectClose(fast.estimate, full.difference.estimate, 1e-12, 1e-12);
      expectClose(fast.se, full.difference.se, 1e-12, 0);
      expectClose(fast.df, full.difference.df, 1e-9, 0);
      expectClose(fast.logLikelihood, full.logLikelihood, 0, 1e-9);
      expect(fast.converged).toBe(true);
    }
  });

  test("the primary visit can be chosen", () => {
    const atFirst = fitMmrm(data, { atVisit: set.input.visits[0] })!;
    expect(atFirst.difference.visit).toBe(set.input.visits[0]);
    expect(atFirst.difference.estimate).toBe(atFirst.differences.find((d) => d.group === set.input.treatedGroup && d.visit === set.input.visits[0])!.estimate);
  });
});

describe("MMRM: data that cannot be analysed", () => {
  const baseRows = (R.dataSets[0]!.input.rows as MmrmRow[]).slice();
  const visits = R.dataSets[0]!.input.visits;

  test("a group never observed at a visit: null", () => {
    const rows = baseRows.map((r) => (r.group === "MDMA" && r.visit === visits[2] ? { ...r, value: null } : r));
    expect(fitMmrm({ rows, visits, referenceGroup: "placebo" })).toBeNull();
  });

  test("a baseline that is the same for everyone: null (the baseline slopes are not identified)", () => {
    const rows = baseRows.map((r) => ({ ...r, baseline: 80 }));
    expect(fitMmrm({ rows, visits, referenceGroup: "placebo" })).toBeNull();
  });

  test("REML maximum on the boundary: null", () => {
    // Four participants at week 8 for four week-8 parameters (two means, a baseline slope and the
    // regression on week 4): the variance of week 8 given week 4 can shrink to zero. nlme "fits"
    // this with a correlation of 0.99999 between the visits.
    const baseline = [72, 85, 90, 77, 81, 95, 68, 88, 79, 92, 84, 75];
    const week4 = [40.2, 51.3, 47.9, 39.4, 45.0, 55.1, 30.2, 41.7, 36.9, 48.8, 44.1, 35.6];
    const week8 = [35.1, 49.0, null, null, null, null, 22.4, 39.9, null, null, null, null];
    const rows: MmrmRow[] = baseline.flatMap((b, i) => [
      { subject: i, group: i < 6 ? "placebo" : "MDMA", visit: "week 4", baseline: b, value: week4[i]! },
      { subject: i, group: i < 6 ? "placebo" : "MDMA", visit: "week 8", baseline: b, value: week8[i]! },
    ]);
    expect(fitMmrm({ rows, visits: ["week 4", "week 8"], referenceGroup: "placebo" })).toBeNull();
  });
});

describe("MMRM: validation", () => {
  test("every problem is reported at once, with its path", () => {
    const rows = [
      { subject: 1, group: "placebo", visit: "week 4", baseline: 80, value: 50 },
      { subject: 1, group: "MDMA", visit: "week 4", baseline: 81, value: 48 },
      { subject: 2, group: "MDMA", visit: "week 9", baseline: 77, value: 40 },
      { subject: 3, group: "low", visit: "week 8", baseline: 70, value: 45 },
    ];
    let error: unknown;
    try {
      fitMmrm({ rows, visits: ["week 4", "week 8", "week 4"], referenceGroup: "placebo" }, { atVisit: "week 12" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => `${i.path} ${i.rule}`)).toEqual([
      "data.visits[2] unique",
      "data.rows[1] one-row-per-visit",
      "data.rows[1].group constant-within-subject",
      "data.rows[1].baseline constant-within-subject",
      "data.rows[2].visit known-visit",
      "data.treatedGroup required-with-three-groups",
      "options.atVisit known-visit",
    ]);
  });

  test("shape errors come from the schema, all together", () => {
    const bad = { rows: [{ subject: 1, group: "placebo", visit: 1, baseline: Number.NaN, value: "12" }], visits: [], referenceGroup: "placebo" };
    let error: unknown;
    try {
      // @ts-expect-error: deliberately malformed
      fitMmrm(bad, { df: "kenward-roger", confLevel: 2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => `${i.path} ${i.rule}`)).toEqual([
      "data.rows[0].baseline type",
      "data.rows[0].value type",
      "data.visits minimum",
      "options.df allowed-values",
      "options.confLevel maximum",
    ]);
  });

  test("the fitter spec is validated once", () => {
    expect(() => createMmrmFitter({ visitCount: 0, groupCount: 1 })).toThrow(ValidationError);
  });
});
