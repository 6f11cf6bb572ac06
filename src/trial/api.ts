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
import { markDisplay } from "../displayable.js";
import { VERSION } from "../version.js";
import { ValidationError, type ValidationIssue } from "../errors.js";
import type { TrialEffects } from "../outcomes/efficacy.js";
import { resolveDesign, splitByWeights, type ResolvedDesign, type TrialDesignInput } from "./design.js";
import { simulateOneTrial, simulateTrialCourses, type SimulatedTrial, type TrialContext } from "./simulate.js";
import { analyzeTrial, tallyTrial, type TrialResult } from "./analyze.js";
import { addTrial, finalizeSummary, mergePartial, newPartial, type SummaryPartial, type TrialsSummary } from "./summary.js";
import { checkRunOptions, runChunksAsync, runChunksSync, type ChunkTask, type RunOptions, type RunOutcome } from "./engine.js";
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

/**
 * The result of a run of many trials of a protocol (simulateTrials, simulateTrialsSync,
 * simulateTrialsParallel): its provenance, the design as resolved, the summary over the trials
 * completed and, unless `keepRows` was false, every trial's result.
 */
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
  /** The context runs simulate in: `context` at efficacy detail (see protocolTask). */
  readonly runContext: TrialContext;
}

function validatedDraws(draws: ParameterDraws, base: Parameters): { params: Parameters; effects?: TrialEffects }[] {
  const list: unknown = (draws as Partial<ParameterDraws> | null)?.draws;
  if (!Array.isArray(list) || list.length === 0) throw new ValidationError("predictive draws", [{ path: "predictive.draws", rule: "non-empty", message: "needs at least one parameter draw" }]);
  return draws.draws.map((d) => (d.effects ? { params: resolveParameters(d.parameters, base), effects: d.effects } : { params: resolveParameters(d.parameters, base) }));
}

function runSpecIssues(spec: unknown): ValidationIssue[] {
  if (typeof spec !== "object" || spec === null) return [{ path: "(spec)", rule: "type", message: "must be an object { protocol, seed, design?, parameters?, predictive? }", received: spec }];
  return "protocol" in spec ? [] : [{ path: "protocol", rule: "required", message: "a run needs a protocol (a preset's or your own)" }];
}

/** The design a run of `spec` uses, resolved against its protocol (predictive runs forecast a new trial: trials differ). */
export function resolveRunDesign(protocol: Protocol, spec: Pick<ProtocolRunSpec, "design" | "predictive">): ResolvedDesign {
  return resolveDesign(protocol, spec.predictive ? { ...(spec.design ?? {}), trialHeterogeneity: true } : (spec.design ?? {}));
}

/** Build the simulation task for a protocol run (validating everything once, here). */
export function protocolTask(spec: ProtocolRunSpec): ProtocolTask {
  const specIssues = runSpecIssues(spec);
  if (specIssues.length) throw new ValidationError("run", specIssues);
  const protocol = parseProtocol(spec.protocol);
  const design = resolveRunDesign(protocol, spec);
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
    runContext,
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

/**
 * What identifies a protocol run's result besides the number of trials and the chunk size, as
 * plain data: the protocol (by hash), the design as resolved (so equal designs, however written,
 * are the same), the parameter overrides, the predictive draws (by source, count and hash) and
 * the seed. Provenance is built from it, and a shard carries it.
 */
export interface ProtocolRunIdentity {
  readonly seed: Seed;
  readonly protocolId: string;
  readonly protocolHash: string;
  readonly design: ResolvedDesign;
  readonly parameterOverrides?: ParameterOverrides;
  readonly predictive?: { readonly source: string; readonly draws: number; readonly drawsHash: string };
}

/** The identity of a run of `spec` (its task already validated it). */
export function protocolRunIdentity(spec: ProtocolRunSpec, task: ProtocolTask): ProtocolRunIdentity {
  return {
    seed: spec.seed,
    protocolId: task.protocol.id,
    protocolHash: hashJson(task.protocol),
    design: task.design,
    ...(spec.parameters && Object.keys(spec.parameters).length ? { parameterOverrides: spec.parameters } : {}),
    ...(spec.predictive ? { predictive: { source: spec.predictive.source, draws: spec.predictive.draws.length, drawsHash: hashJson(spec.predictive.draws) } } : {}),
  };
}

interface OutcomeFacts {
  readonly completedTrials: number;
  readonly aborted: boolean;
  readonly chunkSize: number;
}

function baseProvenance(seed: Seed, outcome: OutcomeFacts, trialsRequested: number) {
  return {
    library: "mdma-trial-sim" as const,
    version: VERSION,
    seed,
    trialsRequested,
    trialsCompleted: outcome.completedTrials,
    chunkSize: outcome.chunkSize,
    aborted: outcome.aborted,
    disclaimer: DISCLAIMER,
  };
}

/** Provenance of a protocol run: its identity (the design by the hash of the resolved design) and how far it got. */
export function protocolProvenance(identity: ProtocolRunIdentity, outcome: OutcomeFacts, trialsRequested: number): Provenance {
  return {
    ...baseProvenance(identity.seed, outcome, trialsRequested),
    protocolId: identity.protocolId,
    protocolHash: identity.protocolHash,
    designHash: hashJson(identity.design),
    ...(identity.parameterOverrides ? { parameterOverrides: identity.parameterOverrides } : {}),
    ...(identity.predictive ? { predictive: { source: identity.predictive.source, draws: identity.predictive.draws } } : {}),
  };
}

/** Provenance of a run of either kind. */
export function provenanceOf(spec: ProtocolRunSpec | NormalRunSpec, outcome: OutcomeFacts, trialsRequested: number, task?: ProtocolTask): Provenance {
  if (spec.kind === "normal" || !task) return baseProvenance(spec.seed, outcome, trialsRequested);
  return protocolProvenance(protocolRunIdentity(spec, task), outcome, trialsRequested);
}

/** A run's result from its identity and merged partial (what a single run and a merge of shards both build). */
export function trialsRunFromPartial(identity: ProtocolRunIdentity, partial: SummaryPartial, outcome: OutcomeFacts, trialsRequested: number, rows?: readonly TrialResult[]): TrialsRun {
  const summary = finalizeSummary(partial, identity.design.controlArmId, rows, identity.design.confLevel);
  const run: TrialsRun = { provenance: protocolProvenance(identity, outcome, trialsRequested), design: identity.design, summary };
  return markDisplay(rows ? { ...run, rows } : run, "trials");
}

/** Assemble the result of a protocol run from its merged outcome. */
export function protocolRunResult(spec: ProtocolRunSpec, task: ProtocolTask, outcome: RunOutcome<SummaryPartial, TrialResult>, trials: number, keepRows: boolean): TrialsRun {
  return trialsRunFromPartial(protocolRunIdentity(spec, task), outcome.partial, outcome, trials, keepRows ? outcome.rows : undefined);
}

/** Simulate many trials of a protocol on this thread (browser-safe; see mdma-trial-sim/node for workers). */
export async function simulateTrials(spec: ProtocolRunSpec, options: RunOptions): Promise<TrialsRun> {
  checkRunOptions(options);
  const task = protocolTask(spec);
  const outcome = await runChunksAsync(task, options);
  return protocolRunResult(spec, task, outcome, options.trials, options.keepRows ?? true);
}

/** Synchronous version of simulateTrials (no abort or progress yielding). */
export function simulateTrialsSync(spec: ProtocolRunSpec, options: Omit<RunOptions, "signal">): TrialsRun {
  checkRunOptions(options);
  const task = protocolTask(spec);
  const outcome = runChunksSync(task, options);
  return protocolRunResult(spec, task, outcome, options.trials, options.keepRows ?? true);
}

/** One trial with every participant's course (trial number `trial` of the run with this seed). */
export function simulateTrial(spec: ProtocolRunSpec, trial = 0): SimulatedTrial {
  if (!Number.isSafeInteger(trial) || trial < 0) throw new ValidationError("trial", [{ path: "trial", rule: "non-negative-integer", message: "must be a whole number, 0 or more", received: trial }]);
  return simulateOneTrial(protocolTask(spec).context, trial);
}

/** Assemble the result of a textbook normal run from its merged outcome. */
export function normalRunResult(spec: NormalRunSpec, outcome: RunOutcome<NormalPartial, NormalRow>, trials: number, keepRows: boolean): NormalRun {
  const summary = finalizeNormal(outcome.partial, keepRows ? outcome.rows : undefined);
  const run: NormalRun = { provenance: provenanceOf(spec, outcome, trials), summary };
  return keepRows ? { ...run, rows: outcome.rows } : run;
}

/** The textbook normal-outcome trial (teaching, benchmarks), on this thread. */
export async function simulateNormalTrials(spec: Omit<NormalRunSpec, "kind">, options: RunOptions): Promise<NormalRun> {
  checkRunOptions(options);
  const full: NormalRunSpec = { kind: "normal", ...spec };
  const outcome = await runChunksAsync(normalTask(spec.scenario, spec.seed), options);
  return normalRunResult(full, outcome, options.trials, options.keepRows ?? true);
}

/** A design whose arms hold `n` participants each for equal allocation (total n × arms, split by weight). */
export function designWithNPerArm(protocol: Protocol, design: TrialDesignInput | undefined, n: number): TrialDesignInput & { readonly n: { readonly perArm: Record<string, number> } } {
  const total = n * protocol.arms.length;
  const sizes = splitByWeights(total, protocol.arms.map((a) => a.allocation));
  return { ...(design ?? {}), n: { perArm: Object.fromEntries(protocol.arms.map((a, i) => [a.id, sizes[i]!])) } };
}
