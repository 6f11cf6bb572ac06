import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { DormandPrince } from "../../src/math/ode.js";
import { PkSystem, PK_STATE } from "../../src/pk/model.js";
import { solvePkExposure, type PeakTracker } from "../../src/pk/exposure.js";
import { samplePkIndividual, sampleCyp2d6Phenotype } from "../../src/pk/individual.js";
import { defaultParameters } from "../../src/params/defaults.js";
import { createRoot, stream } from "../../src/random/rng.js";
import { SESSION_PK_ODE } from "../../src/session/trajectory.js";

const params = defaultParameters();

describe("the specialized exposure solver", () => {
  test("takes the generic Dormand-Prince solver's steps on PkSystem.rhs, bit for bit", () => {
    const root = createRoot("exposure-solver");
    fc.assert(
      fc.property(fc.nat(5000), fc.double({ min: 0, max: 187.5, noNaN: true }), fc.double({ min: 0, max: 6, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }), (i, initialMg, atH, supMg, enzyme) => {
        const rng = stream(root, ["p", i]);
        const ind = samplePkIndividual(rng, params, sampleCyp2d6Phenotype(rng, params));
        // The state at the decision, from a tight solve of the initial dose.
        const before = new PkSystem(ind);
        before.addDose(0, initialMg);
        const y = new Float64Array(PK_STATE.size);
        y[PK_STATE.enzyme] = enzyme;
        new DormandPrince(PK_STATE.size).advance(before.rhs, 0, y, atH, { rtol: 1e-10, atol: 1e-12, maxStepH: 1, maxSteps: 1e6 });
        const fast = new PkSystem(ind);
        const generic = new PkSystem(ind);
        for (const pk of [fast, generic]) {
          pk.addDose(0, initialMg);
          pk.addDose(atH, supMg);
        }
        const yFast = y.slice();
        const peak: PeakTracker = { amountMg: 0, timeH: 0 };
        const attempts = solvePkExposure(fast, yFast, atH, 24, SESSION_PK_ODE, 0.25, peak);
        const yGeneric = y.slice();
        const solver = new DormandPrince(PK_STATE.size);
        solver.reset(0.25);
        for (let t = atH; t < 24; ) t = solver.step(generic.rhs, t, yGeneric, 24, SESSION_PK_ODE);
        expect(Array.from(yFast)).toEqual(Array.from(yGeneric));
        expect(attempts).toBe(solver.steps);
        expect(peak.amountMg).toBeGreaterThanOrEqual(yFast[PK_STATE.central]!);
      }),
      { numRuns: 150, seed: 21 },
    );
  });
});
