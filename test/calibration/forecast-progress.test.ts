/**
 * forecastTrial's progress (issue 14 item 5): its two runs (the point estimate's, then the
 * predictive one) report as one, from 0 to twice the trials, reaching the total once.
 */
import { describe, expect, test } from "vitest";
import { forecastTrial } from "../../src/calibration/forecast.js";
import { preset } from "../../src/protocol/presets.js";
import type { Progress } from "../../src/trial/engine.js";

describe("forecastTrial reports the progress of its two runs as one", () => {
  test("completed trials rise from the first chunk to 2 x trials, against one total, and reach it once", async () => {
    const seen: Progress[] = [];
    await forecastTrial({ protocol: preset("mp1"), seed: 4 }, { trials: 30, chunkSize: 10, keepRows: false, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.completedTrials)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(new Set(seen.map((p) => p.totalTrials))).toEqual(new Set([60]));
    expect(seen.filter((p) => p.completedTrials === p.totalTrials)).toHaveLength(1);
    expect(seen.at(-1)!.secondsLeft).toBe(0);
  });

  test("an interrupted forecast stops both runs (the second completes nothing) and progress stops at the trials completed of both runs' total", async () => {
    const controller = new AbortController();
    const seen: [number, number][] = [];
    const f = await forecastTrial({ protocol: preset("mp1"), seed: 4 }, { trials: 30, chunkSize: 10, keepRows: false, signal: controller.signal, onProgress: (p) => {
      seen.push([p.completedTrials, p.totalTrials]);
      if (p.completedTrials === 20) controller.abort();
    } });
    expect(seen).toEqual([[10, 60], [20, 60]]);
    expect(f.point.provenance).toMatchObject({ aborted: true, trialsCompleted: 20 });
    expect(f.predictive.provenance).toMatchObject({ aborted: true, trialsCompleted: 0 });
  });
});
