import { describe, expect, test } from "vitest";
import { defaultParameters } from "../../src/params/defaults.js";
import { preset } from "../../src/protocol/presets.js";
import type { SessionRules, Threshold } from "../../src/protocol/schema.js";
import { standardNormal } from "../../src/random/samplers.js";
import { stream } from "../../src/random/rng.js";
import { enqueueReading, newSessionState, scheduledReadings, type PendingReading, type SessionContext, type SessionState } from "../../src/session/state.js";
import { SessionTrajectory } from "../../src/session/trajectory.js";
import { applyThresholds, decideSupplemental, endMonitoring, extendMonitoring, takeReading } from "../../src/session/steps.js";
import type { Reading } from "../../src/session/types.js";
import { volunteer, createRoot } from "../helpers/participants.js";

const params = defaultParameters();
const root = createRoot("session-steps");
const person = volunteer(root, params, 0);
const SUPPLEMENTAL = { mg: 62.5, offeredAtH: { earliest: 2, latest: 2 } };

function context(rules: Partial<SessionRules>, extra: Partial<SessionContext> = {}): SessionContext {
  const base = preset("mp1").sessionRules;
  return {
    participant: person,
    plan: { index: 0, day: 0, durationH: 8, initialMg: 125, supplemental: SUPPLEMENTAL },
    rules: { ...base, ...rules },
    params,
    full: true,
    offerH: 2,
    accepts: true,
    plannedEndH: 8,
    maxEndH: 12,
    extensionIntervalH: 0.5,
    ...extra,
  };
}

const rule = (r: Partial<Threshold> & Pick<Threshold, "id" | "measure" | "above" | "actions">): Threshold => ({ reference: "absolute", ...r });
const bp = (timeH: number, systolicMmHg: number, extra: Partial<Reading> = {}): Reading => ({ timeH, kind: "blood-pressure", cause: "scheduled", systolicMmHg, diastolicMmHg: 80, heartRateBpm: 70, ...extra });
const trajectoryOf = (ctx: SessionContext) =>
  new SessionTrajectory(ctx.participant, { initialEnzyme: 1, initialMg: ctx.plan.initialMg, decisionH: ctx.plan.supplemental ? ctx.offerH : 0, horizonH: 24, monitoringLimitH: ctx.maxEndH, full: ctx.full });
const stateWith = (rules: Partial<SessionRules>, extra: Partial<SessionContext> = {}): SessionState => {
  const ctx = context(rules, extra);
  return newSessionState(ctx, trajectoryOf(ctx), undefined);
};

describe("the reading queue", () => {
  test("keeps time order, blood pressure before temperature at the same time, and a later arrival after equal ones", () => {
    const q: PendingReading[] = [];
    enqueueReading(q, { timeH: 1, kind: "temperature", cause: "scheduled" });
    enqueueReading(q, { timeH: 0.5, kind: "blood-pressure", cause: "scheduled" });
    enqueueReading(q, { timeH: 1, kind: "blood-pressure", cause: "scheduled" });
    enqueueReading(q, { timeH: 1, kind: "blood-pressure", cause: "repeat" });
    expect(q.map((p) => `${p.timeH}:${p.kind}:${p.cause}`)).toEqual(["0.5:blood-pressure:scheduled", "1:blood-pressure:scheduled", "1:blood-pressure:repeat", "1:temperature:scheduled"]);
  });
  test("the schedule holds every scheduled reading of the rules", () => {
    const rules = preset("mp1").sessionRules;
    const q = scheduledReadings(rules);
    expect(q).toHaveLength(rules.vitals.bloodPressureAndHeartRateH.length + rules.vitals.temperatureH.length);
    for (let k = 1; k < q.length; k++) expect(q[k]!.timeH).toBeGreaterThanOrEqual(q[k - 1]!.timeH);
  });
});

describe("takeReading", () => {
  test("without drug a reading is the participant's baseline plus measurement error from the readings stream", () => {
    const ctx = context({}, { plan: { index: 0, day: 0, durationH: 8, initialMg: 0 } });
    const rng = stream(root, ["readings-test"]);
    const state = newSessionState(ctx, trajectoryOf(ctx), rng.clone());
    const reading = takeReading(state, { timeH: 1.5, kind: "blood-pressure", cause: "scheduled" });
    const z = [standardNormal(rng), standardNormal(rng), standardNormal(rng)];
    expect(reading.systolicMmHg).toBe(person.vitals.baseline.systolicMmHg + params["vitals.noise.systolicMmHg"] * z[0]!);
    expect(reading.diastolicMmHg).toBe(person.vitals.baseline.diastolicMmHg + params["vitals.noise.diastolicMmHg"] * z[1]!);
    expect(reading.heartRateBpm).toBe(person.vitals.baseline.heartRateBpm + params["vitals.noise.heartRateBpm"] * z[2]!);
    expect(reading.temperatureC).toBeUndefined();
    expect(Object.keys(reading)).toEqual(["timeH", "kind", "cause", "systolicMmHg", "diastolicMmHg", "heartRateBpm"]);
    expect(state.firstReading["blood-pressure"]).toBe(reading);
    expect(state.readings).toEqual([reading]);
    expect(state.monitoringEndH).toBe(1.5);
    // A second reading sets no new baseline.
    takeReading(state, { timeH: 2, kind: "blood-pressure", cause: "scheduled" });
    expect(state.firstReading["blood-pressure"]).toBe(reading);
  });
});

describe("applyThresholds", () => {
  const withhold = rule({ id: "sbp-150", measure: "systolicMmHg", above: 150, actions: ["withhold-supplemental"] });

  test("a reading over a withhold rule before the decision withholds the supplemental dose, naming the reading", () => {
    const state = stateWith({ thresholds: [withhold] });
    applyThresholds(state, bp(1, 151));
    expect(state.withheldBy).toEqual({ timeH: 2, type: "supplemental-withheld", mg: 62.5, thresholdId: "sbp-150", measure: "systolicMmHg", readingTimeH: 1, value: 151, limit: 150 });
    expect(state.events.at(-1)).toMatchObject({ type: "threshold-crossed", thresholdId: "sbp-150", value: 151, limit: 150 });
  });
  test("a reading at the limit crosses nothing; after the decision a withhold rule changes nothing", () => {
    const state = stateWith({ thresholds: [withhold] });
    applyThresholds(state, bp(1, 150));
    expect(state.withheldBy).toBeUndefined();
    expect(state.events).toHaveLength(1); // the pre-session checks only
    state.supplementalDecided = true;
    applyThresholds(state, bp(3, 170));
    expect(state.withheldBy).toBeUndefined();
  });
  test("a baseline rule compares with the first reading and does not judge the reading that sets it", () => {
    const rise = rule({ id: "temp-rise", measure: "temperatureC", above: 1, reference: "baseline", actions: ["alert-physician"] });
    const state = stateWith({ thresholds: [rise] });
    const temp = (timeH: number, temperatureC: number): Reading => ({ timeH, kind: "temperature", cause: "scheduled", temperatureC });
    const first = temp(0, 36.5);
    state.firstReading.temperature = first;
    applyThresholds(state, first);
    applyThresholds(state, temp(1, 37.5));
    expect(state.events).toHaveLength(1);
    applyThresholds(state, temp(2, 37.6));
    expect(state.events.slice(1)).toEqual([
      { timeH: 2, type: "threshold-crossed", thresholdId: "temp-rise", measure: "temperatureC", value: 37.6, limit: 37.5, actions: ["alert-physician"] },
      { timeH: 2, type: "alert-physician", thresholdId: "temp-rise", measure: "temperatureC", value: 37.6 },
    ]);
  });
  test("an intervention dampens both pressures once, at the factor of the parameter table", () => {
    const treat = rule({ id: "dbp-120", measure: "diastolicMmHg", above: 120, actions: ["intervention"] });
    const state = stateWith({ thresholds: [treat] });
    applyThresholds(state, bp(3, 150, { diastolicMmHg: 125 }));
    applyThresholds(state, bp(3.5, 150, { diastolicMmHg: 126 }));
    const f = params["vitals.interventionFactor"];
    expect(state.dampening).toEqual({ systolicMmHg: f, diastolicMmHg: f, heartRateBpm: 1, temperatureC: 1 });
    expect(state.interventions).toEqual([{ timeH: 3, measures: ["systolicMmHg", "diastolicMmHg"] }]);
    expect(state.events.filter((e) => e.type === "intervention")).toHaveLength(1);
  });
  test("a repeat is scheduled after the rule's delay unless a reading of that kind is due by then or it falls after the limit", () => {
    const repeat = rule({ id: "hr-110", measure: "heartRateBpm", above: 110, actions: ["repeat-reading"], repeatAfterMin: 15 });
    const state = stateWith({ thresholds: [repeat] });
    applyThresholds(state, bp(1, 120, { heartRateBpm: 115 }));
    expect(state.queue).toEqual([{ timeH: 1.25, kind: "blood-pressure", cause: "repeat" }]);
    applyThresholds(state, bp(1.1, 120, { heartRateBpm: 115 }));
    expect(state.queue).toHaveLength(1);
    state.queue.length = 0;
    applyThresholds(state, bp(11.9, 120, { heartRateBpm: 115 }));
    expect(state.queue).toHaveLength(0);
  });
});

describe("decideSupplemental", () => {
  test("withheld by a rule, declined by the participant, or taken", () => {
    const withheld = stateWith({});
    withheld.withheldBy = { timeH: 2, type: "supplemental-withheld", mg: 62.5, thresholdId: "x", measure: "systolicMmHg", readingTimeH: 1, value: 170, limit: 160 };
    expect(decideSupplemental(withheld)).toEqual({ timeH: 2, mg: 62.5, kind: "supplemental", given: false, notGivenBecause: "withheld" });
    expect(withheld.events.at(-1)).toBe(withheld.withheldBy);

    const declined = stateWith({}, { accepts: false });
    expect(decideSupplemental(declined)).toEqual({ timeH: 2, mg: 62.5, kind: "supplemental", given: false, notGivenBecause: "declined" });
    expect(declined.givenDoses).toEqual([{ timeH: 0, mg: 125 }]);

    const taken = stateWith({});
    expect(decideSupplemental(taken)).toEqual({ timeH: 2, mg: 62.5, kind: "supplemental", given: true });
    expect(taken.givenDoses).toEqual([{ timeH: 0, mg: 125 }, { timeH: 2, mg: 62.5 }]);
    expect(taken.events.at(-1)).toEqual({ timeH: 2, type: "dose", dose: "supplemental", mg: 62.5 });
  });
  test("no supplemental dose in the plan: nothing to decide", () => {
    const state = stateWith({}, { plan: { index: 0, day: 0, durationH: 8, initialMg: 125 } });
    expect(decideSupplemental(state)).toBeUndefined();
    expect(state.doses).toHaveLength(1);
  });
});

describe("extendMonitoring", () => {
  const high = rule({ id: "sbp-160", measure: "systolicMmHg", above: 160, actions: ["alert-physician"] });

  test("a last reading over a threshold at the planned end asks for another one an interval later, up to the limit", () => {
    const state = stateWith({ thresholds: [high], monitorUntilBelowThresholds: true });
    state.lastReading["blood-pressure"] = bp(8, 170);
    extendMonitoring(state);
    expect(state.queue).toEqual([{ timeH: 8.5, kind: "blood-pressure", cause: "extended" }]);
    expect(state.events.at(-1)).toEqual({ timeH: 8, type: "monitoring-extended", kind: "blood-pressure", atH: 8.5 });
    state.queue.length = 0;
    state.lastReading["blood-pressure"] = bp(11.75, 170);
    extendMonitoring(state);
    expect(state.queue).toHaveLength(0);
  });
  test("nothing is extended while readings are still due before the planned end, when the last reading is under every threshold, or when the rules do not extend", () => {
    const due = stateWith({ thresholds: [high], monitorUntilBelowThresholds: true });
    due.queue.push({ timeH: 7, kind: "temperature", cause: "scheduled" });
    due.lastReading["blood-pressure"] = bp(6, 170);
    extendMonitoring(due);
    expect(due.queue).toHaveLength(1);

    const under = stateWith({ thresholds: [high], monitorUntilBelowThresholds: true });
    under.lastReading["blood-pressure"] = bp(8, 150);
    extendMonitoring(under);
    expect(under.queue).toHaveLength(0);

    const off = stateWith({ thresholds: [high], monitorUntilBelowThresholds: false });
    off.lastReading["blood-pressure"] = bp(8, 170);
    extendMonitoring(off);
    expect(off.queue).toHaveLength(0);
  });
  test("the end of monitoring is no earlier than planned and says whether the last readings were still high", () => {
    const state = stateWith({ thresholds: [high], monitorUntilBelowThresholds: true });
    state.lastReading["blood-pressure"] = bp(7, 170);
    state.monitoringEndH = 7;
    endMonitoring(state);
    expect(state.events.at(-1)).toEqual({ timeH: 8, type: "monitoring-ended", plannedEndH: 8, aboveThreshold: true });
  });
});
