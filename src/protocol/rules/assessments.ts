/** Rules about the assessment visits and the primary endpoint. */
import type { ValidationIssue } from "../../errors.js";
import { issue, maxOf, minOf } from "./issue.js";
import { firstDrugDay } from "./schedule.js";
import type { AssessmentView, ProtocolView } from "./view.js";

/** Assessment ids are unique. */
export function assessmentIdsUnique(view: ProtocolView): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstIndex = new Map<string, number>();
  view.assessments?.forEach((a, k) => {
    const first = firstIndex.get(a.id);
    if (first !== undefined) issues.push(issue(["schedule", "assessments", k, "id"], "unique-id", `assessment id "${a.id}" is already used by schedule.assessments[${first}]`, a.id));
    else firstIndex.set(a.id, k);
  });
  return issues;
}

/** A post-session assessment comes after the first drug session. */
export function postSessionAfterFirstSession(view: ProtocolView): ValidationIssue[] {
  const first = firstDrugDay(view);
  if (!view.assessments || first === undefined) return [];
  return view.assessments.flatMap((a, k) =>
    a.kind === "post-session" && a.day <= first
      ? [issue(["schedule", "assessments", k, "day"], "post-session-after-session", `a post-session assessment must come after the first drug session (day ${first})`, a.day)]
      : [],
  );
}

/** The baseline assessments with their indices. */
function baselines(assessments: readonly AssessmentView[]): { a: AssessmentView; k: number }[] {
  return assessments.map((a, k) => ({ a, k })).filter(({ a }) => a.kind === "baseline");
}

/** There is exactly one baseline assessment. */
export function exactlyOneBaseline(view: ProtocolView): ValidationIssue[] {
  if (!view.assessments) return [];
  const count = baselines(view.assessments).length;
  return count === 1 ? [] : [issue(["schedule", "assessments"], "one-baseline", `there must be exactly one baseline assessment (found ${count})`, count)];
}

/** The baseline assessment comes no later than the first session (preparatory or drug). */
export function baselineBeforeTherapy(view: ProtocolView): ValidationIssue[] {
  const first = firstDrugDay(view);
  if (!view.assessments || first === undefined) return [];
  const found = baselines(view.assessments);
  if (found.length !== 1) return [];
  const { a, k } = found[0]!;
  const firstTherapy = minOf([first, ...(view.preparatory ?? []).map((s) => s.day)])!;
  return a.day > firstTherapy ? [issue(["schedule", "assessments", k, "day"], "baseline-before-therapy", `the baseline assessment must come before the first session (day ${firstTherapy})`, a.day)] : [];
}

/** The primary assessment, when the id and the assessments are clean and it names one. */
export function primaryAssessment(view: ProtocolView): AssessmentView | undefined {
  const id = view.primaryAssessmentId;
  return id === undefined ? undefined : view.assessments?.find((a) => a.id === id);
}

/** The primary endpoint names one of the assessments. */
export function primaryAssessmentKnown(view: ProtocolView): ValidationIssue[] {
  const { assessments, primaryAssessmentId } = view;
  if (!assessments || primaryAssessmentId === undefined || primaryAssessment(view)) return [];
  return [issue(["endpoints", "primaryAssessmentId"], "known-assessment", `must name one of the assessments (${assessments.map((a) => `"${a.id}"`).join(", ")})`, primaryAssessmentId)];
}

/** The primary endpoint names an assessment of kind "primary". */
export function primaryOfKindPrimary(view: ProtocolView): ValidationIssue[] {
  const primary = primaryAssessment(view);
  if (!primary || primary.kind === "primary") return [];
  return [issue(["endpoints", "primaryAssessmentId"], "primary-kind", `names assessment "${primary.id}", whose kind is "${primary.kind}", not "primary"`, view.primaryAssessmentId)];
}

/** The primary assessment comes after the last blinded drug session. */
export function primaryAfterLastSession(view: ProtocolView): ValidationIssue[] {
  const primary = primaryAssessment(view);
  const last = view.experimental ? maxOf(view.experimental.map((s) => s.day)) : undefined;
  if (!primary || last === undefined || primary.day > last) return [];
  return [issue(["endpoints", "primaryAssessmentId"], "primary-after-last-session", `the primary assessment (day ${primary.day}) must come after the last drug session (day ${last})`, view.primaryAssessmentId)];
}
