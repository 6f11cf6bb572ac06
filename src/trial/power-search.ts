/**
 * Power over a grid of sample sizes, and the smallest sample size reaching a target power with
 * the Monte Carlo error taken into account. Both return a result object with provenance (seed,
 * version, protocol and design hashes, trials per point, whether the run was interrupted), the
 * same object the CLI prints as JSON.
 */
import { parseProtocol } from "../protocol/parse.js";
import type { Protocol } from "../protocol/schema.js";
import { ValidationError, type ValidationIssue } from "../errors.js";
import { hashJson } from "../hash.js";
import { markDisplay } from "../displayable.js";
import { VERSION } from "../version.js";
import type { ProportionEstimate } from "../analysis/intervals.js";
import { DESIGN_SIZE_BOUNDS } from "./design.js";
import { PROTOCOL_BOUNDS } from "../protocol/bounds.js";
import { designWithNPerArm, DISCLAIMER, protocolRunIdentity, resolveRunDesign, simulateTrials, trialsRunFromPartial, type ProtocolRunSpec, type TrialsRun } from "./api.js";
import { checkRunOptions, chunkBounds, chunkListOptions, DEFAULT_CHUNK_SIZE, mergingSink, progressReporter, type ChunkResult, type Progress, type RunOptions } from "./engine.js";
import { localChunkRunner, type ChunkRunner } from "./tasks.js";
import { gridSelection, powerGridTask, type PowerGridRunSpec } from "./power-grid.js";
import type { SummaryPartial } from "./summary.js";

/**
 * Runs one spec (on this thread, or on workers from mdma-trial-sim/node). A runner that also
 * carries a `chunkRunner` (as `parallelRunner` and `poolRunner` from mdma-trial-sim/node do, and
 * `simulateTrials` is taken to) lets powerCurve simulate each trial once for its whole grid.
 */
export type Runner = ((spec: ProtocolRunSpec, options: RunOptions) => Promise<TrialsRun>) & {
  /** Where this runner runs the chunks of a run of any kind (the same threads). */
  readonly chunkRunner?: ChunkRunner;
};

/** The ChunkRunner behind a Runner: its own, this thread's for simulateTrials, none for others. */
function chunkRunnerOf(runner: Runner): ChunkRunner | undefined {
  return runner.chunkRunner ?? (runner === simulateTrials ? localChunkRunner : undefined);
}

/**
 * The estimated power at one sample size: n per arm, the total n, the share of trials meeting the
 * success rule (with its Monte Carlo SE and Wilson interval at the design's confLevel) and the
 * run's seed. powerCurve's `points` and sampleSizeSearch's `evaluations` are lists of them.
 */
export interface PowerPoint {
  /** Participants per arm (equal allocation; otherwise total = n × arms, split by weight). */
  readonly nPerArm: number;
  readonly totalN: number;
  readonly power: ProportionEstimate;
  readonly provenanceSeed: ProtocolRunSpec["seed"];
}

/** Where a power curve or a sample-size search comes from, and how far it got. */
export interface PowerProvenance {
  readonly library: "mdma-trial-sim";
  readonly version: string;
  readonly seed: ProtocolRunSpec["seed"];
  readonly protocolId: string;
  readonly protocolHash: string;
  /** Hash of the design as resolved, without its sample sizes (they vary over the points). */
  readonly designHash: string;
  readonly parameterOverrides?: ProtocolRunSpec["parameters"];
  readonly predictive?: { readonly source: string; readonly draws: number };
  readonly trialsPerPoint: number;
  readonly chunkSize: number;
  /** Trials behind the points, summed over the points (a nested curve simulates each trial once and analyses it at every point). */
  readonly trialsCompleted: number;
  /** True when the run was interrupted: the points hold what was completed. */
  readonly aborted: boolean;
  readonly disclaimer: string;
}

/** A power curve: power at each n per arm of the grid, in grid order. */
export interface PowerCurveResult {
  readonly provenance: PowerProvenance;
  readonly points: readonly PowerPoint[];
}

/**
 * What sampleSizeSearch returns: the target power, the smallest n per arm found to reach it (by
 * the lower Wilson bound, and by the point estimate), every size evaluated, the trials per size
 * and the provenance. `nPerArm` is null when no size up to nMax reached the target by its lower
 * Wilson bound, or when the search was interrupted.
 */
export interface SampleSizeResult {
  readonly provenance: PowerProvenance;
  readonly targetPower: number;
  /**
   * Smallest n per arm whose power's lower Wilson bound (at the design's confLevel) reaches the
   * target: with confidence (1 + confLevel) / 2 in the Monte Carlo sense (97.5% at the default
   * 0.95), that n has at least the target power.
   */
  readonly nPerArm: number | null;
  /** Smallest n per arm whose point estimate reaches the target (less conservative). */
  readonly nPerArmPointEstimate: number | null;
  /** Every size evaluated, in the order tried. */
  readonly evaluations: readonly PowerPoint[];
  readonly trialsPerPoint: number;
}

/** Limits of a power analysis, with their reasons. */
export const POWER_BOUNDS = {
  nPerArm: { min: 2, max: DESIGN_SIZE_BOUNDS.perArm.max, reason: `a t test needs 2 per arm; ${PROTOCOL_BOUNDS["arms[].plannedN"].reason}` },
  gridPoints: { max: 100, reason: "each point is analysed in every simulated trial (or run on its own); 100 sample sizes draw any curve" },
} as const;

const nIssue = (n: unknown, path: string): ValidationIssue[] =>
  typeof n === "number" && Number.isSafeInteger(n) && n >= POWER_BOUNDS.nPerArm.min && n <= POWER_BOUNDS.nPerArm.max
    ? []
    : [{ path, rule: "range", message: `must be a whole number from ${POWER_BOUNDS.nPerArm.min} to ${POWER_BOUNDS.nPerArm.max} (${POWER_BOUNDS.nPerArm.reason})`, received: n }];

/** Problems with a grid of n per arm (empty when valid). */
export function powerGridIssues(grid: unknown): ValidationIssue[] {
  if (!Array.isArray(grid) || grid.length === 0 || grid.length > POWER_BOUNDS.gridPoints.max) {
    return [{ path: "grid", rule: "size", message: `must list 1 to ${POWER_BOUNDS.gridPoints.max} sample sizes (${POWER_BOUNDS.gridPoints.reason})`, received: Array.isArray(grid) ? grid.length : grid }];
  }
  return grid.flatMap((n, i) => nIssue(n, `grid[${i}]`));
}

/** The provenance fields a power analysis fixes before it runs (the rest follow from the runs). */
export function powerIdentity(spec: ProtocolRunSpec, protocol: Protocol, referenceN: number) {
  const { n: _n, armSizes: _a, totalN: _t, ...resolved } = resolveRunDesign(protocol, { ...spec, design: designWithNPerArm(protocol, spec.design, referenceN) });
  return {
    library: "mdma-trial-sim" as const,
    version: VERSION,
    seed: spec.seed,
    protocolId: protocol.id,
    protocolHash: hashJson(protocol),
    designHash: hashJson(resolved),
    ...(spec.parameters && Object.keys(spec.parameters).length ? { parameterOverrides: spec.parameters } : {}),
    ...(spec.predictive ? { predictive: { source: spec.predictive.source, draws: spec.predictive.draws.length } } : {}),
  };
}

/** Provenance of a power analysis from its identity and how far it got. */
export function powerProvenance(identity: ReturnType<typeof powerIdentity>, trials: number, chunkSize: number, trialsCompleted: number, aborted: boolean): PowerProvenance {
  return { ...identity, trialsPerPoint: trials, chunkSize, trialsCompleted, aborted, disclaimer: DISCLAIMER };
}

/** A point of a power curve from its run. */
export function powerPoint(run: TrialsRun, nPerArm: number, seed: ProtocolRunSpec["seed"]): PowerPoint {
  return { nPerArm, totalN: run.design.totalN, power: run.summary.power, provenanceSeed: seed };
}

type PowerOptions = Omit<RunOptions, "keepRows">;

/**
 * A Runner whose runs, made one after another, report progress as one: run i's trials count
 * after those of the runs before it, against `totalTrials` for all of them (an upper bound when
 * the number of runs is not known beforehand). For forecasts (two runs), power curves, checks.
 */
export function progressAcrossRuns(runner: Runner, totalTrials: number, onProgress: ((p: Progress) => void) | undefined): Runner {
  const report = progressReporter(totalTrials, onProgress);
  if (!report) return runner;
  let trialsBefore = 0;
  return async (spec, options) => {
    const run = await runner(spec, { ...options, onProgress: (p: Progress) => report(trialsBefore + p.completedTrials) });
    trialsBefore += run.provenance.trialsCompleted;
    return run;
  };
}

/**
 * Runs of a spec at given n per arm, one after another, with progress over all of them and a
 * stop after an interrupted run. `plannedRuns` is the number of runs expected (an upper bound
 * for a search), for the estimate of the time left.
 */
function sequentialRuns(runner: Runner, spec: ProtocolRunSpec, protocol: Protocol, options: PowerOptions, plannedRuns: number) {
  const { onProgress, ...runOptions } = options;
  const run = progressAcrossRuns(runner, plannedRuns * options.trials, onProgress);
  let trialsCompleted = 0;
  let aborted = false;
  return {
    /** Run at n per arm; undefined once a run was interrupted (nothing more is run). */
    async at(n: number): Promise<TrialsRun | undefined> {
      if (aborted) return undefined;
      const result = await run({ ...spec, design: designWithNPerArm(protocol, spec.design, n) }, { ...runOptions, keepRows: false });
      trialsCompleted += result.provenance.trialsCompleted;
      aborted = result.provenance.aborted;
      return result;
    },
    trialsCompleted: () => trialsCompleted,
    aborted: () => aborted,
  };
}

/**
 * Power at each n per arm in `grid`, with the same seed at every point (common random numbers).
 * Nested when the runner has a chunk runner (simulateTrials, parallelRunner, poolRunner): each
 * trial is simulated once, at the largest n, and analysed at every n on the participants who
 * make up the smaller trial (power-grid.ts), so the curve costs about its largest point. With
 * "simple", "blocked" or "stratified-blocked" randomization every point is then the separate run
 * at that n, bit for bit; with "fixed" (the default) a point is each arm's first participants,
 * a trial of the same distribution as the separate run but not the same numbers. Other runners
 * run the points one after another. With an AbortSignal, an interrupted curve holds what was
 * completed (nested: every point, with the trials finished; one after another: the points
 * finished and the last one with the trials it finished, if any) and `provenance.aborted`.
 */
export async function powerCurve(runner: Runner, spec: ProtocolRunSpec, grid: readonly number[], options: PowerOptions): Promise<PowerCurveResult> {
  checkRunOptions(options, "power curve options");
  const issues = powerGridIssues(grid);
  if (issues.length) throw new ValidationError("power curve", issues);
  const protocol = parseProtocol(spec.protocol);
  const identity = powerIdentity(spec, protocol, grid[0]!);
  const chunkRunner = chunkRunnerOf(runner);
  if (chunkRunner && gridSelection(protocol, spec, grid)) return displayableCurve(await nestedPowerCurve(chunkRunner, { kind: "power-grid", run: spec, grid }, options, identity));
  const runs = sequentialRuns(runner, spec, protocol, options, grid.length);
  const points: PowerPoint[] = [];
  for (const n of grid) {
    const run = await runs.at(n);
    if (run && run.provenance.trialsCompleted > 0) points.push(powerPoint(run, n, spec.seed));
  }
  return displayableCurve({ provenance: powerProvenance(identity, options.trials, options.chunkSize ?? DEFAULT_CHUNK_SIZE, runs.trialsCompleted(), runs.aborted()), points });
}

/** A curve that displays itself (its points) in notebooks and consoles. */
export function displayableCurve(curve: PowerCurveResult): PowerCurveResult {
  markDisplay(curve.points, "power");
  return markDisplay(curve, "power", curve.points);
}

/**
 * Run a power grid's task on a chunk runner: one TrialsRun per point (in grid order) from the
 * same simulated trials, whose summaries describe the courses up to the analysis horizon (their
 * power is the separate runs', see power-grid.ts).
 */
async function runGrid(chunkRunner: ChunkRunner, grid: PowerGridRunSpec, options: PowerOptions): Promise<{ runs: TrialsRun[]; completed: number; aborted: boolean; chunkSize: number }> {
  const task = powerGridTask(grid);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const sink = mergingSink(task);
  const report = progressReporter(options.trials, options.onProgress);
  const listOptions = chunkListOptions(false, options.signal, report);
  const { aborted } = await chunkRunner(grid, chunkBounds(options.trials, chunkSize), listOptions, (c) => sink.accept(c as ChunkResult<SummaryPartial[], never>));
  const completed = sink.completedTrials();
  const outcome = { completedTrials: completed, aborted, chunkSize };
  const runs = task.points.map((p, i) => trialsRunFromPartial(protocolRunIdentity(p.spec, p.task), sink.partial[i]!, outcome, options.trials));
  return { runs, completed, aborted, chunkSize };
}

/**
 * A Runner for the sample-size search, which reads nothing but power: each run is a one-point
 * power grid (runGrid), as fast as the courses up to the analysis horizon. Its specs are
 * sequentialRuns' (a design of n per arm by designWithNPerArm, so n is the mean arm size).
 */
function endpointRunner(chunkRunner: ChunkRunner): Runner {
  return async (spec, options) => {
    const sizes = Object.values((spec.design?.n as { perArm: Record<string, number> }).perArm);
    const nPerArm = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    return (await runGrid(chunkRunner, { kind: "power-grid", run: spec, grid: [nPerArm] }, options)).runs[0]!;
  };
}

/** A power curve from one run of the grid's task: every point from the same simulated trials. */
async function nestedPowerCurve(chunkRunner: ChunkRunner, grid: PowerGridRunSpec, options: PowerOptions, identity: ReturnType<typeof powerIdentity>): Promise<PowerCurveResult> {
  const { runs, completed, aborted, chunkSize } = await runGrid(chunkRunner, grid, options);
  const points = completed === 0 ? [] : runs.map((run, i) => powerPoint(run, grid.grid[i]!, grid.run.seed));
  return { provenance: powerProvenance(identity, options.trials, chunkSize, completed * grid.grid.length, aborted), points };
}

export interface SampleSizeOptions extends PowerOptions {
  /** Power to reach, strictly between 0 and 1. */
  readonly targetPower: number;
  /** Smallest n per arm tried (default 2). */
  readonly nMin?: number;
  /** Largest n per arm tried (default 2000). */
  readonly nMax?: number;
}

function searchIssues({ targetPower, nMin, nMax }: SampleSizeOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!(typeof targetPower === "number" && targetPower > 0 && targetPower < 1)) issues.push({ path: "targetPower", rule: "probability", message: "must lie strictly between 0 and 1", received: targetPower });
  if (nMin !== undefined) issues.push(...nIssue(nMin, "nMin"));
  if (nMax !== undefined) issues.push(...nIssue(nMax, "nMax"));
  if (issues.length === 0 && (nMin ?? 2) > (nMax ?? 2000)) issues.push({ path: "nMax", rule: "at-least-nMin", message: `must be at least nMin (${nMin ?? 2})`, received: nMax ?? 2000 });
  return issues;
}

/** Evaluations a search from nMin to nMax makes at most: the doubling steps, then the bisection. */
function maxEvaluations(nMin: number, nMax: number): number {
  return Math.ceil(Math.log2(nMax / nMin)) + 1 + Math.ceil(Math.log2(Math.max(2, nMax / 2)));
}

/**
 * Search n per arm between nMin and nMax: double until the target is reached with confidence,
 * then bisect. Every evaluation uses the same seed (common random numbers), which keeps the
 * estimated power close to monotone in n. Progress counts against the most evaluations the
 * search can make (so the time left is an upper bound). An interrupted search returns what it
 * evaluated, with `provenance.aborted` and no answer (null).
 */
export async function sampleSizeSearch(runner: Runner, spec: ProtocolRunSpec, options: SampleSizeOptions): Promise<SampleSizeResult> {
  const { targetPower, nMin = 2, nMax = 2000, ...runOptions } = options;
  checkRunOptions(runOptions, "sample-size search options");
  const issues = searchIssues(options);
  if (issues.length) throw new ValidationError("sample-size search", issues);
  const protocol = parseProtocol(spec.protocol);
  const chunkRunner = chunkRunnerOf(runner);
  const runs = sequentialRuns(chunkRunner ? endpointRunner(chunkRunner) : runner, spec, protocol, runOptions, maxEvaluations(nMin, nMax));
  const cache = new Map<number, PowerPoint>();
  const evaluations: PowerPoint[] = [];
  const at = async (n: number): Promise<PowerPoint | undefined> => {
    if (!cache.has(n)) {
      const run = await runs.at(n);
      if (!run || run.provenance.aborted) return undefined;
      const p = powerPoint(run, n, spec.seed);
      cache.set(n, p);
      evaluations.push(p);
    }
    return cache.get(n);
  };
  const nPerArm = await searchSmallestN(at, targetPower, nMin, nMax);
  const reached = evaluations.filter((p) => p.power.estimate !== null && p.power.estimate >= targetPower).map((p) => p.nPerArm);
  const provenance = powerProvenance(powerIdentity(spec, protocol, nMin), runOptions.trials, runOptions.chunkSize ?? DEFAULT_CHUNK_SIZE, runs.trialsCompleted(), runs.aborted());
  markDisplay(evaluations, "power");
  return markDisplay({ provenance, targetPower, nPerArm: runs.aborted() ? null : nPerArm, nPerArmPointEstimate: reached.length ? Math.min(...reached) : null, evaluations, trialsPerPoint: runOptions.trials }, "sample-size");
}

/** The doubling-then-bisection search; undefined evaluations (an interrupted run) end it with null. */
async function searchSmallestN(at: (n: number) => Promise<PowerPoint | undefined>, targetPower: number, nMin: number, nMax: number): Promise<number | null> {
  const confidentlyReached = (p: PowerPoint) => p.power.ci[0] >= targetPower;
  let lo = nMin;
  let hi = nMin;
  for (;;) {
    const p = await at(hi);
    if (!p) return null;
    if (confidentlyReached(p)) break;
    lo = hi;
    if (hi >= nMax) return null;
    hi = Math.min(nMax, hi * 2);
  }
  // Bisection on integers: lo is not confidently reached (or is nMin), hi is.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const p = await at(mid);
    if (!p) return null;
    if (confidentlyReached(p)) hi = mid;
    else lo = mid;
  }
  return hi;
}
