/** What a clinical rule is and how it reports. */
import { formatPath, type ValidationIssue } from "../../errors.js";
import type { Path, ProtocolView } from "./view.js";

/** A clinical rule: reads the typed view of a protocol and returns the problems it finds. */
export type ProtocolRule = (view: ProtocolView) => ValidationIssue[];

/** One problem at `path` (the value received is left out when undefined). */
export function issue(path: Path, rule: string, message: string, received?: unknown): ValidationIssue {
  const base: ValidationIssue = { path: formatPath(path), rule, message };
  return received === undefined ? base : { ...base, received };
}

/** "1 session" / "2 sessions". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The smallest of a list (undefined when empty), without spreading it into arguments. */
export function minOf(values: readonly number[]): number | undefined {
  let min: number | undefined;
  for (const v of values) if (min === undefined || v < min) min = v;
  return min;
}

/** The largest of a list (undefined when empty), without spreading it into arguments. */
export function maxOf(values: readonly number[]): number | undefined {
  let max: number | undefined;
  for (const v of values) if (max === undefined || v > max) max = v;
  return max;
}
