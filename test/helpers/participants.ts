import type { Participant } from "../../src/participants/participant.js";
import type { Parameters } from "../../src/params/table.js";
import type { SessionRules } from "../../src/protocol/schema.js";
import { createRoot, stream, type StreamRoot } from "../../src/random/rng.js";
import { samplePkIndividual, sampleCyp2d6Phenotype } from "../../src/pk/individual.js";
import { sampleVitalsIndividual } from "../../src/vitals/model.js";

/** A healthy volunteer as a Participant (no screening), for single-dose studies. */
export function volunteer(root: StreamRoot, params: Parameters, index: number): Participant {
  const rng = stream(root, ["volunteer", index]);
  const cyp2d6 = sampleCyp2d6Phenotype(rng, params);
  return {
    trial: 0,
    index,
    armId: "mdma",
    sex: "male",
    ageYears: 30,
    baselineScore: 0,
    cyp2d6,
    pk: samplePkIndividual(rng, params, cyp2d6),
    vitals: sampleVitalsIndividual(rng, params),
    responsivenessLog: 0,
    screening: { candidatesScreened: 1, failures: {} },
  };
}

export { createRoot };

/** Monitoring as in the Basel healthy-volunteer studies (assumed schedule), with no rules. */
export const BASEL_READINGS: SessionRules = {
  vitals: { bloodPressureAndHeartRateH: [0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6], temperatureH: [0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6] },
  thresholds: [],
  monitorUntilBelowThresholds: false,
  preSessionChecks: [],
  therapists: { count: 2, mixedGenderDyad: true },
};
