export { simulatePk, exposureSummary, recoverEnzyme, gutAmount, PkSystem } from "./model.js";
export type { PkIndividual, Dose, PkTrace, ExposureSummary, PkRunOptions } from "./model.js";
export { typicalPk, samplePkIndividual, sampleCyp2d6Phenotype, cyp2d6Activity, CYP2D6_PHENOTYPES } from "./individual.js";
export type { Cyp2d6Phenotype } from "./individual.js";
