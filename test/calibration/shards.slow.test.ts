import { describe, expect, test } from "vitest";
import { calibrate, QUICK_SETTINGS, type CalibrationSettings } from "../../src/calibration/calibrate.js";
import { calibrationShard, mergeCalibrationShards, type CalibrationShard } from "../../src/calibration/shards.js";
import { phase2Targets } from "../../src/calibration/targets.js";
import { ValidationError } from "../../src/errors.js";

// A tiny calibration (it checks the machinery, not the posterior): 30 replicates, short chains.
const TINY: CalibrationSettings = { ...QUICK_SETTINGS, replicates: 30, pilotChains: 2, pilotIterations: 200, refineIterations: 150, chains: 2, iterations: 40, burnIn: 10, thin: 5, leaveOneOutIterations: 30, leaveOneOutBurnIn: 10, leaveOneOutThin: 5, checkTrials: 20 };

describe("calibration shards", () => {
  test("3 shards merge into the single run's result, bit for bit; a shard of another seed is refused", async () => {
    const targets = phase2Targets();
    const single = await calibrate(targets, { seed: 5, settings: TINY });
    const shards: CalibrationShard[] = [];
    for (let k = 0; k < 3; k++) shards.push(await calibrationShard(targets, { index: k, count: 3 }, { seed: 5, settings: TINY }));
    // Every shard ran some posterior chains, and none twice.
    const jobs = shards.flatMap((s) => s.payload.jobs);
    expect(new Set(jobs).size).toBe(jobs.length);
    expect(shards.every((s) => s.payload.jobs.length > 0)).toBe(true);
    const merged = mergeCalibrationShards(JSON.parse(JSON.stringify([shards[2], shards[0], shards[1]])));
    expect(JSON.stringify(merged)).toBe(JSON.stringify(single));
    const other = await calibrationShard(targets, { index: 1, count: 3 }, { seed: 6, settings: TINY });
    expect(() => mergeCalibrationShards([shards[0], other, shards[2]])).toThrow(ValidationError);
    expect(() => mergeCalibrationShards([shards[0], shards[1]])).toThrow(/shard 2|missing|lack/);
  }, 180_000);
});
