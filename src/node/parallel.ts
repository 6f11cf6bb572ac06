/** Parallel versions of the trial runners (worker threads). */
import { runParallel, WorkerPool, type ParallelOptions } from "./pool.js";
export { WorkerPool } from "./pool.js";
import { protocolTask, protocolRunResult, normalRunResult, type ProtocolRunSpec, type NormalRunSpec, type TrialsRun, type NormalRun } from "../trial/api.js";
import type { RunOptions, RunOutcome } from "../trial/engine.js";
import type { SummaryPartial } from "../trial/summary.js";
import type { TrialResult } from "../trial/analyze.js";
import type { NormalPartial, NormalRow } from "../trial/normal.js";
import type { Runner } from "../trial/power-search.js";
import type { ChunkRunner } from "../trial/tasks.js";

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

/**
 * A Runner for powerCurve / sampleSizeSearch / forecastTrial that starts `workers` threads for
 * each run (a pool per call: for many runs, poolRunner keeps one pool).
 */
export function parallelRunner(workers?: number): Runner {
  const poolOptions = workers ? { workers } : {};
  const chunkRunner: ChunkRunner = async (spec, chunks, options, accept) => {
    const pool = new WorkerPool(poolOptions);
    try {
      return await pool.runChunks(spec, chunks, options, accept);
    } finally {
      await pool.close();
    }
  };
  return Object.assign((spec: ProtocolRunSpec, options: RunOptions) => simulateTrialsParallel(spec, { ...options, ...poolOptions }), { chunkRunner });
}

/** A Runner on a pool's threads (started once, kept between runs: close the pool when done). */
export function poolRunner(pool: WorkerPool): Runner {
  return Object.assign((spec: ProtocolRunSpec, options: RunOptions) => simulateTrialsParallel(spec, { ...options, pool }), { chunkRunner: poolChunkRunner(pool) });
}

/** A ChunkRunner (for shards and nested power curves) on a pool's threads: the same chunk results as on this thread. */
export function poolChunkRunner(pool: WorkerPool): ChunkRunner {
  return (spec, chunks, options, accept) => pool.runChunks(spec, chunks, options, accept);
}
