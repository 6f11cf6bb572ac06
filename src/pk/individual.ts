/** Typical and sampled PK parameters, and CYP2D6 metabolizer phenotypes. */
import type { Parameters } from "../params/table.js";
import type { Rng } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";
import type { PkIndividual } from "./model.js";

export const CYP2D6_PHENOTYPES = ["poor", "intermediate", "normal", "ultrarapid"] as const;
export type Cyp2d6Phenotype = (typeof CYP2D6_PHENOTYPES)[number];

/** CYP2D6 activity of a phenotype relative to a normal metabolizer. */
export function cyp2d6Activity(p: Parameters, phenotype: Cyp2d6Phenotype): number {
  switch (phenotype) {
    case "poor":
      return p["cyp2d6.poorActivity"];
    case "intermediate":
      return p["cyp2d6.intermediateActivity"];
    case "ultrarapid":
      return p["cyp2d6.ultrarapidActivity"];
    default:
      return 1;
  }
}

/** Draw a phenotype from the population frequencies (normal metabolizers are the remainder). */
export function sampleCyp2d6Phenotype(rng: Rng, p: Parameters): Cyp2d6Phenotype {
  const u = rng.uniform();
  const poor = p["cyp2d6.poorFraction"];
  const intermediate = poor + p["cyp2d6.intermediateFraction"];
  const ultra = intermediate + p["cyp2d6.ultrarapidFraction"];
  if (u < poor) return "poor";
  if (u < intermediate) return "intermediate";
  if (u < ultra) return "ultrarapid";
  return "normal";
}

/** The typical participant of a phenotype: every between-subject effect at zero. */
export function typicalPk(p: Parameters, phenotype: Cyp2d6Phenotype = "normal"): PkIndividual {
  return {
    kaPerH: p["pk.kaPerH"],
    meanTransitTimeH: p["pk.meanTransitTimeH"],
    transitCompartments: Math.round(p["pk.transitCompartments"]),
    volumeL: p["pk.volumeL"],
    clOtherLPerH: p["pk.clOtherLPerH"],
    clCyp2d6LPerH: p["pk.clCyp2d6LPerH"] * cyp2d6Activity(p, phenotype),
    kinactPerH: p["pk.kinactPerH"],
    kiMgPerL: p["pk.kiMgPerL"],
    kdegPerH: Math.LN2 / p["pk.cyp2d6RecoveryHalfLifeH"],
  };
}

/** A participant's PK parameters: the typical values times independent log-normal factors. */
export function samplePkIndividual(rng: Rng, p: Parameters, phenotype: Cyp2d6Phenotype): PkIndividual {
  const typical = typicalPk(p, phenotype);
  const f = (logSd: number) => Math.exp(logSd * standardNormal(rng));
  return {
    ...typical,
    kaPerH: typical.kaPerH * f(p["pk.bsv.kaLogSd"]),
    meanTransitTimeH: typical.meanTransitTimeH * f(p["pk.bsv.meanTransitTimeLogSd"]),
    volumeL: typical.volumeL * f(p["pk.bsv.volumeLogSd"]),
    clOtherLPerH: typical.clOtherLPerH * f(p["pk.bsv.clOtherLogSd"]),
    clCyp2d6LPerH: typical.clCyp2d6LPerH * f(p["pk.bsv.clCyp2d6LogSd"]),
  };
}
