/**
 * Results that display themselves. The display layer (src/display/) registers how each kind of
 * result is shown; the functions that make results mark them with their kind. Marking adds two
 * non-enumerable symbol properties: `Symbol.for("Jupyter.display")`, which a Jupyter kernel
 * (Deno's) calls for a MIME bundle, and `Symbol.for("nodejs.util.inspect.custom")`, which Node's
 * and Deno's consoles call, so a result prints as a compact summary instead of every row. JSON,
 * spreading, structuredClone and deep equality see the plain data only.
 *
 * Node and Deno (consoles, notebooks) load the display layer with any entry of the package. A
 * bundler may leave it out: the package declares no side effects, so in an app that imports none
 * of the display's functions (withDisplay, summaryText, ...) results may lack the two methods,
 * depending on which shared chunk the app's imports land in; `withDisplay(result, kind)` gives
 * them back.
 */

/** The kinds of result that display themselves. */
export const DISPLAY_KINDS = ["trials", "forecast", "power", "sample-size", "participant", "session", "calibration", "check"] as const;
export type DisplayKind = (typeof DISPLAY_KINDS)[number];

/** How the display layer shows a result of a kind: a MIME bundle for notebooks, text for consoles. */
export interface DisplayRenderer {
  mimeBundle(source: object, kind: DisplayKind): object;
  summaryText(source: object, kind: DisplayKind): string;
}

let renderer: DisplayRenderer | undefined;

/** Called once by the display layer when it loads. */
export function registerDisplayRenderer(r: DisplayRenderer): void {
  renderer = r;
}

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");
const NODE_INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Give `result` its notebook and console display, showing `source` (the result itself, or the
 * part the kind describes, e.g. a power curve's points) as a result of `kind`; returns `result`.
 * Frozen results and results already marked are left as they are.
 */
export function markDisplay<T extends object>(result: T, kind: DisplayKind, source: object = result): T {
  const r = renderer;
  if (!r || !Object.isExtensible(result) || Object.prototype.hasOwnProperty.call(result, JUPYTER_DISPLAY)) return result;
  Object.defineProperty(result, JUPYTER_DISPLAY, { value: () => r.mimeBundle(source, kind), enumerable: false, configurable: true });
  Object.defineProperty(result, NODE_INSPECT, { value: () => r.summaryText(source, kind), enumerable: false, configurable: true });
  return result;
}
