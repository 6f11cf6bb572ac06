/**
 * The clinical rules a protocol must satisfy beyond its structure. They run on the same input
 * as the structural schema, in the same pass, and each rule only looks at parts of the input
 * that parsed cleanly, so one malformed field neither hides the other problems nor produces
 * follow-on nonsense.
 */
import type { ValidationIssue } from "../errors.js";
import { formatPath } from "../errors.js";
import { SCALES, type ScaleId } from "./scales.js";

/** Largest planned dose per session in any trial the model is calibrated on: 125 + 62.5 mg. */
export const MAX_STUDIED_SESSION_MG = 187.5;
/** Drug sessions must be at least this far apart (the documented protocol: 3-5 weeks). */
export const MIN_DRUG_SESSION_SPACING_DAYS = 21;
/** The consensus course of therapy (Sessa 2016): 8-16 weeks. */
export const COURSE_WEEKS = { min: 8, max: 16 } as const;
/** Exclusions without which a clinician would not dose a sympathomimetic drug. */
export const REQUIRED_EXCLUSIONS = ["cardiovascular-disease", "uncontrolled-hypertension", "pregnancy"] as const;

/** Physiologically plausible ranges for an absolute threshold, per measure. */
const PLAUSIBLE_THRESHOLD: Record<string, { min: number; max: number; unit: string }> = {
  systolicMmHg: { min: 90, max: 250, unit: "mmHg" },
  diastolicMmHg: { min: 50, max: 150, unit: "mmHg" },
  heartRateBpm: { min: 50, max: 200, unit: "bpm" },
  temperatureC: { min: 36.5, max: 41, unit: "°C" },
};
/** Plausible rises over the pre-dose reading, per measure. */
const PLAUSIBLE_RISE: Record<string, { min: number; max: number; unit: string }> = {
  systolicMmHg: { min: 5, max: 80, unit: "mmHg" },
  diastolicMmHg: { min: 5, max: 60, unit: "mmHg" },
  heartRateBpm: { min: 5, max: 80, unit: "bpm" },
  temperatureC: { min: 0.2, max: 3, unit: "°C" },
};

type Path = readonly PropertyKey[];
/* eslint-disable @typescript-eslint/no-explicit-any */
type Loose = any;

function startsWith(a: Path, prefix: Path): boolean {
  if (prefix.length > a.length) return false;
  for (let i = 0; i < prefix.length; i++) if (a[i] !== prefix[i]) return false;
  return true;
}

/**
 * `issuePaths` are the paths of structural problems (unknown fields excluded: they do not make
 * the known fields unreliable). A path is clean when no problem lies on it, above it or below it.
 */
export function cleanChecker(issuePaths: readonly Path[]): (path: Path) => boolean {
  return (path) => !issuePaths.some((p) => startsWith(p, path) || startsWith(path, p));
}

export function checkProtocolRules(p: Loose, isClean: (path: Path) => boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: Path, rule: string, message: string, received?: unknown) => {
    const issue: ValidationIssue = { path: formatPath(path), rule, message };
    issues.push(received !== undefined ? { ...issue, received } : issue);
  };
  if (p === null || typeof p !== "object") return issues;

  const scaleOk = isClean(["endpoints", "scale"]) && p.endpoints?.scale !== undefined;
  const scale = scaleOk ? SCALES[p.endpoints.scale as ScaleId] : undefined;
  const experimentalOk = isClean(["schedule", "experimental"]) && Array.isArray(p.schedule?.experimental);
  const experimental: { day: number; durationH: number }[] = experimentalOk ? p.schedule.experimental : [];
  const armsOk = Array.isArray(p.arms) && isClean(["arms"]) === true;
  const arms: Loose[] = Array.isArray(p.arms) ? p.arms : [];

  // ---- Arms and doses --------------------------------------------------------------------
  const seenArmIds = new Map<string, number>();
  arms.forEach((arm, i) => {
    if (isClean(["arms", i, "id"]) && typeof arm?.id === "string") {
      if (seenArmIds.has(arm.id)) add(["arms", i, "id"], "unique-id", `arm id "${arm.id}" is already used by arms[${seenArmIds.get(arm.id)}]`, arm.id);
      else seenArmIds.set(arm.id, i);
    }
    if (!isClean(["arms", i, "sessions"]) || !Array.isArray(arm?.sessions)) return;
    if (experimentalOk && arm.sessions.length !== experimental.length) {
      add(
        ["arms", i, "sessions"],
        "one-dosing-per-session",
        `has dosing for ${arm.sessions.length} session${arm.sessions.length === 1 ? "" : "s"} but the schedule has ${experimental.length} experimental session${experimental.length === 1 ? "" : "s"}`,
        arm.sessions.length,
      );
    }
    arm.sessions.forEach((s: Loose, j: number) => {
      const base = ["arms", i, "sessions", j] as const;
      if (!isClean(base)) return;
      const sup = s.supplemental;
      if (sup) {
        if (sup.mg > s.initialMg) {
          add([...base, "supplemental", "mg"], "supplemental-not-above-initial", `a supplemental dose (${sup.mg} mg) must not exceed the initial dose (${s.initialMg} mg)`, sup.mg);
        }
        if (sup.offeredAtH.earliest > sup.offeredAtH.latest) {
          add([...base, "supplemental", "offeredAtH", "latest"], "window-order", `the offer window ends (${sup.offeredAtH.latest} h) before it starts (${sup.offeredAtH.earliest} h)`, sup.offeredAtH.latest);
        }
        const session = experimental[j];
        if (session && sup.offeredAtH.latest >= session.durationH) {
          add([...base, "supplemental", "offeredAtH", "latest"], "supplemental-within-session", `the supplemental dose must be offered before the session ends (${session.durationH} h)`, sup.offeredAtH.latest);
        }
      }
      const total = s.initialMg + (sup?.mg ?? 0);
      if (total > MAX_STUDIED_SESSION_MG) {
        add([...base, "initialMg"], "max-studied-dose", `the session's planned dose (${total} mg including the supplemental) is above the highest studied in trials (${MAX_STUDIED_SESSION_MG} mg = 125 + 62.5 mg); the model is not calibrated beyond it`, s.initialMg);
      }
    });
  });
  if (armsOk && isClean(["controlArmId"]) && typeof p.controlArmId === "string" && !seenArmIds.has(p.controlArmId)) {
    add(["controlArmId"], "known-arm", `must name one of the arms (${[...seenArmIds.keys()].map((k) => `"${k}"`).join(", ")})`, p.controlArmId);
  }

  // ---- Schedule --------------------------------------------------------------------------
  const prepOk = isClean(["schedule", "preparatory"]) && Array.isArray(p.schedule?.preparatory);
  const integrationOk = isClean(["schedule", "integration"]) && Array.isArray(p.schedule?.integration);
  const assessmentsOk = isClean(["schedule", "assessments"]) && Array.isArray(p.schedule?.assessments);
  if (experimentalOk) {
    for (let j = 1; j < experimental.length; j++) {
      const gap = experimental[j]!.day - experimental[j - 1]!.day;
      if (gap < MIN_DRUG_SESSION_SPACING_DAYS) {
        add(
          ["schedule", "experimental", j, "day"],
          "drug-session-spacing",
          gap <= 0
            ? `drug sessions must be in order; this one is on day ${experimental[j]!.day}, not after the previous one (day ${experimental[j - 1]!.day})`
            : `drug sessions must be at least 3 weeks (${MIN_DRUG_SESSION_SPACING_DAYS} days) apart; this one is ${gap} days after the previous one`,
          experimental[j]!.day,
        );
      }
    }
  }
  const firstDrugDay = experimental.length > 0 ? Math.min(...experimental.map((s) => s.day)) : undefined;
  if (prepOk && firstDrugDay !== undefined) {
    const before = (p.schedule.preparatory as { day: number }[]).filter((s) => s.day < firstDrugDay);
    if (before.length === 0) {
      add(["schedule", "preparatory"], "preparation-before-drug-session", `at least one preparatory non-drug session must come before the first drug session (day ${firstDrugDay})`, p.schedule.preparatory.length);
    }
  }
  if (integrationOk && experimentalOk) {
    const integration = p.schedule.integration as { day: number; afterSession: number }[];
    integration.forEach((s, k) => {
      const session = experimental[s.afterSession];
      if (!session) {
        add(["schedule", "integration", k, "afterSession"], "known-session", `must be the 0-based index of an experimental session (0 to ${experimental.length - 1})`, s.afterSession);
        return;
      }
      if (s.day <= session.day) {
        add(["schedule", "integration", k, "day"], "integration-after-session", `an integration session must come after the drug session it follows (day ${session.day})`, s.day);
      }
      const next = experimental[s.afterSession + 1];
      if (next && s.day >= next.day) {
        add(["schedule", "integration", k, "day"], "integration-before-next-session", `an integration session for drug session ${s.afterSession + 1} must come before the next drug session (day ${next.day})`, s.day);
      }
    });
    experimental.forEach((_, j) => {
      if (!integration.some((s) => s.afterSession === j)) {
        add(["schedule", "experimental", j], "integration-after-each-session", "every drug session needs at least one integration session after it", undefined);
      }
    });
  }
  if (prepOk && integrationOk && experimentalOk && isClean(["schedule", "extendedCourse"])) {
    const days = [
      ...(p.schedule.preparatory as { day: number }[]).map((s) => s.day),
      ...experimental.map((s) => s.day),
      ...(p.schedule.integration as { day: number }[]).map((s) => s.day),
    ];
    const start = Math.min(...days);
    const end = Math.max(...days);
    const weeks = (end - start) / 7;
    if ((weeks < COURSE_WEEKS.min || weeks > COURSE_WEEKS.max) && !p.schedule.extendedCourse) {
      add(
        ["schedule"],
        "course-length",
        `the course of therapy runs ${weeks.toFixed(1)} weeks (day ${start} to day ${end}); the consensus course is ${COURSE_WEEKS.min}-${COURSE_WEEKS.max} weeks. To run it deliberately, set schedule.extendedCourse with the reason`,
        weeks,
      );
    }
  }
  if (assessmentsOk) {
    const assessments = p.schedule.assessments as { id: string; day: number; kind: string }[];
    const seen = new Map<string, number>();
    assessments.forEach((a, k) => {
      if (seen.has(a.id)) add(["schedule", "assessments", k, "id"], "unique-id", `assessment id "${a.id}" is already used by schedule.assessments[${seen.get(a.id)}]`, a.id);
      else seen.set(a.id, k);
      if (a.kind === "post-session" && firstDrugDay !== undefined && a.day <= firstDrugDay) {
        add(["schedule", "assessments", k, "day"], "post-session-after-session", `a post-session assessment must come after the first drug session (day ${firstDrugDay})`, a.day);
      }
    });
    const baselines = assessments.map((a, k) => ({ a, k })).filter(({ a }) => a.kind === "baseline");
    if (baselines.length !== 1) {
      add(["schedule", "assessments"], "one-baseline", `there must be exactly one baseline assessment (found ${baselines.length})`, baselines.length);
    } else if (firstDrugDay !== undefined) {
      const { a, k } = baselines[0]!;
      const firstTherapy = Math.min(firstDrugDay, ...(prepOk ? (p.schedule.preparatory as { day: number }[]).map((s) => s.day) : []));
      if (a.day > firstTherapy) add(["schedule", "assessments", k, "day"], "baseline-before-therapy", `the baseline assessment must come before the first session (day ${firstTherapy})`, a.day);
    }
    if (isClean(["endpoints", "primaryAssessmentId"]) && typeof p.endpoints?.primaryAssessmentId === "string") {
      const primary = assessments.find((a) => a.id === p.endpoints.primaryAssessmentId);
      if (!primary) {
        add(["endpoints", "primaryAssessmentId"], "known-assessment", `must name one of the assessments (${assessments.map((a) => `"${a.id}"`).join(", ")})`, p.endpoints.primaryAssessmentId);
      } else {
        if (primary.kind !== "primary") {
          add(["endpoints", "primaryAssessmentId"], "primary-kind", `names assessment "${primary.id}", whose kind is "${primary.kind}", not "primary"`, p.endpoints.primaryAssessmentId);
        }
        const last = experimental.length > 0 ? Math.max(...experimental.map((s) => s.day)) : undefined;
        if (last !== undefined && primary.day <= last) {
          add(["endpoints", "primaryAssessmentId"], "primary-after-last-session", `the primary assessment (day ${primary.day}) must come after the last drug session (day ${last})`, p.endpoints.primaryAssessmentId);
        }
      }
    }
  }

  // ---- Session rules ---------------------------------------------------------------------
  if (experimentalOk && experimental.length > 0) {
    const shortest = Math.min(...experimental.map((s) => s.durationH));
    for (const key of ["bloodPressureAndHeartRateH", "temperatureH"] as const) {
      if (!isClean(["sessionRules", "vitals", key])) continue;
      const times = p.sessionRules?.vitals?.[key];
      if (!Array.isArray(times)) continue;
      times.forEach((t: number, k: number) => {
        if (t > shortest) add(["sessionRules", "vitals", key, k], "reading-within-session", `a reading at ${t} h is after the session ends (${shortest} h)`, t);
      });
    }
  }
  if (isClean(["sessionRules", "thresholds"]) && Array.isArray(p.sessionRules?.thresholds)) {
    const thresholds = p.sessionRules.thresholds as Loose[];
    const seen = new Map<string, number>();
    thresholds.forEach((t, k) => {
      if (seen.has(t.id)) add(["sessionRules", "thresholds", k, "id"], "unique-id", `threshold id "${t.id}" is already used by sessionRules.thresholds[${seen.get(t.id)}]`, t.id);
      else seen.set(t.id, k);
      if (t.actions.includes("repeat-reading") && t.repeatAfterMin === undefined) {
        add(["sessionRules", "thresholds", k, "repeatAfterMin"], "repeat-interval-required", `the "repeat-reading" action needs repeatAfterMin (minutes until the repeat)`);
      }
      const range = (t.reference ?? "absolute") === "baseline" ? PLAUSIBLE_RISE[t.measure] : PLAUSIBLE_THRESHOLD[t.measure];
      if (range && (t.above < range.min || t.above > range.max)) {
        const what = (t.reference ?? "absolute") === "baseline" ? "a rise over the pre-dose reading" : "a threshold";
        add(["sessionRules", "thresholds", k, "above"], "plausible-threshold", `${what} for ${t.measure} must lie between ${range.min} and ${range.max} ${range.unit}`, t.above);
      }
    });
    // A rule that withholds the supplemental dose needs a reading before the dose is offered.
    const earliestOffer = Math.min(
      ...arms.flatMap((arm: Loose, i: number) =>
        isClean(["arms", i, "sessions"]) && Array.isArray(arm?.sessions)
          ? arm.sessions.filter((s: Loose) => s?.supplemental).map((s: Loose) => s.supplemental.offeredAtH.earliest as number)
          : [],
      ),
    );
    if (Number.isFinite(earliestOffer)) {
      thresholds.forEach((t, k) => {
        if (!t.actions.includes("withhold-supplemental")) return;
        const key = t.measure === "temperatureC" ? "temperatureH" : "bloodPressureAndHeartRateH";
        const times = p.sessionRules?.vitals?.[key];
        if (!isClean(["sessionRules", "vitals", key]) || !Array.isArray(times)) return;
        if (!times.some((x: number) => x <= earliestOffer)) {
          add(["sessionRules", "thresholds", k], "reading-before-supplemental", `withholds the supplemental dose on ${t.measure}, but no ${key === "temperatureH" ? "temperature" : "blood pressure / heart rate"} reading is scheduled at or before the earliest offer (${earliestOffer} h)`);
        }
      });
    }
  }

  // ---- Eligibility, population and endpoints on the scale --------------------------------
  if (scale) {
    const onScale = (path: Path, value: unknown, what: string) => {
      if (isClean(path) && typeof value === "number" && value > scale.max) {
        add(path, "on-scale", `${what} must lie on the ${scale.id} scale (${scale.min}-${scale.max})`, value);
      }
    };
    onScale(["eligibility", "minimumBaselineScore"], p.eligibility?.minimumBaselineScore, "the entry threshold");
    onScale(["population", "baselineScore", "mean"], p.population?.baselineScore?.mean, "the baseline mean");
    onScale(["endpoints", "lossOfDiagnosis", "belowScore"], p.endpoints?.lossOfDiagnosis?.belowScore, "the diagnostic cutoff");
    onScale(["endpoints", "remission", "maxScore"], p.endpoints?.remission?.maxScore, "the remission score");
    if (p.endpoints?.response?.kind === "point-reduction") onScale(["endpoints", "response", "points"], p.endpoints.response.points, "the response reduction");
  }
  if (
    isClean(["population", "baselineScore", "mean"]) &&
    isClean(["eligibility", "minimumBaselineScore"]) &&
    typeof p.population?.baselineScore?.mean === "number" &&
    typeof p.eligibility?.minimumBaselineScore === "number" &&
    p.population.baselineScore.mean < p.eligibility.minimumBaselineScore
  ) {
    add(["population", "baselineScore", "mean"], "baseline-above-entry-threshold", `the mean baseline of those enrolled cannot be below the entry threshold (${p.eligibility.minimumBaselineScore})`, p.population.baselineScore.mean);
  }
  if (isClean(["eligibility", "exclusions"]) && Array.isArray(p.eligibility?.exclusions)) {
    const anyDrug = arms.some((arm: Loose) => Array.isArray(arm?.sessions) && arm.sessions.some((s: Loose) => s?.initialMg > 0));
    const missing = REQUIRED_EXCLUSIONS.filter((e) => !p.eligibility.exclusions.includes(e));
    if (anyDrug && missing.length > 0) {
      add(["eligibility", "exclusions"], "safety-exclusions", `MDMA raises blood pressure and heart rate: a protocol that doses it must exclude ${missing.map((m) => `"${m}"`).join(", ")}`, p.eligibility.exclusions);
    }
  }
  return issues;
}
