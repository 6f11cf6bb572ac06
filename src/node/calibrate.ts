/** Calibration with its MCMC chains on worker threads (same result as on one thread, faster). */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { calibrate, DEFAULT_CALIBRATION_SEED, DEFAULT_SETTINGS, type CalibrationOptions, type CalibrationResult, type CalibrationSettings } from "../calibration/calibrate.js";
import type { ChainBatchControl, ChainJob, ChainOutput, ChainRunner } from "../calibration/chains.js";
import { calibrationShard, type CalibrationShard } from "../calibration/shards.js";
import type { TargetSet } from "../calibration/targets.js";
import type { Seed } from "../random/rng.js";
import type { ShardSpec } from "../shard.js";
import { ValidationError } from "../errors.js";
import { workerCountIssues } from "./pool.js";
import { stopAndProgressIssues } from "../trial/engine.js";

/**
 * calibrate's options (seed, settings, progress callback, AbortSignal) with the number of worker
 * threads for the MCMC chains and whether more than the machine's available parallelism are
 * allowed. calibrateParallel and calibrationShardParallel take it.
 */
export interface ParallelCalibrationOptions extends CalibrationOptions {
  /** Worker threads for the chains (default and most: the machine's available parallelism; see forceWorkers). */
  readonly workers?: number;
  /** Allow more workers than the machine's available parallelism (up to WORKER_COUNT_BOUNDS.forced.max). */
  readonly forceWorkers?: boolean;
}

/** The chains' worker count, checked as a pool's is, with the other options (one ValidationError listing every problem, before anything runs). */
function chainWorkerCount(options: ParallelCalibrationOptions): number {
  const workers = options.workers ?? availableParallelism();
  const issues = [...workerCountIssues(workers, options.forceWorkers === true), ...stopAndProgressIssues(options.signal, options.onProgress)];
  if (issues.length) throw new ValidationError("calibration options", issues);
  return workers;
}

/** The message a calibration's chains end with when its signal fires (the calibration turns it into its AbortError). */
const STOPPED = "calibration stopped: its worker threads were ended";

/**
 * A chain runner that spreads chain jobs over `count` worker threads (each rebuilds the prepared
 * trials once). When the batch's signal fires, the workers are ended at once.
 */
function workerChainRunner(targets: TargetSet, seed: Seed, settings: CalibrationSettings, count: number): ChainRunner {
  return async (jobs: readonly ChainJob[], control: ChainBatchControl = {}): Promise<ChainOutput[]> => {
    const { signal } = control;
    if (signal?.aborted) throw new Error(STOPPED);
    const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type"));
    const workers = Array.from({ length: Math.min(count, jobs.length) }, () => new Worker(new URL("./calibration-worker.js", import.meta.url), { execArgv }));
    const results: ChainOutput[] = new Array(jobs.length);
    let next = 0;
    let done = 0;
    let onAbort: (() => void) | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        onAbort = () => reject(new Error(STOPPED));
        signal?.addEventListener("abort", onAbort, { once: true });
        const send = (w: Worker) => {
          if (next >= jobs.length) return;
          const id = next++;
          w.postMessage({ id, targets, seed, settings, job: jobs[id] });
        };
        for (const w of workers) {
          w.on("message", (msg: { id: number; output?: ChainOutput; error?: string }) => {
            if (msg.error) return reject(new Error(`calibration worker: ${msg.error}`));
            results[msg.id] = msg.output!;
            done++;
            control.jobDone?.(msg.id);
            if (done === jobs.length) resolve();
            else send(w);
          });
          w.on("error", reject);
          send(w);
        }
      });
    } finally {
      if (onAbort) signal?.removeEventListener("abort", onAbort);
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return results;
  };
}

/** Calibrate to published results with the MCMC chains on worker threads (same result as `calibrate`, bit for bit). */
export async function calibrateParallel(targets: TargetSet, options: ParallelCalibrationOptions = {}): Promise<CalibrationResult> {
  const seed = options.seed ?? DEFAULT_CALIBRATION_SEED;
  const settings = { ...DEFAULT_SETTINGS, ...(options.settings ?? {}) };
  const runChains = workerChainRunner(targets, seed, settings, chainWorkerCount(options));
  return calibrate(targets, { ...options, runChains });
}

/** Shard `shard` of a calibration with its chains on worker threads (merge the shards with mergeCalibrationShards). */
export async function calibrationShardParallel(targets: TargetSet, shard: ShardSpec, options: ParallelCalibrationOptions = {}): Promise<CalibrationShard> {
  const seed = options.seed ?? DEFAULT_CALIBRATION_SEED;
  const settings = { ...DEFAULT_SETTINGS, ...(options.settings ?? {}) };
  const runChains = workerChainRunner(targets, seed, settings, chainWorkerCount(options));
  return calibrationShard(targets, shard, { ...options, runChains });
}
