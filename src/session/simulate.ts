/**
 * One drug session: the initial dose, readings of blood pressure, heart rate and temperature
 * at the protocol's scheduled times (and the repeats its rules ask for), the rules acting on
 * what the readings show, the supplemental dose given, declined or withheld, and the session's
 * exposure. The state is plain data (state.ts); each step is a small function (steps.ts); this
 * file runs them in order.
 *
 * Two levels of detail share one computation: "efficacy" stops the vital-sign simulation once
 * the supplemental decision is made (nothing after it can change the dose), "full" carries on to
 * the end of monitoring and adds a fine time grid for plots. The decision, the doses and the
 * exposure are therefore identical, bit for bit, at both levels.
 */
import type { Parameters } from "../params/table.js";
import type { SessionRules, VitalMeasure } from "../protocol/schema.js";
import { stream, type StreamRoot } from "../random/rng.js";
import { DormandPrince } from "../math/ode.js";
import { simulatePk, exposureSummary, runWithDoses, PkSystem, PK_STATE, type Dose } from "../pk/model.js";
import { makePkPdRhs, PKPD_STATE, vitalsFromState } from "../vitals/model.js";
import type { Participant } from "../participants/participant.js";
import type { Sample, SessionOptions, SessionOutcome, SessionPlan } from "./types.js";
import { newSessionState, SessionDynamics, SESSION_ODE, type Intervention, type SessionContext, type SessionState } from "./state.js";
import { applyThresholds, decideSupplemental, endMonitoring, extendMonitoring, giveInitialDose, takeReading } from "./steps.js";

export type * from "./types.js";
export { SESSION_ODE } from "./state.js";

/** Simulate one drug session for a participant. */
export function simulateSession(
  root: StreamRoot,
  participant: Participant,
  plan: SessionPlan,
  rules: SessionRules,
  params: Parameters,
  options: SessionOptions,
): SessionOutcome {
  const key = ["trial", participant.trial, "participant", participant.index, "session", plan.index] as const;
  const ctx = sessionContext(root, key, participant, plan, rules, params, options.detail === "full");
  const withholdRules = rules.thresholds.some((r) => r.actions.includes("withhold-supplemental"));
  const needVitals = ctx.full || (plan.supplemental !== undefined && withholdRules);
  const state = needVitals
    ? newSessionState(ctx, new SessionDynamics(participant, options.initialEnzyme), stream(root, [...key, "readings"]))
    : newSessionState(ctx, undefined, undefined);
  if (needVitals) monitorSession(state);
  else {
    giveInitialDose(state);
    decideSupplemental(state);
    state.monitoringEndH = Number.isNaN(ctx.offerH) ? 0 : ctx.offerH;
  }
  return sessionOutcome(state, options);
}

/** The session's fixed context, with the supplemental offer time and the participant's choice drawn. */
function sessionContext(root: StreamRoot, key: readonly (string | number)[], participant: Participant, plan: SessionPlan, rules: SessionRules, params: Parameters, full: boolean): SessionContext {
  const offerRng = stream(root, [...key, "supplemental"]);
  const sup = plan.supplemental;
  const offerH = sup ? sup.offeredAtH.earliest + offerRng.uniform() * (sup.offeredAtH.latest - sup.offeredAtH.earliest) : Number.NaN;
  const accepts = sup ? offerRng.uniform() < params["session.supplementalAcceptance"] : false;
  const plannedEndH = plan.durationH;
  return {
    participant,
    plan,
    rules,
    params,
    full,
    offerH,
    accepts,
    plannedEndH,
    maxEndH: rules.monitorUntilBelowThresholds ? plannedEndH + params["session.maxExtensionH"] : plannedEndH,
    extensionIntervalH: params["session.extensionIntervalMin"] / 60,
  };
}

/**
 * Take the readings in time order, letting the rules act on each; the supplemental decision
 * comes after every reading taken at or before the offer. Efficacy detail stops there.
 */
function monitorSession(state: SessionState): void {
  const { ctx, queue } = state;
  while (queue.length > 0) {
    const next = queue[0]!;
    if (!state.supplementalDecided && next.timeH > ctx.offerH) {
      reachOffer(state);
      if (!ctx.full) break;
    }
    queue.shift();
    if (next.timeH > ctx.maxEndH || (next.timeH > ctx.plannedEndH && !ctx.rules.monitorUntilBelowThresholds)) continue;
    if (next.timeH > 0) giveInitialDose(state);
    const { reading, firstOf } = takeReading(state, next);
    applyThresholds(state, reading, firstOf);
    extendMonitoring(state);
  }
  if (!state.supplementalDecided) {
    giveInitialDose(state);
    decideSupplemental(state);
    state.supplementalDecided = true;
  }
  giveInitialDose(state);
  if (ctx.full) endMonitoring(state);
}

/** Move to the offer, decide, and give the supplemental dose if it is taken. */
function reachOffer(state: SessionState): void {
  giveInitialDose(state);
  state.dynamics!.advanceTo(state.ctx.offerH);
  const record = decideSupplemental(state);
  if (record?.given) state.dynamics!.addDose(record.mg);
  state.supplementalDecided = true;
  state.monitoringEndH = state.ctx.offerH;
}

/** The outcome: exposure from the doses taken (the same PK-only computation at both levels), and in full detail the peak and the fine grid. */
function sessionOutcome(state: SessionState, options: SessionOptions): SessionOutcome {
  const { participant, plan, params } = state.ctx;
  const horizon = params["session.exposureHorizonH"];
  const pkTrace = simulatePk(participant.pk, state.givenDoses, [horizon], { initialEnzyme: options.initialEnzyme, ode: SESSION_ODE });
  const aucNgHPerMl = pkTrace.aucNgHPerMl[0]!;
  const enzymeAtHorizon = pkTrace.enzymeActivity[0]!;
  const { doses, readings, events, monitoringEndH } = state;
  events.sort((a, b) => a.timeH - b.timeH);
  if (!state.ctx.full) return { index: plan.index, day: plan.day, doses, aucNgHPerMl, enzymeAtHorizon, readings, events, monitoringEndH };

  const summary = exposureSummary(participant.pk, state.givenDoses, horizon, { initialEnzyme: options.initialEnzyme, ode: SESSION_ODE, gridH: 0.25 });
  const samples = sampleGrid(participant, state.givenDoses, state.interventions, options.initialEnzyme, monitoringEndH, options.sampleStepH ?? 1 / 12, params);
  return { index: plan.index, day: plan.day, doses, aucNgHPerMl, enzymeAtHorizon, cmaxNgPerMl: summary.cmaxNgPerMl, tmaxH: summary.tmaxH, readings, events, monitoringEndH, samples };
}

/** True concentration and vitals on a fine grid, with interventions applied from their time on. */
function sampleGrid(
  participant: Participant,
  doses: readonly Dose[],
  interventions: readonly Intervention[],
  initialEnzyme: number,
  endH: number,
  stepH: number,
  params: Parameters,
): Sample[] {
  const pk = new PkSystem(participant.pk);
  const y = new Float64Array(PKPD_STATE.size);
  y[PK_STATE.enzyme] = initialEnzyme;
  const dampening: Record<VitalMeasure, number> = { systolicMmHg: 1, diastolicMmHg: 1, heartRateBpm: 1, temperatureC: 1 };
  const times: number[] = [];
  for (let i = 0; i * stepH <= endH + 1e-9; i++) times.push(Math.min(i * stepH, endH));
  if (endH - times[times.length - 1]! > 1e-9) times.push(endH);
  const samples: Sample[] = [];
  runWithDoses(new DormandPrince(PKPD_STATE.size), makePkPdRhs(pk, participant.vitals), pk, y, doses, times, SESSION_ODE, (i, state) => {
    const target = times[i]!;
    for (const iv of interventions) if (iv.timeH <= target) for (const m of iv.measures) dampening[m] = params["vitals.interventionFactor"];
    samples.push({ timeH: target, concentrationNgPerMl: pk.concentration(state), ...vitalsFromState(participant.vitals, state, dampening) });
  });
  return samples;
}
