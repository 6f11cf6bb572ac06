/** Rules about monitoring in the drug sessions: reading times and the threshold rules. */
import type { ValidationIssue } from "../../errors.js";
import { PLAUSIBLE_RISE, PLAUSIBLE_THRESHOLD } from "../bounds.js";
import { issue, minOf } from "./issue.js";
import type { ProtocolView } from "./view.js";

const READING_KEYS = ["bloodPressureAndHeartRateH", "temperatureH"] as const;

/** Scheduled readings fall within the shortest drug session (blinded or open-label). */
export function readingsWithinSession(view: ProtocolView): ValidationIssue[] {
  if (!view.experimental) return [];
  const openLabelHours = view.openLabel.flatMap((phase) => phase.sessionItems.flatMap((s) => (s ? [s.durationH] : [])));
  const shortest = minOf([...view.experimental.map((s) => s.durationH), ...openLabelHours]);
  if (shortest === undefined) return [];
  return READING_KEYS.flatMap((key) =>
    (view[key] ?? []).flatMap((t, k) =>
      t > shortest ? [issue(["sessionRules", "vitals", key, k], "reading-within-session", `a reading at ${t} h is after the session ends (${shortest} h)`, t)] : [],
    ),
  );
}

/** Threshold ids are unique. */
export function thresholdIdsUnique(view: ProtocolView): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstIndex = new Map<string, number>();
  view.thresholds?.forEach((t, k) => {
    const first = firstIndex.get(t.id);
    if (first !== undefined) issues.push(issue(["sessionRules", "thresholds", k, "id"], "unique-id", `threshold id "${t.id}" is already used by sessionRules.thresholds[${first}]`, t.id));
    else firstIndex.set(t.id, k);
  });
  return issues;
}

/** A rule that repeats the reading says when. */
export function repeatIntervalGiven(view: ProtocolView): ValidationIssue[] {
  return (view.thresholds ?? []).flatMap((t, k) =>
    t.actions.includes("repeat-reading") && t.repeatAfterMin === undefined
      ? [issue(["sessionRules", "thresholds", k, "repeatAfterMin"], "repeat-interval-required", `the "repeat-reading" action needs repeatAfterMin (minutes until the repeat)`)]
      : [],
  );
}

/** A threshold (or a rise over the pre-dose reading) lies in the measure's plausible range. */
export function thresholdPlausible(view: ProtocolView): ValidationIssue[] {
  return (view.thresholds ?? []).flatMap((t, k) => {
    const rise = t.reference === "baseline";
    const range = rise ? PLAUSIBLE_RISE[t.measure] : PLAUSIBLE_THRESHOLD[t.measure];
    if (!range || (t.above >= range.min && t.above <= range.max)) return [];
    const what = rise ? "a rise over the pre-dose reading" : "a threshold";
    return [issue(["sessionRules", "thresholds", k, "above"], "plausible-threshold", `${what} for ${t.measure} must lie between ${range.min} and ${range.max} ${range.unit}`, t.above)];
  });
}

/** A rule that withholds the supplemental dose has a reading of its measure at or before the earliest offer. */
export function readingBeforeSupplemental(view: ProtocolView): ValidationIssue[] {
  const earliestOffer = minOf(view.dosingSites.flatMap(({ dosing }) => (dosing.supplemental ? [dosing.supplemental.offeredAtH.earliest] : [])));
  if (!view.thresholds || earliestOffer === undefined) return [];
  return view.thresholds.flatMap((t, k) => {
    if (!t.actions.includes("withhold-supplemental")) return [];
    const key = t.measure === "temperatureC" ? "temperatureH" : "bloodPressureAndHeartRateH";
    const times = view[key];
    if (!times || times.some((x) => x <= earliestOffer)) return [];
    const kind = key === "temperatureH" ? "temperature" : "blood pressure / heart rate";
    return [issue(["sessionRules", "thresholds", k], "reading-before-supplemental", `withholds the supplemental dose on ${t.measure}, but no ${kind} reading is scheduled at or before the earliest offer (${earliestOffer} h)`)];
  });
}
