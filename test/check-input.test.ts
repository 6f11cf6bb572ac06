/**
 * Bad input to `check` never crashes, hangs or prints NaN (issue 12): each reproduction from the
 * fuzz run is a regression test, the bounds table is held to the schema field by field, and the
 * exit codes are the documented contract.
 */
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPublished, ValidationError, type CheckReport } from "../src/engine.js";
import { CHECK_OPTION_BOUNDS, PUBLISHED_RESULT_BOUNDS as B, boundsTable } from "../src/check/bounds.js";
import { grimMean, grimPercent } from "../src/check/grim.js";
import type { Runner } from "../src/trial/power-search.js";
import { cli } from "./helpers/cli.js";

const row = (r: CheckReport, id: string) => r.checks.find((c) => c.id === id);

/** The issues of the ValidationError `promise` rejects with, as [path, rule]. */
async function issuesOf(promise: Promise<unknown>): Promise<[string, string][]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => [i.path, i.rule]);
}

/** A runner that fails the test if anything is simulated. */
const noRunner: Runner = () => {
  throw new Error("the simulation must not run");
};

/** Every number anywhere in `value` (not through JSON.stringify, which turns NaN into null silently). */
function numbersIn(value: unknown, path = "report"): [string, number][] {
  if (typeof value === "number") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  return [];
}

const twoArms = (treated: object, control: object, extra: object = {}) => ({ arms: [{ id: "x", role: "treatment", ...treated }, { id: "y", role: "control", ...control }], ...extra });

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "check-")), name);
  writeFileSync(path, text);
  return path;
}

describe("issue 12 reproductions", () => {
  test("(5) GRIM with |mean × n| ≥ 2^53 returns at once instead of looping; such a mean is out of bounds", async () => {
    expect(grimMean(1e15, 10)).toEqual({ possible: true, nearest: [], informative: false });
    expect(grimMean(1e15, 10, 2).informative).toBe(false);
    expect(grimPercent(50, 2 ** 60).informative).toBe(false);
    const input = twoArms({ n: 10, change: { mean: 1e15, sd: 5 } }, { n: 10, change: { mean: -2, sd: 5 } });
    expect(await issuesOf(checkPublished(input))).toEqual([["arms[0].change.mean", "maximum"]]);
  });

  test("(6) n = 1 with a preset: no crash; Welch is skipped and the simulation says why it did not run", async () => {
    const input = { design: { preset: "mp1" }, arms: [{ id: "mdma", role: "treatment", n: 1, endpoint: { mean: 25.5, sd: 20 } }, { id: "placebo", role: "control", n: 8, endpoint: { mean: 59.1, sd: 26 } }] };
    const report = await checkPublished(input, { runner: noRunner });
    expect(row(report, "welch:mdma")!.status).toBe("skipped");
    expect(row(report, "student:mdma")!.status).toBe("pass");
    expect(row(report, "simulation")!.message).toMatch(/at least 2 participants/);
    expect(report.designAnalysis).toBeNull();
  });

  test("(7) an SD of 1e200 is rejected with its path and reason, not recomputed to df = NaN", async () => {
    const input = twoArms({ n: 10, change: { mean: -10, sd: 1e200 } }, { n: 10, change: { mean: -2, sd: 8 } });
    const error = await checkPublished(input).catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: "arms[0].change.sd", rule: "maximum", message: expect.stringMatching(/^must be at most 1000: an SD or SE of scale totals/) })]);
  });

  test("(7) an assumed true difference of 0: Type M is null with a reason, and no message says Infinity or NaN", async () => {
    const report = await checkPublished(twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }, { assumedTrueEffect: { difference: 0 } }));
    const analysis = row(report, "design-analysis")!;
    expect(analysis.values!.typeM).toBeNull();
    expect(analysis.nullReasons!.typeM).toMatch(/true effect is 0/);
    expect(analysis.message).toMatch(/Type M is undefined/);
    expect(report.designAnalysis!.typeM).toBeNull();
    expect(report.designAnalysis!.basis).toBe("assumed-effect");
    for (const c of report.checks) expect(c.message).not.toMatch(/NaN|Infinity/);
  });

  test("(10) n = 100,000 is rejected at validation time, before anything is simulated", async () => {
    const input = { design: { preset: "mp1" }, arms: [{ id: "mdma", role: "treatment", n: 100_000, endpoint: { mean: 25.5, sd: 20 } }, { id: "placebo", role: "control", n: 8, endpoint: { mean: 59.1, sd: 26 } }] };
    expect(await issuesOf(checkPublished(input, { runner: noRunner }))).toEqual([["arms[0].n", "maximum"]]);
  });

  test("(10) a valid n whose simulation would exceed the simulated-participant budget is rejected before it runs", async () => {
    const input = { design: { preset: "mp1" }, arms: [{ id: "mdma", role: "treatment", n: 1000, endpoint: { mean: 25.5, sd: 20 } }, { id: "placebo", role: "control", n: 1000, endpoint: { mean: 59.1, sd: 26 } }] };
    // 2 runs × 2000 trials × 2000 participants = 8,000,000 > 2,000,000.
    expect(await issuesOf(checkPublished(input, { runner: noRunner }))).toEqual([["trials", "simulation-budget"]]);
    // Without the simulation the same file is checked.
    const report = await checkPublished(input, { simulate: false });
    expect(row(report, "welch:mdma")!.status).toBe("pass");
  });

  test("(11) a bad design.timepoint is reported at design.timepoint", async () => {
    const arms = [{ id: "mdma", role: "treatment", n: 12, endpoint: { mean: 25.5, sd: 20 } }, { id: "placebo", role: "control", n: 8, endpoint: { mean: 59.1, sd: 26 } }];
    expect(await issuesOf(checkPublished({ design: { preset: "mp1", timepoint: "week-99" }, arms }, { runner: noRunner }))).toEqual([["design.timepoint", "known-assessment"]]);
    expect(await issuesOf(checkPublished({ design: { preset: "mp1", timepoint: "baseline" }, arms }, { runner: noRunner }))).toEqual([["design.timepoint", "post-baseline"]]);
  });

  test("(1) nesting 4,100 levels deep is a ValidationError with its path, not a stack overflow", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 4100; i++) deep = { a: deep };
    const issues = await issuesOf(checkPublished(twoArms({ n: 10, extra: deep }, { n: 10 })));
    expect(issues).toHaveLength(1);
    expect(issues[0]![1]).toBe("nesting-depth");
    expect(issues[0]![0]).toMatch(/^arms\[0\]\.extra(\.a)+$/);
    const r = await cli("check", tempFile("deep.json", JSON.stringify(twoArms({ n: 10, extra: deep }, { n: 10 }))));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nesting-depth/);
    expect(r.err).not.toMatch(/call stack/);
  });

  test("(2) a huge array of arms is a ValidationError at arms, not a stack overflow or a long validation", async () => {
    const arms = Array.from({ length: 123_000 }, (_, i) => ({ id: `a${i}`, role: "treatment", n: 10 }));
    expect(await issuesOf(checkPublished({ arms }))).toEqual([["arms", "array-length"]]);
    // Within the shape guard's limits but over the bounds table's: the schema says how many arms are allowed.
    expect(await issuesOf(checkPublished({ arms: arms.slice(0, 21) }))).toEqual([["arms", "maximum"]]);
  });

  test("duplicate arm ids are rejected (they name the report's rows)", async () => {
    expect(await issuesOf(checkPublished({ arms: [{ id: "x", role: "treatment", n: 3 }, { id: "x", role: "control", n: 3 }] }))).toEqual([["arms[1].id", "unique-arm-id"]]);
  });

  test("options are validated: trials, seed", async () => {
    const input = twoArms({ n: 10 }, { n: 10 });
    expect(await issuesOf(checkPublished(input, { trials: 5, seed: Number.NaN }))).toEqual([
      ["trials", "range"],
      ["seed", "seed"],
    ]);
    expect(await issuesOf(checkPublished(input, { trials: 1.5 }))).toEqual([["trials", "range"]]);
  });
});

/** Where each bounded field of a published result sits, and a file that holds `value` there. */
const BOUNDED_FIELDS: readonly { readonly bound: keyof typeof B; readonly path: string; readonly file: (value: number) => object }[] = [
  { bound: "armN", path: "arms[0].n", file: (v) => twoArms({ n: v }, { n: 10 }) },
  { bound: "mean", path: "arms[0].endpoint.mean", file: (v) => twoArms({ n: 10, endpoint: { mean: v } }, { n: 10 }) },
  { bound: "spread", path: "arms[0].endpoint.sd", file: (v) => twoArms({ n: 10, endpoint: { mean: 5, sd: v } }, { n: 10 }) },
  { bound: "spread", path: "arms[0].change.se", file: (v) => twoArms({ n: 10, change: { mean: 5, se: v } }, { n: 10 }) },
  { bound: "decimals", path: "arms[0].change.decimals", file: (v) => twoArms({ n: 10, change: { mean: 5, decimals: v } }, { n: 10 }) },
  { bound: "percent", path: "arms[0].responders.percent", file: (v) => twoArms({ n: 10, responders: { percent: v } }, { n: 10 }) },
  { bound: "count", path: "arms[0].responders.count", file: (v) => twoArms({ responders: { count: v } }, { n: 10 }) },
  { bound: "armN", path: "arms[0].responders.n", file: (v) => twoArms({ responders: { n: v } }, { n: 10 }) },
  { bound: "p", path: "reported.p", file: (v) => twoArms({ n: 10 }, { n: 10 }, { reported: { p: v } }) },
  { bound: "p", path: "reported.fisherP", file: (v) => twoArms({ n: 10 }, { n: 10 }, { reported: { fisherP: v } }) },
  { bound: "t", path: "reported.t", file: (v) => twoArms({ n: 10 }, { n: 10 }, { reported: { t: v } }) },
  { bound: "df", path: "reported.df", file: (v) => twoArms({ n: 10 }, { n: 10 }, { reported: { df: v } }) },
  { bound: "effectSize", path: "reported.effectSize.value", file: (v) => twoArms({ n: 10 }, { n: 10 }, { reported: { effectSize: { kind: "cohen-d", value: v } } }) },
  { bound: "assumedDifference", path: "assumedTrueEffect.difference", file: (v) => twoArms({ n: 10 }, { n: 10 }, { assumedTrueEffect: { difference: v } }) },
  { bound: "assumedG", path: "assumedTrueEffect.g", file: (v) => twoArms({ n: 10 }, { n: 10 }, { assumedTrueEffect: { g: v } }) },
];

describe("the bounds table is what the schema enforces", () => {
  test.each(BOUNDED_FIELDS.map((f) => [f.path, f] as const))("%s: its bounds are valid, just beyond them is not, and the message gives the reason", async (_p, field) => {
    const bound = B[field.bound];
    const step = bound.integer ? 1 : Math.max(1e-9, (bound.max - bound.min) * 1e-6);
    for (const inside of [bound.min, bound.max]) await expect(checkPublished(field.file(inside), { simulate: false })).resolves.toBeDefined();
    for (const [outside, rule] of [[bound.min - step, "minimum"], [bound.max + step, "maximum"]] as const) {
      const error = await checkPublished(field.file(outside), { simulate: false }).catch((e: unknown) => e);
      expect(error, `${field.path} = ${outside}`).toBeInstanceOf(ValidationError);
      const issue = (error as ValidationError).issues.find((i) => i.path === field.path);
      expect(issue, `${field.path} = ${outside}`).toMatchObject({ rule });
      expect(issue!.message).toContain(bound.reason);
    }
  });

  test("every bound has a unit and a reason, and the table lists them all", () => {
    const rows = boundsTable();
    for (const name of [...Object.keys(B), ...Object.keys(CHECK_OPTION_BOUNDS)]) expect(rows.map((r) => r.name)).toContain(name);
    for (const r of rows) {
      expect(r.min).toBeLessThanOrEqual(r.max);
      expect(r.unit.length).toBeGreaterThan(0);
      expect(r.reason.length).toBeGreaterThan(10);
    }
  });
});

describe("results are finite or null with a reason, at the edges of the bounds", () => {
  const EDGE_FILES: readonly [string, object][] = [
    ["the largest spreads and means", twoArms({ n: 1000, change: { mean: 1000, sd: 1000 } }, { n: 1000, change: { mean: -1000, sd: 1000 } }, { design: { integerScores: false }, reported: { p: 0, t: 1000, df: 20000, effectSize: { kind: "unspecified", value: 20 } } })],
    ["the smallest spreads, far apart", twoArms({ n: 1000, change: { mean: 1000, sd: 0.001 } }, { n: 1000, change: { mean: -1000, sd: 0.001 } }, { design: { integerScores: false }, reported: { p: 1 } })],
    ["tiny arms", twoArms({ n: 2, endpoint: { mean: 0, sd: 0.001 } }, { n: 1, endpoint: { mean: 136, se: 1000 } }, { reported: { p: 0.5, t: -1000, df: 1 } })],
    ["every figure off the scale", twoArms({ n: 3, baseline: { mean: -1000, sd: 1000 }, endpoint: { mean: 1000, sd: 1000 }, change: { mean: 1000, sd: 1000 } }, { n: 3, baseline: { mean: 1000, sd: 0.001 } }, { assumedTrueEffect: { g: 20 } })],
    ["no difference at all", twoArms({ n: 10, change: { mean: 0, sd: 5 } }, { n: 10, change: { mean: 0, sd: 5 } }, { assumedTrueEffect: { g: 0 }, reported: { effectSize: { kind: "hedges-g", value: 0 } } })],
    ["responders at the extremes", twoArms({ n: 1000, responders: { count: 1000, percent: 100 } }, { n: 1000, responders: { count: 0, percent: 0 } }, { reported: { fisherP: 0 } })],
  ];
  test.each(EDGE_FILES)("%s", async (_name, file) => {
    const report = await checkPublished(file, { simulate: false });
    const bad = numbersIn(report).filter(([, v]) => !Number.isFinite(v));
    expect(bad).toEqual([]);
    for (const c of report.checks) {
      expect(c.message, c.id).not.toMatch(/NaN|Infinity/);
      for (const [key, value] of Object.entries(c.values ?? {})) if (value === null) expect(c.nullReasons?.[key], `${c.id}.${key}`).toBeTruthy();
    }
  });
});

describe("exit codes of `check` (documented in its --help)", () => {
  const passing = JSON.stringify(twoArms({ n: 10, change: { mean: -10, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }, { design: { integerScores: false } }));
  const warning = JSON.stringify(twoArms({ n: 10, change: { mean: -34, sd: 8 } }, { n: 10, change: { mean: -2, sd: 8 } }, { design: { integerScores: false } }));
  const failing = JSON.stringify(twoArms({ n: 28, endpoint: { mean: 5.19, sd: 1 } }, { n: 28, endpoint: { mean: 5.18, sd: 1 } }));

  test.each([
    ["every row passes", passing, [], 0],
    ["a row warns", warning, [], 0],
    ["a row warns, --fail-on warn", warning, ["--fail-on", "warn"], 3],
    ["a row fails", failing, [], 3],
    ["a row fails, --fail-on never", failing, ["--fail-on", "never"], 0],
    ["invalid input", JSON.stringify({ arms: [] }), [], 2],
    ["a bad --fail-on", passing, ["--fail-on", "sometimes"], 2],
    ["--trials out of range", passing, ["--trials", "5"], 2],
  ] as const)("%s", async (_name, text, flags, code) => {
    const r = await cli("check", tempFile("result.json", text), "--no-simulation", ...flags);
    expect(r.code, r.err).toBe(code);
    if (code === 3) expect(r.out).toMatch(/FAIL|WARN/); // the whole report is printed before exiting 3
  });

  test("--help states the contract", async () => {
    const r = await cli("check", "--help");
    expect(r.out).toMatch(/Exit codes: 0 when no row fails.*3 when a row fails.*2 for invalid input.*1 for an internal error/s);
    expect(r.out).toMatch(/--fail-on <fail\|warn\|never>/);
  });
});
