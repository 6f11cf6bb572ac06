/**
 * One drug session: the initial dose, readings of blood pressure, heart rate and temperature
 * at the protocol's scheduled times (and the repeats its rules ask for), the rules acting on
 * what the readings show, the supplemental dose given, declined or withheld, and the session's
 * exposure. The state is plain data (state.ts); each step is a small function (steps.ts); the
 * participant's true PK and vital signs are solved once (trajectory.ts); this file runs the
 * steps in order.
 *
 * Two levels of detail share one computation: "efficacy" stops the vital-sign simulation once
 * the supplemental decision is made (nothing after it can change the dose), "full" carries on to
 * the end of monitoring and adds a fine time grid for plots. The decision, the doses and the
 * exposure are therefore identical, bit for bit, at both levels.
 */
import type { Parameters } from "../params/table.js";
import type { SessionRules, VitalMeasure } from "../protocol/schema.js";
import { streamPrefix, type StreamPrefix, type StreamRoot } from "../random/rng.js";
import { PKPD_STATE, vitalsSample } from "../vitals/model.js";
import type { Participant } from "../participants/participant.js";
import type { Sample, SessionOptions, SessionOutcome, SessionPlan } from "./types.js";
import { newSessionState, type Intervention, type SessionContext, type SessionState } from "./state.js";
import { applyThresholds, decideSupplemental, endMonitoring, extendMonitoring, giveInitialDose, takeReading } from "./steps.js";
import { SessionTrajectory } from "./trajectory.js";

export type * from "./types.js";
export { SESSION_ODE } from "./trajectory.js";

/** Simulate one drug session for a participant. */
export function simulateSession(
  root: StreamRoot,
  participant: Participant,
  plan: SessionPlan,
  rules: SessionRules,
  params: Parameters,
  options: SessionOptions,
): SessionOutcome {
  const key = streamPrefix(root, 7, ["trial", participant.trial, "participant", participant.index, "session", plan.index]);
  const ctx = sessionContext(key, participant, plan, rules, params, options.detail === "full");
  const withholdRules = rules.thresholds.some((r) => r.actions.includes("withhold-supplemental"));
  const needVitals = ctx.full || (plan.supplemental !== undefined && withholdRules);
  const trajectory = new SessionTrajectory(participant, {
    initialEnzyme: options.initialEnzyme,
    initialMg: plan.initialMg,
    decisionH: plan.supplemental ? ctx.offerH : 0,
    horizonH: params["session.exposureHorizonH"],
    monitoringLimitH: ctx.maxEndH,
    full: ctx.full,
  });
  const state = newSessionState(ctx, trajectory, needVitals ? key.stream("readings") : undefined);
  // Without a supplemental dose there is nothing to decide: the exposure is known from the start.
  if (!plan.supplemental) decideSupplemental(state);
  if (needVitals) monitorSession(state);
  else {
    giveInitialDose(state);
    if (!state.exposure) decideSupplemental(state);
    state.monitoringEndH = Number.isNaN(ctx.offerH) ? 0 : ctx.offerH;
  }
  return sessionOutcome(state, options);
}

/** The session's fixed context, with the supplemental offer time and the participant's choice drawn. */
function sessionContext(key: StreamPrefix, participant: Participant, plan: SessionPlan, rules: SessionRules, params: Parameters, full: boolean): SessionContext {
  const offerRng = key.stream("supplemental");
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
    applyThresholds(state, takeReading(state, next));
    extendMonitoring(state);
  }
  if (!state.supplementalDecided) {
    giveInitialDose(state);
    decideSupplemental(state);
  }
  giveInitialDose(state);
  if (ctx.full) endMonitoring(state);
}

/** At the offer, after every reading taken at or before it: the decision. */
function reachOffer(state: SessionState): void {
  giveInitialDose(state);
  decideSupplemental(state);
  state.monitoringEndH = state.ctx.offerH;
}

/** The outcome: doses, readings, events and exposure; in full detail the peak and the fine grid too. */
function sessionOutcome(state: SessionState, options: SessionOptions): SessionOutcome {
  const { plan } = state.ctx;
  const { aucNgHPerMl, enzymeAtHorizon } = state.exposure!;
  const { doses, readings, events, monitoringEndH } = state;
  events.sort((a, b) => a.timeH - b.timeH);
  if (!state.ctx.full) return { index: plan.index, day: plan.day, doses, aucNgHPerMl, enzymeAtHorizon, readings, events, monitoringEndH };
  const { cmaxNgPerMl, tmaxH } = state.trajectory.peakConcentration();
  const samples = sampleGrid(state, monitoringEndH, options.sampleStepH ?? 1 / 12);
  return { index: plan.index, day: plan.day, doses, aucNgHPerMl, enzymeAtHorizon, cmaxNgPerMl, tmaxH, readings, events, monitoringEndH, samples };
}

/** True concentration and vitals on a fine grid up to `endH`, with interventions applied from their time on. */
function sampleGrid(state: SessionState, endH: number, stepH: number): Sample[] {
  const { participant, params } = state.ctx;
  const dampening: Record<VitalMeasure, number> = { systolicMmHg: 1, diastolicMmHg: 1, heartRateBpm: 1, temperatureC: 1 };
  const y = new Float64Array(PKPD_STATE.size);
  const interventions: readonly Intervention[] = state.interventions;
  const samples: Sample[] = [];
  let next = 0;
  const baseline = participant.vitals.baseline;
  const at = (timeH: number) => {
    if (state.trajectory.drugFree) {
      samples.push({ timeH, concentrationNgPerMl: 0, systolicMmHg: baseline.systolicMmHg, diastolicMmHg: baseline.diastolicMmHg, heartRateBpm: baseline.heartRateBpm, temperatureC: baseline.temperatureC });
      return;
    }
    for (; next < interventions.length && interventions[next]!.timeH <= timeH; next++) for (const m of interventions[next]!.measures) dampening[m] = params["vitals.interventionFactor"];
    state.trajectory.stateAt(timeH, y);
    samples.push(vitalsSample(participant.vitals, y, dampening, timeH, state.trajectory.concentration(y)));
  };
  let last = 0;
  for (let i = 0; i * stepH <= endH + 1e-9; i++) at((last = Math.min(i * stepH, endH)));
  if (endH - last > 1e-9) at(endH);
  return samples;
}
