/**
 * A guard run on untrusted JSON input before any schema sees it: one iterative pass (no
 * recursion, so no stack overflow however deep the input) that rejects documents nested too
 * deeply or holding arrays, strings or objects too large for any valid input. Schemas then only
 * ever parse inputs of bounded size, so validation time and memory stay linear and small.
 */
import { formatPath, type ValidationIssue } from "./errors.js";

export interface InputLimits {
  /** Deepest nesting of arrays and objects any valid input has (the root is depth 0). */
  readonly maxDepth: number;
  /** Most items in any one array. */
  readonly maxArrayLength: number;
  /** Most fields in any one object. */
  readonly maxObjectKeys: number;
  /** Longest string (characters). */
  readonly maxStringLength: number;
  /** Most values in the whole document. */
  readonly maxNodes: number;
}

/**
 * Why each shape limit exists: the same for both kinds of input checked (protocols:
 * PROTOCOL_INPUT_LIMITS; published-result files: DEFAULT_INPUT_LIMITS), whose numbers differ.
 * Counted on the shipped inputs (the presets and examples/checks/*.json): at most 7 levels below
 * the root, 512 values, 13 fields in an object, 30 items in a list, 318 characters in a string.
 */
export const INPUT_LIMIT_REASONS: Readonly<Record<keyof InputLimits, string>> = {
  maxDepth: "well above the deepest shipped input (7 levels); a deeper document is refused in one iterative pass before any schema, whose parsers recurse, sees it",
  maxArrayLength: "well above the longest list of a shipped input (30 items) and any list the schemas' own bounds allow; a longer one is refused before parsing, so validation time stays linear",
  maxObjectKeys: "well above the widest object of a shipped input (13 fields); objects with unknown fields are refused by the schemas anyway",
  maxStringLength: "well above the longest string of a shipped input (318 characters: ids, labels, citations, notes); bounds the memory a parse can take",
  maxNodes: "far above the size of a shipped input (at most 512 values); bounds the work of the pass before the schema",
};

/** Limits generous for every input this library reads (protocols, published results, targets, options). */
export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxDepth: 32,
  maxArrayLength: 10_000,
  maxObjectKeys: 1_000,
  maxStringLength: 100_000,
  maxNodes: 1_000_000,
};

/**
 * Problems with the input's shape (at most one per kind of limit, the first met in document
 * order), or an empty list when it is within `limits`. The walk stops at the first problem of
 * each kind and never descends below `maxDepth`, so it is linear in the size of the input.
 */
export function inputShapeIssues(input: unknown, limits: InputLimits = DEFAULT_INPUT_LIMITS): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const report = (rule: string, path: readonly PropertyKey[], message: string, received?: unknown) => {
    if (seen.has(rule)) return;
    seen.add(rule);
    issues.push(received === undefined ? { path: formatPath(path), rule, message } : { path: formatPath(path), rule, message, received });
  };
  // Explicit stack of (value, path); paths are rebuilt only when a problem is reported.
  const stack: { value: unknown; path: readonly PropertyKey[] }[] = [{ value: input, path: [] }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    nodes++;
    if (nodes > limits.maxNodes) {
      report("input-size", [], `holds more than ${limits.maxNodes} values; no valid input is this large`);
      break;
    }
    if (typeof value === "string") {
      if (value.length > limits.maxStringLength) report("string-length", path, `is a string of ${value.length} characters; at most ${limits.maxStringLength} are allowed`);
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= limits.maxDepth) {
      report("nesting-depth", path, `is nested more than ${limits.maxDepth} levels deep; no valid input is`);
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength) {
        report("array-length", path, `has ${value.length} items; at most ${limits.maxArrayLength} are allowed in any list`, `array of ${value.length}`);
        continue;
      }
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxObjectKeys) {
      report("object-size", path, `has ${keys.length} fields; at most ${limits.maxObjectKeys} are allowed`);
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (value as Record<string, unknown>)[keys[i]!], path: [...path, keys[i]!] });
  }
  return issues;
}
