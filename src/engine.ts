/**
 * `mdma-trial-sim/engine`: the engine's parts, for extending the simulator and for the Node
 * layer's workers: named random streams and samplers, the PK and vital-sign systems, one drug
 * session, the chunked Monte Carlo runner and its mergeable partial results, the calibration's
 * machinery. Everything in the public API (`mdma-trial-sim`) is here too. These names carry no
 * stability promise between versions; prefer the public API. Browser-safe (no `node:` imports).
 */
export { ValidationError, AbortError, formatPath } from "./errors.js";
export type { ValidationIssue, StageReached } from "./errors.js";
export { VERSION } from "./version.js";

// Protocol: the design as validated data.
export * from "./protocol/index.js";

// Randomness underneath everything.
export * from "./random/index.js";

// Parameters: one table, with sources.
export * from "./params/index.js";

// Participants.
export { sampleParticipant, populationModel, SCREEN_FAIL_REASONS } from "./participants/participant.js";
export type { Participant, Screening, ScreenFailReason, PopulationModel } from "./participants/participant.js";
export { truncatedMoments, enrolledBaselineDistribution } from "./participants/baseline.js";

// Pharmacokinetics.
export * from "./pk/index.js";

// Vital signs and drug sessions.
export { simulateVitals, sampleVitalsIndividual } from "./vitals/model.js";
export type { VitalsIndividual, VitalValues } from "./vitals/model.js";
export { simulateSession } from "./session/simulate.js";
export type { SessionPlan, SessionOutcome, SessionEvent, Reading, DoseRecord, Sample, Detail } from "./session/simulate.js";

// Outcomes: the course of a participant.
export { simulateCourse, continueCourse, courseSetting, simulatePlannedSessions, DAYS_PER_MONTH } from "./outcomes/course.js";
export type { CourseOutcome, AssessmentOutcome, RatingParts, BlindingOutcome, CourseSetting } from "./outcomes/course.js";
export { outcomeModel, isResponder, lostDiagnosis, inRemission, sampleTrialEffects, TYPICAL_TRIAL } from "./outcomes/efficacy.js";
export type { TrialEffects, PopulationBaseline } from "./outcomes/efficacy.js";
export { runOutcomeModel, newOutcomeRecord, drugFraction, trueBaseline } from "./outcomes/model.js";
export type { OutcomeModel, OutcomeInputs, OutcomeRecord, CourseDraws } from "./outcomes/model.js";
export { coursePlan, trialBlinding } from "./outcomes/plan.js";
export type { CoursePlan, PlannedDrugSession, PlannedVisit, TrialBlinding } from "./outcomes/plan.js";
export { drawCourse } from "./outcomes/draws.js";

// Beliefs: what participants, therapists and raters think was given.
export { priorLogOdds, updateLogOdds, beliefFromLogOdds, guessFromBelief } from "./belief/belief.js";
export type { Guess, BeliefModel, PlaceboKind } from "./belief/belief.js";
export { mdmaIntensity, sessionIntensity, perceivedIntensity } from "./belief/subjective.js";
export { simulateParticipant, courseTimelineEvents } from "./outcomes/participant.js";
export type { ParticipantOptions, ParticipantResult, TimelineEvent } from "./outcomes/participant.js";

// Statistics: the analyses the papers used, checked against R.
export * from "./analysis/index.js";

// Trials: randomization, replicates, analyses, power.
export { TrialDesignSchema, resolveDesign, splitByWeights, ANALYSES, DESIGN_SIZE_BOUNDS } from "./trial/design.js";
export type { TrialDesignInput, TrialDesign, ResolvedDesign, AnalysisName } from "./trial/design.js";
export { analyzeTrial } from "./trial/analyze.js";
export type { TrialResult, ArmResult, ComparisonResult } from "./trial/analyze.js";
export type { TrialsSummary, ArmSummary, ComparisonSummary, DistributionSummary } from "./trial/summary.js";
export { simulateTrials, simulateTrialsSync, simulateTrial, simulateNormalTrials, protocolTask, designWithNPerArm, DISCLAIMER } from "./trial/api.js";
export { buildTask, localChunkRunner } from "./trial/tasks.js";
export type { RunSpec, ChunkRunner } from "./trial/tasks.js";
export { powerGridTask, gridSelection } from "./trial/power-grid.js";
export type { PowerGridRunSpec, GridSelection } from "./trial/power-grid.js";
export type { ProtocolRunSpec, NormalRunSpec, TrialsRun, NormalRun, Provenance, ParameterDraws, ParameterDraw } from "./trial/api.js";
export type { SimulatedTrial } from "./trial/simulate.js";
export { runChunksAsync, runChunksSync, runChunk, mergeChunks, chunkBounds, DEFAULT_CHUNK_SIZE, RUN_OPTION_BOUNDS, WORKER_COUNT_BOUNDS } from "./trial/engine.js";
export type { ChunkTask, RunOptions, Progress, RunOutcome, ChunkResult } from "./trial/engine.js";
export { NormalScenarioSchema, normalDrawsPerTrial, NORMAL_SCENARIO_BOUNDS } from "./trial/normal.js";
export { DEFAULT_INPUT_LIMITS, INPUT_LIMIT_REASONS } from "./input.js";
export type { NormalScenarioInput, NormalSummary, NormalRow } from "./trial/normal.js";
export { powerCurve, sampleSizeSearch, POWER_BOUNDS } from "./trial/power-search.js";
export type { PowerPoint, SampleSizeResult, Runner } from "./trial/power-search.js";
export { hashJson, canonicalJson } from "./hash.js";

// Calibration to the Phase 2 results.
export * from "./calibration/index.js";

// Sanity-checking published results.
export * from "./check/index.js";

// Pictures and notebooks.
export * as charts from "./charts/index.js";
export * from "./display/index.js";
export { SHARD_FORMAT, shardEnvelope, checkShards, shardSpecIssues } from "./shard.js";
export type { ShardEnvelope, ShardSpec } from "./shard.js";
export { simulateTrialsShard, powerCurveShard, mergeTrialsShards, mergePowerShards, shardToJson, parseShardJson } from "./trial/shards.js";
export type { TrialsShard, ShardRunOptions } from "./trial/shards.js";

// Text formatting (the one number formatter).
export { formatNumber } from "./format.js";
