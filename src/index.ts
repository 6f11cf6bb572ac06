/**
 * mdma-trial-sim: seeded Monte Carlo simulation of clinical trials of MDMA-assisted therapy
 * for PTSD. For research and teaching; not medical advice.
 *
 * This entry point is browser-safe (no `node:` imports). Worker pools, files and the CLI are
 * in `mdma-trial-sim/node`.
 */
export { ValidationError, formatPath } from "./errors.js";
export type { ValidationIssue } from "./errors.js";
export * from "./protocol/index.js";
export * from "./random/index.js";
export { VERSION } from "./version.js";
