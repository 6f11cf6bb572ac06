import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { presetInput, simulateTrialsSync, simulateNormalTrials } from "../../src/engine.js";
import { ROOT, builtCli } from "../helpers/cli.js";

// The slow tier of the trial tests: long type-I runs and worker identity at scale (npm run test:slow).

/** Binomial 99.9% interval for the count of rejections out of n at probability p. */
const within999 = (x: number, n: number, p: number) => Math.abs(x / n - p) <= 3.2905 * Math.sqrt((p * (1 - p)) / n);

describe("type I error: with no true effect the rejection rate stays inside the binomial 99.9% interval (20,000 trials)", () => {
  test.each(["welch", "student"] as const)("normal outcome, %s t test, 20 vs 20", async (test_) => {
    const run = await simulateNormalTrials({ scenario: { arms: [{ n: 20, mean: 0, sd: 1 }, { n: 20, mean: 0, sd: 1 }], test: test_ }, seed: "typeI" }, { trials: 20_000, keepRows: false, chunkSize: 1000 });
    expect(within999(run.summary.power.successes, 20_000, 0.05)).toBe(true);
  });
  test("the MDMA model with identical placebo arms, Welch on CAPS change, 15 vs 15", () => {
    const p = presetInput("mp1");
    p.arms[0]!.sessions = p.arms[1]!.sessions.map((s) => ({ ...s }));
    p.arms[0]!.label = "placebo too";
    const run = simulateTrialsSync({ protocol: p, seed: "typeI-model", design: { n: { perArm: { mdma: 15, placebo: 15 } } } }, { trials: 20_000, keepRows: false, chunkSize: 200 });
    expect(run.summary.rejectionRate.trials).toBe(20_000);
    expect(within999(run.summary.rejectionRate.successes, 20_000, 0.05)).toBe(true);
  }, 240_000);
});

describe("worker threads (built package)", () => {
  test("`simulate --preset mp1 --trials 2000 --seed 1` gives the same JSON for --workers 1 and --workers 2", () => {
    const one = builtCli(["simulate", "--preset", "mp1", "--trials", "2000", "--seed", "1", "--workers", "1"]);
    const two = builtCli(["simulate", "--preset", "mp1", "--trials", "2000", "--seed", "1", "--workers", "2"]);
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
    expect(JSON.parse(one.out).provenance.trialsCompleted).toBe(2000);
  }, 120_000);
  test("1, 2 and 4 workers and the main thread agree bit for bit, and an abort on workers returns a prefix", () => {
    const script = `
      const m = await import(${JSON.stringify(join(ROOT, "dist/node.js"))});
      const spec = { protocol: m.preset("mp12"), seed: 9, design: { trialHeterogeneity: true } };
      const out = [];
      for (const workers of [1, 2, 4]) out.push(JSON.stringify(await m.simulateTrialsParallel(spec, { trials: 300, workers, forceWorkers: true, chunkSize: 20 })));
      out.push(JSON.stringify(m.simulateTrialsSync(spec, { trials: 300, chunkSize: 20 })));
      const c = new AbortController();
      const ab = await m.simulateTrialsParallel(spec, { trials: 300, workers: 2, chunkSize: 20, signal: c.signal, onProgress: (p) => { if (p.completedTrials >= 60) c.abort(); } });
      const prefix = m.simulateTrialsSync(spec, { trials: ab.provenance.trialsCompleted, chunkSize: 20 });
      console.log(JSON.stringify({ same: out.every((x) => x === out[0]), aborted: ab.provenance.aborted, completed: ab.provenance.trialsCompleted, prefixMatches: JSON.stringify(ab.summary) === JSON.stringify(prefix.summary) }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const res = JSON.parse(r.stdout);
    expect(res.same).toBe(true);
    expect(res.aborted).toBe(true);
    expect(res.completed).toBeGreaterThanOrEqual(60);
    expect(res.completed).toBeLessThan(300);
    expect(res.prefixMatches).toBe(true);
  }, 120_000);
  test("a nested power curve on a pool's workers and on a temporary pool is the one on the main thread, bit for bit", () => {
    const script = `
      const m = await import(${JSON.stringify(join(ROOT, "dist/node.js"))});
      const pool = new m.WorkerPool({ workers: 2 });
      const out = [];
      for (const method of ["fixed", "blocked"]) {
        const spec = { protocol: m.preset("mp1"), seed: 4, design: { randomization: { method } } };
        const options = { trials: 90, chunkSize: 10 };
        out.push([JSON.stringify(await m.powerCurve(m.simulateTrials, spec, [3, 8, 5], options)), JSON.stringify(await m.powerCurve(m.poolRunner(pool), spec, [3, 8, 5], options)), JSON.stringify(await m.powerCurve(m.parallelRunner(2), spec, [3, 8, 5], options))]);
      }
      await pool.close();
      console.log(JSON.stringify(out.map((r) => r.every((x) => x === r[0]))));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([true, true]);
  }, 120_000);
  test("1,000,000 normal-outcome trials in summary-only mode stay under 300 MB peak memory", () => {
    const script = `
      const m = await import(${JSON.stringify(join(ROOT, "dist/node.js"))});
      const r = await m.simulateNormalTrials({ scenario: { arms: [{ n: 20, mean: 0, sd: 1 }, { n: 20, mean: 0.5, sd: 1 }] }, seed: 1 }, { trials: 1000000, keepRows: false, chunkSize: 10000 });
      console.log(JSON.stringify({ trials: r.summary.trials, maxRssKb: process.resourceUsage().maxRSS }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    const res = JSON.parse(r.stdout);
    expect(res.trials).toBe(1_000_000);
    expect(res.maxRssKb / 1024).toBeLessThan(300);
  }, 120_000);
});
