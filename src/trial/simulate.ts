/**
 * One simulated trial: participants are screened and enrolled, allocated by the design's
 * randomization, followed through their courses, and analysed.
 */
import type { Parameters } from "../params/table.js";
import type { Protocol } from "../protocol/schema.js";
import { stream, type StreamRoot } from "../random/rng.js";
import { sampleParticipant, type PopulationModel } from "../participants/participant.js";
import { continueCourse, type CourseOutcome } from "../outcomes/course.js";
import { sampleTrialEffects, TYPICAL_TRIAL, type TrialEffects } from "../outcomes/efficacy.js";
import type { ResolvedDesign } from "./design.js";
import { allocate } from "./randomize.js";
import { analyzeTrial, type TrialResult } from "./analyze.js";

export interface TrialContext {
  readonly root: StreamRoot;
  readonly protocol: Protocol;
  readonly design: ResolvedDesign;
  readonly population: PopulationModel;
  /**
   * Parameters for trial t: the same set for every trial, or (predictive simulation) a
   * different calibrated draw per trial, possibly with that trial's own random effects (for
   * replicating a published trial rather than forecasting a new one).
   */
  readonly paramsFor: (trial: number) => { readonly params: Parameters; readonly effects?: TrialEffects };
}

export interface SimulatedTrial {
  readonly result: TrialResult;
  readonly courses: readonly CourseOutcome[];
}

/** Simulate trial number `trial` (its streams are named by that number, so it replays alone). */
export function simulateOneTrial(ctx: TrialContext, trial: number): SimulatedTrial {
  const { effects, courses } = simulateTrialCourses(ctx, trial);
  return { result: analyzeTrial(trial, effects, courses, ctx.design), courses };
}

/** The courses of trial `trial`'s participants, before any analysis, and the trial's effects. */
export function simulateTrialCourses(ctx: TrialContext, trial: number): { effects: TrialEffects; courses: CourseOutcome[] } {
  const { root, protocol, design, population } = ctx;
  const { params, effects: fixed } = ctx.paramsFor(trial);
  const effects: TrialEffects = fixed ?? (design.trialHeterogeneity ? sampleTrialEffects(root, trial, params) : TYPICAL_TRIAL);
  const n = design.totalN;
  const people = Array.from({ length: n }, (_, i) => sampleParticipant(root, protocol, params, population, trial, i));
  const weights = protocol.arms.map((a) => a.allocation);
  const arms = allocate(stream(root, ["trial", trial, "randomization"]), design, weights, people.map((p) => p.baselineScore));
  const courses = people.map((p, i) => continueCourse(root, protocol, params, { ...p, armId: design.armIds[arms[i]!]! }, { detail: design.detail, effects }));
  return { effects, courses };
}
