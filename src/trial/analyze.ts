/**
 * The analyses the Phase 2 papers used, on one simulated trial: the between-arm difference in
 * CAPS change (Welch and Student t tests), ANCOVA of the endpoint score on arm and baseline, the
 * responder analysis (Fisher's exact test, risk difference with Newcombe's interval), Cohen's d
 * and Hedges' g, and per-arm rates of response, loss of diagnosis and remission. Multi-arm
 * designs compare each arm with the control. Differences are treated minus control, so a
 * negative change difference (and a negative d or g) favours the treated arm.
 */
import { welchFromSummary, studentFromSummary, welchStatistic, studentStatistic, type TTestResult, type GroupSummary } from "../analysis/ttest.js";
import { ancova, type AncovaResult } from "../analysis/ancova.js";
import { fisherExact, riskDifference, type RiskDifference } from "../analysis/fisher.js";
import { standardizedDifference, type EffectSize } from "../analysis/effect-size.js";
import type { CourseOutcome } from "../outcomes/course.js";
import type { Guess } from "../belief/belief.js";
import { bangBlindingIndexUnchecked as bangBlindingIndex, jamesBlindingIndexUnchecked as jamesBlindingIndex, type BangBlindingIndex, type BlindingIndex, type GuessCounts } from "../analysis/blinding.js";
import { createMmrmFitter, type MmrmComparison, type MmrmFitter } from "../analysis/mmrm.js";
import type { TrialEffects } from "../outcomes/efficacy.js";
import type { ResolvedDesign } from "./design.js";

export interface ArmResult {
  readonly armId: string;
  readonly randomized: number;
  /** Analysed at the endpoint (completers, or everyone under LOCF). */
  readonly analysed: number;
  readonly dropouts: number;
  readonly meanBaseline: number | null;
  readonly meanChange: number | null;
  readonly sdChange: number | null;
  readonly meanEndpoint: number | null;
  readonly sdEndpoint: number | null;
  readonly responders: number;
  readonly responseRate: number | null;
  readonly lostDiagnosis: number;
  readonly lossOfDiagnosisRate: number | null;
  readonly remissions: number;
  readonly remissionRate: number | null;
  /** Supplemental doses offered in this arm, and how many a rule withheld. */
  readonly supplementalOffered: number;
  readonly supplementalWithheld: number;
  /** Of the dropouts, those who stopped treatment but stayed for assessments. */
  readonly retrievedDropouts: number;
  /** Guesses of allocation at the end of the blinded phase (participants, therapists) and at the primary visit (raters). */
  readonly guesses: { readonly participant: GuessCounts; readonly therapist: GuessCounts; readonly rater: GuessCounts };
  /** Each post-baseline visit: how many were rated, and their mean CAPS (every rating, on treatment or not). */
  readonly visits: readonly VisitResult[];
}

/** One arm at one visit. */
export interface VisitResult {
  readonly id: string;
  readonly day: number;
  readonly rated: number;
  readonly meanScore: number | null;
}

/** Blinding indices for one comparison, from the guesses of each group of guessers. */
export interface ComparisonBlinding {
  /** Bang's index per arm (treated: the comparison arm; control: the control arm) and James' overall. */
  readonly participant: { readonly bang: BangBlindingIndex; readonly james: BlindingIndex | null };
  readonly therapist: { readonly bang: BangBlindingIndex; readonly james: BlindingIndex | null };
  readonly rater: { readonly bang: BangBlindingIndex; readonly james: BlindingIndex | null };
}



export interface ComparisonResult {
  readonly armId: string;
  readonly controlArmId: string;
  readonly welch: TTestResult | null;
  readonly student: TTestResult | null;
  readonly ancova: AncovaResult | null;
  /** Fisher's exact test on responders (two-sided p). */
  readonly fisherP: number | null;
  readonly riskDifference: RiskDifference | null;
  readonly effectSize: EffectSize | null;
  /** Mixed model for repeated measures over the visits up to the endpoint, when it is the primary analysis (null otherwise, or when the data do not identify it). */
  readonly mmrm: MmrmComparison | null;
  readonly blinding: ComparisonBlinding;
  /** The analysis the p-value came from: the design's primary, or ANCOVA when an MMRM could not be fitted. */
  readonly primaryAnalysisUsed: string;
  /** The design's primary analysis is an MMRM that could not be fitted; ANCOVA decided. */
  readonly mmrmFallback: boolean;
  /** p-value of the primary analysis (null when it could not be computed). */
  readonly primaryP: number | null;
  /** The primary estimate favours the treated arm (lower change, or more responders). */
  readonly favourable: boolean;
  /** primaryP below alpha (after any multiplicity adjustment), in either direction. */
  readonly significant: boolean;
  readonly success: boolean;
}

/**
 * One simulated trial analysed as the papers did: screening counts, each arm's results, each
 * comparison with the control arm (t tests, ANCOVA, responders, effect size, blinding indices, the
 * primary p-value) and whether the trial met the success rule. A run's `rows` holds one per trial.
 */
export interface TrialResult {
  readonly trial: number;
  readonly effects: TrialEffects;
  /** Candidates screened to fill the trial, and how many failed screening. */
  readonly screened: number;
  readonly screenFailures: number;
  readonly arms: readonly ArmResult[];
  readonly comparisons: readonly ComparisonResult[];
  /** The success rule applied to the comparisons. */
  readonly success: boolean;
  /** Any primary test significant in either direction (what a type I error rate counts). */
  readonly rejected: boolean;
}

interface Observed {
  readonly baseline: number;
  readonly endpoint: number;
  readonly responder: boolean;
  readonly lostDiagnosis: boolean;
  readonly remission: boolean;
}

/**
 * The rating a participant contributes at the endpoint. Completers estimand: ratings on
 * treatment only (a rating after treatment stopped counts as missing); treatment policy: any
 * rating, on treatment or not. A missing endpoint is dropped, or (missing: locf) replaced by the
 * last rating that counts.
 */
function observedAtEndpoint(c: CourseOutcome, endpointId: string, missing: ResolvedDesign["missing"], estimand: ResolvedDesign["estimand"]): Observed | null {
  const counts = (k: number) => c.assessments[k]!.score !== null && (estimand === "treatment-policy" || c.assessments[k]!.onTreatment);
  const idx = c.assessments.findIndex((a) => a.id === endpointId);
  let a = c.assessments[idx]!;
  if (!counts(idx)) {
    if (missing !== "locf") return null;
    for (let k = idx - 1; k >= 0; k--) {
      if (counts(k)) {
        a = c.assessments[k]!;
        break;
      }
    }
  }
  return { baseline: c.participant.baselineScore, endpoint: a.score!, responder: a.responder === true, lostDiagnosis: a.lostDiagnosis === true, remission: a.remission === true };
}

function countGuesses(guesses: readonly Guess[]): GuessCounts {
  let guessedTreated = 0;
  let guessedControl = 0;
  let dontKnow = 0;
  for (const g of guesses) {
    if (g === "experimental") guessedTreated++;
    else if (g === "control") guessedControl++;
    else dontKnow++;
  }
  return { guessedTreated, guessedControl, dontKnow };
}

/** Guess counts of an arm: each group's guesses about the participants it was asked about (the protocol's guess schedule). */
function guessCounts(courses: readonly CourseOutcome[]): ArmResult["guesses"] {
  const of = (who: "participant" | "therapist" | "rater") => countGuesses(courses.filter((c) => c.blinding.asked[who]).map((c) => c.blinding[`${who}Guess`]));
  return { participant: of("participant"), therapist: of("therapist"), rater: of("rater") };
}

function groupSummary(values: readonly number[]): GroupSummary {
  const n = values.length;
  let m = 0;
  for (const v of values) m += v;
  m /= n;
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return { mean: m, sd: n > 1 ? Math.sqrt(s / (n - 1)) : 0, n };
}

/**
 * What a summary over many trials needs from one trial (see summary.ts): the counts and means
 * of each arm, and for each comparison the decision, the primary p-value and the three effect
 * estimates. A full TrialResult is one; tallyTrial computes only this.
 */
export interface TrialTally {
  readonly screened: number;
  readonly screenFailures: number;
  readonly arms: readonly ArmResult[];
  readonly comparisons: readonly ComparisonTally[];
  readonly success: boolean;
  readonly rejected: boolean;
}

export interface ComparisonTally {
  readonly armId: string;
  readonly welch: { readonly estimate: number } | null;
  readonly riskDifference: { readonly rd: number } | null;
  readonly effectSize: { readonly g: number } | null;
  readonly primaryP: number | null;
  readonly significant: boolean;
  readonly success: boolean;
  /** The design's primary analysis is an MMRM that could not be fitted; ANCOVA decided. */
  readonly mmrmFallback: boolean;
}

/** The courses of each arm and their endpoint observations. */
interface ArmGroups {
  readonly byArm: Map<string, { courses: CourseOutcome[]; obs: Observed[] }>;
  readonly screened: number;
}

function groupByArm(courses: readonly CourseOutcome[], design: ResolvedDesign): ArmGroups {
  const byArm = new Map<string, { courses: CourseOutcome[]; obs: Observed[] }>();
  for (const id of design.armIds) byArm.set(id, { courses: [], obs: [] });
  let screened = 0;
  for (const c of courses) {
    screened += c.participant.screening.candidatesScreened;
    const slot = byArm.get(c.armId)!;
    slot.courses.push(c);
    const o = observedAtEndpoint(c, design.endpointId, design.missing, design.estimand);
    if (o) slot.obs.push(o);
  }
  return { byArm, screened };
}

function armResult(armId: string, cs: readonly CourseOutcome[], obs: readonly Observed[]): ArmResult {
  const n = obs.length;
  const changes = obs.map((o) => o.endpoint - o.baseline);
  const g = n > 0 ? groupSummary(changes) : null;
  const e = n > 1 ? groupSummary(obs.map((o) => o.endpoint)) : null;
  let offered = 0;
  let withheld = 0;
  for (const c of cs) for (const s of c.sessions) for (const d of s.doses) if (d.kind === "supplemental") {
    offered++;
    if (d.notGivenBecause === "withheld") withheld++;
  }
  const responders = obs.filter((o) => o.responder).length;
  const lost = obs.filter((o) => o.lostDiagnosis).length;
  const remissions = obs.filter((o) => o.remission).length;
  return {
    armId,
    randomized: cs.length,
    analysed: n,
    dropouts: cs.filter((c) => c.dropout !== undefined).length,
    meanBaseline: n > 0 ? obs.reduce((s, o) => s + o.baseline, 0) / n : null,
    meanChange: g ? g.mean : null,
    sdChange: g && n > 1 ? g.sd : null,
    meanEndpoint: n > 0 ? obs.reduce((s, o) => s + o.endpoint, 0) / n : null,
    sdEndpoint: e ? e.sd : null,
    responders,
    responseRate: n > 0 ? responders / n : null,
    lostDiagnosis: lost,
    lossOfDiagnosisRate: n > 0 ? lost / n : null,
    remissions,
    remissionRate: n > 0 ? remissions / n : null,
    supplementalOffered: offered,
    supplementalWithheld: withheld,
    retrievedDropouts: cs.filter((c) => c.dropout?.retrieved === true).length,
    guesses: guessCounts(cs),
    visits: visitResults(cs),
  };
}

/** Each post-baseline visit of an arm: how many were rated and their mean score. */
function visitResults(cs: readonly CourseOutcome[]): VisitResult[] {
  const first = cs[0];
  if (!first) return [];
  return first.assessments.flatMap((a, k) => {
    if (a.kind === "baseline") return [];
    let rated = 0;
    let sum = 0;
    for (const c of cs) {
      const score = c.assessments[k]!.score;
      if (score === null) continue;
      rated++;
      sum += score;
    }
    return [{ id: a.id, day: a.day, rated, meanScore: rated > 0 ? sum / rated : null }];
  });
}

/** The MMRM of a design: its visits (post-baseline, up to the endpoint) and a fitter built once per design. */
interface MmrmSetup {
  readonly visits: readonly number[];
  readonly fitter: MmrmFitter;
  readonly groups: readonly string[];
}
const MMRM_SETUPS = new WeakMap<ResolvedDesign, MmrmSetup | null>();

function mmrmSetup(design: ResolvedDesign, course: CourseOutcome | undefined): MmrmSetup | null {
  if (MMRM_SETUPS.has(design)) return MMRM_SETUPS.get(design)!;
  let setup: MmrmSetup | null = null;
  if (course) {
    const endDay = course.assessments.find((a) => a.id === design.endpointId)!.day;
    const visits = course.assessments.flatMap((a, k) => (a.kind !== "baseline" && a.day <= endDay ? [k] : []));
    const groups = [design.controlArmId, ...design.comparisonArms];
    setup = { visits, groups, fitter: createMmrmFitter({ visitCount: visits.length, groupCount: groups.length, confLevel: design.confLevel }) };
  }
  MMRM_SETUPS.set(design, setup);
  return setup;
}

/**
 * The MMRM of a trial: every participant of the compared arms with their ratings at the visits
 * up to the endpoint that count under the estimand (completers: on treatment; treatment
 * policy: any), missing ones as NaN; one fit, one contrast per comparison arm at the endpoint.
 */
function mmrmFits(courses: readonly CourseOutcome[], design: ResolvedDesign): Map<string, MmrmComparison | null> {
  const out = new Map<string, MmrmComparison | null>();
  const setup = mmrmSetup(design, courses[0]);
  if (!setup) return out;
  const members = courses.filter((c) => setup.groups.includes(c.armId));
  const V = setup.visits.length;
  const values = new Float64Array(members.length * V);
  const groupIndex = Int32Array.from(members, (c) => setup.groups.indexOf(c.armId));
  const baseline = Float64Array.from(members, (c) => c.participant.baselineScore);
  members.forEach((c, i) =>
    setup.visits.forEach((k, v) => {
      const a = c.assessments[k]!;
      values[i * V + v] = a.score !== null && (design.estimand === "treatment-policy" || a.onTreatment) ? a.score : Number.NaN;
    }),
  );
  design.comparisonArms.forEach((armId, g) => out.set(armId, setup.fitter({ subjectCount: members.length, groupIndex, baseline, values }, { group: g + 1, visit: V - 1 })));
  return out;
}

/** Bang's and James' indices for one comparison from each group of guessers. */
function comparisonBlinding(treated: ArmResult, control: ArmResult, confLevel: number): ComparisonBlinding {
  const of = (who: "participant" | "therapist" | "rater") => {
    const table = { treated: treated.guesses[who], control: control.guesses[who] };
    return { bang: bangBlindingIndex(table, confLevel), james: jamesBlindingIndex(table, confLevel) };
  };
  return { participant: of("participant"), therapist: of("therapist"), rater: of("rater") };
}

/** One arm against the control: both groups' observations and change summaries. */
interface Pair {
  readonly treated: readonly Observed[];
  readonly control: readonly Observed[];
  readonly treatedChanges: GroupSummary;
  readonly controlChanges: GroupSummary;
  /** Both groups have two or more analysed participants. */
  readonly enough: boolean;
  readonly respondersTreated: number;
  readonly respondersControl: number;
  /** Both groups have someone analysed. */
  readonly haveCounts: boolean;
}

function pairOf(groups: ArmGroups, armId: string, controlArmId: string, controlChanges: GroupSummary): Pair {
  const treated = groups.byArm.get(armId)!.obs;
  const control = groups.byArm.get(controlArmId)!.obs;
  return {
    treated,
    control,
    treatedChanges: groupSummary(treated.map((o) => o.endpoint - o.baseline)),
    controlChanges,
    enough: treated.length >= 2 && control.length >= 2,
    respondersTreated: treated.filter((o) => o.responder).length,
    respondersControl: control.filter((o) => o.responder).length,
    haveCounts: treated.length > 0 && control.length > 0,
  };
}

function ancovaOf(pair: Pair, confLevel: number): AncovaResult | null {
  if (!pair.enough) return null;
  const { treated, control } = pair;
  const m = treated.length + control.length;
  const y = new Float64Array(m);
  const grp = new Float64Array(m);
  const base = new Float64Array(m);
  treated.forEach((o, i) => {
    y[i] = o.endpoint;
    grp[i] = 1;
    base[i] = o.baseline;
  });
  control.forEach((o, i) => {
    y[treated.length + i] = o.endpoint;
    base[treated.length + i] = o.baseline;
  });
  return ancova(y, grp, base, confLevel);
}

const fisherOf = (pair: Pair): number | null =>
  pair.haveCounts ? fisherExact(pair.respondersTreated, pair.treated.length - pair.respondersTreated, pair.respondersControl, pair.control.length - pair.respondersControl).p : null;

/** The success rule on a comparison's primary p-value and direction. */
function decision(design: ResolvedDesign, primaryP: number | null, favourable: boolean): { significant: boolean; success: boolean } {
  const alpha = design.success.multiplicity === "bonferroni" ? design.alpha / design.comparisonArms.length : design.alpha;
  const significant = primaryP !== null && primaryP < alpha;
  return { significant, success: significant && (favourable || !design.success.requireFavourable) };
}

function trialSuccess(design: ResolvedDesign, comparisons: readonly { armId: string; success: boolean }[]): boolean {
  const rule = design.success.comparisons;
  return rule === "any" ? comparisons.some((c) => c.success) : rule === "all" ? comparisons.every((c) => c.success) : comparisons.find((c) => c.armId === rule)!.success;
}

/** The primary analysis's p-value and estimate, falling back to ANCOVA when an MMRM could not be fitted. */
function primaryOf(design: ResolvedDesign, candidates: Readonly<Record<string, { p: number | null; estimate: number } | null>>): { used: string; result: { p: number | null; estimate: number } | null } {
  const want = design.primaryAnalysis;
  if (want === "mmrm" && candidates.mmrm === null) return { used: "ancova", result: candidates.ancova ?? null };
  return { used: want, result: candidates[want] ?? null };
}

function fullComparison(design: ResolvedDesign, armId: string, pair: Pair, mmrm: MmrmComparison | null, blinding: ComparisonBlinding): ComparisonResult {
  const { enough, haveCounts, treatedChanges: tChanges, controlChanges } = pair;
  const welch = enough ? welchFromSummary(tChanges, controlChanges, design.confLevel) : null;
  const student = enough ? studentFromSummary(tChanges, controlChanges, design.confLevel) : null;
  const anc = ancovaOf(pair, design.confLevel);
  const fisherP = fisherOf(pair);
  const rd = haveCounts ? riskDifference(pair.respondersTreated, pair.treated.length, pair.respondersControl, pair.control.length, design.confLevel) : null;
  const es = enough ? standardizedDifference(tChanges, controlChanges, { confLevel: design.confLevel, ci: design.effectSizeCi }) : null;
  const primary = primaryOf(design, { welch, student, ancova: anc, fisher: { p: fisherP, estimate: rd ? -rd.rd : 0 }, mmrm });
  const primaryP = primary.result?.p ?? null;
  const favourable = (primary.result?.estimate ?? 0) < 0;
  const { significant, success } = decision(design, primaryP, favourable);
  return { armId, controlArmId: design.controlArmId, welch, student, ancova: anc, fisherP, riskDifference: rd, effectSize: es, mmrm, blinding, primaryAnalysisUsed: primary.used, mmrmFallback: primary.used !== design.primaryAnalysis, primaryP, favourable, significant, success };
}

/**
 * The same decision and the same numbers a summary keeps, without the intervals and the
 * secondary analyses: only the primary test's p-value, Welch's estimate, the risk difference
 * and Hedges' g.
 */
function comparisonTally(design: ResolvedDesign, armId: string, pair: Pair, mmrm: MmrmComparison | null): ComparisonTally {
  const { enough, haveCounts, treatedChanges: tChanges, controlChanges } = pair;
  const welch = enough ? welchStatistic(tChanges, controlChanges) : null;
  const rd = haveCounts ? pair.respondersTreated / pair.treated.length - pair.respondersControl / pair.control.length : null;
  const es = enough ? standardizedDifference(tChanges, controlChanges, { confLevel: design.confLevel, ci: "normal" }) : null;
  let primary: { p: number | null; estimate: number } | null;
  switch (design.primaryAnalysis) {
    case "welch":
      primary = welch;
      break;
    case "student":
      primary = enough ? studentStatistic(tChanges, controlChanges) : null;
      break;
    case "ancova":
      primary = ancovaOf(pair, design.confLevel);
      break;
    case "fisher":
      primary = { p: fisherOf(pair), estimate: rd === null ? 0 : -rd };
      break;
    case "mmrm":
      primary = mmrm ?? ancovaOf(pair, design.confLevel);
      break;
  }
  const primaryP = primary?.p ?? null;
  const { significant, success } = decision(design, primaryP, (primary?.estimate ?? 0) < 0);
  return { armId, welch, riskDifference: rd === null ? null : { rd }, effectSize: es && { g: es.g }, primaryP, significant, success, mmrmFallback: design.primaryAnalysis === "mmrm" && mmrm === null };
}

/** Analyse one trial's courses. `courses` are in enrolment order. */
export function analyzeTrial(trial: number, effects: TrialEffects, courses: readonly CourseOutcome[], design: ResolvedDesign): TrialResult {
  const groups = groupByArm(courses, design);
  const arms = design.armIds.map((armId) => armResult(armId, groups.byArm.get(armId)!.courses, groups.byArm.get(armId)!.obs));
  const controlChanges = groupSummary(groups.byArm.get(design.controlArmId)!.obs.map((o) => o.endpoint - o.baseline));
  // The MMRM (about 0.1-0.2 ms a fit) runs when it decides the trial: the primary analysis.
  const mmrm = design.primaryAnalysis === "mmrm" ? mmrmFits(courses, design) : new Map<string, MmrmComparison | null>();
  const armOf = (id: string) => arms[design.armIds.indexOf(id)]!;
  const comparisons = design.comparisonArms.map((armId) => fullComparison(design, armId, pairOf(groups, armId, design.controlArmId, controlChanges), mmrm.get(armId) ?? null, comparisonBlinding(armOf(armId), armOf(design.controlArmId), design.confLevel)));
  return { trial, effects, screened: groups.screened, screenFailures: groups.screened - courses.length, arms, comparisons, success: trialSuccess(design, comparisons), rejected: comparisons.some((c) => c.significant) };
}

/** What a summary-only run keeps of one trial (see TrialTally): the same numbers analyzeTrial gives them, computed without the rest. */
export function tallyTrial(courses: readonly CourseOutcome[], design: ResolvedDesign): TrialTally {
  const groups = groupByArm(courses, design);
  const arms = design.armIds.map((armId) => armResult(armId, groups.byArm.get(armId)!.courses, groups.byArm.get(armId)!.obs));
  const controlChanges = groupSummary(groups.byArm.get(design.controlArmId)!.obs.map((o) => o.endpoint - o.baseline));
  const mmrm = design.primaryAnalysis === "mmrm" ? mmrmFits(courses, design) : undefined;
  const comparisons = design.comparisonArms.map((armId) => comparisonTally(design, armId, pairOf(groups, armId, design.controlArmId, controlChanges), mmrm?.get(armId) ?? null));
  return { screened: groups.screened, screenFailures: groups.screened - courses.length, arms, comparisons, success: trialSuccess(design, comparisons), rejected: comparisons.some((c) => c.significant) };
}
