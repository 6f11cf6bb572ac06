/**
 * Errors are data. Every problem found in an input is one {@link ValidationIssue} with the
 * path to the offending value (`arms[1].sessions[0].supplemental.mg`), the rule it broke,
 * a sentence saying so, and the value received. A {@link ValidationError} carries all of them
 * at once, so a user fixes a file in one pass instead of one error at a time.
 */
import type * as z from "zod/mini";

/**
 * One problem found in an input: the path to the value, the rule it broke, a sentence saying so
 * and the value received. A ValidationError's `issues` lists them, and checkProtocol returns them
 * for a protocol that is not valid.
 */
export interface ValidationIssue {
  /** Path to the value, in JavaScript accessor form: `arms[1].sessions[0].supplemental.mg`. */
  readonly path: string;
  /** Short, stable name of the rule that failed (`supplemental-not-above-initial`, `type`, ...). */
  readonly rule: string;
  /** One sentence a clinician or a programmer can act on. */
  readonly message: string;
  /** The value found at the path, when there was one. */
  readonly received?: unknown;
}

/** The one error bad input raises: every problem found, each with its path, rule, message and the value received. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  readonly issues: readonly ValidationIssue[];
  /** What was being validated: "protocol", "published result", "sampler parameters", ... */
  readonly subject: string;

  constructor(subject: string, issues: readonly ValidationIssue[]) {
    super(formatIssues(subject, issues));
    this.subject = subject;
    this.issues = issues;
  }
}

/** How far a computation in stages had got: the last step it reported, the steps done of its stage and the stage's total. */
export interface StageReached {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

/**
 * What a call that cannot return part of its work throws when its AbortSignal fires (a
 * calibration: a posterior from chains cut short would be misleading, so none is returned). Runs
 * of trials do not throw it: they return the trials completed with `aborted: true`. Its name is
 * "AbortError", as for an aborted fetch; `reached` is the last step reported before the stop
 * (null when none was), `subject` what was stopped, `cause` the signal's reason.
 */
export class AbortError extends Error {
  override readonly name = "AbortError";
  /** What was interrupted: "calibration", ... */
  readonly subject: string;
  readonly reached: StageReached | null;

  constructor(subject: string, reached: StageReached | null, options: { readonly nothingReturned?: string; readonly cause?: unknown } = {}) {
    const where = reached ? `after ${reached.stage} (${reached.done}/${reached.total})` : "before its first step";
    super(`${subject} interrupted ${where}${options.nothingReturned ? `: ${options.nothingReturned}` : ""}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.subject = subject;
    this.reached = reached;
  }
}

/** `["arms", 1, "sessions", 0, "mg"]` → `arms[1].sessions[0].mg`; the root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_$][\w$]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out === "" ? "(root)" : out;
}

/** How many characters of a received value a message shows. */
const RECEIVED_MAX_CHARS = 60;

type JsonFrame =
  | { readonly kind: "array"; readonly value: readonly unknown[]; index: number }
  | { readonly kind: "object"; readonly value: object; readonly keys: readonly string[]; index: number; wrote: boolean };

/** A property of any value, or a marker when reading it throws (a getter, a proxy). */
function readProperty(container: object, key: PropertyKey): unknown {
  try {
    return Reflect.get(container, key);
  } catch {
    return "[unreadable]";
  }
}

/** What JSON.stringify serializes in place of a value: the result of its toJSON, if it has one. */
function jsonReplacement(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  try {
    const toJson: unknown = Reflect.get(value, "toJSON");
    return typeof toJson === "function" ? Reflect.apply(toJson, value, []) : value;
  } catch {
    return "[unserializable]";
  }
}

/** JSON text of a value that is not an object (undefined when JSON leaves it out). */
function leafJson(value: unknown, limit: number): string | undefined {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > limit ? value.slice(0, limit) : value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined; // undefined, functions and symbols
}

function ownKeys(value: object): readonly string[] {
  try {
    return Object.keys(value);
  } catch {
    return [];
  }
}

/**
 * The start of a value's JSON text, as JSON.stringify would write it, stopping once it is longer
 * than `limit` characters. Iterative (no recursion, however deep the value), safe on cycles
 * (written as "[Circular]") and on throwing getters, and it reads only as much of the value as
 * it writes, so its time is bounded by `limit` and the widths of the objects it opens.
 * Undefined when JSON leaves the value out entirely (undefined, a function, a symbol).
 */
function boundedJson(root: unknown, limit: number): string | undefined {
  const parts: string[] = [];
  let length = 0;
  const write = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  const frames: JsonFrame[] = [];
  const open = new Set<object>();
  const enter = (value: unknown): boolean => {
    if (typeof value !== "object" || value === null) {
      const text = leafJson(value, limit);
      if (text !== undefined) write(text);
      return text !== undefined;
    }
    if (open.has(value)) {
      write('"[Circular]"');
      return true;
    }
    open.add(value);
    write(Array.isArray(value) ? "[" : "{");
    frames.push(Array.isArray(value) ? { kind: "array", value, index: 0 } : { kind: "object", value, keys: ownKeys(value), index: 0, wrote: false });
    return true;
  };
  if (!enter(jsonReplacement(root))) return undefined;
  while (frames.length > 0 && length <= limit) {
    const frame = frames[frames.length - 1]!;
    const size = frame.kind === "array" ? frame.value.length : frame.keys.length;
    if (frame.index >= size) {
      write(frame.kind === "array" ? "]" : "}");
      open.delete(frame.value);
      frames.pop();
    } else if (frame.kind === "array") {
      if (frame.index > 0) write(",");
      if (!enter(jsonReplacement(readProperty(frame.value, frame.index++)))) write("null");
    } else {
      const key = frame.keys[frame.index++]!;
      const item = jsonReplacement(readProperty(frame.value, key));
      if (typeof item === "undefined" || typeof item === "function" || typeof item === "symbol") continue;
      write(`${frame.wrote ? "," : ""}${JSON.stringify(key)}:`);
      frame.wrote = true;
      enter(item);
    }
  }
  return parts.join("");
}

/**
 * A received value as a short text for a message: its JSON (cut to 60 characters), in time and
 * memory bounded whatever the value (deep, cyclic, huge).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  let text = boundedJson(value, RECEIVED_MAX_CHARS);
  if (text === undefined) {
    try {
      text = String(value).slice(0, RECEIVED_MAX_CHARS + 1);
    } catch {
      text = typeof value;
    }
  }
  return text.length > RECEIVED_MAX_CHARS ? `${text.slice(0, RECEIVED_MAX_CHARS - 3)}...` : text;
}

/** The text of a {@link ValidationError}: a head line, then one line per problem with its path, rule and value. */
export function formatIssues(subject: string, issues: readonly ValidationIssue[]): string {
  const head = `Invalid ${subject}: ${issues.length} problem${issues.length === 1 ? "" : "s"}`;
  const lines = issues.map((issue) => {
    const got = "received" in issue ? ` (received ${describeValue(issue.received)})` : "";
    return `  - ${issue.path}: ${issue.message} [${issue.rule}]${got}`;
  });
  return [head, ...lines].join("\n");
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return { found: false, value: undefined };
    if (!(key in (cur as object))) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

const ZOD_RULES: Record<string, string> = {
  invalid_type: "type",
  too_small: "minimum",
  too_big: "maximum",
  invalid_format: "format",
  not_multiple_of: "multiple-of",
  unrecognized_keys: "unknown-field",
  invalid_union: "one-of",
  invalid_key: "key",
  invalid_element: "element",
  invalid_value: "allowed-values",
  custom: "rule",
};

/**
 * zod's own messages start like this; anything else was written by a schema author. The schemas
 * use zod/mini, which loads no locale, so zod's message is "Invalid input" whatever the issue; the
 * English locale's messages (classic zod loads it) are recognised too.
 */
const ZOD_DEFAULT_MESSAGE = /^(Too (small|big)|Invalid|Unrecognized|Expected|Number must|String must|Array must)/;

function zodMessage(issue: z.core.$ZodIssue, found: { found: boolean; value: unknown }): string {
  const generic = genericMessage(issue, found);
  const own = issue.message && !ZOD_DEFAULT_MESSAGE.test(issue.message) && issue.message !== generic ? issue.message : undefined;
  return own && issue.code !== "custom" ? `${generic}: ${own}` : generic;
}

function genericMessage(issue: z.core.$ZodIssue, found: { found: boolean; value: unknown }): string {
  switch (issue.code) {
    case "invalid_type":
      if (!found.found) return `is required (expected ${issue.expected})`;
      if (issue.expected === "number" && typeof found.value === "number") return "must be a finite number";
      if (issue.expected === "int") return typeof found.value === "number" ? "must be an integer" : `must be an integer, not ${typeOfValue(found.value)}`;
      return `must be ${article(issue.expected)} ${issue.expected}, not ${typeOfValue(found.value)}`;
    case "too_small": {
      const bound = String(issue.minimum);
      if (issue.origin === "array") return `must have at least ${bound} item${bound === "1" ? "" : "s"}`;
      if (issue.origin === "string") return `must be at least ${bound} character${bound === "1" ? "" : "s"} long`;
      return `must be ${issue.inclusive ? "at least" : "greater than"} ${bound}`;
    }
    case "too_big": {
      const bound = String(issue.maximum);
      if (issue.origin === "array") return `must have at most ${bound} items`;
      if (issue.origin === "string") return `must be at most ${bound} characters long`;
      return `must be ${issue.inclusive ? "at most" : "less than"} ${bound}`;
    }
    case "unrecognized_keys":
      return `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => `"${k}"`).join(", ")} (check the spelling; unknown fields are rejected so that typos do not pass silently)`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return `must match the format ${issue.format}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    case "invalid_union":
      return "does not match any of the allowed shapes";
    // The English locale's texts, written here because zod/mini loads no locale.
    case "invalid_key":
      return `Invalid key in ${issue.origin}`;
    case "invalid_element":
      return `Invalid value in ${issue.origin}`;
    default:
      return issue.message;
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

function typeOfValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && Number.isInteger(value)) return "an integer";
  return typeof value;
}

/**
 * Turn zod's issues into ours. `input` is the raw value that was parsed; it is used to report
 * what was received at each path. A custom issue may carry `params: { rule }`.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  // A work stack (last item next) instead of recursion: a union's best branch is expanded in place.
  const pending: z.core.$ZodIssue[] = [...issues].reverse();
  while (pending.length > 0) {
    const issue = pending.pop()!;
    if (issue.code === "invalid_union" && "options" in issue && Array.isArray((issue as { options?: unknown[] }).options)) {
      // A discriminated union whose tag matched none of its options.
      const options = (issue as unknown as { options: unknown[] }).options;
      const found = valueAt(input, issue.path);
      const base = { path: formatPath(issue.path), rule: "allowed-values", message: `must be one of ${options.map((o) => JSON.stringify(o)).join(", ")}` };
      out.push(found.found ? { ...base, received: found.value } : base);
      continue;
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // Report the branch that got furthest instead of "matches nothing": the one with the fewest issues.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
      const nested = best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })) as z.core.$ZodIssue[];
      for (let i = nested.length - 1; i >= 0; i--) pending.push(nested[i]!);
      continue;
    }
    out.push(...issuesFromZodIssue(issue, input));
  }
  return out;
}

/** Our issues for one zod issue that is not a union (an unknown-keys issue gives one per key). */
function issuesFromZodIssue(issue: z.core.$ZodIssue, input: unknown): ValidationIssue[] {
  const found = valueAt(input, issue.path);
  const custom = issue.code === "custom" ? (issue.params as { rule?: string } | undefined) : undefined;
  const rule = custom?.rule ?? ZOD_RULES[issue.code] ?? issue.code;
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const keyPath = [...issue.path, key];
      return {
        path: formatPath(keyPath),
        rule,
        message: `unknown field "${key}" (check the spelling; unknown fields are rejected so that typos do not pass silently)`,
        received: valueAt(input, keyPath).value,
      };
    });
  }
  const base = { path: formatPath(issue.path), rule, message: zodMessage(issue, found) };
  return [found.found ? { ...base, received: found.value } : base];
}

/**
 * Parse `input` with `schema`, or throw one {@link ValidationError} listing every problem.
 * This is the single boundary through which public entry points accept user data.
 */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(subject, fromZodIssues(result.error.issues, input));
}

/**
 * Throw one ValidationError when a result that should have been awaited is still a Promise
 * (`calibrationSummary()`, `defaultCalibration()` and the runs are async): otherwise a chart or a
 * display would fail deep inside with "cannot read properties of undefined".
 */
export function rejectPending(value: unknown, subject: string): void {
  if (isPending(value)) {
    throw new ValidationError(subject, [{ path: "result", rule: "not-a-promise", message: "is a Promise: await it first (for example `await calibrationSummary()`)" }]);
  }
}

/** A Promise, or any object with a `then` method (what `await` would wait for). */
export function isPending(value: unknown): boolean {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}
