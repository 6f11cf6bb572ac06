/**
 * Every kind of run as plain data (what worker threads and shards receive), the chunk task each
 * kind builds, and the ChunkRunner that runs listed chunks on this thread.
 */
import { protocolTask, type NormalRunSpec, type ProtocolRunSpec } from "./api.js";
import { normalTask } from "./normal.js";
import { powerGridTask, type PowerGridRunSpec } from "./power-grid.js";
import { runChunkListAsync, type ChunkBounds, type ChunkListOptions, type ChunkResult, type ChunkTask } from "./engine.js";

/** A run of any kind: a protocol's trials, the textbook normal trial, or a power curve's grid. */
export type RunSpec = ProtocolRunSpec | NormalRunSpec | PowerGridRunSpec;

/** The chunk task of a run of any kind (what worker threads build from a plain-data spec). */
export function buildTask(spec: RunSpec): ChunkTask<unknown, unknown> {
  if (spec.kind === "normal") return normalTask(spec.scenario, spec.seed) as unknown as ChunkTask<unknown, unknown>;
  if (spec.kind === "power-grid") return powerGridTask(spec) as unknown as ChunkTask<unknown, unknown>;
  return protocolTask(spec) as unknown as ChunkTask<unknown, unknown>;
}

/**
 * Runs a run's listed chunks somewhere (this thread, or a worker pool: see mdma-trial-sim/node)
 * and hands each result to `accept` in list order.
 */
export type ChunkRunner = (spec: RunSpec, chunks: readonly ChunkBounds[], options: ChunkListOptions, accept: (c: ChunkResult<unknown, unknown>) => void) => Promise<{ aborted: boolean }>;

/** The ChunkRunner on this thread. */
export const localChunkRunner: ChunkRunner = (spec, chunks, options, accept) => runChunkListAsync(buildTask(spec), chunks, options, accept);
