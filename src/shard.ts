/**
 * Shards: one run split over machines. Shard k of N computes its part of a run and writes it in
 * an envelope that says exactly which run it belongs to; merging checks that every shard belongs
 * to the same run (same library version, same identity hash of everything that defines the
 * result) and that each of the N parts is there exactly once, then hands the payloads, in shard
 * order, to the merge of their kind. A shard from another seed, protocol, design, target set or
 * version is refused with a ValidationError naming it, never merged.
 */
import { ValidationError, type ValidationIssue } from "./errors.js";
import { hashJson } from "./hash.js";
import { VERSION } from "./version.js";

export const SHARD_FORMAT = "mdma-trial-sim/shard";

/** Which part of a run: shard `index` (0-based) of `count`. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** A shard of a run of some kind, with its payload. */
export interface ShardEnvelope<K extends string = string, P = unknown> {
  readonly format: typeof SHARD_FORMAT;
  readonly kind: K;
  readonly version: string;
  /** Hash of everything that defines the merged result (the run's spec, without the shard). */
  readonly identity: string;
  /** The run's spec as given (for error messages and provenance). */
  readonly spec: unknown;
  readonly shard: ShardSpec;
  readonly payload: P;
}

/** Problems with a shard spec: 0 ≤ index < count, both integers, count ≤ 10,000. */
export function shardSpecIssues(shard: unknown, path = "shard"): ValidationIssue[] {
  const s = shard as Partial<ShardSpec> | null;
  if (s === null || typeof s !== "object") return [{ path, rule: "type", message: "must be an object { index, count }", received: shard }];
  const issues: ValidationIssue[] = [];
  if (!Number.isSafeInteger(s.count) || s.count! < 1 || s.count! > 10_000) issues.push({ path: `${path}.count`, rule: "range", message: "must be a whole number from 1 to 10,000", received: s.count });
  if (!Number.isSafeInteger(s.index) || s.index! < 0 || (Number.isSafeInteger(s.count) && s.index! >= s.count!)) issues.push({ path: `${path}.index`, rule: "range", message: "must be a whole number from 0 to count − 1", received: s.index });
  return issues;
}

/** Wrap a shard's payload for `kind`, identified by the run's `spec` (hashed; key order does not matter). */
export function shardEnvelope<K extends string, P>(kind: K, spec: unknown, shard: ShardSpec, payload: P): ShardEnvelope<K, P> {
  const issues = shardSpecIssues(shard);
  if (issues.length) throw new ValidationError("shard", issues);
  return { format: SHARD_FORMAT, kind, version: VERSION, identity: hashJson({ kind, spec }), spec, shard: { index: shard.index, count: shard.count }, payload };
}

function envelopeIssues(e: unknown, i: number): ValidationIssue[] {
  const path = `shards[${i}]`;
  const x = e as Partial<ShardEnvelope> | null;
  if (x === null || typeof x !== "object" || x.format !== SHARD_FORMAT) return [{ path, rule: "shard-format", message: `is not a shard written by mdma-trial-sim (format "${SHARD_FORMAT}")` }];
  const issues: ValidationIssue[] = [];
  if (typeof x.kind !== "string") issues.push({ path: `${path}.kind`, rule: "type", message: "must be a string" });
  if (typeof x.identity !== "string") issues.push({ path: `${path}.identity`, rule: "type", message: "must be a string" });
  if (x.version !== VERSION) issues.push({ path: `${path}.version`, rule: "same-version", message: `was written by mdma-trial-sim ${String(x.version)}, not ${VERSION}: results may differ between versions`, received: x.version });
  issues.push(...shardSpecIssues(x.shard, `${path}.shard`));
  return issues;
}

/**
 * Check that `shards` are the N shards of one run of `kind`, each once, and return their
 * payloads in shard order; otherwise one ValidationError listing every problem.
 */
export function checkShards<P>(kind: string, shards: readonly unknown[]): { readonly spec: unknown; readonly payloads: readonly P[] } {
  if (shards.length === 0) throw new ValidationError("shards", [{ path: "shards", rule: "non-empty", message: "needs at least one shard" }]);
  const issues = shards.flatMap((s, i) => envelopeIssues(s, i));
  if (issues.length) throw new ValidationError("shards", issues);
  const envelopes = shards as readonly ShardEnvelope<string, P>[];
  const first = envelopes[0]!;
  envelopes.forEach((e, i) => {
    if (e.kind !== kind) issues.push({ path: `shards[${i}].kind`, rule: "same-kind", message: `is a ${e.kind} shard; this merge takes ${kind} shards`, received: e.kind });
    if (e.identity !== first.identity) issues.push({ path: `shards[${i}].identity`, rule: "same-run", message: "belongs to another run than shards[0] (a different seed, protocol, design, settings or inputs)", received: e.identity });
    if (e.shard.count !== first.shard.count) issues.push({ path: `shards[${i}].shard.count`, rule: "same-count", message: `splits the run into ${e.shard.count} shards, shards[0] into ${first.shard.count}`, received: e.shard.count });
  });
  const seen = new Map<number, number>();
  envelopes.forEach((e, i) => {
    if (seen.has(e.shard.index)) issues.push({ path: `shards[${i}].shard.index`, rule: "each-once", message: `repeats shard ${e.shard.index} (also shards[${seen.get(e.shard.index)}])`, received: e.shard.index });
    else seen.set(e.shard.index, i);
  });
  for (let k = 0; k < first.shard.count; k++) if (!seen.has(k) && issues.length < 100) issues.push({ path: "shards", rule: "complete", message: `shard ${k} of ${first.shard.count} is missing` });
  if (issues.length) throw new ValidationError("shards", issues);
  const ordered = [...envelopes].sort((a, b) => a.shard.index - b.shard.index);
  return { spec: first.spec, payloads: ordered.map((e) => e.payload) };
}
