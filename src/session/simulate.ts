/**
 * One drug session: the initial dose, readings of blood pressure, heart rate and temperature
 * at the protocol's scheduled times (and the repeats its rules ask for), the rules acting on
 * what the readings show, the supplemental dose given, declined or withheld, and the session's
 * exposure.
 *
 * A rule only sees readings, never the true curve, so it can miss a peak between readings, as
 * in a real session. A reading over a "withhold-supplemental" threshold taken at or before the
 * offer withholds the supplemental dose.
 *
 * Two levels of detail share one computation: "efficacy" stops the vital-sign simulation once
 * the supplemental decision is made (nothing after it can change the dose), "full" carries on to
 * the end of monitoring and adds a fine time grid for plots. The decision, the doses and the
 * exposure are therefore identical, bit for bit, at both levels.
 */
import type { Parameters } from "../params/table.js";
import type { SessionRules, Threshold, VitalMeasure, ThresholdAction } from "../protocol/schema.js";
import { stream, type StreamRoot } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";
import { DormandPrince, type OdeOptions } from "../math/ode.js";
import { simulatePk, exposureSummary, runWithDoses, PkSystem, PK_STATE, type Dose } from "../pk/model.js";
import { makePkPdRhs, PKPD_STATE, readingNoiseSd, vitalsFromState, type VitalValues } from "../vitals/model.js";
import type { Participant } from "../participants/participant.js";

export interface SessionPlan {
  /** 0-based index of the drug session in the course. */
  readonly index: number;
  readonly day: number;
  readonly durationH: number;
  readonly initialMg: number;
  readonly supplemental?: { readonly mg: number; readonly offeredAtH: { readonly earliest: number; readonly latest: number } };
}

export type ReadingKind = "blood-pressure" | "temperature";
export type ReadingCause = "scheduled" | "repeat" | "extended";

export interface Reading {
  readonly timeH: number;
  readonly kind: ReadingKind;
  readonly cause: ReadingCause;
  readonly systolicMmHg?: number;
  readonly diastolicMmHg?: number;
  readonly heartRateBpm?: number;
  readonly temperatureC?: number;
}

export type SessionEvent =
  | { readonly timeH: number; readonly type: "pre-session-checks"; readonly checks: readonly string[] }
  | { readonly timeH: number; readonly type: "dose"; readonly dose: "initial" | "supplemental"; readonly mg: number }
  | { readonly timeH: number; readonly type: "supplemental-withheld"; readonly mg: number; readonly thresholdId: string; readonly measure: VitalMeasure; readonly readingTimeH: number; readonly value: number; readonly limit: number }
  | { readonly timeH: number; readonly type: "supplemental-declined"; readonly mg: number }
  | { readonly timeH: number; readonly type: "threshold-crossed"; readonly thresholdId: string; readonly measure: VitalMeasure; readonly value: number; readonly limit: number; readonly actions: readonly ThresholdAction[] }
  | { readonly timeH: number; readonly type: "alert-physician"; readonly thresholdId: string; readonly measure: VitalMeasure; readonly value: number }
  | { readonly timeH: number; readonly type: "repeat-reading-scheduled"; readonly kind: ReadingKind; readonly atH: number; readonly thresholdId: string }
  | { readonly timeH: number; readonly type: "intervention"; readonly measure: VitalMeasure; readonly thresholdId: string }
  | { readonly timeH: number; readonly type: "monitoring-extended"; readonly kind: ReadingKind; readonly atH: number }
  | { readonly timeH: number; readonly type: "monitoring-ended"; readonly plannedEndH: number; readonly aboveThreshold: boolean };

export interface DoseRecord {
  readonly timeH: number;
  readonly mg: number;
  readonly kind: "initial" | "supplemental";
  readonly given: boolean;
  /** Why a dose was not given: "withheld" by a rule or "declined" by the participant. */
  readonly notGivenBecause?: "withheld" | "declined";
}

export interface Sample extends VitalValues {
  readonly timeH: number;
  readonly concentrationNgPerMl: number;
}

export interface SessionOutcome {
  readonly index: number;
  readonly day: number;
  readonly doses: readonly DoseRecord[];
  /** Exposure over the exposure horizon (24 h by default): the quantity the drug effect depends on. */
  readonly aucNgHPerMl: number;
  /** Active CYP2D6 fraction at the end of the exposure horizon. */
  readonly enzymeAtHorizon: number;
  /** Full detail only: peak concentration and its time. */
  readonly cmaxNgPerMl?: number;
  readonly tmaxH?: number;
  readonly readings: readonly Reading[];
  readonly events: readonly SessionEvent[];
  /** Hours after the initial dose at which monitoring ended (full detail; the supplemental decision time otherwise). */
  readonly monitoringEndH: number;
  /** Full detail only: true values on a fine grid, for plotting. */
  readonly samples?: readonly Sample[];
}

export type Detail = "efficacy" | "full";

export interface SessionOptions {
  readonly detail: Detail;
  /** Active CYP2D6 fraction at the start (below 1 if a recent session left it inhibited). */
  readonly initialEnzyme: number;
  /** Spacing of the fine grid in full detail (h). */
  readonly sampleStepH?: number;
}

/** Tolerances for the session's ODEs: ample for readings and exposure, fast enough for Monte Carlo. */
export const SESSION_ODE: OdeOptions = { rtol: 1e-5, atol: 1e-7, maxStepH: 4, maxSteps: 100_000 };

const BP_MEASURES: readonly VitalMeasure[] = ["systolicMmHg", "diastolicMmHg", "heartRateBpm"];
const TEMP_MEASURES: readonly VitalMeasure[] = ["temperatureC"];
const kindOf = (m: VitalMeasure): ReadingKind => (m === "temperatureC" ? "temperature" : "blood-pressure");
/** Interventions act on a group: both pressures together. */
const dampenedBy = (m: VitalMeasure): VitalMeasure[] => (m === "systolicMmHg" || m === "diastolicMmHg" ? ["systolicMmHg", "diastolicMmHg"] : [m]);

interface Pending {
  readonly timeH: number;
  readonly kind: ReadingKind;
  readonly cause: ReadingCause;
}

/** Simulate one drug session for a participant. */
export function simulateSession(
  root: StreamRoot,
  participant: Participant,
  plan: SessionPlan,
  rules: SessionRules,
  params: Parameters,
  options: SessionOptions,
): SessionOutcome {
  const base = ["trial", participant.trial, "participant", participant.index, "session", plan.index] as const;
  const offerRng = stream(root, [...base, "supplemental"]);
  const sup = plan.supplemental;
  const offerH = sup ? sup.offeredAtH.earliest + offerRng.uniform() * (sup.offeredAtH.latest - sup.offeredAtH.earliest) : Number.NaN;
  const accepts = sup ? offerRng.uniform() < params["session.supplementalAcceptance"] : false;
  const withholdRules = rules.thresholds.filter((r) => r.actions.includes("withhold-supplemental"));
  const full = options.detail === "full";
  const needVitals = full || (sup !== undefined && withholdRules.length > 0);

  const events: SessionEvent[] = [{ timeH: 0, type: "pre-session-checks", checks: rules.preSessionChecks }];
  const readings: Reading[] = [];
  const doses: DoseRecord[] = [];
  const givenDoses: Dose[] = [];
  if (plan.initialMg > 0) givenDoses.push({ timeH: 0, mg: plan.initialMg });
  doses.push({ timeH: 0, mg: plan.initialMg, kind: "initial", given: true });

  let withheldBy: Extract<SessionEvent, { type: "supplemental-withheld" }> | undefined;
  const dampening: Record<VitalMeasure, number> = { systolicMmHg: 1, diastolicMmHg: 1, heartRateBpm: 1, temperatureC: 1 };
  const interventions: { timeH: number; measures: VitalMeasure[] }[] = [];
  let monitoringEndH = 0;

  const decideSupplemental = () => {
    if (!sup) return;
    if (withheldBy) {
      events.push(withheldBy);
      doses.push({ timeH: offerH, mg: sup.mg, kind: "supplemental", given: false, notGivenBecause: "withheld" });
    } else if (!accepts) {
      events.push({ timeH: offerH, type: "supplemental-declined", mg: sup.mg });
      doses.push({ timeH: offerH, mg: sup.mg, kind: "supplemental", given: false, notGivenBecause: "declined" });
    } else {
      events.push({ timeH: offerH, type: "dose", dose: "supplemental", mg: sup.mg });
      doses.push({ timeH: offerH, mg: sup.mg, kind: "supplemental", given: true });
      givenDoses.push({ timeH: offerH, mg: sup.mg });
    }
  };

  if (!needVitals) {
    events.push({ timeH: 0, type: "dose", dose: "initial", mg: plan.initialMg });
    decideSupplemental();
    monitoringEndH = Number.isNaN(offerH) ? 0 : offerH;
  } else {
    const pk = new PkSystem(participant.pk);
    const y = new Float64Array(PKPD_STATE.size);
    y[PK_STATE.enzyme] = options.initialEnzyme;
    const rhs = makePkPdRhs(pk, participant.vitals);
    const solver = new DormandPrince(PKPD_STATE.size);
    const noiseRng = stream(root, [...base, "readings"]);
    let t = 0;
    const advanceTo = (time: number) => {
      if (time > t) {
        solver.advance(rhs, t, y, time, SESSION_ODE);
        t = time;
      }
    };
    const addDose = (mg: number) => {
      pk.addDose(t, mg);
      solver.reset();
    };
    const queue: Pending[] = [];
    const push = (p: Pending) => {
      // Keep the queue sorted by time, blood pressure before temperature at the same time.
      let i = queue.length;
      while (i > 0 && (queue[i - 1]!.timeH > p.timeH || (queue[i - 1]!.timeH === p.timeH && queue[i - 1]!.kind === "temperature" && p.kind === "blood-pressure"))) i--;
      queue.splice(i, 0, p);
    };
    for (const h of rules.vitals.bloodPressureAndHeartRateH) push({ timeH: h, kind: "blood-pressure", cause: "scheduled" });
    for (const h of rules.vitals.temperatureH) push({ timeH: h, kind: "temperature", cause: "scheduled" });
    const plannedEnd = plan.durationH;
    const maxEnd = rules.monitorUntilBelowThresholds ? plannedEnd + params["session.maxExtensionH"] : plannedEnd;
    const extensionH = params["session.extensionIntervalMin"] / 60;
    const firstValue: Partial<Record<VitalMeasure, number>> = {};
    const lastReading: Partial<Record<ReadingKind, Reading>> = {};
    let initialGiven = false;
    let supplementalDecided = sup === undefined;
    const giveInitial = () => {
      if (initialGiven) return;
      initialGiven = true;
      events.push({ timeH: 0, type: "dose", dose: "initial", mg: plan.initialMg });
      if (plan.initialMg > 0) addDose(plan.initialMg);
    };
    const limitOf = (r: Threshold, m: VitalMeasure): number | undefined => {
      if (r.reference === "absolute") return r.above;
      const b = firstValue[m];
      return b === undefined ? undefined : b + r.above;
    };
    const overAnyThreshold = (reading: Reading): boolean =>
      rules.thresholds.some((r) => {
        const v = reading[r.measure];
        if (v === undefined) return false;
        const limit = limitOf(r, r.measure);
        return limit !== undefined && v > limit;
      });

    while (queue.length > 0) {
      const next = queue[0]!;
      // The supplemental decision comes after every reading taken at or before the offer.
      if (!supplementalDecided && next.timeH > offerH) {
        giveInitial();
        advanceTo(offerH);
        decideSupplemental();
        if (doses[doses.length - 1]!.given) addDose(sup!.mg);
        supplementalDecided = true;
        monitoringEndH = offerH;
        if (!full) break;
      }
      queue.shift();
      if (next.timeH > maxEnd || (next.timeH > plannedEnd && !rules.monitorUntilBelowThresholds)) continue;
      if (next.timeH > 0) giveInitial();
      advanceTo(next.timeH);
      const truth = vitalsFromState(participant.vitals, y, dampening);
      const measures = next.kind === "blood-pressure" ? BP_MEASURES : TEMP_MEASURES;
      const values: Partial<Record<VitalMeasure, number>> = {};
      for (const m of measures) values[m] = truth[m] + readingNoiseSd(params, m) * standardNormal(noiseRng);
      const reading: Reading = { timeH: next.timeH, kind: next.kind, cause: next.cause, ...values };
      readings.push(reading);
      lastReading[next.kind] = reading;
      monitoringEndH = Math.max(monitoringEndH, next.timeH);
      const isFirst: Partial<Record<VitalMeasure, boolean>> = {};
      for (const m of measures) {
        if (firstValue[m] === undefined) {
          firstValue[m] = values[m];
          isFirst[m] = true;
        }
      }
      for (const r of rules.thresholds) {
        const v = values[r.measure];
        if (v === undefined || (r.reference === "baseline" && isFirst[r.measure])) continue;
        const limit = limitOf(r, r.measure);
        if (limit === undefined || !(v > limit)) continue;
        events.push({ timeH: next.timeH, type: "threshold-crossed", thresholdId: r.id, measure: r.measure, value: v, limit, actions: r.actions });
        for (const action of r.actions) {
          if (action === "withhold-supplemental") {
            if (sup && !supplementalDecided && !withheldBy) {
              withheldBy = { timeH: offerH, type: "supplemental-withheld", mg: sup.mg, thresholdId: r.id, measure: r.measure, readingTimeH: next.timeH, value: v, limit };
            }
          } else if (action === "alert-physician") {
            events.push({ timeH: next.timeH, type: "alert-physician", thresholdId: r.id, measure: r.measure, value: v });
          } else if (action === "intervention") {
            if (dampening[r.measure] === 1) {
              const group = dampenedBy(r.measure);
              for (const m of group) dampening[m] = params["vitals.interventionFactor"];
              interventions.push({ timeH: next.timeH, measures: group });
              events.push({ timeH: next.timeH, type: "intervention", measure: r.measure, thresholdId: r.id });
            }
          } else if (action === "repeat-reading") {
            const atH = next.timeH + (r.repeatAfterMin ?? 15) / 60;
            const kind = kindOf(r.measure);
            if (!queue.some((q) => q.kind === kind && q.timeH <= atH + 1e-12) && atH <= maxEnd) {
              push({ timeH: atH, kind, cause: "repeat" });
              events.push({ timeH: next.timeH, type: "repeat-reading-scheduled", kind, atH, thresholdId: r.id });
            }
          }
        }
      }
      // At and after the planned end, monitoring goes on while the last reading is over a threshold.
      if (rules.monitorUntilBelowThresholds && (queue.length === 0 || queue[0]!.timeH > plannedEnd)) {
        for (const kind of ["blood-pressure", "temperature"] as const) {
          const last = lastReading[kind];
          if (!last || !overAnyThreshold(last) || queue.some((q) => q.kind === kind)) continue;
          const atH = Math.max(last.timeH, plannedEnd) + extensionH;
          if (atH <= maxEnd) {
            push({ timeH: atH, kind, cause: "extended" });
            events.push({ timeH: last.timeH, type: "monitoring-extended", kind, atH });
          }
        }
      }
    }
    if (!supplementalDecided) {
      giveInitial();
      decideSupplemental();
      supplementalDecided = true;
    }
    giveInitial();
    if (full) {
      const above = (["blood-pressure", "temperature"] as const).some((k) => lastReading[k] !== undefined && overAnyThreshold(lastReading[k]!));
      monitoringEndH = Math.max(monitoringEndH, plannedEnd);
      events.push({ timeH: monitoringEndH, type: "monitoring-ended", plannedEndH: plannedEnd, aboveThreshold: above });
    }
  }

  // Exposure: the same PK-only computation at both levels of detail.
  const horizon = params["session.exposureHorizonH"];
  const pkTrace = simulatePk(participant.pk, givenDoses, [horizon], { initialEnzyme: options.initialEnzyme, ode: SESSION_ODE });
  const aucNgHPerMl = pkTrace.aucNgHPerMl[0]!;
  const enzymeAtHorizon = pkTrace.enzymeActivity[0]!;
  events.sort((a, b) => a.timeH - b.timeH);
  if (!full) return { index: plan.index, day: plan.day, doses, aucNgHPerMl, enzymeAtHorizon, readings, events, monitoringEndH };

  const summary = exposureSummary(participant.pk, givenDoses, horizon, { initialEnzyme: options.initialEnzyme, ode: SESSION_ODE, gridH: 0.25 });
  const samples = sampleGrid(participant, givenDoses, interventions, options.initialEnzyme, monitoringEndH, options.sampleStepH ?? 1 / 12, params);
  return {
    index: plan.index,
    day: plan.day,
    doses,
    aucNgHPerMl,
    enzymeAtHorizon,
    cmaxNgPerMl: summary.cmaxNgPerMl,
    tmaxH: summary.tmaxH,
    readings,
    events,
    monitoringEndH,
    samples,
  };
}

/** True concentration and vitals on a fine grid, with interventions applied from their time on. */
function sampleGrid(
  participant: Participant,
  doses: readonly Dose[],
  interventions: readonly { timeH: number; measures: VitalMeasure[] }[],
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
