import { describe, expect, test } from "vitest";
import { reportContent, reportHtml, reportParameterRows, runVisitRows, REPORT_CSP, type ReportParts } from "../../src/report/index.js";
import { simulateTrials, simulateTrialsSync } from "../../src/trial/api.js";
import { powerCurve } from "../../src/trial/power-search.js";
import { preset } from "../../src/protocol/presets.js";
import { hashJson } from "../../src/hash.js";
import { parameterTable } from "../../src/params/index.js";
import { VERSION } from "../../src/version.js";

const protocol = preset("mp1");
const run = simulateTrialsSync({ protocol, seed: 5 }, { trials: 20, keepRows: true });
const DATE = "2026-12-02T00:00:00.000Z";

function parts(overrides: Partial<ReportParts> = {}): ReportParts {
  const content = reportContent({ kind: "trials", result: run, protocol }, { date: DATE, command: "mdma-trial-sim report simulate --preset mp1" });
  return { ...content, charts: content.charts.map((c) => ({ id: c.id, title: c.title, svg: `<svg xmlns="http://www.w3.org/2000/svg"><g class="mark-rect role-mark"><path d="M0,0h5v5h-5Z"></path></g></svg>` })), ...overrides };
}

describe("reportContent", () => {
  test("a trials report: effect charts, the run's trajectories, the timeline, every parameter and the run's own provenance", () => {
    const c = reportContent({ kind: "trials", result: run, protocol }, { date: DATE });
    expect(c.charts.map((x) => x.id)).toEqual(["effect-g", "effect-difference", "trajectories"]);
    expect(c.timeline).toContain(protocol.title);
    expect(c.parameters.map((p) => p.key)).toEqual(parameterTable().map((e) => e.key));
    expect(c.provenance).toMatchObject({ seed: 5, version: VERSION, date: DATE, protocolId: "mp1", protocolHash: run.provenance.protocolHash, designHash: run.provenance.designHash, trials: 20 });
    expect(c.summaryHtml).toContain("Trials run: mp1, 20 of 20 trials, seed 5");
  });

  test("a power report carries the curve's provenance: the protocol and design hashed as a run of that design", async () => {
    const design = { alpha: 0.1 };
    const designed = simulateTrialsSync({ protocol, seed: 2, design }, { trials: 2, keepRows: false });
    const curve = await powerCurve(simulateTrials, { protocol, seed: 2, design }, [10], { trials: 2 });
    const c = reportContent({ kind: "power", result: curve, protocol }, { date: DATE });
    expect(c.provenance.protocolHash).toBe(designed.provenance.protocolHash);
    expect(c.provenance.designHash).toBe(curve.provenance.designHash);
    expect(c.provenance).toMatchObject({ seed: 2, trials: 2, protocolId: "mp1" });
    expect(c.charts.map((x) => x.id)).toEqual(["power-curve"]);
  });

  test("parameter overrides show in the table next to their defaults", () => {
    const rows = reportParameterRows({ "efficacy.measurementErrorSd": 3 });
    const row = rows.find((r) => r.key === "efficacy.measurementErrorSd")!;
    expect(row.value).toBe(3);
    expect(row.default).not.toBe(3);
  });

  test("runVisitRows reads each arm's visits from the run's summary", () => {
    const rows = runVisitRows(run);
    const arm = run.summary.arms[0]!;
    const visit = arm.visits.find((v) => v.meanScore.quantiles.p50 !== null)!;
    const row = rows.find((r) => r.armId === arm.id && r.day === visit.day)!;
    expect(row.median).toBeCloseTo(visit.meanScore.quantiles.p50!, 4);
    expect(new Set(rows.map((r) => r.armId))).toEqual(new Set(run.summary.arms.map((a) => a.id)));
  });
});

describe("reportHtml", () => {
  test("one document: a policy forbidding every request, no script, no external resource", () => {
    const html = reportHtml(parts());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(`content="${REPORT_CSP}"`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  test("holds the charts, summary, timeline, parameters, provenance and the disclaimer", () => {
    const html = reportHtml(parts());
    for (const id of ["summary", "charts", "timeline", "parameters", "provenance"]) expect(html).toContain(`<section id="${id}">`);
    expect(html.match(/<figure class="chart"/g)).toHaveLength(3);
    expect(html).toContain("not medical advice");
    expect(html).toContain("<code>2026-12-02T00:00:00.000Z</code>");
    expect(html).toContain("mdma-trial-sim report simulate --preset mp1");
  });

  test("escapes text it is given (titles, commands, timeline)", () => {
    const html = reportHtml(parts({ title: "<img src=x onerror=alert(1)>", timeline: "a < b & c" }));
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("a &lt; b &amp; c");
  });

  test("leaves out the charts and timeline sections when there are none", () => {
    const html = reportHtml(parts({ charts: [], timeline: null }));
    expect(html).not.toContain('<section id="charts">');
    expect(html).not.toContain('<section id="timeline">');
  });
});
