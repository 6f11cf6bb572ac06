/** Schema builders that take their limits and messages from the bounds table (bounds.ts). */
import * as z from "zod";
import { PROTOCOL_BOUNDS, type ProtocolBound, type ProtocolBoundKey } from "./bounds.js";

function boundMessages(bound: ProtocolBound): { below: string; above: string } {
  return { below: bound.belowMessage ?? bound.reason, above: bound.aboveMessage ?? bound.reason };
}

/** A number checked against its entry in {@link PROTOCOL_BOUNDS} (scale-dependent maxima are left to the rules). */
export function bounded(key: ProtocolBoundKey): z.ZodNumber {
  const bound: ProtocolBound = PROTOCOL_BOUNDS[key];
  const { below, above } = boundMessages(bound);
  // Range first, aborting on failure, then the integer check: 1e20 is reported once, as too big.
  let schema = z.number();
  if (bound.min !== undefined) schema = bound.minExclusive ? schema.gt(bound.min, { error: below, abort: true }) : schema.min(bound.min, { error: below, abort: true });
  if (bound.max !== undefined) schema = bound.maxExclusive ? schema.lt(bound.max, { error: above, abort: true }) : schema.max(bound.max, { error: above, abort: true });
  return bound.integer ? schema.int() : schema;
}

/** A list whose length is checked against its entry in {@link PROTOCOL_BOUNDS}. */
export function boundedList<T extends z.ZodType>(item: T, key: ProtocolBoundKey): z.ZodArray<T> {
  const bound: ProtocolBound = PROTOCOL_BOUNDS[key];
  const { below, above } = boundMessages(bound);
  let schema = z.array(item);
  if (bound.min !== undefined && bound.min > 0) schema = schema.min(bound.min, { error: below });
  if (bound.max !== undefined) schema = schema.max(bound.max, { error: above });
  return schema;
}

/** A string whose length is checked against its entry in {@link PROTOCOL_BOUNDS}. */
export function boundedString(key: "title" | "citation" | "label" | "reason" | "provenance[].path" | "provenance[].source" | "arms[].activeComparator.name"): z.ZodString {
  const bound: ProtocolBound = PROTOCOL_BOUNDS[key];
  return z.string().min(bound.min ?? 1).max(bound.max ?? Number.MAX_SAFE_INTEGER, { error: bound.reason });
}

/** A day counted from baseline (day 0). */
export const day = () => bounded("day");
/** A lower-case machine id. */
export const id = () =>
  z
    .string()
    .max(PROTOCOL_BOUNDS.id.max, { error: PROTOCOL_BOUNDS.id.reason })
    .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "must be a lower-case id of letters, digits, '-' or '_'" });

