/**
 * How a trial is run and analysed, on top of its protocol: sample size, randomization, the
 * endpoint and analyses, the success rule, how missing data are handled, and whether trials
 * differ from one another. Validated with zod; every field has a default: in the schema, or (the
 * sample sizes, the endpoint, the block size and the strata cutpoints) filled in when the design is
 * resolved against the protocol; n is required when an arm of the protocol has no plannedN.
 */
import * as z from "zod/mini";
import { ValidationError, fromZodIssues, type ValidationIssue } from "../errors.js";
import type { Protocol } from "../protocol/schema.js";
import { PROTOCOL_BOUNDS } from "../protocol/bounds.js";

/** Sample-size limits of a design, with their reasons (out of range is a ValidationError naming the field). */
export const DESIGN_SIZE_BOUNDS = {
  perArm: { min: 1, max: PROTOCOL_BOUNDS["arms[].plannedN"].max, reason: `an arm holds at least one participant; ${PROTOCOL_BOUNDS["arms[].plannedN"].reason}` },
  total: { min: 2, max: 10_000, reason: "a comparison needs at least two participants; Phase 3 trials of MDMA-assisted therapy randomized about 100, and 10,000 participants per simulated trial is beyond any psychotherapy trial and keeps a run within memory and minutes" },
} as const;

export const ANALYSES = ["welch", "student", "ancova", "fisher", "mmrm"] as const;
export type AnalysisName = (typeof ANALYSES)[number];

/** The choices of a design's enumerated fields (the schema's and the CLI's one list). */
export const DESIGN_CHOICES = {
  randomization: ["fixed", "simple", "blocked", "stratified-blocked"],
  estimand: ["completers", "treatment-policy"],
  missing: ["completers", "locf"],
} as const;

export const TrialDesignSchema = z.strictObject({
  /** Sample size: the total (split by allocation weights) or per arm. Default: each arm's plannedN. */
  n: z.optional(
    z.union([
      z.strictObject({ total: z.int().check(z.gte(DESIGN_SIZE_BOUNDS.total.min), z.lte(DESIGN_SIZE_BOUNDS.total.max, { error: DESIGN_SIZE_BOUNDS.total.reason })) }),
      z.strictObject({ perArm: z.record(z.string(), z.int().check(z.gte(DESIGN_SIZE_BOUNDS.perArm.min), z.lte(DESIGN_SIZE_BOUNDS.perArm.max, { error: DESIGN_SIZE_BOUNDS.perArm.reason }))) }),
    ]),
  ),
  randomization: z._default(
    z.strictObject({
      /**
       * fixed: exactly the planned numbers, in random order; simple: each participant independently by
       * the allocation weights; blocked: permuted blocks; stratified-blocked: permuted blocks within
       * strata of baseline severity.
       */
      method: z._default(z.enum(DESIGN_CHOICES.randomization), "fixed"),
      /** Block size (a multiple of the sum of the integer allocation weights). Default: the smallest such multiple ≥ 4. */
      blockSize: z.optional(z.int().check(z.positive())),
      /** Baseline cutpoints defining strata (default: the population's mean baseline). */
      strataCutpoints: z.optional(z.array(z.number()).check(z.minLength(1))),
    }),
    { method: "fixed" },
  ),
  /** Assessment analysed (default: the protocol's primary). */
  endpoint: z.optional(z.string()),
  /** The analysis the success rule uses. The others are computed and reported too. */
  primaryAnalysis: z._default(z.enum(ANALYSES), "welch"),
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
  success: z._default(
    z.strictObject({
      /** "any": at least one dose-vs-control comparison succeeds; "all": every one does; or an arm id. */
      comparisons: z._default(z.string(), "any"),
      multiplicity: z._default(z.enum(["none", "bonferroni"]), "none"),
      /** Count a significant result as a success only if it favours the treatment (two-sided test). */
      requireFavourable: z._default(z.boolean(), true),
    }),
    { comparisons: "any", multiplicity: "none", requireFavourable: true },
  ),
  /**
   * What the trial estimates. completers: the effect in those who stayed on treatment (ratings
   * after treatment stopped count as missing); treatment-policy: the effect of assigning the
   * treatment, whatever happened after (ratings of retrieved dropouts count).
   */
  estimand: z._default(z.enum(DESIGN_CHOICES.estimand), "completers"),
  /** Missing endpoint ratings: completers (analyse those with one) or locf (carry the last rating that counts forward). */
  missing: z._default(z.enum(DESIGN_CHOICES.missing), "completers"),
  /** Draw a new trial-level effect for every simulated trial (trials differ), or simulate a typical trial. */
  trialHeterogeneity: z._default(z.boolean(), false),
  /** "efficacy" skips vitals after the supplemental decision and the fine grid; outcomes are identical. */
  detail: z._default(z.enum(["efficacy", "full"]), "efficacy"),
  /**
   * Confidence interval for the population standardized difference in each trial: "normal" is
   * g ± z·SE(g), the large-sample one (fast); "noncentral-t" inverts the noncentral t distribution
   * of the observed pooled t (exact for normal data with equal variances; built from d and
   * asymmetric, so not centred on g).
   */
  effectSizeCi: z._default(z.enum(["normal", "noncentral-t"]), "normal"),
  confLevel: z._default(z.number().check(z.gt(0), z.lt(1)), 0.95),
});

/** Every field's default (the design `{}` parses to). */
export const DESIGN_DEFAULTS: z.output<typeof TrialDesignSchema> = z.parse(TrialDesignSchema, {});

/**
 * A trial design as users write it (the input of TrialDesignSchema; every field optional): sample
 * size, randomization, endpoint, primary analysis, alpha, success rule, estimand, handling of
 * missing ratings, trial heterogeneity, detail, confidence level and the effect size's interval
 * method. It is the `design` of a run spec; a run resolves it against the protocol.
 */
export type TrialDesignInput = z.input<typeof TrialDesignSchema>;
export type TrialDesign = z.output<typeof TrialDesignSchema>;

/** A design resolved against its protocol: arm sizes, block size, strata and comparisons are explicit. */
export interface ResolvedDesign extends TrialDesign {
  readonly armIds: readonly string[];
  readonly controlArmId: string;
  /** Arm sizes for fixed/blocked randomization, or expected sizes for simple randomization. */
  readonly armSizes: Readonly<Record<string, number>>;
  readonly totalN: number;
  readonly endpointId: string;
  readonly blockComposition: readonly number[];
  readonly resolvedBlockSize: number;
  readonly resolvedStrata: readonly number[];
  /** Arms compared with the control, in protocol order. */
  readonly comparisonArms: readonly string[];
}

/** Split `total` by weights, largest remainder first (ties to the earlier arm). */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const sizes = exact.map(Math.floor);
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    sizes[i]!++;
  }
  return sizes;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Validate a design against a protocol; one ValidationError lists every problem. */
export function resolveDesign(protocol: Protocol, input: unknown = {}): ResolvedDesign {
  const parsed = TrialDesignSchema.safeParse(input ?? {});
  if (!parsed.success) throw new ValidationError("trial design", fromZodIssues(parsed.error.issues, input));
  const d = parsed.data;
  const issues: ValidationIssue[] = [];
  const armIds = protocol.arms.map((a) => a.id);
  const weights = protocol.arms.map((a) => a.allocation);
  let sizes: number[] = [];
  if (d.n === undefined) {
    const missing = protocol.arms.filter((a) => a.plannedN === undefined).map((a) => a.id);
    if (missing.length > 0) issues.push({ path: "n", rule: "required", message: `give n: arms ${missing.join(", ")} have no plannedN in the protocol` });
    else sizes = protocol.arms.map((a) => a.plannedN!);
  } else if ("total" in d.n) {
    sizes = splitByWeights(d.n.total, weights);
  } else {
    const perArm = d.n.perArm;
    for (const key of Object.keys(perArm)) if (!armIds.includes(key)) issues.push({ path: `n.perArm.${key}`, rule: "known-arm", message: `is not an arm of the protocol (${armIds.join(", ")})`, received: perArm[key] });
    for (const id of armIds) if (perArm[id] === undefined) issues.push({ path: `n.perArm.${id}`, rule: "required", message: "every arm needs a size" });
    sizes = armIds.map((id) => perArm[id] ?? 0);
  }
  const endpointId = d.endpoint ?? protocol.endpoints.primaryAssessmentId;
  const endpoint = protocol.schedule.assessments.find((a) => a.id === endpointId);
  if (!endpoint) issues.push({ path: "endpoint", rule: "known-assessment", message: `must name an assessment (${protocol.schedule.assessments.map((a) => a.id).join(", ")})`, received: endpointId });
  else if (endpoint.kind === "baseline") issues.push({ path: "endpoint", rule: "post-baseline", message: "must be an assessment after baseline", received: endpointId });
  const comparisonArms = armIds.filter((id) => id !== protocol.controlArmId);
  if (comparisonArms.length === 0) issues.push({ path: "(protocol).arms", rule: "comparison", message: "a trial needs at least one arm besides the control" });
  if (d.success.comparisons !== "any" && d.success.comparisons !== "all" && !comparisonArms.includes(d.success.comparisons)) {
    issues.push({ path: "success.comparisons", rule: "known-arm", message: `must be "any", "all" or an arm compared with the control (${comparisonArms.join(", ")})`, received: d.success.comparisons });
  }
  // Block composition from integer allocation weights.
  let composition: number[] = [];
  let blockSize = 0;
  if (d.randomization.method === "blocked" || d.randomization.method === "stratified-blocked") {
    if (!weights.every((w) => Number.isInteger(w))) {
      issues.push({ path: "randomization.method", rule: "integer-weights", message: `blocked randomization needs integer allocation weights (protocol has ${weights.join(":")})` });
    } else {
      const g = weights.reduce(gcd);
      const unit = weights.map((w) => w / g);
      const unitSum = unit.reduce((a, b) => a + b, 0);
      blockSize = d.randomization.blockSize ?? unitSum * Math.max(1, Math.ceil(4 / unitSum));
      if (blockSize % unitSum !== 0) issues.push({ path: "randomization.blockSize", rule: "multiple-of-ratio", message: `must be a multiple of ${unitSum} (allocation ${unit.join(":")})`, received: blockSize });
      else composition = unit.map((u) => (u * blockSize) / unitSum);
    }
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > DESIGN_SIZE_BOUNDS.total.max) issues.push({ path: "n", rule: "range", message: `a trial of ${total} participants is more than ${DESIGN_SIZE_BOUNDS.total.max} (${DESIGN_SIZE_BOUNDS.total.reason})`, received: total });
  if (sizes.length > 0 && total < DESIGN_SIZE_BOUNDS.total.min) issues.push({ path: "n", rule: "minimum", message: `a trial needs at least ${DESIGN_SIZE_BOUNDS.total.min} participants`, received: total });
  sizes.forEach((s, i) => {
    if (d.randomization.method === "fixed" && s < 1) issues.push({ path: `n`, rule: "arm-size", message: `arm ${armIds[i]} would get no participants`, received: s });
  });
  if (issues.length > 0) throw new ValidationError("trial design", issues);
  const strata = d.randomization.strataCutpoints ?? [protocol.population.baselineScore.mean];
  const armSizes = Object.fromEntries(armIds.map((id, i) => [id, sizes[i]!]));
  return {
    ...d,
    // One way to write the sizes (per arm), so that equal designs, however written, are equal data (and hash alike).
    n: { perArm: armSizes },
    armIds,
    controlArmId: protocol.controlArmId,
    armSizes,
    totalN: total,
    endpointId,
    blockComposition: composition,
    resolvedBlockSize: blockSize,
    resolvedStrata: [...strata].sort((a, b) => a - b),
    comparisonArms,
  };
}
