/**
 * The steps of a drug session, each a small function of the session state: take a reading, let
 * the rules act on it, decide the supplemental dose, extend monitoring past the planned end.
 *
 * A rule only sees readings, never the true curve, so it can miss a peak between readings, as
 * in a real session. A reading over a "withhold-supplemental" threshold taken at or before the
 * offer withholds the supplemental dose.
 */
import type { Threshold, VitalMeasure } from "../protocol/schema.js";
import { standardNormal } from "../random/samplers.js";
import type { DoseRecord, Reading, ReadingKind } from "./types.js";
import { enqueueReading, type PendingReading, type SessionState } from "./state.js";

const READING_KINDS: readonly ReadingKind[] = ["blood-pressure", "temperature"];

/** The kind of reading that measures `m`. */
export const readingKindOf = (m: VitalMeasure): ReadingKind => (m === "temperatureC" ? "temperature" : "blood-pressure");

/** Interventions act on a group: both pressures together. */
export const dampenedBy = (m: VitalMeasure): VitalMeasure[] => (m === "systolicMmHg" || m === "diastolicMmHg" ? ["systolicMmHg", "diastolicMmHg"] : [m]);

/** The initial dose (in the trajectory from the start) is recorded once, when the first thing after time 0 happens. */
export function giveInitialDose(state: SessionState): void {
  if (state.initialGiven) return;
  state.initialGiven = true;
  const mg = state.ctx.plan.initialMg;
  state.events.push({ timeH: 0, type: "dose", dose: "initial", mg });
}

/** The limit a reading of `measure` is compared with under rule `r` (undefined before the baseline reading). */
export function thresholdLimit(state: SessionState, r: Threshold, measure: VitalMeasure): number | undefined {
  if (r.reference === "absolute") return r.above;
  const b = state.firstReading[readingKindOf(measure)]?.[measure];
  return b === undefined ? undefined : b + r.above;
}

/** True if the reading is over any threshold of the rules. */
export function overAnyThreshold(state: SessionState, reading: Reading): boolean {
  return state.ctx.rules.thresholds.some((r) => {
    const v = reading[r.measure];
    if (v === undefined) return false;
    const limit = thresholdLimit(state, r, r.measure);
    return limit !== undefined && v > limit;
  });
}

/**
 * Take the reading `pending` asks for: the true values at its time plus measurement error.
 * Records it; the first reading of each kind is the baseline of "baseline" thresholds.
 */
export function takeReading(state: SessionState, pending: PendingReading): Reading {
  const rng = state.noiseRng!;
  const p = state.ctx.params;
  const truth = state.trajectory.vitalsAt(pending.timeH, state.dampening);
  const { timeH, kind, cause } = pending;
  const reading: Reading =
    kind === "blood-pressure"
      ? {
          timeH,
          kind,
          cause,
          systolicMmHg: truth.systolicMmHg + p["vitals.noise.systolicMmHg"] * standardNormal(rng),
          diastolicMmHg: truth.diastolicMmHg + p["vitals.noise.diastolicMmHg"] * standardNormal(rng),
          heartRateBpm: truth.heartRateBpm + p["vitals.noise.heartRateBpm"] * standardNormal(rng),
        }
      : { timeH, kind, cause, temperatureC: truth.temperatureC + p["vitals.noise.temperatureC"] * standardNormal(rng) };
  state.readings.push(reading);
  state.lastReading[kind] = reading;
  state.firstReading[kind] ??= reading;
  state.monitoringEndH = Math.max(state.monitoringEndH, timeH);
  return reading;
}

const byKind = new WeakMap<readonly Threshold[], Readonly<Record<ReadingKind, readonly Threshold[]>>>();

/** The thresholds on the measures of each kind of reading, in the rules' order (computed once per rules). */
function thresholdsOn(thresholds: readonly Threshold[]): Readonly<Record<ReadingKind, readonly Threshold[]>> {
  let split = byKind.get(thresholds);
  if (!split) {
    split = { "blood-pressure": thresholds.filter((r) => readingKindOf(r.measure) === "blood-pressure"), temperature: thresholds.filter((r) => readingKindOf(r.measure) === "temperature") };
    byKind.set(thresholds, split);
  }
  return split;
}

/**
 * The rules acting on a reading: every threshold it crosses is recorded with its actions
 * (withhold the supplemental dose, alert the physician, intervene, repeat the reading). A
 * "baseline" rule does not judge the reading that sets its baseline.
 */
export function applyThresholds(state: SessionState, reading: Reading): void {
  const isBaseline = state.firstReading[reading.kind] === reading;
  for (const r of thresholdsOn(state.ctx.rules.thresholds)[reading.kind]) {
    const value = reading[r.measure];
    if (value === undefined || (r.reference === "baseline" && isBaseline)) continue;
    const limit = thresholdLimit(state, r, r.measure);
    if (limit === undefined || !(value > limit)) continue;
    state.events.push({ timeH: reading.timeH, type: "threshold-crossed", thresholdId: r.id, measure: r.measure, value, limit, actions: r.actions });
    for (const action of r.actions) {
      if (action === "withhold-supplemental") withholdSupplemental(state, r, reading.timeH, value, limit);
      else if (action === "alert-physician") state.events.push({ timeH: reading.timeH, type: "alert-physician", thresholdId: r.id, measure: r.measure, value });
      else if (action === "intervention") intervene(state, r, reading.timeH);
      else if (action === "repeat-reading") scheduleRepeat(state, r, reading.timeH);
    }
  }
}

/** The first withhold rule that fires before the decision withholds the supplemental dose. */
function withholdSupplemental(state: SessionState, r: Threshold, readingTimeH: number, value: number, limit: number): void {
  const sup = state.ctx.plan.supplemental;
  if (!sup || state.supplementalDecided || state.withheldBy) return;
  state.withheldBy = { timeH: state.ctx.offerH, type: "supplemental-withheld", mg: sup.mg, thresholdId: r.id, measure: r.measure, readingTimeH, value, limit };
}

/** An intervention lowers the drug-induced rise of the measure's group from now on (once per group). */
function intervene(state: SessionState, r: Threshold, timeH: number): void {
  if (state.dampening[r.measure] !== 1) return;
  const group = dampenedBy(r.measure);
  for (const m of group) state.dampening[m] = state.ctx.params["vitals.interventionFactor"];
  state.interventions.push({ timeH, measures: group });
  state.events.push({ timeH, type: "intervention", measure: r.measure, thresholdId: r.id });
}

/** A repeat of the reading after the rule's delay, unless one of that kind is already due by then. */
function scheduleRepeat(state: SessionState, r: Threshold, timeH: number): void {
  const atH = timeH + (r.repeatAfterMin ?? 15) / 60;
  const kind = readingKindOf(r.measure);
  if (state.queue.some((q) => q.kind === kind && q.timeH <= atH + 1e-12) || atH > state.ctx.maxEndH) return;
  enqueueReading(state.queue, { timeH: atH, kind, cause: "repeat" });
  state.events.push({ timeH, type: "repeat-reading-scheduled", kind, atH, thresholdId: r.id });
}

/**
 * The supplemental dose at its offer: withheld if a rule withheld it, otherwise declined or
 * taken as the participant chose; then the exposure follows from the doses taken. Returns the
 * dose record (undefined without a supplemental dose).
 */
export function decideSupplemental(state: SessionState): DoseRecord | undefined {
  const record = supplementalRecord(state);
  state.supplementalDecided = true;
  state.exposure = state.trajectory.decide(record?.given ? record.mg : 0);
  return record;
}

function supplementalRecord(state: SessionState): DoseRecord | undefined {
  const sup = state.ctx.plan.supplemental;
  if (!sup) return undefined;
  const timeH = state.ctx.offerH;
  let record: DoseRecord;
  if (state.withheldBy) {
    state.events.push(state.withheldBy);
    record = { timeH, mg: sup.mg, kind: "supplemental", given: false, notGivenBecause: "withheld" };
  } else if (!state.ctx.accepts) {
    state.events.push({ timeH, type: "supplemental-declined", mg: sup.mg });
    record = { timeH, mg: sup.mg, kind: "supplemental", given: false, notGivenBecause: "declined" };
  } else {
    state.events.push({ timeH, type: "dose", dose: "supplemental", mg: sup.mg });
    record = { timeH, mg: sup.mg, kind: "supplemental", given: true };
    state.givenDoses.push({ timeH, mg: sup.mg });
  }
  state.doses.push(record);
  return record;
}

/**
 * At and after the planned end, monitoring goes on while the last reading of a kind is over a
 * threshold: another reading of that kind one extension interval later, up to the limit.
 * Only acts when nothing else is due before the planned end.
 */
export function extendMonitoring(state: SessionState): void {
  const { rules, plannedEndH, extensionIntervalH, maxEndH } = state.ctx;
  const queue = state.queue;
  if (!rules.monitorUntilBelowThresholds || (queue.length > 0 && queue[0]!.timeH <= plannedEndH)) return;
  for (const kind of READING_KINDS) {
    const last = state.lastReading[kind];
    if (!last || !overAnyThreshold(state, last) || queue.some((q) => q.kind === kind)) continue;
    const atH = Math.max(last.timeH, plannedEndH) + extensionIntervalH;
    if (atH > maxEndH) continue;
    enqueueReading(queue, { timeH: atH, kind, cause: "extended" });
    state.events.push({ timeH: last.timeH, type: "monitoring-extended", kind, atH });
  }
}

/** The end of monitoring (full detail): no earlier than planned, and whether the last readings were still over a threshold. */
export function endMonitoring(state: SessionState): void {
  const above = READING_KINDS.some((k) => state.lastReading[k] !== undefined && overAnyThreshold(state, state.lastReading[k]!));
  state.monitoringEndH = Math.max(state.monitoringEndH, state.ctx.plannedEndH);
  state.events.push({ timeH: state.monitoringEndH, type: "monitoring-ended", plannedEndH: state.ctx.plannedEndH, aboveThreshold: above });
}
