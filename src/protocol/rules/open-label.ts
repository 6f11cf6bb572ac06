/** Rules about the open-label phases after unblinding. */
import type { ValidationIssue } from "../../errors.js";
import { MIN_DRUG_SESSION_SPACING_DAYS } from "../bounds.js";
import { uniqueArmIds } from "./arms.js";
import { unblindingAssessment } from "./blinding.js";
import { issue, maxOf, minOf } from "./issue.js";
import { spacingIssues } from "./schedule.js";
import type { ProtocolView } from "./view.js";

/** Open-label phase ids are unique. */
export function openLabelPhaseIdsUnique(view: ProtocolView): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstIndex = new Map<string, number>();
  for (const phase of view.openLabel) {
    if (phase.id === undefined) continue;
    const first = firstIndex.get(phase.id);
    if (first !== undefined) issues.push(issue(["openLabel", phase.index, "id"], "unique-id", `open-label phase id "${phase.id}" is already used by openLabel[${first}]`, phase.id));
    else firstIndex.set(phase.id, phase.index);
  }
  return issues;
}

/**
 * Every arm an open-label phase names is an arm of the protocol (checked when the arm ids are
 * clean and unique: with a duplicate, which arm was meant is unclear and rule unique-id says so).
 */
export function openLabelArmsKnown(view: ProtocolView): ValidationIssue[] {
  const ids = uniqueArmIds(view);
  if (!view.armsClean || ids.length !== view.arms.length) return [];
  return view.openLabel.flatMap((phase) =>
    (phase.arms ?? []).flatMap((armId, k) =>
      armId === undefined || ids.includes(armId)
        ? []
        : [issue(["openLabel", phase.index, "arms", k], "known-arm", `must name one of the arms (${ids.map((a) => `"${a}"`).join(", ")})`, armId)],
    ),
  );
}

/** An arm takes part in at most one open-label phase, and is listed once in it. */
export function armInOneOpenLabelPhase(view: ProtocolView): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstPlace = new Map<string, { phase: number; k: number }>();
  for (const phase of view.openLabel) {
    (phase.arms ?? []).forEach((armId, k) => {
      if (armId === undefined) return;
      const first = firstPlace.get(armId);
      if (!first) {
        firstPlace.set(armId, { phase: phase.index, k });
        return;
      }
      const where = first.phase === phase.index ? `is listed twice in this phase (openLabel[${first.phase}].arms[${first.k}])` : `is already in open-label phase openLabel[${first.phase}]`;
      issues.push(issue(["openLabel", phase.index, "arms", k], "arm-in-one-open-label-phase", `arm "${armId}" ${where}; an arm takes part in at most one open-label phase`, armId));
    });
  }
  return issues;
}

/** Every open-label session, preparatory or drug, comes after the unblinding assessment. */
export function openLabelAfterUnblinding(view: ProtocolView): ValidationIssue[] {
  const unblinding = unblindingAssessment(view);
  if (!unblinding) return [];
  const message = (what: string) => `${what} must come after allocation is revealed (assessment "${unblinding.id}", day ${unblinding.day})`;
  return view.openLabel.flatMap((phase) => [
    ...(phase.preparatory ?? []).flatMap((s, k) =>
      s.day > unblinding.day ? [] : [issue(["openLabel", phase.index, "preparatory", k, "day"], "open-label-after-unblinding", message("an open-label preparatory session"), s.day)],
    ),
    ...phase.sessionItems.flatMap((s, k) =>
      !s || s.day > unblinding.day ? [] : [issue(["openLabel", phase.index, "sessions", k, "day"], "open-label-after-unblinding", message("an open-label drug session"), s.day)],
    ),
  ]);
}

/** Open-label drug sessions are in order and at least 3 weeks apart. */
export function openLabelSessionsSpaced(view: ProtocolView): ValidationIssue[] {
  return view.openLabel.flatMap((phase) => (phase.sessions ? spacingIssues(phase.sessions, ["openLabel", phase.index, "sessions"]) : []));
}

/** A phase's first open-label drug session comes at least 3 weeks after the last blinded drug session. */
export function openLabelAfterBlindedSessions(view: ProtocolView): ValidationIssue[] {
  const lastBlinded = view.experimental ? maxOf(view.experimental.map((s) => s.day)) : undefined;
  if (lastBlinded === undefined) return [];
  return view.openLabel.flatMap((phase) => {
    const firstDay = minOf(phase.sessionItems.flatMap((s) => (s ? [s.day] : [])));
    if (firstDay === undefined || firstDay - lastBlinded >= MIN_DRUG_SESSION_SPACING_DAYS) return [];
    const k = phase.sessionItems.findIndex((s) => s?.day === firstDay);
    return [
      issue(
        ["openLabel", phase.index, "sessions", k, "day"],
        "open-label-after-blinded-sessions",
        `the first open-label drug session must come at least 3 weeks (${MIN_DRUG_SESSION_SPACING_DAYS} days) after the last blinded drug session (day ${lastBlinded}); this one is ${firstDay - lastBlinded} days after it`,
        firstDay,
      ),
    ];
  });
}

/** A phase's preparatory sessions come before its first drug session. */
export function openLabelPreparationBeforeSessions(view: ProtocolView): ValidationIssue[] {
  return view.openLabel.flatMap((phase) => {
    const firstDay = minOf(phase.sessionItems.flatMap((s) => (s ? [s.day] : [])));
    if (!phase.preparatory || firstDay === undefined) return [];
    return phase.preparatory.flatMap((s, k) =>
      s.day < firstDay
        ? []
        : [issue(["openLabel", phase.index, "preparatory", k, "day"], "open-label-preparation-before-sessions", `a preparatory session must come before the phase's first drug session (day ${firstDay})`, s.day)],
    );
  });
}
