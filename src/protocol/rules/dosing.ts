/**
 * Dose rules, applied alike to every dosing: each arm's blinded sessions and every open-label
 * session.
 */
import type { ValidationIssue } from "../../errors.js";
import { MAX_STUDIED_SESSION_MG } from "../bounds.js";
import { issue } from "./issue.js";
import type { ProtocolView } from "./view.js";

/** A supplemental dose never exceeds the initial dose. */
export function supplementalNotAboveInitial(view: ProtocolView): ValidationIssue[] {
  return view.dosingSites.flatMap(({ path, dosing }) =>
    dosing.supplemental && dosing.supplemental.mg > dosing.initialMg
      ? [issue([...path, "supplemental", "mg"], "supplemental-not-above-initial", `a supplemental dose (${dosing.supplemental.mg} mg) must not exceed the initial dose (${dosing.initialMg} mg)`, dosing.supplemental.mg)]
      : [],
  );
}

/** The supplemental dose's offer window does not end before it starts. */
export function supplementalWindowInOrder(view: ProtocolView): ValidationIssue[] {
  return view.dosingSites.flatMap(({ path, dosing }) => {
    const window = dosing.supplemental?.offeredAtH;
    return window && window.earliest > window.latest
      ? [issue([...path, "supplemental", "offeredAtH", "latest"], "window-order", `the offer window ends (${window.latest} h) before it starts (${window.earliest} h)`, window.latest)]
      : [];
  });
}

/** The supplemental dose is offered before the session ends. */
export function supplementalWithinSession(view: ProtocolView): ValidationIssue[] {
  return view.dosingSites.flatMap(({ path, dosing, sessionDurationH }) => {
    const latest = dosing.supplemental?.offeredAtH.latest;
    return latest !== undefined && sessionDurationH !== undefined && latest >= sessionDurationH
      ? [issue([...path, "supplemental", "offeredAtH", "latest"], "supplemental-within-session", `the supplemental dose must be offered before the session ends (${sessionDurationH} h)`, latest)]
      : [];
  });
}

/** A session's planned dose, supplemental included, is no higher than any trial studied. */
export function sessionDoseWithinStudied(view: ProtocolView): ValidationIssue[] {
  return view.dosingSites.flatMap(({ path, dosing }) => {
    const total = dosing.initialMg + (dosing.supplemental?.mg ?? 0);
    return total > MAX_STUDIED_SESSION_MG
      ? [issue([...path, "initialMg"], "max-studied-dose", `the session's planned dose (${total} mg including the supplemental) is above the highest studied in trials (${MAX_STUDIED_SESSION_MG} mg = 125 + 62.5 mg); the model is not calibrated beyond it`, dosing.initialMg)]
      : [];
  });
}
