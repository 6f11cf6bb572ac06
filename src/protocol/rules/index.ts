/**
 * The clinical rules a protocol must satisfy beyond its structure, one concept per rule. Each is
 * a typed function of the protocol's view (the structurally valid part of the input, see
 * view.ts) returning its problems, so each can be tested alone. They run in this order, after
 * the schema, in the same pass, so users see every problem at once.
 */
import type { ValidationIssue } from "../../errors.js";
import { armIdsUnique, comparatorWithoutMdma, controlArmKnown, oneDosingPerSession } from "./arms.js";
import {
  assessmentIdsUnique, baselineBeforeTherapy, exactlyOneBaseline, postSessionAfterFirstSession, primaryAfterLastSession, primaryAssessmentKnown, primaryOfKindPrimary,
} from "./assessments.js";
import { placeboMatchesControlArm, unblindingAssessmentKnown, unblindingAtOrAfterPrimary } from "./blinding.js";
import { sessionDoseWithinStudied, supplementalNotAboveInitial, supplementalWindowInOrder, supplementalWithinSession } from "./dosing.js";
import type { ProtocolRule } from "./issue.js";
import { readingBeforeSupplemental, readingsWithinSession, repeatIntervalGiven, thresholdIdsUnique, thresholdPlausible } from "./monitoring.js";
import {
  armInOneOpenLabelPhase, openLabelAfterBlindedSessions, openLabelAfterUnblinding, openLabelArmsKnown, openLabelPhaseIdsUnique, openLabelPreparationBeforeSessions, openLabelSessionsSpaced,
} from "./open-label.js";
import { baselineAboveEntryThreshold, baselineSdFeasible, safetyExclusions, valuesOnScale } from "./population.js";
import {
  courseWithinConsensusWeeks, drugSessionsAtLeast3WeeksApart, integrationAfterEachSession, integrationAfterItsSession, integrationBeforeNextSession, integrationFollowsKnownSession,
  preparationBeforeFirstDrugSession,
} from "./schedule.js";
import type { ProtocolView } from "./view.js";

export type { ProtocolRule } from "./issue.js";
export { protocolView } from "./view.js";
export type { ProtocolView } from "./view.js";

export interface NamedProtocolRule {
  /** The rule (`ValidationIssue.rule`) every problem it finds is reported under. */
  readonly rule: string;
  readonly check: ProtocolRule;
}

const named = (rule: string, check: ProtocolRule): NamedProtocolRule => ({ rule, check });

/** Every clinical rule, in the order its problems are reported. */
export const PROTOCOL_RULES: readonly NamedProtocolRule[] = [
  // Arms and doses (blinded sessions, then open-label sessions)
  named("unique-id", armIdsUnique),
  named("one-dosing-per-session", oneDosingPerSession),
  named("supplemental-not-above-initial", supplementalNotAboveInitial),
  named("window-order", supplementalWindowInOrder),
  named("supplemental-within-session", supplementalWithinSession),
  named("max-studied-dose", sessionDoseWithinStudied),
  named("known-arm", controlArmKnown),
  named("comparator-without-mdma", comparatorWithoutMdma),
  // The blinded course
  named("drug-session-spacing", drugSessionsAtLeast3WeeksApart),
  named("preparation-before-drug-session", preparationBeforeFirstDrugSession),
  named("known-session", integrationFollowsKnownSession),
  named("integration-after-session", integrationAfterItsSession),
  named("integration-before-next-session", integrationBeforeNextSession),
  named("integration-after-each-session", integrationAfterEachSession),
  named("course-length", courseWithinConsensusWeeks),
  // Assessments and the primary endpoint
  named("unique-id", assessmentIdsUnique),
  named("post-session-after-session", postSessionAfterFirstSession),
  named("one-baseline", exactlyOneBaseline),
  named("baseline-before-therapy", baselineBeforeTherapy),
  named("known-assessment", primaryAssessmentKnown),
  named("primary-kind", primaryOfKindPrimary),
  named("primary-after-last-session", primaryAfterLastSession),
  // Monitoring
  named("reading-within-session", readingsWithinSession),
  named("unique-id", thresholdIdsUnique),
  named("repeat-interval-required", repeatIntervalGiven),
  named("plausible-threshold", thresholdPlausible),
  named("reading-before-supplemental", readingBeforeSupplemental),
  // Eligibility, population and the endpoint scale
  named("on-scale", valuesOnScale),
  named("baseline-above-entry-threshold", baselineAboveEntryThreshold),
  named("feasible-baseline", baselineSdFeasible),
  named("safety-exclusions", safetyExclusions),
  // Blinding
  named("placebo-matches-control-arm", placeboMatchesControlArm),
  named("known-assessment", unblindingAssessmentKnown),
  named("unblind-at-or-after-primary", unblindingAtOrAfterPrimary),
  // Open-label phases
  named("unique-id", openLabelPhaseIdsUnique),
  named("known-arm", openLabelArmsKnown),
  named("arm-in-one-open-label-phase", armInOneOpenLabelPhase),
  named("open-label-after-unblinding", openLabelAfterUnblinding),
  named("drug-session-spacing", openLabelSessionsSpaced),
  named("open-label-after-blinded-sessions", openLabelAfterBlindedSessions),
  named("open-label-preparation-before-sessions", openLabelPreparationBeforeSessions),
];

/** Every problem the clinical rules find in the view, in {@link PROTOCOL_RULES} order. */
export function checkProtocolRules(view: ProtocolView): ValidationIssue[] {
  return PROTOCOL_RULES.flatMap(({ check }) => check(view));
}
