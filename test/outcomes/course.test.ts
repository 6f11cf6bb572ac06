import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { courseSetting, simulateCourse, DAYS_PER_MONTH, type CourseSetting } from "../../src/outcomes/course.js";
import { isResponder, TYPICAL_TRIAL } from "../../src/outcomes/efficacy.js";
import { simulateParticipant } from "../../src/outcomes/participant.js";
import { isResponse, responseTest } from "../../src/outcomes/model.js";
import { populationModel } from "../../src/participants/participant.js";
import { defaultParameters } from "../../src/params/defaults.js";
import { resolveParameters } from "../../src/params/resolve.js";
import { createRoot, preset, PRESET_IDS, type PresetId } from "../../src/engine.js";

const params = defaultParameters();
/** A course's setting depends only on (protocol, parameters, effects, detail): built once per combination, as a run builds it once per trial. */
const settings = new Map<string, CourseSetting>();
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
const keyOf = (o: object) => {
  let key = objectIds.get(o);
  if (key === undefined) objectIds.set(o, (key = nextObjectId++));
  return key;
};
const settingOf = (id: PresetId, p: typeof params, detail: "full" | "efficacy", effects: typeof TYPICAL_TRIAL) => {
  const key = `${id}|${keyOf(p)}|${keyOf(effects)}|${detail}`;
  let setting = settings.get(key);
  if (!setting) {
    const protocol = preset(id);
    setting = courseSetting(protocol, p, populationModel(protocol), effects, detail);
    settings.set(key, setting);
  }
  return setting;
};
const course = (id: PresetId, seed: number | string, trial: number, index: number, armIndex = 0, p = params, detail: "full" | "efficacy" = "efficacy", effects = TYPICAL_TRIAL) => {
  const setting = settingOf(id, p, detail, effects);
  return simulateCourse(createRoot(seed), setting, trial, index, setting.protocol.arms[armIndex % setting.protocol.arms.length]!.id);
};

describe("properties of every course", () => {
  test("CAPS is always an integer on its scale, missing only after a dropout who left, off treatment only after a dropout who stayed", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRESET_IDS), fc.integer(), fc.nat(50), fc.nat(3), (id, seed, index, arm) => {
        const c = course(id, seed, 0, index, arm);
        const max = preset(id).endpoints.scale === "CAPS-IV" ? 136 : 80;
        let missing = false;
        let offTreatment = false;
        for (const a of c.assessments) {
          if (a.score === null) {
            missing = true;
            continue;
          }
          expect(missing).toBe(false); // no visit comes back after a dropout
          if (!a.onTreatment) offTreatment = true;
          expect(Number.isInteger(a.score)).toBe(true);
          expect(a.score).toBeGreaterThanOrEqual(0);
          expect(a.score).toBeLessThanOrEqual(max);
        }
        expect(missing).toBe(c.dropout !== undefined && !c.dropout.retrieved);
        expect(offTreatment).toBe(c.dropout?.retrieved === true);
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  test("timeline events are in time order", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRESET_IDS), fc.integer(), fc.nat(30), (id, seed, index) => {
        const r = simulateParticipant({ protocol: preset(id), seed, participant: index });
        const keys = r.timeline.map((e) => e.day + ("timeH" in e && typeof e.timeH === "number" ? e.timeH / 24 : 0));
        for (let k = 1; k < keys.length; k++) expect(keys[k]!).toBeGreaterThanOrEqual(keys[k - 1]! - 1e-12);
        expect(r.timeline[0]!.type).toBe("screening");
        expect(JSON.parse(JSON.stringify(r.timeline))).toEqual(r.timeline);
      }),
      { numRuns: 40, seed: 12 },
    );
  });

  test("the same (seed, trial, participant) gives the same timeline, whatever else was simulated first", () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(5), fc.nat(40), fc.array(fc.tuple(fc.nat(5), fc.nat(40)), { maxLength: 5 }), (seed, trial, index, others) => {
        const alone = simulateParticipant({ protocol: preset("mp8"), seed, trial, participant: index, armId: "mdma-75" });
        for (const [t, i] of others) simulateParticipant({ protocol: preset("mp8"), seed, trial: t, participant: i, armId: "mdma-125" });
        const again = simulateParticipant({ protocol: preset("mp8"), seed, trial, participant: index, armId: "mdma-75" });
        expect(again).toEqual(alone);
      }),
      { numRuns: 25, seed: 13 },
    );
  });

  test("efficacy detail gives the same outcomes as full detail", () => {
    for (let i = 0; i < 60; i++) {
      const a = course("mp2", 4, 0, i, i, params, "efficacy");
      const b = course("mp2", 4, 0, i, i, params, "full");
      expect(a.assessments).toEqual(b.assessments);
      expect(a.sessions.map((s) => s.aucNgHPerMl)).toEqual(b.sessions.map((s) => s.aucNgHPerMl));
    }
  });
});

describe("the symptom model", () => {
  test("MDMA arms improve more than placebo arms, and more sessions help", () => {
    const mean = (id: PresetId, arm: number, visit: string, n = 600) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const c = course(id, 5, 0, i, arm);
        s += c.assessments.find((a) => a.id === visit)!.changeFromBaseline!;
      }
      return s / n;
    };
    expect(mean("mp1", 0, "primary")).toBeLessThan(mean("mp1", 1, "primary") - 10);
    expect(mean("mp2", 0, "primary")).toBeLessThan(mean("mp2", 0, "post-s2"));
  });

  test("trial-level effects move everyone in the trial", () => {
    const protocol = preset("mp1");
    const pop = populationModel(protocol);
    const change = (drugLog: number) => {
      let s = 0;
      const setting = courseSetting(protocol, params, pop, { therapyLog: 0, drugLog }, "efficacy");
      for (let i = 0; i < 300; i++) s += simulateCourse(createRoot(6), setting, 0, i, "mdma").assessments.find((a) => a.id === "primary")!.changeFromBaseline!;
      return s / 300;
    };
    expect(change(0.5)).toBeLessThan(change(0) - 3);
    expect(change(0)).toBeLessThan(change(-0.5) - 3);
  });

  test("response follows the protocol's definition: strictly more than 30%, or at least 10 points", () => {
    expect(isResponder({ kind: "percent-reduction", percent: 30 }, 100, 70)).toBe(false);
    expect(isResponder({ kind: "percent-reduction", percent: 30 }, 100, 69)).toBe(true);
    expect(isResponder({ kind: "point-reduction", points: 10 }, 40, 30)).toBe(true);
    expect(isResponder({ kind: "point-reduction", points: 10 }, 40, 31)).toBe(false);
    const c = course("phase3", 3, 0, 1);
    for (const a of c.assessments) if (a.score !== null) expect(a.responder).toBe(c.participant.baselineScore - a.score >= 10);
  });

  test("the calibration's response test (the definition read once) agrees with the simulator's on every rating", () => {
    const def = fc.oneof(
      fc.record({ kind: fc.constant("percent-reduction" as const), percent: fc.double({ min: 0, max: 100, noNaN: true }) }),
      fc.record({ kind: fc.constant("point-reduction" as const), points: fc.double({ min: 0, max: 136, noNaN: true }) }),
    );
    const rating = fc.integer({ min: 0, max: 136 });
    fc.assert(fc.property(def, rating, rating, (d, baseline, score) => responseTest(d)(baseline, score) === isResponse(d, baseline, score)), { seed: 11, numRuns: 2000 });
    expect(responseTest({ kind: "percent-reduction", percent: 30 })(100, 70)).toBe(false);
    expect(responseTest({ kind: "percent-reduction", percent: 30 })(0, 0)).toBe(false);
    expect(responseTest({ kind: "point-reduction", points: 10 })(40, 30)).toBe(true);
  });
});

describe("dropout", () => {
  test("missing completely at random: the share who stop before the last visit is 1 - (1 - p)^visits", () => {
    const p = resolveParameters({ "dropout.perVisitProbability": 0.1, "dropout.beliefLogOddsRatio": 0 });
    const n = 4000;
    let dropped = 0;
    for (let i = 0; i < n; i++) if (course("mp1", 8, 0, i, 1, p).dropout) dropped++;
    const visits = preset("mp1").schedule.assessments.length - 1;
    const expected = 1 - 0.9 ** visits;
    expect(Math.abs(dropped / n - expected)).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / n));
  });

  test("no drug session happens after a dropout", () => {
    const p = resolveParameters({ "dropout.perVisitProbability": 0.3 });
    for (let i = 0; i < 300; i++) {
      const c = course("mp2", 9, 0, i, 0, p);
      if (c.dropout) for (const s of c.sessions) expect(s.day).toBeLessThan(c.dropout.day);
      else expect(c.sessions).toHaveLength(preset("mp2").schedule.experimental.length + (preset("mp2").openLabel.find((ph) => ph.arms.includes(c.armId))?.sessions.length ?? 0));
    }
  });

  test("dropout that depends on early response removes more non-improvers", () => {
    const mcar = resolveParameters({ "dropout.perVisitProbability": 0.15, "dropout.beliefLogOddsRatio": 0 });
    const mnar = resolveParameters({ "dropout.perVisitProbability": 0.15, "dropout.beliefLogOddsRatio": 0, "dropout.nonResponseOddsRatio": 6, "dropout.earlyResponsePercent": 20 });
    const placeboDropout = (p: typeof params) => {
      let d = 0;
      for (let i = 0; i < 1500; i++) if (course("mp1", 10, 0, i, 1, p).dropout) d++;
      return d / 1500;
    };
    expect(placeboDropout(mnar)).toBeGreaterThan(placeboDropout(mcar) + 0.05);
  });
});

describe("relapse after the primary endpoint", () => {
  test("only responders relapse, at the Weibull times the hazard gives", () => {
    const p = resolveParameters({ "relapse.hazardPerYear": 0.3 });
    const months: number[] = [];
    let responders = 0;
    for (let i = 0; i < 3000; i++) {
      const c = course("mp1", 12, 0, i, 0, p);
      const primary = c.assessments.find((a) => a.id === "primary")!;
      if (primary.responder) responders++;
      if (c.relapse) {
        expect(primary.responder).toBe(true);
        months.push(c.relapse.monthsAfterPrimary);
      } else {
        expect(primary.responder === true && c.dropout === undefined).toBe(false);
      }
    }
    // Exponential with rate 0.3/year: P(relapse within 45.4 months) = 1 - exp(-0.3 * 45.4 / 12).
    const within = months.filter((m) => m <= 45.4).length / months.length;
    const expected = 1 - Math.exp((-0.3 * 45.4) / 12);
    expect(Math.abs(within - expected)).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / months.length));
    expect(responders).toBe(months.length);
  });

  test("a relapse before a follow-up visit takes back the assumed share of the improvement", () => {
    const p = resolveParameters({ "relapse.hazardPerYear": 2 });
    let seen = 0;
    for (let i = 0; i < 400 && seen < 20; i++) {
      const c = course("mp1", 13, 0, i, 0, p);
      const ltfu = c.assessments.find((a) => a.id === "ltfu")!;
      const primary = c.assessments.find((a) => a.id === "primary")!;
      if (!c.relapse || ltfu.score === null || c.relapse.day > ltfu.day) continue;
      expect(ltfu.parts!.relapse).toBeCloseTo(p["relapse.returnFraction"] * (c.trueBaseline - primary.trueSeverity!), 9);
      expect(c.relapse.day).toBeCloseTo(primary.day + c.relapse.monthsAfterPrimary * DAYS_PER_MONTH, 6);
      seen++;
    }
    expect(seen).toBeGreaterThan(5);
  });
});
