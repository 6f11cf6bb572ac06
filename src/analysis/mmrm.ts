/**
 * Mixed model for repeated measures (MMRM), the primary analysis the later MDMA trials
 * pre-specified (Mithoefer et al. 2019; Mitchell et al. 2021): for each participant the
 * post-baseline scores y_i at the visits they attended are multivariate normal,
 *
 *   y_i ~ N(X_i β, Σ_i),   mean = group × visit + baseline × visit,
 *
 * with a cell mean for every group and visit, a baseline slope per visit (or one common slope),
 * and an unstructured covariance Σ over the visits (Σ_i its rows and columns for the visits
 * observed). Estimation is by restricted maximum likelihood (REML; Patterson & Thompson 1971,
 * Harville 1977). Participants with missing visits, monotone (dropout) or intermittent, contribute
 * every visit they have: under missing at random this is the likelihood-based analysis of
 * Mallinckrodt et al. (2001, 2008), not a completers analysis.
 *
 * Equivalent in R to
 *   nlme::gls(value ~ group * visit + baseline * visit,
 *             correlation = corSymm(form = ~ visitIndex | subject),
 *             weights = varIdent(form = ~ 1 | visit), method = "REML", na.action = na.omit)
 * and checked against it (test/fixtures/mmrm.R): estimates, SEs, covariance and log-likelihood.
 *
 * Least-squares means are the model's means for each group at each visit with the baseline at the
 * mean of the observations analysed (what emmeans and SAS LSMEANS use for a covariate); the
 * treatment difference at a visit does not depend on that choice.
 *
 * Degrees of freedom for the t tests and intervals:
 *   - "satterthwaite" (default): Satterthwaite's approximation (Satterthwaite 1946; Giesbrecht &
 *     Burns 1985) for each contrast, from the Hessian of the REML criterion, as the R packages
 *     mmrm and lmerTest compute it. In a small trial the information about a between-group
 *     difference comes from the participants, not the observations: with complete data it gives
 *     participants − groups − 1 for a single visit, where
 *   - "residual" (nlme's choice: observations − coefficients) counts every visit of every
 *     participant as independent and overstates the df several-fold (e.g. 111 instead of 37 with 20
 *     per arm and 3 visits), so its p-values are too small when trials are small. It is offered for
 *     comparison with nlme::gls.
 * Kenward-Roger (which also inflates the SE) and between-within df are not implemented.
 *
 * Numerics: mmrm-core.ts (sufficient statistics per missingness pattern, analytic gradient, BFGS on
 * a log-Cholesky parametrization, Satterthwaite by numerical differentiation of that gradient).
 */
import * as z from "zod/mini";
import { parseOrThrow, ValidationError, type ValidationIssue } from "../errors.js";
import { tQuantile, tTwoSidedP } from "../math/distributions.js";
import { MmrmWorkspace, MMRM_MAX_VISITS, type BaselineTerm, type MmrmWideData } from "./mmrm-core.js";

export type { BaselineTerm, MmrmWideData } from "./mmrm-core.js";

/** One assessment of one participant: `value` is null when the visit was missed. */
export interface MmrmRow {
  readonly subject: string | number;
  readonly group: string;
  readonly visit: string | number;
  readonly baseline: number;
  readonly value: number | null;
}

/** The data: rows in long format, the post-baseline visits in time order and the reference group. */
export interface MmrmData {
  readonly rows: readonly MmrmRow[];
  readonly visits: readonly (string | number)[];
  /** The comparator: differences are reported as other group minus this one. */
  readonly referenceGroup: string;
  /** The group of the primary difference; optional with two groups, required with more. */
  readonly treatedGroup?: string;
}

export type MmrmDfMethod = "satterthwaite" | "residual";

export interface MmrmOptions {
  /** Visit of the primary difference (default: the last visit). */
  readonly atVisit?: string | number;
  /** "by-visit" (default): baseline × visit, as pre-specified; "common": one baseline slope. */
  readonly baselineTerm?: BaselineTerm;
  /** Degrees of freedom for tests and intervals (default "satterthwaite"; see the module notes). */
  readonly df?: MmrmDfMethod;
  /** Confidence level of the intervals (default 0.95). */
  readonly confLevel?: number;
  /** BFGS iterations before giving up (default 200; a fit usually takes 5 to 20). */
  readonly maxIterations?: number;
}

/** A difference in least-squares means, group minus reference, at one visit. */
export interface MmrmComparison {
  readonly estimate: number;
  readonly se: number;
  readonly t: number;
  readonly df: number;
  /** Two-sided p-value. */
  readonly p: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** The df actually used: Satterthwaite falls back to residual if the REML Hessian is not positive definite. */
  readonly dfMethod: MmrmDfMethod;
}

export interface MmrmGroupComparison extends MmrmComparison {
  readonly group: string;
  readonly visit: string | number;
}

export interface MmrmLsMean {
  readonly group: string;
  readonly visit: string | number;
  readonly estimate: number;
  readonly se: number;
}

/**
 * A fitted MMRM, as fitMmrm returns it: the treated − reference difference in least-squares means
 * at the chosen visit, every other difference, the LS means, the covariance over the visits, the
 * REML log-likelihood, whether the optimizer converged, and the sizes of the data.
 */
export interface MmrmResult {
  /** Treated minus reference at the chosen visit: the primary result. */
  readonly difference: MmrmGroupComparison;
  /** Every non-reference group minus the reference at every visit. */
  readonly differences: readonly MmrmGroupComparison[];
  /** Least-squares mean of every group at every visit (reference group first). */
  readonly lsMeans: readonly MmrmLsMean[];
  /** Estimated covariance over the visits (rows and columns in visit order). */
  readonly covariance: readonly (readonly number[])[];
  /** REML log-likelihood, as nlme reports it: −½[(N − p)·log 2π + log|V| + log|XᵀV⁻¹X| + rᵀV⁻¹r]. */
  readonly logLikelihood: number;
  readonly iterations: number;
  /** False when the optimizer stopped before the gradient vanished; the estimates are then the last iterate. */
  readonly converged: boolean;
  readonly groups: readonly string[];
  readonly visits: readonly (string | number)[];
  readonly observations: number;
  readonly subjects: number;
  /** Fixed-effect coefficients p; the residual df is observations − p. */
  readonly coefficients: number;
  /** Baseline at which the least-squares means are evaluated (mean over the observations analysed). */
  readonly baselineMean: number;
}

// ---------------------------------------------------------------- fitting, shared by both entry points

interface FitSettings {
  readonly df: MmrmDfMethod;
  readonly confLevel: number;
  readonly maxIterations: number;
}

/**
 * Accumulate, check estimability, optimize and (for Satterthwaite) take the Hessian; null if the
 * model is not estimable or REML has no interior maximum.
 */
function runFit(workspace: MmrmWorkspace, data: MmrmWideData, settings: FitSettings): { iterations: number; converged: boolean } | null {
  workspace.accumulate(data);
  if (!workspace.estimable() || !workspace.initialize()) return null;
  const outcome = workspace.minimize(settings.maxIterations);
  if (outcome.status === "boundary") return null;
  if (settings.df === "satterthwaite") workspace.computeHessian();
  else workspace.evaluate(workspace.theta, workspace.gradient);
  if (!Number.isFinite(workspace.criterion)) return null;
  return { iterations: outcome.iterations, converged: outcome.status === "converged" };
}

/** The difference group − reference at a visit with its t test and interval. */
function compare(workspace: MmrmWorkspace, group: number, visit: number, settings: FitSettings): MmrmComparison {
  const estimate = workspace.beta[workspace.cellIndex(group, visit)]! - workspace.beta[workspace.cellIndex(0, visit)]!;
  const se = Math.sqrt(workspace.differenceVariance(group, visit));
  const residualDf = workspace.observationCount - workspace.coefficientCount;
  let df = residualDf;
  let dfMethod: MmrmDfMethod = "residual";
  if (settings.df === "satterthwaite") {
    const satterthwaite = workspace.satterthwaiteDf(group, visit);
    if (satterthwaite > 0 && Number.isFinite(satterthwaite)) {
      df = satterthwaite;
      dfMethod = "satterthwaite";
    }
  }
  const t = estimate / se;
  const q = tQuantile(1 - (1 - settings.confLevel) / 2, df);
  return { estimate, se, t, df, p: tTwoSidedP(t, df), ciLower: estimate - q * se, ciUpper: estimate + q * se, dfMethod };
}

function logLikelihood(workspace: MmrmWorkspace): number {
  return -0.5 * ((workspace.observationCount - workspace.coefficientCount) * Math.log(2 * Math.PI) + workspace.criterion);
}

// ---------------------------------------------------------------- fast path for simulation loops

/** The design a fitter is built for, and its settings. */
export interface MmrmFitterSpec {
  readonly visitCount: number;
  /** Groups, the reference being index 0. */
  readonly groupCount: number;
  readonly baselineTerm?: BaselineTerm;
  readonly df?: MmrmDfMethod;
  readonly confLevel?: number;
  readonly maxIterations?: number;
}

/** The primary comparison of one fit, with the fit's diagnostics. */
export interface MmrmFit extends MmrmComparison {
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Fits one data set; `contrast` defaults to the last group at the last visit. */
export type MmrmFitter = (data: MmrmWideData, contrast?: { readonly group: number; readonly visit: number }) => MmrmFit | null;

const FitterSpecSchema = z.strictObject({
  visitCount: z.number().check(z.int(), z.gte(1), z.lte(MMRM_MAX_VISITS)),
  groupCount: z.number().check(z.int(), z.gte(2), z.lte(64)),
  baselineTerm: z._default(z.enum(["by-visit", "common"]), "by-visit"),
  df: z._default(z.enum(["satterthwaite", "residual"]), "satterthwaite"),
  confLevel: z._default(z.number().check(z.gt(0), z.lt(1)), 0.95),
  maxIterations: z._default(z.number().check(z.int(), z.gte(1), z.lte(10_000)), 200),
});

/**
 * A reusable MMRM fitter for one design (REML, unstructured covariance; see the module notes),
 * for Monte Carlo loops: the spec is validated once, buffers are allocated once, and the returned
 * function is unchecked (group indices must be integers in [0, groupCount), missing values NaN,
 * baselines finite). It returns null when the data do not identify the model.
 */
export function createMmrmFitter(spec: MmrmFitterSpec): MmrmFitter {
  const s = parseOrThrow(FitterSpecSchema, spec, "MMRM fitter spec");
  const workspace = new MmrmWorkspace({ visitCount: s.visitCount, groupCount: s.groupCount, baselineTerm: s.baselineTerm });
  return (data, contrast) => {
    const outcome = runFit(workspace, data, s);
    if (outcome === null) return null;
    const comparison = compare(workspace, contrast?.group ?? s.groupCount - 1, contrast?.visit ?? s.visitCount - 1, s);
    return { ...comparison, logLikelihood: logLikelihood(workspace), iterations: outcome.iterations, converged: outcome.converged };
  };
}

// ---------------------------------------------------------------- plain-data entry point

const label = z.union([z.string(), z.number()]);
const MmrmInputSchema = z.strictObject({
  data: z.strictObject({
    rows: z.array(z.strictObject({ subject: label, group: z.string(), visit: label, baseline: z.number(), value: z.nullable(z.number()) })).check(z.minLength(1)),
    visits: z.array(label).check(z.minLength(1), z.maxLength(MMRM_MAX_VISITS)),
    referenceGroup: z.string(),
    treatedGroup: z.optional(z.string()),
  }),
  options: z.strictObject({
    atVisit: z.optional(label),
    baselineTerm: z._default(z.enum(["by-visit", "common"]), "by-visit"),
    df: z._default(z.enum(["satterthwaite", "residual"]), "satterthwaite"),
    confLevel: z._default(z.number().check(z.gt(0), z.lt(1)), 0.95),
    maxIterations: z._default(z.number().check(z.int(), z.gte(1), z.lte(10_000)), 200),
  }),
});

/** Subjects, groups and visits resolved to indices, ready for the wide layout. */
interface ResolvedData {
  readonly groups: readonly string[];
  readonly treatedGroup: number;
  readonly atVisit: number;
  readonly wide: MmrmWideData;
}

/** Cross-row checks zod cannot express, all reported together; then the wide layout. */
function resolveData(data: MmrmData, atVisitLabel: string | number | undefined): ResolvedData {
  const issues: ValidationIssue[] = [];
  const visitIndex = new Map<string | number, number>();
  data.visits.forEach((v, i) => {
    if (visitIndex.has(v)) issues.push({ path: `data.visits[${i}]`, rule: "unique", message: "is listed twice", received: v });
    else visitIndex.set(v, i);
  });
  const groups: string[] = [data.referenceGroup];
  const subjects = new Map<string | number, { index: number; group: string; baseline: number; row: number }>();
  const seen = new Set<string>();
  data.rows.forEach((row, i) => {
    if (!visitIndex.has(row.visit)) issues.push({ path: `data.rows[${i}].visit`, rule: "known-visit", message: "is not one of data.visits", received: row.visit });
    if (!groups.includes(row.group)) groups.push(row.group);
    const key = `${typeof row.subject}:${row.subject}|${typeof row.visit}:${row.visit}`;
    if (seen.has(key)) issues.push({ path: `data.rows[${i}]`, rule: "one-row-per-visit", message: `repeats subject ${JSON.stringify(row.subject)} at visit ${JSON.stringify(row.visit)}` });
    seen.add(key);
    const first = subjects.get(row.subject);
    if (first === undefined) subjects.set(row.subject, { index: subjects.size, group: row.group, baseline: row.baseline, row: i });
    else {
      if (first.group !== row.group) issues.push({ path: `data.rows[${i}].group`, rule: "constant-within-subject", message: `differs from data.rows[${first.row}].group for the same subject`, received: row.group });
      if (first.baseline !== row.baseline) issues.push({ path: `data.rows[${i}].baseline`, rule: "constant-within-subject", message: `differs from data.rows[${first.row}].baseline for the same subject`, received: row.baseline });
    }
  });
  if (!data.rows.some((r) => r.group === data.referenceGroup)) issues.push({ path: "data.referenceGroup", rule: "known-group", message: "is the group of no row", received: data.referenceGroup });
  const treated = resolveTreatedGroup(data, groups, issues);
  const atVisit = atVisitLabel === undefined ? data.visits.length - 1 : visitIndex.get(atVisitLabel);
  if (atVisit === undefined) issues.push({ path: "options.atVisit", rule: "known-visit", message: "is not one of data.visits", received: atVisitLabel });
  if (issues.length > 0) throw new ValidationError("MMRM data", issues);
  return { groups, treatedGroup: treated, atVisit: atVisit!, wide: wideLayout(data, groups, visitIndex, subjects) };
}

function resolveTreatedGroup(data: MmrmData, groups: readonly string[], issues: ValidationIssue[]): number {
  if (data.treatedGroup !== undefined) {
    const index = groups.indexOf(data.treatedGroup);
    if (index < 0) issues.push({ path: "data.treatedGroup", rule: "known-group", message: "is the group of no row", received: data.treatedGroup });
    else if (index === 0) issues.push({ path: "data.treatedGroup", rule: "not-reference", message: "must differ from data.referenceGroup", received: data.treatedGroup });
    return index;
  }
  if (groups.length < 2) issues.push({ path: "data.rows", rule: "two-groups", message: "must hold at least two groups" });
  else if (groups.length > 2) issues.push({ path: "data.treatedGroup", rule: "required-with-three-groups", message: `is required with ${groups.length} groups (${groups.map((g) => JSON.stringify(g)).join(", ")})` });
  return 1;
}

function wideLayout(
  data: MmrmData,
  groups: readonly string[],
  visitIndex: ReadonlyMap<string | number, number>,
  subjects: ReadonlyMap<string | number, { index: number; group: string; baseline: number }>,
): MmrmWideData {
  const visitCount = data.visits.length;
  const groupIndex = new Int32Array(subjects.size);
  const baseline = new Float64Array(subjects.size);
  const values = new Float64Array(subjects.size * visitCount).fill(Number.NaN);
  for (const s of subjects.values()) {
    groupIndex[s.index] = groups.indexOf(s.group);
    baseline[s.index] = s.baseline;
  }
  for (const row of data.rows) {
    if (row.value !== null) values[subjects.get(row.subject)!.index * visitCount + visitIndex.get(row.visit)!] = row.value;
  }
  return { subjectCount: subjects.size, groupIndex, baseline, values };
}

/**
 * Fit the MMRM (REML, unstructured covariance over the visits, value ~ group × visit +
 * baseline × visit; see the module notes and Mallinckrodt et al. 2008) and report the treated −
 * reference difference in least-squares means at a visit, every other difference, the LS means,
 * the covariance and the REML log-likelihood. Throws one ValidationError listing every problem in
 * the input; returns null when the data cannot identify the model (a group with no observation at
 * some visit, two visits never observed in the same participant, no more observations than
 * coefficients, or a singular design such as a constant baseline).
 */
export function fitMmrm(data: MmrmData, options: MmrmOptions = {}): MmrmResult | null {
  const input = parseOrThrow(MmrmInputSchema, { data, options }, "MMRM input");
  const resolved = resolveData(input.data, input.options.atVisit);
  const settings: FitSettings = input.options;
  const visitCount = input.data.visits.length;
  const workspace = new MmrmWorkspace({ visitCount, groupCount: resolved.groups.length, baselineTerm: input.options.baselineTerm });
  const outcome = runFit(workspace, resolved.wide, settings);
  if (outcome === null) return null;
  const visits = input.data.visits;
  const lsMeans: MmrmLsMean[] = [];
  const differences: MmrmGroupComparison[] = [];
  const p = workspace.coefficientCount;
  resolved.groups.forEach((group, g) => {
    visits.forEach((visit, k) => {
      const cell = workspace.cellIndex(g, k);
      lsMeans.push({ group, visit, estimate: workspace.beta[cell]! + workspace.visitMean[k]!, se: Math.sqrt(workspace.xtvxInverse[cell * p + cell]!) });
      if (g > 0) differences.push({ group, visit, ...compare(workspace, g, k, settings) });
    });
  });
  const primary = differences[(resolved.treatedGroup - 1) * visitCount + resolved.atVisit]!;
  const covariance = visits.map((_, i) => Array.from(workspace.sigma.subarray(i * visitCount, (i + 1) * visitCount)));
  return {
    difference: primary,
    differences,
    lsMeans,
    covariance,
    logLikelihood: logLikelihood(workspace),
    iterations: outcome.iterations,
    converged: outcome.converged,
    groups: resolved.groups,
    visits: [...visits],
    observations: workspace.observationCount,
    subjects: workspace.contributingSubjects,
    coefficients: p,
    baselineMean: workspace.baselineMean,
  };
}
