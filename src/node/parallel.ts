/** Parallel versions of the trial runners (worker threads). */
import { runParallel, WorkerPool, type ParallelOptions } from "./pool.js";
export { WorkerPool } from "./pool.js";
import { protocolTask, protocolRunResult, normalRunResult, type ProtocolRunSpec, type NormalRunSpec, type TrialsRun, type NormalRun } from "../trial/api.js";
import type { RunOutcome } from "../trial/engine.js";
import type { SummaryPartial } from "../trial/summary.js";
import type { TrialResult } from "../trial/analyze.js";
import type { NormalPartial, NormalRow } from "../trial/normal.js";
import type { Runner } from "../trial/power-search.js";
import type { ChunkRunner } from "../trial/shards.js";

/** simulateTrials on worker threads: the same result, bit for bit, for any number of workers. */
export async function simulateTrialsParallel(spec: ProtocolRunSpec, options: ParallelOptions): Promise<TrialsRun> {
  const task = protocolTask(spec);
  const outcome = (await runParallel({ ...spec, kind: "protocol" }, options)) as RunOutcome<SummaryPartial, TrialResult>;
  return protocolRunResult(spec, task, outcome, options.trials, options.keepRows ?? true);
}

/** simulateNormalTrials on worker threads. */
export async function simulateNormalTrialsParallel(spec: Omit<NormalRunSpec, "kind">, options: ParallelOptions): Promise<NormalRun> {
  const full: NormalRunSpec = { kind: "normal", ...spec };
  const outcome = (await runParallel(full, options)) as RunOutcome<NormalPartial, NormalRow>;
  return normalRunResult(full, outcome, options.trials, options.keepRows ?? true);
}

/** A Runner for powerCurve / sampleSizeSearch that uses `workers` threads. */
export function parallelRunner(workers?: number): Runner {
  return (spec, options) => simulateTrialsParallel(spec, { ...options, ...(workers ? { workers } : {}) });
}


/** A ChunkRunner (for shards) on a pool's threads: the same chunk results as on this thread. */
export function poolChunkRunner(pool: WorkerPool): ChunkRunner {
  return (spec, chunks, options, accept) => pool.runChunks({ ...spec, kind: "protocol" }, chunks, options, accept as Parameters<WorkerPool["runChunks"]>[3]);
}
