import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import R from "./fixtures/analysis.json";
import { checkPublished, ValidationError, type CheckReport } from "../src/engine.js";
import { cli } from "./helpers/cli.js";

const example = (name: string) => JSON.parse(readFileSync(new URL(`../examples/checks/${name}.json`, import.meta.url), "utf8"));
const row = (r: CheckReport, id: string) => r.checks.find((c) => c.id === id);

describe("recomputation agrees with R (t tests from summary statistics)", () => {
  test.each(R.tFromSummary.map((c) => [c.label, c] as const))("%s", async (_l, c) => {
    const report = await checkPublished({
      arms: [
        { id: "x", role: "treatment", n: c.nX, change: { mean: c.meanX, sd: c.sdX } },
        { id: "y", role: "control", n: c.nY, change: { mean: c.meanY, sd: c.sdY } },
      ],
      design: { integerScores: false },
    });
    const w = row(report, "welch:x")!.values!;
    const s = row(report, "student:x")!.values!;
    expect(Math.abs((w.p as number) / c.welchP - 1)).toBeLessThan(1e-8);
    expect(Math.abs((w.t as number) / c.welchT - 1)).toBeLessThan(1e-8);
    expect(Math.abs((w.df as number) / c.welchDf - 1)).toBeLessThan(1e-8);
    expect(Math.abs((s.p as number) / c.studentP - 1)).toBeLessThan(1e-8);
  });
  test.each(R.tTests.map((c, i) => [i, c] as const))("case %i: Cohen's d, Hedges' g and the noncentral-t interval agree with R", async (_i, c) => {
    const summary = (x: number[]) => {
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      return { mean: m, sd: Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)) };
    };
    const report = await checkPublished({ arms: [{ id: "x", role: "treatment", n: c.x.length, change: summary(c.x) }, { id: "y", role: "control", n: c.y.length, change: summary(c.y) }], design: { integerScores: false } });
    const v = row(report, "effect-size:x")!.values!;
    expect(Math.abs((v.d as number) / c.cohenD.d - 1)).toBeLessThan(1e-8);
    expect(Math.abs((v.g as number) / c.cohenD.g - 1)).toBeLessThan(1e-8);
    expect(Math.abs((v.ciLower as number) - c.cohenD.ciLower)).toBeLessThan(1e-7);
    expect(Math.abs((v.ciUpper as number) - c.cohenD.ciUpper)).toBeLessThan(1e-7);
    // g's interval is δ's scaled by J = g / d.
    expect((v.gCiLower as number) / (v.ciLower as number)).toBeCloseTo(c.cohenD.g / c.cohenD.d, 12);
  });
  test("Fisher's exact test and the risk difference agree with R", async () => {
    const f = R.fisher[0]!; // 10/12 vs 2/8
    const report = await checkPublished({ arms: [{ id: "x", role: "treatment", n: 12, responders: { count: f.a } }, { id: "y", role: "control", n: 8, responders: { count: f.c } }] });
    const v = row(report, "fisher:x")!.values!;
    expect(Math.abs((v.fisherP as number) / f.p - 1)).toBeLessThan(1e-8);
    expect(Math.abs((v.rdLower as number) / f.rdLower - 1)).toBeLessThan(1e-8);
  });
  test("a reported t is checked against its p once, however many arms are compared", async () => {
    const arm = (id: string, role: "treatment" | "control") => ({ id, role, n: 10, change: { mean: role === "control" ? -10 : -20, sd: 15 } });
    const report = await checkPublished({ arms: [arm("a", "treatment"), arm("b", "treatment"), arm("c", "control")], reported: { t: 2.1, df: 18, p: 0.05 } });
    const rows = report.checks.filter((c) => c.id === "p-vs-t");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("pass"); // pt(2.1, 18) two-sided = 0.0501; t rounding allows 0.05
  });
});

describe("consistency checks", () => {
  test("GRIM flags a mean of 5.19 from 28 integer answers and passes a possible one", async () => {
    const report = await checkPublished(example("grim-impossible"));
    expect(row(report, "grim:a:endpoint")!.status).toBe("fail");
    expect(row(report, "grim:b:endpoint")!.status).toBe("pass");
  });
  test("a percentage that no count out of n produces fails; one that does passes", async () => {
    const report = await checkPublished({ arms: [{ id: "x", role: "treatment", n: 12, responders: { percent: 84 } }, { id: "y", role: "control", n: 8, responders: { percent: 25, count: 2 } }] });
    expect(row(report, "grim-percent:x:responders")!.status).toBe("fail");
    expect(row(report, "grim-percent:y:responders")!.status).toBe("pass");
    expect(row(report, "count-percent:y:responders")!.status).toBe("pass");
  });
  test("the MP-1 case entered with its SEs as SDs is flagged; entered with its SDs, it passes", async () => {
    // The simulated percentile of an SE taken as an SD sits near 1 (seed-dependent, fail or warn);
    // the arms are flagged either way, and the effect size is implausible deterministically.
    const report = await checkPublished(example("mp1-se-as-sd"), { trials: 200 });
    for (const arm of ["mdma", "placebo"]) expect(["fail", "warn"]).toContain(row(report, `spread:${arm}:endpoint`)!.status);
    expect(row(report, "effect-plausibility:mdma")!.status).toBe("warn");
    // The same figures with SD = SE × √n, as the paper's SEs imply.
    const mp1 = example("mp1");
    for (const arm of mp1.arms) for (const m of ["baseline", "endpoint"]) {
      const s = arm[m];
      if (s?.se !== undefined) arm[m] = { mean: s.mean, sd: Number((s.se * Math.sqrt(arm.n)).toFixed(1)) };
    }
    const good = await checkPublished(mp1, { trials: 200 });
    for (const arm of ["mdma", "placebo"]) expect(row(good, `spread:${arm}:endpoint`)!.status).toBe("pass");
    expect(good.checks.filter((c) => c.status === "fail")).toEqual([]);
  });
  test("an SD and an SE that disagree (SD ≠ SE × √n beyond rounding) fail; ones that agree pass", async () => {
    const arms = (sd: number) => [{ id: "x", role: "treatment", n: 16, change: { mean: -10, sd, se: 2.0 } }, { id: "y", role: "control", n: 16, change: { mean: -2, sd: 8.0, se: 2.0 } }];
    expect(row(await checkPublished({ arms: arms(8.1), design: { integerScores: false } }), "sd-vs-se:x:change")!.status).toBe("pass");
    expect(row(await checkPublished({ arms: arms(2.0), design: { integerScores: false } }), "sd-vs-se:x:change")!.status).toBe("fail");
  });
  test("without a simulation, the implausible effect size still raises a warning", async () => {
    const report = await checkPublished(example("mp1-se-as-sd"), { simulate: false });
    expect(row(report, "effect-plausibility:mdma")!.status).toBe("warn");
    expect(row(report, "simulation")!.status).toBe("skipped");
  });
  test("a p-value that does not match its test statistic and df fails", async () => {
    const base = { arms: [{ id: "x", role: "treatment", n: 10, change: { mean: -10, sd: 8 } }, { id: "y", role: "control", n: 10, change: { mean: -2, sd: 8 } }], design: { integerScores: false } };
    const bad = await checkPublished({ ...base, reported: { t: 2.24, df: 18, p: 0.01 } });
    expect(row(bad, "p-vs-t")!.status).toBe("fail");
    const good = await checkPublished({ ...base, reported: { t: 2.24, df: 18, p: 0.038 } });
    expect(row(good, "p-vs-t")!.status).toBe("pass");
  });
  test("an effect size that does not match the means and SDs fails; one that does passes", async () => {
    const arms = [{ id: "x", role: "treatment", n: 10, change: { mean: -10, sd: 8 } }, { id: "y", role: "control", n: 10, change: { mean: -2, sd: 8 } }];
    const bad = await checkPublished({ arms, design: { integerScores: false }, reported: { effectSize: { kind: "cohen-d", value: 1.6 } } });
    expect(row(bad, "effect-size:x")!.status).toBe("fail");
    const good = await checkPublished({ arms, design: { integerScores: false }, reported: { effectSize: { kind: "cohen-d", value: 1.0 } } });
    expect(row(good, "effect-size:x")!.status).toBe("pass");
  });
  test("an SD impossible for the mean on a bounded scale fails; the largest possible sample SD passes", async () => {
    const report = await checkPublished({ design: { scale: "CAPS-5" }, arms: [{ id: "x", role: "treatment", n: 10, endpoint: { mean: 5, sd: 30 } }, { id: "y", role: "control", n: 10, endpoint: { mean: 30, sd: 10 } }] });
    expect(row(report, "sd-bound:x:endpoint")!.status).toBe("fail");
    // CAPS-IV scores {0, 0, 0, 136}: mean 34, sample SD 68 (above the population bound 58.9, but real);
    // CAPS-5 scores {20, 80}: mean 50, sample SD 42.4.
    const extreme = await checkPublished({ arms: [{ id: "x", role: "treatment", n: 4, endpoint: { mean: 34, sd: 68.0 } }, { id: "y", role: "control", n: 4, endpoint: { mean: 34, sd: 10 } }] });
    expect(row(extreme, "sd-bound:x:endpoint")).toBeUndefined();
    const two = await checkPublished({ design: { scale: "CAPS-5" }, arms: [{ id: "x", role: "treatment", n: 2, endpoint: { mean: 50, sd: 42.4 } }, { id: "y", role: "control", n: 2, endpoint: { mean: 50, sd: 10 } }] });
    expect(row(two, "sd-bound:x:endpoint")).toBeUndefined();
    // The bound √(n / (n − 1)) × √((b − μ)(μ − a)) is valid but not tight for tiny n (54.8 here).
    const over = await checkPublished({ design: { scale: "CAPS-5" }, arms: [{ id: "x", role: "treatment", n: 2, endpoint: { mean: 50, sd: 56.0 } }, { id: "y", role: "control", n: 2, endpoint: { mean: 50, sd: 10 } }] });
    expect(row(over, "sd-bound:x:endpoint")!.status).toBe("fail");
  });
  test("when the paper does not name its t test, one row judges both: consistent with Welch is a pass", async () => {
    // Very unequal SDs and n: Welch and Student disagree.
    const arms = [{ id: "x", role: "treatment", n: 3, change: { mean: 1.2, sd: 0.1 } }, { id: "y", role: "control", n: 60, change: { mean: 0.9, sd: 0.6 } }];
    const welchP = (await checkPublished({ arms, design: { integerScores: false } })).checks.find((c) => c.id === "welch:x")!.values!.p as number;
    const report = await checkPublished({ arms, design: { integerScores: false }, reported: { p: Number(welchP.toFixed(3)) } });
    expect(row(report, "t-test:x")!.status).toBe("pass");
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    const named = await checkPublished({ arms, design: { integerScores: false }, reported: { p: Number(welchP.toFixed(3)), test: "student" } });
    expect(row(named, "student:x")!.status).toBe("fail");
    expect(row(named, "t-test:x")).toBeUndefined();
  });
  test("with an SE given, the p range allows for the SE's rounding times √n", async () => {
    // MP-1 endpoints from their SEs (7.7 with n = 12, 9.4 with n = 8): the Welch p ranges over
    // about 0.0136-0.0150 when the SEs are taken as rounded to 0.05; p = 0.0149 is consistent.
    const arms = [{ id: "x", role: "treatment", n: 12, endpoint: { mean: 25.5, se: 7.7 } }, { id: "y", role: "control", n: 8, endpoint: { mean: 59.1, se: 9.4 } }];
    const report = await checkPublished({ arms, reported: { p: 0.0149, test: "welch" } });
    expect(row(report, "welch:x")!.status).toBe("pass");
  });
  test("with two control arms, nothing is compared", async () => {
    const arm = (id: string, role: "treatment" | "control") => ({ id, role, n: 10, change: { mean: -10, sd: 8 } });
    const report = await checkPublished({ arms: [arm("a", "treatment"), arm("b", "control"), arm("c", "control")] });
    expect(row(report, "comparison")!.status).toBe("skipped");
    expect(report.checks.some((c) => c.id.startsWith("welch:"))).toBe(false);
    expect(report.designAnalysis).toBeNull();
  });
  test("a Fisher p reported as an inequality is read as one", async () => {
    const arms = [{ id: "x", role: "treatment", n: 30, responders: { count: 25 } }, { id: "y", role: "control", n: 30, responders: { count: 5 } }];
    expect(row(await checkPublished({ arms, reported: { fisherP: 0.001, fisherPOperator: "<" } }), "fisher:x")!.status).toBe("pass");
    expect(row(await checkPublished({ arms, reported: { fisherP: 0.001 } }), "fisher:x")!.status).toBe("fail");
  });
  test("MP-2: the reported p = 0.066 is not a t test on the published change summaries, and the 25 mg arm's records disagree", async () => {
    const report = await checkPublished(example("mp2"), { simulate: false });
    expect(row(report, "t-test:mdma-125")!.status).toBe("fail");
    expect(row(report, "welch:mdma-125")!.values!.p).toBeCloseTo(0.2529, 4); // R: t.test from the summaries (fixture)
    expect(row(report, "change-consistency:active-placebo-25")!.status).toBe("fail");
    expect(row(report, "change-consistency:active-placebo-25")!.message).toMatch(/sign of the change flipped/);
    expect(row(report, "change-consistency:mdma-125")!.status).toBe("pass");
  });
  test("checks that lack their numbers say they were skipped", async () => {
    const report = await checkPublished({ arms: [{ id: "x", role: "treatment", n: 10 }, { id: "y", role: "control" }] });
    expect(row(report, "t-tests:x")!.status).toBe("skipped");
    expect(report.designAnalysis).toBeNull();
  });
});

describe("input validation", () => {
  test("a scale that is not the preset's is rejected; left out, the preset's is used", async () => {
    const arms = [{ id: "mdma", role: "treatment", n: 10, endpoint: { mean: 60, sd: 40 } }, { id: "placebo", role: "control", n: 10, endpoint: { mean: 70, sd: 5 } }];
    await expect(checkPublished({ design: { preset: "phase3", scale: "CAPS-IV" }, arms }, { simulate: false })).rejects.toThrow(/design\.scale: must be the preset's endpoint scale \(CAPS-5\)/);
    // On CAPS-5 (0-80) an SD of 40 around 60 from 10 scores is impossible (at most 36.5); on CAPS-IV it would not be.
    const report = await checkPublished({ design: { preset: "phase3" }, arms }, { simulate: false });
    expect(row(report, "sd-bound:mdma:endpoint")!.status).toBe("fail");
  });
  test("a count larger than its n is rejected with its path", async () => {
    await expect(checkPublished({ arms: [{ id: "x", role: "treatment", n: 12, responders: { count: 13 } }, { id: "y", role: "control", n: 8 }] })).rejects.toThrow(/arms\[0\]\.responders\.count: must be at most n \(12\) \[count-at-most-n\]/);
  });
  test("a malformed result lists every problem with its path", async () => {
    await expect(checkPublished({ arms: [{ id: "x", role: "boss", n: -1 }], reported: { p: 1.5 }, extra: 1 })).rejects.toThrow(ValidationError);
    try {
      await checkPublished({ arms: [{ id: "x", role: "boss", n: -1 }], reported: { p: 1.5 }, extra: 1 });
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => [i.path, i.rule])).toEqual([
        ["arms[0].role", "allowed-values"],
        ["arms[0].n", "minimum"],
        ["arms", "minimum"],
        ["reported.p", "maximum"],
        ["extra", "unknown-field"],
      ]);
    }
  });
  test("`check` on a malformed file exits 2 with every problem and its path", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const path = join(mkdtempSync(join(tmpdir(), "check-")), "bad.json");
    writeFileSync(path, JSON.stringify({ arms: [{ id: "x", role: "boss" }], reported: { p: "0.05" } }));
    const r = await cli("check", path);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/arms\[0\]\.role: must be one of "treatment", "control"/);
    expect(r.err).toMatch(/reported\.p: must be a number, not string/);
    expect(r.err).toMatch(/arms: must have at least 2 items: a comparison needs at least two arms \[minimum\]/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
