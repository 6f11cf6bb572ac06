/**
 * The protocol is data: a JSON-serializable description of a trial's arms, schedule, session
 * rules, eligibility, population and endpoints. This file holds the *structure* (types, ranges,
 * enumerations, unknown fields rejected); the clinical cross-field rules live in `rules.ts` and
 * run in the same pass so users see every problem at once.
 */
import * as z from "zod";
import { SCALE_IDS } from "./scales.js";

const finite = () => z.number();
const nonNegative = () => z.number().min(0);
const positive = () => z.number().positive();
const day = () => z.int().min(0);
const id = () =>
  z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "must be a lower-case id of letters, digits, '-' or '_'" });

export const SupplementalDoseSchema = z.strictObject({
  /** Supplemental dose in mg, offered once if no rule withholds it. */
  mg: positive(),
  /** Hours after the initial dose during which it is offered. */
  offeredAtH: z.strictObject({ earliest: nonNegative(), latest: nonNegative() }),
});

export const SessionDosingSchema = z.strictObject({
  /** Initial oral dose in mg (0 for an inactive placebo). */
  initialMg: nonNegative(),
  /** Optional supplemental dose; omitted when none is offered. */
  supplemental: SupplementalDoseSchema.optional(),
});

export const ArmSchema = z.strictObject({
  id: id(),
  label: z.string().min(1),
  /** Allocation weight used by randomization (1:1, 2:1:1, ...). */
  allocation: positive().default(1),
  /** Number randomized in the published trial (used when a trial size is not given). */
  plannedN: z.int().positive().optional(),
  /** Dosing for each experimental session, in order. */
  sessions: z.array(SessionDosingSchema).min(1, { error: "an arm needs dosing for at least one experimental session" }),
});

export const PreparatorySessionSchema = z.strictObject({ day: day(), durationMin: positive() });
export const ExperimentalSessionSchema = z.strictObject({
  day: day(),
  /** Planned length of the drug session in hours (the documented protocol: up to 8 h). */
  durationH: positive().max(8, { error: "drug sessions last at most 8 hours in the documented protocol" }),
});
export const IntegrationSessionSchema = z.strictObject({
  day: day(),
  durationMin: positive(),
  /** Index (0-based) of the experimental session this integration session follows. */
  afterSession: z.int().min(0),
});

export const ASSESSMENT_KINDS = ["baseline", "post-session", "primary", "follow-up"] as const;
export const AssessmentSchema = z.strictObject({
  id: id(),
  day: day(),
  kind: z.enum(ASSESSMENT_KINDS),
  label: z.string().min(1),
});

export const ScheduleSchema = z.strictObject({
  preparatory: z.array(PreparatorySessionSchema),
  experimental: z
    .array(ExperimentalSessionSchema)
    .min(1, { error: "a course needs at least one experimental (drug) session" })
    .max(3, { error: "the documented protocol has 2-3 experimental sessions; more than 3 is outside it" }),
  integration: z.array(IntegrationSessionSchema),
  assessments: z.array(AssessmentSchema).min(2, { error: "a trial needs at least a baseline and a primary assessment" }),
  /** Participants stay overnight at the site after each drug session. */
  overnightStay: z.boolean(),
  /** Set to run a course longer or shorter than the consensus 8-16 weeks, with the reason. */
  extendedCourse: z.strictObject({ reason: z.string().min(1) }).optional(),
});

export const VITAL_MEASURES = ["systolicMmHg", "diastolicMmHg", "heartRateBpm", "temperatureC"] as const;
export type VitalMeasure = (typeof VITAL_MEASURES)[number];
export const THRESHOLD_ACTIONS = ["withhold-supplemental", "repeat-reading", "alert-physician", "intervention"] as const;
export type ThresholdAction = (typeof THRESHOLD_ACTIONS)[number];

export const ThresholdSchema = z.strictObject({
  id: id(),
  measure: z.enum(VITAL_MEASURES),
  /** The rule fires when a reading is strictly above this value. */
  above: finite(),
  /** "absolute": `above` is the value itself; "baseline": `above` is a rise over the pre-dose reading. */
  reference: z.enum(["absolute", "baseline"]).default("absolute"),
  actions: z.array(z.enum(THRESHOLD_ACTIONS)).min(1),
  /** For "repeat-reading": minutes until the repeat. */
  repeatAfterMin: positive().optional(),
});

export const PRE_SESSION_CHECKS = ["breath-alcohol", "urine-drug-screen", "pregnancy-test"] as const;

export const SessionRulesSchema = z.strictObject({
  vitals: z.strictObject({
    /** Hours after the initial dose at which blood pressure and heart rate are read. */
    bloodPressureAndHeartRateH: z.array(nonNegative()).min(1),
    /** Hours after the initial dose at which body temperature is read. */
    temperatureH: z.array(nonNegative()).min(1),
  }),
  thresholds: z.array(ThresholdSchema),
  /** Keep monitoring past the planned end until every reading is back under its thresholds. */
  monitorUntilBelowThresholds: z.boolean(),
  preSessionChecks: z.array(z.enum(PRE_SESSION_CHECKS)),
  therapists: z.strictObject({ count: z.int().min(1).max(4), mixedGenderDyad: z.boolean() }),
});

export const EXCLUSIONS = [
  "cardiovascular-disease",
  "uncontrolled-hypertension",
  "psychosis",
  "bipolar-i",
  "serotonergic-medication-not-taperable",
  "pregnancy",
  "substance-use-disorder",
] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];

export const EligibilitySchema = z.strictObject({
  /** Entry threshold on the endpoint scale (CAPS-IV ≥ 50 in Phase 2). */
  minimumBaselineScore: nonNegative(),
  minimumAgeYears: z.int().min(18, { error: "trials of MDMA-assisted therapy enrol adults (18 or older)" }).default(18),
  exclusions: z.array(z.enum(EXCLUSIONS)),
});

export const PopulationSchema = z.strictObject({
  /** Mean and SD of the baseline total on the endpoint scale among those enrolled. */
  baselineScore: z.strictObject({ mean: nonNegative(), sd: positive() }),
  ageYears: z.strictObject({ mean: positive(), sd: positive() }),
  /** Share of women among participants, in percent. */
  percentWomen: z.number().min(0).max(100),
});

export const ResponseDefinitionSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("percent-reduction"),
    /** Responder when the reduction from baseline is strictly greater than this percentage (MP-1: > 30%). */
    percent: z.number().gt(0).lt(100),
  }),
  z.strictObject({
    kind: z.literal("point-reduction"),
    /** Responder when the total falls by at least this many points (Phase 3, CAPS-5: ≥ 10). */
    points: positive(),
  }),
]);

export const EndpointsSchema = z.strictObject({
  scale: z.enum(SCALE_IDS),
  primaryAssessmentId: id(),
  response: ResponseDefinitionSchema,
  /**
   * Loss of diagnosis. The model simulates totals, not items, so the diagnostic rule is
   * approximated by a total-score cutoff: diagnosis is lost when the total falls below it.
   */
  lossOfDiagnosis: z.strictObject({ belowScore: positive() }),
  /** Remission: total at or below `maxScore`, and, if required, loss of diagnosis. */
  remission: z.strictObject({ maxScore: nonNegative(), requireLossOfDiagnosis: z.boolean() }),
});

export const PROVENANCE_STATUSES = ["published", "derived", "assumed"] as const;
export type ProvenanceStatus = (typeof PROVENANCE_STATUSES)[number];

export const ProvenanceSchema = z.strictObject({
  /** Path of the protocol field this note is about (`arms[0].sessions[0].supplemental.offeredAtH`). */
  path: z.string().min(1),
  status: z.enum(PROVENANCE_STATUSES),
  source: z.string().min(1),
});

export const ProtocolSchema = z.strictObject({
  id: id(),
  title: z.string().min(1),
  /** Full citation of the design this protocol describes. */
  citation: z.string().min(1),
  arms: z.array(ArmSchema).min(1, { error: "a protocol needs at least one arm" }),
  /** The comparator arm (placebo or lowest dose); must name an arm. */
  controlArmId: id(),
  schedule: ScheduleSchema,
  sessionRules: SessionRulesSchema,
  eligibility: EligibilitySchema,
  population: PopulationSchema,
  endpoints: EndpointsSchema,
  /** Where each figure came from. Anything not listed is documented in the citation. */
  provenance: z.array(ProvenanceSchema).default([]),
});

/** A protocol as users write it (defaulted fields optional). */
export type ProtocolInput = z.input<typeof ProtocolSchema>;
/** A validated protocol with every default filled in. */
export type Protocol = z.output<typeof ProtocolSchema>;
export type Arm = Protocol["arms"][number];
export type SessionDosing = Arm["sessions"][number];
export type Schedule = Protocol["schedule"];
export type SessionRules = Protocol["sessionRules"];
export type Threshold = SessionRules["thresholds"][number];
export type Endpoints = Protocol["endpoints"];
export type ResponseDefinition = Endpoints["response"];
export type Assessment = Schedule["assessments"][number];
export type Population = Protocol["population"];
export type Eligibility = Protocol["eligibility"];
