#!/usr/bin/env node
// The API reference (docs/api.md), generated from the code's TSDoc with the TypeScript compiler:
//   node scripts/build-api-docs.mjs          # write docs/api.md
//   node scripts/build-api-docs.mjs --check  # exit 1 if docs/api.md is out of date
// Sections follow the "// ---- Title ----" comments of each entry point, in their order.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = `${ROOT}docs/api.md`;
const ENTRIES = [
  { file: "src/index.ts", importFrom: "mdma-trial-sim", title: "mdma-trial-sim (browser-safe core)" },
  { file: "src/node/index.ts", importFrom: "mdma-trial-sim/node", title: "mdma-trial-sim/node (worker threads, files, SVG)", only: "own" },
];

const program = ts.createProgram(
  ENTRIES.map((e) => `${ROOT}${e.file}`),
  { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, resolveJsonModule: true, noEmit: true },
);
const checker = program.getTypeChecker();

/** Export names of an entry in source order, with the section heading above each. */
function sectionsOf(file) {
  const text = readFileSync(`${ROOT}${file}`, "utf8");
  const out = [];
  let section = "Other";
  for (const line of text.split("\n")) {
    const heading = /^\/\/ -{2,} (.+?) -*$/.exec(line.trim());
    if (heading) section = heading[1];
    const m = /^export (type )?\{([^}]*)\}/.exec(line.trim());
    if (m) for (const name of m[2].split(",").map((s) => s.trim().split(/\s+as\s+/).pop()).filter(Boolean)) out.push({ name, section, typeOnly: Boolean(m[1]) });
  }
  return out;
}

const oneLine = (s) => s.replace(/\s+/g, " ").trim();

function describe(symbol) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const doc = oneLine(ts.displayPartsToString(target.getDocumentationComment(checker)));
  const decl = target.declarations?.[0];
  let signature = "";
  if (decl && (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl))) {
    const type = checker.getTypeOfSymbolAtLocation(target, decl);
    signature = type.getCallSignatures().map((s) => `${symbol.getName()}${checker.signatureToString(s, decl, ts.TypeFormatFlags.NoTruncation)}`).join("\n");
  } else if (decl && ts.isClassDeclaration(decl)) signature = `class ${symbol.getName()}`;
  else if (decl && ts.isVariableDeclaration(decl)) signature = `const ${symbol.getName()}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(target, decl), decl, ts.TypeFormatFlags.NoTruncation)}`;
  else if (decl && (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl))) signature = `type ${symbol.getName()}`;
  const examples = target.getJsDocTags(checker).filter((t) => t.name === "example").map((t) => ts.displayPartsToString(t.text).trim());
  return { doc, signature, examples };
}

export function apiMarkdown() {
  const lines = ["# API reference", "", "Generated from the code's TSDoc by `node scripts/build-api-docs.mjs` (a test keeps it current). For research and teaching only; not medical advice.", ""];
  for (const entry of ENTRIES) {
    const source = program.getSourceFile(`${ROOT}${entry.file}`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.getName(), s]));
    lines.push(`## \`${entry.importFrom}\``, "", entry.title === entry.importFrom ? "" : `${entry.title}.`, "");
    let current = "";
    for (const { name, section, typeOnly } of sectionsOf(entry.file)) {
      const symbol = exports.get(name);
      if (!symbol) continue;
      if (section !== current) {
        lines.push(`### ${section}`, "");
        current = section;
      }
      const d = describe(symbol);
      lines.push(`- **\`${name}\`**${typeOnly ? " (type)" : ""}: ${d.doc || "(undocumented)"}`);
      if (!typeOnly && d.signature && !d.signature.startsWith("type ")) lines.push("", "  ```ts", ...d.signature.split("\n").map((s) => `  ${s}`), "  ```");
      for (const ex of d.examples) lines.push("", "  ```ts", ...ex.split("\n").map((s) => `  ${s}`), "  ```");
      lines.push("");
    }
  }
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const md = apiMarkdown();
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(OUT, "utf8");
    } catch {}
    if (current !== md) {
      console.error("docs/api.md is out of date: run node scripts/build-api-docs.mjs");
      process.exit(1);
    }
  } else {
    mkdirSync(`${ROOT}docs`, { recursive: true });
    writeFileSync(OUT, md);
    console.error(`wrote ${OUT}`);
  }
}
