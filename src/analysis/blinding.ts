/**
 * Blinding indices from the end-of-trial question "which treatment do you think you received?",
 * tabulated as allocation (treated / control) × guess (treated / control / don't know).
 *
 * Bang's index (Bang, Ni & Davis 2004, Control Clin Trials 25:143-156) is computed per arm from
 * that arm's correct (n_c), incorrect (n_i) and don't-know answers among n:
 *
 *   BI = (2·n_c/(n_c + n_i) − 1)·(n_c + n_i)/n = (n_c − n_i)/n,
 *   Var(BI) = [p_c(1 − p_c) + p_i(1 − p_i) + 2·p_c·p_i]/n,   p = share of n,
 *
 * the multinomial variance of p_c − p_i. It runs from −1 (everyone guesses the other arm) through
 * 0 (guesses no better than chance, or all don't know) to 1 (everyone guesses right); Bang et al.
 * read |BI| ≤ 0.2 as consistent with blinding and recommend one-sided limits (alternative
 * "greater" for the unblinding direction).
 *
 * James' index (James, Bloch, Lee, Kraemer & Fuller 1996, Stat Med 15:1421-1434) is one number for
 * the trial: a weighted kappa of guess against allocation among those who guessed, with weights
 * 0 for a correct and ½ for an incorrect guess, combined with the share of don't-know answers:
 *
 *   P_o = Σ w_ij P_ij/(1 − P_DK),   P_e = Σ w_ij P_i·(P_·j − P_DK,j)/(1 − P_DK)²,
 *   κ = (P_o − P_e)/P_e,            BI = (1 + P_DK + (1 − P_DK)·κ)/2,
 *
 * with P_ij the share of the whole table guessing i in arm j, P_i· the guess margins, P_·j the arm
 * margins and P_DK (P_DK,j) the don't-know shares. It runs from 0 (complete unblinding) through
 * 0.5 (random guessing) to 1 (complete blinding, or everyone guessing wrong); James et al. read an
 * upper confidence limit below 0.5 as evidence of unblinding. Its variance is James et al.'s
 * large-sample formula, in the form the BI package (Schwartz & Mercaldo) implements; it equals the
 * multinomial delta-method variance. When every answer is don't know the index is 1 with SE 0
 * (James et al. 1996, p. 1425).
 *
 * Both intervals are estimate ± z·SE (normal approximation, as in both papers); one-sided limits
 * fix the other end at the index's bound. Checked against a symbolic delta-method implementation
 * (scripts/reference/blinding.py → test/fixtures/blinding.json).
 */
import * as z from "zod/mini";
import { parseOrThrow } from "../errors.js";
import { normalQuantile } from "../math/distributions.js";

/** How the participants (or raters) of one arm answered. */
export interface GuessCounts {
  readonly guessedTreated: number;
  readonly guessedControl: number;
  readonly dontKnow: number;
}

/** The 2×3 table: allocation (treated / control) × guess (treated / control / don't know). */
export interface BlindingTable {
  readonly treated: GuessCounts;
  readonly control: GuessCounts;
}

/** "greater" gives a lower limit only (upper fixed at the bound), "less" an upper limit only. */
export type BlindingAlternative = "two-sided" | "greater" | "less";

export interface BlindingIndexOptions {
  /** Confidence level of the limits (default 0.95). */
  readonly confLevel?: number;
  /** Two-sided limits (default) or one one-sided limit. */
  readonly alternative?: BlindingAlternative;
}

/**
 * A blinding index with its large-sample SE, normal confidence limits and the number of answers
 * behind it: James' index for a whole trial (jamesBlindingIndex), or Bang's for one arm (each arm
 * of bangBlindingIndex's result).
 */
export interface BlindingIndex {
  readonly estimate: number;
  /** Large-sample standard error. */
  readonly se: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** Answers the index is computed from (the arm for Bang's index, the whole table for James'). */
  readonly n: number;
}

/** Bang's index for each arm; an arm with no answers has none. */
export interface BangBlindingIndex {
  readonly treated: BlindingIndex | null;
  readonly control: BlindingIndex | null;
}

const count = () => z.number().check(z.int(), z.nonnegative());
const GuessCountsSchema = z.strictObject({ guessedTreated: count(), guessedControl: count(), dontKnow: count() });
const BlindingTableSchema = z.strictObject({ treated: GuessCountsSchema, control: GuessCountsSchema });
const OptionsSchema = z.strictObject({
  confLevel: z._default(z.number().check(z.gt(0), z.lt(1)), 0.95),
  alternative: z._default(z.enum(["two-sided", "greater", "less"]), "two-sided"),
});
const InputSchema = z.strictObject({ table: BlindingTableSchema, options: OptionsSchema });

interface ParsedInput {
  readonly table: BlindingTable;
  readonly confLevel: number;
  readonly alternative: BlindingAlternative;
}

function parseInput(table: BlindingTable, options: BlindingIndexOptions): ParsedInput {
  const parsed = parseOrThrow(InputSchema, { table, options }, "blinding table");
  return { table: parsed.table, confLevel: parsed.options.confLevel, alternative: parsed.options.alternative };
}

/** estimate ± z·SE, or a one-sided limit with the other end at the index's bound. */
function withLimits(estimate: number, se: number, n: number, bounds: readonly [number, number], confLevel: number, alternative: BlindingAlternative): BlindingIndex {
  if (alternative === "two-sided") {
    const zValue = normalQuantile(1 - (1 - confLevel) / 2);
    return { estimate, se, ciLower: estimate - zValue * se, ciUpper: estimate + zValue * se, n };
  }
  const zValue = normalQuantile(confLevel);
  return alternative === "greater"
    ? { estimate, se, ciLower: estimate - zValue * se, ciUpper: bounds[1], n }
    : { estimate, se, ciLower: bounds[0], ciUpper: estimate + zValue * se, n };
}

/** Bang's index for one arm from its correct, incorrect and don't-know counts; null when the arm is empty. */
function bangForArm(correct: number, incorrect: number, dontKnow: number, confLevel: number, alternative: BlindingAlternative): BlindingIndex | null {
  const n = correct + incorrect + dontKnow;
  if (n === 0) return null;
  const pCorrect = correct / n;
  const pIncorrect = incorrect / n;
  const variance = (pCorrect * (1 - pCorrect) + pIncorrect * (1 - pIncorrect) + 2 * pCorrect * pIncorrect) / n;
  return withLimits((correct - incorrect) / n, Math.sqrt(variance), n, [-1, 1], confLevel, alternative);
}

/**
 * Bang's blinding index for each arm, with its large-sample SE and normal confidence limits
 * (Bang, Ni & Davis 2004); a guess of "treated" is correct in the treated arm, "control" in the
 * control arm. Throws a ValidationError for counts that are not non-negative integers.
 */
export function bangBlindingIndex(table: BlindingTable, options: BlindingIndexOptions = {}): BangBlindingIndex {
  const { table: t, confLevel, alternative } = parseInput(table, options);
  return bangBlindingIndexUnchecked(t, confLevel, alternative);
}

/** bangBlindingIndex for counts already known to be valid (non-negative integers): for simulation loops. */
export function bangBlindingIndexUnchecked(t: BlindingTable, confLevel = 0.95, alternative: BlindingAlternative = "two-sided"): BangBlindingIndex {
  return {
    treated: bangForArm(t.treated.guessedTreated, t.treated.guessedControl, t.treated.dontKnow, confLevel, alternative),
    control: bangForArm(t.control.guessedControl, t.control.guessedTreated, t.control.dontKnow, confLevel, alternative),
  };
}

/** Shares of the whole table that James' index is built from. */
interface JamesShares {
  /** cell[guess][arm]: share guessing treated (0) or control (1) in the treated (0) or control (1) arm. */
  readonly cell: readonly [readonly [number, number], readonly [number, number]];
  /** Guess margins: share guessing treated, control. */
  readonly guess: readonly [number, number];
  /** Arm margins less the arm's don't-know answers. */
  readonly armGuessing: readonly [number, number];
  readonly dontKnow: number;
}

function jamesShares(t: BlindingTable, n: number): JamesShares {
  const tt = t.treated.guessedTreated / n, tc = t.treated.guessedControl / n;
  const ct = t.control.guessedTreated / n, cc = t.control.guessedControl / n;
  return { cell: [[tt, ct], [tc, cc]], guess: [tt + ct, tc + cc], armGuessing: [tt + tc, ct + cc], dontKnow: (t.treated.dontKnow + t.control.dontKnow) / n };
}

/** James' weights: 0 for a correct guess (guess = arm), ½ for an incorrect one. */
const jamesWeight = (guess: number, arm: number) => (guess === arm ? 0 : 0.5);

/** James' index and its variance (James et al. 1996) from the table's shares; null when κ is undefined (P_e = 0). */
function jamesFromShares(s: JamesShares, n: number): { estimate: number; variance: number } | null {
  const guessing = 1 - s.dontKnow;
  let observed = 0;
  let expectedUnscaled = 0; // Σ w_ij P_i· (P_·j − P_DK,j)
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      observed += (jamesWeight(i, j) * s.cell[i]![j]!) / guessing;
      expectedUnscaled += jamesWeight(i, j) * s.guess[i]! * s.armGuessing[j]!;
    }
  }
  const expected = expectedUnscaled / (guessing * guessing);
  if (!(expected > 0)) return null;
  const kappa = (observed - expected) / expected;
  let sumOverCells = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      let margins = 0;
      for (let r = 0; r < 2; r++) margins += jamesWeight(r, j) * s.guess[r]! + jamesWeight(i, r) * s.armGuessing[r]!;
      const term = guessing * jamesWeight(i, j) - (1 + kappa) * margins;
      sumOverCells += s.cell[i]![j]! * guessing * guessing * term * term;
    }
  }
  const kappaPart = sumOverCells / (4 * expectedUnscaled * expectedUnscaled);
  const dontKnowPart = s.dontKnow * guessing - guessing * (1 + kappa) * (s.dontKnow + (guessing * (1 + kappa)) / 4);
  return { estimate: (1 + s.dontKnow + guessing * kappa) / 2, variance: (kappaPart + dontKnowPart) / n };
}

/**
 * James' blinding index for the whole trial, with its large-sample SE and normal confidence limits
 * (James et al. 1996); null when it is undefined (an empty table, or no disagreement expected by
 * chance). Throws a ValidationError for counts that are not non-negative integers.
 */
export function jamesBlindingIndex(table: BlindingTable, options: BlindingIndexOptions = {}): BlindingIndex | null {
  const { table: t, confLevel, alternative } = parseInput(table, options);
  return jamesBlindingIndexUnchecked(t, confLevel, alternative);
}

/** jamesBlindingIndex for counts already known to be valid (non-negative integers): for simulation loops. */
export function jamesBlindingIndexUnchecked(t: BlindingTable, confLevel = 0.95, alternative: BlindingAlternative = "two-sided"): BlindingIndex | null {
  const n = t.treated.guessedTreated + t.treated.guessedControl + t.treated.dontKnow + t.control.guessedTreated + t.control.guessedControl + t.control.dontKnow;
  if (n === 0) return null;
  const dontKnow = t.treated.dontKnow + t.control.dontKnow;
  if (dontKnow === n) return withLimits(1, 0, n, [0, 1], confLevel, alternative);
  const james = jamesFromShares(jamesShares(t, n), n);
  if (james === null) return null;
  return withLimits(james.estimate, Math.sqrt(Math.max(0, james.variance)), n, [0, 1], confLevel, alternative);
}
