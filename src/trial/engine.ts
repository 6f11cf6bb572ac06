/**
 * The Monte Carlo loop. Trials are cut into fixed-size chunks; each chunk accumulates a partial
 * summary in trial order, and partials are merged in chunk order. Because chunk boundaries do
 * not depend on how many workers run them, results are identical for 1, 2 or 4 workers.
 * Browser-safe: the async runner yields to the event loop between chunks so an AbortSignal
 * and progress reporting work on the main thread too.
 */

export interface ChunkTask<P, R> {
  newPartial(): P;
  /** Simulate trial `t`, add it to `partial`, and return its row when `keepRow` is true. */
  runTrial(t: number, partial: P, keepRow: boolean): R | undefined;
  merge(into: P, from: P): void;
}

export interface Progress {
  readonly completedTrials: number;
  readonly totalTrials: number;
}

export interface RunOptions {
  readonly trials: number;
  /** Trials per chunk (default 50). Part of the result's identity: change it and sums are added in another order. */
  readonly chunkSize?: number;
  /** Keep every trial's row (default true). With false, memory does not grow with the number of trials. */
  readonly keepRows?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

export interface ChunkResult<P, R> {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly partial: P;
  readonly rows: R[];
}

export interface RunOutcome<P, R> {
  readonly partial: P;
  readonly rows: R[];
  readonly completedTrials: number;
  readonly aborted: boolean;
  readonly chunkSize: number;
}

export const DEFAULT_CHUNK_SIZE = 50;

/** Give the event loop a turn (setImmediate where it exists: setTimeout(0) waits at least 1-4 ms). */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise<void>((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

const YIELD_EVERY_MS = 15;

export function chunkBounds(trials: number, chunkSize: number): { index: number; start: number; end: number }[] {
  const out = [];
  for (let i = 0, s = 0; s < trials; i++, s += chunkSize) out.push({ index: i, start: s, end: Math.min(trials, s + chunkSize) });
  return out;
}

export function runChunk<P, R>(task: ChunkTask<P, R>, index: number, start: number, end: number, keepRows: boolean): ChunkResult<P, R> {
  const partial = task.newPartial();
  const rows: R[] = [];
  for (let t = start; t < end; t++) {
    const row = task.runTrial(t, partial, keepRows);
    if (keepRows && row !== undefined) rows.push(row);
  }
  return { index, start, end, partial, rows };
}

/** Merge chunk results in chunk order (they may arrive in any order). */
export function mergeChunks<P, R>(task: ChunkTask<P, R>, chunks: readonly ChunkResult<P, R>[]): { partial: P; rows: R[]; completedTrials: number } {
  const sorted = [...chunks].sort((a, b) => a.index - b.index);
  const partial = task.newPartial();
  const rows: R[] = [];
  let completed = 0;
  for (const c of sorted) {
    task.merge(partial, c.partial);
    for (const r of c.rows) rows.push(r);
    completed += c.end - c.start;
  }
  return { partial, rows, completedTrials: completed };
}

/** Run every chunk on this thread, yielding between chunks. */
export async function runChunksAsync<P, R>(task: ChunkTask<P, R>, options: RunOptions): Promise<RunOutcome<P, R>> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const keepRows = options.keepRows ?? true;
  const partial = task.newPartial();
  const rows: R[] = [];
  let completed = 0;
  let aborted = false;
  let lastYield = Date.now();
  for (const b of chunkBounds(options.trials, chunkSize)) {
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    const c = runChunk(task, b.index, b.start, b.end, keepRows);
    task.merge(partial, c.partial);
    for (const r of c.rows) rows.push(r);
    completed += c.end - c.start;
    options.onProgress?.({ completedTrials: completed, totalTrials: options.trials });
    // Yield when a chunk boundary comes after enough work, so an abort or a UI update can get in.
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  return { partial, rows, completedTrials: completed, aborted, chunkSize };
}

/** The same, synchronously (no abort, no yielding): for small runs and scripts. */
export function runChunksSync<P, R>(task: ChunkTask<P, R>, options: Omit<RunOptions, "signal">): RunOutcome<P, R> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const keepRows = options.keepRows ?? true;
  const partial = task.newPartial();
  const rows: R[] = [];
  let completed = 0;
  for (const b of chunkBounds(options.trials, chunkSize)) {
    const c = runChunk(task, b.index, b.start, b.end, keepRows);
    task.merge(partial, c.partial);
    for (const r of c.rows) rows.push(r);
    completed += c.end - c.start;
    options.onProgress?.({ completedTrials: completed, totalTrials: options.trials });
  }
  return { partial, rows, completedTrials: completed, aborted: false, chunkSize };
}
