import { type Command, choiceOption, intOption, seedOption, requirePositionals } from "../framework.js";
import { readJsonFile } from "../../node/files.js";
import { checkPublished } from "../../check/check.js";
import { formatCheckReport, markdownCheckReport } from "../../check/format.js";
import { runnerFromOptions } from "./simulate.js";

export const checkCommand: Command = {
  path: ["check"],
  args: "<published.json>",
  summary: "Sanity-check a published result: recompute it, test its consistency, place it among simulated trials",
  details: "The file describes the arms and what the paper reported (see examples/checks/). Checks that lack the numbers they need are reported as skipped.",
  options: {
    seed: { type: "string", description: "Seed for the simulated trials", valueName: "s", default: "1" },
    trials: { type: "string", description: "Simulated trials for the comparison", valueName: "N", default: "2000" },
    "no-simulation": { type: "boolean", description: "Skip the comparison with simulated trials" },
    workers: { type: "string", description: "Worker threads for the simulation", valueName: "W" },
    format: { type: "string", description: "json, table or markdown", valueName: "json|table|markdown", default: "table" },
  },
  async run(ctx) {
    const [file] = requirePositionals(ctx, 1, "published result (JSON)");
    const input = readJsonFile(file!);
    const format = choiceOption(ctx, "format", ["json", "table", "markdown"] as const, "table");
    const { runner, close } = runnerFromOptions(ctx);
    try {
      const report = await checkPublished(input, {
        seed: seedOption(ctx, 1),
        trials: intOption(ctx, "trials", { min: 100, max: 1e7 }) ?? 2000,
        ...(ctx.values["no-simulation"] === true ? { simulate: false } : {}),
        runner,
      });
      if (format === "json") ctx.io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else if (format === "markdown") ctx.io.stdout(`${markdownCheckReport(report)}\n`);
      else ctx.io.stdout(`${formatCheckReport(report)}\n`);
    } finally {
      await close();
    }
    return 0;
  },
};
