import { readFileSync } from "node:fs";
import { UsageError } from "./framework.js";
import { ValidationError } from "../errors.js";
import { isPresetId, PRESET_IDS, preset, parseProtocol, type Protocol } from "../protocol/index.js";

/** Read and parse a JSON file; bad JSON is a ValidationError at the root, with the parser's message. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read '${path}': ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`JSON in ${path}`, [{ path: "(root)", rule: "json", message: `is not valid JSON: ${(err as Error).message}` }]);
  }
}

/** A protocol named by a preset id or a path to a JSON file. */
export function loadProtocol(ref: string): Protocol {
  if (isPresetId(ref)) return preset(ref);
  if (!ref.includes("/") && !ref.includes("\\") && !ref.endsWith(".json")) {
    throw new UsageError(`'${ref}' is neither a preset (${PRESET_IDS.join(", ")}) nor a .json file`);
  }
  return parseProtocol(readJsonFile(ref));
}
