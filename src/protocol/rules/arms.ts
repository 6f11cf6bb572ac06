/** Rules about the arms: unique ids, one dosing per drug session, a known control arm, comparators. */
import type { ValidationIssue } from "../../errors.js";
import { issue, plural } from "./issue.js";
import type { ArmView, ProtocolView } from "./view.js";

/** Arm ids are unique. */
export function armIdsUnique(view: ProtocolView): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstIndex = new Map<string, number>();
  for (const arm of view.arms) {
    if (arm.id === undefined) continue;
    const first = firstIndex.get(arm.id);
    if (first !== undefined) issues.push(issue(["arms", arm.index, "id"], "unique-id", `arm id "${arm.id}" is already used by arms[${first}]`, arm.id));
    else firstIndex.set(arm.id, arm.index);
  }
  return issues;
}

/** Every arm gives a dosing for each drug session of the schedule, no more and no fewer. */
export function oneDosingPerSession(view: ProtocolView): ValidationIssue[] {
  const experimental = view.experimental;
  if (!experimental) return [];
  return view.arms
    .filter((arm) => arm.sessions !== undefined && arm.sessions.length !== experimental.length)
    .map((arm) => {
      const count = arm.sessions!.length;
      return issue(
        ["arms", arm.index, "sessions"],
        "one-dosing-per-session",
        `has dosing for ${plural(count, "session")} but the schedule has ${plural(experimental.length, "experimental session")}`,
        count,
      );
    });
}

/** The arm ids, in order, once each (only meaningful when every arm id is clean). */
export function uniqueArmIds(view: ProtocolView): string[] {
  return [...new Set(view.arms.flatMap((arm) => (arm.id === undefined ? [] : [arm.id])))];
}

/** The control arm names one of the arms. */
export function controlArmKnown(view: ProtocolView): ValidationIssue[] {
  if (!view.armsClean || view.controlArmId === undefined) return [];
  const ids = uniqueArmIds(view);
  if (ids.includes(view.controlArmId)) return [];
  return [issue(["controlArmId"], "known-arm", `must name one of the arms (${ids.map((k) => `"${k}"`).join(", ")})`, view.controlArmId)];
}

/** The control arm, when exactly one arm carries its id and every arm id is clean. */
export function controlArm(view: ProtocolView): ArmView | undefined {
  if (view.controlArmId === undefined || view.arms.some((arm) => arm.id === undefined)) return undefined;
  const matches = view.arms.filter((arm) => arm.id === view.controlArmId);
  return matches.length === 1 ? matches[0] : undefined;
}

/** An active comparator is given instead of MDMA: only on an arm whose MDMA doses are all 0. */
export function comparatorWithoutMdma(view: ProtocolView): ValidationIssue[] {
  return view.arms
    .filter((arm) => arm.hasActiveComparator === true && arm.sessions !== undefined && arm.sessions.some((s) => s.initialMg > 0))
    .map((arm) =>
      issue(
        ["arms", arm.index, "activeComparator"],
        "comparator-without-mdma",
        "an active comparator is given instead of MDMA: the arm's MDMA doses must all be 0",
      ),
    );
}
