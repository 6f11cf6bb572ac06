/**
 * SEAM: merging calibration shards. The calibration's own helper writes
 * `mergeCalibrationShards(shards)` in src/calibration/index.ts (it checks the envelopes with
 * checkShards("calibration", ...) and returns the CalibrationResult the single run gives). When
 * it lands, replace the body below with:
 *
 *   const result = mergeCalibrationShards(shards);
 *   // print as `calibrate` prints: JSON (jsonText) or its table (formatCalibration), by --format
 *   await writePlot(ctx, plot, result, "calibration");
 *   return EXIT.ok;
 *
 * Until then a calibration shard is refused with a clear message (exit 2), never merged wrongly.
 */
import { type CommandContext, UsageError } from "../framework.js";

/** Merge calibration shards (see the note above: not available until mergeCalibrationShards lands). */
export async function mergeCalibrationShardsSeam(_ctx: CommandContext, _shards: readonly unknown[], _plot: string | undefined): Promise<number> {
  throw new UsageError("merging calibration shards needs mergeCalibrationShards from the calibration module, which this build does not have yet");
}
