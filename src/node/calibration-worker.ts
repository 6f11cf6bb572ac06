/** Worker thread for calibration chains: rebuilds the prepared trials once, then runs chain jobs. */
import { parentPort } from "node:worker_threads";
import { prepareCalibration, type CalibrationSettings } from "../calibration/calibrate.js";
import { runChainJob, type ChainJob } from "../calibration/chains.js";
import type { TargetSet } from "../calibration/targets.js";
import type { Seed } from "../random/rng.js";

interface JobMessage {
  readonly id: number;
  readonly targets: TargetSet;
  readonly seed: Seed;
  readonly settings: CalibrationSettings;
  readonly job: ChainJob;
}

const port = parentPort;
if (!port) throw new Error("calibration-worker.js must run in a worker thread");
let prepared: { key: string; value: ReturnType<typeof prepareCalibration> } | undefined;
port.on("message", (msg: JobMessage) => {
  try {
    const key = JSON.stringify([msg.seed, msg.settings.replicates, msg.targets]);
    if (!prepared || prepared.key !== key) prepared = { key, value: prepareCalibration(msg.targets, msg.seed, msg.settings) };
    const { reference, prepared: trials } = prepared.value;
    port.postMessage({ id: msg.id, output: runChainJob(trials, reference, msg.seed, msg.settings, msg.job) });
  } catch (err) {
    port.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
