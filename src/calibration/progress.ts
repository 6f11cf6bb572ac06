/**
 * A calibration's progress and stops. It runs in stages (preparing the replicate trials, each
 * batch of MCMC chains, the fit table, the leave-one-out forecasts), each a list of steps whose
 * work is known beforehand (a chain's iterations times its trials): each step reports the time
 * since the calibration started and the stage's time left at its pace so far, weighted by that
 * work. A stop (an AbortSignal) is noticed between steps and throws an AbortError naming the last
 * step reported: a calibration returns no part of a posterior.
 */
import { AbortError, ValidationError, type StageReached } from "../errors.js";
import { stopAndProgressIssues } from "../trial/engine.js";

/** The timing a calibration's onProgress receives as its fourth argument. */
export interface CalibrationTiming {
  /** Seconds since the calibration started. */
  readonly elapsedSeconds: number;
  /**
   * Seconds left in this stage (a batch of chains, the fit table, the leave-one-out forecasts)
   * at its pace so far, each step weighted by its work; the stages' costs differ, so there is no
   * estimate for the whole calibration. Null when the stage's steps have no work to weigh.
   */
  readonly stageSecondsLeft: number | null;
}

/** A calibration's progress callback: the step just done, the steps done of the stage and its total, and the timing. */
export type CalibrationProgress = (stage: string, done: number, total: number, timing: CalibrationTiming) => void;

export interface ProgressTracker {
  /** Start a stage of steps weighing `work[i]` each; call the returned function as each finishes (in any order) with its index and label. */
  stage(work: readonly number[]): (index: number, label: string) => void;
  /** The last step reported (null before the first). */
  reached(): StageReached | null;
}

/** Throw one ValidationError when a calibration's `signal` is not an AbortSignal or its `onProgress` not a function. */
export function checkProgressOptions(options: { readonly signal?: unknown; readonly onProgress?: unknown }): void {
  const issues = stopAndProgressIssues(options.signal, options.onProgress);
  if (issues.length) throw new ValidationError("calibration options", issues);
}

/** A tracker that reports to `onProgress` (when given) and remembers the last step, for the AbortError. */
export function progressTracker(onProgress: CalibrationProgress | undefined): ProgressTracker {
  const startedMs = Date.now();
  let reached: StageReached | null = null;
  return {
    stage(work) {
      const stageStartedMs = Date.now();
      const totalWork = work.reduce((a, b) => a + b, 0);
      let doneWork = 0;
      let done = 0;
      return (index, label) => {
        doneWork += work[index] ?? 0;
        done++;
        reached = { stage: label, done, total: work.length };
        if (!onProgress) return;
        const nowMs = Date.now();
        const stageSeconds = (nowMs - stageStartedMs) / 1000;
        const stageSecondsLeft = doneWork > 0 ? (stageSeconds * Math.max(0, totalWork - doneWork)) / doneWork : null;
        onProgress(label, done, work.length, { elapsedSeconds: (nowMs - startedMs) / 1000, stageSecondsLeft });
      };
    },
    reached: () => reached,
  };
}

const NOTHING_RETURNED = "no result, as a posterior from chains cut short would be misleading";

/** The AbortError of a calibration stopped after the last step `progress` reported. */
export function calibrationAborted(progress: ProgressTracker, signal: AbortSignal): AbortError {
  return new AbortError("calibration", progress.reached(), { nothingReturned: NOTHING_RETURNED, cause: signal.reason });
}

/** Give the event loop a turn (so that an abort, a Ctrl-C or a click, can be noticed), then throw if the signal fired. */
export async function checkpoint(signal: AbortSignal | undefined, progress: ProgressTracker): Promise<void> {
  if (!signal) return;
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (signal.aborted) throw calibrationAborted(progress, signal);
}
