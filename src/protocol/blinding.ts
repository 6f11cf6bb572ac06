/** What the control arm receives, inferred from its doses and comparator. */
import type { PlaceboKind } from "./schema.js";

/** The doses and comparator of an arm, as the inference needs them. */
export interface ControlArmDosing {
  readonly sessions: readonly { readonly initialMg: number }[];
  readonly hasActiveComparator: boolean;
}

/**
 * The placebo kind an arm amounts to: an active comparator → "active-comparator"; any MDMA dose
 * above 0 → "low-dose-mdma"; otherwise (all doses 0, no comparator) → "inactive". Initial doses
 * decide: a supplemental dose may never exceed the initial one, so an arm with no initial dose
 * has no valid supplemental either.
 */
export function placeboKindOf(arm: ControlArmDosing): PlaceboKind {
  if (arm.hasActiveComparator) return "active-comparator";
  return arm.sessions.some((s) => s.initialMg > 0) ? "low-dose-mdma" : "inactive";
}

const PLACEBO_DESCRIPTIONS: Readonly<Record<PlaceboKind, string>> = {
  inactive: "an inactive placebo (all doses 0, no comparator)",
  "low-dose-mdma": "MDMA (a dose above 0)",
  "active-comparator": "an active comparator drug",
};

/** A few words saying what a placebo kind means. */
export function describePlaceboKind(kind: PlaceboKind): string {
  return PLACEBO_DESCRIPTIONS[kind];
}
