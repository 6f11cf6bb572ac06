/**
 * One simulated trial: participants are screened and enrolled, allocated by the design's
 * randomization, followed through their courses, and analysed.
 */
import type { Parameters } from "../params/table.js";
import type { Protocol } from "../protocol/schema.js";
import { stream, type StreamRoot } from "../random/rng.js";
import { sampleParticipant, type Participant, type PopulationModel } from "../participants/participant.js";
import { continueCourse, courseSetting, type CourseOutcome } from "../outcomes/course.js";
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
  /** Simulate courses only up to this day (courseSetting's horizon): for analyses that look no further. Default: the whole course. */
  readonly horizonDay?: number;
}

export interface SimulatedTrial {
  readonly result: TrialResult;
  readonly courses: readonly CourseOutcome[];
}

/** Trial `trial`'s participants, screened, enrolled and allocated to their arms. */
export function enrolTrial(ctx: TrialContext, trial: number, params: Parameters): Participant[] {
  const { root, protocol, design, population } = ctx;
  const people = Array.from({ length: design.totalN }, (_, i) => sampleParticipant(root, protocol, params, population, trial, i));
  const weights = protocol.arms.map((a) => a.allocation);
  const arms = allocate(stream(root, ["trial", trial, "randomization"]), design, weights, people.map((p) => p.baselineScore));
  return people.map((p, i) => ({ ...p, armId: design.armIds[arms[i]!]! }));
}

/** The parameters and random effects of trial `trial`. */
export function trialParameters(ctx: TrialContext, trial: number): { params: Parameters; effects: TrialEffects } {
  const { params, effects: fixed } = ctx.paramsFor(trial);
  return { params, effects: fixed ?? (ctx.design.trialHeterogeneity ? sampleTrialEffects(ctx.root, trial, params) : TYPICAL_TRIAL) };
}

/** Simulate trial number `trial` (its streams are named by that number, so it replays alone). */
export function simulateOneTrial(ctx: TrialContext, trial: number): SimulatedTrial {
  const { effects, courses } = simulateTrialCourses(ctx, trial);
  return { result: analyzeTrial(trial, effects, courses, ctx.design), courses };
}

/** The courses of trial `trial`'s participants, before any analysis, and the trial's effects. */
export function simulateTrialCourses(ctx: TrialContext, trial: number): { effects: TrialEffects; courses: CourseOutcome[] } {
  const { params, effects } = trialParameters(ctx, trial);
  const setting = courseSetting(ctx.protocol, params, ctx.population, effects, ctx.design.detail, ctx.horizonDay);
  return { effects, courses: enrolTrial(ctx, trial, params).map((p) => continueCourse(ctx.root, setting, p)) };
}
