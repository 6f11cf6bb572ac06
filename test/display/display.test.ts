/**
 * Notebook and console display: withDisplay leaves the data as it was (JSON, keys, spreading),
 * a result prints as a compact summary without ANSI codes, and the Jupyter bundle holds the same
 * text and an escaped HTML table.
 */
import { inspect } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { DISPLAY_KINDS, MAX_TABLE_ROWS, escapeHtml, mimeBundle, summaryHtml, summaryText, textTable, withDisplay, type DisplayKind } from "../../src/display/index.js";
import { CHART_KINDS } from "../../src/charts/index.js";
import { formatNumber } from "../../src/format.js";
import type { PowerPoint } from "../../src/trial/power-search.js";
import { results, type Results } from "../helpers/results.js";
import { simulateTrials, simulateTrialsSync } from "../../src/trial/api.js";
import { powerCurve, sampleSizeSearch } from "../../src/trial/power-search.js";
import { simulateParticipant } from "../../src/outcomes/participant.js";
import { calibrationSummary, defaultCalibration } from "../../src/calibration/default.js";
import { forecastTrial } from "../../src/calibration/forecast.js";
import { checkPublished } from "../../src/check/check.js";

const JUPYTER = Symbol.for("Jupyter.display");
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

let r: Results;
let cases: { kind: DisplayKind; result: object }[];
beforeAll(async () => {
  r = await results();
  cases = [
    { kind: "trials", result: r.trials },
    { kind: "forecast", result: r.forecast },
    { kind: "power", result: r.power },
    { kind: "sample-size", result: r.sampleSize },
    { kind: "participant", result: r.participant },
    { kind: "session", result: r.participant.course.sessions[0]! },
    { kind: "calibration", result: r.calibration },
    { kind: "check", result: r.check },
  ];
});

describe("withDisplay", () => {
  test("keeps the data as it was: same object, same JSON, same keys, nothing enumerable added", () => {
    for (const { kind, result } of cases) {
      const json = JSON.stringify(result);
      const keys = Object.keys(result);
      expect(withDisplay(result as never, kind), kind).toBe(result);
      expect(JSON.stringify(result), kind).toBe(json);
      expect(Object.keys(result), kind).toEqual(keys);
      expect(Object.getOwnPropertyDescriptor(result, JUPYTER)?.enumerable, kind).toBe(false);
      expect(Object.getOwnPropertyDescriptor(result, INSPECT)?.enumerable, kind).toBe(false);
      expect(JUPYTER in { ...result }, kind).toBe(false);
    }
  });
  test("printing a result gives its summary: tens of lines, no ANSI codes, not the rows", () => {
    for (const { kind, result } of cases) {
      withDisplay(result as never, kind);
      const printed = inspect(result, { colors: true });
      expect(printed, kind).toBe(summaryText(result as never, kind));
      expect(printed, kind).not.toMatch(/\x1b\[/);
      const lines = printed.split("\n").length;
      expect(lines, kind).toBeGreaterThanOrEqual(5);
      expect(lines, kind).toBeLessThanOrEqual(60);
      expect(printed.length, kind).toBeLessThan(6000);
    }
    // The complaint: a run with its rows printed hundreds of thousands of characters.
    expect(JSON.stringify(r.trials).length).toBeGreaterThan(50_000);
  });
  test("the Jupyter bundle: the same text, and HTML with a table", () => {
    for (const { kind, result } of cases) {
      withDisplay(result as never, kind);
      const bundle = (result as Record<symbol, () => Record<string, string>>)[JUPYTER]!();
      expect(Object.keys(bundle).sort(), kind).toEqual(["text/html", "text/plain"]);
      expect(bundle["text/plain"], kind).toBe(summaryText(result as never, kind));
      expect(bundle["text/html"], kind).toMatch(/^<div class="mdma-trial-sim">[\s\S]*<table>[\s\S]*<\/table>[\s\S]*<\/div>$/);
      expect(bundle["text/html"], kind).not.toMatch(/\x1b\[/);
    }
  });
  test("a forecast's two runs and a search's evaluations display themselves too", () => {
    withDisplay(r.forecast, "forecast");
    expect(inspect(r.forecast.predictive).split("\n")[0]).toMatch(/^Trials run: mp1/);
    expect(inspect(r.forecast.point)).toContain("Power:");
    withDisplay(r.sampleSize, "sample-size");
    expect(inspect(r.sampleSize.evaluations)).toMatch(/^Power curve: /);
  });
  test("results the library makes display themselves, without withDisplay", async () => {
    const spec = { protocol: r.protocol, seed: 5 };
    const curve = await powerCurve(simulateTrials, spec, [4, 8], { trials: 6 });
    const made: [DisplayKind, object, object][] = [
      ["trials", simulateTrialsSync(spec, { trials: 5 }), simulateTrialsSync(spec, { trials: 5 })],
      ["trials", await simulateTrials(spec, { trials: 5, keepRows: false }), await simulateTrials(spec, { trials: 5, keepRows: false })],
      ["power", curve, curve.points],
      ["power", curve.points, curve.points],
      ["sample-size", await sampleSizeSearch(simulateTrials, spec, { trials: 6, targetPower: 0.5, nMin: 4, nMax: 8 }), {}],
      ["participant", simulateParticipant({ protocol: r.protocol, seed: 2 }), {}],
      ["calibration", await calibrationSummary(), {}],
      ["calibration", await defaultCalibration(), {}],
      ["forecast", await forecastTrial(spec, { trials: 4 }), {}],
      ["check", await checkPublished(r.checkInput, { trials: 100 }), {}],
    ];
    for (const [kind, result, source] of made) {
      expect(Object.getOwnPropertyDescriptor(result, JUPYTER)?.enumerable, kind).toBe(false);
      expect(Object.getOwnPropertyDescriptor(result, INSPECT)?.enumerable, kind).toBe(false);
      const shown = Object.keys(source).length ? source : result;
      expect(inspect(result), kind).toBe(summaryText(shown as never, kind));
      expect(JSON.stringify(Object.getOwnPropertySymbols(JSON.parse(JSON.stringify(result)))), kind).toBe("[]");
    }
  });
  test("a frozen result is returned as it is", () => {
    const frozen = Object.freeze([...r.power]);
    expect(withDisplay(frozen, "power")).toBe(frozen);
    expect(Object.getOwnPropertySymbols(frozen)).toEqual([]);
  });
  test("the kinds that display are the kinds that have charts", () => {
    expect([...DISPLAY_KINDS]).toEqual([...CHART_KINDS]);
  });
});

describe("what the summaries say", () => {
  test("a run: power with its error, every arm and comparison, the rows counted", () => {
    const text = summaryText(r.trials, "trials");
    expect(text).toContain(`Power: ${formatNumber(r.trials.summary.power.estimate)} (MCSE ${formatNumber(r.trials.summary.power.mcse)}`);
    for (const a of r.trials.summary.arms) expect(text).toMatch(new RegExp(`^${a.id}\\s`, "m"));
    expect(text).toContain("mdma vs placebo");
    expect(text).toContain(`${r.trials.rows!.length} trial results in .rows`);
    expect(text).toContain(r.trials.provenance.disclaimer);
  });
  test("a forecast: assurance and power at the point estimate", () => {
    const text = summaryText(r.forecast, "forecast");
    expect(text).toContain(`Assurance (success over the calibrated uncertainty): ${formatNumber(r.forecast.assurance.estimate)}`);
    expect(text).toContain(`Power at the point estimate (a typical trial): ${formatNumber(r.forecast.powerAtPointEstimate.estimate)}`);
  });
  test("a power curve: every sample size; a search: the n it chose", () => {
    const text = summaryText(r.power, "power");
    for (const p of r.power) expect(text).toMatch(new RegExp(`^\\s*${p.nPerArm}\\s+${p.totalN}\\s+${formatNumber(p.power.estimate)}\\s`, "m"));
    expect(summaryText(r.sampleSize, "sample-size")).toContain(`reaches the target: ${r.sampleSize.nPerArm}`);
  });
  test("a participant: every assessment and drug session; the timeline only counted", () => {
    const text = summaryText(r.participant, "participant");
    for (const a of r.participant.course.assessments) expect(text).toMatch(new RegExp(`^${a.id}\\s+${a.day}\\s`, "m"));
    expect(text).toContain(`${r.participant.timeline.length} timeline events in .timeline (not shown)`);
    const session = r.participant.course.sessions[0]!;
    const sessionText = summaryText(session, "session");
    for (const e of session.events.filter((x) => x.type === "threshold-crossed")) expect(sessionText).toContain(e.type === "threshold-crossed" ? e.thresholdId : "");
    expect(sessionText).toContain(`AUC ${formatNumber(session.aucNgHPerMl)} ng·h/mL`);
  });
  test("a calibration: convergence, the fit count, the leave-one-out rows; not the draws", () => {
    const text = summaryText(r.calibration, "calibration");
    expect(text).toContain(`Fit: ${r.calibration.fit.filter((f) => f.inside).length} of ${r.calibration.fit.length} published figures`);
    for (const p of r.calibration.parameters) expect(text).toContain(p.key);
    expect(text).not.toContain('"parameters"');
  });
  test("a check: every failure in full, failures first in the table", () => {
    const text = summaryText(r.check, "check");
    const failed = r.check.checks.filter((c) => c.status === "fail");
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) expect(text).toContain(`FAIL ${c.id}: ${c.message}`);
    const table = text.slice(text.indexOf("verdict  check"));
    expect(table.split("\n")[2]).toMatch(/^fail\s/);
  });
});

describe("tables", () => {
  test("aligned text: numbers right, text left; long tables cut with a count", () => {
    expect(textTable({ header: ["arm", "n"], rows: [["a", 5], ["long arm", 12]] })).toBe(["arm        n", "--------  --", "a          5", "long arm  12"].join("\n"));
    const many: PowerPoint[] = Array.from({ length: 20 }, (_, i) => ({ nPerArm: i + 2, totalN: 2 * (i + 2), power: { estimate: 0.5, mcse: 0.1, ci: [0.3, 0.7] as const, successes: 5, trials: 10 }, provenanceSeed: 1 }));
    const text = summaryText(many, "power");
    expect(text).toContain(`... ${20 - MAX_TABLE_ROWS} more rows (20 in all)`);
    expect(text).not.toMatch(/^\s*21\s+42\s/m);
    expect(summaryHtml(many, "power").match(/<tr>/g)).toHaveLength(MAX_TABLE_ROWS + 1);
  });
  test("HTML escapes what a result holds", () => {
    expect(escapeHtml(`<b a="1">&'`)).toBe("&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
    const hostile = { ...r.check, title: "<script>alert(1)</script>", checks: [{ id: "x<y", status: "fail" as const, message: "a & b" }] };
    const html = mimeBundle(hostile, "check")["text/html"];
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("x&lt;y");
  });
});
