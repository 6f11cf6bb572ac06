import { type Command, choiceOption, intOption, seedOption, requirePositionals, jsonText, EXIT } from "../framework.js";
import { readJsonFile } from "../../node/files.js";
import { checkPublished, failingRows, type FailOn } from "../../check/check.js";
import { formatCheckReport, interruptionNote, markdownCheckReport } from "../../check/format.js";
import { CHECK_OPTION_BOUNDS } from "../../check/bounds.js";
import { PLOT_OPTION, PROGRESS_OPTIONS, runnerFromOptions, WORKER_OPTIONS } from "../options.js";
import { progressLine } from "../progress.js";
import { plotFile, writePlot } from "../plot.js";

/** Exit code when rows fail at the --fail-on level (the report is printed in full first). */
export const CHECK_FAILED_EXIT_CODE = EXIT.checkFailed;

/** `check <published.json>`: runs checkPublished on a file and prints the report; exits 3 when rows fail at the --fail-on level. */
export const checkCommand: Command = {
  path: ["check"],
  args: "<published.json>",
  summary: "Sanity-check a published result: recompute it, test its consistency, place it among simulated trials",
  details: [
    "The file describes the arms and what the paper reported (see examples/checks/). Checks that lack the numbers they need are reported as skipped.",
    "JSON is the library's CheckReport. --plot draws the recomputed figures against the reported ones.",
    "",
    "Exit codes: 0 when no row fails (pass, warn and skipped rows only); 3 when a row fails (with --fail-on warn: when a row fails or warns; with --fail-on never: never), after printing the whole report; 2 for invalid input (every problem and its path on stderr); 1 for an internal error; 130 when Ctrl-C interrupted the simulation (the report from the trials completed is printed first).",
  ].join("\n"),
  options: {
    seed: { type: "string", description: "Seed for the simulated trials", valueName: "s", default: "1" },
    trials: { type: "string", description: `Simulated trials for the comparison (${CHECK_OPTION_BOUNDS.trials.min}-${CHECK_OPTION_BOUNDS.trials.max})`, valueName: "N", default: "2000" },
    "no-simulation": { type: "boolean", description: "Skip the comparison with simulated trials" },
    ...WORKER_OPTIONS,
    format: { type: "string", description: "json, table or markdown", valueName: "json|table|markdown", default: "table" },
    "fail-on": { type: "string", description: "Exit 3 when a row has this status or worse: fail, warn or never", valueName: "fail|warn|never", default: "fail" },
    ...PROGRESS_OPTIONS,
    ...PLOT_OPTION,
  },
  async run(ctx) {
    const [file] = requirePositionals(ctx, 1, "published result (JSON)");
    const format = choiceOption(ctx, "format", ["json", "table", "markdown"] as const, "table");
    const failOn: FailOn = choiceOption(ctx, "fail-on", ["fail", "warn", "never"] as const, "fail");
    const trials = intOption(ctx, "trials");
    const input = readJsonFile(file!);
    const plot = plotFile(ctx);
    const { runner, close } = runnerFromOptions(ctx);
    const progress = progressLine(ctx, "check");
    try {
      const report = await checkPublished(input, {
        seed: seedOption(ctx, 1),
        ...(trials !== undefined ? { trials } : {}),
        ...(ctx.values["no-simulation"] === true ? { simulate: false } : {}),
        runner,
        signal: ctx.signal,
        ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      });
      progress.done();
      if (format === "json") ctx.io.stdout(jsonText(report));
      else if (format === "markdown") ctx.io.stdout(`${markdownCheckReport(report)}\n`);
      else ctx.io.stdout(`${formatCheckReport(report)}\n`);
      await writePlot(ctx, plot, report, "check");
      if (report.aborted) {
        ctx.io.stderr(`check: ${interruptionNote(report)}\n`);
        return EXIT.interrupted;
      }
      return failingRows(report, failOn).length > 0 ? CHECK_FAILED_EXIT_CODE : EXIT.ok;
    } finally {
      progress.done();
      await close();
    }
  },
};
