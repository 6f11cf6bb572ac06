/**
 * `--plot FILE.svg`: the first chart `charts.chartsFor` gives for a result, rendered offline to
 * SVG (vega and vega-lite, loaded only when a plot is asked for). Which chart is first, per
 * command: simulate, the distribution of Hedges' g over the trials (a forecast: over the
 * forecast trials); power, the power curve; session, the first drug session (concentration and
 * vital signs with the protocol's thresholds); participant, the CAPS course over the visits;
 * check, the recomputed figures against the reported ones; merge, as the command merged.
 */
import { writeFileSync } from "node:fs";
import { chartsFor, type ChartKind, type ChartSources, type ChartsForOptions } from "../charts/all.js";
import { renderSvg } from "../node/render.js";
import { ValidationError } from "../errors.js";
import { type CommandContext, stringOption, UsageError } from "./framework.js";

/** The --plot file, checked to end in .svg (undefined without --plot). */
export function plotFile(ctx: CommandContext): string | undefined {
  const file = stringOption(ctx, "plot");
  if (file !== undefined && !/\.svg$/i.test(file)) throw new UsageError(`--plot writes SVG: give a file name ending in .svg, got '${file}'`);
  return file;
}

/** Render the first chart of `result` to `file` (when --plot was given) and say so on stderr. */
export async function writePlot<K extends ChartKind>(ctx: CommandContext, file: string | undefined, result: ChartSources[K], kind: K, options: ChartsForOptions = {}): Promise<void> {
  if (file === undefined) return;
  const chart = chartsFor(result, kind, options)[0];
  if (!chart) throw new UsageError(`this result has no chart to plot`);
  const svg = await renderSvg(chart.spec);
  try {
    writeFileSync(file, svg);
  } catch (err) {
    throw new ValidationError(`plot file ${file}`, [{ path: "(file)", rule: "writable", message: `cannot be written (${(err as Error).message})`, received: file }]);
  }
  ctx.io.stderr(`wrote ${file}: ${chart.title}\n`);
}
