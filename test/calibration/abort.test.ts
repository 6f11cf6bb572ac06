/**
 * A calibration's progress and stops on the main thread (issue 14 item 5): each step reports the
 * time since the start and its stage's time left; an AbortSignal ends the calibration before its
 * next step with an AbortError naming the last step reached, and no result (a posterior from
 * chains cut short would be misleading). The worker path is in test/cli-interrupt.slow.test.ts.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { calibrate, QUICK_SETTINGS, type CalibrationSettings } from "../../src/calibration/calibrate.js";
import { calibrate as calibrateOnDemand } from "../../src/calibration/on-demand.js";
import { calibrationShard } from "../../src/calibration/shards.js";
import { progressTracker, type CalibrationTiming } from "../../src/calibration/progress.js";
import { phase2Targets } from "../../src/calibration/targets.js";
import { AbortError, ValidationError } from "../../src/errors.js";

// A tiny calibration (the machinery, not the posterior), without the leave-one-out posteriors.
const TINY: CalibrationSettings = { ...QUICK_SETTINGS, replicates: 30, pilotChains: 2, pilotIterations: 200, refineIterations: 150, chains: 2, iterations: 40, burnIn: 10, thin: 5, checkTrials: 20, leaveOneOut: false };

type Call = [stage: string, done: number, total: number, timing: CalibrationTiming];

/** Run a tiny calibration that aborts its signal in the progress call `abortAt` picks; resolve with the error it rejected with and every progress call. */
async function stopped(abortAt: (stage: string) => boolean, run = calibrate) {
  const controller = new AbortController();
  const calls: Call[] = [];
  const error = await run(phase2Targets(), {
    seed: 5,
    settings: TINY,
    signal: controller.signal,
    onProgress: (...call) => {
      calls.push(call);
      if (abortAt(call[0])) controller.abort();
    },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, calls };
}

describe("calibrate with a signal, on the main thread", () => {
  test("already aborted: an AbortError before any step, no progress, no result", async () => {
    const controller = new AbortController();
    controller.abort("test");
    const calls: unknown[] = [];
    const error = await calibrate(phase2Targets(), { seed: 5, settings: TINY, signal: controller.signal, onProgress: (...c) => calls.push(c) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ name: "AbortError", subject: "calibration", reached: null, cause: "test" });
    expect((error as Error).message).toBe("calibration interrupted before its first step: no result, as a posterior from chains cut short would be misleading");
    expect(calls).toEqual([]);
  });

  test("aborted at the first progress call (the replicate trials prepared): no chain runs", async () => {
    const { error, calls } = await stopped(() => true, calibrateOnDemand);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).reached).toEqual({ stage: "prepared the replicate trials", done: 1, total: 1 });
    expect((error as Error).message).toMatch(/^calibration interrupted after prepared the replicate trials \(1\/1\)/);
    expect(calls.map((c) => c[0])).toEqual(["prepared the replicate trials"]);
  });

  test("aborted after the first chain: the next chain does not run", async () => {
    const { error, calls } = await stopped((stage) => stage.startsWith("chain"));
    expect((error as AbortError).reached).toEqual({ stage: "chain pilot 1", done: 1, total: 2 });
    expect(calls.map((c) => c[0])).toEqual(["prepared the replicate trials", "chain pilot 1"]);
  });

  test("aborted in the fit table (after every chain): stops before the next trial's rows; each step's timing", async () => {
    const { error, calls } = await stopped((stage) => stage.startsWith("fit table"));
    expect((error as AbortError).reached).toEqual({ stage: "fit table: mp1", done: 1, total: 4 });
    expect(calls.at(-1)![0]).toBe("fit table: mp1");
    // Every step: the seconds since the start, never decreasing, and the stage's seconds left, 0 at its last step.
    const elapsed = calls.map((c) => c[3].elapsedSeconds);
    expect(elapsed.every((t, i) => t >= 0 && (i === 0 || t >= elapsed[i - 1]!))).toBe(true);
    for (const [, done, total, timing] of calls) {
      expect(timing.stageSecondsLeft).not.toBeNull();
      expect(timing.stageSecondsLeft! >= 0).toBe(true);
      if (done === total) expect(timing.stageSecondsLeft).toBe(0);
    }
  });

  test("a signal that is not an AbortSignal, or an onProgress that is not a function, is one ValidationError naming both", async () => {
    const error = await calibrate(phase2Targets(), { settings: TINY, signal: { aborted: false } as AbortSignal, onProgress: "log" as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(["signal", "onProgress"]);
  });

  test("a calibration shard stops the same way", async () => {
    const { error, calls } = await stopped((stage) => stage.startsWith("chain"), (targets, options) => calibrationShard(targets, { index: 0, count: 2 }, options) as never);
    expect((error as AbortError).reached).toEqual({ stage: "chain pilot 1", done: 1, total: 2 });
    expect(calls.map((c) => c[0])).toEqual(["prepared the replicate trials", "chain pilot 1"]);
  });
});

describe("progressTracker", () => {
  afterEach(() => vi.useRealTimers());

  test("a stage's time left is its time so far scaled by the work left over the work done; elapsed counts from the start", () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const calls: Call[] = [];
    const tracker = progressTracker((...c) => calls.push(c));
    vi.setSystemTime(2000);
    const step = tracker.stage([3, 1, 4]);
    vi.setSystemTime(5000); // 3 s into the stage, 3 of 8 units done: 3 × 5 / 3 = 5 s left
    step(0, "a");
    vi.setSystemTime(7000); // 5 s, 7 of 8 (steps finish in any order): 5 × 1 / 7
    step(2, "c");
    vi.setSystemTime(8000);
    step(1, "b");
    expect(calls).toEqual([
      ["a", 1, 3, { elapsedSeconds: 5, stageSecondsLeft: 5 }],
      ["c", 2, 3, { elapsedSeconds: 7, stageSecondsLeft: 5 / 7 }],
      ["b", 3, 3, { elapsedSeconds: 8, stageSecondsLeft: 0 }],
    ]);
    expect(tracker.reached()).toEqual({ stage: "b", done: 3, total: 3 });
  });
});
