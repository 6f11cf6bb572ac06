/**
 * `report <simulate|forecast|power|check>`: one self-contained HTML file (charts as inline SVG,
 * summary, protocol timeline, parameter table, provenance, disclaimer) for a result made with
 * the same options as the matching command. Opening the file makes no network request.
 */
import { type Command, type CommandContext, intOption, seedOption, stringOption, UsageError } from "../framework.js";
import { readJsonFile } from "../../node/files.js";
import { writeReport } from "../../node/report.js";
import { isPresetId, preset } from "../../protocol/presets.js";
import { checkPublished } from "../../check/check.js";
import { forecastTrial } from "../../calibration/forecast.js";
import { powerCurve } from "../../trial/power-search.js";
import type { ReportSource } from "../../report/index.js";
import { formatNumber } from "../format.js";
import { RUN_OPTIONS, chunkSizeOption, runnerFromOptions, specFromOptions } from "../options.js";
import { progressLine } from "../progress.js";

const WHATS = ["simulate", "forecast", "power", "check"] as const;
type What = (typeof WHATS)[number];

/** The command line as given (for the report's provenance): options in a stable order. */
function commandLine(ctx: CommandContext): string {
  const flags = Object.entries(ctx.values)
    .filter(([k, v]) => v !== undefined && v !== false && k !== "quiet" && k !== "out")
    .map(([k, v]) => (v === true ? `--${k}` : `--${k} ${String(v)}`));
  return ["mdma-trial-sim report", ...ctx.positionals, ...flags].join(" ");
}

function trialsOption(ctx: CommandContext, fallback: number): number {
  return intOption(ctx, "trials") ?? fallback; // the run options' bounds apply (RUN_OPTION_BOUNDS)
}

/** The n-per-arm grid of a power report (--n 10,20,40). */
function powerGrid(ctx: CommandContext): number[] {
  const raw = stringOption(ctx, "n") ?? "10,20,40,80";
  const ns = raw.split(",").map((x) => x.trim());
  if (!ns.every((x) => /^\d+$/.test(x) && Number(x) >= 2)) throw new UsageError(`--n must be comma-separated integers of at least 2 for a power report, got '${raw}'`);
  return ns.map(Number);
}

/** Run what the report is about, with the matching command's options. */
async function sourceFor(ctx: CommandContext, what: What, file: string | undefined): Promise<ReportSource> {
  const chunkSize = chunkSizeOption(ctx);
  const { runner, close } = runnerFromOptions(ctx);
  try {
    if (what === "check") {
      const trials = intOption(ctx, "trials");
      const result = await checkPublished(readJsonFile(file!), { seed: seedOption(ctx, 1), ...(trials !== undefined ? { trials } : {}), ...(ctx.values["no-simulation"] === true ? { simulate: false } : {}), runner });
      const presetId = result.simulation?.preset;
      return { kind: "check", result, ...(presetId && isPresetId(presetId) ? { protocol: preset(presetId) } : {}) };
    }
    if (what === "power") {
      const { spec, protocol } = specFromOptions(ctx, { sizes: false });
      const trials = trialsOption(ctx, 400);
      const result = await powerCurve(runner, spec, powerGrid(ctx), { trials, chunkSize });
      return { kind: "power", result, protocol };
    }
    const { spec, protocol } = specFromOptions(ctx);
    const trials = trialsOption(ctx, 1000);
    if (what === "forecast") {
      const progress = progressLine(ctx, "forecast");
      const result = await forecastTrial(spec, { trials, chunkSize, keepRows: false, runner, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
      progress.done();
      return { kind: "forecast", result, protocol };
    }
    const progress = progressLine(ctx, "simulate");
    const result = await runner(spec, { trials, chunkSize, keepRows: true, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
    progress.done();
    return { kind: "trials", result, protocol };
  } finally {
    await close();
  }
}

/**
 * What to report on: named (`report power ...`), or as the matching command would say it: a
 * published-result file is a check, --predictive a forecast, a list of sizes (--n 10,20,40) a
 * power curve, anything else a simulation.
 */
function whatToReport(ctx: CommandContext): { what: What; file: string | undefined } {
  const [first, second, extra] = ctx.positionals;
  const named = first !== undefined && (WHATS as readonly string[]).includes(first);
  const what: What = named ? (first as What) : first !== undefined ? "check" : ctx.values.predictive === true ? "forecast" : (stringOption(ctx, "n") ?? "").includes(",") ? "power" : "simulate";
  const file = named ? second : first;
  const rest = named ? extra : second;
  if (what === "check" && !file) throw new UsageError("report check needs the published result's JSON file");
  if ((what !== "check" && file !== undefined) || rest !== undefined) throw new UsageError(`unexpected argument '${rest ?? file}'`);
  if (what === "check" && !file!.endsWith(".json")) throw new UsageError(`say what to report on (${WHATS.join(", ")}) or give a published result's .json file, got '${file}'`);
  return { what, file };
}

/** `report`: a self-contained HTML report of a simulation, a forecast, a power curve or a check. */
export const reportCommand: Command = {
  path: ["report"],
  args: "[simulate|forecast|power|check] [published.json]",
  summary: "Write one self-contained HTML report (charts, summary, timeline, parameters, provenance) of a simulation, forecast, power curve or check",
  details: [
    "report --preset mp1 --trials 1000 --seed 1          (a simulation, as 'simulate'; --n 20 per arm)",
    "report --preset phase3 --predictive --n 50           (a forecast, as 'simulate --predictive')",
    "report --preset mp1 --n 10,20,40,80 --trials 400     (power at each n per arm, as 'power')",
    "report examples/checks/mp2.json                      (a check, as 'check')",
    "The kind may also be named first: report simulate|forecast|power|check ...",
    "",
    "The file holds its charts as inline SVG and loads nothing: no script, font or style sheet from anywhere",
    "(a Content-Security-Policy forbids every request). The same options give the same numbers; the date differs.",
  ].join("\n"),
  options: {
    ...RUN_OPTIONS,
    trials: { type: "string", description: "Simulated trials (default: 1000; power: 400 per point; check: as 'check')", valueName: "N" },
    n: { type: "string", description: "Participants per arm (power: comma-separated n per arm)", valueName: "n" },
    "n-total": { type: "string", description: "Total participants, split by allocation weights", valueName: "N" },
    "no-simulation": { type: "boolean", description: "check: skip the comparison with simulated trials" },
    predictive: { type: "boolean", description: "A forecast from the calibration (assurance next to power), as 'simulate --predictive'" },
    out: { type: "string", description: "The HTML file to write", valueName: "file.html", default: "report.html" },
  },
  async run(ctx) {
    const { what, file } = whatToReport(ctx);
    const out = stringOption(ctx, "out") ?? "report.html";
    const source = await sourceFor(ctx, what, file);
    const parameters = stringOption(ctx, "parameters");
    const bytes = await writeReport(out, source, { command: commandLine(ctx), ...(parameters ? { parameters: readJsonFile(parameters) as Record<string, number> } : {}) });
    ctx.io.stdout(`wrote ${out} (${formatNumber(bytes / 1024)} KB): ${source.kind} report, charts as inline SVG, no network requests\n`);
    return 0;
  },
};
