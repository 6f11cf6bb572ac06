/**
 * Nested power curves (issue 11): one simulation at the grid's largest n, analysed at every n.
 * With randomization drawn in enrolment order the points are the separate runs bit for bit;
 * with "fixed" randomization they are each arm's first participants, a trial of the same
 * distribution. A runner without a chunk runner runs the points one by one, as before.
 */
import { describe, expect, test } from "vitest";
import { preset, simulateTrials, simulateTrialsSync, ValidationError, type ProtocolRunSpec } from "../../src/engine.js";
import { runChunksSync } from "../../src/trial/engine.js";
import { protocolRunIdentity, trialsRunFromPartial } from "../../src/trial/api.js";
import { gridSelection, powerGridTask, specAtN } from "../../src/trial/power-grid.js";
import { powerCurve, type Runner } from "../../src/trial/power-search.js";
import { parseProtocol } from "../../src/protocol/parse.js";

const mp1 = preset("mp1");
const withMethod = (method: string, extra: object = {}): ProtocolRunSpec => ({ protocol: mp1, seed: 17, design: { randomization: { method }, ...extra } as ProtocolRunSpec["design"] });
/** A runner with no chunk runner: powerCurve runs its points one by one (the reference). */
const pointByPoint: Runner = (spec, options) => simulateTrials(spec, options);

describe("grid runs analysed at every n", () => {
  test.each([
    ["blocked", {}],
    ["stratified-blocked", {}],
    ["simple", { trialHeterogeneity: true }],
  ])("%s randomization: every point's whole summary is the separate run's, bit for bit", (method, extra) => {
    const spec = withMethod(method, extra);
    const grid = [7, 3, 12];
    const task = powerGridTask({ kind: "power-grid", run: spec, grid });
    expect(task.selection).toBe("enrolment-prefix");
    const outcome = runChunksSync(task, { trials: 45, chunkSize: 20, keepRows: false });
    task.points.forEach((p, i) => {
      const nested = trialsRunFromPartial(protocolRunIdentity(p.spec, p.task), outcome.partial[i]!, outcome, 45);
      const separate = simulateTrialsSync(specAtN(parseProtocol(mp1), spec, grid[i]!), { trials: 45, chunkSize: 20, keepRows: false });
      expect(JSON.stringify(nested)).toBe(JSON.stringify(separate));
    });
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
    const outcome = runChunksSync(task, { trials: 600, chunkSize: 100, keepRows: false });
    const small = trialsRunFromPartial(protocolRunIdentity(task.points[0]!.spec, task.points[0]!.task), outcome.partial[0]!, outcome, 600);
    // mp1 allocates 3:2, so 4 per arm (8 in all) is 5 MDMA and 3 placebo, in every trial.
    expect(small.summary.arms.map((a) => [a.id, a.n])).toEqual([["mdma", 5], ["placebo", 3]]);
    const separate = simulateTrialsSync(specAtN(parseProtocol(mp1), spec, 4), { trials: 600, chunkSize: 100, keepRows: false });
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
