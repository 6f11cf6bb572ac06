/**
 * The charts' specs, checked by structure (no snapshots): the fields and encodings each layer
 * uses, the data rows against the result they came from (or against numbers worked out by hand),
 * the caption, the palette, and the display hooks.
 */
import { inspect } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import * as charts from "../../src/charts/index.js";
import { figuresOf } from "../../src/charts/check.js";
import { leaveOneOutMeasure } from "../../src/charts/calibration.js";
import { ruleEventRows, sessionOf, thresholdRows } from "../../src/charts/session.js";
import type { CourseOutcome } from "../../src/outcomes/course.js";
import { VERSION } from "../../src/version.js";
import { results, type Results } from "../helpers/results.js";

type Node = Record<string, unknown>;

/** Every unit or layered spec inside a chart (layers, concat panels, facet specs), depth first. */
function units(spec: unknown): Node[] {
  if (!spec || typeof spec !== "object") return [];
  const s = spec as Node;
  const inner = [...((s.layer as unknown[]) ?? []), ...((s.vconcat as unknown[]) ?? []), ...((s.hconcat as unknown[]) ?? []), ...(s.spec ? [s.spec] : [])];
  return [...(s.mark ? [s] : []), ...inner.flatMap(units)];
}

const markType = (u: Node) => (typeof u.mark === "string" ? u.mark : (u.mark as Node).type);
const enc = (u: Node, channel: string) => (u.encoding as Node | undefined)?.[channel] as Node | undefined;
/** Units of a mark type whose channel encodes the field. */
const withField = (spec: unknown, mark: string, channel: string, field: string) => units(spec).filter((u) => markType(u) === mark && enc(u, channel)?.field === field);
const dataOf = (spec: unknown) => ((spec as Node).data as { values: Node[] }).values;
const subtitle = (spec: charts.ChartSpec) => ((spec.title as Node).subtitle as string[]).join("\n");

/** Hex colours used outside the shared config. */
function colours(node: unknown, out: string[] = []): string[] {
  if (typeof node === "string" && /^#[0-9a-f]{6}$/i.test(node)) out.push(node.toUpperCase());
  else if (Array.isArray(node)) node.forEach((x) => colours(x, out));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) if (k !== "config") colours(v, out);
  return out;
}

let r: Results;
beforeAll(async () => {
  r = await results();
});

describe("power curve", () => {
  test("one row per sample size, sorted, with the Monte Carlo interval of each point", () => {
    const spec = charts.powerCurve([...r.power].reverse());
    const rows = dataOf(spec);
    expect(rows.map((x) => x.nPerArm)).toEqual([6, 12, 18]);
    rows.forEach((row, i) => {
      const p = r.power[i]!;
      expect(row.power).toBeCloseTo(p.power.estimate!, 6);
      expect(row.lower).toBeCloseTo(p.power.ci[0], 6);
      expect(row.upper).toBeCloseTo(p.power.ci[1], 6);
    });
  });
  test("a band from lower to upper, a line of the estimate on a 0-1 axis, the target as a rule", () => {
    const spec = charts.powerCurve(r.power, { targetPower: 0.9 });
    const band = withField(spec, "area", "y", "lower");
    expect(band).toHaveLength(1);
    expect(enc(band[0]!, "y2")?.field).toBe("upper");
    const line = withField(spec, "line", "y", "power")[0]!;
    expect((enc(line, "y")!.scale as Node).domain).toEqual([0, 1]);
    expect(enc(line, "x")).toMatchObject({ field: "nPerArm", title: expect.stringContaining("per arm") });
    const target = withField(spec, "rule", "y", "target");
    expect(dataOf(target[0])).toEqual([expect.objectContaining({ target: 0.9 })]);
    expect(withField(spec, "rule", "x", "chosenN")).toHaveLength(0);
  });
  test("from a sample-size search: its target and the n it chose", () => {
    const spec = charts.powerCurve(r.sampleSize);
    expect(dataOf(withField(spec, "rule", "y", "target")[0])[0]!.target).toBe(r.sampleSize.targetPower);
    const chosen = withField(spec, "rule", "x", "chosenN");
    expect(chosen).toHaveLength(r.sampleSize.nPerArm === null ? 0 : 1);
    if (r.sampleSize.nPerArm !== null) expect(dataOf(chosen[0])[0]!.chosenN).toBe(r.sampleSize.nPerArm);
    expect(dataOf(spec)).toHaveLength(r.sampleSize.evaluations.length);
  });
});

describe("effect distributions", () => {
  test("with rows: a histogram per comparison holding every trial's g once", () => {
    const spec = charts.effectDistribution(r.trials, { measure: "g" });
    const bins = dataOf(spec).filter((x) => x.kind === "bin");
    const expected = r.trials.rows!.filter((row) => row.comparisons[0]!.effectSize !== null).length;
    expect(bins.reduce((n, b) => n + (b.count as number), 0)).toBe(expected);
    expect(bins.reduce((n, b) => n + (b.share as number), 0)).toBeCloseTo(1, 4);
    const gs = r.trials.rows!.map((row) => row.comparisons[0]!.effectSize!.g);
    expect(bins[0]!.binStart).toBeCloseTo(Math.min(...gs), 4);
    expect(bins[bins.length - 1]!.binEnd).toBeCloseTo(Math.max(...gs), 4);
    const rect = withField(spec, "rect", "x", "binStart")[0]!;
    expect(enc(rect, "x2")?.field).toBe("binEnd");
    expect(enc(rect, "y")?.field).toBe("share");
    expect(enc(rect, "x")?.title).toContain("Hedges' g");
    expect(((spec.facet as Node).row as Node).field).toBe("comparison");
  });
  test("the difference in scale points, with the published value marked", () => {
    const spec = charts.effectDistribution(r.trials, { measure: "difference", published: -33.6 });
    expect(enc(withField(spec, "rect", "x", "binStart")[0]!, "x")?.title).toContain("(scale points)");
    expect(dataOf(spec).filter((x) => x.kind === "published")).toEqual([expect.objectContaining({ published: -33.6, comparison: "mdma vs placebo" })]);
    expect(withField(spec, "rule", "x", "published")).toHaveLength(1);
  });
  test("published values by arm mark only the arms given", () => {
    const spec = charts.effectDistribution(r.trials, { published: { other: 1 } });
    expect(dataOf(spec).filter((x) => x.kind === "published")).toEqual([]);
  });
  test("without rows: the summary's quantiles as intervals", () => {
    const spec = charts.effectDistribution(r.trialsWithoutRows, { measure: "g" });
    const q = r.trialsWithoutRows.summary.comparisons[0]!.hedgesG.quantiles;
    expect(dataOf(spec).filter((x) => x.kind === "quantiles")).toEqual([expect.objectContaining({ p025: q.p025, p25: q.p25, p50: q.p50, p75: q.p75, p975: q.p975 })]);
    expect(enc(withField(spec, "rule", "x", "p025")[0]!, "x2")?.field).toBe("p975");
    expect(subtitle(spec)).toContain("no rows");
  });
  test("a forecast overlays the predictive run and the run at the point estimate", () => {
    const spec = charts.effectDistribution(r.forecast);
    const sources = new Set(dataOf(spec).filter((x) => x.kind === "bin").map((x) => x.source));
    expect([...sources].sort()).toEqual(["Calibrated uncertainty (assurance)", "Point estimate (power)"]);
  });
});

/** A course with only what the trajectory reads (arm, assessments, dropout). */
function course(armId: string, scores: readonly (number | null)[], dropoutBefore?: string): CourseOutcome {
  const visits = [["v0", 0], ["v1", 28], ["v2", 56]] as const;
  return {
    armId,
    assessments: visits.map(([id, day], i) => ({ id, day, kind: i === 0 ? "baseline" : "post-session", label: `visit ${id}`, score: scores[i] ?? null })),
    ...(dropoutBefore ? { dropout: { day: 40, beforeAssessmentId: dropoutBefore } } : {}),
  } as unknown as CourseOutcome;
}

describe("trajectories", () => {
  const courses = [course("a", [80, 60, 50]), course("a", [90, 70, 60]), course("a", [100, 80, null], "v2"), course("a", [70, 50, 40]), course("b", [85, 84, 83])];
  test("per-visit means and type-7 quantiles, worked out by hand", () => {
    const rows = charts.visitSummaries(courses);
    const v0 = rows.find((x) => x.armId === "a" && x.visitId === "v0")!;
    // Sorted 70, 80, 90, 100: p05 at h = 0.15 -> 71.5; p25 at 0.75 -> 77.5; p50 at 1.5 -> 85; p75 at 2.25 -> 92.5; p95 at 2.85 -> 98.5.
    expect(v0).toMatchObject({ allocated: 4, observed: 4, droppedBefore: 0, mean: 85, p05: 71.5, p25: 77.5, p50: 85, p75: 92.5, p95: 98.5 });
    const v2 = rows.find((x) => x.armId === "a" && x.visitId === "v2")!;
    // 40, 50, 60 observed; the fourth left before v2.
    expect(v2).toMatchObject({ observed: 3, droppedBefore: 1, mean: 50, p25: 45, p75: 55 });
    expect(rows.filter((x) => x.armId === "b")).toHaveLength(3);
  });
  test("bands for the middle 50% and 90%, the mean as a line, dropouts marked", () => {
    const spec = charts.trajectories(courses);
    expect(enc(withField(spec, "area", "y", "p05")[0]!, "y2")?.field).toBe("p95");
    expect(enc(withField(spec, "area", "y", "p25")[0]!, "y2")?.field).toBe("p75");
    const line = withField(spec, "line", "y", "mean")[0]!;
    expect(enc(line, "y")?.title).toContain("(points)");
    expect(enc(line, "color")?.field).toBe("armId");
    const drops = units(spec).filter((u) => JSON.stringify(u.transform ?? []).includes("droppedBefore > 0"));
    expect(drops.length).toBeGreaterThan(0);
  });
  test("from simulated trials: every arm at every visit of the protocol", () => {
    const rows = charts.visitSummaries(r.simulatedTrials);
    const visits = r.simulatedTrials[0]!.courses[0]!.assessments.length;
    const arms = new Set(r.simulatedTrials.flatMap((t) => t.courses.map((c) => c.armId)));
    expect(rows).toHaveLength(visits * arms.size);
    expect(rows.reduce((n, x) => n + x.droppedBefore, 0)).toBe(r.simulatedTrials.flatMap((t) => t.courses).filter((c) => c.dropout).length);
  });
});

describe("drug session", () => {
  test("five panels on one time axis: concentration, blood pressure, heart rate, temperature, what the rules did", () => {
    const spec = charts.session(r.participant, { thresholds: r.protocol.sessionRules.thresholds });
    const panels = spec.vconcat as Node[];
    expect(panels).toHaveLength(5);
    expect(((spec.resolve as Node).scale as Node).x).toBe("shared");
    const yTitles = panels.map((p) => units(p).map((u) => enc(u, "y")?.title).find((t) => typeof t === "string"));
    expect(yTitles).toEqual(["MDMA (ng/mL)", "BP (mmHg)", "Heart rate (bpm)", "Temperature (°C)", "What the rules did"]);
    for (const p of panels) for (const u of units(p)) if (enc(u, "x")) expect(enc(u, "x")!.field).toBe("timeH");
  });
  test("every threshold of the protocol; a baseline one sits over the first reading of its measure", () => {
    const s = sessionOf(r.participant);
    const rows = thresholdRows(s, r.protocol.sessionRules.thresholds);
    expect(rows.map((x) => x.thresholdId)).toEqual(r.protocol.sessionRules.thresholds.map((t) => t.id));
    const firstTemperature = [...s.readings].sort((a, b) => a.timeH - b.timeH).find((x) => x.temperatureC !== undefined)!.temperatureC!;
    expect(rows.find((x) => x.thresholdId === "temp-rise-1")!.limit).toBeCloseTo(firstTemperature + 1, 4);
    expect(rows.find((x) => x.thresholdId === "sbp-160")!.limit).toBe(160);
  });
  test("without the protocol's thresholds, those crossed", () => {
    const s = sessionOf(r.participant);
    const crossed = new Set(s.events.flatMap((e) => (e.type === "threshold-crossed" ? [e.thresholdId] : [])));
    expect(new Set(thresholdRows(s, undefined).map((x) => x.thresholdId))).toEqual(crossed);
  });
  test("what the rules did: one point per event, and the dose withheld", () => {
    const s = sessionOf(r.participant);
    const rows = ruleEventRows(s);
    expect(rows).toHaveLength(s.events.filter((e) => e.type !== "pre-session-checks").length);
    expect(rows.some((x) => x.lane === "Supplemental withheld")).toBe(s.doses.some((d) => d.notGivenBecause === "withheld"));
    const spec = charts.session(s);
    expect(JSON.stringify(spec)).toContain('"status":"withheld"');
  });
  test("a session the participant did not have is an error", () => {
    expect(() => charts.session(r.participant, { session: 7 })).toThrow(RangeError);
  });
});

describe("calibration", () => {
  test("each published figure's percentile, by statistic, one point per figure", () => {
    const spec = charts.calibrationFit(r.calibration);
    const rows = dataOf(spec);
    expect(rows).toHaveLength(r.calibration.fit.length);
    expect(rows.map((x) => x.percentile)).toEqual(r.calibration.fit.map((f) => f.percentile));
    const points = withField(spec, "point", "x", "percentile")[0]!;
    expect((enc(points, "x")!.scale as Node).domain).toEqual([0, 100]);
    expect(enc(points, "y")?.field).toBe("statistic");
  });
  test("leave-one-out: differences and responder shares in their own panels, interval, median and published", () => {
    const spec = charts.leaveOneOut(r.calibration);
    const panels = spec.vconcat as Node[];
    expect(panels.map((p) => dataOf(p).length)).toEqual([4, 4]);
    for (const p of panels) {
      expect(enc(withField(p, "rule", "x", "p05")[0]!, "x2")?.field).toBe("p95");
      expect(withField(p, "point", "x", "published")).toHaveLength(1);
    }
    expect(leaveOneOutMeasure({ ...r.calibration.leaveOneOut[0]!, result: "anything", measure: "response" })).toBe("response");
  });
});

describe("published-result check", () => {
  test("figures compared: a change that does not add up, an effect size, p-values with the joint t-test verdict", () => {
    const figures = charts.checkFigures(r.check);
    const arms = r.checkInput.arms as { id: string; baseline: { mean: number }; change: { mean: number }; endpoint: { mean: number } }[];
    const placebo = arms.find((a) => a.id === "active-placebo-25")!;
    expect(figures.find((f) => f.check === "change-consistency:active-placebo-25")).toMatchObject({ quantity: "points", reported: placebo.endpoint.mean, status: "fail" });
    expect(figures.find((f) => f.check === "change-consistency:active-placebo-25")!.recomputed).toBeCloseTo(placebo.baseline.mean + placebo.change.mean, 9);
    expect(figures.find((f) => f.check === "effect-size:mdma-125")).toMatchObject({ quantity: "effect size", reported: 1.1, status: "fail" });
    const welch = figures.find((f) => f.check === "welch:mdma-125")!;
    expect(welch).toMatchObject({ quantity: "p-value", reported: (r.checkInput.reported as { p: number }).p, status: "fail" });
    expect(welch.low!).toBeLessThanOrEqual(welch.recomputed);
    expect(welch.high!).toBeGreaterThanOrEqual(welch.recomputed);
  });
  test("one panel per quantity (p-values on a log scale) and the simulation comparison", () => {
    const spec = charts.check(r.check);
    const panels = spec.vconcat as Node[];
    const quantities = panels.map((p) => [...new Set(dataOf(p).map((x) => x.quantity))].join());
    expect(quantities).toEqual(["p-value", "points", "effect size", ""]);
    expect((enc(withField(panels[0], "point", "x", "recomputed")[0]!, "x")!.scale as Node).type).toBe("log");
    expect(withField(panels[3], "point", "x", "published")).toHaveLength(1);
    expect(subtitle(spec)).toContain(`seed ${r.check.simulation!.seed}`);
  });
  test("a row that compares nothing gives no figure", () => {
    expect(figuresOf({ id: "grim:x", status: "pass", message: "", values: { mean: 1, n: 2 } })).toEqual([]);
    expect(figuresOf({ id: "comparison", status: "skipped", message: "" })).toEqual([]);
  });
});

describe("every chart of every kind", () => {
  const all = () => [
    ...charts.chartsFor(r.trials, "trials"),
    ...charts.chartsFor(r.forecast, "forecast", { publishedG: -1.2 }),
    ...charts.chartsFor(r.power, "power"),
    ...charts.chartsFor(r.sampleSize, "sample-size"),
    ...charts.chartsFor(r.participant, "participant", { thresholds: r.protocol.sessionRules.thresholds }),
    ...charts.chartsFor(r.participant.course.sessions[0]!, "session"),
    ...charts.chartsFor(r.calibration, "calibration"),
    ...charts.chartsFor(r.check, "check"),
  ];
  test("the ids each kind gives", () => {
    expect(all().map((c) => c.id)).toEqual(["effect-g", "effect-difference", "effect-g", "effect-difference", "power-curve", "power-curve", "course", "session-1", "session-2", "session", "calibration-fit", "leave-one-out", "check"]);
    expect(() => charts.chartsFor(r.trials, "nope" as "trials")).toThrow(RangeError);
  });
  test("Vega-Lite v5, a caption with the version (and the seed where the result has one), Okabe-Ito colours only", () => {
    const palette = new Set(Object.values(charts.OKABE_ITO));
    for (const { id, spec } of all()) {
      expect(spec.$schema, id).toBe("https://vega.github.io/schema/vega-lite/v5.json");
      expect(subtitle(spec), id).toContain(`mdma-trial-sim ${VERSION}`);
      expect(colours(spec).filter((c) => !palette.has(c as never)), id).toEqual([]);
    }
    expect(subtitle(charts.chartsFor(r.trials, "trials")[0]!.spec)).toMatch(/seed 1 · 40 simulated trials · protocol mp1 \([0-9a-f]{16}\)/);
    expect(subtitle(charts.chartsFor(r.calibration, "calibration")[0]!.spec)).toContain(`seed ${r.calibration.seed}`);
  });
  test("a chart is plain JSON; its display hooks are non-enumerable and give the Vega-Lite bundle", () => {
    for (const { id, spec } of all()) {
      expect(JSON.parse(JSON.stringify(spec)), id).toEqual(spec);
      expect(Object.keys(spec), id).not.toContain("undefined");
      const display = (spec as unknown as Record<symbol, () => Node>)[Symbol.for("Jupyter.display")]!();
      expect(display[charts.VEGA_LITE_MIME], id).toEqual(JSON.parse(JSON.stringify(spec)));
      expect(display["text/plain"], id).toContain(charts.chartTitle(spec));
      expect(Object.getOwnPropertySymbols(spec).every((s) => !Object.getOwnPropertyDescriptor(spec, s)!.enumerable), id).toBe(true);
      expect(inspect(spec).split("\n"), id).toHaveLength(1);
      expect({ ...spec }[Symbol.for("Jupyter.display") as never], id).toBeUndefined();
    }
  });
});
