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
import { buildTask, type RunSpec } from "../trial/api.js";
import { chunkBounds, DEFAULT_CHUNK_SIZE, type ChunkResult, type RunOptions, type RunOutcome } from "../trial/engine.js";

export interface PoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly workers?: number;
  /** Where the worker script is (default: worker.js next to this module, in dist/). */
  readonly workerUrl?: URL;
}

export interface ParallelOptions extends RunOptions, PoolOptions {
  /** Run on this pool instead of starting a temporary one. */
  readonly pool?: WorkerPool;
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
    if (!Number.isSafeInteger(n) || n < 1) throw new ValidationError("pool options", [{ path: "workers", rule: "positive-integer", message: "must be a positive integer", received: n }]);
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
  run(spec: RunSpec, options: RunOptions): Promise<RunOutcome<unknown, unknown>> {
    const next = this.queue.then(() => this.runNow(spec, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stop the threads. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private runNow(spec: RunSpec, options: RunOptions): Promise<RunOutcome<unknown, unknown>> {
    if (this.closed) return Promise.reject(new Error("the worker pool is closed"));
    // Validate on this thread first: a bad spec is one clear ValidationError, not one per worker.
    const task = buildTask(spec);
    const runId = this.nextRunId++;
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const keepRows = options.keepRows ?? true;
    const bounds = chunkBounds(options.trials, chunkSize);
    const partial = task.newPartial();
    const rows: unknown[] = [];
    const pending = new Map<number, ChunkResult<unknown, unknown>>();
    let nextToMerge = 0;
    let nextToSend = 0;
    let completed = 0;
    let aborted = Boolean(options.signal?.aborted);
    let inFlight = 0;
    const active = this.workers.slice(0, Math.max(1, Math.min(this.workers.length, bounds.length)));
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
        else resolve({ partial, rows, completedTrials: completed, aborted, chunkSize });
      };
      const onAbort = () => {
        aborted = true;
        if (inFlight === 0) finish();
      };
      const send = (w: Worker) => {
        if (aborted || nextToSend >= bounds.length) {
          if (inFlight === 0) finish();
          return;
        }
        const b = bounds[nextToSend++]!;
        inFlight++;
        w.postMessage({ type: "chunk", runId, index: b.index, start: b.start, end: b.end, keepRows });
      };
      this.failure = (err) => finish(err);
      this.handler = (w, msg) => {
        if (msg.runId !== runId) return;
        if (msg.type === "error") {
          finish(msg.name === "ValidationError" && Array.isArray(msg.issues) ? new ValidationError("run", msg.issues as ValidationIssue[]) : new Error(`worker: ${msg.message}`));
          return;
        }
        const r = msg.result!;
        inFlight--;
        pending.set(r.index, r);
        // Merge every chunk that is now contiguous with what has been merged (chunk order).
        while (pending.has(nextToMerge)) {
          const c = pending.get(nextToMerge)!;
          pending.delete(nextToMerge);
          task.merge(partial, c.partial);
          for (const row of c.rows) rows.push(row);
          completed += c.end - c.start;
          nextToMerge++;
        }
        options.onProgress?.({ completedTrials: completed, totalTrials: options.trials });
        send(w);
      };
      options.signal?.addEventListener("abort", onAbort);
      if (aborted) {
        finish();
        return;
      }
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
