/**
 * A published result as data: the design, what each arm reported, and the reported test.
 * Missing pieces are allowed; the checks that need them say they were skipped.
 */
import * as z from "zod";
import { PRESET_IDS } from "../protocol/presets.js";
import { SCALE_IDS } from "../protocol/scales.js";

const finite = () => z.number();
const spread = z.strictObject({
  mean: finite(),
  /** Standard deviation as reported. */
  sd: z.number().positive().optional(),
  /** Standard error as reported (give sd or se, or both). */
  se: z.number().positive().optional(),
  /** Decimals the mean was reported with (default: as written). */
  decimals: z.int().min(0).max(10).optional(),
});

const proportion = z.strictObject({
  count: z.int().min(0).optional(),
  /** Percentage 0-100 as reported. */
  percent: z.number().min(0).max(100).optional(),
  /** Denominator if different from the arm's n. */
  n: z.int().positive().optional(),
  decimals: z.int().min(0).max(10).optional(),
});

export const PublishedArmSchema = z
  .strictObject({
    id: z.string().min(1),
    label: z.string().optional(),
    role: z.enum(["treatment", "control"]),
    /** Participants analysed. */
    n: z.int().positive().optional(),
    baseline: spread.optional(),
    endpoint: spread.optional(),
    change: spread.optional(),
    responders: proportion.optional(),
    lossOfDiagnosis: proportion.optional(),
  })
  .superRefine((arm, ctx) => {
    for (const which of ["responders", "lossOfDiagnosis"] as const) {
      const p = arm[which];
      const n = p?.n ?? arm.n;
      if (p?.count !== undefined && n !== undefined && p.count > n) {
        ctx.addIssue({ code: "custom", path: [which, "count"], message: `must be at most n (${n})`, params: { rule: "count-at-most-n" }, input: p.count });
      }
    }
  });

export const PublishedResultSchema = z.strictObject({
  id: z.string().min(1).default("published"),
  title: z.string().optional(),
  citation: z.string().optional(),
  design: z
    .strictObject({
      /** A preset whose design the simulation comparison uses. */
      preset: z.enum(PRESET_IDS).optional(),
      /** The scale of the figures (default: the preset's endpoint scale, else CAPS-IV). */
      scale: z.enum(SCALE_IDS).optional(),
      /** The preset's assessment the figures refer to (default: its primary). */
      timepoint: z.string().optional(),
      /** Totals are sums of integer item scores (CAPS): enables the granularity (GRIM) checks. */
      integerScores: z.boolean().default(true),
    })
    .default({ integerScores: true }),
  arms: z.array(PublishedArmSchema).min(2, { error: "a comparison needs at least two arms" }),
  reported: z
    .strictObject({
      /** The outcome the reported test compared. */
      measure: z.enum(["change", "endpoint"]).optional(),
      test: z.enum(["welch", "student", "t-unspecified", "ancova", "mann-whitney", "other"]).optional(),
      p: z.number().min(0).max(1).optional(),
      /** "=" (default), or "<" for "p < 0.001". */
      pOperator: z.enum(["=", "<", "<="]).default("="),
      t: finite().optional(),
      df: z.number().positive().optional(),
      effectSize: z.strictObject({ kind: z.enum(["cohen-d", "hedges-g", "unspecified"]), value: finite(), ciLower: finite().optional(), ciUpper: finite().optional() }).optional(),
      /** Fisher's exact test p-value for responders, if reported. */
      fisherP: z.number().min(0).max(1).optional(),
      /** "=" (default), or "<" for "p < 0.001". */
      fisherPOperator: z.enum(["=", "<", "<="]).default("="),
    })
    .default({ pOperator: "=", fisherPOperator: "=" }),
  /** An effect to assume true for the design analysis: a difference in points, or a standardized one. */
  assumedTrueEffect: z.union([z.strictObject({ difference: finite() }), z.strictObject({ g: finite() })]).optional(),
});

export type PublishedResultInput = z.input<typeof PublishedResultSchema>;
export type PublishedResult = z.output<typeof PublishedResultSchema>;
export type PublishedArm = PublishedResult["arms"][number];
