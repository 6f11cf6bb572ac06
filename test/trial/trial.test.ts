import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
  preset, presetInput, simulateTrialsSync, simulateTrials, simulateTrial, simulateNormalTrials, resolveDesign, powerTTest,
  sampleSizeSearch, createRoot, stream, ValidationError, hashJson, runChunk, protocolTask, type ProtocolRunSpec, type TrialsRun, type DistributionSummary,
} from "../../src/engine.js";
import { allocate } from "../../src/trial/randomize.js";
import { ROOT, builtCli } from "../helpers/cli.js";

const mp1: ProtocolRunSpec = { protocol: preset("mp1"), seed: 1 };

/** Binomial 99.9% interval for the count of rejections out of n at probability p. */
const within999 = (x: number, n: number, p: number) => Math.abs(x / n - p) <= 3.2905 * Math.sqrt((p * (1 - p)) / n);


describe("simulated power agrees with the analytic power where one exists", () => {
  test.each([
    [12, 0.8],
    [20, 0.5],
    [40, 0.3],
  ])("normal outcome, n = %i per arm, d = %f: within 4.5 MCSE of power.t.test(strict = TRUE)", async (n, d) => {
    const run = await simulateNormalTrials({ scenario: { arms: [{ n, mean: 0, sd: 1 }, { n, mean: d, sd: 1 }], test: "student" }, seed: `power-${n}` }, { trials: 20_000, keepRows: false, chunkSize: 1000 });
    const expected = powerTTest({ n, delta: d, sd: 1, strict: true });
    expect(Math.abs(run.summary.power.estimate! - expected)).toBeLessThan(4.5 * Math.sqrt((expected * (1 - expected)) / 20_000));
  });
});

describe("runs", () => {
  const run = simulateTrialsSync(mp1, { trials: 120 });

  test("results carry provenance: seed, version, protocol hash, replicates", () => {
    expect(run.provenance).toMatchObject({ library: "mdma-trial-sim", seed: 1, protocolId: "mp1", trialsRequested: 120, trialsCompleted: 120, aborted: false });
    expect(run.provenance.protocolHash).toMatch(/^[0-9a-f]{16}$/);
    expect(run.provenance.protocolHash).toBe(hashJson(preset("mp1")));
    expect(JSON.parse(JSON.stringify(run.summary))).toEqual(run.summary);
  });
  test("power carries its Monte Carlo SE and a Wilson interval", () => {
    const p = run.summary.power;
    const estimate = p.successes / 120;
    expect(p.trials).toBe(120);
    expect(p.estimate).toBe(estimate);
    expect(p.mcse).toBeCloseTo(Math.sqrt((estimate * (1 - estimate)) / 120), 12);
    expect(p.ci[0]).toBeLessThanOrEqual(estimate);
    expect(p.ci[1]).toBeGreaterThanOrEqual(estimate);
  });
  test("the same seed gives the same run; another seed another", () => {
    expect(simulateTrialsSync(mp1, { trials: 120 })).toEqual(run);
    expect(simulateTrialsSync({ ...mp1, seed: 2 }, { trials: 120 }).summary).not.toEqual(run.summary);
  });
  test("any trial replays alone", () => {
    const task = protocolTask(mp1);
    for (const t of [0, 57, 119]) expect(runChunk(task, 0, t, t + 1, true).rows[0]).toEqual(run.rows![t]);
    expect(simulateTrial(mp1, 57).result).toEqual(run.rows![57]);
  });
  test("summary-only mode gives the same counts and moments, and effect quantiles to histogram resolution", () => {
    const lean = simulateTrialsSync(mp1, { trials: 120, keepRows: false });
    expect(lean.rows).toBeUndefined();
    expect(lean.summary.power).toEqual(run.summary.power);
    // A histogram quantile lies between the order statistics around it, to within a bin.
    const nearOrderStatistics = (q: DistributionSummary["quantiles"], values: number[], bin: number) => {
      const xs = [...values].sort((x, y) => x - y);
      for (const [k, p] of [["p05", 0.05], ["p50", 0.5], ["p95", 0.95]] as const) {
        const h = (xs.length - 1) * p;
        const lo = xs[Math.max(0, Math.floor(h) - 1)]!;
        const hi = xs[Math.min(xs.length - 1, Math.ceil(h) + 1)]!;
        expect(q[k]!).toBeGreaterThanOrEqual(lo - bin);
        expect(q[k]!).toBeLessThanOrEqual(hi + bin);
      }
    };
    const withoutQuantiles = (d: DistributionSummary) => ({ ...d, quantiles: undefined });
    lean.summary.arms.forEach((la, i) => {
      const ra = run.summary.arms[i]!;
      const strip = (x: typeof la) => ({ ...x, meanChangeDistribution: withoutQuantiles(x.meanChangeDistribution), responseRateDistribution: withoutQuantiles(x.responseRateDistribution) });
      expect(strip(la)).toEqual(strip(ra));
      const armRows = run.rows!.map((r) => r.arms[i]!);
      nearOrderStatistics(la.meanChangeDistribution.quantiles, armRows.map((x) => x.meanChange!), 0.01);
      nearOrderStatistics(la.responseRateDistribution.quantiles, armRows.map((x) => x.responseRate!), 0.0001);
    });
    const a = lean.summary.comparisons[0]!;
    const b = run.summary.comparisons[0]!;
    expect(a.hedgesG.mean).toBe(b.hedgesG.mean);
    nearOrderStatistics(a.hedgesG.quantiles, run.rows!.map((r) => r.comparisons[0]!.effectSize!.g), 0.001);
  });
  test("each trial's row has every analysis, treated minus control", () => {
    for (const r of run.rows!) {
      const c = r.comparisons[0]!;
      expect(c.armId).toBe("mdma");
      expect(c.controlArmId).toBe("placebo");
      if (c.welch && c.student) expect(c.welch.estimate).toBeCloseTo(c.student.estimate, 12);
      expect(c.primaryP).toBe(c.welch?.p ?? null);
      expect(r.success).toBe(c.success);
      const arms = Object.fromEntries(r.arms.map((a) => [a.armId, a]));
      if (c.welch) expect(c.welch.estimate).toBeCloseTo(arms.mdma!.meanChange! - arms.placebo!.meanChange!, 9);
      if (c.riskDifference) expect(c.riskDifference.rd).toBeCloseTo(arms.mdma!.responseRate! - arms.placebo!.responseRate!, 12);
    }
  });
  test("multi-arm designs compare each arm with the control", () => {
    const r = simulateTrialsSync({ protocol: preset("mp12"), seed: 3 }, { trials: 20 });
    expect(r.summary.comparisons.map((c) => `${c.armId}/${c.controlArmId}`)).toEqual(["mdma-125/mdma-40", "mdma-100/mdma-40"]);
  });
  test("an AbortSignal stops the run and returns what finished; progress is reported", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const partial = await simulateTrials(mp1, {
      trials: 2000,
      chunkSize: 10,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.completedTrials);
        if (p.completedTrials >= 30) controller.abort();
      },
    });
    expect(partial.provenance.aborted).toBe(true);
    expect(partial.provenance.trialsCompleted).toBe(30);
    expect(partial.summary.trials).toBe(30);
    expect(seen).toEqual([10, 20, 30]);
    // The finished part is exactly what a run of 30 trials gives.
    const full30 = await simulateTrials(mp1, { trials: 30, chunkSize: 10 });
    expect(partial.summary).toEqual(full30.summary);
  });
  test("bad designs are reported with paths", () => {
    const bad = () => resolveDesign(preset("mp1"), { n: { perArm: { mdma: 10, pbo: 5 } }, primaryAnalysis: "gee", randomization: { method: "blocked", blockSize: 7 } });
    expect(bad).toThrow(ValidationError);
    try {
      bad();
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => [i.path, i.rule])).toEqual([["primaryAnalysis", "allowed-values"]]);
    }
    try {
      resolveDesign(preset("mp1"), { n: { perArm: { mdma: 10, pbo: 5 } }, randomization: { method: "blocked", blockSize: 7 }, endpoint: "baseline" });
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => [i.path, i.rule])).toEqual([
        ["n.perArm.pbo", "known-arm"],
        ["n.perArm.placebo", "required"],
        ["endpoint", "post-baseline"],
        ["randomization.blockSize", "multiple-of-ratio"],
      ]);
    }
  });
  test("a key zod rejects is reported in words, not as zod's bare default (zod/mini loads no locale)", () => {
    const bad = () => resolveDesign(preset("mp1"), { n: { perArm: { mdma: 10, placebo: 10, [Symbol("x")]: 3 } } });
    expect(bad).toThrow(ValidationError);
    try {
      bad();
    } catch (e) {
      expect((e as ValidationError).issues).toEqual([{ path: 'n.perArm["Symbol(x)"]', rule: "key", message: "Invalid key in record", received: 3 }]);
    }
  });
});

describe("randomization", () => {
  const rng = () => stream(createRoot("rand"), ["r"]);
  const protocol = preset("mp8"); // allocation 2:1:1
  test("fixed gives exactly the planned numbers", () => {
    const d = resolveDesign(protocol, {});
    const a = allocate(rng(), d, [2, 1, 1], []);
    expect([0, 1, 2].map((k) => a.filter((x) => x === k).length)).toEqual([12, 7, 7]);
  });
  test("permuted blocks keep the 2:1:1 ratio inside every block", () => {
    const d = resolveDesign(protocol, { n: { total: 40 }, randomization: { method: "blocked", blockSize: 8 } });
    const a = allocate(rng(), d, [2, 1, 1], []);
    for (let b = 0; b < 40; b += 8) {
      const block = a.slice(b, b + 8);
      expect([0, 1, 2].map((k) => block.filter((x) => x === k).length)).toEqual([4, 2, 2]);
    }
  });
  test("stratified blocks balance within each stratum", () => {
    const d = resolveDesign(preset("mp1"), { n: { total: 40 }, randomization: { method: "stratified-blocked", blockSize: 10, strataCutpoints: [80] } });
    const baselines = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 90 : 60));
    const a = allocate(rng(), d, [3, 2], baselines);
    for (const high of [true, false]) {
      const inStratum = a.filter((_, i) => (baselines[i]! >= 80) === high);
      const fullBlocks = Math.floor(inStratum.length / 10) * 10;
      const head = inStratum.slice(0, fullBlocks);
      expect(head.filter((x) => x === 0).length).toBe((fullBlocks * 3) / 5);
    }
  });
  test("simple randomization follows the weights on average", () => {
    const d = resolveDesign(protocol, { n: { total: 4000 }, randomization: { method: "simple" } });
    const a = allocate(rng(), d, [2, 1, 1], []);
    const share = a.filter((x) => x === 0).length / 4000;
    expect(Math.abs(share - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 4000));
  });
});

describe("the sample-size search", () => {
  test("finds the smallest n whose lower Wilson bound reaches the target (analytic power as the runner)", async () => {
    const runner = async (spec: ProtocolRunSpec, o: { trials: number }) => {
      // mp1 allocates 3:2, so "n per arm" n gives 2n participants split 3:2: recover n from the total.
      const perArm = (spec.design!.n as { perArm: Record<string, number> }).perArm;
      const n = (perArm.mdma! + perArm.placebo!) / 2;
      const power = powerTTest({ n, delta: 0.8, strict: true });
      const successes = Math.round(power * o.trials);
      const { proportionEstimate } = await import("../../src/analysis/intervals.js");
      return { provenance: { trialsCompleted: o.trials, aborted: false }, design: { totalN: 2 * n }, summary: { power: proportionEstimate(successes, o.trials) } } as unknown as TrialsRun;
    };
    const r = await sampleSizeSearch(runner, mp1, { targetPower: 0.8, trials: 100_000 });
    // power.t.test(delta = 0.8, power = 0.8) gives n = 25.52: the first integer with power >= 0.8 is 26.
    expect(r.nPerArmPointEstimate).toBe(26);
    expect(r.nPerArm).toBeGreaterThanOrEqual(26);
    expect(r.nPerArm).toBeLessThanOrEqual(27);
    expect(r.evaluations.length).toBeLessThan(15);
  });
});

