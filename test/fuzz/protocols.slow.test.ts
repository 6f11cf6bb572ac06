/**
 * Fuzz (issue 12): at least 10,000 mutated protocols per run, each ending in a valid protocol
 * or a ValidationError with paths (never another exception, a stack overflow or a hang), and a
 * sample of the valid ones simulated briefly to a result without NaN or Infinity. The time
 * budget is the test's timeout; the memory budget is checked on the peak RSS. The run's seed is
 * printed (FUZZ_SEED=... reruns it); a failing input is shrunk by fast-check and belongs in
 * corpus.ts afterwards.
 */
import { expect, test } from "vitest";
import fc from "fast-check";
import { PRESET_IDS, presetInput } from "../../src/engine.js";
import { applyMutations, mutation } from "./mutate.js";
import { protocolOutcome, simulateBriefly } from "./outcomes.js";
import { PROTOCOL_CASES } from "./corpus.js";

const RUNS = Number(process.env.FUZZ_PROTOCOLS ?? 10_000);
const SIMULATE_EVERY = 25;
const MEMORY_BUDGET_MB = 1500;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

test(`${RUNS} mutated protocols: valid, or a ValidationError with paths; valid ones simulate`, () => {
  const bases = Object.fromEntries(PRESET_IDS.map((id) => [id, presetInput(id)]));
  const stats = { inputs: 0, valid: 0, invalid: 0, simulated: 0, simulatedInvalid: 0, slowestMs: 0, corpus: PROTOCOL_CASES.length };
  const started = Date.now();
  for (const c of PROTOCOL_CASES) protocolOutcome(c.input());
  fc.assert(
    fc.property(fc.constantFrom(...PRESET_IDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (id, mutations) => {
      const input = applyMutations(bases[id], mutations);
      const t0 = Date.now();
      const r = protocolOutcome(input);
      stats.inputs++;
      stats[r.outcome]++;
      if (r.protocol && stats.valid % SIMULATE_EVERY === 0) {
        stats.simulated++;
        if (simulateBriefly(r.protocol, stats.inputs) === "invalid") stats.simulatedInvalid++;
      }
      stats.slowestMs = Math.max(stats.slowestMs, Date.now() - t0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }),
    { numRuns: RUNS, seed: SEED },
  );
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`fuzz protocols (seed ${SEED}): ${JSON.stringify({ ...stats, seconds: (Date.now() - started) / 1000, peakRssMb: Math.round(peakRssMb) })}`);
  expect(stats.inputs).toBeGreaterThanOrEqual(RUNS);
  expect(stats.invalid).toBeGreaterThan(0);
  expect(stats.valid).toBeGreaterThan(0);
  expect(peakRssMb).toBeLessThan(MEMORY_BUDGET_MB);
}, 900_000);
