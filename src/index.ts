/**
 * mdma-trial-sim: seeded Monte Carlo simulation of clinical trials of MDMA-assisted therapy
 * for PTSD. For research and teaching; not medical advice.
 *
 * This is the curated public API, grouped as a user meets it: a protocol, one participant, many
 * trials and their power, the calibration and its forecasts, checks of published results, the
 * parameter table, errors, and the analyses the papers used. It is browser-safe (no `node:`
 * imports). Worker threads and files are in `mdma-trial-sim/node`; the engine's internals
 * (streams, samplers, chunk runners, the ODE systems) are in `mdma-trial-sim/engine`, with no
 * stability promise. A test holds this list: adding a name is a deliberate act.
 */

// ---- Errors and provenance ---------------------------------------------------------------------
export { ValidationError, AbortError } from "./errors.js";
export type { ValidationIssue } from "./errors.js";
export { VERSION } from "./version.js";
export { DISCLAIMER } from "./trial/api.js";
export type { Seed } from "./random/rng.js";

// ---- The protocol: the design as validated data, and the published designs as presets ----------
export { parseProtocol, checkProtocol } from "./protocol/parse.js";
export type { Protocol, ProtocolInput } from "./protocol/schema.js";
export { PRESET_INFO, preset, presetInput } from "./protocol/presets.js";
export type { PresetId } from "./protocol/presets.js";
export { courseTimeline, formatTimeline } from "./protocol/timeline.js";

// ---- The parameter table: every number with its unit, source and status ------------------------
export { parameterTable, formatParameterTable, resolveParameters, defaultParameters } from "./params/index.js";
export type { ParameterEntry, ParameterOverrides, Parameters } from "./params/index.js";

// ---- One participant: pharmacokinetics, a drug session, a whole course -------------------------
export { simulatePk, typicalPk } from "./pk/index.js";
export { simulateParticipant } from "./outcomes/participant.js";
export type { ParticipantOptions, ParticipantResult } from "./outcomes/participant.js";
export type { SessionOutcome } from "./session/simulate.js";

// ---- Many trials: power with its Monte Carlo error, power curves, sample size ------------------
export { simulateTrials, simulateTrialsSync, simulateTrial, simulateNormalTrials } from "./trial/api.js";
export type { ProtocolRunSpec, TrialsRun } from "./trial/api.js";
export type { RunOptions } from "./trial/engine.js";
export type { TrialDesignInput } from "./trial/design.js";
export type { TrialResult } from "./trial/analyze.js";
export type { TrialsSummary } from "./trial/summary.js";
export { powerCurve, sampleSizeSearch } from "./trial/power-search.js";
export type { PowerPoint, SampleSizeResult } from "./trial/power-search.js";

// ---- Calibration to Phase 2, and forecasts of new trials ---------------------------------------
// calibrate and checkPublished are loaded on demand (a dynamic import at the first call; see their on-demand.ts).
export { calibrate } from "./calibration/on-demand.js";
export { phase2Targets, parseTargets } from "./calibration/targets.js";
export { defaultCalibration, calibrationSummary, calibratedDraws, replicationDraws } from "./calibration/default.js";
export { forecastTrial } from "./calibration/forecast.js";
export type { CalibrationResult, CalibrationSummary, TargetSet, ForecastResult } from "./calibration/index.js";

// ---- Sanity-checking a published result ---------------------------------------------------------
export { checkPublished } from "./check/on-demand.js";
export { retrodesign } from "./check/design-analysis.js";
export { grimMean } from "./check/grim.js";
export type { CheckReport, PublishedResultInput } from "./check/index.js";

// ---- The analyses the papers used (checked against R) -----------------------------------------
export {
  welchTTest,
  studentTTest,
  welchFromSummary,
  studentFromSummary,
  ancova,
  fisherExact,
  riskDifference,
  standardizedDifference,
  powerTTest,
  sampleSizeTTest,
  powerPropTest,
  sampleSizePropTest,
  wilsonInterval,
  clopperPearsonInterval,
  fitMmrm,
  bangBlindingIndex,
  jamesBlindingIndex,
} from "./analysis/index.js";
export type { TTestResult, AncovaResult, EffectSize, MmrmData, MmrmResult, BlindingTable, BlindingIndex } from "./analysis/index.js";

// ---- Pictures and notebooks: charts as Vega-Lite specs, results that display themselves -------
/** Charts of results as Vega-Lite v5 specs (plain JSON, data inline; no renderer): `charts.powerCurve(points)`, `charts.chartsFor(result, kind)`. */
export * as charts from "./charts/index.js";
export { withDisplay } from "./display/index.js";
