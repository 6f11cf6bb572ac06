/**
 * Fuzz (issue 12): at least 5,000 mutated published-result files per run (the bases are the
 * files in examples/checks), each ending in a check report without NaN or Infinity in its JSON,
 * or a ValidationError with paths (never another exception, a stack overflow or a hang). The
 * check runs without its simulation, except for a sample of the valid files, which are checked
 * with the fewest simulated trials allowed (100). Budgets: a per-input time far above any normal
 * input (it catches a hang-like input, it does not measure speed), the test's timeout for the
 * whole run, and the peak RSS. The seed is fixed so CI is deterministic and is printed;
 * FUZZ_SEED=... explores other inputs, FUZZ_PUBLISHED=... changes the count. A failing input
 * is shrunk by fast-check and belongs in corpus.ts (PUBLISHED_CASES) once fixed.
 */
import { readdirSync } from "node:fs";
import { expect, test } from "vitest";
import fc from "fast-check";
import { readJsonFile } from "../../src/node/files.js";
import { applyMutations, mutation } from "./mutate.js";
import { publishedOutcome } from "./outcomes.js";
import { PUBLISHED_CASES } from "./corpus.js";
import { FUZZ_SEED, INPUT_TIME_BUDGET_MS, MEMORY_BUDGET_MB, SIMULATION_TIME_BUDGET_MS, peakRssMb } from "./budget.js";

const RUNS = Number(process.env.FUZZ_PUBLISHED ?? 5_000);
/** Every this many valid files, one is checked with its simulation (100 trials, about 1-3 s each). */
const SIMULATE_EVERY = 30;
const SIMULATED_TRIALS = 100;
/** Largest file (participants over all arms) simulated: the cost grows with n, and a 1000-per-arm file would take minutes. */
const SIMULATED_MAX_PARTICIPANTS = 400;

/** Participants over the arms of a (valid) published result. */
function participants(input: unknown): number {
  const arms = (input as { arms: { n: number }[] }).arms;
  return arms.reduce((sum, arm) => sum + arm.n, 0);
}

const BASE_DIR = "examples/checks";
const BASES: Readonly<Record<string, unknown>> = Object.fromEntries(
  readdirSync(BASE_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, readJsonFile(`${BASE_DIR}/${f}`)]),
);

test(`${RUNS} mutated published results: a report without NaN, or a ValidationError with paths`, async () => {
  const stats = { inputs: 0, valid: 0, invalid: 0, simulated: 0, slowestMs: 0, slowestSimulatedMs: 0, corpus: PUBLISHED_CASES.length, bases: Object.keys(BASES).length };
  const started = Date.now();
  for (const c of PUBLISHED_CASES) await publishedOutcome(c.input());
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(BASES)), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (file, mutations) => {
      const input = applyMutations(BASES[file], mutations);
      const t0 = Date.now();
      const r = await publishedOutcome(input);
      const ms = Date.now() - t0;
      stats.inputs++;
      stats[r.outcome]++;
      stats.slowestMs = Math.max(stats.slowestMs, ms);
      expect(ms, "one input's check (without simulation) took longer than its budget").toBeLessThan(INPUT_TIME_BUDGET_MS);
      if (r.outcome === "valid" && stats.valid % SIMULATE_EVERY === 0 && participants(input) <= SIMULATED_MAX_PARTICIPANTS) {
        const t1 = Date.now();
        await publishedOutcome(input, SIMULATED_TRIALS);
        const simulatedMs = Date.now() - t1;
        stats.simulated++;
        stats.slowestSimulatedMs = Math.max(stats.slowestSimulatedMs, simulatedMs);
        expect(simulatedMs, "one input's check with 100 simulated trials took longer than its budget").toBeLessThan(SIMULATION_TIME_BUDGET_MS);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }),
    { numRuns: RUNS, seed: FUZZ_SEED },
  );
  const rss = peakRssMb();
  console.log(`fuzz published results (seed ${FUZZ_SEED}): ${JSON.stringify({ ...stats, seconds: (Date.now() - started) / 1000, peakRssMb: Math.round(rss) })}`);
  expect(stats.inputs).toBeGreaterThanOrEqual(RUNS);
  expect(stats.invalid).toBeGreaterThan(0);
  expect(stats.valid).toBeGreaterThan(0);
  expect(rss).toBeLessThan(MEMORY_BUDGET_MB);
}, 900_000);
