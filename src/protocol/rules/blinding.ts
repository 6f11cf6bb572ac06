/** Rules about the blinding setup: the placebo kind and when allocation is revealed. */
import type { ValidationIssue } from "../../errors.js";
import { describePlaceboKind, placeboKindOf } from "../blinding.js";
import { controlArm } from "./arms.js";
import { primaryAssessment } from "./assessments.js";
import { issue } from "./issue.js";
import type { AssessmentView, ProtocolView } from "./view.js";

/** A placebo kind, when given, agrees with what the control arm receives. */
export function placeboMatchesControlArm(view: ProtocolView): ValidationIssue[] {
  const arm = controlArm(view);
  if (view.placebo === undefined || !arm?.sessions || arm.hasActiveComparator === undefined) return [];
  const inferred = placeboKindOf({ sessions: arm.sessions, hasActiveComparator: arm.hasActiveComparator });
  if (inferred === view.placebo) return [];
  return [
    issue(
      ["blinding", "placebo"],
      "placebo-matches-control-arm",
      `the control arm "${arm.id}" receives ${describePlaceboKind(inferred)}, so the placebo is "${inferred}" (or leave it out to have it inferred)`,
      view.placebo,
    ),
  ];
}

/** The assessment after which allocation is revealed: the one named, or the primary by default. */
export function unblindingAssessment(view: ProtocolView): AssessmentView | undefined {
  const id = view.unblindAfterAssessmentId;
  return id === undefined ? primaryAssessment(view) : view.assessments?.find((a) => a.id === id);
}

/** The unblinding assessment, when given, names one of the assessments. */
export function unblindingAssessmentKnown(view: ProtocolView): ValidationIssue[] {
  const { assessments, unblindAfterAssessmentId: id } = view;
  if (!assessments || id === undefined || assessments.some((a) => a.id === id)) return [];
  return [issue(["blinding", "unblindAfterAssessmentId"], "known-assessment", `must name one of the assessments (${assessments.map((a) => `"${a.id}"`).join(", ")})`, id)];
}

/** Allocation is revealed no earlier than the primary assessment. */
export function unblindingAtOrAfterPrimary(view: ProtocolView): ValidationIssue[] {
  const primary = primaryAssessment(view);
  const unblinding = view.unblindAfterAssessmentId === undefined ? undefined : unblindingAssessment(view);
  if (!primary || !unblinding || unblinding.day >= primary.day) return [];
  return [
    issue(
      ["blinding", "unblindAfterAssessmentId"],
      "unblind-at-or-after-primary",
      `allocation may be revealed only at or after the primary assessment (day ${primary.day}); "${unblinding.id}" is on day ${unblinding.day}`,
      unblinding.id,
    ),
  ];
}
