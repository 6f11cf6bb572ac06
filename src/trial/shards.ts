/**
 * Runs split over machines. A run's chunks are numbered as on one machine (chunkBounds); shard k
 * of N simulates the chunks whose index is k modulo N and keeps each chunk's partial summary
 * apart. Merging checks the shards (checkShards: same version, same run, each of the N once),
 * then merges every chunk partial in chunk order, exactly as a single run does, so the merged
 * result is the single run's, bit for bit. Trials runs and power curves shard this way; a
 * sample-size search cannot (each step depends on the last).
 */
import { ValidationError, type ValidationIssue } from "../errors.js";
import { checkShards, shardEnvelope, type ShardEnvelope, type ShardSpec } from "../shard.js";
import { canonicalJson, hashJson } from "../hash.js";
import { parseProtocol } from "../protocol/parse.js";
import { checkRunOptions, chunkBounds, chunkListOptions, DEFAULT_CHUNK_SIZE, progressReporter, type ChunkBounds, type RunOptions } from "./engine.js";
import { localChunkRunner, type ChunkRunner } from "./tasks.js";
import { gridSelection, specAtN, type PowerGridRunSpec } from "./power-grid.js";
import { protocolRunIdentity, protocolTask, trialsRunFromPartial, type ProtocolRunIdentity, type ProtocolRunSpec, type TrialsRun } from "./api.js";
import { mergePartial, newPartial, type SummaryPartial } from "./summary.js";
import { displayableCurve, powerGridIssues, powerIdentity, powerPoint, powerProvenance, type PowerCurveResult } from "./power-search.js";


/** One chunk's partial summary, as a shard keeps it. */
export interface ShardChunk {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly partial: SummaryPartial;
}

/** A trials shard's payload: the partials of the chunks it owns, in chunk order. */
export interface TrialsShardPayload {
  /** True when the shard was interrupted: it then misses chunks and cannot be merged. */
  readonly aborted: boolean;
  readonly chunks: readonly ShardChunk[];
}

/** What identifies a sharded trials run: the run's identity, trials and chunk size. */
export interface TrialsShardSpec extends ProtocolRunIdentity {
  readonly trials: number;
  readonly chunkSize: number;
  /** How chunks are shared out: chunk j belongs to shard j mod N. */
  readonly assignment: "chunk-index-mod-count";
}

export type TrialsShard = ShardEnvelope<"trials", TrialsShardPayload>;

/** The chunks of a run that shard `index` of `count` owns (chunk j belongs to shard j mod count). */
export function shardChunks(trials: number, chunkSize: number, shard: ShardSpec): ChunkBounds[] {
  return chunkBounds(trials, chunkSize).filter((c) => c.index % shard.count === shard.index);
}

export interface ShardRunOptions extends Omit<RunOptions, "keepRows"> {
  /** Where the chunks run (default: this thread). */
  readonly chunkRunner?: ChunkRunner;
}

async function runShardChunks(spec: ProtocolRunSpec, chunks: readonly ChunkBounds[], options: ShardRunOptions, report: ((done: number) => void) | undefined, runner: ChunkRunner): Promise<TrialsShardPayload> {
  const kept: ShardChunk[] = [];
  const listOptions = chunkListOptions(false, options.signal, report);
  const { aborted } = await runner({ ...spec, kind: "protocol" }, chunks, listOptions, (c) => kept.push({ index: c.index, start: c.start, end: c.end, partial: c.partial as SummaryPartial }));
  return { aborted, chunks: kept };
}

/**
 * Shard `shard.index` of `shard.count` of a run of `spec` (no rows are kept): the partials of
 * the chunks it owns, in an envelope that names the run. Merge the N shards with
 * {@link mergeTrialsShards}.
 */
export async function simulateTrialsShard(spec: ProtocolRunSpec, options: ShardRunOptions, shard: ShardSpec): Promise<TrialsShard> {
  checkRunOptions(options);
  const task = protocolTask(spec);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const identity: TrialsShardSpec = { ...protocolRunIdentity(spec, task), trials: options.trials, chunkSize, assignment: "chunk-index-mod-count" };
  const chunks = shardChunks(options.trials, chunkSize, shard);
  const report = progressReporter(chunks.reduce((s, c) => s + c.end - c.start, 0), options.onProgress);
  const payload = await runShardChunks(spec, chunks, options, report, options.chunkRunner ?? localChunkRunner);
  return shardEnvelope("trials", identity, shard, payload);
}

/** Problems with the chunk lists of checked shards: each shard holds exactly the chunks it owns, uninterrupted. */
function chunkListIssues(payloads: readonly TrialsShardPayload[], trials: number, chunkSize: number, pathOf: (k: number) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  payloads.forEach((p, k) => {
    const expected = shardChunks(trials, chunkSize, { index: k, count: payloads.length });
    const chunks: unknown = p?.chunks;
    if (p?.aborted === true) issues.push({ path: `${pathOf(k)}.payload.aborted`, rule: "complete-shard", message: `shard ${k} was interrupted before it finished: run it again` });
    else if (!Array.isArray(chunks) || chunks.length !== expected.length || expected.some((c, i) => (chunks[i] as ShardChunk)?.index !== c.index || (chunks[i] as ShardChunk)?.start !== c.start || (chunks[i] as ShardChunk)?.end !== c.end)) {
      issues.push({ path: `${pathOf(k)}.payload.chunks`, rule: "owned-chunks", message: `must hold the ${expected.length} chunks shard ${k} of ${payloads.length} owns (chunk j belongs to shard j mod ${payloads.length})` });
    }
  });
  return issues;
}

const brief = (v: unknown) => {
  const text = canonicalJson(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** For shards of another run than shards[0]: which fields of the run differ (the seed, the protocol's hash, the design, ...). */
export function runDifferences(shards: readonly unknown[]): ValidationIssue[] {
  const first = shards[0] as Partial<ShardEnvelope> | undefined;
  const a = (first?.spec ?? {}) as Record<string, unknown>;
  return shards.flatMap((shard, i) => {
    const e = shard as Partial<ShardEnvelope> | null;
    if (i === 0 || !e || e.identity === first?.identity || typeof e.spec !== "object" || e.spec === null) return [];
    const b = e.spec as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]));
    return keys.map((k) => ({ path: `shards[${i}].spec.${k}`, rule: "same-run", message: `is ${brief(b[k])}, in shards[0] ${brief(a[k])}: these shards come from different runs`, received: b[k] }));
  });
}

/** The run spec shards carry, checked against the identity hash they were written with (a corrupted spec is refused). */
function checkedSpec<P>(kind: string, shards: readonly unknown[]): { spec: unknown; payloads: readonly P[] } {
  let checked: { spec: unknown; payloads: readonly P[] };
  try {
    checked = checkShards<P>(kind, shards);
  } catch (err) {
    if (!(err instanceof ValidationError) || !err.issues.some((i) => i.rule === "same-run")) throw err;
    throw new ValidationError("shards", [...err.issues, ...runDifferences(shards)]);
  }
  const identity = (shards[0] as ShardEnvelope).identity;
  if (hashJson({ kind, spec: checked.spec }) !== identity) throw new ValidationError("shards", [{ path: "shards[0].spec", rule: "identity", message: "does not match the identity it was written with: the file was changed after it was written" }]);
  return checked;
}

/** Merge with a clear error when a payload is malformed (a shard changed after it was written). */
function mergingWellFormed<T>(merge: () => T): T {
  try {
    return merge();
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError("shards", [{ path: "payload", rule: "well-formed", message: `is not a partial result this version wrote (${(err as Error).message})` }]);
  }
}

/** Every chunk partial of the shards, in chunk order (chunk j is in shard j mod N). */
function chunksInOrder(payloads: readonly TrialsShardPayload[]): ShardChunk[] {
  const total = payloads.reduce((s, p) => s + p.chunks.length, 0);
  return Array.from({ length: total }, (_, j) => payloads[j % payloads.length]!.chunks[Math.floor(j / payloads.length)]!);
}

function mergedPartial(identity: ProtocolRunIdentity, chunks: readonly ShardChunk[]): SummaryPartial {
  const partial = newPartial(identity.design.armIds, identity.design.comparisonArms);
  for (const c of chunks) mergePartial(partial, c.partial);
  return partial;
}

/**
 * Merge the N shards of one trials run into the run's result, identical (bit for bit) to the
 * single run without rows. Shards of another run, kind or version, missing, repeated or
 * interrupted shards are refused with one ValidationError naming each.
 */
export function mergeTrialsShards(shards: readonly unknown[]): TrialsRun {
  const { spec, payloads } = checkedSpec<TrialsShardPayload>("trials", shards);
  const identity = spec as TrialsShardSpec;
  const issues = chunkListIssues(payloads, identity.trials, identity.chunkSize, (k) => `shard ${k}`);
  if (issues.length) throw new ValidationError("shards", issues);
  const { trials: _t, chunkSize, assignment: _a, ...runIdentity } = identity;
  return mergingWellFormed(() => {
    const partial = mergedPartial(runIdentity, chunksInOrder(payloads));
    return trialsRunFromPartial(runIdentity, partial, { completedTrials: identity.trials, aborted: false, chunkSize }, identity.trials);
  });
}

// ---- Power curves -------------------------------------------------------------------------------

/** A power-curve shard's payload: per grid point, the partials of the chunks this shard owns. */
export interface PowerShardPayload {
  readonly aborted: boolean;
  readonly points: readonly TrialsShardPayload[];
}

/** What identifies a sharded power curve: the curve's provenance inputs, and each point's run identity. */
export interface PowerShardSpec {
  readonly curve: ReturnType<typeof powerIdentity>;
  readonly grid: readonly number[];
  readonly trials: number;
  readonly chunkSize: number;
  readonly assignment: "chunk-index-mod-count";
  readonly points: readonly ProtocolRunIdentity[];
  /**
   * How the points were computed (power-grid.ts): one simulation analysed at every n, on each
   * point's first participants or each arm's first, courses up to the analysis horizon; or each
   * point a whole run of its own. Shards computed differently are different runs.
   */
  readonly method: (typeof POWER_SHARD_METHODS)[number];
}

/** The ways a power shard's points can have been computed (PowerShardSpec.method). */
const POWER_SHARD_METHODS = ["nested-enrolment-prefix", "nested-first-per-arm", "point-by-point"] as const;

export type PowerShard = ShardEnvelope<"power", PowerShardPayload>;

/** Shard `shard.index` of `shard.count` of a power curve over `grid`: at every point, the chunks this shard owns. */
export async function powerCurveShard(spec: ProtocolRunSpec, grid: readonly number[], options: ShardRunOptions, shard: ShardSpec): Promise<PowerShard> {
  checkRunOptions(options, "power curve options");
  const gridIssues = powerGridIssues(grid);
  if (gridIssues.length) throw new ValidationError("power curve", gridIssues);
  const protocol = parseProtocol(spec.protocol);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const specs = grid.map((n) => specAtN(protocol, spec, n));
  const selection = gridSelection(protocol, spec, grid);
  const method = selection ? (`nested-${selection}` as const) : "point-by-point";
  const identity: PowerShardSpec = { curve: powerIdentity(spec, protocol, grid[0]!), grid: [...grid], trials: options.trials, chunkSize, assignment: "chunk-index-mod-count", points: specs.map((s) => protocolRunIdentity(s, protocolTask(s))), method };
  const chunks = shardChunks(options.trials, chunkSize, shard);
  const runner = options.chunkRunner ?? localChunkRunner;
  const payload = selection ? await nestedPowerShard({ kind: "power-grid", run: spec, grid }, chunks, options, runner) : await pointByPointPowerShard(specs, chunks, options, runner);
  return shardEnvelope("power", identity, shard, payload);
}

/**
 * A power shard's chunks, each trial simulated once and analysed at every point (power-grid.ts):
 * per point, the partials of its trials up to the analysis horizon, whose power is what the
 * unsharded powerCurve finds.
 */
async function nestedPowerShard(grid: PowerGridRunSpec, chunks: readonly ChunkBounds[], options: ShardRunOptions, runner: ChunkRunner): Promise<PowerShardPayload> {
  const points: ShardChunk[][] = grid.grid.map(() => []);
  const report = progressReporter(chunks.reduce((s, c) => s + c.end - c.start, 0), options.onProgress);
  const listOptions = chunkListOptions(false, options.signal, report);
  const { aborted } = await runner(grid, chunks, listOptions, (c) => {
    (c.partial as SummaryPartial[]).forEach((partial, i) => points[i]!.push({ index: c.index, start: c.start, end: c.end, partial }));
  });
  return { aborted, points: points.map((kept) => ({ aborted, chunks: kept })) };
}

/** A power shard's chunks, point after point (a grid that cannot be nested: fixed randomization where an arm would shrink as n grows). */
async function pointByPointPowerShard(specs: readonly ProtocolRunSpec[], chunks: readonly ChunkBounds[], options: ShardRunOptions, runner: ChunkRunner): Promise<PowerShardPayload> {
  const perPoint = chunks.reduce((s, c) => s + c.end - c.start, 0);
  const report = progressReporter(perPoint * specs.length, options.onProgress);
  const points: TrialsShardPayload[] = [];
  for (const [i, s] of specs.entries()) {
    if (points.some((p) => p.aborted)) break;
    points.push(await runShardChunks(s, chunks, options, report ? (done) => report(i * perPoint + done) : undefined, runner));
  }
  return { aborted: points.length < specs.length || points.some((p) => p.aborted), points };
}

/** Merge the N shards of one power curve into the curve's result, identical to the single run's. */
export function mergePowerShards(shards: readonly unknown[]): PowerCurveResult {
  const { spec, payloads } = checkedSpec<PowerShardPayload>("power", shards);
  const identity = spec as PowerShardSpec;
  const issues: ValidationIssue[] = [];
  if (!POWER_SHARD_METHODS.includes(identity.method)) {
    issues.push({ path: "shards[0].spec.method", rule: "known-method", message: `must say how the points were computed (${POWER_SHARD_METHODS.join(", ")}): these shards were written by an earlier build; run them again with this one`, received: identity.method });
  }
  payloads.forEach((p, k) => {
    if (p?.aborted === true || !Array.isArray(p?.points) || p.points.length !== identity.grid.length) issues.push({ path: `shard ${k}.payload`, rule: "complete-shard", message: `shard ${k} is incomplete (interrupted, or not every point of the grid): run it again` });
  });
  if (issues.length) throw new ValidationError("shards", issues);
  const points = mergingWellFormed(() => identity.grid.map((n, i) => {
    const pointPayloads = payloads.map((p) => p.points[i]!);
    const listIssues = chunkListIssues(pointPayloads, identity.trials, identity.chunkSize, (k) => `shard ${k}.points[${i}]`);
    if (listIssues.length) throw new ValidationError("shards", listIssues);
    const run = trialsRunFromPartial(identity.points[i]!, mergedPartial(identity.points[i]!, chunksInOrder(pointPayloads)), { completedTrials: identity.trials, aborted: false, chunkSize: identity.chunkSize }, identity.trials);
    return powerPoint(run, n, identity.curve.seed);
  }));
  return displayableCurve({ provenance: powerProvenance(identity.curve, identity.trials, identity.chunkSize, identity.trials * identity.grid.length, false), points });
}

// ---- Serialization --------------------------------------------------------------------------------

const MAP_TAG = "$map";
const NUMBER_TAG = "$number";

/**
 * A shard as JSON text. Partials hold Maps (histogram bins) and may hold ±Infinity (the range of
 * no values), which JSON cannot: they are written as {"$map": entries} and {"$number": "Infinity"}
 * and read back by {@link parseShardJson}, so a shard survives the round trip exactly.
 */
export function shardToJson(shard: ShardEnvelope): string {
  return JSON.stringify(shard, (_key, value: unknown) => {
    if (value instanceof Map) return { [MAP_TAG]: [...value.entries()] };
    if (typeof value === "number" && !Number.isFinite(value)) return { [NUMBER_TAG]: String(value) };
    return value;
  });
}

/** Parse shard JSON text written by {@link shardToJson} (plain JSON parses as it is). */
export function parseShardJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length !== 1) return value;
    const inner = (value as Record<string, unknown>)[keys[0]!];
    if (keys[0] === MAP_TAG && Array.isArray(inner)) return new Map(inner as [unknown, unknown][]);
    if (keys[0] === NUMBER_TAG && (inner === "Infinity" || inner === "-Infinity" || inner === "NaN")) return Number(inner);
    return value;
  });
}
