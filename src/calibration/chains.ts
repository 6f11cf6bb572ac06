/**
 * The calibration's Markov chains: the log posterior of a set of prepared trials, the chain jobs
 * (pilot, refinement and posterior chains, each named by its kind, label and index, so its result
 * depends only on the seed, the settings and the job), the normal approximations that carry one
 * round's chains to the next, and sampleChains, which runs the rounds on any chain runner (this
 * thread, worker threads, or a shard's share of the jobs).
 */
import type { Parameters } from "../params/table.js";
import { childSeed, createRoot, stream, type Rng, type Seed } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";
import { cholesky } from "../math/cholesky.js";
import { syntheticLogLikelihood } from "./likelihood.js";
import { FOLDED, N_GLOBAL, effectsOf, logPrior, parametersOf, priorCentre } from "./priors.js";
import { adaptiveMetropolis, mixtureMetropolis, pooledMoments } from "./mcmc.js";
import type { CalibrationSettings } from "./settings.js";
import type { Prepared } from "./calibrate.js";

/** The log posterior density (up to a constant) of sampler coordinates given prepared trials: the prior plus each trial's synthetic log likelihood. */
function logPosteriorFor(prepared: readonly Prepared[], reference: Parameters) {
  return (x: Float64Array): number => {
    let lp = logPrior(x, prepared.length);
    if (!Number.isFinite(lp)) return lp;
    const params = parametersOf(x, reference);
    for (let j = 0; j < prepared.length; j++) {
      const p = prepared[j]!;
      p.evaluate(params, effectsOf(x, j), p.buffer);
      lp += syntheticLogLikelihood(p.observed, p.buffer, p.cache.replicates, p.floors).logLikelihood;
      if (!Number.isFinite(lp)) return lp;
    }
    return lp;
  };
}

/** A normal approximation as plain arrays (it travels to worker threads and into shards). */
export interface ApproximationData {
  readonly mean: readonly number[];
  /** Lower Cholesky factor of the covariance, row-major. */
  readonly chol: readonly number[];
}

/**
 * One MCMC chain: a pilot chain of the full posterior, or a chain of one posterior (all trials,
 * or all but one) with fixed kernels built on the pilot's approximation (`approximation`, over
 * that posterior's coordinates).
 */
export interface ChainJob {
  readonly kind: "pilot" | "refine" | "posterior";
  readonly trialIds: readonly string[];
  /** "all" or "without-<trial>". */
  readonly label: string;
  readonly chain: number;
  readonly approximation?: ApproximationData;
}

export interface ChainOutput {
  readonly draws: number[][];
  readonly acceptanceRate: number;
}

/** What a calibration hands a chain runner with each batch of jobs. */
export interface ChainBatchControl {
  /**
   * Aborted when the calibration is to stop: end the batch at once (stop the threads) and return
   * or throw anything; the calibration then throws its AbortError.
   */
  readonly signal?: AbortSignal;
  /** Call as job `index` of the batch finishes (in any order): the calibration reports it as progress. */
  readonly jobDone?: (index: number) => void;
}

/** Runs chain jobs (one after another on this thread, or on worker threads: mdma-trial-sim/node). */
export type ChainRunner = (jobs: readonly ChainJob[], control?: ChainBatchControl) => Promise<ChainOutput[]>;

/** A start for a chain: `centre` plus N(0, scale²·Σ) noise, redrawn (up to 100 times) until the posterior density is positive. */
function dispersedStart(rng: Rng, target: (x: Float64Array) => number, centre: Float64Array, chol: Float64Array | null, scale: number): Float64Array {
  const d = centre.length;
  for (let attempt = 0; attempt < 100; attempt++) {
    const z = Float64Array.from({ length: d }, () => standardNormal(rng));
    const x = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      if (chol) for (let k = 0; k <= i; k++) s += chol[i * d + k]! * z[k]!;
      else s = z[i]!;
      x[i] = centre[i]! + scale * s;
    }
    if (Number.isFinite(target(x))) return x;
  }
  throw new Error("no start with positive posterior density in 100 draws around the centre");
}

/** Run one chain job against prepared trials. Deterministic: the chain's stream is named by its kind, label and index. */
export function runChainJob(prepared: readonly Prepared[], reference: Parameters, seed: Seed, s: CalibrationSettings, job: ChainJob): ChainOutput {
  const subset = job.trialIds.map((id) => prepared.find((p) => p.trial.id === id)!);
  const target = logPosteriorFor(subset, reference);
  const rng = stream(createRoot(childSeed(seed, "calibration", "mcmc", job.kind, job.label)), ["chain", job.chain]);
  if (job.kind === "pilot") {
    // Overdispersed starts: the prior centre plus noise on the scale of the prior (one unit on
    // the log and standardized scales); the first half adapts and is dropped.
    const start = dispersedStart(rng, target, priorCentre(subset.length), null, 1);
    const half = Math.floor(s.pilotIterations / 2);
    const chain = adaptiveMetropolis(rng, target, start, { iterations: s.pilotIterations, burnIn: half, thin: 5, initialScale: 0.05 });
    return { draws: chain.draws.map((x) => Array.from(x)), acceptanceRate: chain.acceptanceRate };
  }
  if (!job.approximation) throw new Error(`chain job ${job.label} ${job.chain} has no approximation`);
  const approximation = { mean: Float64Array.from(job.approximation.mean), chol: Float64Array.from(job.approximation.chol) };
  // Starts overdispersed around the approximation (1.5 times its spread), so that split-R̂ can reveal chains that disagree.
  const start = dispersedStart(rng, target, approximation.mean, approximation.chol, 1.5);
  const refine = job.kind === "refine";
  const full = job.label === "all";
  const chain = mixtureMetropolis(rng, target, start, {
    iterations: refine ? s.refineIterations : full ? s.iterations : s.leaveOneOutIterations,
    burnIn: refine ? Math.floor(s.refineIterations / 5) : full ? s.burnIn : s.leaveOneOutBurnIn,
    thin: refine ? 5 : full ? s.thin : s.leaveOneOutThin,
    approximation,
    independenceShare: s.independenceShare,
    df: s.proposalDf,
    independenceScale: s.proposalScale,
  });
  return { draws: chain.draws.map((x) => Array.from(x)), acceptanceRate: chain.acceptanceRate };
}

/**
 * A normal approximation from chains' kept draws, over all their coordinates or (heldOut = the
 * index of a trial) without that trial's two.
 */
function approximationFrom(chains: readonly ChainOutput[], heldOut: number | null = null): ApproximationData {
  const draws = chains.flatMap((o) => o.draws.map((d) => Float64Array.from(d)));
  const { mean, cov } = pooledMoments(draws);
  const d = mean.length;
  // A folded coordinate's posterior is symmetric about 0 (only |y| enters): mean 0, variance E[y²], uncorrelated with the rest.
  for (let i = 0; i < N_GLOBAL; i++) {
    if (!FOLDED[i]) continue;
    const second = draws.reduce((a, x) => a + x[i]! * x[i]!, 0) / draws.length;
    mean[i] = 0;
    for (let j = 0; j < d; j++) cov[i * d + j] = cov[j * d + i] = 0;
    cov[i * d + i] = second;
  }
  const keep = Array.from({ length: d }, (_, i) => i).filter((i) => heldOut === null || i < N_GLOBAL || Math.floor((i - N_GLOBAL) / 2) !== heldOut);
  const k = keep.length;
  const sub = new Float64Array(k * k);
  keep.forEach((i, a) => keep.forEach((j, b) => (sub[a * k + b] = cov[i * d + j]! + (a === b ? 1e-8 : 0))));
  const chol = cholesky(sub, k);
  if (!chol) throw new Error("the pilot's covariance is not positive definite: run longer pilot chains");
  return { mean: keep.map((i) => mean[i]!), chol: Array.from(chol) };
}

/** Whether the leave-one-trial-out posteriors are run: asked for, and more than two trials. */
export function runsLeaveOneOut(trials: number, s: CalibrationSettings): boolean {
  return s.leaveOneOut && trials > 2;
}

/** The pilot's chain jobs (chains of the full posterior). */
export function pilotJobs(allIds: readonly string[], s: CalibrationSettings): ChainJob[] {
  return Array.from({ length: s.pilotChains }, (_, c) => ({ kind: "pilot" as const, trialIds: allIds, label: "all", chain: c }));
}

/** The labels of the posteriors a calibration samples: "all", then "without-<trial>" for each trial (when it runs leave-one-out). */
function posteriorLabels(allIds: readonly string[], s: CalibrationSettings): { label: string; trialIds: readonly string[]; heldOut: number | null }[] {
  const full = { label: "all", trialIds: allIds, heldOut: null };
  if (!runsLeaveOneOut(allIds.length, s)) return [full];
  return [full, ...allIds.map((held, h) => ({ label: `without-${held}`, trialIds: allIds.filter((id) => id !== held), heldOut: h }))];
}

/**
 * The posteriors' chain jobs, each posterior's on its own refinement chains' approximation:
 * `refined` holds pilotChains refinement chains per posterior, in posteriorLabels order.
 */
export function posteriorJobs(allIds: readonly string[], s: CalibrationSettings, refined: readonly ChainOutput[]): ChainJob[] {
  return posteriorLabels(allIds, s).flatMap((p, q) => {
    const approximation = approximationFrom(refined.slice(q * s.pilotChains, (q + 1) * s.pilotChains));
    return Array.from({ length: s.chains }, (_, c) => ({ kind: "posterior" as const, trialIds: p.trialIds, label: p.label, chain: c, approximation }));
  });
}

/** Refinement jobs: pilotChains chains of each posterior with the mixture kernels, on the full posterior's approximation (without the held-out trial's coordinates). */
function refineJobs(allIds: readonly string[], s: CalibrationSettings, labels: ReturnType<typeof posteriorLabels>, from: readonly ChainOutput[]): ChainJob[] {
  return labels.flatMap((p) => {
    const approximation = approximationFrom(from, p.heldOut);
    return Array.from({ length: s.pilotChains }, (_, c) => ({ kind: "refine" as const, trialIds: p.trialIds, label: p.label, chain: c, approximation }));
  });
}

/**
 * Run the pilot (adaptive chains of the full posterior; then refinement chains with the mixture
 * kernels on their approximation, for the full posterior and, from its refinement, for each
 * leave-one-out posterior), then the posteriors' chains (those `select` picks by index, for a
 * shard; all by default). Each job's result depends only on the seed, the settings and the job,
 * so the chains can be spread over threads or machines. `pilot` is the refinement chains (what
 * posteriorJobs needs).
 */
export async function sampleChains(allIds: readonly string[], s: CalibrationSettings, runChains: ChainRunner, select: (jobIndex: number) => boolean = () => true): Promise<{ pilot: ChainOutput[]; jobs: ChainJob[]; outputs: (ChainOutput | undefined)[] }> {
  const labels = posteriorLabels(allIds, s);
  const adaptive = await runChains(pilotJobs(allIds, s));
  const fullRefine = await runChains(refineJobs(allIds, s, labels.slice(0, 1), adaptive));
  const looRefine = labels.length > 1 ? await runChains(refineJobs(allIds, s, labels.slice(1), fullRefine)) : [];
  const pilot = [...fullRefine, ...looRefine];
  const jobs = posteriorJobs(allIds, s, pilot);
  const picked = jobs.map((_, i) => i).filter(select);
  const ran = await runChains(picked.map((i) => jobs[i]!));
  const outputs: (ChainOutput | undefined)[] = jobs.map(() => undefined);
  picked.forEach((i, k) => (outputs[i] = ran[k]!));
  return { pilot, jobs, outputs };
}
