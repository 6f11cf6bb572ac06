/**
 * The folders of src/ tell the story of a trial, and dependencies point one way: a file imports
 * from its own folder and from lower layers only. This test reads every import in src/ and
 * fails on an upward import or a cycle between folders, naming the files.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

/** Layer of each folder (or top-level file), low to high. Same number: the two may not import each other. */
export const LAYERS: Readonly<Record<string, number>> = {
  "errors.ts": 0,
  "hash.ts": 0,
  "version.ts": 0,
  "format.ts": 0,
  "displayable.ts": 0,
  "input.ts": 0.5,
  "shard.ts": 0.5,
  math: 1,
  random: 2,
  analysis: 3,
  protocol: 4,
  params: 5,
  pk: 6,
  vitals: 7,
  participants: 8,
  session: 9,
  belief: 10,
  outcomes: 11,
  trial: 12,
  calibration: 13,
  check: 14,
  charts: 15,
  display: 15.2,
  report: 15.4,
  "index.ts": 16,
  "engine.ts": 16,
  node: 17,
  cli: 18,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The layer unit of a path under src/: its top folder, or the file itself at the top level. */
const unitOf = (path: string) => relative(SRC, path).split(/[\\/]/)[0]!;

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly specifier: string;
}

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const specifier = m[1]!;
      const target = resolve(dirname(file), specifier);
      if (relative(SRC, target).startsWith("..")) continue; // data outside src/ (seeds/*.json)
      const from = unitOf(file);
      const to = unitOf(target.replace(/\.js$/, ".ts"));
      if (from !== to) edges.push({ from, to, file: relative(SRC, file), specifier });
    }
  }
  return edges;
}

describe("layers of src/", () => {
  const edges = importEdges();

  test("every folder and top-level file has a layer", () => {
    const units = new Set(sourceFiles(SRC).map(unitOf));
    expect([...units].filter((u) => !(u in LAYERS))).toEqual([]);
  });

  test("imports point down: a file imports its own folder and lower layers only", () => {
    const upward = edges.filter((e) => LAYERS[e.to]! >= LAYERS[e.from]!).map((e) => `${e.file} imports ${e.specifier} (${e.from} ${LAYERS[e.from]} -> ${e.to} ${LAYERS[e.to]})`);
    expect(upward).toEqual([]);
  });

  test("no cycle between folders", () => {
    const next = new Map<string, Set<string>>();
    for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (u: string, path: string[]) => {
      state.set(u, "open");
      for (const v of next.get(u) ?? []) {
        if (state.get(v) === "open") cycles.push([...path.slice(path.indexOf(v)), v].join(" -> "));
        else if (!state.has(v)) visit(v, [...path, v]);
      }
      state.set(u, "done");
    };
    for (const u of next.keys()) if (!state.has(u)) visit(u, [u]);
    expect(cycles).toEqual([]);
  });

  test("the scanner sees imports (guard against a regex that matches nothing)", () => {
    expect(edges.some((e) => e.from === "trial" && e.to === "analysis")).toBe(true);
    expect(edges.length).toBeGreaterThan(50);
  });
});
