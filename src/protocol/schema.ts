/**
 * The protocol is data: a JSON-serializable description of a trial's arms, schedule, session
 * rules, eligibility, population, endpoints, blinding and open-label phases. This file holds the
 * *structure* (types, ranges from `bounds.ts`, enumerations, unknown fields rejected); the
 * clinical cross-field rules live in `rules/` and run in the same pass so users see every
 * problem at once.
 */
import * as z from "zod/mini";
import { SCALE_IDS } from "./scales.js";
import { PROTOCOL_BOUNDS } from "./bounds.js";
import { bounded, boundedList, boundedString, day, id } from "./schema-helpers.js";

const finite = () => z.number();

export const SupplementalDoseSchema = z.strictObject({
  /** Supplemental dose in mg, offered once if no rule withholds it. */
  mg: bounded("arms[].sessions[].supplemental.mg"),
  /** Hours after the initial dose during which it is offered. */
  offeredAtH: z.strictObject({
    earliest: bounded("arms[].sessions[].supplemental.offeredAtH"),
    latest: bounded("arms[].sessions[].supplemental.offeredAtH"),
  }),
});

const dosingFields = {
  /** Initial oral dose in mg (0 for an inactive placebo or an active comparator). */
  initialMg: bounded("arms[].sessions[].initialMg"),
  /** Optional supplemental dose; omitted when none is offered. */
  supplemental: z.optional(SupplementalDoseSchema),
};

export const SessionDosingSchema = z.strictObject(dosingFields);

export const ActiveComparatorSchema = z
  .strictObject({
    /** The drug given instead of MDMA (for example "methylphenidate 40 mg"). */
    name: boundedString("arms[].activeComparator.name"),
    /** How strong its subjective effects feel relative to 125 mg MDMA: 0 none, 1 as strong. */
    subjectiveIntensity: bounded("arms[].activeComparator.subjectiveIntensity"),
  })
  .register(z.globalRegistry, { description: "An active comparator drug given instead of MDMA (only on an arm whose MDMA doses are all 0)" });

export const ArmSchema = z.strictObject({
  id: id(),
  label: boundedString("label"),
  /** Allocation weight used by randomization (1:1, 2:1:1, ...). */
  allocation: z._default(bounded("arms[].allocation"), 1),
  /** Number randomized in the published trial (used when a trial size is not given). */
  plannedN: z.optional(bounded("arms[].plannedN")),
  /** Dosing for each experimental session, in order. */
  sessions: boundedList(SessionDosingSchema, "arms[].sessions"),
  /** An active comparator drug given instead of MDMA; only on an arm whose MDMA doses are all 0. */
  activeComparator: z.optional(ActiveComparatorSchema),
});

const nonDrugDuration = () => bounded("nonDrugDurationMin");
/** Planned length of a drug session in hours (the documented protocol: up to 8 h). */
const drugDuration = () => bounded("drugDurationH");

export const PreparatorySessionSchema = z.strictObject({ day: day(), durationMin: nonDrugDuration() });
export const ExperimentalSessionSchema = z.strictObject({
  day: day(),
  /** Planned length of the drug session in hours (the documented protocol: up to 8 h). */
  durationH: drugDuration(),
});
export const IntegrationSessionSchema = z.strictObject({
  day: day(),
  durationMin: nonDrugDuration(),
  /** Index (0-based) of the experimental session this integration session follows. */
  afterSession: bounded("afterSession"),
});

export const ASSESSMENT_KINDS = ["baseline", "post-session", "primary", "follow-up"] as const;
export const AssessmentSchema = z.strictObject({
  id: id(),
  day: day(),
  kind: z.enum(ASSESSMENT_KINDS),
  label: boundedString("label"),
});

export const ScheduleSchema = z.strictObject({
  preparatory: boundedList(PreparatorySessionSchema, "schedule.preparatory"),
  experimental: boundedList(ExperimentalSessionSchema, "schedule.experimental"),
  integration: boundedList(IntegrationSessionSchema, "schedule.integration"),
  assessments: boundedList(AssessmentSchema, "schedule.assessments"),
  /** Participants stay overnight at the site after each drug session. */
  overnightStay: z.boolean(),
  /** Set to run a course longer or shorter than the consensus 8-16 weeks, with the reason. */
  extendedCourse: z.optional(z.strictObject({ reason: boundedString("reason") })),
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
  reference: z._default(z.enum(["absolute", "baseline"]), "absolute"),
  actions: boundedList(z.enum(THRESHOLD_ACTIONS), "sessionRules.thresholds[].actions"),
  /** For "repeat-reading": minutes until the repeat (at least 1). */
  repeatAfterMin: z.optional(bounded("sessionRules.thresholds[].repeatAfterMin")),
});

export const PRE_SESSION_CHECKS = ["breath-alcohol", "urine-drug-screen", "pregnancy-test"] as const;

const readingTimes = () => boundedList(bounded("sessionRules.vitals.readingH"), "sessionRules.vitals.readings");

export const SessionRulesSchema = z.strictObject({
  vitals: z.strictObject({
    /** Hours after the initial dose at which blood pressure and heart rate are read. */
    bloodPressureAndHeartRateH: readingTimes(),
    /** Hours after the initial dose at which body temperature is read. */
    temperatureH: readingTimes(),
  }),
  thresholds: boundedList(ThresholdSchema, "sessionRules.thresholds"),
  /** Keep monitoring past the planned end until every reading is back under its thresholds. */
  monitorUntilBelowThresholds: z.boolean(),
  preSessionChecks: boundedList(z.enum(PRE_SESSION_CHECKS), "sessionRules.preSessionChecks"),
  therapists: z.strictObject({ count: bounded("sessionRules.therapists.count"), mixedGenderDyad: z.boolean() }),
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
  /** Entry threshold on the endpoint scale (CAPS-IV ≥ 50 in Phase 2); a whole number, as totals are. */
  minimumBaselineScore: bounded("eligibility.minimumBaselineScore"),
  minimumAgeYears: z._default(bounded("eligibility.minimumAgeYears"), 18),
  exclusions: boundedList(z.enum(EXCLUSIONS), "eligibility.exclusions"),
});

export const PopulationSchema = z.strictObject({
  /** Mean and SD of the baseline total on the endpoint scale among those enrolled. */
  baselineScore: z.strictObject({ mean: bounded("population.baselineScore.mean"), sd: bounded("population.baselineScore.sd") }),
  ageYears: z.strictObject({ mean: bounded("population.ageYears.mean"), sd: bounded("population.ageYears.sd") }),
  /** Share of women among participants, in percent. */
  percentWomen: bounded("population.percentWomen"),
});

export const ResponseDefinitionSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("percent-reduction"),
    /** Responder when the reduction from baseline is strictly greater than this percentage (MP-1: > 30%). */
    percent: bounded("endpoints.response.percent"),
  }),
  z.strictObject({
    kind: z.literal("point-reduction"),
    /** Responder when the total falls by at least this many points (Phase 3, CAPS-5: ≥ 10). */
    points: bounded("endpoints.response.points"),
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
  lossOfDiagnosis: z.strictObject({ belowScore: bounded("endpoints.lossOfDiagnosis.belowScore") }),
  /** Remission: total at or below `maxScore`, and, if required, loss of diagnosis. */
  remission: z.strictObject({ maxScore: bounded("endpoints.remission.maxScore"), requireLossOfDiagnosis: z.boolean() }),
});

export const PROVENANCE_STATUSES = ["published", "derived", "assumed"] as const;
export type ProvenanceStatus = (typeof PROVENANCE_STATUSES)[number];

export const ProvenanceSchema = z.strictObject({
  /** Path of the protocol field this note is about (`arms[0].sessions[0].supplemental.offeredAtH`). */
  path: boundedString("provenance[].path"),
  status: z.enum(PROVENANCE_STATUSES),
  source: boundedString("provenance[].source"),
});

export const PLACEBO_KINDS = ["inactive", "low-dose-mdma", "active-comparator"] as const;
/** What the control arm receives: an inactive placebo, a low dose of MDMA, or another active drug. */
export type PlaceboKind = (typeof PLACEBO_KINDS)[number];
export const OUTCOME_RATERS = ["independent", "site-therapists"] as const;
export const PARTICIPANT_GUESS_TIMINGS = ["after-each-session", "end-of-blinded-phase", "none"] as const;
export const RATER_GUESS_TIMINGS = ["at-primary", "none"] as const;

export const GuessScheduleSchema = z
  .strictObject({
    /** When participants state which arm they believe they are in. */
    participant: z._default(z.enum(PARTICIPANT_GUESS_TIMINGS), "end-of-blinded-phase"),
    /** When the therapists state which arm they believe each participant is in. */
    therapist: z._default(z.enum(PARTICIPANT_GUESS_TIMINGS), "end-of-blinded-phase"),
    /** When the outcome rater states a guess (at the primary assessment, or never). */
    rater: z._default(z.enum(RATER_GUESS_TIMINGS), "at-primary"),
  })
  .register(z.globalRegistry, { description: "When participants, therapists and outcome raters are asked which arm they believe a participant is in" });

export const BlindingSchema = z
  .strictObject({
    /**
     * What the control arm receives. When omitted it is inferred from the control arm (all doses 0
     * and no comparator: "inactive"; an MDMA dose: "low-dose-mdma"; a comparator: "active-comparator");
     * when given it must agree with the control arm (rule placebo-matches-control-arm).
     */
    placebo: z.optional(z.enum(PLACEBO_KINDS)).register(z.globalRegistry, { description: "What the control arm receives; inferred from the control arm when omitted, and must agree with it when given" }),
    /** Who rates the outcome: independent raters who never attend the sessions, or the site's therapists. */
    outcomeRater: z._default(z.enum(OUTCOME_RATERS), "independent").register(z.globalRegistry, { description: "independent: raters who never attend the sessions; site-therapists: the therapists who ran them" }),
    guesses: z.prefault(GuessScheduleSchema, {}),
    /** The assessment after which allocation is revealed (default: the primary); at or after the primary. */
    unblindAfterAssessmentId: z.optional(id()).register(z.globalRegistry, { description: "The assessment after which allocation is revealed; defaults to the primary assessment and may not come before it" }),
  })
  .register(z.globalRegistry, { description: "Who is blinded, what the control arm receives, who rates outcomes and when allocation is revealed" });

export const OpenLabelSessionSchema = z.strictObject({
  day: day(),
  /** Planned length of the drug session in hours (at most 8 h, as for blinded sessions). */
  durationH: drugDuration(),
  /** Initial oral dose of MDMA in mg (above 0: the phase gives MDMA). */
  initialMg: bounded("openLabel[].sessions[].initialMg"),
  /** Optional supplemental dose; omitted when none is offered. */
  supplemental: z.optional(SupplementalDoseSchema),
});

export const OpenLabelPhaseSchema = z
  .strictObject({
    id: id(),
    label: boundedString("label"),
    /** The arms whose participants take part (each arm in at most one phase). */
    arms: boundedList(id(), "openLabel[].arms"),
    /** Preparatory non-drug sessions before the phase's first drug session (MP-8, MP-12: one). */
    preparatory: z._default(boundedList(PreparatorySessionSchema, "openLabel[].preparatory"), []),
    /** The open-label drug sessions, in order: 1-3, at least 21 days apart, after unblinding. */
    sessions: boundedList(OpenLabelSessionSchema, "openLabel[].sessions"),
    /** Integration sessions; `afterSession` is the 0-based index of the phase's own session. */
    integration: z._default(boundedList(IntegrationSessionSchema, "openLabel[].integration"), []),
  })
  .register(z.globalRegistry, { description: "An open-label phase after unblinding: which arms take part, and its sessions and doses" });

export const ProtocolSchema = z.strictObject({
  id: id(),
  title: boundedString("title"),
  /** Full citation of the design this protocol describes. */
  citation: boundedString("citation"),
  arms: boundedList(ArmSchema, "arms"),
  /** The comparator arm (placebo or lowest dose); must name an arm. */
  controlArmId: id(),
  schedule: ScheduleSchema,
  sessionRules: SessionRulesSchema,
  eligibility: EligibilitySchema,
  population: PopulationSchema,
  endpoints: EndpointsSchema,
  /** Who is blinded, what the control arm receives, who rates outcomes, and when allocation is revealed. */
  blinding: z.prefault(BlindingSchema, {}),
  /** Phases after unblinding in which some arms' participants receive open-label MDMA. */
  openLabel: z._default(boundedList(OpenLabelPhaseSchema, "openLabel"), []).register(z.globalRegistry, {
    description: "Phases after unblinding in which some arms' participants receive open-label MDMA (crossover or extra sessions)",
  }),
  /** Where each figure came from. Anything not listed is documented in the citation. */
  provenance: z._default(boundedList(ProvenanceSchema, "provenance"), []),
});

/** A protocol as users write it (defaulted fields optional). */
export type ProtocolInput = z.input<typeof ProtocolSchema>;
type ParsedProtocol = z.output<typeof ProtocolSchema>;
/** The blinding setup with every default filled in, the placebo kind and the unblinding assessment included. */
export type Blinding = Omit<ParsedProtocol["blinding"], "placebo" | "unblindAfterAssessmentId"> & {
  placebo: PlaceboKind;
  unblindAfterAssessmentId: string;
};
/** A validated protocol with every default filled in. */
export type Protocol = Omit<ParsedProtocol, "blinding"> & { blinding: Blinding };
export type Arm = Protocol["arms"][number];
export type SessionDosing = Arm["sessions"][number];
export type ActiveComparator = NonNullable<Arm["activeComparator"]>;
export type Schedule = Protocol["schedule"];
export type SessionRules = Protocol["sessionRules"];
export type Threshold = SessionRules["thresholds"][number];
export type Endpoints = Protocol["endpoints"];
export type ResponseDefinition = Endpoints["response"];
export type Assessment = Schedule["assessments"][number];
export type Population = Protocol["population"];
export type Eligibility = Protocol["eligibility"];
export type OpenLabelPhase = Protocol["openLabel"][number];
export type OpenLabelSession = OpenLabelPhase["sessions"][number];
export type GuessSchedule = Blinding["guesses"];
