/**
 * checkPublished's progress and interruption (issue 14 item 5), through the on-demand entry the
 * package exports: onProgress counts both simulated runs as one; an AbortSignal ends the check
 * early with every row, the comparison from the trials completed, and aborted: true.
 */
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { checkPublished } from "../src/check/on-demand.js";
import { formatCheckReport, interruptionNote, markdownCheckReport } from "../src/check/format.js";
import { ValidationError } from "../src/errors.js";
import type { Progress } from "../src/trial/engine.js";
import { runCli } from "../src/cli/main.js";

const mp1 = JSON.parse(readFileSync(new URL("../examples/checks/mp1.json", import.meta.url), "utf8"));
const rowIds = (report: { checks: readonly { id: string }[] }) => report.checks.map((c) => c.id);

describe("checkPublished: onProgress and signal", () => {
  test("progress rises over the forecast and the typical trials as one run, to 2 x trials once", async () => {
    const seen: Progress[] = [];
    const report = await checkPublished(mp1, { trials: 100, seed: 2, onProgress: (p) => seen.push(p) });
    // The default chunk is 50 trials: two chunks of the forecast, then two of the typical trials.
    expect(seen.map((p) => [p.completedTrials, p.totalTrials])).toEqual([[50, 200], [100, 200], [150, 200], [200, 200]]);
    expect(report.aborted).toBe(false);
    expect(report.simulation!.trialsCompleted).toEqual({ forecast: 100, point: 100 });
    expect(interruptionNote(report)).toBeNull();
    expect(formatCheckReport(report)).not.toMatch(/Interrupted/);
  });

  test("an already aborted signal: every row without a simulation, the simulation row says why, no progress", async () => {
    const controller = new AbortController();
    controller.abort();
    const seen: Progress[] = [];
    const full = await checkPublished(mp1, { trials: 100, seed: 2, simulate: false });
    const report = await checkPublished(mp1, { trials: 100, seed: 2, signal: controller.signal, onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([]);
    expect(report.aborted).toBe(true);
    expect(report.simulation).toBeNull();
    // The rows that need no simulated trial are all there, as without a simulation.
    expect(rowIds(report)).toEqual(rowIds(full));
    expect(report.checks.find((c) => c.id === "simulation")).toMatchObject({ status: "skipped", message: expect.stringMatching(/^Interrupted before any simulated trial/) });
    expect(interruptionNote(report)).toMatch(/^Interrupted before any simulated trial was completed/);
    expect(formatCheckReport(report)).toContain(interruptionNote(report)!);
  });

  test("aborted during the forecast: its trials completed are compared, the typical trials are not run, and the report says so", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const report = await checkPublished(mp1, { trials: 400, seed: 2, signal: controller.signal, onProgress: (p) => {
      seen.push(p.completedTrials);
      controller.abort();
    } });
    expect(seen).toEqual([50]);
    expect(report.aborted).toBe(true);
    expect(report.simulation).toMatchObject({ trials: 400, trialsCompleted: { forecast: 50, point: 0 }, power: null });
    const placement = report.checks.find((c) => c.id === "simulated-trials")!;
    expect(placement.message).toContain("Among the 50 simulated trials completed (interrupted, of 400)");
    const power = report.checks.find((c) => c.id === "power-at-n")!;
    expect(power.values).toMatchObject({ power: null, powerMcse: null });
    expect(power.nullReasons!.power).toMatch(/interrupted/);
    // No typical trial, so no typical true effect: the design analysis says why instead of assuming 0.
    expect(report.designAnalysis).toBeNull();
    expect(report.checks.find((c) => c.id === "design-analysis")).toMatchObject({ status: "skipped", message: expect.stringMatching(/interrupted before a typical trial/) });
    expect(interruptionNote(report)).toBe("Interrupted: the comparison with simulated trials uses only the trials completed (50 of 400 forecast trials, 0 of 400 typical trials).");
    expect(markdownCheckReport(report)).toContain(interruptionNote(report)!);
  });

  test("a signal or onProgress of the wrong type is a ValidationError naming each", async () => {
    const error = await checkPublished(mp1, { signal: {} as AbortSignal, onProgress: 3 as unknown as () => void }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(["signal", "onProgress"]);
  });
});

test("the CLI's check passes its signal to checkPublished: interrupted, it prints the report, says so on stderr and exits 130", async () => {
  let out = "";
  let err = "";
  const code = await runCli(["check", "examples/checks/mp1.json", "--trials", "100"], { stdout: (t) => (out += t), stderr: (t) => (err += t), signal: AbortSignal.abort() });
  expect(code).toBe(130);
  expect(out).toMatch(/\[skip\] simulation: Interrupted before any simulated trial/);
  expect(out).toContain("Interrupted before any simulated trial was completed: the rows do not compare with simulated trials.");
  expect(err).toBe("check: Interrupted before any simulated trial was completed: the rows do not compare with simulated trials.\n");
});
