import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import R from "./fixtures/analysis.json";
import { checkPublished, ValidationError, type CheckReport } from "../src/index.js";
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
  test("the MP-1 case entered with its SEs as SDs is flagged", async () => {
    const report = await checkPublished(example("mp1-se-as-sd"), { trials: 600 });
    expect(row(report, "spread:mdma:endpoint")!.status).toBe("fail");
    expect(row(report, "spread:placebo:endpoint")!.status).toBe("fail");
    expect(row(report, "spread:mdma:endpoint")!.message).toMatch(/far more plausible as an SE than an SD/);
    expect(row(report, "effect-plausibility:mdma")!.status).toBe("warn");
    // Entered correctly, the same figures pass.
    const good = await checkPublished(example("mp1"), { trials: 600 });
    expect(good.checks.filter((c) => c.status === "fail")).toEqual([]);
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
  test("an SD impossible for the mean on a bounded scale fails", async () => {
    const report = await checkPublished({ design: { scale: "CAPS-5" }, arms: [{ id: "x", role: "treatment", n: 10, endpoint: { mean: 5, sd: 30 } }, { id: "y", role: "control", n: 10, endpoint: { mean: 30, sd: 10 } }] });
    expect(row(report, "sd-bound:x:endpoint")!.status).toBe("fail");
  });
  test("MP-2: the reported p = 0.066 is not a t test on the published change summaries, and the 25 mg arm's records disagree", async () => {
    const report = await checkPublished(example("mp2"), { simulate: false });
    expect(row(report, "welch:mdma-125")!.status).toBe("fail");
    expect(row(report, "student:mdma-125")!.status).toBe("fail");
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
