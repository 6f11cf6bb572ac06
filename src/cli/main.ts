#!/usr/bin/env node
/**
 * The mdma-trial-sim command line. `runCli` is the testable core; running this file as a
 * program calls it with process.argv and exits with its code.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dispatch, type Command, type Io } from "./framework.js";
import { presetsCommand, protocolSchemaCommand, protocolShowCommand, protocolTimelineCommand, protocolValidateCommand } from "./commands/protocol.js";
import { demoCommand } from "./commands/demo.js";
import { sessionCommand, participantCommand, paramsCommand } from "./commands/participant.js";
import { simulateCommand } from "./commands/simulate.js";
import { powerCommand } from "./commands/power.js";
import { mergeCommand } from "./commands/merge.js";
import { calibrateCommand } from "./commands/calibrate.js";
import { checkCommand } from "./commands/check.js";
import { reportCommand } from "./commands/report.js";

export const COMMANDS: readonly Command[] = [
  demoCommand,
  presetsCommand,
  protocolShowCommand,
  protocolValidateCommand,
  protocolTimelineCommand,
  protocolSchemaCommand,
  paramsCommand,
  sessionCommand,
  participantCommand,
  simulateCommand,
  powerCommand,
  calibrateCommand,
  checkCommand,
  mergeCommand,
  reportCommand,
];

/** Ctrl-C aborts the run in progress (it stops at the next chunk and prints what it finished); a second Ctrl-C exits at once. */
function interruptOnSigint(): AbortSignal {
  const controller = new AbortController();
  process.on("SIGINT", () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write("\ninterrupted: stopping at the next chunk (Ctrl-C again to quit at once)\n");
    controller.abort();
  });
  return controller.signal;
}

function processIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
    signal: interruptOnSigint(),
  };
}

/** Run the CLI on `argv` (without the node and script paths) and return the exit code (see EXIT). */
export function runCli(argv: readonly string[], io: Io = processIo()): Promise<number> {
  return dispatch(COMMANDS, argv, io);
}

function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // A run interrupted by Ctrl-C has printed its partial result; end now (worker threads may still be stopping).
      if (code === 130) process.stdout.write("", () => process.exit(130));
    },
    (err) => {
      process.stderr.write(`mdma-trial-sim: internal error: ${(err as Error)?.message ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
