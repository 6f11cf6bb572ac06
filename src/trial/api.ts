/**
 * Public entry points for running trials: one trial with every participant's course, many
 * trials with a summary (power with its Monte Carlo error, per-arm results, the distribution of
 * estimated effects) and provenance, power curves and a sample-size search.
 */
import { parseProtocol } from "../protocol/parse.js";
import type { Protocol } from "../protocol/schema.js";
import { resolveParameters, type ParameterOverrides } from "../params/resolve.js";
import type { Parameters } from "../params/table.js";
import { createRoot, type Seed } from "../random/rng.js";
import { populationModel } from "../participants/participant.js";
import { hashJson } from "../hash.js";
import { VERSION } from "../version.js";
import { ValidationError } from "../errors.js";
import type { TrialEffects } from "../outcomes/efficacy.js";
import { resolveDesign, splitByWeights, type ResolvedDesign, type TrialDesignInput } from "./design.js";
import { simulateOneTrial, simulateTrialCourses, type SimulatedTrial, type TrialContext } from "./simulate.js";
import { analyzeTrial, tallyTrial, type TrialResult } from "./analyze.js";
import { addTrial, finalizeSummary, mergePartial, newPartial, type SummaryPartial, type TrialsSummary } from "./summary.js";
import { runChunksAsync, runChunksSync, type ChunkTask, type RunOptions, type RunOutcome } from "./engine.js";
import { normalTask, finalizeNormal, type NormalScenarioInput, type NormalSummary, type NormalRow, type NormalPartial } from "./normal.js";

/** One draw of the calibrated parameters (overrides by key), optionally with a trial's own effects. */
export interface ParameterDraw {
  readonly parameters: Readonly<Record<string, number>>;
  /** Fixed trial-level effects (replicating a known trial); absent: a new trial's effects are drawn. */
  readonly effects?: TrialEffects;
}

/** Parameter sets for predictive simulation: trial t uses draw (t mod draws.length). */
export interface ParameterDraws {
  readonly source: string;
  readonly draws: readonly ParameterDraw[];
}

/** Everything that defines a run, as plain data (it is what worker threads receive). */
export interface ProtocolRunSpec {
  readonly kind?: "protocol";
  readonly protocol: unknown;
  readonly design?: TrialDesignInput;
  readonly parameters?: ParameterOverrides;
  readonly seed: Seed;
  /** Predictive mode: per-trial parameter draws (see the calibration). */
  readonly predictive?: ParameterDraws;
}

export interface NormalRunSpec {
  readonly kind: "normal";
  readonly scenario: NormalScenarioInput;
  readonly seed: Seed;
}

export type RunSpec = ProtocolRunSpec | NormalRunSpec;

export interface Provenance {
  readonly library: "mdma-trial-sim";
  readonly version: string;
  readonly seed: Seed;
  readonly protocolId?: string;
  /** Fingerprint of the validated protocol (16 hex digits; key order does not matter). */
  readonly protocolHash?: string;
  readonly designHash?: string;
  readonly parameterOverrides?: ParameterOverrides;
  readonly predictive?: { readonly source: string; readonly draws: number };
  readonly trialsRequested: number;
  readonly trialsCompleted: number;
  readonly chunkSize: number;
  readonly aborted: boolean;
  readonly disclaimer: string;
}

/** The disclaimer every result carries: simulated data for research and teaching, not medical advice. */
export const DISCLAIMER = "Simulated data from a model for research and teaching; not medical advice.";

export interface TrialsRun {
  readonly provenance: Provenance;
  readonly design: ResolvedDesign;
  readonly summary: TrialsSummary;
  /** Every trial's result (absent with keepRows: false). */
  readonly rows?: readonly TrialResult[];
}

export interface NormalRun {
  readonly provenance: Provenance;
  readonly summary: NormalSummary;
  readonly rows?: readonly NormalRow[];
}

export interface ProtocolTask extends ChunkTask<SummaryPartial, TrialResult> {
  readonly protocol: Protocol;
  readonly design: ResolvedDesign;
  readonly context: TrialContext;
}

function validatedDraws(draws: ParameterDraws, base: Parameters): { params: Parameters; effects?: TrialEffects }[] {
  if (!draws.draws.length) throw new ValidationError("predictive draws", [{ path: "predictive.draws", rule: "non-empty", message: "needs at least one parameter draw" }]);
  return draws.draws.map((d) => (d.effects ? { params: resolveParameters(d.parameters, base), effects: d.effects } : { params: resolveParameters(d.parameters, base) }));
}

/** Build the simulation task for a protocol run (validating everything once, here). */
export function protocolTask(spec: ProtocolRunSpec): ProtocolTask {
  const protocol = parseProtocol(spec.protocol);
  // Predictive runs forecast a new trial: trials differ, so heterogeneity is on.
  const design = resolveDesign(protocol, spec.predictive ? { ...(spec.design ?? {}), trialHeterogeneity: true } : (spec.design ?? {}));
  const params = resolveParameters(spec.parameters ?? {});
  const draws = spec.predictive ? validatedDraws(spec.predictive, params) : undefined;
  const context: TrialContext = {
    root: createRoot(spec.seed),
    protocol,
    design,
    population: populationModel(protocol),
    paramsFor: draws ? (t) => draws[t % draws.length]! : () => ({ params }),
  };
  // A run keeps summaries and TrialResults, never courses, and full detail changes nothing in
  // them (it adds readings after the supplemental decision and a fine grid, with identical
  // doses, decisions and exposures), so runs simulate at efficacy detail. simulateTrial, which
  // returns the courses, uses the design's own detail.
  const runContext: TrialContext = design.detail === "efficacy" ? context : { ...context, design: { ...design, detail: "efficacy" } };
  return {
    protocol,
    design,
    context,
    newPartial: () => newPartial(design.armIds, design.comparisonArms),
    runTrial(t, partial, keepRow) {
      const { effects, courses } = simulateTrialCourses(runContext, t);
      if (!keepRow) {
        // Summary only: the same numbers, without the rows' intervals and secondary analyses.
        addTrial(partial, tallyTrial(courses, design));
        return undefined;
      }
      const result = analyzeTrial(t, effects, courses, design);
      addTrial(partial, result);
      return result;
    },
    merge: mergePartial,
  };
}

export function buildTask(spec: RunSpec): ChunkTask<unknown, unknown> {
  return (spec.kind === "normal" ? normalTask(spec.scenario, spec.seed) : protocolTask(spec)) as unknown as ChunkTask<unknown, unknown>;
}

export function provenanceOf(spec: RunSpec, outcome: { completedTrials: number; aborted: boolean; chunkSize: number }, trialsRequested: number, task?: ProtocolTask): Provenance {
  const base = {
    library: "mdma-trial-sim" as const,
    version: VERSION,
    seed: spec.seed,
    trialsRequested,
    trialsCompleted: outcome.completedTrials,
    chunkSize: outcome.chunkSize,
    aborted: outcome.aborted,
    disclaimer: DISCLAIMER,
  };
  if (spec.kind === "normal" || !task) return base;
  return {
    ...base,
    protocolId: task.protocol.id,
    protocolHash: hashJson(task.protocol),
    designHash: hashJson(spec.design ?? {}),
    ...(spec.parameters && Object.keys(spec.parameters).length ? { parameterOverrides: spec.parameters } : {}),
    ...(spec.predictive ? { predictive: { source: spec.predictive.source, draws: spec.predictive.draws.length } } : {}),
  };
}

/** Assemble the result of a protocol run from its merged outcome. */
export function protocolRunResult(spec: ProtocolRunSpec, task: ProtocolTask, outcome: RunOutcome<SummaryPartial, TrialResult>, trials: number, keepRows: boolean): TrialsRun {
  const summary = finalizeSummary(outcome.partial, task.design.controlArmId, keepRows ? outcome.rows : undefined, task.design.confLevel);
  const run: TrialsRun = { provenance: provenanceOf(spec, outcome, trials, task), design: task.design, summary };
  return keepRows ? { ...run, rows: outcome.rows } : run;
}

/** Simulate many trials of a protocol on this thread (browser-safe; see mdma-trial-sim/node for workers). */
export async function simulateTrials(spec: ProtocolRunSpec, options: RunOptions): Promise<TrialsRun> {
  checkTrials(options.trials);
  const task = protocolTask(spec);
  const outcome = await runChunksAsync(task, options);
  return protocolRunResult(spec, task, outcome, options.trials, options.keepRows ?? true);
}

/** Synchronous version of simulateTrials (no abort or progress yielding). */
export function simulateTrialsSync(spec: ProtocolRunSpec, options: Omit<RunOptions, "signal">): TrialsRun {
  checkTrials(options.trials);
  const task = protocolTask(spec);
  const outcome = runChunksSync(task, options);
  return protocolRunResult(spec, task, outcome, options.trials, options.keepRows ?? true);
}

/** One trial with every participant's course (trial number `trial` of the run with this seed). */
export function simulateTrial(spec: ProtocolRunSpec, trial = 0): SimulatedTrial {
  return simulateOneTrial(protocolTask(spec).context, trial);
}

export function normalRunResult(spec: NormalRunSpec, outcome: RunOutcome<NormalPartial, NormalRow>, trials: number, keepRows: boolean): NormalRun {
  const summary = finalizeNormal(outcome.partial, keepRows ? outcome.rows : undefined);
  const run: NormalRun = { provenance: provenanceOf(spec, outcome, trials), summary };
  return keepRows ? { ...run, rows: outcome.rows } : run;
}

/** The textbook normal-outcome trial (teaching, benchmarks), on this thread. */
export async function simulateNormalTrials(spec: Omit<NormalRunSpec, "kind">, options: RunOptions): Promise<NormalRun> {
  checkTrials(options.trials);
  const full: NormalRunSpec = { kind: "normal", ...spec };
  const outcome = await runChunksAsync(normalTask(spec.scenario, spec.seed), options);
  return normalRunResult(full, outcome, options.trials, options.keepRows ?? true);
}

function checkTrials(trials: number): void {
  if (!Number.isSafeInteger(trials) || trials < 1) throw new ValidationError("run options", [{ path: "trials", rule: "positive-integer", message: "must be a positive integer", received: trials }]);
}

/** A design whose arms hold `n` participants each for equal allocation (total n × arms, split by weight). */
export function designWithNPerArm(protocol: Protocol, design: TrialDesignInput | undefined, n: number): TrialDesignInput {
  const total = n * protocol.arms.length;
  const sizes = splitByWeights(total, protocol.arms.map((a) => a.allocation));
  return { ...(design ?? {}), n: { perArm: Object.fromEntries(protocol.arms.map((a, i) => [a.id, sizes[i]!])) } };
}
