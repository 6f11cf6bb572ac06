/**
 * Fuzz (issue 12): at least 10,000 mutated protocols per run, each ending in a valid protocol
 * or a ValidationError with paths (never another exception, a stack overflow or a hang), and a
 * sample of the valid ones simulated briefly to a result without NaN or Infinity. Budgets
 * (budget.ts): a per-input time far above any normal input (it catches a hang-like input, it
 * does not measure speed), the test's timeout for the whole run, and the peak RSS. The seed is
 * fixed so CI is deterministic and is printed; FUZZ_SEED=... explores other inputs,
 * FUZZ_PROTOCOLS=... changes the count. A failing input is shrunk by fast-check and belongs in
 * corpus.ts afterwards.
 */
import { expect, test } from "vitest";
import fc from "fast-check";
import { PRESET_IDS, presetInput } from "../../src/engine.js";
import { applyMutations, mutation } from "./mutate.js";
import { protocolOutcome, simulateBriefly } from "./outcomes.js";
import { PROTOCOL_CASES } from "./corpus.js";
import { FUZZ_SEED, INPUT_TIME_BUDGET_MS, MEMORY_BUDGET_MB, SIMULATION_TIME_BUDGET_MS, peakRssMb } from "./budget.js";

const RUNS = Number(process.env.FUZZ_PROTOCOLS ?? 10_000);
const SIMULATE_EVERY = 25;

test(`${RUNS} mutated protocols: valid, or a ValidationError with paths; valid ones simulate`, () => {
  const bases = Object.fromEntries(PRESET_IDS.map((id) => [id, presetInput(id)]));
  const stats = { inputs: 0, valid: 0, invalid: 0, simulated: 0, simulatedInvalid: 0, slowestMs: 0, slowestSimulatedMs: 0, corpus: PROTOCOL_CASES.length };
  const started = Date.now();
  for (const c of PROTOCOL_CASES) protocolOutcome(c.input());
  fc.assert(
    fc.property(fc.constantFrom(...PRESET_IDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (id, mutations) => {
      const input = applyMutations(bases[id], mutations);
      const t0 = Date.now();
      const r = protocolOutcome(input);
      const ms = Date.now() - t0;
      stats.inputs++;
      stats[r.outcome]++;
      stats.slowestMs = Math.max(stats.slowestMs, ms);
      expect(ms, "one input's validation took longer than its budget").toBeLessThan(INPUT_TIME_BUDGET_MS);
      if (r.protocol && stats.valid % SIMULATE_EVERY === 0) {
        const t1 = Date.now();
        stats.simulated++;
        if (simulateBriefly(r.protocol, stats.inputs) === "invalid") stats.simulatedInvalid++;
        const simulatedMs = Date.now() - t1;
        stats.slowestSimulatedMs = Math.max(stats.slowestSimulatedMs, simulatedMs);
        expect(simulatedMs, "one input's brief simulation took longer than its budget").toBeLessThan(SIMULATION_TIME_BUDGET_MS);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }),
    { numRuns: RUNS, seed: FUZZ_SEED },
  );
  const rss = peakRssMb();
  console.log(`fuzz protocols (seed ${FUZZ_SEED}): ${JSON.stringify({ ...stats, seconds: (Date.now() - started) / 1000, peakRssMb: Math.round(rss) })}`);
  expect(stats.inputs).toBeGreaterThanOrEqual(RUNS);
  expect(stats.invalid).toBeGreaterThan(0);
  expect(stats.valid).toBeGreaterThan(0);
  expect(rss).toBeLessThan(MEMORY_BUDGET_MB);
}, 900_000);
