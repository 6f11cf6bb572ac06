/**
 * Charts to SVG, offline: Vega-Lite compiles the spec, Vega renders it headless (no canvas, no
 * browser). Loading is refused, so a chart whose data is not inline fails instead of fetching
 * anything. vega and vega-lite are imported on first use, so the Node entry loads without them
 * and the core entry never sees them.
 */
import type { ChartSpec, NamedChart } from "../charts/spec.js";

/** Options of renderSvg and renderChartsSvg: a callback for the warnings Vega-Lite and Vega give. */
export interface RenderOptions {
  /** Called with each warning Vega-Lite or Vega gives (default: ignored). */
  readonly onWarning?: (message: string) => void;
}

type Vega = typeof import("vega");
type VegaLite = typeof import("vega-lite");

let modules: Promise<[Vega, VegaLite]> | undefined;

/** vega and vega-lite, imported once (a dynamic import keeps them out of both entries until used). */
function loadRenderer(): Promise<[Vega, VegaLite]> {
  modules ??= Promise.all([import("vega"), import("vega-lite")]);
  return modules;
}

/** A Vega/Vega-Lite logger that hands warnings to a callback. */
function logger(onWarning: (message: string) => void) {
  let level = 2;
  const text = (args: readonly unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
  const self = {
    level(next?: number) {
      if (next === undefined) return level;
      level = next;
      return self;
    },
    error(...args: readonly unknown[]) {
      throw new Error(text(args));
    },
    warn(...args: readonly unknown[]) {
      onWarning(text(args));
      return self;
    },
    info: () => self,
    debug: () => self,
  };
  return self;
}

/** A loader that loads nothing (charts carry their data inline) and remembers what it was asked for. */
function offlineLoader(vega: Vega, refused: string[]) {
  const refuse = (uri: string) => {
    refused.push(String(uri));
    return Promise.reject(new Error(`refused to load ${uri}`));
  };
  return { ...vega.loader(), load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/**
 * Render a Vega-Lite chart to an SVG document (a string), offline and without a canvas. A chart
 * that asks to load data (a URL instead of inline values) is an error: nothing is fetched.
 */
export async function renderSvg(spec: ChartSpec, options: RenderOptions = {}): Promise<string> {
  const [vega, vegaLite] = await loadRenderer();
  const log = logger(options.onWarning ?? (() => undefined));
  const refused: string[] = [];
  const plain = JSON.parse(JSON.stringify(spec)) as Parameters<VegaLite["compile"]>[0];
  const compiled = vegaLite.compile(plain, { logger: log as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", loader: offlineLoader(vega, refused) as never, logger: log as never });
  try {
    const svg = await view.toSVG();
    if (refused.length) throw new Error(`renderSvg loads nothing (the chart asked for ${refused.join(", ")}): give it its data inline`);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Render named charts (chartsFor's output) to SVG, in order, each with its id and title. */
export async function renderChartsSvg(charts: readonly NamedChart[], options: RenderOptions = {}): Promise<{ readonly id: string; readonly title: string; readonly svg: string }[]> {
  const out: { id: string; title: string; svg: string }[] = [];
  for (const c of charts) out.push({ id: c.id, title: c.title, svg: await renderSvg(c.spec, options) });
  return out;
}
