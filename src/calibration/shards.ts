/**
 * A calibration split over machines: every shard runs the pilot (it is short, and every shard
 * needs its approximation), then the posterior chain jobs j with j mod N = k; the merge puts the
 * chains back in job order and finishes the calibration as a single run does, so its result is
 * identical to the single run's, bit for bit.
 */
import type { Seed } from "../random/rng.js";
import { checkShards, shardEnvelope, type ShardEnvelope, type ShardSpec } from "../shard.js";
import { ValidationError, type ValidationIssue } from "../errors.js";
import { hashJson } from "../hash.js";
import { DEFAULT_CALIBRATION_SEED, DEFAULT_SETTINGS, finishCalibration, localChainRunner, preparedFor, prepareCalibration, trackedChains, type CalibrationOptionsWithRunner, type CalibrationResult, type CalibrationSettings } from "./calibrate.js";
import { posteriorJobs, sampleChains, type ChainOutput } from "./chains.js";
import { checkProgressOptions, progressTracker } from "./progress.js";
import { parseTargets, type TargetSet } from "./targets.js";

/** What a calibration shard carries: the pilot's chains and its posterior chains by job index. */
export interface CalibrationShardPayload {
  readonly pilot: readonly ChainOutput[];
  readonly jobs: readonly number[];
  readonly outputs: readonly ChainOutput[];
}

/** What identifies a calibration (the shards of one calibration share it). */
interface CalibrationSpec {
  readonly targets: TargetSet;
  readonly seed: Seed;
  readonly settings: CalibrationSettings;
}

export type CalibrationShard = ShardEnvelope<"calibration", CalibrationShardPayload>;

/**
 * Run shard `shard` of a calibration: the pilot, then the posterior chain jobs whose index is
 * `shard.index` modulo `shard.count`. Progress and stops as calibrate's (a stop: an AbortError).
 */
export async function calibrationShard(targets: TargetSet, shard: ShardSpec, options: CalibrationOptionsWithRunner = {}): Promise<CalibrationShard> {
  const checked = parseTargets(targets); // bad targets: one ValidationError listing every problem
  checkProgressOptions(options);
  const spec: CalibrationSpec = { targets: checked, seed: options.seed ?? DEFAULT_CALIBRATION_SEED, settings: { ...DEFAULT_SETTINGS, ...(options.settings ?? {}) } };
  const envelope = shardEnvelope("calibration", spec, shard, { pilot: [], jobs: [], outputs: [] });
  const progress = progressTracker(options.onProgress);
  const ready = preparedFor(checked, spec.seed, spec.settings, progress, options.signal);
  const runChains = trackedChains(options.runChains ?? localChainRunner(ready, spec.seed, spec.settings), spec.settings, progress, options.signal);
  const allIds = ready.prepared.map((p) => p.trial.id);
  const { pilot, outputs } = await sampleChains(allIds, spec.settings, runChains, (j) => j % shard.count === shard.index);
  const jobs = outputs.flatMap((o, j) => (o ? [j] : []));
  return { ...envelope, payload: { pilot, jobs, outputs: jobs.map((j) => outputs[j]!) } };
}

/** Merge the N shards of one calibration into the result the single run gives (refusing shards of another calibration, version or split). */
export function mergeCalibrationShards(shards: readonly unknown[], options: Pick<CalibrationOptionsWithRunner, "onProgress"> = {}): CalibrationResult {
  const { spec, payloads } = checkShards<CalibrationShardPayload>("calibration", shards);
  const { targets, seed, settings } = spec as CalibrationSpec;
  const issues: ValidationIssue[] = [];
  // The spec must be the one the identity was made from (an edited file is refused), and every shard must have run the same pilot.
  const identity = shardEnvelope("calibration", spec, { index: 0, count: 1 }, null).identity;
  (shards as readonly CalibrationShard[]).forEach((e, i) => {
    if (e.identity !== identity) issues.push({ path: `shards[${i}].spec`, rule: "same-run", message: "does not match its identity (the file was altered)" });
  });
  const pilotHash = hashJson(payloads[0]!.pilot);
  payloads.forEach((p, i) => {
    if (i > 0 && hashJson(p.pilot) !== pilotHash) issues.push({ path: `shards[${i}].payload.pilot`, rule: "same-pilot", message: "ran another pilot than the first shard (another build of the library or an altered file): its chains are not those of this run" });
  });
  if (issues.length) throw new ValidationError("calibration shards", issues);
  const ready = prepareCalibration(targets, seed, settings);
  const jobs = posteriorJobs(ready.prepared.map((p) => p.trial.id), settings, payloads[0]!.pilot);
  const outputs: (ChainOutput | undefined)[] = jobs.map(() => undefined);
  payloads.forEach((p) => p.jobs.forEach((j, k) => (outputs[j] = p.outputs[k])));
  const missing = outputs.flatMap((o, j) => (o ? [] : [j]));
  if (missing.length) throw new ValidationError("calibration shards", [{ path: "shards", rule: "complete", message: `lack the chains of jobs ${missing.join(", ")}` }]);
  return finishCalibration(targets, seed, settings, ready, jobs, outputs as ChainOutput[], options.onProgress);
}
