/**
 * What the explorer computes for a state, as a list of jobs run in order (the chosen n first, at
 * a few trials, then every n of the curve, then more trials), and each job as plain library
 * calls: `forecastTrial` (power at the point estimate and assurance), the library's charts, one
 * participant's drug session. Runs in the Web Worker; Node tests call the same library functions.
 */
import { forecastTrial, type ForecastResult } from "../../src/calibration/forecast.js";
import { parseProtocol } from "../../src/protocol/parse.js";
import type { Protocol } from "../../src/protocol/schema.js";
import { simulateParticipant } from "../../src/outcomes/participant.js";
import { powerCurve } from "../../src/charts/power.js";
import { effectDistribution } from "../../src/charts/effects.js";
import { sessionChart } from "../../src/charts/session.js";
import type { ChartSpec } from "../../src/charts/spec.js";
import { runTrajectories } from "../../src/report/trajectories.js";
import type { ProportionEstimate } from "../../src/analysis/intervals.js";
import type { PowerPoint, Runner } from "../../src/trial/power-search.js";
import { simulateTrials } from "../../src/trial/api.js";
import { designInput, nGrid, type ExplorerState } from "./state.js";
import { editedProtocolInput, treatmentArm } from "./edit.js";

/** Trials per chunk: part of a result's identity (the Node check uses the same). */
export const CHUNK_SIZE = 50;

/** Trials per point after the first estimate. */
export const TRIAL_LADDER = [200, 1000, 4000] as const;

/** One run: a sample size and how many trials; `chosen` marks the n the student picked. */
export interface Job {
  readonly nPerArm: number;
  readonly trials: number;
  readonly chosen: boolean;
}

/** Trials for the first estimate: about 200 participant courses, a few hundred ms for its first run. */
export function firstTrials(totalN: number): number {
  return Math.min(50, Math.max(4, Math.round(200 / totalN)));
}

/** The jobs for a state, in the order they run (the chosen n at each step before the rest of the curve; the curve stops at 1000). */
export function jobPlan(state: ExplorerState, protocol: Protocol): Job[] {
  const chosen = state.nPerArm;
  const others = nGrid(chosen).filter((n) => n !== chosen);
  const first = firstTrials(chosen * protocol.arms.length);
  const jobs: Job[] = [{ nPerArm: chosen, trials: first, chosen: true }, ...others.map((n) => ({ nPerArm: n, trials: first, chosen: false }))];
  for (const trials of TRIAL_LADDER) {
    if (trials <= first) continue;
    jobs.push({ nPerArm: chosen, trials, chosen: true });
    if (trials <= 1000) jobs.push(...others.map((n) => ({ nPerArm: n, trials, chosen: false })));
  }
  return jobs;
}

/** The validated protocol a state describes (a ValidationError when an edit breaks a protocol rule). */
export function protocolFor(state: ExplorerState): Protocol {
  return parseProtocol(editedProtocolInput(state));
}

/**
 * Run one job: the library's forecast of a trial at that n (`forecastTrial`: a run at the point
 * estimate, then one over the calibrated draws). `onPoint` hears the point-estimate run as soon as
 * it is done (the first estimate of power comes before assurance).
 */
export function runJob(state: ExplorerState, protocol: Protocol, job: Job, onPoint?: (power: ProportionEstimate) => void): Promise<ForecastResult> {
  const spec = { protocol, design: designInput(state, protocol, job.nPerArm), seed: state.seed };
  const runner: Runner = async (runSpec, options) => {
    const run = await simulateTrials(runSpec, options);
    if (!runSpec.predictive) onPoint?.(run.summary.power);
    return run;
  };
  return forecastTrial(spec, { trials: job.trials, chunkSize: CHUNK_SIZE, keepRows: job.chosen, runner });
}

/** A finished job's numbers, as the page shows them. */
export interface JobResult extends Job {
  readonly totalN: number;
  readonly power: ProportionEstimate;
  readonly assurance: ProportionEstimate;
}

export function jobResult(job: Job, forecast: ForecastResult): JobResult {
  return { ...job, totalN: forecast.point.design.totalN, power: forecast.powerAtPointEstimate, assurance: forecast.assurance };
}

/** The two curves (power at the point estimate, assurance) from the best result at each n. */
export function curveCharts(results: readonly JobResult[], seed: number): { power: ChartSpec; assurance: ChartSpec } {
  const points = (pick: (r: JobResult) => ProportionEstimate): PowerPoint[] => results.map((r) => ({ nPerArm: r.nPerArm, totalN: r.totalN, power: pick(r), provenanceSeed: seed }));
  const note = "Each point is a separate run with the same seed; trials per point in the tooltip.";
  return {
    power: powerCurve(points((r) => r.power), { title: "Power at the point estimate (a typical trial)", caption: { note } }),
    assurance: powerCurve(points((r) => r.assurance), { title: "Assurance (over the calibrated uncertainty)", caption: { note } }),
  };
}

/** The charts of the chosen n: the forecast distribution of the effect and the arms' trajectories. */
export function chosenCharts(forecast: ForecastResult): { effect: ChartSpec; trajectories: ChartSpec } {
  return {
    effect: effectDistribution(forecast, { measure: "g", title: "Forecast distribution of the effect (Hedges' g)" }),
    trajectories: runTrajectories(forecast.point, { title: "Mean CAPS by arm over the visits (a typical trial)" }),
  };
}

/** One participant of the treatment arm (trial 0): their first drug session with vitals and the rules' actions. */
export function participantChart(state: ExplorerState, protocol: Protocol): ChartSpec {
  const armId = treatmentArm(editedProtocolInput(state)).id;
  const p = simulateParticipant({ protocol, seed: state.seed, trial: 0, participant: state.participant, armId, detail: "full" });
  return sessionChart(p, { session: 0, thresholds: protocol.sessionRules.thresholds, title: `Participant ${state.participant} (${armId}): drug session 1` });
}
