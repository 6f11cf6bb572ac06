/**
 * The corpus of past crashes: every reproduction of issue 12 (and any input a fuzz run finds
 * later: add it here with the issue or run that found it), kept as fixed regression inputs.
 * Each case builds its input (large ones are generated, not stored) and says what must happen:
 * a valid input, or a ValidationError whose issues include the given paths. The fuzz suite runs
 * them first; test/fuzz/regressions.test.ts runs them in the default tier.
 */
import { presetInput } from "../../src/engine.js";
import { readJsonFile } from "../../src/node/files.js";

export interface CorpusCase {
  readonly id: string;
  /** Where it was found: "issue 12 item N" or a fuzz run's seed. */
  readonly found: string;
  readonly input: () => unknown;
  /** "valid", or paths (regular expressions) that must be among the ValidationError's issues. */
  readonly expect: "valid" | readonly RegExp[];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function mp1(edit: (p: Json) => void): () => unknown {
  return () => {
    const p = presetInput("mp1") as Json;
    edit(p);
    return p;
  };
}

function deep(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { x: [v] };
  return v;
}

export const PROTOCOL_CASES: readonly CorpusCase[] = [
  { id: "deep-nesting-4100", found: "issue 12 item 1", input: mp1((p) => (p.schedule.assessments[1].label = deep(2050))), expect: [/^schedule\.assessments\[1\]\.label/] },
  { id: "preparatory-123k", found: "issue 12 item 2", input: mp1((p) => (p.schedule.preparatory = Array.from({ length: 123_000 }, (_, i) => ({ day: 1 + (i % 20), durationMin: 90 })))), expect: [/^schedule\.preparatory$/] },
  { id: "arms-61k", found: "issue 12 item 2", input: mp1((p) => (p.arms = Array.from({ length: 61_000 }, (_, i) => ({ ...p.arms[1], id: `a${i}` })))), expect: [/^arms$/] },
  { id: "invalid-arms-16k", found: "issue 12 item 3 (quadratic validation)", input: mp1((p) => (p.arms = Array.from({ length: 16_000 }, (_, i) => ({ id: `a${i}`, allocation: -1 })))), expect: [/^arms$/] },
  { id: "planned-n-1e11", found: "issue 12 item 4", input: mp1((p) => (p.arms[0].plannedN = 99_999_999_999)), expect: [/^arms\[0\]\.plannedN$/] },
  { id: "mean-age-9e15", found: "issue 12 item 4", input: mp1((p) => (p.population.ageYears.mean = 9e15)), expect: [/^population\.ageYears\.mean$/] },
  { id: "assessment-day-1e15", found: "issue 12 item 4", input: mp1((p) => (p.schedule.assessments[3].day = 1e15)), expect: [/^schedule\.assessments\[3\]\.day$/] },
  { id: "allocation-1e15", found: "issue 12 item 4", input: mp1((p) => (p.arms[0].allocation = 1e15)), expect: [/^arms\[0\]\.allocation$/] },
  { id: "duration-5e-324", found: "issue 12 item 4", input: mp1((p) => (p.schedule.preparatory[0].durationMin = 5e-324)), expect: [/^schedule\.preparatory\[0\]\.durationMin$/] },
  { id: "readings-20800", found: "issue 12 item 4", input: mp1((p) => (p.sessionRules.vitals.bloodPressureAndHeartRateH = Array.from({ length: 20_800 }, (_, i) => (i * 8) / 20_800))), expect: [/^sessionRules\.vitals\.bloodPressureAndHeartRateH$/] },
  { id: "repeat-every-1e-9-min", found: "issue 12 item 8", input: mp1((p) => Object.assign(p.sessionRules.thresholds[0], { above: 90, repeatAfterMin: 1e-9 })), expect: [/^sessionRules\.thresholds\[0\]\.repeatAfterMin$/] },
  { id: "mean-age-1e9", found: "issue 12 item 11", input: mp1((p) => (p.population.ageYears.mean = 1e9)), expect: [/^population\.ageYears\.mean$/] },
  { id: "baseline-sd-infeasible", found: "issue 12 item 11", input: mp1((p) => (p.population.baselineScore = { mean: 51, sd: 60 })), expect: [/^population\.baselineScore\.sd$/] },
  { id: "fractional-entry-score", found: "issue 12 item 12", input: mp1((p) => (p.eligibility.minimumBaselineScore = 50.3)), expect: [/^eligibility\.minimumBaselineScore$/] },
  { id: "proto-key", found: "issue 12 (prototype pollution probe)", input: () => JSON.parse(JSON.stringify(presetInput("mp1")).replace('"id":"mp1"', '"id":"mp1","__proto__":{"polluted":true}')), expect: [/__proto__/] },
  { id: "preset-mp1", found: "baseline: a valid preset stays valid", input: () => presetInput("mp1"), expect: "valid" },
];

type Published = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function published(file: string, edit: (p: Published) => void): () => unknown {
  return () => {
    const p = readJsonFile(`examples/checks/${file}.json`) as Published;
    edit(p);
    return p;
  };
}

export const PUBLISHED_CASES: readonly CorpusCase[] = [
  { id: "grim-past-2^53", found: "issue 12 item 5", input: published("mp1", (p) => Object.assign(p.arms[0], { n: 10, endpoint: { mean: 1e15, sd: 10 } })), expect: [/^arms\[0\]\.endpoint\.mean$/] },
  {
    id: "n-1-with-preset",
    found: "issue 12 item 6",
    input: () => ({ design: { preset: "mp1" }, arms: [{ id: "mdma", role: "treatment", n: 1, endpoint: { mean: 25.5, sd: 20 } }, { id: "placebo", role: "control", n: 8, endpoint: { mean: 59.1, sd: 26 } }] }),
    expect: "valid",
  },
  { id: "sd-1e200", found: "issue 12 item 7", input: published("mp8", (p) => (p.arms[0].change.sd = 1e200)), expect: [/^arms\[0\]\.change\.sd$/] },
  { id: "assumed-difference-0", found: "issue 12 item 7", input: published("mp8", (p) => (p.assumedTrueEffect = { difference: 0 })), expect: "valid" },
  { id: "n-100000", found: "issue 12 item 10", input: published("mp2", (p) => (p.arms[0].n = 100_000)), expect: [/^arms\[0\]\.n$/] },
  { id: "bad-timepoint", found: "issue 12 item 11", input: published("mp1", (p) => (p.design.timepoint = "month-99")), expect: [/^design\.timepoint$/] },
  { id: "deep-nesting", found: "issue 12 item 1", input: published("mp1", (p) => (p.citation = deep(2050))), expect: [/^citation/] },
  { id: "arms-61k", found: "issue 12 item 2", input: published("mp1", (p) => (p.arms = Array.from({ length: 61_000 }, (_, i) => ({ ...p.arms[1], id: `a${i}` })))), expect: [/^arms$/] },
  // Shrunk by fast-check: the expectancy-sensitivity curve held Infinity (exp of a log-ratio of 748).
  { id: "baseline-mean-5e-324", found: "fuzz published results, FUZZ_SEED=1 (run 1406)", input: published("mp12", (p) => (p.arms[1].baseline.mean = 5e-324)), expect: "valid" },
];

/** Run options and seeds of issue 12 item 13: each a ValidationError naming the option. */
export const RUN_OPTION_CASES: readonly { readonly id: string; readonly options: Record<string, unknown>; readonly seed: unknown; readonly path: RegExp }[] = [
  { id: "chunk-size-0", options: { trials: 20, chunkSize: 0 }, seed: 1, path: /^chunkSize$/ },
  { id: "chunk-size-0.5", options: { trials: 20, chunkSize: 0.5 }, seed: 1, path: /^chunkSize$/ },
  { id: "chunk-size-NaN", options: { trials: 20, chunkSize: Number.NaN }, seed: 1, path: /^chunkSize$/ },
  { id: "seed-NaN", options: { trials: 2 }, seed: Number.NaN, path: /^seed/ },
  { id: "seed-1.5", options: { trials: 2 }, seed: 1.5, path: /^seed/ },
  { id: "seed-object", options: { trials: 2 }, seed: {}, path: /^seed/ },
];
