import { describe, expect, test } from "vitest";
import { cacheTrial, replicatesSeed } from "../../src/calibration/cache.js";
import { selectSummaries, createSummaryEvaluator } from "../../src/calibration/summaries.js";
import { syntheticLogLikelihood } from "../../src/calibration/likelihood.js";
import { adaptiveMetropolis, splitRhat, effectiveSampleSize } from "../../src/calibration/mcmc.js";
import { FOLDED, GLOBAL_PRIORS, PARAMETRIZATION, globalsOf, logPrior, priorCentre, parametersOf, effectsOf, dimension } from "../../src/calibration/priors.js";
import { phase2Targets } from "../../src/calibration/targets.js";
import { prepareCalibration, DEFAULT_SETTINGS } from "../../src/calibration/calibrate.js";
import { ValidationError } from "../../src/errors.js";
import { defaultParameters } from "../../src/params/defaults.js";
import { createRoot, stream, standardNormal, preset, simulateTrialsSync, resolveParameters } from "../../src/engine.js";

const reference = defaultParameters();

describe("targets", () => {
  test("arms and visits a preset does not have are reported, every one with its path", () => {
    const targets = structuredClone(phase2Targets());
    (targets.trials[0]!.arms[0] as { id: string }).id = "mdma-typo";
    (targets.trials[1]!.timepoints[0] as { id: string }).id = "week-99";
    try {
      prepareCalibration(targets, 1, DEFAULT_SETTINGS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => [i.path, i.rule])).toEqual([
        ["trials[0].arms[0].id", "preset-arm"],
        ["trials[1].timepoints[0].id", "preset-assessment"],
      ]);
    }
  });
});

describe("the calibration's fast evaluator is the simulator", () => {
  test.each(["mp1", "mp2", "mp8", "mp12"] as const)("%s: summaries from cached replicates equal those of the full simulator, for any efficacy parameters", (id) => {
    const trial = phase2Targets().trials.find((t) => t.id === id)!;
    const cache = cacheTrial(preset(id), reference, "consistency", 25);
    const sel = selectSummaries(trial);
    const evaluate = createSummaryEvaluator(cache, sel.items);
    const overrides = { "efficacy.ec50AucNgHPerMl": 1800, "efficacy.drugEffectPerSession": 0.55, "efficacy.hill": 2.2, "efficacy.responsivenessLogSd": 0.8, "efficacy.measurementErrorSd": 9 };
    const effects = { therapyLog: -0.3, drugLog: 0.4 };
    const fast = evaluate(resolveParameters(overrides), effects);
    const timepoints = [...new Set(sel.items.map((i) => i.timepoint))];
    for (const tp of timepoints) {
      const run = simulateTrialsSync({ protocol: preset(id), seed: replicatesSeed("consistency", id), design: { endpoint: tp }, predictive: { source: "test", draws: [{ parameters: overrides, effects }] } }, { trials: 25 });
      sel.items.forEach((item, j) => {
        if (item.timepoint !== tp) return;
        run.rows!.forEach((r, k) => {
          const a = r.arms.find((x) => x.armId === item.arm)!;
          const expected = { "endpoint-mean": a.meanEndpoint, "endpoint-sd": a.sdEndpoint, "change-mean": a.meanChange, "change-sd": a.sdChange, response: a.responseRate, "loss-of-diagnosis": a.lossOfDiagnosisRate }[item.kind];
          const got = fast[k * sel.items.length + j]!;
          if (expected === null) expect(Number.isNaN(got)).toBe(true);
          else expect(got).toBeCloseTo(expected, 10);
        });
      });
    }
  });
});

describe("synthetic likelihood", () => {
  test("equals the multivariate normal log-density with the replicates' mean and covariance (plus the floors)", () => {
    const rng = stream(createRoot("bsl"), ["x"]);
    const K = 400;
    const sim = new Float64Array(K * 2);
    for (let k = 0; k < K; k++) {
      const a = standardNormal(rng);
      const b = 0.6 * a + 0.8 * standardNormal(rng);
      sim[2 * k] = 3 + 2 * a;
      sim[2 * k + 1] = -1 + b;
    }
    // Independent computation: sample mean, covariance (n - 1), add floors, closed-form 2-D normal density.
    let m0 = 0, m1 = 0;
    for (let k = 0; k < K; k++) {
      m0 += sim[2 * k]!;
      m1 += sim[2 * k + 1]!;
    }
    m0 /= K;
    m1 /= K;
    let s00 = 0, s01 = 0, s11 = 0;
    for (let k = 0; k < K; k++) {
      const a = sim[2 * k]! - m0;
      const b = sim[2 * k + 1]! - m1;
      s00 += a * a;
      s01 += a * b;
      s11 += b * b;
    }
    const floors = [0.01, 0.02];
    s00 = s00 / (K - 1) + floors[0]!;
    s11 = s11 / (K - 1) + floors[1]!;
    s01 /= K - 1;
    const obs = [4, -0.5];
    const det = s00 * s11 - s01 * s01;
    const dx = obs[0]! - m0;
    const dy = obs[1]! - m1;
    const quad = (s11 * dx * dx - 2 * s01 * dx * dy + s00 * dy * dy) / det;
    const expected = -0.5 * (quad + Math.log(det) + 2 * Math.log(2 * Math.PI));
    expect(syntheticLogLikelihood(obs, sim, K, floors).logLikelihood).toBeCloseTo(expected, 10);
  });
  test("drops replicates with a missing summary and uses the rest", () => {
    const good = [1, 2, 2, 3, 1.5, 1, 3, 2.5, 0.5, 1.5];
    const withNaN = Float64Array.from([...good.slice(0, 4), Number.NaN, 7, ...good.slice(4)]);
    const a = syntheticLogLikelihood([1, 1], withNaN, 6, [0.01, 0.01]).logLikelihood;
    expect(Number.isFinite(a)).toBe(true);
    expect(a).toBe(syntheticLogLikelihood([1, 1], Float64Array.from(good), 5, [0.01, 0.01]).logLikelihood);
  });
  test("is -Infinity with too few usable replicates, rather than a number that means nothing", () => {
    const sim = Float64Array.from([1, Number.NaN, 2, 3, 1, 1]);
    expect(syntheticLogLikelihood([1, 1], sim, 3, [0, 0]).logLikelihood).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe("adaptive Metropolis", () => {
  test("recovers a correlated normal target's mean and covariance within Monte Carlo error", () => {
    // Target: N((1, -2), [[1, 0.8·1·2], [0.8·1·2, 4]]).
    const logp = (x: Float64Array) => {
      const a = x[0]! - 1;
      const b = (x[1]! + 2) / 2;
      return (-0.5 * (a * a - 1.6 * a * b + b * b)) / (1 - 0.64);
    };
    const chains = [0, 1, 2].map((c) => adaptiveMetropolis(stream(createRoot("am"), ["c", c]), logp, Float64Array.from([5 * (c - 1), 3]), { iterations: 40_000, burnIn: 5_000, thin: 5, initialScale: 0.5 }));
    const xs = chains.flatMap((c) => c.draws.map((d) => d[0]!));
    const ys = chains.flatMap((c) => c.draws.map((d) => d[1]!));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const ess = effectiveSampleSize(chains.map((c) => c.draws.map((d) => d[0]!)));
    expect(ess).toBeGreaterThan(1000);
    expect(Math.abs(mean(xs) - 1)).toBeLessThan(5 / Math.sqrt(ess));
    expect(Math.abs(mean(ys) + 2)).toBeLessThan(10 / Math.sqrt(ess));
    const mx = mean(xs);
    const my = mean(ys);
    const cov = mean(xs.map((x, i) => (x - mx) * (ys[i]! - my)));
    expect(cov).toBeCloseTo(1.6, 0);
    expect(splitRhat(chains.map((c) => c.draws.map((d) => d[0]!)))).toBeLessThan(1.01);
    for (const c of chains) {
      expect(c.acceptanceRate).toBeGreaterThan(0.15);
      expect(c.acceptanceRate).toBeLessThan(0.6);
    }
  });
  test("split-R-hat flags chains that disagree; ESS of independent draws is about their number", () => {
    const rng = stream(createRoot("rhat"), ["r"]);
    const iid = () => Array.from({ length: 2000 }, () => standardNormal(rng));
    expect(splitRhat([iid(), iid()])).toBeLessThan(1.01);
    expect(splitRhat([iid(), iid().map((v) => v + 3)])).toBeGreaterThan(1.5);
    const ess = effectiveSampleSize([iid(), iid()]);
    expect(ess).toBeGreaterThan(3000);
    expect(ess).toBeLessThan(5500);
  });
});

describe("priors and parameter maps", () => {
  test("the non-centred trial effects are tau times z, and parameters are the exponentials of the globals (the values themselves for a normal prior, their absolute values for a folded one)", () => {
    const x = priorCentre(2);
    expect(x.length).toBe(dimension(2));
    x[GLOBAL_PRIORS.length] = 1.5;
    x[GLOBAL_PRIORS.length + 3] = -2;
    const tau = (key: string) => {
      const i = GLOBAL_PRIORS.findIndex((p) => p.key === key);
      return FOLDED[i] ? Math.abs(x[i]!) : Math.exp(x[i]!);
    };
    const tauT = tau("efficacy.trialTherapyLogSd");
    const tauD = tau("efficacy.trialDrugLogSd");
    expect(effectsOf(x, 0).therapyLog).toBeCloseTo(1.5 * tauT, 14);
    expect(effectsOf(x, 1).drugLog).toBeCloseTo(PARAMETRIZATION.centredDrugEffects ? -2 : -2 * tauD, 14);
    const p = parametersOf(x, reference);
    const values = globalsOf(x);
    GLOBAL_PRIORS.forEach((g, i) => expect(p[g.key]).toBe(values[i]));
    // The drug effect's coordinate is its log at the reference exposure: θ_D·Emax(AUC_ref).
    const ref = PARAMETRIZATION.drugEffectAtReferenceAuc;
    const emax = ref ** p["efficacy.hill"] / (ref ** p["efficacy.hill"] + p["efficacy.ec50AucNgHPerMl"] ** p["efficacy.hill"]);
    expect(Math.log(p["efficacy.drugEffectPerSession"] * emax)).toBeCloseTo(x[GLOBAL_PRIORS.findIndex((g) => g.key === "efficacy.drugEffectPerSession")]!, 12);
    GLOBAL_PRIORS.forEach((g, i) => {
      if (g.key !== "efficacy.drugEffectPerSession") expect(p[g.key]).toBeCloseTo(g.kind === "normal" ? x[i]! : FOLDED[i] ? Math.abs(x[i]!) : Math.exp(x[i]!), 12);
    });
    expect(Number.isFinite(logPrior(x, 2))).toBe(true);
  });
  test("sampling the prior alone gives the stated marginals (log-normal medians, half-normal quantiles: checks the Jacobian)", () => {
    const chain = adaptiveMetropolis(stream(createRoot("prior-only"), ["p"]), (x) => logPrior(x, 1), priorCentre(1), { iterations: 120_000, burnIn: 20_000, thin: 10, initialScale: 0.5 });
    GLOBAL_PRIORS.forEach((p, i) => {
      const v = chain.draws.map((d) => globalsOf(d)[i]!).sort((a, b) => a - b);
      const q = (f: number) => v[Math.floor(f * (v.length - 1))]!;
      if (p.kind === "normal") {
        expect(Math.abs(q(0.5) - p.mu), p.key).toBeLessThan(0.15 * p.sd);
        expect(Math.abs(q(0.9) - (p.mu + 1.2816 * p.sd)), p.key).toBeLessThan(0.2 * p.sd);
      } else if (p.kind === "lognormal") {
        expect(Math.abs(Math.log(q(0.5)) - p.mu), p.key).toBeLessThan(0.15 * p.sd);
        expect(Math.abs(Math.log(q(0.9)) - (p.mu + 1.2816 * p.sd)), p.key).toBeLessThan(0.2 * p.sd);
      } else {
        // Half-normal(σ): median 0.6745σ, 90th percentile 1.6449σ.
        expect(q(0.5) / (0.6745 * p.sd), p.key).toBeGreaterThan(0.85);
        expect(q(0.5) / (0.6745 * p.sd), p.key).toBeLessThan(1.15);
        expect(q(0.9) / (1.6449 * p.sd), p.key).toBeGreaterThan(0.85);
        expect(q(0.9) / (1.6449 * p.sd), p.key).toBeLessThan(1.15);
      }
    });
  });
});
