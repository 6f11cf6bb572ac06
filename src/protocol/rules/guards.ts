/**
 * Small type guards that turn the parts of an unknown input the rules may trust into typed
 * views. Each reads only the fields the rules use, checks their types, and copies them out, so
 * the rules never touch `unknown` (or `any`) and never see a value of the wrong type.
 */
import type { Path } from "./clean-paths.js";

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An own field of a record, or undefined. */
export function field(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function child(container: unknown, key: PropertyKey): unknown {
  if (Array.isArray(container)) {
    const list: readonly unknown[] = container;
    return typeof key === "number" && Number.isInteger(key) && key >= 0 && key < list.length ? list[key] : undefined;
  }
  return isRecord(container) && typeof key === "string" ? field(container, key) : undefined;
}

/** The value at `path` in `root`, following own properties only (undefined when absent). */
export function valueAt(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (const key of path) current = child(current, key);
  return current;
}

/** The value when it is a number (NaN and infinities included: the schema reports those). */
export const asNumber = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
/** The value when it is a string. */
export const asString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Every item read by `read`, or undefined when the value is not a list or any item does not read. */
export function asList<T>(value: unknown, read: (item: unknown) => T | undefined): readonly T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: T[] = [];
  for (const item of value) {
    const typed = read(item);
    if (typed === undefined) return undefined;
    out.push(typed);
  }
  return out;
}

/** A number field of a value that should be a record (undefined when either is not). */
const numberField = (value: unknown, key: string): number | undefined => (isRecord(value) ? asNumber(field(value, key)) : undefined);

export interface DatedSessionView {
  readonly day: number;
}
export interface DrugSessionView {
  readonly day: number;
  readonly durationH: number;
}
export interface IntegrationView {
  readonly day: number;
  readonly afterSession: number;
}
export interface SupplementalView {
  readonly mg: number;
  readonly offeredAtH: { readonly earliest: number; readonly latest: number };
}
export interface DosingView {
  readonly initialMg: number;
  readonly supplemental?: SupplementalView;
}
export interface AssessmentView {
  readonly id: string;
  readonly day: number;
  readonly kind: string;
}
export interface ThresholdView {
  readonly id: string;
  readonly measure: string;
  readonly above: number;
  readonly reference: string;
  readonly actions: readonly string[];
  readonly repeatAfterMin?: number;
}

/** A session with a day. */
export function readDated(value: unknown): DatedSessionView | undefined {
  const day = numberField(value, "day");
  return day === undefined ? undefined : { day };
}

/** A drug session: day and planned hours. */
export function readDrugSession(value: unknown): DrugSessionView | undefined {
  const day = numberField(value, "day");
  const durationH = numberField(value, "durationH");
  return day === undefined || durationH === undefined ? undefined : { day, durationH };
}

/** An integration session: day and the index of the session it follows. */
export function readIntegration(value: unknown): IntegrationView | undefined {
  const day = numberField(value, "day");
  const afterSession = numberField(value, "afterSession");
  return day === undefined || afterSession === undefined ? undefined : { day, afterSession };
}

/** A dosing: initial mg and the optional supplemental dose with its offer window. */
export function readDosing(value: unknown): DosingView | undefined {
  if (!isRecord(value)) return undefined;
  const initialMg = asNumber(field(value, "initialMg"));
  if (initialMg === undefined) return undefined;
  const supplemental = field(value, "supplemental");
  if (supplemental === undefined) return { initialMg };
  if (!isRecord(supplemental)) return undefined;
  const mg = asNumber(field(supplemental, "mg"));
  const window = field(supplemental, "offeredAtH");
  const earliest = numberField(window, "earliest");
  const latest = numberField(window, "latest");
  if (mg === undefined || earliest === undefined || latest === undefined) return undefined;
  return { initialMg, supplemental: { mg, offeredAtH: { earliest, latest } } };
}

/** An assessment: id, day and kind. */
export function readAssessment(value: unknown): AssessmentView | undefined {
  if (!isRecord(value)) return undefined;
  const id = asString(field(value, "id"));
  const day = asNumber(field(value, "day"));
  const kind = asString(field(value, "kind"));
  return id === undefined || day === undefined || kind === undefined ? undefined : { id, day, kind };
}

/** A monitoring threshold (reference defaults to "absolute", as in the schema). */
export function readThreshold(value: unknown): ThresholdView | undefined {
  if (!isRecord(value)) return undefined;
  const id = asString(field(value, "id"));
  const measure = asString(field(value, "measure"));
  const above = asNumber(field(value, "above"));
  const reference = field(value, "reference") === undefined ? "absolute" : asString(field(value, "reference"));
  const actions = asList(field(value, "actions"), asString);
  const repeat = field(value, "repeatAfterMin");
  const repeatAfterMin = asNumber(repeat);
  if (id === undefined || measure === undefined || above === undefined || reference === undefined || actions === undefined) return undefined;
  if (repeat !== undefined && repeatAfterMin === undefined) return undefined;
  return repeatAfterMin === undefined ? { id, measure, above, reference, actions } : { id, measure, above, reference, actions, repeatAfterMin };
}
