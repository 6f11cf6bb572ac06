/**
 * The fuzz suite's seed and budgets, shared by its slow tests. The seed is fixed so that every CI
 * run tries the same inputs (a failure reproduces from the log alone); FUZZ_SEED=<integer>
 * explores others. The budgets catch a hang or a blow-up, not slowness: the time budget per
 * input is some fifty times the slowest input seen on a 2-core machine, and the memory budget is
 * the peak RSS of the test process.
 */

/** Default seed of every fuzz run (the date the fixed seed was chosen); FUZZ_SEED overrides it. */
export const DEFAULT_FUZZ_SEED = 20261202;

function seedFromEnvironment(text: string | undefined): number {
  if (text === undefined || text === "") return DEFAULT_FUZZ_SEED;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(text)}`);
  return seed;
}

export const FUZZ_SEED = seedFromEnvironment(process.env.FUZZ_SEED);

/** Longest one input's validation (or check without simulation) may take. */
export const INPUT_TIME_BUDGET_MS = 10_000;

/** Longest one brief simulation of a valid input may take. */
export const SIMULATION_TIME_BUDGET_MS = 60_000;

/** Highest peak RSS of a fuzz test's process. */
export const MEMORY_BUDGET_MB = 1500;

/** Peak resident set size of this process so far, in MB (maxRSS is in kB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
