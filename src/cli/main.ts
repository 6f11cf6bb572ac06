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
import { simulateCommand, powerCommand } from "./commands/simulate.js";
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
  reportCommand,
];

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

export function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
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
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`mdma-trial-sim: internal error: ${(err as Error)?.message ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
