/**
 * A small command framework over node:util parseArgs: every command has a summary, a usage
 * line and `--help`; bad input exits 2 with a message on stderr, never a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { AbortError, ValidationError } from "../errors.js";
import { VERSION } from "../version.js";

/** Where a command writes, and what it is told from outside (a terminal, an interrupt). */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress lines are shown there then). */
  readonly stderrIsTTY?: boolean;
  /** Aborted on Ctrl-C (SIGINT): long runs stop at the next chunk and print what they finished. */
  readonly signal?: AbortSignal;
}

/**
 * The exit-code contract: 0 success; 1 an internal error (a bug: please report it); 2 invalid
 * input or usage (every problem and its path on stderr); 3 `check` found rows failing at the
 * --fail-on level (the report is printed first); 130 interrupted by Ctrl-C (SIGINT), after
 * printing the partial result with `aborted: true`.
 */
export const EXIT = { ok: 0, internal: 1, invalid: 2, checkFailed: 3, interrupted: 130 } as const;

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>[string] & { description: string; valueName?: string };

export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  io: Io;
  /** Aborted on Ctrl-C (never aborted when the caller gave no signal). */
  signal: AbortSignal;
}

export interface Command {
  /** Words that select the command, e.g. ["protocol", "validate"]. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Positional arguments, e.g. "<file.json>". */
  readonly args?: string;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Extra paragraphs for --help. */
  readonly details?: string;
  run(ctx: CommandContext): number | Promise<number>;
}

/** Raised for bad command-line usage; the message is shown with the command's usage line. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const BIN = "mdma-trial-sim";

function optionLines(options: Readonly<Record<string, OptionSpec>> | undefined): string[] {
  const all: [string, OptionSpec][] = [...Object.entries(options ?? {}), ["help", { type: "boolean", short: "h", description: "Show this help" }]];
  const rows = all.map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.type === "string" ? ` <${spec.valueName ?? "value"}>` : ""}`;
    const def = spec.default !== undefined ? ` (default: ${String(spec.default)})` : "";
    return [flag, spec.description + def] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`);
}

export function commandHelp(cmd: Command): string {
  const lines = [`Usage: ${BIN} ${cmd.path.join(" ")}${cmd.args ? ` ${cmd.args}` : ""}${cmd.options && Object.keys(cmd.options).length ? " [options]" : ""}`, "", cmd.summary];
  if (cmd.details) lines.push("", cmd.details);
  lines.push("", "Options:", ...optionLines(cmd.options));
  return lines.join("\n") + "\n";
}

export function globalHelp(commands: readonly Command[]): string {
  const rows = commands.map((c) => [`${c.path.join(" ")}${c.args ? ` ${c.args}` : ""}`, c.summary] as const);
  const width = Math.max(...rows.map(([a]) => a.length));
  return [
    `Usage: ${BIN} <command> [options]`,
    "",
    "Simulate clinical trials of MDMA-assisted therapy for PTSD (seeded Monte Carlo).",
    "For research and teaching only: not medical advice.",
    "",
    "Commands:",
    ...rows.map(([a, s]) => `  ${a.padEnd(width)}  ${s}`),
    "",
    `Run '${BIN} <command> --help' for the options of a command.`,
    "",
  ].join("\n");
}

/**
 * `--trials -1` as `--trials=-1`: parseArgs takes a value starting with "-" for an option
 * ("argument is ambiguous"); a negative number after an option that takes a value is its value,
 * which the option's own check then refuses with a clear message.
 */
function attachNegativeValues(args: readonly string[], options: NonNullable<ParseArgsConfig["options"]>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    const name = a.startsWith("--") ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === "string" && next !== undefined && /^-(\d|\.\d|Infinity|NaN)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function findCommand(commands: readonly Command[], argv: readonly string[]): { cmd: Command; rest: string[] } | undefined {
  let best: { cmd: Command; rest: string[] } | undefined;
  for (const cmd of commands) {
    if (cmd.path.every((w, i) => argv[i] === w) && (!best || cmd.path.length > best.cmd.path.length)) {
      best = { cmd, rest: argv.slice(cmd.path.length) };
    }
  }
  return best;
}

/** Run the CLI on `argv` (without the node and script paths); returns the exit code. */
export async function dispatch(commands: readonly Command[], argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    const topic = argv[0] === "help" ? findCommand(commands, argv.slice(1)) : undefined;
    io.stdout(topic ? commandHelp(topic.cmd) : globalHelp(commands));
    return 0;
  }
  if (argv[0] === "--version") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    const group = commands.filter((c) => c.path[0] === argv[0]);
    if (group.length > 0 && (argv.length === 1 || argv[1] === "--help" || argv[1] === "-h")) {
      io.stdout(globalHelp(group));
      return argv.length === 1 ? 2 : 0;
    }
    io.stderr(`${BIN}: unknown command '${argv.join(" ")}'\nRun '${BIN} --help' for the list of commands.\n`);
    return 2;
  }
  const { cmd, rest } = found;
  const options = { ...(cmd.options ?? {}), help: { type: "boolean", short: "h" } } as NonNullable<ParseArgsConfig["options"]>;
  const cleanOptions = Object.fromEntries(
    Object.entries(options).map(([k, v]) => {
      const { description: _d, valueName: _v, ...spec } = v as OptionSpec;
      return [k, spec];
    }),
  ) as NonNullable<ParseArgsConfig["options"]>;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: attachNegativeValues(rest, cleanOptions), options: cleanOptions, allowPositionals: true, strict: true });
  } catch (err) {
    io.stderr(`${BIN} ${cmd.path.join(" ")}: ${(err as Error).message}\nRun '${BIN} ${cmd.path.join(" ")} --help' for usage.\n`);
    return EXIT.invalid;
  }
  if (parsed.values.help) {
    io.stdout(commandHelp(cmd));
    return 0;
  }
  try {
    return await cmd.run({ values: parsed.values as CommandContext["values"], positionals: parsed.positionals, io, signal: io.signal ?? new AbortController().signal });
  } catch (err) {
    if (err instanceof ValidationError) {
      io.stderr(`${err.message}\n`);
      return EXIT.invalid;
    }
    if (err instanceof AbortError) {
      // A call that returns nothing when stopped (a calibration): say how far it got.
      io.stderr(`${BIN} ${cmd.path.join(" ")}: ${err.message}; nothing printed or written\n`);
      return EXIT.interrupted;
    }
    if (err instanceof UsageError) {
      io.stderr(`${BIN} ${cmd.path.join(" ")}: ${err.message}\nRun '${BIN} ${cmd.path.join(" ")} --help' for usage.\n`);
      return EXIT.invalid;
    }
    io.stderr(`${BIN} ${cmd.path.join(" ")}: internal error: ${(err as Error)?.message ?? String(err)}\nThis is a bug; please report it with the command line that caused it.\n`);
    if (process.env.MDMA_TRIAL_SIM_DEBUG) io.stderr(`${(err as Error)?.stack ?? ""}\n`);
    return EXIT.internal;
  }
}

// ---- Helpers for commands --------------------------------------------------------------------

export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === "string" ? v : undefined;
}

export function intOption(ctx: CommandContext, name: string, { min, max }: { min?: number; max?: number } = {}): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} is too large: '${raw}'`);
  if (min !== undefined && n < min) throw new UsageError(`--${name} must be at least ${min}, got ${n}`);
  if (max !== undefined && n > max) throw new UsageError(`--${name} must be at most ${max}, got ${n}`);
  return n;
}

export function numberOption(ctx: CommandContext, name: string, { min, max, exclusiveMin }: { min?: number; max?: number; exclusiveMin?: number } = {}): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${name} must be a finite number, got '${raw}'`);
  if (min !== undefined && n < min) throw new UsageError(`--${name} must be at least ${min}, got ${n}`);
  if (exclusiveMin !== undefined && n <= exclusiveMin) throw new UsageError(`--${name} must be greater than ${exclusiveMin}, got ${n}`);
  if (max !== undefined && n > max) throw new UsageError(`--${name} must be at most ${max}, got ${n}`);
  return n;
}

export function choiceOption<T extends string>(ctx: CommandContext, name: string, choices: readonly T[], fallback: T): T {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(", ")}, got '${raw}'`);
  return raw as T;
}

/** A seed from the command line: an integer, or any other text as a string seed. */
export function seedOption(ctx: CommandContext, fallback: number | string): number | string {
  const raw = stringOption(ctx, "seed");
  if (raw === undefined) return fallback;
  if (/^-?\d+$/.test(raw)) {
    const n = Number(raw);
    if (!Number.isSafeInteger(n)) throw new UsageError(`--seed is too large for an integer seed: '${raw}' (quote it as text, e.g. --seed s${raw})`);
    return n;
  }
  if (raw.length === 0) throw new UsageError("--seed must not be empty");
  return raw;
}

export function requirePositionals(ctx: CommandContext, count: number, what: string): string[] {
  if (ctx.positionals.length < count) throw new UsageError(`missing ${what}`);
  if (ctx.positionals.length > count) throw new UsageError(`unexpected argument '${ctx.positionals[count]}'`);
  return ctx.positionals;
}

/**
 * A library result as the JSON the CLI prints: the result's own serialization (JSON.stringify,
 * two-space indent). A number that is not finite would print as null and hide a bug, so it is
 * an internal error naming the field instead (results are finite or null with a reason).
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(
    value,
    (key, v: unknown) => {
      if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`the result holds a non-finite number (${String(v)}) at "${key}"`);
      return v;
    },
    2,
  )}\n`;
}
