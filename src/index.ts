/**
 * mdma-trial-sim: seeded Monte Carlo simulation of clinical trials of MDMA-assisted therapy
 * for PTSD. For research and teaching; not medical advice.
 *
 * This entry point is browser-safe (no `node:` imports). Worker pools, files and the CLI are
 * in `mdma-trial-sim/node`.
 */
export { ValidationError, formatPath } from "./errors.js";
export type { ValidationIssue } from "./errors.js";
export { VERSION } from "./version.js";

// Protocol: the design as validated data.
export * from "./protocol/index.js";

// Randomness underneath everything.
export * from "./random/index.js";

// Parameters: one table, with sources.
export { PARAMETER_TABLE } from "./params/table.js";
export type { ParameterEntry, ParameterKey, ParameterStatus, Parameters } from "./params/table.js";
export { defaultParameters } from "./params/defaults.js";
export { resolveParameters, parameterTable, formatParameterTable } from "./params/resolve.js";
export type { ParameterOverrides } from "./params/resolve.js";

// Participants.
export { sampleParticipant, populationModel, SCREEN_FAIL_REASONS } from "./participants/participant.js";
export type { Participant, Screening, ScreenFailReason, PopulationModel } from "./participants/participant.js";
export { truncatedMoments, enrolledBaselineDistribution } from "./participants/baseline.js";

// Pharmacokinetics.
export { simulatePk, exposureSummary, recoverEnzyme, gutAmount, PkSystem } from "./pk/model.js";
export type { PkIndividual, Dose, PkTrace, ExposureSummary, PkRunOptions } from "./pk/model.js";
export { typicalPk, samplePkIndividual, sampleCyp2d6Phenotype, cyp2d6Activity, CYP2D6_PHENOTYPES } from "./pk/individual.js";
export type { Cyp2d6Phenotype } from "./pk/individual.js";

// Vital signs and drug sessions.
export { simulateVitals, sampleVitalsIndividual } from "./vitals/model.js";
export type { VitalsIndividual, VitalValues } from "./vitals/model.js";
export { simulateSession } from "./session/simulate.js";
export type { SessionPlan, SessionOutcome, SessionEvent, Reading, DoseRecord, Sample, Detail } from "./session/simulate.js";

// Outcomes: the course of a participant.
export { simulateCourse, continueCourse, DAYS_PER_MONTH } from "./outcomes/course.js";
export type { CourseOutcome, AssessmentOutcome, CourseOptions } from "./outcomes/course.js";
export { efficacyModel, exposureResponse, isResponder, lostDiagnosis, inRemission, sampleTrialEffects, TYPICAL_TRIAL } from "./outcomes/efficacy.js";
export type { TrialEffects, EfficacyModel } from "./outcomes/efficacy.js";
export { simulateParticipant, courseTimelineEvents } from "./outcomes/participant.js";
export type { ParticipantOptions, ParticipantResult, TimelineEvent } from "./outcomes/participant.js";
