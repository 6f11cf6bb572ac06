/**
 * A power curve's points from one simulation. Each trial is simulated once, at the grid's
 * largest n per arm, and analysed at every n of the grid on some of its participants:
 * - randomization "simple", "blocked" or "stratified-blocked": the first participants in
 *   enrolment order. That is the trial of the smaller size, bit for bit: participants' streams
 *   are named by their enrolment index, allocation is drawn in enrolment order from the trial's
 *   own stream, and nothing else in a course depends on the trial's size. Each point's endpoint
 *   analysis, and so its power, is the separate run's at that n.
 * - "fixed" (exact arm sizes in a random order): the first participants of each arm, as many as
 *   the smaller trial's arm holds. The first N labels of a longer shuffle are not the shuffle of
 *   N, so this is not the separate run's trial; it has the same distribution (participants are
 *   independent of their allocation and of each other, so any n of an arm, chosen by allocation
 *   and order alone, are n independent participants of that arm), with common random numbers
 *   across the points. So a point's numbers depend on the grid's largest n: `power --n 20` and
 *   the n = 20 point of `--n 10,20,40` are different draws of the same distribution.
 * Either way the curve costs about its largest point instead of the sum of its points, and the
 * courses stop at the analysis horizon (analysisHorizonDay): a point's partial summary describes
 * them up to it, and only its power is read.
 */
import { ValidationError } from "../errors.js";
import { parseProtocol } from "../protocol/parse.js";
import type { Protocol } from "../protocol/schema.js";
import { designWithNPerArm, protocolTask, resolveRunDesign, type ProtocolRunSpec, type ProtocolTask } from "./api.js";
import { tallyTrial } from "./analyze.js";
import { simulateTrialCourses } from "./simulate.js";
import type { ResolvedDesign } from "./design.js";
import type { CourseOutcome } from "../outcomes/course.js";
import { addTrial, mergePartial, type SummaryPartial } from "./summary.js";
import type { ChunkTask } from "./engine.js";

/** A power curve's grid as one run: `run` at each n per arm of `grid` (plain data, as workers receive it). */
export interface PowerGridRunSpec {
  readonly kind: "power-grid";
  readonly run: ProtocolRunSpec;
  readonly grid: readonly number[];
}

/** One point of the grid: its spec (the run at that n) and that run's task. */
export interface GridPoint {
  readonly nPerArm: number;
  readonly spec: ProtocolRunSpec;
  readonly task: ProtocolTask;
}

/** The chunk task of a grid: a partial summary per point, in grid order; no rows. */
export interface PowerGridTask extends ChunkTask<SummaryPartial[], never> {
  readonly points: readonly GridPoint[];
  readonly selection: GridSelection;
}

/** The run of `spec` at n per arm. */
export function specAtN(protocol: Protocol, spec: ProtocolRunSpec, nPerArm: number): ProtocolRunSpec {
  return { ...spec, design: designWithNPerArm(protocol, spec.design, nPerArm) };
}

/** How a point's participants are taken from the largest trial: its first participants, or each arm's first (see the top). */
export type GridSelection = "enrolment-prefix" | "first-per-arm";

/**
 * How the points of `grid` can come from one simulation of `spec` at the largest n, or null when
 * they cannot: with "fixed" randomization and unequal allocation, an arm of a smaller point may
 * be larger than the same arm at the largest n (largest-remainder rounding).
 */
export function gridSelection(protocol: Protocol, spec: ProtocolRunSpec, grid: readonly number[]): GridSelection | null {
  if (resolveRunDesign(protocol, spec).randomization.method !== "fixed") return "enrolment-prefix";
  const nMax = Math.max(...grid);
  const largest = designWithNPerArm(protocol, spec.design, nMax).n.perArm;
  const fits = grid.every((n) => Object.entries(designWithNPerArm(protocol, spec.design, n).n.perArm).every(([arm, size]) => size <= largest[arm]!));
  return fits ? "first-per-arm" : null;
}

/** The participants of the largest trial's courses who make up the trial of `design` (courses in enrolment order). */
export function selectCourses(courses: readonly CourseOutcome[], design: ResolvedDesign, selection: GridSelection): readonly CourseOutcome[] {
  if (courses.length === design.totalN) return courses;
  if (selection === "enrolment-prefix") return courses.slice(0, design.totalN);
  const taken = new Map<string, number>();
  return courses.filter((c) => {
    const k = taken.get(c.armId) ?? 0;
    if (k >= design.armSizes[c.armId]!) return false;
    taken.set(c.armId, k + 1);
    return true;
  });
}

/**
 * The last day a power curve's analysis needs: the design's endpoint, and the primary and
 * unblinding visits (whose ratings decide relapse and the guesses). Courses are simulated up to
 * it only (planUpTo): what comes after, such as an open-label crossover, changes no point's power.
 */
export function analysisHorizonDay(protocol: Protocol, design: ResolvedDesign): number {
  const dayOf = (id: string) => protocol.schedule.assessments.find((a) => a.id === id)!.day;
  return Math.max(dayOf(design.endpointId), dayOf(protocol.endpoints.primaryAssessmentId), dayOf(protocol.blinding.unblindAfterAssessmentId));
}

/** The grid's chunk task (validating the spec and every point once, here). */
export function powerGridTask(spec: PowerGridRunSpec): PowerGridTask {
  const protocol = parseProtocol(spec.run.protocol);
  const points: GridPoint[] = spec.grid.map((nPerArm) => {
    const s = specAtN(protocol, spec.run, nPerArm);
    return { nPerArm, spec: s, task: protocolTask(s) };
  });
  const selection = gridSelection(protocol, spec.run, spec.grid);
  if (!selection) {
    throw new ValidationError("power grid", [{ path: "grid", rule: "nested-sizes", message: "with fixed randomization and these allocation weights, an arm of a smaller point would be larger than at the largest point: run the points one by one", received: spec.grid }]);
  }
  const largest = points.reduce((a, b) => (b.task.design.totalN > a.task.design.totalN ? b : a));
  const context = { ...largest.task.runContext, horizonDay: analysisHorizonDay(largest.task.protocol, largest.task.design) };
  return {
    points,
    selection,
    newPartial: () => points.map((p) => p.task.newPartial()),
    runTrial(t, partials) {
      const { courses } = simulateTrialCourses(context, t);
      points.forEach((p, i) => addTrial(partials[i]!, tallyTrial(selectCourses(courses, p.task.design, selection), p.task.design)));
      return undefined;
    },
    merge(into, from) {
      into.forEach((p, i) => mergePartial(p, from[i]!));
    },
  };
}
