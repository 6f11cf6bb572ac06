/**
 * A participant: who they are (sex, age, baseline severity and vitals, CYP2D6 phenotype), how
 * they handle the drug (PK parameters) and how much they respond (a multiplier shared by all
 * sessions), and how many candidates were screened out before them.
 *
 * Each participant is replayable from (seed, trial, participant): everything here is drawn from
 * streams named ["trial", t, "participant", i, purpose].
 */
import type { Parameters } from "../params/table.js";
import { EXCLUSIONS, type Protocol, type Exclusion } from "../protocol/schema.js";
import { SCALES } from "../protocol/scales.js";
import { streamPrefix, type StreamRoot } from "../random/rng.js";
import { standardNormal, truncatedNormal, type Sampler } from "../random/samplers.js";
import { samplePkIndividual, sampleCyp2d6Phenotype, type Cyp2d6Phenotype } from "../pk/individual.js";
import type { PkIndividual } from "../pk/model.js";
import { sampleVitalsIndividual, type VitalsIndividual } from "../vitals/model.js";
import { enrolledBaselineDistribution, type BaselineDistribution } from "./baseline.js";
import { ValidationError } from "../errors.js";

export const SCREEN_FAIL_REASONS = ["below-entry-threshold", ...EXCLUSIONS] as const;
export type ScreenFailReason = (typeof SCREEN_FAIL_REASONS)[number];

export interface Screening {
  /** Candidates screened for this place, the enrolled participant included. */
  readonly candidatesScreened: number;
  /** Screen failures by first reason found (a candidate is counted once). */
  readonly failures: Readonly<Partial<Record<ScreenFailReason, number>>>;
}

export interface Participant {
  readonly trial: number;
  readonly index: number;
  readonly armId: string;
  readonly sex: "female" | "male";
  readonly ageYears: number;
  /** Baseline total on the protocol's scale (an integer). */
  readonly baselineScore: number;
  readonly cyp2d6: Cyp2d6Phenotype;
  readonly pk: PkIndividual;
  readonly vitals: VitalsIndividual;
  /** log of the participant's responsiveness multiplier (0 = typical). */
  readonly responsivenessLog: number;
  readonly screening: Screening;
}

/**
 * What screening needs from a protocol, computed once per protocol. Enrolled baselines follow
 * the normal (μ, σ) truncated to [threshold, scale max] whose mean and SD are the population's
 * reported ones. How many referred candidates fall below the threshold is not something the
 * trials report, so it is a parameter of its own (screening.belowThresholdFraction).
 */
export interface PopulationModel {
  readonly enrolled: BaselineDistribution;
  readonly lower: number;
  readonly upper: number;
  readonly scaleMax: number;
  readonly threshold: number;
}

export function populationModel(protocol: Protocol): PopulationModel {
  const scale = SCALES[protocol.endpoints.scale];
  const threshold = protocol.eligibility.minimumBaselineScore;
  // Totals are integers: a total of `threshold` passes, so the continuous cut is half a point below.
  const lower = Math.max(scale.min - 0.5, threshold - 0.5);
  const upper = scale.max + 0.5;
  const enrolled = enrolledBaselineDistribution(protocol.population.baselineScore.mean, protocol.population.baselineScore.sd, lower, upper);
  return { enrolled, lower, upper, scaleMax: scale.max, threshold };
}

const samplerCache = new WeakMap<PopulationModel, WeakMap<Protocol, Map<number, { age: Sampler; severity: Sampler }>>>();

/** Age and baseline-severity samplers of a protocol's population, built once (they are the same for every participant). */
function screeningSamplers(protocol: Protocol, params: Parameters, population: PopulationModel): { age: Sampler; severity: Sampler } {
  let byProtocol = samplerCache.get(population);
  if (!byProtocol) samplerCache.set(population, (byProtocol = new WeakMap()));
  let byMaxAge = byProtocol.get(protocol);
  if (!byMaxAge) byProtocol.set(protocol, (byMaxAge = new Map()));
  const maxAge = params["population.maxAgeYears"];
  let samplers = byMaxAge.get(maxAge);
  if (!samplers) {
    samplers = {
      age: truncatedNormal(protocol.population.ageYears.mean, protocol.population.ageYears.sd, protocol.eligibility.minimumAgeYears, maxAge),
      severity: truncatedNormal(population.enrolled.mu, population.enrolled.sigma, population.lower, population.upper),
    };
    byMaxAge.set(maxAge, samplers);
  }
  return samplers;
}

const PREVALENCE: Record<Exclusion, (p: Parameters) => number> = {
  "cardiovascular-disease": (p) => p["screening.cardiovascularDiseasePrevalence"],
  "uncontrolled-hypertension": () => 0, // decided from the screening blood pressure instead
  psychosis: (p) => p["screening.psychosisPrevalence"],
  "bipolar-i": (p) => p["screening.bipolarIPrevalence"],
  "serotonergic-medication-not-taperable": (p) => p["screening.serotonergicMedicationPrevalence"],
  pregnancy: (p) => p["screening.pregnancyPrevalence"],
  "substance-use-disorder": (p) => p["screening.substanceUseDisorderPrevalence"],
};

/**
 * Screen candidates for place `index` of trial `trial` until one is eligible, then complete
 * that participant. Exclusions are checked in the protocol's order; a candidate is counted under
 * the first reason that excludes them.
 */
export function sampleParticipant(
  root: StreamRoot,
  protocol: Protocol,
  params: Parameters,
  population: PopulationModel,
  trial: number,
  index: number,
  armId = "",
): Participant {
  const key = streamPrefix(root, 5, ["trial", trial, "participant", index]);
  const rng = key.stream("screening");
  const { scaleMax, threshold } = population;
  const { age, severity } = screeningSamplers(protocol, params, population);
  const belowThreshold = threshold > 0 ? params["screening.belowThresholdFraction"] : 0;
  const womenFraction = protocol.population.percentWomen / 100;
  const failures: Partial<Record<ScreenFailReason, number>> = {};
  const maxCandidates = params["screening.maxCandidates"];
  for (let candidate = 1; candidate <= maxCandidates; candidate++) {
    const sex = rng.uniform() < womenFraction ? "female" : "male";
    const ageYears = age(rng);
    const below = rng.uniform() < belowThreshold;
    const baselineScore = Math.min(scaleMax, Math.max(threshold, Math.round(severity(rng))));
    const vitals = sampleVitalsIndividual(rng, params);
    let reason: ScreenFailReason | undefined = below ? "below-entry-threshold" : undefined;
    for (const exclusion of protocol.eligibility.exclusions) {
      // Every exclusion is drawn for every candidate so the stream does not depend on earlier outcomes.
      let excluded: boolean;
      if (exclusion === "uncontrolled-hypertension") {
        excluded =
          vitals.baseline.systolicMmHg >= params["screening.hypertensionSystolicMmHg"] ||
          vitals.baseline.diastolicMmHg >= params["screening.hypertensionDiastolicMmHg"];
      } else if (exclusion === "pregnancy") {
        excluded = rng.uniform() < PREVALENCE.pregnancy(params) && sex === "female";
      } else {
        excluded = rng.uniform() < PREVALENCE[exclusion](params);
      }
      if (excluded && reason === undefined) reason = exclusion;
    }
    if (reason !== undefined) {
      failures[reason] = (failures[reason] ?? 0) + 1;
      continue;
    }
    const pkRng = key.stream("pk");
    const cyp2d6 = sampleCyp2d6Phenotype(pkRng, params);
    const pk = samplePkIndividual(pkRng, params, cyp2d6);
    const outcomeRng = key.stream("responsiveness");
    const responsivenessLog = params["efficacy.responsivenessLogSd"] * standardNormal(outcomeRng);
    return {
      trial,
      index,
      armId,
      sex,
      ageYears,
      baselineScore,
      cyp2d6,
      pk,
      vitals,
      responsivenessLog,
      screening: { candidatesScreened: candidate, failures },
    };
  }
  throw new ValidationError("protocol", [
    {
      path: "eligibility.exclusions",
      rule: "recruitable",
      message: `no eligible candidate among ${maxCandidates} screened for trial ${trial}, place ${index}: the eligibility rules and the screening parameters exclude almost everyone`,
    },
  ]);
}
