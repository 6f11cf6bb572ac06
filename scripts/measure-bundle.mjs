#!/usr/bin/env node
/**
 * Browser bundle sizes of the built library (run `npm run build` first), as a browser app gets
 * them: esbuild --bundle --minify --platform=browser --format=esm, then gzip -9.
 *
 *   node scripts/measure-bundle.mjs            # a Markdown table
 *   node scripts/measure-bundle.mjs --json     # the same numbers as JSON
 *   node scripts/measure-bundle.mjs --write    # also put the table in BENCHMARKS.md (its "after" rows)
 *
 * Rows: the whole main entry (every export kept), and apps that import one name (what tree
 * shaking leaves). Bundled with code splitting, as an app's bundler does: "loaded" is what the
 * page loads with the app, "on demand" the chunks an `import()` fetches when it first runs (the
 * calibration's posterior draws, by a first forecast; a chunk emitted for an import() that tree
 * shaking removed is not counted). Also says whether any of it reads process.env or imports a
 * node: module.
 */
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(ROOT, "dist", "index.js");
if (!existsSync(dist)) {
  console.error("dist/index.js is missing: run `npm run build` first");
  process.exit(2);
}

/** What each row bundles: an entry module's source. */
const CASES = [
  ["main entry, every export (`export * from \"mdma-trial-sim\"`)", `export * from ${JSON.stringify(dist)};`],
  ["an app importing only `powerTTest`", `import { powerTTest } from ${JSON.stringify(dist)}; console.log(powerTTest);`],
  ["an app importing only `simulateTrials` and `preset`", `import { simulateTrials, preset } from ${JSON.stringify(dist)}; console.log(simulateTrials, preset);`],
  ["an app importing only `forecastTrial`", `import { forecastTrial } from ${JSON.stringify(dist)}; console.log(forecastTrial);`],
];

/**
 * Bundle as a browser app's bundler does (code splitting, so an `import()` becomes a chunk fetched
 * when it runs): the load is the entry's chunk and the chunks it imports statically; `import()`ed
 * chunks (the calibration's draws, fetched by the first forecast) are counted apart, on demand.
 */
async function measure(contents) {
  const result = await build({ stdin: { contents, resolveDir: ROOT, loader: "js", sourcefile: "app.js" }, bundle: true, minify: true, splitting: true, outdir: join(ROOT, ".bundle-measure"), absWorkingDir: ROOT, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent" });
  const outputs = result.metafile.outputs;
  const files = new Map(result.outputFiles.map((f) => [relative(ROOT, f.path).split("\\").join("/"), f.contents]));
  // The app's own output (a dynamically imported chunk is an entry point too, named after its module).
  const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint === "app.js");
  /** The outputs `from` needs loaded: themselves and their static imports, transitively. */
  const closure = (from, into = new Set()) => {
    for (const file of from) {
      if (into.has(file)) continue;
      into.add(file);
      closure(outputs[file].imports.filter((i) => i.kind === "import-statement" && !i.external).map((i) => i.path), into);
    }
    return into;
  };
  const loaded = closure([entry]);
  // What import() can fetch, from the loaded code or from what it fetches in turn. A chunk emitted
  // for an import() that tree shaking removed is neither loaded nor fetched, and is not counted.
  const onDemandSet = new Set();
  for (let frontier = [...loaded]; frontier.length; ) {
    const targets = frontier.flatMap((f) => outputs[f].imports.filter((i) => i.kind === "dynamic-import").map((i) => i.path));
    const fresh = [...closure(targets)].filter((f) => !loaded.has(f) && !onDemandSet.has(f));
    fresh.forEach((f) => onDemandSet.add(f));
    frontier = fresh;
  }
  const onDemand = [...onDemandSet];
  const size = (list) => list.reduce((acc, k) => ({ minifiedBytes: acc.minifiedBytes + files.get(k).length, gzipBytes: acc.gzipBytes + gzipSync(files.get(k), { level: 9 }).length }), { minifiedBytes: 0, gzipBytes: 0 });
  // Scanned: everything the app may run, the on-demand chunks included.
  const text = [...loaded, ...onDemand].map((k) => Buffer.from(files.get(k)).toString("utf8")).join("\n");
  return { ...size([...loaded]), onDemand: size(onDemand), readsProcessEnv: /process\.env/.test(text), importsNode: /["']node:/.test(text) };
}

const rows = [];
for (const [label, contents] of CASES) rows.push({ label, ...(await measure(contents)) });
const kb = (n) => (n / 1000).toFixed(1);
const table = [
  "| bundle | loaded: minified (KB) | loaded: gzip -9 (KB) | on demand (import(), fetched when first run): gzip -9 (KB) | reads process.env | node: imports |",
  "| --- | ---: | ---: | ---: | --- | --- |",
  ...rows.map((r) => `| ${r.label} | ${kb(r.minifiedBytes)} | ${kb(r.gzipBytes)} | ${r.onDemand.gzipBytes ? kb(r.onDemand.gzipBytes) : "none"} | ${r.readsProcessEnv ? "yes" : "no"} | ${r.importsNode ? "yes" : "no"} |`),
];
console.log(process.argv.includes("--json") ? JSON.stringify(rows, null, 2) : table.join("\n"));
if (process.argv.includes("--write")) {
  // Between the markers in BENCHMARKS.md's bundle-size section.
  const file = join(ROOT, "BENCHMARKS.md");
  const [start, end] = ["<!-- bundle-size:now -->", "<!-- /bundle-size:now -->"];
  const text = readFileSync(file, "utf8");
  if (!text.includes(start) || !text.includes(end)) throw new Error(`BENCHMARKS.md has no ${start} ... ${end} block to fill`);
  const stamp = `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, esbuild ${(await import("esbuild")).version}:`;
  writeFileSync(file, text.slice(0, text.indexOf(start) + start.length) + `\n${stamp}\n\n${table.join("\n")}\n` + text.slice(text.indexOf(end)));
}
