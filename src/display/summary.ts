/** What a displayed summary holds, and the helpers the per-kind summaries share. */
import { formatNumber } from "../format.js";
import type { DisplayTable } from "./table.js";

/** A compact summary of a result: a title, key facts, a few tables, and closing notes. */
export interface DisplaySummary {
  readonly title: string;
  readonly lines: readonly string[];
  readonly tables: readonly DisplayTable[];
  readonly notes: readonly string[];
}

/** An interval as text ("0.566 to 0.699"; "to" because either end may be negative). */
export function rangeText(lo: number | null | undefined, hi: number | null | undefined): string {
  return lo === null || lo === undefined || hi === null || hi === undefined ? "" : `${formatNumber(lo)} to ${formatNumber(hi)}`;
}

/** A proportion with its Monte Carlo error: "0.635 (MCSE 0.034, 95% CI 0.566 to 0.699)". */
export function proportionText(p: { readonly estimate: number | null; readonly mcse: number | null; readonly ci: readonly [number, number] }, confLevel = 0.95): string {
  return `${formatNumber(p.estimate)} (MCSE ${formatNumber(p.mcse)}, ${formatNumber(confLevel * 100)}% CI ${rangeText(p.ci[0], p.ci[1])})`;
}

/** A seed as text: numbers and text as they are, typed seeds as JSON. */
export function seedText(seed: unknown): string {
  return typeof seed === "number" || typeof seed === "string" ? String(seed) : JSON.stringify(seed);
}

/** The note every summary ends with: where the full data is. */
export const FULL_DATA_NOTE = "JSON.stringify(result) gives the full data; this is a summary.";
