/**
 * Calibration to the published Phase 2 results, with honest uncertainty.
 *
 * Model: the simulator's own efficacy model, with a participant-level responsiveness and
 * trial-level random effects on the psychotherapy and drug components (a hierarchical model:
 * participants within trials within a population of trials). Parameters: 10 global (the
 * psychotherapy and drug effects, the exposure-response EC50 and Hill coefficient, the
 * between-participant and between-trial spreads, measurement error, the expectancy effect and the
 * durability trend; priors.ts) and two random effects per trial.
 *
 * Likelihood: Bayesian synthetic likelihood of each trial's published arm-level summaries
 * (means and SDs of CAPS and its change, shares of responders and of lost diagnoses), from K
 * replicate trials of its design simulated with common random numbers. Posterior: an adaptive
 * Metropolis pilot and a refinement round give each posterior a normal approximation; then several
 * chains with fixed mixture kernels on it (mcmc.ts), convergence checked by split-R̂ and effective
 * sample size on the sampler's coordinates and on the reported values.
 * Dropout and relapse have conjugate posteriors from their counts.
 *
 * Checks: a fit table (each published figure against the distribution of simulated trials of its
 * design, replicating that trial with its own posterior effects), and leave-one-trial-out
 * forecasts (calibrate without a trial, forecast it as a new trial, see where it falls).
 *
 * Progress and stops (progress.ts): each step reports the time since the start and its stage's
 * time left; an AbortSignal stops the calibration between steps with an AbortError (no result).
 */
import { markDisplay } from "../displayable.js";
import type { Parameters } from "../params/table.js";
import { defaultParameters } from "../params/defaults.js";
import { childSeed, createRoot, stream, type Seed } from "../random/rng.js";
import { beta, gamma } from "../random/samplers.js";
import { betaQuantile, gammaQuantile } from "../math/distributions.js";
import { quantileSorted } from "../analysis/descriptive.js";
import { preset, isPresetId } from "../protocol/presets.js";
import { ValidationError } from "../errors.js";
import type { TrialEffects } from "../outcomes/efficacy.js";
import { cacheTrial } from "./cache.js";
import { selectSummaries, createSummaryEvaluator, longTermFollowUpItems, type SummaryItem } from "./summaries.js";
import { syntheticLogLikelihood } from "./likelihood.js";
import { FOLDED, GLOBAL_PRIORS, N_GLOBAL, dimension, effectsOf, globalsOf, parametersOf } from "./priors.js";
import { effectiveSampleSize, splitRhat } from "./mcmc.js";
import { paretoSmoothedWeights } from "../analysis/psis.js";
import type { CachedTrial } from "./cache.js";
import { parseTargets, type TargetSet, type TargetTrial } from "./targets.js";
import { DEFAULT_CALIBRATION_SEED, DEFAULT_SETTINGS, type CalibrationSettings } from "./settings.js";
import { fitRows, leaveOneOutRows, resolvedDraws, round6, type FitRow, type LeaveOneOutRow } from "./checks.js";
import { calibrationAborted, checkpoint, checkProgressOptions, progressTracker, type CalibrationProgress, type ProgressTracker } from "./progress.js";
import { runChainJob, runsLeaveOneOut, sampleChains, type ApproximationData, type ChainJob, type ChainOutput, type ChainRunner } from "./chains.js";

export { DEFAULT_CALIBRATION_SEED, DEFAULT_SETTINGS, QUICK_SETTINGS, type CalibrationSettings } from "./settings.js";
export type { FitRow, LeaveOneOutRow } from "./checks.js";
export type { CalibrationProgress, CalibrationTiming } from "./progress.js";


export interface Interval90 {
  readonly median: number;
  readonly q05: number;
  readonly q95: number;
}

export interface CalibratedParameter extends Interval90 {
  readonly key: string;
  readonly label: string;
  readonly mean: number;
  readonly rhat: number;
  readonly ess: number;
}

/**
 * A calibration to published results, as calibrate, calibrateParallel and defaultCalibration
 * return it: seed, settings, priors, each calibrated parameter's posterior (median, 90% interval,
 * R-hat, ESS), trial effects, dropout and relapse, diagnostics, the posterior draws, and the fit
 * and leave-one-out tables. calibratedDraws, replicationDraws and forecastTrial read it.
 */
export interface CalibrationResult {
  readonly schemaVersion: 2;
  readonly seed: Seed;
  readonly settings: CalibrationSettings;
  readonly method: string;
  readonly targets: { readonly attribution: string; readonly trials: readonly string[] };
  readonly excluded: readonly { readonly record: string; readonly reason: string }[];
  readonly priors: readonly { readonly key: string; readonly label: string; readonly kind: string; readonly mu: number; readonly sd: number; readonly rationale: string }[];
  readonly parameters: readonly CalibratedParameter[];
  readonly trialEffects: readonly { readonly trial: string; readonly therapyLog: Interval90; readonly drugLog: Interval90 }[];
  readonly dropout: { readonly perVisitProbability: Interval90; readonly dropouts: number; readonly visitsAtRisk: number; readonly prior: string };
  /** Null when the targets have no relapse follow-up. */
  readonly relapse: { readonly hazardPerYear: Interval90; readonly relapses: number; readonly personYears: number; readonly prior: string } | null;
  readonly diagnostics: {
    readonly acceptanceRates: readonly number[];
    readonly maxRhat: number;
    readonly minEss: number;
    readonly draws: number;
    /** The full posterior's normal approximation, on which its chains' kernels are built (with the seed, it reproduces any of those chains). */
    readonly approximation: ApproximationData;
    /** The same diagnostics for each leave-one-trial-out posterior, and each trial's influence. */
    readonly leaveOneOut: readonly LeaveOneOutDiagnostic[];
  };
  /** Posterior draws: calibrated parameters (plus dropout and relapse) and each trial's effects. */
  readonly draws: readonly { readonly parameters: Readonly<Record<string, number>>; readonly effects: Readonly<Record<string, TrialEffects>> }[];
  readonly fit: readonly FitRow[];
  readonly leaveOneOut: readonly LeaveOneOutRow[];
}

/** A calibration without its posterior draws (what `calibrationSummary()` returns; what tables, charts and displays read). */
export type CalibrationSummary = Omit<CalibrationResult, "draws">;

export interface CalibrationOptions {
  readonly seed?: Seed;
  readonly settings?: Partial<CalibrationSettings>;
  /**
   * Called after each step (the replicate trials prepared, each chain, each trial of the fit
   * table and of the leave-one-out forecasts) with its label, the steps done of its stage and the
   * stage's total, and (fourth argument) the seconds since the start and an estimate of the
   * stage's seconds left.
   */
  readonly onProgress?: CalibrationProgress;
  /**
   * Stops the calibration: it is noticed before each step (on this thread a chain in progress
   * finishes first; on worker threads the workers are ended at once), and the calibration then
   * rejects with an AbortError (`reached`: the last step reported). No result is returned: a
   * posterior from chains cut short would be misleading.
   */
  readonly signal?: AbortSignal;
}



function interval(values: readonly number[]): Interval90 {
  const s = [...values].sort((a, b) => a - b);
  return { median: round6(quantileSorted(s, 0.5)), q05: round6(quantileSorted(s, 0.05)), q95: round6(quantileSorted(s, 0.95)) };
}

export interface Prepared {
  readonly trial: TargetTrial;
  readonly cache: CachedTrial;
  readonly items: readonly SummaryItem[];
  readonly evaluate: ReturnType<typeof createSummaryEvaluator>;
  readonly observed: Float64Array;
  readonly floors: Float64Array;
  readonly buffer: Float64Array;
}

/** Every target trial must name a preset whose arms and assessments its records refer to. */
function checkAgainstPresets(targets: TargetSet): void {
  const issues: { path: string; rule: string; message: string; received?: unknown }[] = [];
  targets.trials.forEach((trial, i) => {
    if (!isPresetId(trial.presetId)) {
      issues.push({ path: `trials[${i}].presetId`, rule: "known-preset", message: "must name a preset protocol", received: trial.presetId });
      return;
    }
    const protocol = preset(trial.presetId);
    const arms = new Set(protocol.arms.map((a) => a.id));
    const visits = new Set(protocol.schedule.assessments.map((a) => a.id));
    trial.arms.forEach((a, j) => {
      if (!arms.has(a.id)) issues.push({ path: `trials[${i}].arms[${j}].id`, rule: "preset-arm", message: `must be an arm of preset ${trial.presetId} (${[...arms].join(", ")})`, received: a.id });
    });
    trial.timepoints.forEach((t, j) => {
      if (!visits.has(t.id)) issues.push({ path: `trials[${i}].timepoints[${j}].id`, rule: "preset-assessment", message: `must be an assessment of preset ${trial.presetId} (${[...visits].join(", ")})`, received: t.id });
    });
  });
  if (issues.length) throw new ValidationError("calibration targets", issues);
}

function prepare(targets: TargetSet, reference: Parameters, seed: Seed, replicates: number): { prepared: Prepared[]; excluded: { record: string; reason: string }[] } {
  checkAgainstPresets(targets);
  const excluded: { record: string; reason: string }[] = [];
  const prepared = targets.trials.map((trial) => {
    if (!isPresetId(trial.presetId)) throw new Error("unreachable: checked above");
    const protocol = preset(trial.presetId);
    const sel = selectSummaries(trial);
    excluded.push(...sel.excluded);
    const items = [...sel.items, ...longTermFollowUpItems(targets, trial.id, protocol)];
    const cache = cacheTrial(protocol, reference, seed, replicates);
    return {
      trial,
      cache,
      items,
      evaluate: createSummaryEvaluator(cache, items),
      observed: Float64Array.from(items.map((i) => i.observed)),
      floors: Float64Array.from(items.map((i) => i.floorVariance)),
      buffer: new Float64Array(replicates * items.length),
    };
  });
  return { prepared, excluded };
}

interface Posterior {
  readonly draws: Float64Array[];
  readonly chains: Float64Array[][];
  readonly acceptanceRates: number[];
}

/** Split-R̂ and effective sample size of every coordinate of a posterior's chains. */
function convergence(post: Posterior, dims: number): { rhats: number[]; esss: number[] } {
  // On the sampler's coordinates (a folded one as its absolute value) and, for the globals, on the
  // reported values too (the drug effect is reported on another scale than it is sampled): the worse of the two.
  const coord = (i: number) => post.chains.map((c) => c.map((x) => (i < N_GLOBAL && FOLDED[i] ? Math.abs(x[i]!) : x[i]!)));
  const reported = (i: number) => post.chains.map((c) => c.map((x) => globalsOf(x)[i]!));
  const rhats: number[] = [];
  const esss: number[] = [];
  for (let i = 0; i < dims; i++) {
    const views = i < N_GLOBAL ? [coord(i), reported(i)] : [coord(i)];
    rhats.push(Math.max(...views.map(splitRhat)));
    esss.push(Math.min(...views.map(effectiveSampleSize)));
  }
  return { rhats, esss };
}

function posteriorFrom(outputs: readonly ChainOutput[]): Posterior {
  const chains = outputs.map((o) => o.draws.map((d) => Float64Array.from(d)));
  return { draws: chains.flat(), chains, acceptanceRates: outputs.map((o) => o.acceptanceRate) };
}

/** Dropout: Beta(0.5, 0.5) (Jeffreys) prior on the per-visit probability, updated by the published counts. */
function dropoutPosterior(targets: TargetSet) {
  let dropouts = 0;
  let atRisk = 0;
  for (const t of targets.trials) {
    const primary = t.timepoints.filter((x) => !x.postCrossover);
    for (const arm of t.arms) {
      const last = primary.filter((x) => x.primary).map((x) => x.id)[0] ?? primary[primary.length - 1]!.id;
      const end = t.outcomes.find((o) => o.arm === arm.id && o.timepoint === last && (o.measure === "endpoint" || o.measure === "change"));
      const analysed = end && "n" in end ? end.n : arm.baseline.n;
      dropouts += Math.max(0, arm.baseline.n - analysed);
      atRisk += arm.baseline.n * primary.length;
    }
  }
  return { dropouts, atRisk, a: 0.5 + dropouts, b: 0.5 + atRisk - dropouts };
}

/**
 * Relapse: Gamma(0.5, 0) (Jeffreys) prior on the (exponential) hazard, updated by relapses over
 * responder follow-up; null when the targets have no relapse follow-up (the table's value stays).
 */
function relapsePosterior(targets: TargetSet): { relapses: number; personYears: number; shape: number; rate: number } | null {
  const f = targets.followUp.find((x) => x.kind === "relapse" && targets.trials.some((t) => t.id === x.trial));
  if (!f || f.kind !== "relapse") return null;
  // Relapse is defined for responders: those at risk are the assessed times the share who
  // responded in the trial's highest-dose arm (10 of 12 in MP-1), each followed for the mean time.
  const trial = targets.trials.find((t) => t.id === f.trial)!;
  const top = trial.arms.reduce((a, b) => (b.initialMg > a.initialMg ? b : a));
  const resp = trial.outcomes.find((o) => o.measure === "response" && o.arm === top.id);
  const share = resp && resp.measure === "response" ? resp.events / resp.n : 1;
  const personYears = (f.nAssessed * share * f.monthsSinceLastSession.mean) / 12;
  return { relapses: f.relapses, personYears, shape: 0.5 + f.relapses, rate: personYears };
}

function drawsOf(post: Posterior, trials: readonly TargetTrial[], reference: Parameters, seed: Seed, targets: TargetSet) {
  const rng = stream(createRoot(childSeed(seed, "calibration", "nuisance")), ["dropout-relapse"]);
  const drop = dropoutPosterior(targets);
  const rel = relapsePosterior(targets);
  const dropoutDraw = beta(drop.a, drop.b);
  const relapseDraw = rel ? gamma(rel.shape, rel.rate) : undefined;
  return post.draws.map((x) => {
    const params = parametersOf(x, reference);
    const parameters: Record<string, number> = {};
    for (const p of GLOBAL_PRIORS) parameters[p.key] = round6(params[p.key]);
    parameters["dropout.perVisitProbability"] = round6(dropoutDraw(rng));
    if (relapseDraw) parameters["relapse.hazardPerYear"] = round6(relapseDraw(rng));
    const effects: Record<string, TrialEffects> = {};
    trials.forEach((t, j) => {
      const e = effectsOf(x, j);
      effects[t.id] = { therapyLog: round6(e.therapyLog), drugLog: round6(e.drugLog) };
    });
    return { parameters, effects };
  });
}

export interface CalibrationOptionsWithRunner extends CalibrationOptions {
  /** How chains are run (default: one after another on this thread). */
  readonly runChains?: ChainRunner;
}

/** The trials and settings a chain runner needs to rebuild the prepared trials on another thread. */
export function prepareCalibration(targets: TargetSet, seed: Seed, settings: CalibrationSettings) {
  // The replicate trials are simulated with dropout and relapse at their conjugate posterior
  // medians, computed here from the targets (not read from the parameter table, which takes its
  // values from this calibration's output: that would make each run depend on the last).
  const drop = dropoutPosterior(targets);
  const rel = relapsePosterior(targets);
  const reference: Parameters = {
    ...defaultParameters(),
    "dropout.perVisitProbability": round6(betaQuantile(0.5, drop.a, drop.b)),
    ...(rel ? { "relapse.hazardPerYear": round6(gammaQuantile(0.5, rel.shape, rel.rate)) } : {}),
  };
  return { reference, ...prepare(targets, reference, seed, settings.replicates) };
}

/** Chain jobs one after another on this thread, giving the event loop a turn after each (where a stop is noticed). */
export function localChainRunner(ready: ReturnType<typeof prepareCalibration>, seed: Seed, s: CalibrationSettings): ChainRunner {
  return async (jobs, control = {}) => {
    const out: ChainOutput[] = [];
    for (const [i, job] of jobs.entries()) {
      if (control.signal?.aborted) return out;
      out.push(runChainJob(ready.prepared, ready.reference, seed, s, job));
      control.jobDone?.(i);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    return out;
  };
}

/** A chain's work, what its time is about proportional to: its iterations times its trials. */
function chainWork(job: ChainJob, s: CalibrationSettings): number {
  const iterations = job.kind === "pilot" ? s.pilotIterations : job.kind === "refine" ? s.refineIterations : job.label === "all" ? s.iterations : s.leaveOneOutIterations;
  return iterations * job.trialIds.length;
}

const chainLabel = (job: ChainJob) => `chain ${job.kind === "posterior" ? job.label : job.kind} ${job.chain + 1}`;

/**
 * `runChains` with each batch a stage of progress, and stops: before a batch, and after it when
 * the signal fired (whatever the runner returned or threw), an AbortError naming the last chain
 * reported. A runner's report after the stop is ignored.
 */
export function trackedChains(runChains: ChainRunner, s: CalibrationSettings, progress: ProgressTracker, signal: AbortSignal | undefined): ChainRunner {
  return async (jobs) => {
    await checkpoint(signal, progress);
    const step = progress.stage(jobs.map((job) => chainWork(job, s)));
    const jobDone = (i: number) => {
      if (!signal?.aborted) step(i, chainLabel(jobs[i]!));
    };
    let outputs: ChainOutput[];
    try {
      outputs = await runChains(jobs, { ...(signal ? { signal } : {}), jobDone });
    } catch (err) {
      if (signal?.aborted) throw calibrationAborted(progress, signal);
      throw err;
    }
    if (signal?.aborted) throw calibrationAborted(progress, signal);
    return outputs;
  };
}

/** Prepare a calibration's replicate trials (a step of its own), unless the signal has fired already. */
export function preparedFor(targets: TargetSet, seed: Seed, s: CalibrationSettings, progress: ProgressTracker, signal: AbortSignal | undefined): ReturnType<typeof prepareCalibration> {
  if (signal?.aborted) throw calibrationAborted(progress, signal);
  const step = progress.stage([1]);
  const ready = prepareCalibration(targets, seed, s);
  step(0, "prepared the replicate trials");
  return ready;
}

/**
 * Run the calibration. Deterministic for a given seed, targets and settings, whichever way the
 * chains are run. With a signal, a stop rejects with an AbortError naming the last step reached
 * (between steps; see CalibrationOptions.signal), and no result.
 */
export async function calibrate(targets: TargetSet, options: CalibrationOptionsWithRunner = {}): Promise<CalibrationResult> {
  const checked = parseTargets(targets); // bad targets: one ValidationError listing every problem
  checkProgressOptions(options);
  const seed = options.seed ?? DEFAULT_CALIBRATION_SEED;
  const s: CalibrationSettings = { ...DEFAULT_SETTINGS, ...(options.settings ?? {}) };
  const { signal } = options;
  const progress = progressTracker(options.onProgress);
  const ready = preparedFor(checked, seed, s, progress, signal);
  const allIds = ready.prepared.map((p) => p.trial.id);
  const runChains = trackedChains(options.runChains ?? localChainRunner(ready, seed, s), s, progress, signal);
  const { jobs, outputs } = await sampleChains(allIds, s, runChains);
  const steps = finishing(checked, seed, s, ready, jobs, outputs as ChainOutput[], progress);
  for (;;) {
    await checkpoint(signal, progress);
    const next = steps.next();
    if (next.done) return markDisplay(next.value, "calibration");
  }
}

/** A leave-one-trial-out posterior's convergence, and how far leaving the trial out moves the posterior. */
export interface LeaveOneOutDiagnostic {
  readonly heldOut: string;
  readonly acceptanceRates: readonly number[];
  readonly maxRhat: number;
  readonly minEss: number;
  /**
   * The Pareto k̂ of importance weights 1 / (the trial's synthetic likelihood) over the full
   * posterior's draws (Vehtari, Gelman & Gabry 2017): above 0.7, the trial moves the posterior so
   * far that importance sampling could not replace the separate calibration without it. Null
   * when no shape can be fitted (a tail too short or of equal weights, or a failed fit): what
   * R's loo reports as Inf, i.e. not reliable.
   */
  readonly influenceParetoK: number | null;
}

/** The Pareto k̂ of the importance weights that would turn the full posterior into the one without trial h. */
function trialInfluence(post: Posterior, prepared: readonly Prepared[], h: number, reference: Parameters): number | null {
  const p = prepared[h]!;
  const logRatios = post.draws.map((x) => {
    p.evaluate(parametersOf(x, reference), effectsOf(x, h), p.buffer);
    return -syntheticLogLikelihood(p.observed, p.buffer, p.cache.replicates, p.floors).logLikelihood;
  });
  return paretoSmoothedWeights(logRatios).paretoK;
}

/**
 * From the posteriors' chains to the result: parameters with R-hat and ESS, draws, the fit table
 * and the leave-one-trial-out forecasts (the part of a calibration a merge of shards runs).
 */
export function finishCalibration(targets: TargetSet, seed: Seed, s: CalibrationSettings, ready: ReturnType<typeof prepareCalibration>, jobs: readonly ChainJob[], outputs: readonly ChainOutput[], onProgress?: CalibrationOptions["onProgress"]): CalibrationResult {
  const steps = finishing(targets, seed, s, ready, jobs, outputs, progressTracker(onProgress));
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** The trials' fit-table rows, one trial per step (a pause after each, where a stop can be noticed). */
function* fitTableSteps(prepared: readonly Prepared[], draws: ReturnType<typeof drawsOf>, reference: Parameters, seed: Seed, s: CalibrationSettings, progress: ProgressTracker): Generator<void, FitRow[], void> {
  const params = resolvedDraws(draws, reference);
  const step = progress.stage(prepared.map((p) => p.items.length));
  const rows: FitRow[] = [];
  for (const [i, p] of prepared.entries()) {
    rows.push(...fitRows(p, params, draws, reference, seed, s.checkTrials));
    step(i, `fit table: ${p.trial.id}`);
    yield;
  }
  return rows;
}

/** finishCalibration as steps: it pauses (yields) after each trial of the fit table and of the leave-one-out forecasts. */
function* finishing(targets: TargetSet, seed: Seed, s: CalibrationSettings, ready: ReturnType<typeof prepareCalibration>, jobs: readonly ChainJob[], outputs: readonly ChainOutput[], progress: ProgressTracker): Generator<void, CalibrationResult, void> {
  const { reference, prepared, excluded } = ready;
  const loo = runsLeaveOneOut(prepared.length, s);
  const postOf = (label: string) => posteriorFrom(outputs.filter((_, i) => jobs[i]!.label === label));
  const post = postOf("all");
  const { rhats, esss } = convergence(post, dimension(prepared.length));
  const parameters: CalibratedParameter[] = GLOBAL_PRIORS.map((p, i) => {
    const values = post.draws.map((x) => globalsOf(x)[i]!);
    return { key: p.key, label: p.label, ...interval(values), mean: round6(values.reduce((a, b) => a + b, 0) / values.length), rhat: round6(rhats[i]!), ess: Math.round(esss[i]!) };
  });
  const trials = prepared.map((p) => p.trial);
  const draws = drawsOf(post, trials, reference, seed, targets);
  const trialEffects = trials.map((t) => ({
    trial: t.id,
    therapyLog: interval(draws.map((x) => x.effects[t.id]!.therapyLog)),
    drugLog: interval(draws.map((x) => x.effects[t.id]!.drugLog)),
  }));
  const drop = dropoutPosterior(targets);
  const rel = relapsePosterior(targets);
  const fit = yield* fitTableSteps(prepared, draws, reference, seed, s, progress);
  const looDiagnostics: LeaveOneOutDiagnostic[] = [];
  const leaveOneOut: LeaveOneOutRow[] = [];
  if (loo) {
    const step = progress.stage(prepared.map(() => 1));
    for (const [h, held] of prepared.entries()) {
      const without = postOf(`without-${held.trial.id}`);
      const { rhats: r, esss: e } = convergence(without, dimension(prepared.length - 1));
      const influence = trialInfluence(post, prepared, h, reference);
      looDiagnostics.push({ heldOut: held.trial.id, acceptanceRates: without.acceptanceRates.map(round6), maxRhat: round6(Math.max(...r)), minEss: Math.round(Math.min(...e)), influenceParetoK: influence === null ? null : round6(influence) });
      const rest = prepared.filter((p) => p !== held);
      const restTargets = { ...targets, trials: rest.map((r) => r.trial), followUp: targets.followUp.filter((f) => rest.some((r) => r.trial.id === f.trial)) };
      const drawsJ = drawsOf(without, rest.map((r) => r.trial), reference, seed, restTargets);
      leaveOneOut.push(...leaveOneOutRows(held, drawsJ, reference, seed, s.checkTrials));
      step(h, `leave-one-out forecast for ${held.trial.id}`);
      yield;
    }
  }
  return {
    schemaVersion: 2,
    seed,
    settings: s,
    method:
      "Hierarchical model (participants within trials) fitted by Bayesian synthetic likelihood of each trial's published arm-level summaries, from replicate trials of its design simulated with common random numbers; an adaptive Metropolis pilot and a refinement round give a normal approximation, then several chains of the full posterior with fixed kernels (a random walk and a multivariate-t independence proposal on that approximation); the same, after a refinement round of their own, for each leave-one-trial-out posterior; conjugate posteriors for dropout and relapse.",
    targets: { attribution: targets.attribution, trials: trials.map((t) => t.id) },
    excluded,
    priors: GLOBAL_PRIORS.map((p) => ({ key: p.key, label: p.label, kind: p.kind, mu: round6(p.mu), sd: p.sd, rationale: p.rationale })),
    parameters,
    trialEffects,
    dropout: { perVisitProbability: { median: round6(betaQuantile(0.5, drop.a, drop.b)), q05: round6(betaQuantile(0.05, drop.a, drop.b)), q95: round6(betaQuantile(0.95, drop.a, drop.b)) }, dropouts: drop.dropouts, visitsAtRisk: drop.atRisk, prior: "Beta(0.5, 0.5)" },
    relapse: rel ? { hazardPerYear: { median: round6(gammaQuantile(0.5, rel.shape, rel.rate)), q05: round6(gammaQuantile(0.05, rel.shape, rel.rate)), q95: round6(gammaQuantile(0.95, rel.shape, rel.rate)) }, relapses: rel.relapses, personYears: round6(rel.personYears), prior: "Gamma(0.5, 0) (Jeffreys)" } : null,
    diagnostics: { acceptanceRates: post.acceptanceRates.map(round6), maxRhat: round6(Math.max(...rhats)), minEss: Math.round(Math.min(...esss)), draws: post.draws.length, approximation: jobs.find((j) => j.label === "all")!.approximation!, leaveOneOut: looDiagnostics },
    draws,
    fit,
    leaveOneOut,
  };
}
