/**
 * Sanity-check a published result: recompute its statistics from its own summaries, test the
 * summaries for internal consistency, and place the result among simulated trials of the same
 * design. Every check returns a row with a status (pass, warn, fail, skipped), a sentence of
 * reasoning and the numbers behind it.
 */
import { parseOrThrow, ValidationError } from "../errors.js";
import { welchFromSummary, studentFromSummary, type GroupSummary, type TTestResult } from "../analysis/ttest.js";
import { fisherExact, riskDifference } from "../analysis/fisher.js";
import { standardizedDifference } from "../analysis/effect-size.js";
import { tTwoSidedP } from "../math/distributions.js";
import { SCALES } from "../protocol/scales.js";
import { preset } from "../protocol/presets.js";
import type { Protocol } from "../protocol/schema.js";
import type { Seed } from "../random/rng.js";
import { simulateTrials, type TrialsRun } from "../trial/api.js";
import type { Runner } from "../trial/power-search.js";
import { calibratedDraws, defaultCalibration } from "../calibration/default.js";
import { grimMean, grimPercent, decimalsOf } from "./grim.js";
import { retrodesign, type DesignAnalysis } from "./design-analysis.js";
import { PublishedResultSchema, type PublishedArm, type PublishedResult } from "./schema.js";

export type CheckStatus = "pass" | "warn" | "fail" | "skipped";

export interface CheckRow {
  readonly id: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly values?: Readonly<Record<string, number | string | boolean | null>>;
}

export interface SimulationComparison {
  readonly preset: string;
  readonly timepoint: string;
  readonly trials: number;
  readonly seed: Seed;
  readonly comparison: string;
  /** The published standardized effect (Hedges' g, treated − control) and its percentile among simulated trials. */
  readonly publishedG: number;
  readonly percentile: number;
  readonly simulatedG: { readonly p05: number; readonly p50: number; readonly p95: number };
  /** Power at the published n with the calibration's point estimate, and assurance over its uncertainty. */
  readonly power: number;
  readonly assurance: number;
  /** Share of simulated trials (forecast) with a Welch p-value at or below the reported one. */
  readonly pAtMostReported: number | null;
}

export interface CheckReport {
  readonly id: string;
  readonly title?: string;
  readonly checks: readonly CheckRow[];
  readonly designAnalysis: (DesignAnalysis & { readonly source: string; readonly metric: string }) | null;
  /** Percentile of the published effect among simulated trials of its design (null without a simulation). */
  readonly percentile: number | null;
  readonly simulation: SimulationComparison | null;
  readonly disclaimer: string;
}

export interface CheckOptions {
  readonly seed?: Seed;
  /** Simulated trials for the comparison (default 2000). */
  readonly trials?: number;
  /** Compare with simulated trials (default true when the result names a preset). */
  readonly simulate?: boolean;
  readonly runner?: Runner;
}

/** A number as the reports print it: 1 decimal from 100, 2 from 1, else `d` significant digits. */
export const fmt = (x: number, d = 3) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(d));

/** The spread of a reported summary as an SD (derived from an SE when only that was given). */
function sdOf(s: { sd?: number; se?: number }, n: number | undefined): number | undefined {
  if (s.sd !== undefined) return s.sd;
  if (s.se !== undefined && n !== undefined) return s.se * Math.sqrt(n);
  return undefined;
}

/** Half a unit of the last reported decimal: the rounding uncertainty of a reported number. */
function half(x: number, decimals?: number): number {
  return 0.5 * 10 ** -(decimals ?? decimalsOf(x));
}

/** The interval a reported p-value stands for. */
function pInterval(p: number, op: "=" | "<" | "<="): [number, number] {
  if (op !== "=") return [0, p];
  const h = half(p);
  return [Math.max(0, p - h), p + h];
}

interface Measured {
  readonly arm: PublishedArm;
  readonly summary: GroupSummary;
  readonly meanDecimals: number;
  /** Rounding half-width of the SD: half a unit of its last decimal, or of the SE's times √n when the SD was derived from an SE. */
  readonly sdHalf: number;
}

/** Rounding half-width of a summary's SD (see Measured.sdHalf); 0 when there is none. */
function sdHalfOf(s: { sd?: number; se?: number }, n: number | undefined): number {
  if (s.sd !== undefined) return half(s.sd);
  if (s.se !== undefined && n !== undefined) return half(s.se) * Math.sqrt(n);
  return 0;
}

function measured(arm: PublishedArm, measure: "change" | "endpoint"): Measured | undefined {
  const s = arm[measure];
  if (!s || arm.n === undefined) return undefined;
  const sd = sdOf(s, arm.n);
  if (sd === undefined) return undefined;
  return { arm, summary: { mean: s.mean, sd, n: arm.n }, meanDecimals: s.decimals ?? decimalsOf(s.mean), sdHalf: sdHalfOf(s, arm.n) };
}

/**
 * p over the rounding box of the summaries: the smallest and largest p the reported figures
 * allow. p falls as |difference| grows, so the difference's extremes bound it; in the SDs it need
 * not be monotone (Welch's df depends on them), so every corner of the SD box is tried.
 */
function pRange(test: (x: GroupSummary, y: GroupSummary) => TTestResult | null, t: Measured, c: Measured): [number, number] | null {
  const ht = half(t.summary.mean, t.meanDecimals);
  const hc = half(c.summary.mean, c.meanDecimals);
  const diff = t.summary.mean - c.summary.mean;
  const sign = diff >= 0 ? 1 : -1;
  const diffs = [Math.abs(diff) + ht + hc, Math.max(0, Math.abs(diff) - ht - hc)].map((d) => sign * d);
  const sdsT = [t.summary.sd - t.sdHalf, t.summary.sd + t.sdHalf].map((v) => Math.max(1e-9, v));
  const sdsC = [c.summary.sd - c.sdHalf, c.summary.sd + c.sdHalf].map((v) => Math.max(1e-9, v));
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of diffs) {
    for (const st of sdsT) {
      for (const sc of sdsC) {
        const res = test({ ...t.summary, mean: c.summary.mean + d, sd: st }, { ...c.summary, sd: sc });
        if (!res) return null;
        lo = Math.min(lo, res.p);
        hi = Math.max(hi, res.p);
      }
    }
  }
  return [lo, hi];
}

function overlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** Check a published result. Validates the input first (one ValidationError listing every problem). */
export async function checkPublished(input: unknown, options: CheckOptions = {}): Promise<CheckReport> {
  const r: PublishedResult = parseOrThrow(PublishedResultSchema, input, "published result");
  const checks: CheckRow[] = [];
  const presetScale = r.design.preset ? preset(r.design.preset).endpoints.scale : undefined;
  if (presetScale && r.design.scale && r.design.scale !== presetScale) {
    throw new ValidationError("published result", [{ path: "design.scale", rule: "preset-scale", message: `must be the preset's endpoint scale (${presetScale}), or left out`, received: r.design.scale }]);
  }
  const scale = SCALES[r.design.scale ?? presetScale ?? "CAPS-IV"];
  const controls = r.arms.filter((a) => a.role === "control");
  const treated = r.arms.filter((a) => a.role === "treatment");

  // ---- Per-arm consistency ------------------------------------------------------------------
  for (const arm of r.arms) {
    for (const m of ["baseline", "endpoint", "change"] as const) {
      const s = arm[m];
      if (!s) continue;
      if (s.sd === undefined && s.se !== undefined && arm.n !== undefined) {
        checks.push({ id: `sd-from-se:${arm.id}:${m}`, status: "pass", message: `${arm.id} ${m}: only an SE was given (${s.se}); the SD is SE × √n = ${fmt(s.se * Math.sqrt(arm.n))}.`, values: { se: s.se, n: arm.n, sd: s.se * Math.sqrt(arm.n) } });
      }
      if (r.design.integerScores && arm.n !== undefined) {
        const decimals = s.decimals ?? decimalsOf(s.mean);
        const g = grimMean(s.mean, arm.n, decimals);
        const id = `grim:${arm.id}:${m}`;
        if (!g.informative) checks.push({ id, status: "skipped", message: `${arm.id} ${m}: GRIM cannot tell with n = ${arm.n} and ${decimals} decimal(s) (every mean of ${arm.n} integers rounds to some such value).`, values: { mean: s.mean, n: arm.n, decimals } });
        else if (g.possible) checks.push({ id, status: "pass", message: `${arm.id} ${m}: a mean of ${s.mean} is possible for ${arm.n} integer totals.`, values: { mean: s.mean, n: arm.n } });
        else
          checks.push({
            id,
            status: "fail",
            message: `${arm.id} ${m}: no ${arm.n} integer totals have a mean that rounds to ${s.mean} (nearest: ${g.nearest.map((x) => fmt(x.value, 4)).join(", ")}); the mean, the n or the claim of integer scores is wrong.`,
            values: { mean: s.mean, n: arm.n },
          });
      }
      if (s.sd !== undefined && s.se !== undefined && arm.n !== undefined) {
        // Both given: SD = SE × √n, within the rounding of each.
        const implied = s.se * Math.sqrt(arm.n);
        const ok = Math.abs(implied - s.sd) <= half(s.sd) + half(s.se) * Math.sqrt(arm.n) + 1e-9;
        checks.push({ id: `sd-vs-se:${arm.id}:${m}`, status: ok ? "pass" : "fail", message: ok ? `${arm.id} ${m}: SD ${s.sd} and SE ${s.se} agree (SE × √${arm.n} = ${fmt(implied)}).` : `${arm.id} ${m}: SE ${s.se} × √${arm.n} = ${fmt(implied)}, not the reported SD ${s.sd}; the SD, the SE or the n is wrong (or one of them is of another quantity).`, values: { sd: s.sd, se: s.se, n: arm.n, impliedSd: implied } });
      }
      const sd = sdOf(s, arm.n);
      if (sd !== undefined && m !== "change") {
        // Bhatia-Davis: a variable on [a, b] with mean μ has population SD at most √((b − μ)(μ − a));
        // a sample SD (n − 1 denominator) at most √(n / (n − 1)) times that. Both figures may be rounded.
        const hm = half(s.mean, s.decimals);
        const mid = (scale.max + scale.min) / 2;
        const mu = Math.min(Math.max(mid, s.mean - hm), s.mean + hm);
        const n = arm.n ?? 2;
        const bound = Math.sqrt(Math.max(0, (scale.max - mu) * (mu - scale.min))) * (n > 1 ? Math.sqrt(n / (n - 1)) : 1);
        const sdLow = sd - sdHalfOf(s, arm.n);
        if (s.mean + hm < scale.min || s.mean - hm > scale.max) checks.push({ id: `on-scale:${arm.id}:${m}`, status: "fail", message: `${arm.id} ${m}: a mean of ${s.mean} is off the ${scale.id} scale (${scale.min}-${scale.max}).`, values: { mean: s.mean } });
        else if (sdLow > bound) checks.push({ id: `sd-bound:${arm.id}:${m}`, status: "fail", message: `${arm.id} ${m}: an SD of ${fmt(sd)} is impossible for a mean of ${s.mean} from ${arm.n ?? "an unknown number of"} scores on a ${scale.min}-${scale.max} scale (the sample SD is at most ${fmt(bound)}, allowing for rounding).`, values: { sd, bound } });
      }
    }
    // Baseline plus change must give the endpoint when all three describe the same participants.
    if (arm.baseline && arm.change && arm.endpoint) {
      const gap = arm.baseline.mean + arm.change.mean - arm.endpoint.mean;
      const tol = half(arm.baseline.mean, arm.baseline.decimals) + half(arm.change.mean, arm.change.decimals) + half(arm.endpoint.mean, arm.endpoint.decimals) + 1e-9;
      const id = `change-consistency:${arm.id}`;
      if (Math.abs(gap) <= tol) checks.push({ id, status: "pass", message: `${arm.id}: baseline ${arm.baseline.mean} plus change ${arm.change.mean} gives the endpoint ${arm.endpoint.mean} within rounding.`, values: { gap } });
      else {
        const flipped = Math.abs(arm.baseline.mean - arm.change.mean - arm.endpoint.mean) <= tol;
        checks.push({
          id,
          status: "fail",
          message: `${arm.id}: baseline ${arm.baseline.mean} plus change ${arm.change.mean} is ${fmt(arm.baseline.mean + arm.change.mean)}, not the reported endpoint ${arm.endpoint.mean}${flipped ? "; with the sign of the change flipped they agree, so the change's sign (or the endpoint) is probably misreported" : " (unless the three were computed on different participants)"}.`,
          values: { baseline: arm.baseline.mean, change: arm.change.mean, endpoint: arm.endpoint.mean, gap },
        });
      }
    }
    for (const which of ["responders", "lossOfDiagnosis"] as const) {
      const p = arm[which];
      if (!p) continue;
      const n = p.n ?? arm.n;
      if (p.percent !== undefined && n !== undefined) {
        const g = grimPercent(p.percent, n, p.decimals ?? decimalsOf(p.percent));
        const id = `grim-percent:${arm.id}:${which}`;
        if (!g.informative) checks.push({ id, status: "skipped", message: `${arm.id} ${which}: GRIM cannot tell with n = ${n} and ${p.decimals ?? decimalsOf(p.percent)} decimal(s) (every percentage of ${n} rounds to some such value).`, values: { percent: p.percent, n } });
        else if (!g.possible) checks.push({ id, status: "fail", message: `${arm.id} ${which}: no count out of ${n} gives ${p.percent}% (nearest: ${g.nearest.map((x) => `${x.total}/${n} = ${fmt(x.value, 4)}%`).join(", ")}).`, values: { percent: p.percent, n } });
        else checks.push({ id, status: "pass", message: `${arm.id} ${which}: ${p.percent}% is a possible share of ${n}.`, values: { percent: p.percent, n } });
        if (p.count !== undefined) {
          const exact = (100 * p.count) / n;
          const ok = Math.abs(exact - p.percent) <= half(p.percent, p.decimals) + 1e-9;
          checks.push({ id: `count-percent:${arm.id}:${which}`, status: ok ? "pass" : "fail", message: ok ? `${arm.id} ${which}: ${p.count}/${n} = ${fmt(exact, 4)}% agrees with the reported ${p.percent}%.` : `${arm.id} ${which}: ${p.count}/${n} is ${fmt(exact, 4)}%, not the reported ${p.percent}%.`, values: { count: p.count, n, percent: p.percent } });
        }
      }
    }
  }

  // ---- Recomputed tests ---------------------------------------------------------------------
  const control = controls.length === 1 ? controls[0] : undefined;
  if (!control || treated.length === 0) {
    checks.push({ id: "comparison", status: "skipped", message: "Recomputation needs exactly one control arm and at least one treatment arm." });
  }
  const measure = r.reported.measure ?? (r.arms.every((a) => a.change) ? "change" : "endpoint");
  const reportedP = r.reported.p;
  let primary: { t: Measured; c: Measured } | undefined;
  if (r.reported.t !== undefined && r.reported.df !== undefined && reportedP !== undefined) {
    const p = tTwoSidedP(r.reported.t, r.reported.df);
    const lo = tTwoSidedP(Math.abs(r.reported.t) + half(r.reported.t), r.reported.df);
    const hi = tTwoSidedP(Math.max(0, Math.abs(r.reported.t) - half(r.reported.t)), r.reported.df);
    const ok = overlaps([lo, hi], pInterval(reportedP, r.reported.pOperator));
    checks.push({ id: "p-vs-t", status: ok ? "pass" : "fail", message: ok ? `t = ${r.reported.t} on ${r.reported.df} df gives p = ${fmt(p)}, consistent with the reported ${reportedP}.` : `t = ${r.reported.t} on ${r.reported.df} df gives a two-sided p of ${fmt(p)} (${fmt(lo)}-${fmt(hi)} over the rounding of t), not the reported ${reportedP}.`, values: { t: r.reported.t, df: r.reported.df, p, reportedP } });
  }
  for (const t of control ? treated : []) {
    const mt = measured(t, measure);
    const mc = measured(control!, measure);
    const label = `${t.id} vs ${control!.id}`;
    if (!mt || !mc) checks.push({ id: `t-tests:${t.id}`, status: "skipped", message: `${label}: recomputing the t tests needs n, a mean and an SD (or SE) of the ${measure} in both arms.` });
    else {
      primary ??= { t: mt, c: mc };
      // Which t test the paper used: named, or unspecified (either may be meant), or not a t test.
      const reportedTest = r.reported.test;
      const unspecified = reportedTest === undefined || reportedTest === "t-unspecified";
      const verdicts: { name: string; status: "pass" | "warn" | "fail"; p: number; range: [number, number] | null }[] = [];
      for (const [name, test] of [["welch", welchFromSummary], ["student", studentFromSummary]] as const) {
        const res = test(mt.summary, mc.summary);
        if (!res) continue;
        const title = name === "welch" ? "Welch" : "Student";
        const values = { t: res.t, df: res.df, p: res.p, difference: res.estimate };
        const judged = reportedP !== undefined && (unspecified || reportedTest === name);
        if (!judged) {
          const why = reportedP === undefined ? "nothing reported to compare" : `the paper's p is from ${reportedTest === "other" ? "another test" : `a ${reportedTest} analysis`}`;
          checks.push({ id: `${name}:${t.id}`, status: "pass", message: `${label}: ${title} t = ${fmt(res.t)}, df = ${fmt(res.df)}, p = ${fmt(res.p)} on the ${measure} (recomputed; ${why}).`, values });
          continue;
        }
        const range = pRange(test, mt, mc);
        const rep = pInterval(reportedP!, r.reported.pOperator);
        const consistent = range !== null && overlaps(range, rep);
        const ratio = res.p / reportedP!;
        const near = ratio > 0.5 && ratio < 2;
        const status = consistent ? "pass" : near ? "warn" : "fail";
        verdicts.push({ name: title, status, p: res.p, range });
        const rangeText = range ? `${fmt(range[0])}-${fmt(range[1])} over their rounding` : "no range";
        checks.push({
          id: `${name}:${t.id}`,
          // With the test unspecified, each test alone is information; the combined row judges.
          status: unspecified ? "pass" : status,
          message: consistent
            ? `${label}: the reported p ${r.reported.pOperator === "=" ? "=" : "<"} ${reportedP} is what a ${title} t test on the published ${measure} summaries gives (recomputed p = ${fmt(res.p)}, ${rangeText}).`
            : `${label}: a ${title} t test on the published ${measure} summaries gives p = ${fmt(res.p)} (${rangeText}), ${unspecified ? "against" : "not"} the reported ${reportedP}${unspecified ? " (the paper does not say which t test; judged together in the t-test row)" : `; ${near ? "close, but not within rounding" : `${fmt(ratio, 2)} times the reported value`}. The paper may have used another analysis (ANCOVA, a nonparametric test, another outcome or time point).`}`,
          values: { ...values, reportedP: reportedP!, pLow: range?.[0] ?? null, pHigh: range?.[1] ?? null },
        });
      }
      if (unspecified && verdicts.length) {
        const best = verdicts.find((v) => v.status === "pass") ?? verdicts.find((v) => v.status === "warn") ?? verdicts[0]!;
        const all = verdicts.map((v) => `${v.name} p = ${fmt(v.p)}${v.range ? ` (${fmt(v.range[0])}-${fmt(v.range[1])})` : ""}`).join(", ");
        checks.push({
          id: `t-test:${t.id}`,
          status: best.status,
          message:
            best.status === "pass"
              ? `${label}: the reported p ${r.reported.pOperator === "=" ? "=" : "<"} ${reportedP} is consistent with a ${best.name} t test on the published ${measure} summaries (${all}, over their rounding).`
              : `${label}: neither t test on the published ${measure} summaries gives the reported p = ${reportedP} (${all}, over their rounding)${best.status === "warn" ? "; close, but not within rounding" : ""}. The paper may have used another analysis (ANCOVA, a nonparametric test, another outcome or time point).`,
          values: { reportedP: reportedP!, ...Object.fromEntries(verdicts.map((v) => [`p${v.name}`, v.p])) },
        });
      }
      const es = standardizedDifference(mt.summary, mc.summary, { ci: "noncentral-t" });
      if (es) {
        const rep = r.reported.effectSize;
        // The noncentral-t interval is for δ (the d scale); g's is the same times g's correction J = g / d.
        const j = es.d !== 0 ? es.g / es.d : 1;
        const gLower = es.ciLower * j;
        const gUpper = es.ciUpper * j;
        if (!rep) checks.push({ id: `effect-size:${t.id}`, status: "pass", message: `${label}: Cohen's d = ${fmt(es.d)} (95% CI ${fmt(es.ciLower)} to ${fmt(es.ciUpper)}), Hedges' g = ${fmt(es.g)} (${fmt(gLower)} to ${fmt(gUpper)}) on the ${measure}, treated minus control (recomputed; nothing reported to compare).`, values: { d: es.d, g: es.g, ciLower: es.ciLower, ciUpper: es.ciUpper, gCiLower: gLower, gCiUpper: gUpper } });
        else {
          const tol = half(rep.value) + 0.02 * Math.abs(es.d) + 0.01;
          const target = rep.kind === "hedges-g" ? [es.g] : rep.kind === "cohen-d" ? [es.d] : [es.d, es.g];
          const match = target.some((v) => Math.abs(Math.abs(v) - Math.abs(rep.value)) <= tol);
          checks.push({
            id: `effect-size:${t.id}`,
            status: match ? "pass" : "fail",
            message: match
              ? `${label}: the reported effect size ${rep.value} matches the means and SDs (d = ${fmt(es.d)}, g = ${fmt(es.g)}; sign conventions differ between papers).`
              : `${label}: the reported effect size ${rep.value} does not match the published means and SDs, which give d = ${fmt(es.d)} and g = ${fmt(es.g)} on the ${measure}; it may be computed on another outcome, time point or spread (for example SEs used as SDs).`,
            values: { d: es.d, g: es.g, reported: rep.value },
          });
        }
        if (Math.abs(es.d) > 3) {
          checks.push({ id: `effect-plausibility:${t.id}`, status: "warn", message: `${label}: a standardized difference of ${fmt(es.d)} is implausibly large for a psychiatric trial; check whether the spreads are SEs reported as SDs.`, values: { d: es.d } });
        }
      }
    }
    // Responders.
    const rt = t.responders;
    const rc = control!.responders;
    const nt = rt?.n ?? t.n;
    const nc = rc?.n ?? control!.n;
    const ct = rt?.count ?? (rt?.percent !== undefined && nt ? Math.round((rt.percent * nt) / 100) : undefined);
    const cc = rc?.count ?? (rc?.percent !== undefined && nc ? Math.round((rc.percent * nc) / 100) : undefined);
    if (ct !== undefined && cc !== undefined && nt && nc) {
      const f = fisherExact(ct, nt - ct, cc, nc - cc);
      const rd = riskDifference(ct, nt, cc, nc);
      const values = { fisherP: f.p, riskDifference: rd.rd, rdLower: rd.ciLower, rdUpper: rd.ciUpper };
      if (r.reported.fisherP !== undefined) {
        const op = r.reported.fisherPOperator;
        const ok = overlaps([f.p, f.p], pInterval(r.reported.fisherP, op));
        const reported = `${op === "=" ? "" : `${op} `}${r.reported.fisherP}`;
        checks.push({ id: `fisher:${t.id}`, status: ok ? "pass" : "fail", message: ok ? `${label}: Fisher's exact test on ${ct}/${nt} vs ${cc}/${nc} gives p = ${fmt(f.p)}, as reported (${reported}).` : `${label}: Fisher's exact test on ${ct}/${nt} vs ${cc}/${nc} gives p = ${fmt(f.p)}, not the reported ${reported}.`, values });
      } else {
        checks.push({ id: `fisher:${t.id}`, status: "pass", message: `${label}: responders ${ct}/${nt} vs ${cc}/${nc}: Fisher's exact p = ${fmt(f.p)}; risk difference ${fmt(rd.rd)} (95% Newcombe CI ${fmt(rd.ciLower)} to ${fmt(rd.ciUpper)}).`, values });
      }
    }
  }

  // ---- Against simulated trials and the design analysis ---------------------------------------
  let simulation: InternalSimulation | null = null;
  let designAnalysis: CheckReport["designAnalysis"] = null;
  const presetId = r.design.preset;
  const wantSimulation = options.simulate ?? presetId !== undefined;
  if (primary && control) {
    const se = Math.sqrt(primary.t.summary.sd ** 2 / primary.t.summary.n + primary.c.summary.sd ** 2 / primary.c.summary.n);
    const pooledSd = Math.sqrt(((primary.t.summary.n - 1) * primary.t.summary.sd ** 2 + (primary.c.summary.n - 1) * primary.c.summary.sd ** 2) / (primary.t.summary.n + primary.c.summary.n - 2));
    if (wantSimulation && presetId) {
      simulation = await compareWithSimulation(r, presetId, primary.t.arm, control, measure, primary, options, checks);
    } else {
      checks.push({ id: "simulation", status: "skipped", message: presetId ? "Comparison with simulated trials turned off." : "No preset named in design.preset: no simulated trials to compare with." });
    }
    const assumed = r.assumedTrueEffect;
    const D = assumed ? ("difference" in assumed ? assumed.difference : assumed.g * pooledSd) : simulation ? simulation.simulatedMedianDifference : undefined;
    if (D !== undefined) {
      const da = retrodesign(D, se);
      designAnalysis = { ...da, metric: `difference in mean ${measure} (${primary.t.arm.id} − ${control.id}), points`, source: assumed ? "the effect stated in assumedTrueEffect" : `the calibrated model's median difference in change for this design (a typical trial)${measure === "endpoint" ? ", which randomization makes the expected endpoint difference too" : ""}` };
      checks.push({
        id: "design-analysis",
        status: da.power < 0.5 ? "warn" : "pass",
        message: `If the true difference is ${fmt(D)} points (${designAnalysis.source}) and the standard error is ${fmt(se)}, a trial like this has power ${fmt(da.power)}; a significant result has the wrong sign with probability ${fmt(da.typeS)} (Type S) and overstates the effect ${fmt(da.typeM)}-fold on average (Type M).`,
        values: { trueEffect: D, se, power: da.power, typeS: da.typeS, typeM: da.typeM },
      });
    } else checks.push({ id: "design-analysis", status: "skipped", message: "The design analysis needs a true effect: name a preset (for the calibrated model's) or give assumedTrueEffect." });
  }
  return {
    id: r.id,
    ...(r.title ? { title: r.title } : {}),
    checks,
    designAnalysis,
    percentile: simulation?.percentile ?? null,
    simulation: simulation ? stripInternal(simulation) : null,
    disclaimer: "A consistency check of published figures against each other and against a model; not a judgement of the trial or of the treatment. For research and teaching.",
  };
}

type InternalSimulation = SimulationComparison & { readonly simulatedMedianDifference: number };

function stripInternal(s: InternalSimulation): SimulationComparison {
  const { simulatedMedianDifference: _d, ...rest } = s;
  return rest;
}

async function compareWithSimulation(
  r: PublishedResult,
  presetId: NonNullable<PublishedResult["design"]["preset"]>,
  t: PublishedArm,
  control: PublishedArm,
  measure: "change" | "endpoint",
  primary: { t: Measured; c: Measured },
  options: CheckOptions,
  checks: CheckRow[],
): Promise<InternalSimulation> {
  const protocol: Protocol = preset(presetId);
  const byId = (id: string) => protocol.arms.find((a) => a.id === id);
  // Published arms map onto the preset's arms by id; otherwise treatment = the highest dose, control = the control arm.
  const tArm = byId(t.id)?.id ?? protocol.arms.filter((a) => a.id !== protocol.controlArmId).reduce((a, b) => (b.sessions[0]!.initialMg > a.sessions[0]!.initialMg ? b : a)).id;
  const cArm = byId(control.id)?.id ?? protocol.controlArmId;
  const perArm: Record<string, number> = {};
  for (const a of protocol.arms) perArm[a.id] = a.plannedN ?? 10;
  for (const a of r.arms) if (byId(a.id) && a.n !== undefined) perArm[a.id] = a.n;
  perArm[tArm] = primary.t.summary.n;
  perArm[cArm] = primary.c.summary.n;
  const timepoint = r.design.timepoint ?? protocol.endpoints.primaryAssessmentId;
  const seed = options.seed ?? 1;
  const trials = options.trials ?? 2000;
  const runner = options.runner ?? simulateTrials;
  const design = { n: { perArm }, endpoint: timepoint, success: { comparisons: tArm } };
  const calibration = defaultCalibration();
  const medians = Object.fromEntries(calibration.parameters.map((p) => [p.key, p.median]));
  const forecast: TrialsRun = await runner({ protocol, seed, design, predictive: calibratedDraws(calibration) }, { trials, keepRows: true });
  const point: TrialsRun = await runner({ protocol, seed, design: { ...design, trialHeterogeneity: false }, parameters: medians }, { trials, keepRows: false });
  const rows = forecast.rows!;
  const comp = (row: (typeof rows)[number]) => row.comparisons.find((c) => c.armId === tArm);
  // g on the published measure: change from the simulator directly; endpoint from the arm summaries.
  const simG = rows
    .map((row) => {
      if (measure === "change") return comp(row)?.effectSize?.g ?? null;
      const a = row.arms.find((x) => x.armId === tArm);
      const b = row.arms.find((x) => x.armId === cArm);
      if (!a || !b || a.meanEndpoint === null || b.meanEndpoint === null || a.sdEndpoint === null || b.sdEndpoint === null) return null;
      return standardizedDifference({ mean: a.meanEndpoint, sd: a.sdEndpoint, n: a.analysed }, { mean: b.meanEndpoint, sd: b.sdEndpoint, n: b.analysed })?.g ?? null;
    })
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const published = standardizedDifference(primary.t.summary, primary.c.summary)!.g;
  const below = simG.filter((v) => v < published).length;
  const percentile = (100 * below) / simG.length;
  const q = (p: number) => simG[Math.min(simG.length - 1, Math.floor(p * (simG.length - 1)))]!;
  const ps = rows.map((row) => comp(row)?.welch?.p ?? null).filter((v): v is number => v !== null);
  const pAtMost = r.reported.p !== undefined ? ps.filter((p) => p <= r.reported.p!).length / ps.length : null;
  const diffs = (point.summary.comparisons.find((c) => c.armId === tArm) ?? point.summary.comparisons[0]!).difference;
  const status = percentile < 2.5 || percentile > 97.5 ? "warn" : "pass";
  checks.push({
    id: "simulated-trials",
    status,
    message: `Among ${trials} simulated trials of the ${presetId} design with the published n (forecast from the calibration, each with a new trial effect), the published Hedges' g of ${fmt(published)} (${measure}, ${t.id} − ${control.id}) sits at percentile ${percentile.toFixed(1)} (simulated median ${fmt(q(0.5))}, 90% of trials ${fmt(q(0.05))} to ${fmt(q(0.95))}).${status === "warn" ? " The result is unusual for the model." : ""}`,
    values: { publishedG: published, percentile, p05: q(0.05), p50: q(0.5), p95: q(0.95) },
  });
  checks.push({
    id: "power-at-n",
    status: "pass",
    message: `With these sample sizes, power (Welch test on change, two-sided 0.05, favouring ${tArm}) is ${fmt(point.summary.power.estimate)} at the calibrated point estimate and the assurance is ${fmt(forecast.summary.power.estimate)}${pAtMost !== null ? `; ${(100 * pAtMost).toFixed(1)}% of forecast trials reach p ≤ ${r.reported.p}` : ""}.`,
    values: { power: point.summary.power.estimate, powerMcse: point.summary.power.mcse, assurance: forecast.summary.power.estimate, pAtMostReported: pAtMost },
  });
  // Spreads: is a reported SD more plausible as an SE, judged against simulated arms of the same n?
  // Every published arm that maps onto an arm of the preset is judged.
  for (const arm of r.arms) {
    const s = arm[measure];
    if (!s || s.sd === undefined || arm.n === undefined) continue;
    const armId = arm === t ? tArm : arm === control ? cArm : byId(arm.id)?.id;
    if (armId === undefined) continue;
    const sds = rows
      .map((row) => row.arms.find((x) => x.armId === armId))
      .map((a) => (a ? (measure === "change" ? a.sdChange : a.sdEndpoint) : null))
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    const pct = (x: number) => (100 * sds.filter((v) => v < x).length) / sds.length;
    const asSd = pct(s.sd);
    const asSe = pct(s.sd * Math.sqrt(arm.n));
    const id = `spread:${arm.id}:${measure}`;
    if (asSd < 1 && asSe >= 5 && asSe <= 95) {
      checks.push({ id, status: "fail", message: `${arm.id} ${measure}: an SD of ${s.sd} is below the 1st percentile of simulated arms of ${arm.n} (percentile ${asSd.toFixed(1)}), while ${s.sd} × √${arm.n} = ${fmt(s.sd * Math.sqrt(arm.n))} is typical (percentile ${asSe.toFixed(1)}): the spread is far more plausible as an SE than an SD.`, values: { reported: s.sd, percentileAsSd: asSd, percentileAsSe: asSe } });
    } else if (asSd < 2.5 || asSd > 97.5) {
      checks.push({ id, status: "warn", message: `${arm.id} ${measure}: an SD of ${s.sd} is unusual for simulated arms of ${arm.n} (percentile ${asSd.toFixed(1)}).`, values: { reported: s.sd, percentileAsSd: asSd } });
    } else {
      checks.push({ id, status: "pass", message: `${arm.id} ${measure}: an SD of ${s.sd} is plausible for an arm of ${arm.n} (percentile ${asSd.toFixed(1)} of simulated arms).`, values: { reported: s.sd, percentileAsSd: asSd } });
    }
  }
  return {
    preset: presetId,
    timepoint,
    trials,
    seed,
    comparison: `${tArm} vs ${cArm}`,
    publishedG: published,
    percentile,
    simulatedG: { p05: q(0.05), p50: q(0.5), p95: q(0.95) },
    power: point.summary.power.estimate,
    assurance: forecast.summary.power.estimate,
    pAtMostReported: pAtMost,
    // The typical trial's difference in change; for endpoints the same in expectation, as
    // randomization balances the baselines.
    simulatedMedianDifference: diffs.quantiles.p50 ?? diffs.mean ?? 0,
  };
}
