#!/usr/bin/env node
/**
 * Build the explorer (examples/explorer/) into dist-explorer/index.html: one HTML file
 * with everything inline (the page script, vega and vega-lite, and the Web Worker's script as
 * text started from a blob: URL), so it works from a double-click (file://, where module
 * workers and fetch are refused) and from any static host. Nothing is loaded from a network.
 *
 *   npm run explorer              # build (the library's sources, with the library's build plugins)
 *   node scripts/build-explorer.mjs --serve 8080   # build, then serve the folder on localhost
 */
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "examples", "explorer");
const OUT = join(ROOT, "dist-explorer");

/** The library's esbuild plugins (scripts/bundle-plugins.ts), compiled on the fly. */
async function libraryPlugins() {
  const compiled = await build({ entryPoints: [join(ROOT, "scripts", "bundle-plugins.ts")], bundle: true, platform: "node", format: "esm", write: false, packages: "external", logLevel: "silent" });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(compiled.outputFiles[0].contents).toString("base64")}`);
  return [mod.noopDebug, mod.stdlibMainOnly(join(ROOT, "node_modules")), mod.compactCalibration];
}

async function bundle(entry, plugins, define = {}) {
  const result = await build({ entryPoints: [join(SRC, entry)], bundle: true, minify: true, format: "iife", platform: "browser", target: "es2022", write: false, plugins, define, logLevel: "warning", legalComments: "none" });
  return Buffer.from(result.outputFiles[0].contents).toString("utf8");
}

async function main() {
  const started = Date.now();
  const plugins = await libraryPlugins();
  const worker = await bundle("worker.ts", plugins);
  const page = await bundle("main.ts", plugins, { WORKER_SOURCE: JSON.stringify(worker) });
  // Inline: a "</script" inside the code would end the element early; "<\/script" means the same in JS.
  const code = page.replace(/<\/script/gi, "<\\/script");
  // The Content-Security-Policy allows this one inline script by its hash (no 'unsafe-inline').
  const hash = `sha256-${createHash("sha256").update(code, "utf8").digest("base64")}`;
  const template = readFileSync(join(SRC, "index.html"), "utf8");
  if (!template.includes("'EXPLORER_SCRIPT_HASH'")) throw new Error("examples/explorer/index.html: the Content-Security-Policy has no 'EXPLORER_SCRIPT_HASH' to fill in");
  const html = template.replace("'EXPLORER_SCRIPT_HASH'", () => `'${hash}'`).replace("<!-- EXPLORER_SCRIPT -->", () => `<script>${code}</script>`);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, "index.html"), html);
  console.log(`explorer: wrote ${join("dist-explorer", "index.html")} (${(html.length / 1e6).toFixed(2)} MB; worker ${(worker.length / 1e3).toFixed(0)} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Serve the built folder on 127.0.0.1 (for trying the http:// case by hand). */
function serve(port) {
  createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (path !== "/" && path !== "/index.html") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(readFileSync(join(OUT, "index.html")));
  }).listen(port, "127.0.0.1", () => console.log(`explorer: http://127.0.0.1:${port}/`));
}

await main();
const at = process.argv.indexOf("--serve");
if (at >= 0) serve(Number(process.argv[at + 1] ?? 8080));
