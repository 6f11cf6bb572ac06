// The shipped calibration's two halves (summary at once, draws on demand) and the draws' helpers.
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { calibratedDraws, calibrationSummary, defaultCalibration, replicationDraws } from "../../src/calibration/default.js";
import type { CalibrationResult } from "../../src/calibration/calibrate.js";
import { ValidationError } from "../../src/errors.js";
import { calibrationFit, leaveOneOut } from "../../src/charts/calibration.js";
import { chartsFor } from "../../src/charts/all.js";
import { withDisplay } from "../../src/display/display.js";

const file = JSON.parse(readFileSync(new URL("../../src/calibration/default-calibration.json", import.meta.url), "utf8")) as Record<string, unknown>;

/** The issues of the ValidationError `f` throws. */
function issuesOf(f: () => unknown) {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).issues;
  }
  throw new Error("expected a ValidationError");
}

describe("the shipped calibration", () => {
  test("defaultCalibration() is the file, key for key in the file's order, and a fresh copy each time", async () => {
    const a = await defaultCalibration();
    expect(JSON.stringify(a)).toBe(JSON.stringify(file));
    const b = await defaultCalibration();
    expect(b).not.toBe(a);
    expect(b.draws[0]).not.toBe(a.draws[0]);
  });

  test("calibrationSummary() is the file without its draws, in the file's order", async () => {
    const { draws: _draws, ...rest } = file;
    const summary = await calibrationSummary();
    expect("draws" in summary).toBe(false);
    expect(JSON.stringify(summary)).toBe(JSON.stringify(rest));
  });

  test("the draws' helpers refuse a missing calibration, a forgotten await and a summary, with one clear error", async () => {
    const missing = issuesOf(() => calibratedDraws(undefined as unknown as CalibrationResult));
    expect(missing).toEqual([{ path: "calibration", rule: "calibration-result", message: expect.stringContaining("not nothing") }]);
    expect(missing[0]!.message).toContain("await defaultCalibration()");
    const pending = defaultCalibration();
    expect(issuesOf(() => replicationDraws("mp1", pending as unknown as CalibrationResult))[0]!.message).toContain("not a Promise");
    await pending;
    const summary = await calibrationSummary();
    expect(issuesOf(() => calibratedDraws(summary as unknown as CalibrationResult))[0]!.message).toContain("without a draws array");
  });

  test("with the calibration, new-trial draws carry no trial effects and replication draws the trial's own", async () => {
    const cal = await defaultCalibration();
    expect(calibratedDraws(cal).draws.every((d) => d.effects === undefined)).toBe(true);
    expect(replicationDraws("mp8", cal).draws[3]!.effects).toEqual(cal.draws[3]!.effects.mp8);
  });

  test("a chart or display handed the summary's Promise (a forgotten await) says so, instead of failing inside", async () => {
    const pending = calibrationSummary() as unknown as CalibrationResult;
    for (const f of [() => calibrationFit(pending), () => leaveOneOut(pending), () => chartsFor(pending, "calibration"), () => withDisplay(pending, "calibration")]) {
      expect(issuesOf(f)).toEqual([{ path: "result", rule: "not-a-promise", message: expect.stringContaining("await it first") }]);
    }
    const summary = await calibrationSummary();
    expect(calibrationFit(summary).data).toBeDefined();
    expect(chartsFor(summary, "calibration")).toHaveLength(2);
  });
});

describe("calibrate's entry points", () => {
  test("refuse targets that are not a TargetSet with one ValidationError listing every problem (not a TypeError from inside)", async () => {
    const { calibrate } = await import("../../src/calibration/on-demand.js");
    const { calibrationShard } = await import("../../src/calibration/shards.js");
    const machinery = await import("../../src/calibration/calibrate.js");
    const parallel = await import("../../src/node/calibrate.js");
    const bad = { nope: 1 } as unknown as Parameters<typeof calibrate>[0];
    const runs = [
      () => calibrate(bad, { seed: 1 }),
      () => machinery.calibrate(bad, { seed: 1 }),
      () => calibrationShard(bad, { index: 0, count: 2 }, { seed: 1 }),
      () => parallel.calibrateParallel(bad, { seed: 1, workers: 1 }),
      () => parallel.calibrationShardParallel(bad, { index: 0, count: 2 }, { seed: 1, workers: 1 }),
    ];
    for (const run of runs) {
      const err = await run().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      const issues = (err as ValidationError).issues;
      expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["trials", "nope"]));
    }
  });
});
