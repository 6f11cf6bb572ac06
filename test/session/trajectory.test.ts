import { describe, expect, test } from "vitest";
import fixture from "../fixtures/pk-reference.json";
import { DormandPrince } from "../../src/math/ode.js";
import { PkSystem, PK_STATE, recoverEnzyme, type PkIndividual } from "../../src/pk/model.js";
import { typicalPk } from "../../src/pk/individual.js";
import { makePkPdRhs, PKPD_STATE, vitalsFromState } from "../../src/vitals/model.js";
import { defaultParameters } from "../../src/params/defaults.js";
import { SessionTrajectory } from "../../src/session/trajectory.js";
import { simulateSession } from "../../src/session/simulate.js";
import { preset } from "../../src/protocol/presets.js";
import type { Participant } from "../../src/participants/participant.js";
import { volunteer, createRoot } from "../helpers/participants.js";

const params = defaultParameters();
const NONE = { systolicMmHg: 1, diastolicMmHg: 1, heartRateBpm: 1, temperatureC: 1 };
const TIGHT = { rtol: 1e-12, atol: 1e-14, maxStepH: 0.25, maxSteps: 1_000_000 };

/**
 * The session solves its ODEs at looser tolerances than the reference tests of pk.test.ts
 * (relative 1e-5, absolute 1e-5 of each PK component's typical size, vital signs looser):
 * enough for Monte Carlo, where the exposure feeds an Emax model and readings carry several
 * mmHg of measurement error. These tests state how close that is to the SciPy reference
 * (test/fixtures/pk-reference.json, scripts/reference/make_pk_fixture.py: DOP853, every
 * compartment integrated, rtol 1e-12).
 */
describe("the session's solve against the SciPy reference", () => {
  const scenarios = fixture.scenarios.filter((s) => s.doses.every((d) => d.timeH < 24) && s.doses.length <= 2);
  test.each(scenarios.map((s) => [s.name, s] as const))("%s: AUC(0-24) within 1e-4 relative, enzyme at 24 h within 2e-5, concentrations within 1e-4 of the peak", (_name, s) => {
    const pk: PkIndividual = { ...typicalPk(params), clCyp2d6LPerH: fixture.parameters.CLd * s.activity };
    const person: Participant = { ...volunteer(createRoot("fixture"), params, 0), pk };
    const supplemental = s.doses[1];
    const trajectory = new SessionTrajectory(person, {
      initialEnzyme: s.initialEnzyme,
      initialMg: s.doses[0]!.mg,
      decisionH: supplemental ? supplemental.timeH : 0,
      horizonH: 24,
      monitoringLimitH: 24,
      full: true,
    });
    const y = new Float64Array(PKPD_STATE.size);
    const before = s.timesH.filter((t) => supplemental && t <= supplemental.timeH);
    const concentrations: number[] = before.map((t) => {
      trajectory.stateAt(t, y);
      return trajectory.concentration(y);
    });
    const exposure = trajectory.decide(supplemental ? supplemental.mg : 0);
    for (const t of s.timesH.slice(before.length)) {
      trajectory.stateAt(t, y);
      concentrations.push(trajectory.concentration(y));
    }
    const i24 = s.timesH.indexOf(24);
    expect(Math.abs(exposure.aucNgHPerMl / s.aucNgHPerMl[i24]! - 1)).toBeLessThan(1e-4);
    expect(Math.abs(exposure.enzymeAtHorizon - s.enzymeActivity[i24]!)).toBeLessThan(2e-5);
    const peak = Math.max(...s.concentrationNgPerMl);
    s.timesH.forEach((t, i) => expect(Math.abs(concentrations[i]! - s.concentrationNgPerMl[i]!), `C at ${t} h`).toBeLessThan(1e-4 * peak));
    // The peak from the continuous extension agrees with the reference's finest grid.
    const { cmaxNgPerMl, tmaxH } = trajectory.peakConcentration();
    expect(cmaxNgPerMl).toBeGreaterThanOrEqual(peak - 1e-4 * peak);
    const at = s.concentrationNgPerMl.indexOf(peak);
    expect(Math.abs(tmaxH - s.timesH[at]!)).toBeLessThan(s.timesH[at + 1]! - s.timesH[at]!);
  });
});

describe("vital signs at reading times", () => {
  test("within 0.05 mmHg, 0.05 bpm and 0.002 °C of a tight solve of the same equations, for 100 volunteers at 125 + 62.5 mg", () => {
    const root = createRoot("trajectory-vitals");
    const times = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 10, 12];
    let worst = { systolicMmHg: 0, diastolicMmHg: 0, heartRateBpm: 0, temperatureC: 0 };
    for (let i = 0; i < 100; i++) {
      const person = volunteer(root, params, i);
      const offerH = 2 + (i % 5) / 10;
      const trajectory = new SessionTrajectory(person, { initialEnzyme: 1, initialMg: 125, decisionH: offerH, horizonH: 24, monitoringLimitH: 12, full: true });
      const fast = times.filter((t) => t <= offerH).map((t) => trajectory.vitalsAt(t, NONE));
      trajectory.decide(62.5);
      for (const t of times.filter((t) => t > offerH)) fast.push(trajectory.vitalsAt(t, NONE));
      // Reference: the same right-hand side, stepped onto every time at rtol 1e-12.
      const pk = new PkSystem(person.pk);
      const rhs = makePkPdRhs(pk, person.vitals);
      const solver = new DormandPrince(PKPD_STATE.size);
      const yRef = new Float64Array(PKPD_STATE.size);
      yRef[PK_STATE.enzyme] = 1;
      pk.addDose(0, 125);
      let t0 = 0;
      let supplementalGiven = false;
      times.forEach((t, k) => {
        if (!supplementalGiven && t > offerH) {
          supplementalGiven = true;
          solver.advance(rhs, t0, yRef, offerH, TIGHT);
          t0 = offerH;
          pk.addDose(offerH, 62.5);
          solver.reset();
        }
        solver.advance(rhs, t0, yRef, t, TIGHT);
        t0 = t;
        const ref = vitalsFromState(person.vitals, yRef);
        for (const m of ["systolicMmHg", "diastolicMmHg", "heartRateBpm", "temperatureC"] as const) worst = { ...worst, [m]: Math.max(worst[m], Math.abs(fast[k]![m] - ref[m])) };
      });
    }
    expect(worst.systolicMmHg).toBeLessThan(0.05);
    expect(worst.diastolicMmHg).toBeLessThan(0.05);
    expect(worst.heartRateBpm).toBeLessThan(0.05);
    expect(worst.temperatureC).toBeLessThan(0.002);
  });
});

describe("without drug, no ODE", () => {
  test("an inactive placebo: no exposure, the enzyme recovering in closed form, vital signs at baseline", () => {
    const person = volunteer(createRoot("placebo"), params, 1);
    const trajectory = new SessionTrajectory(person, { initialEnzyme: 0.5, initialMg: 0, decisionH: 2, horizonH: 24, monitoringLimitH: 12, full: true });
    expect(trajectory.vitalsAt(1, NONE)).toEqual(person.vitals.baseline);
    const exposure = trajectory.decide(0);
    expect(exposure).toEqual({ aucNgHPerMl: 0, enzymeAtHorizon: recoverEnzyme(0.5, 24, person.pk.kdegPerH) });
    expect(trajectory.vitalsAt(7, NONE)).toEqual(person.vitals.baseline);
  });
  test("a full-detail placebo session: every grid point at baseline with no concentration, readings at baseline plus noise", () => {
    const person = volunteer(createRoot("placebo"), params, 4);
    const s = simulateSession(createRoot("placebo"), person, { index: 0, day: 0, durationH: 8, initialMg: 0 }, preset("mp1").sessionRules, params, { detail: "full", initialEnzyme: 1 });
    expect(s.samples!.length).toBeGreaterThan(90);
    for (const x of s.samples!) expect({ ...x, timeH: 0 }).toEqual({ timeH: 0, concentrationNgPerMl: 0, ...person.vitals.baseline });
    expect(s.aucNgHPerMl).toBe(0);
    expect(s.cmaxNgPerMl).toBe(0);
    for (const r of s.readings) if (r.systolicMmHg !== undefined) expect(Math.abs(r.systolicMmHg - person.vitals.baseline.systolicMmHg)).toBeLessThan(6 * params["vitals.noise.systolicMmHg"]);
  });
  test("a supplemental dose after no initial dose starts from the recovered enzyme", () => {
    const person = volunteer(createRoot("placebo"), params, 2);
    const late = new SessionTrajectory(person, { initialEnzyme: 0.5, initialMg: 0, decisionH: 2, horizonH: 24, monitoringLimitH: 12, full: false });
    const auc = late.decide(62.5).aucNgHPerMl;
    const reference = new SessionTrajectory({ ...person }, { initialEnzyme: recoverEnzyme(0.5, 2, person.pk.kdegPerH), initialMg: 62.5, decisionH: 0, horizonH: 22, monitoringLimitH: 12, full: false });
    expect(auc / reference.decide(0).aucNgHPerMl - 1).toBeCloseTo(0, 4);
  });
  test("a trajectory used after another one started is refused (they share work arrays)", () => {
    const person = volunteer(createRoot("placebo"), params, 3);
    const first = new SessionTrajectory(person, { initialEnzyme: 1, initialMg: 125, decisionH: 2, horizonH: 24, monitoringLimitH: 12, full: false });
    new SessionTrajectory(person, { initialEnzyme: 1, initialMg: 125, decisionH: 2, horizonH: 24, monitoringLimitH: 12, full: false });
    expect(() => first.decide(0)).toThrow(/one at a time/);
  });
});
