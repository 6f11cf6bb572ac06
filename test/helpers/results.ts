/**
 * Real results of every kind that has charts and a display, small enough for the fast tier
 * (tens of trials), built once per test file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { preset } from "../../src/protocol/presets.js";
import type { Protocol } from "../../src/protocol/schema.js";
import { simulateTrial, simulateTrialsSync, simulateTrials, type TrialsRun } from "../../src/trial/api.js";
import type { SimulatedTrial } from "../../src/trial/simulate.js";
import { powerCurve, sampleSizeSearch, type PowerPoint, type SampleSizeResult } from "../../src/trial/power-search.js";
import { simulateParticipant, type ParticipantResult } from "../../src/outcomes/participant.js";
import { forecastTrial, type ForecastResult } from "../../src/calibration/forecast.js";
import { defaultCalibration } from "../../src/calibration/default.js";
import type { CalibrationResult } from "../../src/calibration/calibrate.js";
import { checkPublished, type CheckReport } from "../../src/check/check.js";
import { ROOT } from "./cli.js";

export interface Results {
  readonly protocol: Protocol;
  readonly trials: TrialsRun;
  readonly trialsWithoutRows: TrialsRun;
  readonly forecast: ForecastResult;
  readonly power: readonly PowerPoint[];
  readonly sampleSize: SampleSizeResult;
  readonly participant: ParticipantResult;
  readonly simulatedTrials: readonly SimulatedTrial[];
  readonly calibration: CalibrationResult;
  /** MP-2: reported p and effect size that disagree, a change that does not add up. */
  readonly check: CheckReport;
  readonly checkInput: Record<string, unknown>;
}

let cached: Promise<Results> | undefined;

async function build(): Promise<Results> {
  const protocol = preset("mp1");
  const spec = { protocol, seed: 1 };
  const checkInput = JSON.parse(readFileSync(join(ROOT, "examples/checks/mp2.json"), "utf8")) as Record<string, unknown>;
  return {
    protocol,
    trials: simulateTrialsSync(spec, { trials: 40 }),
    trialsWithoutRows: simulateTrialsSync(spec, { trials: 40, keepRows: false }),
    forecast: await forecastTrial(spec, { trials: 30 }),
    power: (await powerCurve(simulateTrials, spec, [6, 12, 18], { trials: 30 })).points,
    sampleSize: await sampleSizeSearch(simulateTrials, spec, { trials: 20, targetPower: 0.5, nMin: 12, nMax: 24 }),
    participant: simulateParticipant({ protocol, seed: 1 }),
    simulatedTrials: [0, 1, 2].map((t) => simulateTrial({ protocol: preset("mp8"), seed: 1 }, t)),
    calibration: await defaultCalibration(),
    check: await checkPublished(checkInput, { trials: 100 }),
    checkInput,
  };
}

/** The results, built on first use. */
export function results(): Promise<Results> {
  cached ??= build();
  return cached;
}
