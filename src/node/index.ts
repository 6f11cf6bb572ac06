/**
 * Node-only layer of mdma-trial-sim: file input and output, the CLI core (and, as the engine
 * grows, the worker pool). Everything browser-safe is re-exported from the main entry.
 */
export * from "../index.js";
export { readJsonFile, loadProtocol } from "../cli/io.js";
export { runCli } from "../cli/main.js";
export type { Io } from "../cli/framework.js";
