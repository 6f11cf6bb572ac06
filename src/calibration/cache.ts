/**
 * Common random numbers for the calibration. For each published trial, K replicate trials of its
 * design are simulated once with the reference parameters: who is enrolled, their baselines and
 * allocations, the drug sessions and their exposures (supplemental doses a monitoring rule
 * withheld included), what participants believed, who dropped out, and every random draw of the
 * outcome model. None of these depend on the calibrated parameters (the efficacy, expectancy and
 * durability parameters; dropout does not depend on outcomes unless dropout.nonResponseOddsRatio
 * is set, which the calibration refuses). Each visit is stored as the parts the outcome model
 * adds up (therapy hours developed, drug-onset ramps, belief change, days since unblinding, rater
 * bias, error draw), so any calibrated parameters replay the visit with the model's own
 * functions (outcomes/model.ts) and give exactly what the full simulator gives.
 */
import type { Parameters } from "../params/table.js";
import type { Protocol } from "../protocol/schema.js";
import { childSeed, createRoot, type Seed } from "../random/rng.js";
import { populationModel, type Participant } from "../participants/participant.js";
import { resolveDesign } from "../trial/design.js";
import { enrolTrial, type TrialContext } from "../trial/simulate.js";
import { courseSetting, simulatePlannedSessions, type CourseSetting } from "../outcomes/course.js";
import { drawCourse } from "../outcomes/draws.js";
import { sessionIntensity } from "../belief/subjective.js";
import { beliefChangeOn, drugRampsOn, newOutcomeRecord, runOutcomeModel, therapyHoursOn } from "../outcomes/model.js";
import { TYPICAL_TRIAL } from "../outcomes/efficacy.js";
import type { CoursePlan } from "../outcomes/plan.js";
import { ValidationError } from "../errors.js";

/** One post-baseline visit of a cached participant: what the outcome model adds up there. */
export interface CachedVisit {
  /** Index of the visit in the plan. */
  readonly visit: number;
  readonly day: number;
  readonly therapyHours: number;
  /** Drug sessions developed by the visit (indices into the participant's sessions) and their onset ramps. */
  readonly drugSessions: Int32Array;
  readonly drugRamps: Float64Array;
  readonly beliefChange: number;
  readonly raterBias: number;
  readonly zError: number;
  /** Rated while still on treatment: only these ratings count for a completers analysis (the published figures'). */
  readonly onTreatment: boolean;
}

export interface CachedParticipant {
  readonly arm: number;
  readonly plan: CoursePlan;
  readonly observedBaseline: number;
  readonly zTrueBaseline: number;
  readonly zResponsiveness: number;
  readonly uRelapse: number;
  /** AUC of each planned drug session. */
  readonly sessionAuc: Float64Array;
  /** Scratch: each session's drug fraction under the parameters being evaluated. */
  readonly fractions: Float64Array;
  /** The visits the participant attended, in day order. */
  readonly visits: readonly CachedVisit[];
}

export interface CachedTrial {
  readonly protocol: Protocol;
  readonly armIds: readonly string[];
  /** Every visit of the plan (ids and days), baseline first. */
  readonly visits: readonly { readonly id: string; readonly day: number }[];
  readonly setting: CourseSetting;
  readonly replicates: readonly (readonly CachedParticipant[])[];
}

/** The seed of the replicate trials of one published design: a run with this seed simulates the same trials. */
export function replicatesSeed(seed: Seed, protocolId: string): Seed {
  return childSeed(seed, "calibration", "replicates", protocolId);
}

function cacheParticipant(setting: CourseSetting, ctx: TrialContext, participant: Participant, armIndex: number): CachedParticipant {
  const plan = setting.plans.get(participant.armId)!;
  const sessions = simulatePlannedSessions(ctx.root, setting, participant, plan);
  const sessionAuc = Float64Array.from(sessions.map((s) => s.aucNgHPerMl));
  const sessionIntensities = Float64Array.from(plan.drugSessions.map((s, k) => sessionIntensity(setting.params, sessionAuc[k]!, s.comparatorIntensity)));
  const draws = drawCourse(ctx.root, participant.trial, participant.index, plan);
  const rec = newOutcomeRecord(plan);
  runOutcomeModel(setting.model, { plan, observedBaseline: participant.baselineScore, sessionAuc, sessionIntensity: sessionIntensities, draws }, rec);
  const truth = plan.experimental ? 1 : 0;
  const visits: CachedVisit[] = [];
  for (let v = 1; v < plan.visits.length; v++) {
    if (Number.isNaN(rec.score[v]!)) continue;
    const day = plan.visits[v]!.day;
    const ramps = drugRampsOn(setting.model, plan, rec, day);
    visits.push({
      visit: v,
      day,
      therapyHours: therapyHoursOn(setting.model, plan, rec, day, rec.dropoutDay),
      drugSessions: Int32Array.from(ramps.sessions),
      drugRamps: Float64Array.from(ramps.ramps),
      beliefChange: beliefChangeOn(setting.model, plan, rec, day, truth),
      raterBias: rec.raterBias[v]!,
      zError: draws.zError[v]!,
      onTreatment: rec.onTreatment[v] === 1,
    });
  }
  return {
    arm: armIndex,
    plan,
    observedBaseline: participant.baselineScore,
    zTrueBaseline: draws.zTrueBaseline,
    zResponsiveness: draws.zResponsiveness,
    uRelapse: draws.uRelapse,
    sessionAuc,
    fractions: new Float64Array(sessionAuc.length),
    visits,
  };
}

/**
 * Simulate `replicates` trials of `protocol` (its planned arm sizes) with the reference
 * parameters `reference`, seeded from `seed` and the trial's id.
 */
export function cacheTrial(protocol: Protocol, reference: Parameters, seed: Seed, replicates: number): CachedTrial {
  if (reference["dropout.nonResponseOddsRatio"] !== 1) {
    throw new ValidationError("calibration", [{ path: '"dropout.nonResponseOddsRatio"', rule: "outcome-independent-dropout", message: "must be 1 for the calibration: its replicate trials fix who drops out, which must not depend on the parameters being calibrated", received: reference["dropout.nonResponseOddsRatio"] }]);
  }
  const root = createRoot(replicatesSeed(seed, protocol.id));
  const design = resolveDesign(protocol, { detail: "efficacy" });
  const population = populationModel(protocol);
  const ctx: TrialContext = { root, protocol, design, population, paramsFor: () => ({ params: reference }) };
  const setting = courseSetting(protocol, reference, population, TYPICAL_TRIAL, "efficacy");
  const visits = setting.plans.get(protocol.arms[0]!.id)!.visits.map((v) => ({ id: v.id, day: v.day }));
  const out: CachedParticipant[][] = [];
  for (let k = 0; k < replicates; k++) {
    out.push(enrolTrial(ctx, k, reference).map((p) => cacheParticipant(setting, ctx, p, design.armIds.indexOf(p.armId))));
  }
  return { protocol, armIds: design.armIds, visits, setting, replicates: out };
}
