/**
 * Sanity-check a published result: recompute its statistics from its own summaries, test the
 * summaries for internal consistency, and place the result among simulated trials of the same
 * design. The orchestrator validates the input and the options once, builds the context (and
 * runs the simulation) once, then runs the rules of rules/index.ts in order. Every rule returns
 * rows with a status (pass, warn, fail, skipped), a sentence of reasoning and the numbers behind
 * it; a number that cannot be computed is null with a reason, never NaN or Infinity.
 */
import { markDisplay } from "../displayable.js";
import { parseOrThrow, ValidationError, type ValidationIssue } from "../errors.js";
import { inputShapeIssues } from "../input.js";
import { seedIssues } from "../random/rng.js";
import { simulateTrials } from "../trial/api.js";
import { stopAndProgressIssues } from "../trial/engine.js";
import { CHECK_OPTION_BOUNDS } from "./bounds.js";
import { publishedContext, type CheckContext } from "./context.js";
import { CHECK_RULES } from "./rules/index.js";
import { forecastDesignAnalysis, pointDesignAnalysis } from "./rules/design-analysis.js";
import { PublishedResultSchema, type PublishedResult } from "./schema.js";
import { placement, planSimulation, runSimulation, shareAtMostP } from "./simulation.js";
import type { CheckOptions, CheckReport, CheckRow, CheckStatus, CheckValue, SimulationComparison } from "./types.js";

export type { CheckOptions, CheckReport, CheckRow, CheckStatus, CheckValue, SimulationComparison, ReportedDesignAnalysis, ForecastDesignAnalysis, DesignAnalysisBasis } from "./types.js";

const DISCLAIMER = "A consistency check of published figures against each other and against a model; not a judgement of the trial or of the treatment. For research and teaching.";

/** The check's options with their defaults, validated. */
interface CheckSettings {
  readonly seed: NonNullable<CheckOptions["seed"]>;
  readonly trials: number;
  readonly simulate: boolean | undefined;
  readonly runner: NonNullable<CheckOptions["runner"]>;
  readonly signal: CheckOptions["signal"];
  readonly onProgress: CheckOptions["onProgress"];
}

/** Validate the untrusted input: its shape first (no recursion, bounded size), then the schema. */
export function parsePublishedResult(input: unknown): PublishedResult {
  const shapeIssues = inputShapeIssues(input);
  if (shapeIssues.length) throw new ValidationError("published result", shapeIssues);
  return parseOrThrow(PublishedResultSchema, input, "published result");
}

function optionIssues(options: CheckOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { trials, seed, simulate, runner, signal, onProgress } = options;
  const bound = CHECK_OPTION_BOUNDS.trials;
  if (trials !== undefined && !(Number.isInteger(trials) && trials >= bound.min && trials <= bound.max)) {
    issues.push({ path: "trials", rule: "range", message: `must be a whole number from ${bound.min} to ${bound.max} (${bound.reason})`, received: trials });
  }
  if (seed !== undefined) issues.push(...seedIssues(seed));
  if (simulate !== undefined && typeof simulate !== "boolean") issues.push({ path: "simulate", rule: "type", message: "must be true or false", received: simulate });
  if (runner !== undefined && typeof runner !== "function") issues.push({ path: "runner", rule: "type", message: "must be a function (a Runner)" });
  issues.push(...stopAndProgressIssues(signal, onProgress));
  return issues;
}

function checkSettings(options: CheckOptions): CheckSettings {
  const issues = optionIssues(options);
  if (issues.length) throw new ValidationError("check options", issues);
  return { seed: options.seed ?? 1, trials: options.trials ?? 2000, simulate: options.simulate, runner: options.runner ?? simulateTrials, signal: options.signal, onProgress: options.onProgress };
}

const INTERRUPTED_BEFORE_SIMULATION = "Interrupted before any simulated trial was completed: no comparison with simulated trials.";

/**
 * The context with the simulation when one is wanted and possible, else with the reason there is
 * none; `aborted` when the signal stopped the simulation (a simulation that completed no trial is
 * none).
 */
async function withSimulation(context: CheckContext, settings: CheckSettings): Promise<{ context: CheckContext; aborted: boolean }> {
  const withReason = (reason: string | null, aborted = false) => ({ context: { ...context, simulationSkipped: reason }, aborted });
  const presetId = context.result.design.preset;
  const { primary } = context;
  if (!primary) {
    const reason = presetId && context.comparisons.length ? "The comparison with simulated trials needs a treated and a control arm with at least 2 participants, a mean and an SD (or SE) of the measure." : null;
    return withReason(reason);
  }
  if (!presetId || !(settings.simulate ?? true)) {
    return withReason(presetId ? "Comparison with simulated trials turned off." : "No preset named in design.preset: no simulated trials to compare with.");
  }
  const plan = planSimulation(context.result, presetId, primary, settings.seed, settings.trials);
  if (settings.signal?.aborted) return withReason(INTERRUPTED_BEFORE_SIMULATION, true);
  const simulation = await runSimulation(plan, context.measure, settings.runner, settings);
  if (simulation.aborted && simulation.trialsCompleted.forecast === 0) return withReason(INTERRUPTED_BEFORE_SIMULATION, true);
  return { context: { ...context, simulation }, aborted: simulation.aborted };
}

/** Last line of defence for the contract: a non-finite value becomes null with a reason. */
function finiteRow(row: CheckRow): CheckRow {
  const bad = Object.entries(row.values ?? {}).filter(([, v]) => typeof v === "number" && !Number.isFinite(v));
  const badCurve = row.curve?.points.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y)) ?? false;
  if (bad.length === 0 && !badCurve) return row;
  const values: Record<string, CheckValue> = { ...row.values };
  const nullReasons: Record<string, string> = { ...(row.nullReasons ?? {}) };
  for (const [key, value] of bad) {
    values[key] = null;
    nullReasons[key] = `not a finite number (${String(value)}): the figures are beyond what this check can compute`;
  }
  if (!badCurve) return { ...row, values, nullReasons };
  const { curve: _dropped, ...withoutCurve } = row;
  nullReasons.curve = "left out: some of its points are not finite numbers (the figures are beyond what this check can compute)";
  return { ...withoutCurve, ...(row.values ? { values } : {}), nullReasons };
}

/** The simulation part of the report. */
function simulationComparison(context: CheckContext): SimulationComparison | null {
  const { simulation, primary } = context;
  if (!simulation || !primary) return null;
  const place = placement(simulation, primary.publishedG);
  const reportedP = context.result.reported.p;
  return {
    preset: simulation.presetId,
    timepoint: simulation.timepoint,
    trials: simulation.trials,
    seed: simulation.seed,
    trialsCompleted: simulation.trialsCompleted,
    comparison: `${simulation.treatedPresetArm} vs ${simulation.controlPresetArm}`,
    publishedG: primary.publishedG,
    percentile: place?.percentile ?? null,
    simulatedG: place ? { p05: place.p05, p50: place.p50, p95: place.p95 } : null,
    power: simulation.pointPower.estimate,
    assurance: simulation.forecastPower.estimate,
    pAtMostReported: reportedP !== undefined ? shareAtMostP(simulation, reportedP) : null,
  };
}

/**
 * Check a published result: validates the input and options first (one ValidationError listing
 * every problem), then runs every rule. With `signal`, an interrupted check still returns every
 * row, the comparison with simulated trials from the trials completed, and `aborted: true`.
 */
export async function checkPublished(input: unknown, options: CheckOptions = {}): Promise<CheckReport> {
  const result = parsePublishedResult(input);
  const settings = checkSettings(options);
  const { context, aborted } = await withSimulation(publishedContext(result), settings);
  const checks = CHECK_RULES.flatMap((rule) => rule(context)).map(finiteRow);
  const simulation = simulationComparison(context);
  return markDisplay({
    id: result.id,
    ...(result.title ? { title: result.title } : {}),
    checks,
    designAnalysis: pointDesignAnalysis(context),
    forecastDesignAnalysis: forecastDesignAnalysis(context),
    percentile: simulation?.percentile ?? null,
    simulation,
    aborted,
    disclaimer: DISCLAIMER,
  }, "check");
}

/** How bad a row must be for a check to count as failed: "fail" (the default), "warn" (warnings too) or "never". */
export type FailOn = "fail" | "warn" | "never";

const FAILING: Readonly<Record<FailOn, readonly CheckStatus[]>> = { fail: ["fail"], warn: ["fail", "warn"], never: [] };

/** The rows of `report` that make it fail at level `failOn`. */
export function failingRows(report: CheckReport, failOn: FailOn = "fail"): CheckRow[] {
  return report.checks.filter((row) => FAILING[failOn].includes(row.status));
}
