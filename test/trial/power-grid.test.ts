/**
 * Nested power curves (issue 11): one simulation at the grid's largest n, analysed at every n.
 * With randomization drawn in enrolment order the points are the separate runs bit for bit;
 * with "fixed" randomization they are each arm's first participants, a trial of the same
 * distribution. A runner without a chunk runner runs the points one by one, as before.
 */
import { describe, expect, test } from "vitest";
import { preset, simulateTrials, simulateTrialsSync, ValidationError, type ProtocolRunSpec, type TrialsRun } from "../../src/engine.js";
import { runChunksSync } from "../../src/trial/engine.js";
import { protocolRunIdentity, protocolTask, trialsRunFromPartial } from "../../src/trial/api.js";
import { analysisHorizonDay, gridSelection, powerGridTask, specAtN } from "../../src/trial/power-grid.js";
import { simulateTrialCourses } from "../../src/trial/simulate.js";
import { powerCurve, sampleSizeSearch, type Runner } from "../../src/trial/power-search.js";
import { parseProtocol } from "../../src/protocol/parse.js";

const mp1 = preset("mp1");
const withMethod = (method: string, extra: object = {}): ProtocolRunSpec => ({ protocol: mp1, seed: 17, design: { randomization: { method }, ...extra } as ProtocolRunSpec["design"] });
/**
 * What a run says about the endpoint analysis: every summary field a grid point's courses, simulated
 * up to the analysis horizon only, must share with the whole run (later visits, dropouts after the
 * horizon and the open-label phase are not simulated for a grid).
 */
const endpointPart = (run: TrialsRun) => ({
  design: run.design,
  power: run.summary.power,
  rejectionRate: run.summary.rejectionRate,
  comparisons: run.summary.comparisons.map(({ armId, power, rejectionRate, difference, hedgesG, meanRiskDifference, mmrmFallbackRate }) => ({ armId, power, rejectionRate, difference, hedgesG, meanRiskDifference, mmrmFallbackRate })),
  arms: run.summary.arms.map(({ id, n, meanChange, sdChange, sdOfTrialMeanChange, responseRate, lossOfDiagnosisRate, remissionRate, meanChangeDistribution, responseRateDistribution }) => ({ id, n, meanChange, sdChange, sdOfTrialMeanChange, responseRate, lossOfDiagnosisRate, remissionRate, meanChangeDistribution, responseRateDistribution })),
});
/** A runner with no chunk runner: powerCurve runs its points one by one (the reference). */
const pointByPoint: Runner = (spec, options) => simulateTrials(spec, options);

describe("grid runs analysed at every n", () => {
  test.each([
    ["blocked", {}],
    ["stratified-blocked", {}],
    ["simple", { trialHeterogeneity: true }],
  ])("%s randomization: every point's endpoint analysis is the separate run's, bit for bit", (method, extra) => {
    const spec = withMethod(method, extra);
    const grid = [7, 3, 12];
    const task = powerGridTask({ kind: "power-grid", run: spec, grid });
    expect(task.selection).toBe("enrolment-prefix");
    const outcome = runChunksSync(task, { trials: 45, chunkSize: 20, keepRows: false });
    task.points.forEach((p, i) => {
      const nested = trialsRunFromPartial(protocolRunIdentity(p.spec, p.task), outcome.partial[i]!, outcome, 45);
      const separate = simulateTrialsSync(specAtN(parseProtocol(mp1), spec, grid[i]!), { trials: 45, chunkSize: 20, keepRows: false });
      expect(JSON.stringify(endpointPart(nested))).toBe(JSON.stringify(endpointPart(separate)));
      expect(nested.summary.power.trials).toBe(45);
    });
  });

  test.each(["mp1", "mp8", "mp12"] as const)("%s: courses up to the analysis horizon rate every visit up to it as the whole courses do, bit for bit", (id) => {
    const protocol = preset(id);
    for (const endpoint of [undefined, protocol.schedule.assessments.find((a) => a.kind !== "baseline")!.id]) {
      const task = protocolTask({ protocol, seed: 8, design: { trialHeterogeneity: true, estimand: "treatment-policy", ...(endpoint ? { endpoint } : {}) } });
      const horizon = analysisHorizonDay(task.protocol, task.design);
      const whole = simulateTrialCourses(task.runContext, 3).courses;
      const upTo = simulateTrialCourses({ ...task.runContext, horizonDay: horizon }, 3).courses;
      expect(upTo.length).toBe(whole.length);
      upTo.forEach((c, i) => {
        const w = whole[i]!;
        expect(c.assessments.length).toBeLessThanOrEqual(w.assessments.length);
        expect(c.assessments.every((a) => a.day <= horizon)).toBe(true);
        expect(c.assessments).toEqual(w.assessments.filter((a) => a.day <= horizon));
        expect(c.sessions).toEqual(w.sessions.filter((s) => s.day < horizon));
        expect(c.trueBaseline).toBe(w.trueBaseline);
        expect(c.dropout?.day ?? null).toBe(w.dropout && w.dropout.day <= horizon ? w.dropout.day : null);
      });
      // The open-label crossover (MP-1's placebo arm, MP-8's and MP-12's low-dose arms) is left out.
      expect(upTo.reduce((s, c) => s + c.sessions.length, 0)).toBeLessThan(whole.reduce((s, c) => s + c.sessions.length, 0));
    }
  });

  test("powerCurve with simulateTrials (nested) gives the point-by-point curve, provenance included", async () => {
    const spec = withMethod("blocked");
    const grid = [4, 9, 6];
    const nested = await powerCurve(simulateTrials, spec, grid, { trials: 40, chunkSize: 15 });
    const separate = await powerCurve(pointByPoint, spec, grid, { trials: 40, chunkSize: 15 });
    expect(nested).toEqual(separate);
    expect(nested.provenance.trialsCompleted).toBe(120);
  });

  test("fixed randomization: each point holds its design's arm sizes exactly, and the same distribution as separate runs", async () => {
    const spec = withMethod("fixed");
    const task = powerGridTask({ kind: "power-grid", run: spec, grid: [4, 15] });
    expect(task.selection).toBe("first-per-arm");
    const outcome = runChunksSync(task, { trials: 400, chunkSize: 100, keepRows: false });
    const small = trialsRunFromPartial(protocolRunIdentity(task.points[0]!.spec, task.points[0]!.task), outcome.partial[0]!, outcome, 400);
    // mp1 allocates 3:2, so 4 per arm (8 in all) is 5 MDMA and 3 placebo, in every trial.
    expect(small.summary.arms.map((a) => [a.id, a.n])).toEqual([["mdma", 5], ["placebo", 3]]);
    const separate = simulateTrialsSync(specAtN(parseProtocol(mp1), spec, 4), { trials: 400, chunkSize: 100, keepRows: false });
    const a = small.summary.comparisons[0]!.difference;
    const b = separate.summary.comparisons[0]!.difference;
    // Different trials (not the same numbers), the same distribution: the mean estimated
    // difference agrees within its Monte Carlo error (z below 4), and so does the SD.
    expect(JSON.stringify(small.summary)).not.toBe(JSON.stringify(separate.summary));
    expect(Math.abs(a.mean! - b.mean!) / Math.hypot(a.mcse!, b.mcse!)).toBeLessThan(4);
    expect(Math.abs(a.sd! / b.sd! - 1)).toBeLessThan(0.15);
  });

  test("fixed randomization where an arm would shrink as n grows runs point by point", async () => {
    // Weights 1:4:4 over 3 arms: 12 in all is 2/5/5, 15 is 1/7/7 (largest remainder).
    const protocol = { ...preset("mp8"), arms: preset("mp8").arms.map((arm, i) => ({ ...arm, allocation: [1, 4, 4][i]! })) };
    const spec: ProtocolRunSpec = { protocol, seed: 3 };
    expect(gridSelection(parseProtocol(protocol), spec, [4, 5])).toBeNull();
    expect(gridSelection(parseProtocol(protocol), spec, [5, 6])).toBe("first-per-arm");
    expect(() => powerGridTask({ kind: "power-grid", run: spec, grid: [4, 5] })).toThrow(ValidationError);
    const curve = await powerCurve(simulateTrials, spec, [4, 5], { trials: 6 });
    expect(curve).toEqual(await powerCurve(pointByPoint, spec, [4, 5], { trials: 6 }));
  });

  test.each(["fixed", "blocked"])("a sample-size search (%s randomization) runs its evaluations up to the analysis horizon: the same search, bit for bit", async (method) => {
    const spec = withMethod(method);
    const options = { trials: 30, chunkSize: 10, targetPower: 0.5, nMin: 3, nMax: 12 };
    const search = await sampleSizeSearch(simulateTrials, spec, options);
    expect(search).toEqual(await sampleSizeSearch(pointByPoint, spec, options));
    expect(search.evaluations.length).toBeGreaterThan(1);
  });

  test("an interrupted nested curve holds every point with the trials completed", async () => {
    const controller = new AbortController();
    const curve = await powerCurve(simulateTrials, withMethod("blocked"), [3, 5, 8], {
      trials: 100,
      chunkSize: 10,
      signal: controller.signal,
      onProgress: (p) => p.completedTrials >= 20 && controller.abort(),
    });
    expect(curve.provenance.aborted).toBe(true);
    const done = curve.points[0]!.power.trials;
    expect(done).toBeGreaterThanOrEqual(20);
    expect(done).toBeLessThan(100);
    expect(curve.points.map((p) => p.power.trials)).toEqual([done, done, done]);
    expect(curve.provenance.trialsCompleted).toBe(3 * done);
  });
});
