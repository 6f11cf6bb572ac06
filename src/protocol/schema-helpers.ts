/** Schema builders that take their limits and messages from the bounds table (bounds.ts). */
import * as z from "zod/mini";
import { PROTOCOL_BOUNDS, type ProtocolBound, type ProtocolBoundKey } from "./bounds.js";

function boundMessages(bound: ProtocolBound): { below: string; above: string } {
  return { below: bound.belowMessage ?? bound.reason, above: bound.aboveMessage ?? bound.reason };
}

/** A number checked against its entry in {@link PROTOCOL_BOUNDS} (scale-dependent maxima are left to the rules). */
export function bounded(key: ProtocolBoundKey): z.ZodMiniNumber<number> {
  const bound: ProtocolBound = PROTOCOL_BOUNDS[key];
  const { below, above } = boundMessages(bound);
  // Range first, aborting on failure, then the integer check: 1e20 is reported once, as too big.
  const checks: z.core.$ZodCheck<number>[] = [];
  if (bound.min !== undefined) checks.push(bound.minExclusive ? z.gt(bound.min, { error: below, abort: true }) : z.gte(bound.min, { error: below, abort: true }));
  if (bound.max !== undefined) checks.push(bound.maxExclusive ? z.lt(bound.max, { error: above, abort: true }) : z.lte(bound.max, { error: above, abort: true }));
  if (bound.integer) checks.push(z.int());
  return z.number().check(...checks);
}

/** A list whose length is checked against its entry in {@link PROTOCOL_BOUNDS}. */
export function boundedList<T extends z.core.SomeType>(item: T, key: ProtocolBoundKey): z.ZodMiniArray<T> {
  const bound: ProtocolBound = PROTOCOL_BOUNDS[key];
  const { below, above } = boundMessages(bound);
  const checks: z.core.$ZodCheck<unknown[]>[] = [];
  if (bound.min !== undefined && bound.min > 0) checks.push(z.minLength(bound.min, { error: below }));
  if (bound.max !== undefined) checks.push(z.maxLength(bound.max, { error: above }));
  return z.array(item).check(...checks);
}

/** A string whose length is checked against its entry in {@link PROTOCOL_BOUNDS}. */
export function boundedString(key: "title" | "citation" | "label" | "reason" | "provenance[].path" | "provenance[].source" | "arms[].activeComparator.name"): z.ZodMiniString<string> {
  const bound: ProtocolBound = PROTOCOL_BOUNDS[key];
  return z.string().check(z.minLength(bound.min ?? 1), z.maxLength(bound.max ?? Number.MAX_SAFE_INTEGER, { error: bound.reason }));
}

/** A day counted from baseline (day 0). */
export const day = () => bounded("day");
/** A lower-case machine id. */
export const id = () =>
  z.string().check(
    z.maxLength(PROTOCOL_BOUNDS.id.max, { error: PROTOCOL_BOUNDS.id.reason }),
    z.regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "must be a lower-case id of letters, digits, '-' or '_'" }),
  );
