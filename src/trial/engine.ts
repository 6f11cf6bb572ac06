/**
 * The Monte Carlo loop. Trials are cut into fixed-size chunks; each chunk accumulates a partial
 * summary in trial order, and partials are merged in chunk order. Because chunk boundaries do
 * not depend on how many workers (or machines: see shards) run them, results are identical for
 * 1, 2 or 4 workers and for a run split into shards and merged.
 * Browser-safe: the async runner yields to the event loop between chunks so an AbortSignal
 * and progress reporting work on the main thread too.
 */
import { ValidationError, type ValidationIssue } from "../errors.js";

export interface ChunkTask<P, R> {
  newPartial(): P;
  /** Simulate trial `t`, add it to `partial`, and return its row when `keepRow` is true. */
  runTrial(t: number, partial: P, keepRow: boolean): R | undefined;
  merge(into: P, from: P): void;
}

/** How far a run has got, for progress bars: trials done of the total, and an estimate of the time left. */
export interface Progress {
  readonly completedTrials: number;
  readonly totalTrials: number;
  /** Seconds since the run started. */
  readonly elapsedSeconds: number;
  /** Seconds left at the pace so far; null until a first chunk has finished. */
  readonly secondsLeft: number | null;
}

/**
 * How a run of trials is carried out: how many trials, the chunk size, whether every trial's
 * result is kept, and an optional AbortSignal and progress callback. simulateTrials and
 * simulateNormalTrials take it, simulateTrialsSync without `signal`; ForecastOptions and
 * ParallelOptions extend it.
 */
export interface RunOptions {
  /** Trials to simulate (1 to RUN_OPTION_BOUNDS.trials.max). */
  readonly trials: number;
  /** Trials per chunk (default 50). Part of the result's identity: change it and sums are added in another order. */
  readonly chunkSize?: number;
  /** Keep every trial's row (default true). With false, memory does not grow with the number of trials. */
  readonly keepRows?: boolean;
  /** Stops the run at the next chunk boundary; the result then holds the trials completed, with `aborted: true`. */
  readonly signal?: AbortSignal;
  /** Called after each chunk with the trials done, the total and an estimate of the time left. */
  readonly onProgress?: (p: Progress) => void;
}

export interface ChunkBounds {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

export interface ChunkResult<P, R> extends ChunkBounds {
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

/** The plausible range of each run option, with its reason (out of range is a ValidationError). */
export const RUN_OPTION_BOUNDS = {
  trials: {
    min: 1,
    max: 100_000_000,
    reason: "at 10^8 trials the Monte Carlo SE of a power is below 5e-5; the full model runs about 600 MP-1 trials a second per core (BENCHMARKS.md), so 10^8 already takes days",
  },
  chunkSize: {
    min: 1,
    max: 1_000_000,
    reason: "a chunk is the unit of progress, abort and merging; a chunk of more than 10^6 trials would report no progress for minutes",
  },
  keptRows: {
    max: 1_000_000,
    reason: "with keepRows every trial's result stays in memory (about 1-2 KB each for the full model): 10^6 rows is already 1-2 GB; use keepRows: false for larger runs",
  },
} as const;

/**
 * How many worker threads a parallel run may start, with the reasons. Without `forceWorkers` the
 * most is the machine's available parallelism, which only the Node layer can read
 * (`workerCountIssues` in node/pool.ts, from `os.availableParallelism()`); with it, `forced.max`.
 */
export const WORKER_COUNT_BOUNDS = {
  min: 1,
  available: {
    reason: "more threads only compete for the cores, and each holds its own copy of the model; forceWorkers: true (--force-workers) allows more",
  },
  forced: {
    max: 256,
    reason: "each thread holds its own copy of the model, about 35 MB once it has run a few trials (mp1: 107 MB in all with 1 worker, 612 MB with 16), so 256 threads take about 9 GB; more cannot run faster on any machine this library targets",
  },
} as const;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;

function integerIssue(value: unknown, path: string, min: number, max: number, reason: string): ValidationIssue[] {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max) return [];
  return [{ path, rule: "range", message: `must be a whole number from ${min} to ${max.toLocaleString("en-US")} (${reason})`, received: value }];
}

/** Every problem with a run's options (empty when they are valid). */
export function runOptionsIssues(options: unknown): ValidationIssue[] {
  if (!isObject(options)) return [{ path: "(options)", rule: "type", message: "must be an object { trials, chunkSize?, keepRows?, signal?, onProgress? }", received: options }];
  const { trials, chunkSize, keepRows, signal, onProgress } = options;
  const b = RUN_OPTION_BOUNDS;
  const issues = integerIssue(trials, "trials", b.trials.min, b.trials.max, b.trials.reason);
  if (chunkSize !== undefined) issues.push(...integerIssue(chunkSize, "chunkSize", b.chunkSize.min, b.chunkSize.max, b.chunkSize.reason));
  if (keepRows !== undefined && typeof keepRows !== "boolean") issues.push({ path: "keepRows", rule: "type", message: "must be true or false", received: keepRows });
  if (keepRows !== false && typeof trials === "number" && trials > b.keptRows.max) {
    issues.push({ path: "keepRows", rule: "rows-in-memory", message: `must be false for more than ${b.keptRows.max.toLocaleString("en-US")} trials (${b.keptRows.reason})`, received: keepRows ?? "true (the default)" });
  }
  issues.push(...stopAndProgressIssues(signal, onProgress));
  return issues;
}

/** Problems with an optional `signal` (an AbortSignal) and `onProgress` (a function), as every long call takes them. */
export function stopAndProgressIssues(signal: unknown, onProgress: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (signal !== undefined && !(isObject(signal) && typeof signal.aborted === "boolean" && typeof signal.addEventListener === "function")) {
    issues.push({ path: "signal", rule: "type", message: "must be an AbortSignal (from an AbortController)" });
  }
  if (onProgress !== undefined && typeof onProgress !== "function") issues.push({ path: "onProgress", rule: "type", message: "must be a function" });
  return issues;
}

/** Throw one ValidationError listing every problem with a run's options. */
export function checkRunOptions(options: unknown, subject = "run options"): void {
  const issues = runOptionsIssues(options);
  if (issues.length) throw new ValidationError(subject, issues);
}

/**
 * A progress reporter for `totalTrials`: call it with the trials done so far and it calls
 * `onProgress` with the elapsed time and an estimate of the time left (at the pace so far).
 * Undefined when there is no callback.
 */
export function progressReporter(totalTrials: number, onProgress: ((p: Progress) => void) | undefined): ((completedTrials: number) => void) | undefined {
  if (!onProgress) return undefined;
  const startedMs = Date.now();
  return (completedTrials) => {
    const elapsedSeconds = (Date.now() - startedMs) / 1000;
    const secondsLeft = completedTrials > 0 ? (elapsedSeconds * Math.max(0, totalTrials - completedTrials)) / completedTrials : null;
    onProgress({ completedTrials, totalTrials, elapsedSeconds, secondsLeft });
  };
}

/** The options of a chunk list run: keep rows or not, the run's signal (if any) and a progress reporter (if any). */
export function chunkListOptions(keepRows: boolean, signal: AbortSignal | undefined, report: ((completedTrials: number) => void) | undefined): ChunkListOptions {
  return { keepRows, ...(signal ? { signal } : {}), ...(report ? { report } : {}) };
}

/** Give the event loop a turn (setImmediate where it exists: setTimeout(0) waits at least 1-4 ms). */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise<void>((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

const YIELD_EVERY_MS = 15;

/** The chunks of a run of `trials` trials: [start, end) in blocks of `chunkSize`, numbered from 0. */
export function chunkBounds(trials: number, chunkSize: number): ChunkBounds[] {
  const out: ChunkBounds[] = [];
  for (let i = 0, s = 0; s < trials; i++, s += chunkSize) out.push({ index: i, start: s, end: Math.min(trials, s + chunkSize) });
  return out;
}

/** Simulate one chunk: trials start..end-1 into a fresh partial (and their rows when kept). */
export function runChunk<P, R>(task: ChunkTask<P, R>, index: number, start: number, end: number, keepRows: boolean): ChunkResult<P, R> {
  const partial = task.newPartial();
  const rows: R[] = [];
  for (let t = start; t < end; t++) {
    const row = task.runTrial(t, partial, keepRows);
    if (keepRows && row !== undefined) rows.push(row);
  }
  return { index, start, end, partial, rows };
}

/** A sink that merges chunk results handed to it in chunk order (what a whole run keeps). */
export function mergingSink<P, R>(task: ChunkTask<P, R>): { accept(c: ChunkResult<P, R>): void; readonly partial: P; readonly rows: R[]; completedTrials(): number } {
  const partial = task.newPartial();
  const rows: R[] = [];
  let completed = 0;
  return {
    partial,
    rows,
    accept(c) {
      task.merge(partial, c.partial);
      for (const r of c.rows) rows.push(r);
      completed += c.end - c.start;
    },
    completedTrials: () => completed,
  };
}

/** Merge chunk results in chunk order (they may arrive in any order). */
export function mergeChunks<P, R>(task: ChunkTask<P, R>, chunks: readonly ChunkResult<P, R>[]): { partial: P; rows: R[]; completedTrials: number } {
  const sink = mergingSink(task);
  for (const c of [...chunks].sort((a, b) => a.index - b.index)) sink.accept(c);
  return { partial: sink.partial, rows: sink.rows, completedTrials: sink.completedTrials() };
}

/** What a chunk list runner needs besides the chunks. */
export interface ChunkListOptions {
  readonly keepRows: boolean;
  readonly signal?: AbortSignal;
  /** Called with the trials done so far (of the listed chunks) after each chunk. */
  readonly report?: (completedTrials: number) => void;
}

/**
 * Run the listed chunks on this thread, in order, handing each result to `accept`; yields to
 * the event loop between chunks and stops at the first chunk boundary after an abort.
 */
export async function runChunkListAsync<P, R>(task: ChunkTask<P, R>, chunks: readonly ChunkBounds[], options: ChunkListOptions, accept: (c: ChunkResult<P, R>) => void): Promise<{ aborted: boolean }> {
  let completed = 0;
  let lastYield = Date.now();
  for (const b of chunks) {
    if (options.signal?.aborted) return { aborted: true };
    const c = runChunk(task, b.index, b.start, b.end, options.keepRows);
    accept(c);
    completed += c.end - c.start;
    options.report?.(completed);
    // Yield when a chunk boundary comes after enough work, so an abort or a UI update can get in.
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  return { aborted: false };
}

/** Run every chunk on this thread, yielding between chunks. */
export async function runChunksAsync<P, R>(task: ChunkTask<P, R>, options: RunOptions): Promise<RunOutcome<P, R>> {
  checkRunOptions(options);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const keepRows = options.keepRows ?? true;
  const sink = mergingSink(task);
  const report = progressReporter(options.trials, options.onProgress);
  const { aborted } = await runChunkListAsync(task, chunkBounds(options.trials, chunkSize), chunkListOptions(keepRows, options.signal, report), (c) => sink.accept(c));
  return { partial: sink.partial, rows: sink.rows, completedTrials: sink.completedTrials(), aborted, chunkSize };
}

/** The same, synchronously (no abort, no yielding): for small runs and scripts. */
export function runChunksSync<P, R>(task: ChunkTask<P, R>, options: Omit<RunOptions, "signal">): RunOutcome<P, R> {
  checkRunOptions(options);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const keepRows = options.keepRows ?? true;
  const sink = mergingSink(task);
  const report = progressReporter(options.trials, options.onProgress);
  for (const b of chunkBounds(options.trials, chunkSize)) {
    sink.accept(runChunk(task, b.index, b.start, b.end, keepRows));
    report?.(sink.completedTrials());
  }
  return { partial: sink.partial, rows: sink.rows, completedTrials: sink.completedTrials(), aborted: false, chunkSize };
}
