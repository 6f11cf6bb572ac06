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
 *
 * Storage is flat typed arrays (structure of arrays): participant p of the trial owns visits
 * visitStart[p] .. visitStart[p + 1] − 1 and sessions sessionStart[p] .. sessionStart[p + 1] − 1;
 * visit v owns drug terms drugStart[v] .. drugStart[v + 1] − 1.
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
import { beliefChangeOn, drugRampsOn, logExposure, newOutcomeRecord, runOutcomeModel, therapyHoursOn } from "../outcomes/model.js";
import { TYPICAL_TRIAL } from "../outcomes/efficacy.js";
import { ValidationError } from "../errors.js";

export interface CachedTrial {
  readonly protocol: Protocol;
  readonly armIds: readonly string[];
  /** Every visit of the plan (ids and days), baseline first. */
  readonly visits: readonly { readonly id: string; readonly day: number }[];
  readonly primaryVisit: number;
  readonly setting: CourseSetting;
  readonly replicates: number;
  /** Participants of replicate k: replicateStart[k] .. replicateStart[k + 1] − 1. */
  readonly replicateStart: Int32Array;
  // Per participant.
  readonly arm: Int32Array;
  readonly observedBaseline: Float64Array;
  readonly zTrueBaseline: Float64Array;
  readonly zResponsiveness: Float64Array;
  readonly uRelapse: Float64Array;
  readonly sessionStart: Int32Array;
  readonly visitStart: Int32Array;
  // Per session: ln AUC (−∞ for none), as the drug fraction takes it.
  readonly sessionLogAuc: Float64Array;
  // Per attended post-baseline visit.
  readonly visit: Int32Array;
  readonly day: Float64Array;
  readonly daysSinceUnblinding: Float64Array;
  readonly therapyHours: Float64Array;
  readonly beliefChange: Float64Array;
  readonly raterBias: Float64Array;
  readonly zError: Float64Array;
  /** Rated while still on treatment: only these ratings count for a completers analysis (the published figures'). */
  readonly onTreatment: Uint8Array;
  readonly drugStart: Int32Array;
  // Per drug term: the session (an index into the participant's sessions) and its onset ramp at the visit.
  readonly drugSession: Int32Array;
  readonly drugRamp: Float64Array;
}

/** The seed of the replicate trials of one published design: a run with this seed simulates the same trials. */
export function replicatesSeed(seed: Seed, protocolId: string): Seed {
  return childSeed(seed, "calibration", "replicates", protocolId);
}

/** Growable columns, frozen into typed arrays at the end. */
class Columns {
  readonly participant = { arm: [] as number[], observedBaseline: [] as number[], zTrueBaseline: [] as number[], zResponsiveness: [] as number[], uRelapse: [] as number[], sessionStart: [0], visitStart: [0] };
  readonly sessionAuc: number[] = [];
  readonly visit = { visit: [] as number[], day: [] as number[], daysSinceUnblinding: [] as number[], therapyHours: [] as number[], beliefChange: [] as number[], raterBias: [] as number[], zError: [] as number[], onTreatment: [] as number[], drugStart: [0] };
  readonly drug = { session: [] as number[], ramp: [] as number[] };
}

function addParticipant(cols: Columns, setting: CourseSetting, ctx: TrialContext, participant: Participant, armIndex: number): void {
  const plan = setting.plans.get(participant.armId)!;
  const sessions = simulatePlannedSessions(ctx.root, setting, participant, plan);
  const sessionAuc = Float64Array.from(sessions.map((s) => s.aucNgHPerMl));
  const intensities = Float64Array.from(plan.drugSessions.map((s, k) => sessionIntensity(setting.params, sessionAuc[k]!, s.comparatorIntensity)));
  const draws = drawCourse(ctx.root, participant.trial, participant.index, plan);
  const rec = newOutcomeRecord(plan);
  runOutcomeModel(setting.model, { plan, observedBaseline: participant.baselineScore, sessionAuc, sessionIntensity: intensities, draws }, rec);
  const truth = plan.experimental ? 1 : 0;
  const p = cols.participant;
  p.arm.push(armIndex);
  p.observedBaseline.push(participant.baselineScore);
  p.zTrueBaseline.push(draws.zTrueBaseline);
  p.zResponsiveness.push(draws.zResponsiveness);
  p.uRelapse.push(draws.uRelapse);
  for (const auc of sessionAuc) cols.sessionAuc.push(logExposure(auc));
  p.sessionStart.push(cols.sessionAuc.length);
  const v = cols.visit;
  for (let k = 1; k < plan.visits.length; k++) {
    if (Number.isNaN(rec.score[k]!)) continue;
    const day = plan.visits[k]!.day;
    const ramps = drugRampsOn(setting.model, plan, rec, day);
    v.visit.push(k);
    v.day.push(day);
    v.daysSinceUnblinding.push(day - plan.unblindDay);
    v.therapyHours.push(therapyHoursOn(setting.model, plan, rec, day, rec.dropoutDay));
    v.beliefChange.push(beliefChangeOn(setting.model, plan, rec, day, truth));
    v.raterBias.push(rec.raterBias[k]!);
    v.zError.push(draws.zError[k]!);
    v.onTreatment.push(rec.onTreatment[k]!);
    cols.drug.session.push(...ramps.sessions);
    cols.drug.ramp.push(...ramps.ramps);
    v.drugStart.push(cols.drug.session.length);
  }
  p.visitStart.push(v.visit.length);
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
  const plan = setting.plans.get(protocol.arms[0]!.id)!;
  const cols = new Columns();
  const replicateStart = [0];
  for (let k = 0; k < replicates; k++) {
    for (const p of enrolTrial(ctx, k, reference)) addParticipant(cols, setting, ctx, p, design.armIds.indexOf(p.armId));
    replicateStart.push(cols.participant.arm.length);
  }
  const p = cols.participant;
  const v = cols.visit;
  return {
    protocol,
    armIds: design.armIds,
    visits: plan.visits.map((x) => ({ id: x.id, day: x.day })),
    primaryVisit: plan.primaryVisit,
    setting,
    replicates,
    replicateStart: Int32Array.from(replicateStart),
    arm: Int32Array.from(p.arm),
    observedBaseline: Float64Array.from(p.observedBaseline),
    zTrueBaseline: Float64Array.from(p.zTrueBaseline),
    zResponsiveness: Float64Array.from(p.zResponsiveness),
    uRelapse: Float64Array.from(p.uRelapse),
    sessionStart: Int32Array.from(p.sessionStart),
    visitStart: Int32Array.from(p.visitStart),
    sessionLogAuc: Float64Array.from(cols.sessionAuc),
    visit: Int32Array.from(v.visit),
    day: Float64Array.from(v.day),
    daysSinceUnblinding: Float64Array.from(v.daysSinceUnblinding),
    therapyHours: Float64Array.from(v.therapyHours),
    beliefChange: Float64Array.from(v.beliefChange),
    raterBias: Float64Array.from(v.raterBias),
    zError: Float64Array.from(v.zError),
    onTreatment: Uint8Array.from(v.onTreatment),
    drugStart: Int32Array.from(v.drugStart),
    drugSession: Int32Array.from(cols.drug.session),
    drugRamp: Float64Array.from(cols.drug.ramp),
  };
}
