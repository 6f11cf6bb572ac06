/**
 * esbuild plugins for the library build (tsup.config.ts) and the explorer (scripts/build-explorer.mjs).
 *
 * - `noopDebug`: `debug@2`, which `@stdlib/math-base-special-gammaincinv` requires for two
 *   warnings, reads `process.env` when it loads (Deno then asks for --allow-env). The bundled
 *   stdlib code gets a no-op logger instead.
 * - `stdlibMainOnly`: a stdlib package's `lib/index.js` attaches extras (`.factory`, native
 *   bindings, polyfills for pre-ES2015 engines) that the library never calls; where the index is
 *   provably just that, the bundle takes `lib/main.js`, the function itself. The rule is checked
 *   per package (see `mainOnlyPath`), so a stdlib update that changes an index falls back to it.
 * - `compactCalibration`: the shipped calibration (src/calibration/default-calibration.json)
 *   split in two: the summary, loaded with the library, and its posterior draws, a module that
 *   `defaultCalibration` imports on demand (a chunk of its own), stored as columns (one array of
 *   numbers per parameter) instead of one object per draw and decoded at load into exactly the
 *   same objects. The numbers are written as they are (lossless); a test compares the built
 *   calibration with the file, key for key.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Plugin } from "esbuild";

/** A CommonJS module that stands in for `debug`: every logger is a function that does nothing. */
const NOOP_DEBUG = "function noop() {}\nfunction createDebug() { return noop; }\ncreateDebug.enable = noop;\ncreateDebug.disable = noop;\ncreateDebug.enabled = function () { return false; };\nmodule.exports = createDebug;\n";

/** Replace `debug` with a no-op logger (no `process.env` read at load). */
export const noopDebug: Plugin = {
  name: "noop-debug",
  setup(build) {
    build.onResolve({ filter: /^debug$/ }, () => ({ path: "debug", namespace: "noop-debug" }));
    build.onLoad({ filter: /.*/, namespace: "noop-debug" }, () => ({ contents: NOOP_DEBUG, loader: "js" }));
  },
};

/** A file's code without comments (block and line) and blank lines. */
function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && l !== "'use strict';")
    .join("\n");
}

/** Lines an index may hold and still be "main plus extras nobody here uses". */
const ALLOWED_INDEX_LINES = [
  /^var (\w+) = require\( '\.\/main\.js' \);$/,
  /^var \w+ = require\( '\.\/(factory|ndarray|polyfill|native)\.js' \);$/,
  /^var setReadOnly = require\( '@stdlib\/utils-define-nonenumerable-read-only-property' \);$/,
  /^var has\w+Support = require\( '@stdlib\/assert-has-[\w-]+-support' \);$/,
  /^setReadOnly\( \w+, '(factory|ndarray)', \w+ \);$/,
  /^var ctor;$/,
  /^if \( has\w+Support\(\) \) \{$/,
  /^ctor = (builtin|polyfill);$/,
  /^\} else \{$/,
  /^\}$/,
  /^module\.exports = (\w+);$/,
];

/** Packages some stdlib file reads a property of (`require( '@stdlib/x' ).assign`): keep their index. */
export function packagesWithPropertyUse(stdlibDir: string): Set<string> {
  const used = new Set<string>();
  for (const pkg of readdirSync(stdlibDir)) {
    const lib = join(stdlibDir, pkg, "lib");
    if (!existsSync(lib)) continue;
    for (const file of readdirSync(lib)) {
      if (!file.endsWith(".js")) continue;
      for (const m of readFileSync(join(lib, file), "utf8").matchAll(/require\( '@stdlib\/([\w-]+)' \)\./g)) used.add(m[1]!);
    }
  }
  return used;
}

/**
 * `lib/main.js` of a stdlib package when its index only re-exports main (possibly choosing it
 * over a polyfill when the engine supports typed arrays, or attaching `.factory`/`.ndarray`)
 * and no stdlib file uses a property of the package; otherwise undefined (keep the index).
 */
export function mainOnlyPath(stdlibDir: string, pkg: string, propertyUsers: ReadonlySet<string>): string | undefined {
  if (propertyUsers.has(pkg)) return undefined;
  const index = join(stdlibDir, pkg, "lib", "index.js");
  const main = join(stdlibDir, pkg, "lib", "main.js");
  if (!existsSync(index) || !existsSync(main)) return undefined;
  const lines = codeOf(readFileSync(index, "utf8")).split("\n");
  if (!lines.every((line) => ALLOWED_INDEX_LINES.some((re) => re.test(line)))) return undefined;
  const mainName = lines.map((l) => /^var (\w+) = require\( '\.\/main\.js' \);$/.exec(l)?.[1]).find(Boolean);
  const exported = lines.map((l) => /^module\.exports = (\w+);$/.exec(l)?.[1]).find(Boolean);
  const choosesBuiltin = lines.includes("ctor = builtin;") && mainName === "builtin" && exported === "ctor";
  return exported === mainName || choosesBuiltin ? main : undefined;
}

/** Resolve `@stdlib/<pkg>` to its `lib/main.js` where `mainOnlyPath` allows it. */
export function stdlibMainOnly(nodeModules: string): Plugin {
  const stdlibDir = join(nodeModules, "@stdlib");
  let users: Set<string> | undefined;
  return {
    name: "stdlib-main-only",
    setup(build) {
      build.onResolve({ filter: /^@stdlib\/[\w-]+$/ }, (args) => {
        users ??= packagesWithPropertyUse(stdlibDir);
        const path = mainOnlyPath(stdlibDir, args.path.slice("@stdlib/".length), users);
        return path ? { path } : undefined;
      });
    },
  };
}

/** A posterior draw as the calibration stores it. */
interface StoredDraw {
  readonly parameters: Record<string, number>;
  readonly effects: Record<string, Record<string, number>>;
}

/** The draws as columns: parameter keys, effect keys (trial, effect) and one array per key. */
export function drawColumns(draws: readonly StoredDraw[]): { parameterKeys: string[]; effectKeys: [string, string][]; columns: number[][] } {
  const first = draws[0]!;
  const parameterKeys = Object.keys(first.parameters);
  const effectKeys = Object.entries(first.effects).flatMap(([trial, e]) => Object.keys(e).map((k) => [trial, k] as [string, string]));
  const shape = JSON.stringify([parameterKeys, effectKeys]);
  draws.forEach((d, i) => {
    const own = JSON.stringify([Object.keys(d.parameters), Object.entries(d.effects).flatMap(([t, e]) => Object.keys(e).map((k) => [t, k]))]);
    if (own !== shape) throw new Error(`compactCalibration: draw ${i} has other keys than draw 0; cannot store the draws as columns`);
  });
  const columns = [...parameterKeys.map((k) => draws.map((d) => d.parameters[k]!)), ...effectKeys.map(([t, k]) => draws.map((d) => d.effects[t]![k]!))];
  return { parameterKeys, effectKeys, columns };
}

/** The decoder the generated module carries (plain JS, no imports). */
const DECODE_DRAWS = `function decodeDraws(parameterKeys, effectKeys, columns) {
  const n = columns.length ? columns[0].length : 0;
  const draws = [];
  for (let i = 0; i < n; i++) {
    const parameters = {};
    parameterKeys.forEach((k, j) => { parameters[k] = columns[j][i]; });
    const effects = {};
    effectKeys.forEach(([t, k], j) => { (effects[t] ??= {})[k] = columns[parameterKeys.length + j][i]; });
    draws.push({ parameters, effects });
  }
  return draws;
}`;

/** The calibration JSON as an ES module without its draws: `draws: null` in their place (key order kept). */
export function calibrationSummaryModule(json: string): string {
  const calibration = JSON.parse(json) as Record<string, unknown>;
  const fields = Object.entries(calibration).map(([k, v]) => `${JSON.stringify(k)}: ${k === "draws" ? "null" : JSON.stringify(v)}`);
  return `export default {\n${fields.join(",\n")}\n};\n`;
}

/** The calibration's draws as an ES module (`{ draws }`), stored as columns and decoded at load. */
export function calibrationDrawsModule(json: string): string {
  const draws = (JSON.parse(json) as { draws?: StoredDraw[] }).draws;
  if (!Array.isArray(draws) || draws.length === 0) return `export default { draws: ${JSON.stringify(draws ?? [])} };\n`;
  const { parameterKeys, effectKeys, columns } = drawColumns(draws);
  return `${DECODE_DRAWS}\nexport default { draws: decodeDraws(${JSON.stringify(parameterKeys)}, ${JSON.stringify(effectKeys)}, ${JSON.stringify(columns)}) };\n`;
}

/**
 * Serve default-calibration.json as two modules: to src/calibration/shipped-draws.ts (imported
 * on demand) the draws as columns, to every other importer the calibration without its draws.
 */
export const compactCalibration: Plugin = {
  name: "compact-calibration",
  setup(build) {
    build.onResolve({ filter: /default-calibration\.json$/ }, (args) => ({
      path: join(args.resolveDir, args.path),
      namespace: /shipped-draws\.[cm]?[jt]s$/.test(args.importer) ? "calibration-draws" : "calibration-summary",
    }));
    build.onLoad({ filter: /.*/, namespace: "calibration-summary" }, (args) => ({ contents: calibrationSummaryModule(readFileSync(args.path, "utf8")), loader: "js", resolveDir: dirname(args.path) }));
    build.onLoad({ filter: /.*/, namespace: "calibration-draws" }, (args) => ({ contents: calibrationDrawsModule(readFileSync(args.path, "utf8")), loader: "js", resolveDir: dirname(args.path) }));
  },
};
