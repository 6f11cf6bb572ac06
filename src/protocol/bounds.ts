/**
 * Every size and value a protocol may hold, with its plausible range, its unit and the reason
 * for the range, in one table. The schema builds its checks from this table (so the limits and
 * their documentation cannot drift apart), the clinical rules read the cross-field limits from it,
 * and the documentation can be generated from it ({@link protocolBoundsMarkdown}).
 *
 * A bound is enforced either by the schema alone (`rule: "schema"`) or by a named clinical
 * rule when the limit depends on another field (the endpoint scale, the session length, ...).
 * Either way it is checked when the protocol is validated, never later during simulation.
 */
import type { InputLimits } from "../input.js";

export interface ProtocolBound {
  /** Smallest allowed value, or the fewest items for a list, or the shortest string. */
  readonly min?: number;
  /** True when `min` itself is not allowed (the value must be strictly greater). */
  readonly minExclusive?: boolean;
  /** Largest allowed value, or the most items for a list, or the longest string. */
  readonly max?: number;
  /** True when `max` itself is not allowed (the value must be strictly smaller). */
  readonly maxExclusive?: boolean;
  /** The value must be a whole number. */
  readonly integer?: boolean;
  /** True when the upper limit is the endpoint scale's maximum (CAPS-IV 136, CAPS-5 80). */
  readonly upToScaleMax?: boolean;
  /** Unit of the value ("mg", "days", "items", "characters", ...). */
  readonly unit: string;
  /** Why this range: the evidence or the reasoning behind it. */
  readonly reason: string;
  /** The clinical rule (`ValidationIssue.rule`) that checks the part of the range depending on other fields. */
  readonly rule?: string;
  /** True when only `rule` checks the range (the schema cannot: it depends on other fields). */
  readonly ruleOnly?: boolean;
  /** Message when the value is below the range (defaults to the reason). */
  readonly belowMessage?: string;
  /** Message when the value is above the range (defaults to the reason). */
  readonly aboveMessage?: string;
}

const PHASE2_DAYS = "Phase 2 and 3 courses ran 10-18 weeks and follow-up reached 74 months after the last session (MP-1 LTFU)";

/** The table. Keys name the field in path form, `[]` standing for every item of a list. */
export const PROTOCOL_BOUNDS = {
  // ---- Identity and text ------------------------------------------------------------------
  id: { min: 1, max: 64, unit: "characters", reason: "ids are short machine names (\"mdma-125\", \"post-s1\")" },
  title: { min: 1, max: 300, unit: "characters", reason: "a one-line title" },
  citation: { min: 1, max: 2000, unit: "characters", reason: "one or a few full references" },
  label: { min: 1, max: 200, unit: "characters", reason: "a short human-readable name" },
  reason: { min: 1, max: 1000, unit: "characters", reason: "a sentence or a short paragraph" },
  // ---- Arms and doses ---------------------------------------------------------------------
  arms: { min: 1, max: 12, unit: "arms", reason: "MDMA trials had 2-3 arms; 12 leaves room for any dose-finding design while keeping per-arm results readable", belowMessage: "a protocol needs at least one arm" },
  "arms[].allocation": { min: 0.01, max: 100, unit: "weight", reason: "allocation weights are ratios (1:1, 3:2, 13:9:6); a ratio beyond 100:1 between two arms leaves one nearly empty" },
  "arms[].plannedN": { min: 1, max: 5000, integer: true, unit: "participants", reason: "Phase 2 arms randomized 4-13 and MAPP1 46 and 44 (FACTS.md §A1); 5,000 per arm is beyond any psychotherapy trial and keeps a simulated trial within memory" },
  "arms[].sessions": { min: 1, max: 3, unit: "sessions", reason: "one dosing per drug session of the schedule (1-3)", rule: "one-dosing-per-session", belowMessage: "an arm needs dosing for at least one experimental session" },
  "arms[].sessions[].initialMg": { min: 0, max: 187.5, unit: "mg", reason: "0 is an inactive placebo; no trial gave more than 125 + 62.5 mg in one session", rule: "max-studied-dose" },
  "arms[].sessions[].supplemental.mg": { min: 1, max: 187.5, unit: "mg", reason: "the smallest studied supplemental dose is 12.5 mg (MP-2) and it never exceeds the initial dose; below 1 mg is not a dose", rule: "supplemental-not-above-initial" },
  "arms[].sessions[].supplemental.offeredAtH": { min: 0, max: 8, unit: "h after the initial dose", reason: "offered within the drug session (at most 8 h); Phase 2 offered it at 1.5-2.5 h", rule: "supplemental-within-session" },
  "arms[].activeComparator.subjectiveIntensity": { min: 0, max: 1, unit: "fraction of 125 mg MDMA", reason: "how strong the comparator's subjective effects feel relative to 125 mg MDMA: 0 none, 1 as strong" },
  "arms[].activeComparator.name": { min: 1, max: 100, unit: "characters", reason: "a drug name" },
  sessionMg: { max: 187.5, unit: "mg", reason: "the largest planned dose per session in any trial the model is calibrated on (125 + 62.5 mg)", rule: "max-studied-dose", ruleOnly: true },
  // ---- Schedule ---------------------------------------------------------------------------
  day: { min: 0, max: 3653, integer: true, unit: "days from baseline", reason: `ten years from baseline: ${PHASE2_DAYS}` },
  "schedule.preparatory": { min: 0, max: 20, unit: "sessions", reason: "Phase 2 and 3 held 3 preparatory sessions; 20 is weekly preparation for most of a year" },
  "schedule.experimental": { min: 1, max: 3, unit: "sessions", reason: "the documented protocol has 2-3 drug sessions", belowMessage: "a course needs at least one experimental (drug) session", aboveMessage: "the documented protocol has 2-3 experimental sessions; more than 3 is outside it" },
  "schedule.integration": { min: 0, max: 40, unit: "sessions", reason: "Phase 2 held 3-4 integration sessions per drug session; 40 is weekly integration for the longest course and then some" },
  "schedule.assessments": { min: 2, max: 30, unit: "visits", reason: "at least a baseline and a primary visit; trials held 3-6", belowMessage: "a trial needs at least a baseline and a primary assessment" },
  nonDrugDurationMin: { min: 15, max: 480, unit: "min", reason: "preparatory and integration sessions ran 90 min in Phase 2; 15 min to 8 h covers a check-in to a full day" },
  drugDurationH: { min: 4, max: 8, unit: "h", reason: "drug sessions last 6-8 h (MP-9) and at most 8 h in the documented protocol; subjective effects last 4.2 h on average (Vizeli 2017), so a shorter session would end at their height", aboveMessage: "drug sessions last at most 8 hours in the documented protocol" },
  afterSession: { min: 0, integer: true, unit: "0-based session index", reason: "the index of one of the (at most 3) drug sessions it follows; the upper limit is the number of sessions less one, checked by rule known-session", rule: "known-session" },
  drugSessionSpacingDays: { min: 21, unit: "days", reason: "drug sessions are 3-5 weeks apart in the documented protocol", rule: "drug-session-spacing", ruleOnly: true },
  courseWeeks: { min: 8, max: 16, unit: "weeks", reason: "the consensus course of therapy (Sessa 2016), first to last therapy session of the blinded phase; schedule.extendedCourse overrides it with a reason", rule: "course-length", ruleOnly: true },
  // ---- Monitoring -------------------------------------------------------------------------
  "sessionRules.vitals.readingH": { min: 0, max: 12, unit: "h after the initial dose", reason: "scheduled readings fall within the session (rule reading-within-session); the outer limit is the longest session (8 h) plus the default longest extension of monitoring (session.maxExtensionH, 4 h)", rule: "reading-within-session" },
  "sessionRules.vitals.readings": { min: 1, max: 64, unit: "readings per kind", reason: "Phase 2 read blood pressure 13 times and temperature 7 times per session; 64 is one reading every 7.5 min for 8 h" },
  "sessionRules.thresholds": { min: 0, max: 32, unit: "rules", reason: "Phase 2 used 6; 32 is several levels for each of the 4 measures" },
  "sessionRules.thresholds[].actions": { min: 1, max: 4, unit: "actions", reason: "each of the 4 actions at most once" },
  "sessionRules.thresholds[].repeatAfterMin": { min: 1, max: 240, unit: "min", reason: "a blood-pressure reading takes about a minute, so repeats come at least 1 min apart (a repeat every 1e-9 min once ran a session out of memory: issue 12 item 8); a repeat more than 4 h later is not a repeat" },
  "sessionRules.thresholds[].above": { unit: "mmHg, bpm or °C", reason: "a physiologically plausible limit for the measure (absolute or a rise over the pre-dose reading): see PLAUSIBLE_THRESHOLD and PLAUSIBLE_RISE", rule: "plausible-threshold", ruleOnly: true },
  "sessionRules.preSessionChecks": { min: 0, max: 32, unit: "checks", reason: "a list of the 3 known checks; 32 bounds repeated entries" },
  "sessionRules.therapists.count": { min: 1, max: 4, integer: true, unit: "therapists", reason: "a dyad in every trial; up to 4 allows a supervised team" },
  // ---- Eligibility and population ---------------------------------------------------------
  "eligibility.minimumBaselineScore": { min: 0, integer: true, upToScaleMax: true, unit: "scale points", reason: "CAPS totals are sums of integer item scores, so an entry threshold between two integers means the next integer up; a fractional threshold (50.3) produced non-integer totals (issue 12 item 12)", rule: "on-scale" },
  "eligibility.minimumAgeYears": { min: 18, max: 65, integer: true, unit: "years", reason: "trials of MDMA-assisted therapy enrol adults; an entry age above 65 leaves almost no one under the population model's age limit", belowMessage: "trials of MDMA-assisted therapy enrol adults (18 or older)" },
  "eligibility.exclusions": { min: 0, max: 32, unit: "exclusions", reason: "a list of the 7 known exclusions; 32 bounds repeated entries" },
  "population.baselineScore.mean": { min: 0, upToScaleMax: true, unit: "scale points", reason: "on the endpoint scale and at or above the entry threshold (those enrolled all scored at least the threshold)", rule: "baseline-above-entry-threshold" },
  "population.baselineScore.sd": { min: 1, max: 68, unit: "scale points", reason: "Phase 2 arms reported SDs of 8-23; an SD of at most half the widest scale's range (136 / 2), and one a normal truncated to [entry threshold, scale maximum] can have (rule feasible-baseline)", rule: "feasible-baseline" },
  "population.ageYears.mean": { min: 18, max: 90, unit: "years", reason: "adults; Phase 2 trials' mean ages were 37-42" },
  "population.ageYears.sd": { min: 1, max: 30, unit: "years", reason: "an adult population's age SD is a few to about 15 years" },
  "population.percentWomen": { min: 0, max: 100, unit: "%", reason: "a percentage" },
  // ---- Endpoints --------------------------------------------------------------------------
  "endpoints.response.percent": { min: 0, minExclusive: true, max: 100, maxExclusive: true, unit: "% reduction", reason: "a reduction strictly between none and all (MP-1: > 30%)" },
  "endpoints.response.points": { min: 0, minExclusive: true, upToScaleMax: true, unit: "scale points", reason: "a reduction on the endpoint scale (Phase 3: >= 10 CAPS-5 points)", rule: "on-scale" },
  "endpoints.lossOfDiagnosis.belowScore": { min: 0, minExclusive: true, upToScaleMax: true, unit: "scale points", reason: "a cutoff on the endpoint scale", rule: "on-scale" },
  "endpoints.remission.maxScore": { min: 0, upToScaleMax: true, unit: "scale points", reason: "a cutoff on the endpoint scale", rule: "on-scale" },
  // ---- Provenance -------------------------------------------------------------------------
  provenance: { min: 0, max: 200, unit: "notes", reason: "presets carry about 20 notes" },
  "provenance[].path": { min: 1, max: 300, unit: "characters", reason: "a field path" },
  "provenance[].source": { min: 1, max: 2000, unit: "characters", reason: "a reference and a sentence of working" },
  // ---- Open-label phases ------------------------------------------------------------------
  openLabel: { min: 0, max: 12, unit: "phases", reason: "each arm is in at most one open-label phase, and there are at most 12 arms", rule: "arm-in-one-open-label-phase" },
  "openLabel[].arms": { min: 1, max: 12, unit: "arms", reason: "a phase is offered to one or more of the protocol's arms", rule: "known-arm" },
  "openLabel[].sessions[].initialMg": { min: 0, minExclusive: true, max: 187.5, unit: "mg", reason: "an open-label phase gives MDMA, so a dose above 0; no trial gave more than 125 + 62.5 mg in one session", rule: "max-studied-dose" },
  "openLabel[].sessions": { min: 1, max: 3, unit: "sessions", reason: "open-label crossovers gave 1-3 sessions (MP-8, MP-12: 3 for the low-dose arm, 1 for the others)" },
  "openLabel[].preparatory": { min: 0, max: 20, unit: "sessions", reason: "MP-8 and MP-12 held one preparatory session before their open-label sessions" },
  "openLabel[].integration": { min: 0, max: 40, unit: "sessions", reason: "as for the blinded schedule" },
} as const satisfies Readonly<Record<string, ProtocolBound>>;

export type ProtocolBoundKey = keyof typeof PROTOCOL_BOUNDS;

/** Largest planned dose per session in any trial the model is calibrated on: 125 + 62.5 mg. */
export const MAX_STUDIED_SESSION_MG = PROTOCOL_BOUNDS.sessionMg.max;
/** Drug sessions must be at least this far apart (the documented protocol: 3-5 weeks). */
export const MIN_DRUG_SESSION_SPACING_DAYS = PROTOCOL_BOUNDS.drugSessionSpacingDays.min;
/** The consensus course of therapy (Sessa 2016): 8-16 weeks. */
export const COURSE_WEEKS = { min: PROTOCOL_BOUNDS.courseWeeks.min, max: PROTOCOL_BOUNDS.courseWeeks.max } as const;
/** Exclusions without which a clinician would not dose a sympathomimetic drug. */
export const REQUIRED_EXCLUSIONS = ["cardiovascular-disease", "uncontrolled-hypertension", "pregnancy"] as const;

export interface PlausibleRange {
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

/** Physiologically plausible ranges for an absolute threshold, per measure (rule plausible-threshold). */
export const PLAUSIBLE_THRESHOLD: Readonly<Record<string, PlausibleRange>> = {
  systolicMmHg: { min: 90, max: 250, unit: "mmHg" },
  diastolicMmHg: { min: 50, max: 150, unit: "mmHg" },
  heartRateBpm: { min: 50, max: 200, unit: "bpm" },
  temperatureC: { min: 36.5, max: 41, unit: "°C" },
};

/** Plausible rises over the pre-dose reading, per measure (rule plausible-threshold). */
export const PLAUSIBLE_RISE: Readonly<Record<string, PlausibleRange>> = {
  systolicMmHg: { min: 5, max: 80, unit: "mmHg" },
  diastolicMmHg: { min: 5, max: 60, unit: "mmHg" },
  heartRateBpm: { min: 5, max: 80, unit: "bpm" },
  temperatureC: { min: 0.2, max: 3, unit: "°C" },
};

/**
 * Shape limits for a protocol document, checked by `inputShapeIssues` before the schema runs.
 * They sit well above anything the schema accepts (the deepest valid field is 6 levels down,
 * the longest valid list holds 200 items, the longest valid string 2,000 characters), so a
 * valid protocol never meets them, and well below what would make validation slow.
 */
export const PROTOCOL_INPUT_LIMITS: InputLimits = {
  maxDepth: 16,
  maxArrayLength: 1_000,
  maxObjectKeys: 100,
  maxStringLength: 10_000,
  maxNodes: 100_000,
};

function rangeText(bound: ProtocolBound): string {
  const low = bound.min === undefined ? "" : `${bound.minExclusive ? ">" : ">="} ${bound.min}`;
  const highValue = bound.upToScaleMax ? "the scale maximum" : bound.max;
  const high = highValue === undefined ? "" : `${bound.maxExclusive ? "<" : "<="} ${highValue}`;
  return [low, high].filter(Boolean).join(", ") + (bound.integer ? " (whole number)" : "");
}

/** The bounds table as Markdown (field, range, unit, enforced by, reason), for generated docs. */
export function protocolBoundsMarkdown(): string {
  const rows = Object.entries(PROTOCOL_BOUNDS).map(([key, bound]: [string, ProtocolBound]) => {
    const checks = [bound.ruleOnly ? "" : "schema", bound.rule ? `rule \`${bound.rule}\`` : ""].filter(Boolean).join(" + ");
    const cells = [`\`${key}\``, rangeText(bound), bound.unit, checks, bound.reason];
    return `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  });
  return ["| Field | Range | Unit | Enforced by | Reason |", "|---|---|---|---|---|", ...rows].join("\n");
}
