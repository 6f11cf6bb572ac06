/**
 * What a report holds, gathered from a result: its title, the summary as HTML, the charts (as
 * Vega-Lite specs, still to be rendered), the protocol timeline, the parameter table and the
 * provenance. Browser-safe; rendering the charts (SVG) is the caller's part (`writeReport` in
 * mdma-trial-sim/node renders them offline; a page can render them with vega).
 */
import type { Seed } from "../random/rng.js";
import type { Protocol } from "../protocol/schema.js";
import type { TrialsRun } from "../trial/api.js";
import type { TrialDesignInput } from "../trial/design.js";
import type { PowerCurveResult } from "../trial/power-search.js";
import type { ForecastResult } from "../calibration/forecast.js";
import type { CheckReport } from "../check/types.js";
import { formatTimeline } from "../protocol/timeline.js";
import { parameterTable, resolveParameters, type ParameterOverrides } from "../params/index.js";
import { hashJson } from "../hash.js";
import { VERSION } from "../version.js";
import { chartsFor } from "../charts/all.js";
import type { NamedChart } from "../charts/spec.js";
import { summaryHtml } from "../display/display.js";
import { runTrajectories } from "./trajectories.js";

/** The kinds of result a report is made for. */
export const REPORT_KINDS = ["trials", "forecast", "power", "check"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A result to report on, with what it was made from. */
export type ReportSource =
  | { readonly kind: "trials"; readonly result: TrialsRun; readonly protocol: Protocol }
  | { readonly kind: "forecast"; readonly result: ForecastResult; readonly protocol: Protocol }
  | { readonly kind: "power"; readonly result: PowerCurveResult; readonly protocol: Protocol }
  | { readonly kind: "check"; readonly result: CheckReport; readonly protocol?: Protocol };

/** Facts a report states that the result does not hold. */
export interface ReportContext {
  /** When the report was made (ISO 8601); passed in so the same inputs give the same file. */
  readonly date: string;
  /** Parameter overrides the run used (the table shows the values in force). */
  readonly parameters?: ParameterOverrides;
  /** The command line that made the result, if any (for reproducing it). */
  readonly command?: string;
}

/** Where a result came from: the facts a reader needs to reproduce it. */
export interface ReportProvenance {
  readonly version: string;
  readonly seed: Seed | null;
  readonly date: string;
  readonly protocolId: string | null;
  readonly protocolHash: string | null;
  readonly designHash: string | null;
  readonly trials: number | null;
  readonly source: string | null;
  readonly command: string | null;
}

/** A row of the report's parameter table. */
export interface ReportParameterRow {
  readonly key: string;
  readonly value: number;
  readonly default: number;
  readonly unit: string;
  readonly status: string;
  readonly description: string;
  readonly source: string;
}

/** Everything a report shows, before its charts are rendered. */
export interface ReportContent {
  readonly kind: ReportKind;
  readonly title: string;
  /** The result's summary as an HTML fragment (values escaped). */
  readonly summaryHtml: string;
  readonly charts: readonly NamedChart[];
  /** The protocol timeline as text (null when no protocol is known). */
  readonly timeline: string | null;
  readonly parameters: readonly ReportParameterRow[];
  readonly provenance: ReportProvenance;
}

const NONE = { protocolId: null, protocolHash: null, designHash: null, trials: null, source: null } as const;

/** Provenance from the result itself (runs carry theirs) or from what made it (power curves, checks). */
function provenanceOf(source: ReportSource, context: ReportContext): ReportProvenance {
  const common = { version: VERSION, date: context.date, command: context.command ?? null };
  const fromRun = (run: TrialsRun) => {
    const p = run.provenance;
    return { ...common, version: p.version, seed: p.seed, protocolId: p.protocolId ?? null, protocolHash: p.protocolHash ?? null, designHash: p.designHash ?? null, trials: p.trialsCompleted, source: p.predictive?.source ?? null };
  };
  switch (source.kind) {
    case "trials":
      return fromRun(source.result);
    case "forecast":
      return fromRun(source.result.predictive);
    case "power":
    {
      const p = source.result.provenance;
      return { ...common, ...NONE, version: p.version, seed: p.seed, protocolId: p.protocolId, protocolHash: p.protocolHash, designHash: p.designHash, trials: p.trialsPerPoint, source: p.predictive?.source ?? null };
    }
    case "check": {
      const sim = source.result.simulation;
      const protocol = source.protocol;
      return { ...common, ...NONE, seed: sim?.seed ?? null, trials: sim?.trials ?? null, protocolId: protocol?.id ?? null, protocolHash: protocol ? hashJson(protocol) : null, source: `published result ${source.result.id}` };
    }
  }
}

/** The charts of a result: chartsFor's, plus the run's trajectories for trials and forecasts. */
function chartsOf(source: ReportSource): NamedChart[] {
  const trajectory = (run: TrialsRun, title: string): NamedChart => ({ id: "trajectories", title, spec: runTrajectories(run, { title }) });
  switch (source.kind) {
    case "trials":
      return [...chartsFor(source.result, "trials"), trajectory(source.result, "Mean scores by arm over the visits")];
    case "forecast":
      return [...chartsFor(source.result, "forecast"), trajectory(source.result.predictive, "Forecast: mean scores by arm over the visits")];
    case "power":
      return chartsFor(source.result.points, "power");
    case "check":
      return chartsFor(source.result, "check");
  }
}

const TITLES: Record<ReportKind, string> = { trials: "Simulated trials", forecast: "Forecast of a new trial", power: "Power by sample size", check: "Check of a published result" };

/** The report's title: what kind of result, of which protocol. */
function titleOf(source: ReportSource): string {
  const what = source.kind === "check" ? (source.result.title ?? source.result.id) : source.protocol.title;
  return `${TITLES[source.kind]}: ${what}`;
}

/** The parameter table with the values the run used (defaults, or with the overrides applied). */
export function reportParameterRows(overrides: ParameterOverrides = {}): ReportParameterRow[] {
  return parameterTable(resolveParameters(overrides)).map((e) => ({ key: e.key, value: e.value, default: e.default, unit: e.unit, status: e.status + (e.calibrated ? " (calibrated)" : ""), description: e.description, source: e.source }));
}

/** Gather what a report on `source` shows (charts as specs; render them to SVG for `reportHtml`). */
export function reportContent(source: ReportSource, context: ReportContext): ReportContent {
  const summary = source.kind === "trials" ? summaryHtml(source.result, "trials") : source.kind === "forecast" ? summaryHtml(source.result, "forecast") : source.kind === "power" ? summaryHtml(source.result.points, "power") : summaryHtml(source.result, "check");
  return {
    kind: source.kind,
    title: titleOf(source),
    summaryHtml: summary,
    charts: chartsOf(source),
    timeline: source.protocol ? formatTimeline(source.protocol) : null,
    parameters: reportParameterRows(context.parameters),
    provenance: provenanceOf(source, context),
  };
}
