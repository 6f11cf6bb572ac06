import { describe, expect, test } from "vitest";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT } from "./helpers/cli.js";
import { VERSION } from "../src/engine.js";

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : ext.test(name) ? [path] : [];
  });
}

describe("source hygiene", () => {
  test("no Math.random anywhere in src/ (every draw comes from a named, seeded stream)", () => {
    const offenders = files(join(ROOT, "src"), /\.ts$/).filter((f) => /Math\s*\.\s*random/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
  test("zod is imported as a namespace (named import pulls every locale into browser bundles)", () => {
    const offenders = files(join(ROOT, "src"), /\.ts$/).filter((f) => /import\s*\{\s*z\s*\}\s*from\s*["']zod["']/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
  test("the library version matches package.json", () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });
});

describe("the build", () => {
  const dist = join(ROOT, "dist");
  /** A built file and every local chunk it imports, transitively. */
  function closure(entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:from\s*|require\(\s*|import\(\s*)["'](\.\/[^"']+)["']/g)) visit(join(dist, m[1]!));
    };
    visit(join(dist, entry));
    return [...seen];
  }
  test("exists (npm test builds before testing)", () => {
    expect(existsSync(join(dist, "index.js"))).toBe(true);
  });
  test.each(["index.js", "index.cjs"])("the main entry %s imports no node: module (browser-safe)", (entry) => {
    for (const file of closure(entry)) expect(readFileSync(file, "utf8"), file).not.toMatch(/["']node:|require\(["'](fs|path|worker_threads|os|child_process)["']\)/);
  });
  test("ESM and CJS builds give the same numbers", () => {
    const script = (load: string) => `${load}; const r = e.streamFromSeed(42, ["x", 1]); const z = e.normal(0, 1); const run = m.simulateTrialsSync({ protocol: m.preset("mp1"), seed: 3 }, { trials: 20, keepRows: false }); console.log(JSON.stringify([r.uniform(), z(r), m.preset("mp8").arms.length, run]));`;
    const esm = spawnSync(process.execPath, ["--input-type=module", "-e", script(`const m = await import(${JSON.stringify(join(dist, "index.js"))}); const e = await import(${JSON.stringify(join(dist, "engine.js"))})`)], { encoding: "utf8" });
    const cjs = spawnSync(process.execPath, ["-e", script(`const m = require(${JSON.stringify(join(dist, "index.cjs"))}); const e = require(${JSON.stringify(join(dist, "engine.cjs"))})`)], { encoding: "utf8" });
    expect(esm.stderr).toBe("");
    expect(cjs.stderr).toBe("");
    expect(esm.stdout).toBe(cjs.stdout);
    expect(JSON.parse(esm.stdout)[2]).toBe(3);
  });
  test("the entries share one ValidationError class", async () => {
    const core = await import(join(dist, "index.js"));
    const node = await import(join(dist, "node.js"));
    const engine = await import(join(dist, "engine.js"));
    expect(node.ValidationError).toBe(core.ValidationError);
    expect(engine.ValidationError).toBe(core.ValidationError);
  });
});
