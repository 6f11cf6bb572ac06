/**
 * What every chart shares: the Vega-Lite v5 schema, a colour-blind-safe palette (Okabe and Ito),
 * the caption (library version, seed, trials, protocol), and the display hooks that make a chart
 * show itself in a notebook. A chart is plain JSON with its data inline: no renderer is imported
 * here, so charts are browser-safe and can be written to a file, embedded or rendered elsewhere
 * (`renderSvg` in mdma-trial-sim/node).
 */
import { VERSION } from "../version.js";
import { formatNumber } from "../format.js";
import type { Seed } from "../random/rng.js";

/** The JSON Schema URL every chart declares (Vega-Lite 5). */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** The MIME type of a Vega-Lite 5 chart in a Jupyter bundle. */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** A Vega-Lite v5 specification: plain JSON (data inline) that any Vega-Lite 5 renderer accepts. */
export interface ChartSpec {
  readonly $schema: typeof VEGA_LITE_SCHEMA;
  readonly [key: string]: unknown;
}

/** A chart of a result, named, as a report or `--plot` wants it. */
export interface NamedChart {
  /** Stable id, usable as a file name (`power-curve`, `session-1`, ...). */
  readonly id: string;
  readonly title: string;
  readonly spec: ChartSpec;
}

/**
 * The Okabe-Ito palette (Okabe and Ito 2008, "Color Universal Design"): distinguishable with
 * every common form of colour blindness.
 */
export const OKABE_ITO = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
  grey: "#999999",
} as const;

/** Colours for arms and series, in order (yellow and black left out: too light and too heavy for lines). */
export const SERIES_COLOURS: readonly string[] = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.bluishGreen, OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.vermillion];

/** The facts a caption states; any may be missing. */
export interface CaptionFacts {
  /** Version of the library that produced the result (default: this library's version). */
  readonly version?: string;
  readonly seed?: Seed;
  readonly trials?: number;
  readonly protocolId?: string;
  readonly protocolHash?: string;
  /** Anything else worth a line (what the bands show, where the data came from). */
  readonly note?: string;
}

/** A seed as the caption prints it: a number or text as is, a typed seed as JSON. */
function seedText(seed: Seed): string {
  return typeof seed === "number" || typeof seed === "string" ? String(seed) : JSON.stringify(seed);
}

/** The caption lines of a chart: what produced it (version, seed, trials, protocol), then the note. */
export function captionLines(facts: CaptionFacts): string[] {
  const parts = [`mdma-trial-sim ${facts.version ?? VERSION}`];
  if (facts.seed !== undefined) parts.push(`seed ${seedText(facts.seed)}`);
  if (facts.trials !== undefined) parts.push(`${formatNumber(facts.trials)} simulated trials`);
  if (facts.protocolId !== undefined) parts.push(`protocol ${facts.protocolId}${facts.protocolHash ? ` (${facts.protocolHash})` : ""}`);
  const lines = [parts.join(" · ")];
  if (facts.note) lines.push(facts.note);
  lines.push("Simulated data from a model, for research and teaching; not medical advice.");
  return lines;
}

/** Shared look: white background (SVGs stay legible on dark pages), readable fonts, no frame. */
const CONFIG = {
  background: "white",
  font: "Helvetica, Arial, sans-serif",
  title: { anchor: "start", fontSize: 14, subtitleFontSize: 10, subtitleColor: "#444444", subtitlePadding: 4, offset: 10 },
  axis: { labelFontSize: 10, titleFontSize: 11, labelLimit: 280, grid: true, gridColor: "#e5e5e5" },
  legend: { labelFontSize: 10, titleFontSize: 11, labelLimit: 320, orient: "bottom", direction: "horizontal", columns: 2, symbolOpacity: 1 },
  header: { labelFontSize: 11, titleFontSize: 11 },
  view: { stroke: null },
} as const;

/** A complete chart: schema, title with the caption as its subtitle, shared config, then the body; ready to display. */
export function chart(title: string, facts: CaptionFacts, body: Readonly<Record<string, unknown>>): ChartSpec {
  const spec: ChartSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: captionLines(facts) },
    config: CONFIG,
    ...body,
  };
  return displayable(spec);
}

/** The chart's title text (for labels and file names). */
export function chartTitle(spec: ChartSpec): string {
  const t = spec.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && "text" in t && typeof t.text === "string") return t.text;
  return "chart";
}

/** Count the data rows a spec holds inline, at any depth (for summaries and tests). */
export function inlineRowCount(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + inlineRowCount(x), 0);
  if (!node || typeof node !== "object") return 0;
  let n = 0;
  for (const [key, value] of Object.entries(node)) {
    if (key === "values" && Array.isArray(value)) n += value.length;
    else n += inlineRowCount(value);
  }
  return n;
}

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");
const NODE_INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Make a spec show itself as a chart: in a Jupyter notebook (Deno kernel) its display is the
 * Vega-Lite MIME bundle; in Node's console it prints one line. The hooks are non-enumerable
 * symbol properties, so JSON.stringify and spreading see the plain spec only.
 */
export function displayable<T extends ChartSpec>(spec: T): T {
  if (!Object.isExtensible(spec)) return spec;
  const line = () => `Vega-Lite chart "${chartTitle(spec)}" (${inlineRowCount(spec)} data rows; JSON.stringify(chart) for the spec, renderSvg(chart) from mdma-trial-sim/node for a picture)`;
  Object.defineProperty(spec, JUPYTER_DISPLAY, {
    value: () => ({ [VEGA_LITE_MIME]: JSON.parse(JSON.stringify(spec)) as unknown, "text/plain": line() }),
    enumerable: false,
  });
  Object.defineProperty(spec, NODE_INSPECT, { value: line, enumerable: false });
  return spec;
}

/** A tooltip entry for a quantitative field, formatted to 3 significant digits. */
export function numberTip(field: string, title: string, format = ".3~g"): Record<string, unknown> {
  return { field, type: "quantitative", title, format };
}

/** A number rounded to `digits` significant digits (keeps inline data short; charts need no more). */
export function sig(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}
