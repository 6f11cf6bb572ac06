/**
 * Options shared by the commands that run trials (simulate, power, check): which protocol, the
 * design, the run's size, workers, shards and plots. They are parsed here and handed to the
 * library, which validates them (one ValidationError with paths); the CLI adds no limits of
 * its own but the machine's (workers) and the syntax of a flag.
 */
import { availableParallelism } from "node:os";
import { type CommandContext, choiceOption, intOption, numberOption, seedOption, stringOption, UsageError, type OptionSpec } from "./framework.js";
import { loadProtocol, readJsonFile } from "../node/files.js";
import type { Protocol } from "../protocol/schema.js";
import { ANALYSES, DESIGN_CHOICES, DESIGN_DEFAULTS, type TrialDesignInput } from "../trial/design.js";
import { designWithNPerArm, simulateTrials, type ProtocolRunSpec } from "../trial/api.js";
import { DEFAULT_CHUNK_SIZE, RUN_OPTION_BOUNDS, WORKER_COUNT_BOUNDS } from "../trial/engine.js";
import type { Runner } from "../trial/power-search.js";
import { localChunkRunner, type ChunkRunner } from "../trial/tasks.js";
import type { ShardSpec } from "../shard.js";
import { poolRunner, poolChunkRunner, WorkerPool } from "../node/parallel.js";

/** Most worker threads --force-workers allows (WORKER_COUNT_BOUNDS, with the reason). */
export const MAX_FORCED_WORKERS = WORKER_COUNT_BOUNDS.forced.max;

export const PROTOCOL_SOURCE_OPTIONS = {
  preset: { type: "string", description: "Preset protocol id (see 'presets')", valueName: "id" },
  protocol: { type: "string", description: "Protocol JSON file (instead of --preset)", valueName: "file" },
} as const satisfies Record<string, OptionSpec>;

export const WORKER_OPTIONS = {
  workers: { type: "string", description: "Worker threads, at most the machine's cores (default: run on this thread); results are identical for any number", valueName: "W" },
  "force-workers": { type: "boolean", description: `Allow more workers than cores (up to ${MAX_FORCED_WORKERS}; slower, and memory grows with each)` },
} as const satisfies Record<string, OptionSpec>;

export const PROGRESS_OPTIONS = {
  quiet: { type: "boolean", description: "No progress line on stderr" },
  progress: { type: "boolean", description: "Progress lines on stderr every 5 s even when it is not a terminal (for logs)" },
} as const satisfies Record<string, OptionSpec>;

export const PLOT_OPTION = {
  plot: { type: "string", description: "Also render the result's chart to this SVG file (offline)", valueName: "file.svg" },
} as const satisfies Record<string, OptionSpec>;

export const RUN_OPTIONS = {
  ...PROTOCOL_SOURCE_OPTIONS,
  trials: { type: "string", description: `Number of simulated trials (1-${RUN_OPTION_BOUNDS.trials.max.toLocaleString("en-US")})`, valueName: "N", default: "1000" },
  seed: { type: "string", description: "Seed (integer or text)", valueName: "s", default: "1" },
  ...WORKER_OPTIONS,
  randomization: { type: "string", description: DESIGN_CHOICES.randomization.join(", "), valueName: "method", default: DESIGN_DEFAULTS.randomization.method },
  "block-size": { type: "string", description: "Block size for blocked randomization", valueName: "k" },
  analysis: { type: "string", description: `Primary analysis: ${ANALYSES.join(", ")} (mmrm: mixed model over the visits, ANCOVA when it cannot be fitted)`, valueName: "name", default: DESIGN_DEFAULTS.primaryAnalysis },
  estimand: { type: "string", description: "completers (ratings after treatment stopped are missing) or treatment-policy (retrieved dropouts' ratings count)", valueName: "name", default: DESIGN_DEFAULTS.estimand },
  alpha: { type: "string", description: "Two-sided significance level", valueName: "a", default: String(DESIGN_DEFAULTS.alpha) },
  heterogeneity: { type: "boolean", description: "Draw a new trial-level effect for each trial (trials differ)" },
  endpoint: { type: "string", description: "Assessment to analyse (default: the protocol's primary; see 'protocol timeline')", valueName: "id" },
  missing: { type: "string", description: DESIGN_CHOICES.missing.join(" or "), valueName: "how", default: DESIGN_DEFAULTS.missing },
  parameters: { type: "string", description: "JSON file of parameter overrides (see 'params')", valueName: "file" },
  "chunk-size": { type: "string", description: "Trials per chunk (part of the result's identity)", valueName: "k", default: String(DEFAULT_CHUNK_SIZE) },
  ...PROGRESS_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

export const SHARD_OPTION = {
  shard: { type: "string", description: "Run only shard k of N (k from 0 to N-1) and print a partial result for 'merge'", valueName: "k/N" },
} as const satisfies Record<string, OptionSpec>;

/** The protocol named by --preset or --protocol. */
export function protocolFromOptions(ctx: CommandContext): Protocol {
  const presetId = stringOption(ctx, "preset");
  const file = stringOption(ctx, "protocol");
  if (presetId && file) throw new UsageError("give --preset or --protocol, not both");
  if (!presetId && !file) throw new UsageError("missing --preset <id> or --protocol <file>");
  return loadProtocol(presetId ?? file!);
}

/** Parameter overrides from --parameters (validated by the library when used). */
export function overridesFromOptions(ctx: CommandContext): Record<string, number> | undefined {
  const file = stringOption(ctx, "parameters");
  return file ? (readJsonFile(file) as Record<string, number>) : undefined;
}

/** --n 20 (per arm), --n-total 40, or --n mdma=12,placebo=8 (the library bounds the sizes). */
function sizeFromOptions(ctx: CommandContext, protocol: Protocol, design: TrialDesignInput): TrialDesignInput {
  const n = stringOption(ctx, "n");
  const total = intOption(ctx, "n-total", { min: 2 });
  if (n !== undefined && total !== undefined) throw new UsageError("give --n or --n-total, not both");
  if (total !== undefined) return { ...design, n: { total } };
  if (n === undefined) return design;
  if (/^\d+$/.test(n)) return designWithNPerArm(protocol, design, intOption(ctx, "n", { min: 1 })!);
  const perArm: Record<string, number> = {};
  for (const part of n.split(",")) {
    const m = /^([a-z0-9][a-z0-9_-]*)=(\d+)$/.exec(part.trim());
    if (!m || !Number.isSafeInteger(Number(m[2]))) throw new UsageError(`--n must be a number per arm or arm=n pairs like mdma=12,placebo=8, got '${n}'`);
    perArm[m[1]!] = Number(m[2]);
  }
  return { ...design, n: { perArm } };
}

function designFromOptions(ctx: CommandContext): TrialDesignInput {
  const blockSize = intOption(ctx, "block-size", { min: 1 });
  const endpoint = stringOption(ctx, "endpoint");
  // Only what was given: the design's own defaults and bounds apply to the rest (DESIGN_DEFAULTS).
  const given = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  const choice = <T extends string>(name: string, choices: readonly T[]) => (stringOption(ctx, name) === undefined ? undefined : choiceOption(ctx, name, choices, choices[0]!));
  const method = choice("randomization", DESIGN_CHOICES.randomization);
  return {
    ...(method !== undefined || blockSize !== undefined ? { randomization: { ...given("method", method), ...given("blockSize", blockSize) } } : {}),
    ...given("primaryAnalysis", choice("analysis", ANALYSES)),
    ...given("estimand", choice("estimand", DESIGN_CHOICES.estimand)),
    ...given("alpha", numberOption(ctx, "alpha")),
    trialHeterogeneity: ctx.values.heterogeneity === true,
    ...given("missing", choice("missing", DESIGN_CHOICES.missing)),
    ...given("endpoint", endpoint),
  } as TrialDesignInput;
}

/** The run spec the options describe (without sizes for power, which sets n per point). */
export function specFromOptions(ctx: CommandContext, { sizes = true }: { sizes?: boolean } = {}): { spec: ProtocolRunSpec; protocol: Protocol } {
  const protocol = protocolFromOptions(ctx);
  const design = designFromOptions(ctx);
  const parameters = overridesFromOptions(ctx);
  return { protocol, spec: { protocol, design: sizes ? sizeFromOptions(ctx, protocol, design) : design, seed: seedOption(ctx, 1), ...(parameters ? { parameters } : {}) } };
}

/** --trials as a whole number (the library checks its range and says why). */
export function trialsOption(ctx: CommandContext, fallback = 1000): number {
  return intOption(ctx, "trials") ?? fallback;
}

/** --chunk-size as a whole number (the library checks its range). */
export function chunkSizeOption(ctx: CommandContext): number {
  return intOption(ctx, "chunk-size") ?? DEFAULT_CHUNK_SIZE;
}

/** --workers: at most the machine's available parallelism unless --force-workers. */
export function workersOption(ctx: CommandContext): number | undefined {
  const cores = availableParallelism();
  const forced = ctx.values["force-workers"] === true;
  const workers = intOption(ctx, "workers", { min: WORKER_COUNT_BOUNDS.min });
  if (workers === undefined) return undefined;
  if (!forced && workers > cores) throw new UsageError(`--workers must be at most ${cores}, the cores this machine has (${WORKER_COUNT_BOUNDS.available.reason})`);
  if (workers > MAX_FORCED_WORKERS) throw new UsageError(`--workers must be at most ${MAX_FORCED_WORKERS}, even with --force-workers (${WORKER_COUNT_BOUNDS.forced.reason})`);
  return workers;
}

/** How runs execute: on this thread, or on a worker pool (closed by `close`). */
export function runnerFromOptions(ctx: CommandContext): { runner: Runner; chunkRunner: ChunkRunner; close: () => Promise<void> } {
  const workers = workersOption(ctx);
  if (workers === undefined) return { runner: simulateTrials, chunkRunner: localChunkRunner, close: async () => undefined };
  const pool = new WorkerPool({ workers, forceWorkers: true });
  return { runner: poolRunner(pool), chunkRunner: poolChunkRunner(pool), close: () => pool.close() };
}

/** --shard k/N: shard k (0 to N-1) of N, or undefined. */
export function shardOption(ctx: CommandContext): ShardSpec | undefined {
  const raw = stringOption(ctx, "shard");
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!m) throw new UsageError(`--shard must be k/N with k from 0 to N-1 (e.g. 0/4 is the first of 4), got '${raw}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!(count >= 1 && count <= 10_000)) throw new UsageError(`--shard: N must be from 1 to 10000, got ${m[2]}`);
  if (index >= count) throw new UsageError(`--shard: k counts from 0, so the shards of ${count} are 0/${count} to ${count - 1}/${count}; got '${raw}'`);
  return { index, count };
}
