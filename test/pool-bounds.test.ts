import { availableParallelism } from "node:os";
import { describe, expect, test } from "vitest";
import { workerCountIssues, WorkerPool } from "../src/node/pool.js";
import { ValidationError } from "../src/errors.js";

// Worker counts (docs/bounds.md, "Worker threads"): 1 to the machine's available parallelism,
// or to 256 with forceWorkers; out of range is one issue at `workers` that gives the reason.
describe("worker count bounds", () => {
  const cores = availableParallelism();
  test("1 to the machine's available parallelism without forceWorkers", () => {
    expect(workerCountIssues(1)).toEqual([]);
    expect(workerCountIssues(cores)).toEqual([]);
    const [issue, ...rest] = workerCountIssues(cores + 1);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ path: "workers", rule: "range", received: cores + 1 });
    expect(issue!.message).toContain(`at most the ${cores} this machine can run at once`);
    expect(issue!.message).toMatch(/compete for the cores.*forceWorkers: true/);
  });
  test("up to 256 with forceWorkers, and the reason when more are asked for", () => {
    expect(workerCountIssues(256, true)).toEqual([]);
    const [issue] = workerCountIssues(257, true);
    expect(issue).toMatchObject({ path: "workers", rule: "range", received: 257 });
    expect(issue!.message).toMatch(/at most 256 even when forced \(each thread holds its own copy of the model/);
  });
  test("whole numbers from 1 only", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, "2", null]) expect(workerCountIssues(bad, true)).toHaveLength(1);
  });
  test("a pool of too many workers is a ValidationError before any thread starts", () => {
    expect(() => new WorkerPool({ workers: 257, forceWorkers: true })).toThrow(ValidationError);
  });
});

describe("the calibration's worker threads", () => {
  test("a bad worker count is one ValidationError before anything runs (NaN used to start no thread and never settle)", async () => {
    const { calibrateParallel, calibrationShardParallel } = await import("../src/node/calibrate.js");
    const { phase2Targets } = await import("../src/calibration/targets.js");
    for (const workers of [Number.NaN, 0, 1.5, availableParallelism() + 1]) {
      await expect(calibrateParallel(phase2Targets(), { workers })).rejects.toThrow(ValidationError);
      await expect(calibrationShardParallel(phase2Targets(), { index: 0, count: 2 }, { workers })).rejects.toThrow(/workers: must be a whole number from 1/);
    }
  });
});
