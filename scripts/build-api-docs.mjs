#!/usr/bin/env node
// The API reference (docs/api.md), generated from the code's TSDoc with the TypeScript compiler:
//   node scripts/build-api-docs.mjs          # write docs/api.md
//   node scripts/build-api-docs.mjs --check  # exit 1 if docs/api.md is out of date
// Every export of each entry is listed, found by the TypeScript checker (getExportsOfModule), in
// the order of the entry's export statements, under the "// ---- Title ----" comment above it; a
// namespace export (`export * as charts`) gets a section of its own listing its members.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = `${ROOT}docs/api.md`;
const ENTRIES = [
  { file: "src/index.ts", importFrom: "mdma-trial-sim", title: "mdma-trial-sim (browser-safe core)" },
  { file: "src/node/index.ts", importFrom: "mdma-trial-sim/node", title: "mdma-trial-sim/node (worker threads, files, SVG); everything in `mdma-trial-sim` is exported from here too", section: "Worker threads, files and SVG" },
];

const program = ts.createProgram(
  ENTRIES.map((e) => `${ROOT}${e.file}`),
  { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, resolveJsonModule: true, noEmit: true },
);
const checker = program.getTypeChecker();

const HEADING = /^\/\/ -{2,} (.+?) -*$/;

/** The "// ---- Title ----" comments of a file, with their positions, in order. */
function headingsOf(source) {
  const text = source.getFullText();
  const out = [];
  for (const statement of source.statements) {
    for (const range of ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []) {
      const m = HEADING.exec(text.slice(range.pos, range.end).trim());
      if (m) out.push({ pos: range.pos, title: m[1] });
    }
  }
  return out;
}

/** The `export * from "..."` statements of a file, each with the module it re-exports. */
function starExportsOf(source) {
  return source.statements
    .filter((s) => ts.isExportDeclaration(s) && !s.exportClause && s.moduleSpecifier)
    .map((s) => ({ pos: s.getStart(), module: checker.getSymbolAtLocation(s.moduleSpecifier) }));
}

const resolve = (symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

/** Whether an export carries only a type: `export type { ... }`, or a name with no value behind it. */
function isTypeOnly(symbol, declaration) {
  if (declaration && ts.isExportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly)) return true;
  return (resolve(symbol).flags & ts.SymbolFlags.Value) === 0;
}

/**
 * Every export of a module, found by the checker (checker.getExportsOfModule), in source order:
 * where its export statement stands in the module's file and the "// ---- Title ----" heading
 * above it. A name that arrives through `export * from` a module in `skipModules` (another
 * documented entry) is left to that entry's section.
 */
function exportsInOrder(source, skipModules = new Set()) {
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const headings = headingsOf(source);
  const stars = starExportsOf(source).map((star) => ({ ...star, names: new Set(checker.getExportsOfModule(star.module).map((s) => s.getName())) }));
  const out = [];
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const declaration = symbol.declarations?.find((d) => d.getSourceFile() === source);
    const star = declaration ? undefined : stars.find((s) => s.names.has(symbol.getName()));
    if (!declaration && !star) throw new Error(`${source.fileName}: cannot place the export ${symbol.getName()}`);
    if (star && skipModules.has(star.module)) continue;
    const pos = declaration ? declaration.getStart() : star.pos;
    const section = headings.filter((h) => h.pos < pos).pop()?.title;
    const namespace = declaration && ts.isNamespaceExport(declaration) ? resolve(symbol) : undefined;
    out.push({ name: symbol.getName(), symbol, pos, section, typeOnly: !namespace && isTypeOnly(symbol, declaration), namespace, declaration });
  }
  return out.sort((a, b) => a.pos - b.pos);
}

const oneLine = (s) => s.replace(/\s+/g, " ").trim();

/** The TSDoc written on `export * as name from "..."` (a module has none of its own). */
function namespaceDoc(declaration) {
  return oneLine(ts.getJSDocCommentsAndTags(declaration.parent).map((d) => (ts.isJSDoc(d) ? (ts.getTextOfJSDocComment(d.comment) ?? "") : "")).join(" "));
}

/** An export's TSDoc (on one line), its signature and its examples; `shownName` is what the signature calls it. */
function describe(symbol, shownName = symbol.getName()) {
  const target = resolve(symbol);
  const doc = oneLine(ts.displayPartsToString(target.getDocumentationComment(checker)));
  const decl = target.declarations?.[0];
  let signature = "";
  if (decl && (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl))) {
    const type = checker.getTypeOfSymbolAtLocation(target, decl);
    signature = type.getCallSignatures().map((s) => `${shownName}${checker.signatureToString(s, decl, ts.TypeFormatFlags.NoTruncation)}`).join("\n");
  } else if (decl && ts.isClassDeclaration(decl)) signature = `class ${shownName}`;
  else if (decl && ts.isVariableDeclaration(decl)) signature = `${shownName.includes(".") ? "" : "const "}${shownName}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(target, decl), decl, ts.TypeFormatFlags.NoTruncation)}`;
  const examples = target.getJsDocTags(checker).filter((t) => t.name === "example").map((t) => ts.displayPartsToString(t.text).trim());
  return { doc, signature, examples };
}

const codeBlock = (text) => ["", "  ```ts", ...text.split("\n").map((s) => `  ${s}`), "  ```"];

/** One export as a list item: name, TSDoc, signature, examples. */
function item(e, shownName = e.name) {
  if (e.namespace) return [`- **\`${shownName}\`** (namespace): ${namespaceDoc(e.declaration) || "(undocumented)"} Its members: [the \`${shownName}\` namespace](#the-${shownName.toLowerCase()}-namespace).`, ""];
  const d = describe(e.symbol, shownName);
  return [`- **\`${shownName}\`**${e.typeOnly ? " (type)" : ""}: ${d.doc || "(undocumented)"}`, ...(!e.typeOnly && d.signature ? codeBlock(d.signature) : []), ...d.examples.flatMap(codeBlock), ""];
}

/** The list of exports, with a "### heading" wherever the section changes. */
function sectionLines(exports, fallbackSection, prefix = "") {
  const lines = [];
  let current;
  for (const e of exports) {
    const section = e.section ?? fallbackSection;
    if (section && section !== current) lines.push(`### ${section}`, "");
    current = section;
    lines.push(...item(e, `${prefix}${e.name}`));
  }
  return lines;
}

/** A namespace export's own section: its TSDoc and every member, named as callers write it (`charts.powerCurve`). */
function namespaceSection(e) {
  const source = e.namespace.valueDeclaration?.getSourceFile() ?? e.namespace.declarations[0].getSourceFile();
  const members = exportsInOrder(source).map((m) => ({ ...m, section: undefined }));
  return [`### The \`${e.name}\` namespace`, "", namespaceDoc(e.declaration), "", ...sectionLines(members, undefined, `${e.name}.`)];
}

export function apiMarkdown() {
  const lines = ["# API reference", "", "Generated from the code's TSDoc by `node scripts/build-api-docs.mjs` (a test keeps it current). For research and teaching only; not medical advice.", ""];
  const documented = new Map(); // resolved symbol -> the entry that documents it
  const entryModules = new Set(ENTRIES.map((e) => checker.getSymbolAtLocation(program.getSourceFile(`${ROOT}${e.file}`))));
  for (const entry of ENTRIES) {
    const source = program.getSourceFile(`${ROOT}${entry.file}`);
    const exports = exportsInOrder(source, new Set([...entryModules].filter((m) => m !== checker.getSymbolAtLocation(source))));
    const again = exports.filter((e) => documented.has(resolve(e.symbol)));
    const own = exports.filter((e) => !documented.has(resolve(e.symbol)));
    lines.push(`## \`${entry.importFrom}\``, "", `${entry.title}.`, "");
    lines.push(...sectionLines(own, entry.section));
    if (again.length) lines.push(`Also exported here, the same as in \`${documented.get(resolve(again[0].symbol))}\` above: ${again.map((e) => `\`${e.name}\``).join(", ")}.`, "");
    for (const e of own.filter((x) => x.namespace)) lines.push(...namespaceSection(e));
    for (const e of own) documented.set(resolve(e.symbol), entry.importFrom);
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
