/**
 * Files: JSON input for the library's Node entry and the CLI. Every failure is a
 * ValidationError naming what was wrong (an unreadable file, bad JSON, an unknown preset), so
 * callers catch one exported error type.
 */
import { readFileSync } from "node:fs";
import { ValidationError } from "../errors.js";
import { isPresetId, PRESET_IDS, preset, parseProtocol, type Protocol } from "../protocol/index.js";

/**
 * Read and parse a JSON file (a leading UTF-8 byte-order mark is allowed); bad JSON or an
 * unreadable file is a ValidationError. `parse` reads the text (JSON.parse, or a reader of tagged JSON).
 */
export function readJsonFile(path: string, parse: (text: string) => unknown = JSON.parse): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ValidationError(`file ${path}`, [{ path: "(file)", rule: "readable", message: code === "ENOENT" ? "does not exist" : `cannot be read (${(err as Error).message})`, received: path }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return parse(text);
  } catch (err) {
    throw new ValidationError(`JSON in ${path}`, [{ path: "(root)", rule: "json", message: `is not valid JSON: ${(err as Error).message}` }]);
  }
}

/** A protocol named by a preset id or a path to a JSON file, validated. */
export function loadProtocol(ref: string): Protocol {
  if (isPresetId(ref)) return preset(ref);
  if (!ref.includes("/") && !ref.includes("\\") && !ref.endsWith(".json")) {
    throw new ValidationError("protocol reference", [{ path: "(protocol)", rule: "preset-or-file", message: `is neither a preset (${PRESET_IDS.join(", ")}) nor a .json file`, received: ref }]);
  }
  return parseProtocol(readJsonFile(ref));
}
