/**
 * A published result as data: the design, what each arm reported, and the reported test.
 * Missing pieces are allowed; the checks that need them say they were skipped. Every number is
 * bounded by the table in bounds.ts (the error message gives the bound's reason).
 */
import * as z from "zod/mini";
import { PRESET_IDS, preset, type PresetId } from "../protocol/presets.js";
import { SCALE_IDS } from "../protocol/scales.js";
import { PUBLISHED_RESULT_BOUNDS as B, PUBLISHED_RESULT_TEXT_LENGTHS as TEXT, type Bound } from "./bounds.js";

/** A number held to `bound`, whose reason the error message carries. */
function bounded(bound: Bound) {
  const base = bound.integer ? z.int() : z.number();
  return base.check(z.gte(bound.min, { error: bound.reason }), z.lte(bound.max, { error: bound.reason }));
}

/** A free-text field of at most `max` characters. */
const text = (max: number) => z.string().check(z.maxLength(max));

const spread = z.strictObject({
  mean: bounded(B.mean),
  /** Standard deviation as reported. */
  sd: z.optional(bounded(B.spread)),
  /** Standard error as reported (give sd or se, or both). */
  se: z.optional(bounded(B.spread)),
  /** Decimals the mean was reported with (default: as written). */
  decimals: z.optional(bounded(B.decimals)),
});

const proportion = z.strictObject({
  count: z.optional(bounded(B.count)),
  /** Percentage 0-100 as reported. */
  percent: z.optional(bounded(B.percent)),
  /** Denominator if different from the arm's n. */
  n: z.optional(bounded(B.armN)),
  decimals: z.optional(bounded(B.decimals)),
});

/** One arm of a published result: its role, n, and the summaries and proportions it reported. */
export const PublishedArmSchema = z
  .strictObject({
    id: text(TEXT.id).check(z.minLength(1)),
    label: z.optional(text(TEXT.label)),
    role: z.enum(["treatment", "control"]),
    /** Participants analysed. */
    n: z.optional(bounded(B.armN)),
    baseline: z.optional(spread),
    endpoint: z.optional(spread),
    change: z.optional(spread),
    responders: z.optional(proportion),
    lossOfDiagnosis: z.optional(proportion),
    /** Participants' guesses of their allocation, when the paper reports them (counts of those asked). */
    guesses: z.optional(
      z.strictObject({
        /** Guessed they received the experimental treatment (MDMA). */
        experimental: bounded(B.count),
        /** Guessed they received the control (placebo or low dose). */
        control: bounded(B.count),
        /** Said they did not know (0 when the question had no such answer). */
        dontKnow: z._default(bounded(B.count), 0),
      }),
    ),
  })
  .check(
    z.superRefine((arm, ctx) => {
      for (const which of ["responders", "lossOfDiagnosis"] as const) {
        const p = arm[which];
        const n = p?.n ?? arm.n;
        if (p?.count !== undefined && n !== undefined && p.count > n) {
          ctx.addIssue({ code: "custom", path: [which, "count"], message: `must be at most n (${n})`, params: { rule: "count-at-most-n" }, input: p.count });
        }
      }
    }),
  );

const DesignSchema = z.strictObject({
  /** A preset whose design the simulation comparison uses. */
  preset: z.optional(z.enum(PRESET_IDS)),
  /** The scale of the figures (default: the preset's endpoint scale, else CAPS-IV). */
  scale: z.optional(z.enum(SCALE_IDS)),
  /** The preset's assessment the figures refer to (default: its primary). */
  timepoint: z.optional(text(TEXT.timepoint)),
  /** Totals are sums of integer item scores (CAPS): enables the granularity (GRIM) checks. */
  integerScores: z._default(z.boolean(), true),
});

const ReportedSchema = z.strictObject({
  /** The outcome the reported test compared. */
  measure: z.optional(z.enum(["change", "endpoint"])),
  test: z.optional(z.enum(["welch", "student", "t-unspecified", "ancova", "mann-whitney", "other"])),
  p: z.optional(bounded(B.p)),
  /** "=" (default), or "<" for "p < 0.001". */
  pOperator: z._default(z.enum(["=", "<", "<="]), "="),
  t: z.optional(bounded(B.t)),
  df: z.optional(bounded(B.df)),
  effectSize: z.optional(
    z.strictObject({ kind: z.enum(["cohen-d", "hedges-g", "unspecified"]), value: bounded(B.effectSize), ciLower: z.optional(bounded(B.effectSize)), ciUpper: z.optional(bounded(B.effectSize)) }),
  ),
  /** Fisher's exact test p-value for responders, if reported. */
  fisherP: z.optional(bounded(B.p)),
  /** "=" (default), or "<" for "p < 0.001". */
  fisherPOperator: z._default(z.enum(["=", "<", "<="]), "="),
});

type Issue = { readonly path: PropertyKey[]; readonly message: string; readonly rule: string; readonly input: unknown };

/** The design fields that must agree with the named preset: its scale and one of its assessments after baseline. */
function presetIssues(design: z.output<typeof DesignSchema>, presetId: PresetId): Issue[] {
  const protocol = preset(presetId);
  const issues: Issue[] = [];
  const presetScale = protocol.endpoints.scale;
  if (design.scale !== undefined && design.scale !== presetScale) {
    issues.push({ path: ["design", "scale"], rule: "preset-scale", message: `must be the preset's endpoint scale (${presetScale}), or left out`, input: design.scale });
  }
  if (design.timepoint !== undefined) {
    const assessments = protocol.schedule.assessments;
    const found = assessments.find((a) => a.id === design.timepoint);
    if (!found) issues.push({ path: ["design", "timepoint"], rule: "known-assessment", message: `must name an assessment of the ${presetId} preset (${assessments.map((a) => a.id).join(", ")})`, input: design.timepoint });
    else if (found.kind === "baseline") issues.push({ path: ["design", "timepoint"], rule: "post-baseline", message: "must be an assessment after baseline", input: design.timepoint });
  }
  return issues;
}

/** Arm ids name the rows of the report, so each must be unique. */
function duplicateArmIssues(arms: readonly { readonly id: string }[]): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  arms.forEach((arm, index) => {
    if (seen.has(arm.id)) issues.push({ path: ["arms", index, "id"], rule: "unique-arm-id", message: "must differ from every other arm's id", input: arm.id });
    seen.add(arm.id);
  });
  return issues;
}

/** A published result: design, arms, the reported test and an optional assumed true effect (every number bounded by bounds.ts). */
export const PublishedResultSchema = z
  .strictObject({
    id: z._default(text(TEXT.id).check(z.minLength(1)), "published"),
    title: z.optional(text(TEXT.title)),
    citation: z.optional(text(TEXT.citation)),
    design: z._default(DesignSchema, { integerScores: true }),
    arms: z.array(PublishedArmSchema).check(z.minLength(B.arms.min, { error: "a comparison needs at least two arms" }), z.maxLength(B.arms.max, { error: B.arms.reason })),
    reported: z._default(ReportedSchema, { pOperator: "=", fisherPOperator: "=" }),
    /** An effect to assume true for the design analysis: a difference in points, or a standardized one. */
    assumedTrueEffect: z.optional(z.union([z.strictObject({ difference: bounded(B.assumedDifference) }), z.strictObject({ g: bounded(B.assumedG) })])),
  })
  .check(
    z.superRefine((result, ctx) => {
      const issues = [...duplicateArmIssues(result.arms), ...(result.design.preset ? presetIssues(result.design, result.design.preset) : [])];
      for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, params: { rule: issue.rule }, input: issue.input });
    }),
  );

/**
 * A published result as users write it for checkPublished (the input of PublishedResultSchema;
 * defaulted fields optional): the design, each arm's reported figures, the reported test and an
 * optional effect to assume true. examples/checks holds examples.
 */
export type PublishedResultInput = z.input<typeof PublishedResultSchema>;
export type PublishedResult = z.output<typeof PublishedResultSchema>;
export type PublishedArm = PublishedResult["arms"][number];
