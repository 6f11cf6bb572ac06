/**
 * Node-only layer of mdma-trial-sim: worker-thread runs, file input, SVG rendering of charts.
 * Everything browser-safe is re-exported from the main entry.
 */
export * from "../index.js";
export { readJsonFile, loadProtocol } from "./files.js";
export { runParallel, WorkerPool } from "./pool.js";
export type { ParallelOptions, PoolOptions } from "./pool.js";

export { simulateTrialsParallel, simulateNormalTrialsParallel, parallelRunner, poolRunner } from "./parallel.js";
export { powerCurve, sampleSizeSearch } from "../trial/power-search.js";
export { calibrateParallel, calibrationShardParallel } from "./calibrate.js";
export type { ParallelCalibrationOptions } from "./calibrate.js";
export { renderSvg, renderChartsSvg } from "./render.js";
export type { RenderOptions } from "./render.js";
