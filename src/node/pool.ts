/**
 * Parallel runs on worker threads. The chunks are the same as on one thread and are merged in
 * chunk order as they become contiguous, so results are bit-identical for any number of
 * workers, and memory holds at most a few chunks' partials at a time.
 *
 * A WorkerPool keeps its threads between runs (start-up and JIT warm-up are paid once), which
 * matters for power curves and sample-size searches that make many runs. runParallel without a
 * pool makes a temporary one.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { ValidationError, type ValidationIssue } from "../errors.js";
import { buildTask, type RunSpec } from "../trial/tasks.js";
import { checkRunOptions, chunkBounds, chunkListOptions, DEFAULT_CHUNK_SIZE, WORKER_COUNT_BOUNDS, mergingSink, progressReporter, type ChunkBounds, type ChunkListOptions, type ChunkResult, type RunOptions, type RunOutcome } from "../trial/engine.js";

/**
 * How a WorkerPool is started: the number of worker threads, whether more than the machine's
 * available parallelism are allowed, and where the worker script is. The WorkerPool constructor
 * takes it; ParallelOptions extends it.
 */
export interface PoolOptions {
  /** Worker threads (default and most: the machine's available parallelism; see forceWorkers). */
  readonly workers?: number;
  /** Allow more workers than the machine's available parallelism (up to MAX_POOL_WORKERS): slower, and each holds its own copy of the model. */
  readonly forceWorkers?: boolean;
  /** Where the worker script is (default: worker.js next to this module, in dist/). */
  readonly workerUrl?: URL;
}

/**
 * A run's options (RunOptions) for worker threads, as runParallel, simulateTrialsParallel and
 * simulateNormalTrialsParallel take them: with `pool` the run uses that pool's threads, otherwise
 * a temporary pool started with these pool options and closed after the run.
 */
export interface ParallelOptions extends RunOptions, PoolOptions {
  /** Run on this pool instead of starting a temporary one. */
  readonly pool?: WorkerPool;
}

/** Most worker threads a pool starts, even when forced (WORKER_COUNT_BOUNDS, with the reason). */
export const MAX_POOL_WORKERS = WORKER_COUNT_BOUNDS.forced.max;

/** Problems with a pool's worker count: 1 to the machine's available parallelism, or to MAX_POOL_WORKERS when forced (WORKER_COUNT_BOUNDS). */
export function workerCountIssues(workers: unknown, forceWorkers = false): ValidationIssue[] {
  const cores = availableParallelism();
  const max = forceWorkers ? MAX_POOL_WORKERS : cores;
  const { min, available, forced } = WORKER_COUNT_BOUNDS;
  if (typeof workers === "number" && Number.isSafeInteger(workers) && workers >= min && workers <= max) return [];
  const why = forceWorkers ? `at most ${MAX_POOL_WORKERS} even when forced (${forced.reason})` : `at most the ${cores} this machine can run at once (${available.reason})`;
  return [{ path: "workers", rule: "range", message: `must be a whole number from ${min}, ${why}`, received: workers }];
}

interface WorkerMessage {
  readonly type: "result" | "error";
  readonly runId: number;
  readonly result?: ChunkResult<unknown, unknown>;
  readonly name?: string;
  readonly message?: string;
  readonly issues?: unknown;
}

/** A pool of worker threads kept between runs; results are identical for any number of workers. */
export class WorkerPool {
  readonly size: number;
  private readonly workers: Worker[] = [];
  private nextRunId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private handler: ((w: Worker, msg: WorkerMessage) => void) | undefined;
  private failure: ((err: Error) => void) | undefined;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    const n = options.workers ?? availableParallelism();
    const issues = workerCountIssues(n, options.forceWorkers === true);
    if (issues.length) throw new ValidationError("pool options", issues);
    this.size = n;
    const url = options.workerUrl ?? new URL("./worker.js", import.meta.url);
    // Workers inherit the parent's Node flags, but not those that only make sense for a main
    // script given as a string (node --input-type=module -e "..."), which a worker file rejects.
    const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type"));
    for (let i = 0; i < n; i++) {
      const w = new Worker(url, { execArgv });
      w.on("message", (msg: WorkerMessage) => this.handler?.(w, msg));
      w.on("error", (err) => this.failure?.(err));
      w.on("exit", (code) => {
        if (code !== 0 && !this.closed) this.failure?.(new Error(`worker exited with code ${code}`));
      });
      this.workers.push(w);
    }
  }

  /** Run a spec on the pool. Runs on one pool are queued, one at a time. */
  async run(spec: RunSpec, options: RunOptions): Promise<RunOutcome<unknown, unknown>> {
    checkRunOptions(options);
    // Validate on this thread first: a bad spec is one clear ValidationError, not one per worker.
    const task = buildTask(spec);
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const sink = mergingSink(task);
    const report = progressReporter(options.trials, options.onProgress);
    const listOptions = chunkListOptions(options.keepRows ?? true, options.signal, report);
    const { aborted } = await this.runChunks(spec, chunkBounds(options.trials, chunkSize), listOptions, (c) => sink.accept(c));
    return { partial: sink.partial, rows: sink.rows, completedTrials: sink.completedTrials(), aborted, chunkSize };
  }

  /**
   * Run the listed chunks of a spec on the pool's threads, handing each result to `accept` in
   * list order (results that arrive early wait for those before them). After an abort, the
   * chunks accepted are a prefix of the list. Runs on one pool are queued, one at a time.
   */
  runChunks(spec: RunSpec, chunks: readonly ChunkBounds[], options: ChunkListOptions, accept: (c: ChunkResult<unknown, unknown>) => void): Promise<{ aborted: boolean }> {
    const next = this.queue.then(() => this.runChunksNow(spec, chunks, options, accept));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stop the threads. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private runChunksNow(spec: RunSpec, chunks: readonly ChunkBounds[], options: ChunkListOptions, accept: (c: ChunkResult<unknown, unknown>) => void): Promise<{ aborted: boolean }> {
    if (this.closed) return Promise.reject(new Error("the worker pool is closed"));
    const runId = this.nextRunId++;
    const position = new Map(chunks.map((c, i) => [c.index, i]));
    const pending = new Map<number, ChunkResult<unknown, unknown>>();
    let nextToAccept = 0;
    let nextToSend = 0;
    let completed = 0;
    let aborted = Boolean(options.signal?.aborted);
    let inFlight = 0;
    const active = this.workers.slice(0, Math.max(1, Math.min(this.workers.length, chunks.length)));
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        this.handler = undefined;
        this.failure = undefined;
        options.signal?.removeEventListener("abort", onAbort);
        for (const w of active) w.postMessage({ type: "drop", runId });
        if (err) reject(err);
        else resolve({ aborted: aborted && nextToAccept < chunks.length });
      };
      const onAbort = () => {
        aborted = true;
        if (inFlight === 0) finish();
      };
      const send = (w: Worker) => {
        if (aborted || nextToSend >= chunks.length) {
          if (inFlight === 0) finish();
          return;
        }
        const b = chunks[nextToSend++]!;
        inFlight++;
        w.postMessage({ type: "chunk", runId, index: b.index, start: b.start, end: b.end, keepRows: options.keepRows });
      };
      const received = (r: ChunkResult<unknown, unknown>) => {
        inFlight--;
        pending.set(position.get(r.index)!, r);
        // Accept every chunk that is now next in list order.
        while (pending.has(nextToAccept)) {
          const c = pending.get(nextToAccept)!;
          pending.delete(nextToAccept++);
          accept(c);
          completed += c.end - c.start;
        }
        options.report?.(completed);
      };
      this.failure = (err) => finish(err);
      this.handler = (w, msg) => {
        if (msg.runId !== runId) return;
        if (msg.type === "error") return finish(msg.name === "ValidationError" && Array.isArray(msg.issues) ? new ValidationError("run", msg.issues as ValidationIssue[]) : new Error(`worker: ${msg.message}`));
        received(msg.result!);
        send(w);
      };
      options.signal?.addEventListener("abort", onAbort);
      if (aborted) return finish();
      for (const w of active) w.postMessage({ type: "task", runId, spec });
      for (const w of active) send(w);
    });
  }
}

/**
 * Run a spec's chunks on worker threads. After an abort the result holds the trials finished
 * before the first unfinished chunk (a prefix of the run).
 */
export async function runParallel(spec: RunSpec, options: ParallelOptions): Promise<RunOutcome<unknown, unknown>> {
  if (options.pool) return options.pool.run(spec, options);
  const pool = new WorkerPool(options);
  try {
    return await pool.run(spec, options);
  } finally {
    await pool.close();
  }
}
