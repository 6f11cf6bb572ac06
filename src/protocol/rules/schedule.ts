/** Rules about the blinded course: drug-session spacing, preparation, integration and course length. */
import type { ValidationIssue } from "../../errors.js";
import { COURSE_WEEKS, MIN_DRUG_SESSION_SPACING_DAYS } from "../bounds.js";
import { issue, maxOf, minOf } from "./issue.js";
import type { DatedSessionView, IntegrationView, Path, ProtocolView } from "./view.js";

/** Each session of a list comes at least 3 weeks after the one before it (`listPath` is the list's path). */
export function spacingIssues(sessions: readonly DatedSessionView[], listPath: Path): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (let j = 1; j < sessions.length; j++) {
    const day = sessions[j]!.day;
    const previous = sessions[j - 1]!.day;
    const gap = day - previous;
    if (gap >= MIN_DRUG_SESSION_SPACING_DAYS) continue;
    const message =
      gap <= 0
        ? `drug sessions must be in order; this one is on day ${day}, not after the previous one (day ${previous})`
        : `drug sessions must be at least 3 weeks (${MIN_DRUG_SESSION_SPACING_DAYS} days) apart; this one is ${gap} days after the previous one`;
    issues.push(issue([...listPath, j, "day"], "drug-session-spacing", message, day));
  }
  return issues;
}

/** Blinded drug sessions are in order and at least 3 weeks apart. */
export function drugSessionsAtLeast3WeeksApart(view: ProtocolView): ValidationIssue[] {
  return view.experimental ? spacingIssues(view.experimental, ["schedule", "experimental"]) : [];
}

/** The day of the first blinded drug session (undefined when the sessions are not clean). */
export function firstDrugDay(view: ProtocolView): number | undefined {
  return view.experimental ? minOf(view.experimental.map((s) => s.day)) : undefined;
}

/** At least one preparatory session comes before the first drug session. */
export function preparationBeforeFirstDrugSession(view: ProtocolView): ValidationIssue[] {
  const first = firstDrugDay(view);
  if (!view.preparatory || first === undefined || view.preparatory.some((s) => s.day < first)) return [];
  return [issue(["schedule", "preparatory"], "preparation-before-drug-session", `at least one preparatory non-drug session must come before the first drug session (day ${first})`, view.preparatory.length)];
}

/** A list of integration sessions with the drug sessions they refer to. */
export interface IntegrationGroup {
  readonly path: Path;
  readonly integration: readonly IntegrationView[];
  readonly sessions: readonly DatedSessionView[];
  /** What `afterSession` indexes, for messages ("an experimental session"). */
  readonly sessionWord: string;
}

/** The blinded integration sessions, then each open-label phase's, when clean. */
export function integrationGroups(view: ProtocolView): IntegrationGroup[] {
  const groups: IntegrationGroup[] = [];
  if (view.integration && view.experimental) {
    groups.push({ path: ["schedule", "integration"], integration: view.integration, sessions: view.experimental, sessionWord: "an experimental session" });
  }
  for (const phase of view.openLabel) {
    if (phase.integration && phase.sessions) {
      groups.push({ path: ["openLabel", phase.index, "integration"], integration: phase.integration, sessions: phase.sessions, sessionWord: "a session of this open-label phase" });
    }
  }
  return groups;
}

/** Each integration session follows a session that exists. */
export function integrationFollowsKnownSession(view: ProtocolView): ValidationIssue[] {
  return integrationGroups(view).flatMap(({ path, integration, sessions, sessionWord }) =>
    integration.flatMap((s, k) =>
      sessions[s.afterSession] ? [] : [issue([...path, k, "afterSession"], "known-session", `must be the 0-based index of ${sessionWord} (0 to ${sessions.length - 1})`, s.afterSession)],
    ),
  );
}

/** Each integration session comes after the drug session it follows. */
export function integrationAfterItsSession(view: ProtocolView): ValidationIssue[] {
  return integrationGroups(view).flatMap(({ path, integration, sessions }) =>
    integration.flatMap((s, k) => {
      const session = sessions[s.afterSession];
      return session && s.day <= session.day
        ? [issue([...path, k, "day"], "integration-after-session", `an integration session must come after the drug session it follows (day ${session.day})`, s.day)]
        : [];
    }),
  );
}

/** Each integration session comes before the next drug session. */
export function integrationBeforeNextSession(view: ProtocolView): ValidationIssue[] {
  return integrationGroups(view).flatMap(({ path, integration, sessions }) =>
    integration.flatMap((s, k) => {
      const next = sessions[s.afterSession] ? sessions[s.afterSession + 1] : undefined;
      return next && s.day >= next.day
        ? [issue([...path, k, "day"], "integration-before-next-session", `an integration session for drug session ${s.afterSession + 1} must come before the next drug session (day ${next.day})`, s.day)]
        : [];
    }),
  );
}

/** Every blinded drug session has at least one integration session after it. */
export function integrationAfterEachSession(view: ProtocolView): ValidationIssue[] {
  const { integration, experimental } = view;
  if (!integration || !experimental) return [];
  const followed = new Set(integration.map((s) => s.afterSession));
  return experimental.flatMap((_, j) =>
    followed.has(j) ? [] : [issue(["schedule", "experimental", j], "integration-after-each-session", "every drug session needs at least one integration session after it")],
  );
}

/** The blinded course runs 8-16 weeks from the first to the last therapy session, unless extended with a reason. */
export function courseWithinConsensusWeeks(view: ProtocolView): ValidationIssue[] {
  const { preparatory, experimental, integration, extendedCourseSet } = view;
  if (!preparatory || !experimental || !integration || extendedCourseSet === undefined) return [];
  const days = [...preparatory, ...experimental, ...integration].map((s) => s.day);
  const start = minOf(days);
  const end = maxOf(days);
  if (start === undefined || end === undefined || extendedCourseSet) return [];
  const weeks = (end - start) / 7;
  if (weeks >= COURSE_WEEKS.min && weeks <= COURSE_WEEKS.max) return [];
  return [
    issue(
      ["schedule"],
      "course-length",
      `the course of therapy runs ${weeks.toFixed(1)} weeks (day ${start} to day ${end}); the consensus course is ${COURSE_WEEKS.min}-${COURSE_WEEKS.max} weeks. To run it deliberately, set schedule.extendedCourse with the reason`,
      weeks,
    ),
  ];
}
