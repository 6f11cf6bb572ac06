/**
 * Every chart of every kind, rendered to SVG offline for real results: the SVG holds drawn marks
 * (one symbol per data point where the chart has points), no NaN coordinates, the title and the
 * caption; Vega-Lite gives no warning. The renderer loads nothing, and the core entry does not
 * import it.
 */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import * as charts from "../../src/charts/index.js";
import { renderSvg, renderChartsSvg } from "../../src/node/render.js";
import { checkFigures } from "../../src/charts/check.js";
import { simulateParticipant } from "../../src/outcomes/participant.js";
import { ROOT } from "../helpers/cli.js";
import { results, type Results } from "../helpers/results.js";

/** Drawn elements inside each kind of mark group (axes, legends and titles are other roles). */
export function markCounts(svg: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of svg.matchAll(/<g class="mark-(\w+) role-mark[^"]*"[^>]*?(?:\/>|>([\s\S]*?)<\/g>)/g)) {
    const drawn = ((m[2] ?? "").match(/<(path|line|rect|text)\b[^>]*?(\sd="M|\sx2=|\swidth=|>[^<])/g) ?? []).length;
    counts[m[1]!] = (counts[m[1]!] ?? 0) + drawn;
  }
  return counts;
}

let r: Results;
let rendered: Map<string, { svg: string; warnings: string[]; spec: charts.ChartSpec }>;

beforeAll(async () => {
  r = await results();
  const all = [
    ...charts.chartsFor(r.trials, "trials", { publishedG: -1.21 }).map((c) => ({ ...c, id: `trials/${c.id}` })),
    ...charts.chartsFor(r.trialsWithoutRows, "trials").map((c) => ({ ...c, id: `no-rows/${c.id}` })),
    ...charts.chartsFor(r.forecast, "forecast").map((c) => ({ ...c, id: `forecast/${c.id}` })),
    ...charts.chartsFor(r.power, "power").map((c) => ({ ...c, id: `power/${c.id}` })),
    ...charts.chartsFor(r.sampleSize, "sample-size").map((c) => ({ ...c, id: `sample-size/${c.id}` })),
    ...charts.chartsFor(r.participant, "participant", { thresholds: r.protocol.sessionRules.thresholds }).map((c) => ({ ...c, id: `participant/${c.id}` })),
    { id: "trajectories", title: "", spec: charts.trajectories(r.simulatedTrials) },
    ...charts.chartsFor(r.calibration, "calibration").map((c) => ({ ...c, id: `calibration/${c.id}` })),
    ...charts.chartsFor(r.check, "check").map((c) => ({ ...c, id: `check/${c.id}` })),
  ];
  rendered = new Map();
  for (const c of all) {
    const warnings: string[] = [];
    rendered.set(c.id, { svg: await renderSvg(c.spec, { onWarning: (w) => warnings.push(w) }), warnings, spec: c.spec });
  }
});

const get = (id: string) => rendered.get(id)!;

describe("every chart renders to SVG", () => {
  test("an SVG document with its title and caption, no NaN, no warning", () => {
    expect(rendered.size).toBe(15);
    for (const [id, { svg, warnings, spec }] of rendered) {
      expect(svg.startsWith("<svg"), id).toBe(true);
      expect(/NaN|undefined/.exec(svg)?.[0], id).toBeUndefined();
      expect(svg.includes(charts.chartTitle(spec).replace(/&/g, "&amp;").replace(/</g, "&lt;").slice(0, 40)), id).toBe(true);
      expect(svg.includes("mdma-trial-sim 0.1.0"), id).toBe(true);
      expect(warnings, id).toEqual([]);
      expect(Object.values(markCounts(svg)).reduce((a, b) => a + b, 0), id).toBeGreaterThan(0);
    }
  });
  test("the power curve: a point per sample size, the band, the line and the target rule", () => {
    const m = markCounts(get("power/power-curve").svg);
    expect(m.symbol).toBe(r.power.length);
    expect(m.area).toBe(1);
    expect(m.line).toBe(1);
    expect(m.rule).toBeGreaterThanOrEqual(1);
  });
  test("effect histograms: one rect per bin of each run, and the published value", () => {
    expect(markCounts(get("trials/effect-g").svg).rect).toBe(40);
    expect(markCounts(get("forecast/effect-g").svg).rect).toBe(80);
    expect(get("trials/effect-g").svg.includes("published -1.21")).toBe(true);
    const noRows = markCounts(get("no-rows/effect-g").svg);
    // Per run: a rule for 2.5-97.5%, a bar for 25-75% and a tick (drawn as a rect) at the median.
    expect(noRows.rule).toBe(1);
    expect(noRows.rect).toBe(2);
  });
  test("the drug session: five lines of true values, every reading as a point, every rule event", () => {
    const s = r.participant.course.sessions[0]!;
    const m = markCounts(get("participant/session-1").svg);
    expect(m.line).toBe(5);
    const readings = s.readings.reduce((n, x) => n + ["systolicMmHg", "diastolicMmHg", "heartRateBpm", "temperatureC"].filter((k) => x[k as keyof typeof x] !== undefined).length, 0);
    const events = s.events.filter((e) => e.type !== "pre-session-checks").length;
    expect(m.symbol).toBe(readings + events);
  });
  test("trajectories: a line per arm with two bands each, a point per arm and visit", () => {
    const m = markCounts(get("trajectories").svg);
    const arms = new Set(r.simulatedTrials.flatMap((t) => t.courses.map((c) => c.armId))).size;
    const visits = r.simulatedTrials[0]!.courses[0]!.assessments.length;
    expect(m.line).toBe(arms);
    expect(m.area).toBe(2 * arms);
    expect(m.symbol).toBeGreaterThanOrEqual(arms * visits);
  });
  test("the calibration: a point per published figure; per leave-one-out row an interval, a median and the published value", () => {
    expect(markCounts(get("calibration/calibration-fit").svg).symbol).toBe(r.calibration.fit.length);
    const loo = markCounts(get("calibration/leave-one-out").svg);
    expect(loo.symbol).toBe(r.calibration.leaveOneOut.length);
    expect(loo.rule).toBe(r.calibration.leaveOneOut.length);
    expect(loo.rect).toBe(r.calibration.leaveOneOut.length); // ticks are drawn as rects
  });
  test("the check: a point per figure compared, and the simulation", () => {
    const m = markCounts(get("check/check").svg);
    const figures = checkFigures(r.check);
    expect(m.symbol).toBe(figures.length + 1);
    expect(m.rule).toBe(figures.filter((f) => f.low !== undefined).length + 1);
  });
  test("a session simulated without the fine grid draws its readings only, without warnings", async () => {
    const participant = simulateParticipant({ protocol: r.protocol, seed: 1, detail: "efficacy" });
    const warnings: string[] = [];
    const svg = await renderSvg(charts.session(participant, { thresholds: r.protocol.sessionRules.thresholds }), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
    expect(/NaN/.test(svg)).toBe(false);
    const m = markCounts(svg);
    expect(m.line ?? 0).toBe(0);
    expect(m.symbol).toBeGreaterThan(participant.course.sessions[0]!.readings.length);
  });
  test("renderChartsSvg keeps ids and titles in order", async () => {
    const out = await renderChartsSvg(charts.chartsFor(r.power, "power"));
    expect(out.map((x) => x.id)).toEqual(["power-curve"]);
    expect(out[0]!.svg).toBe(get("power/power-curve").svg);
  });
});

describe("offline", () => {
  test("a chart whose data is not inline fails instead of loading it", async () => {
    const spec = { $schema: charts.VEGA_LITE_SCHEMA, data: { url: "https://example.invalid/data.json" }, mark: "point", encoding: { x: { field: "a", type: "quantitative" } } } as const;
    await expect(renderSvg(spec)).rejects.toThrow(/loads nothing/);
  });
  test("the core entry does not import vega; the Node entry imports it only when rendering", () => {
    const dist = join(ROOT, "dist");
    if (!existsSync(join(dist, "index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does it for you)");
    const closure = (entry: string, seen = new Set<string>()): string[] => {
      if (seen.has(entry)) return [];
      seen.add(entry);
      const text = readFileSync(join(dist, entry), "utf8");
      const deps = [...text.matchAll(/(?:from\s*|require\(\s*|import\(\s*)["']\.\/([^"']+)["']/g)].map((m) => m[1]!);
      return [text, ...deps.flatMap((d) => closure(d, seen))];
    };
    for (const entry of ["index.js", "index.cjs", "engine.js", "engine.cjs"]) for (const text of closure(entry)) expect(text, entry).not.toMatch(/["']vega(-lite)?["']/);
    const node = closure("node.js").join("\n");
    expect(node).toMatch(/import\(["']vega["']\)/);
    expect(node).not.toMatch(/^import[^;]*from\s*["']vega(-lite)?["']/m);
  });
});
