import { describe, expect, test } from "vitest";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { ROOT } from "./helpers/cli.js";
import { VERSION } from "../src/engine.js";
import { mainOnlyPath, packagesWithPropertyUse } from "../scripts/bundle-plugins.js";

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
    const offenders = files(join(ROOT, "src"), /\.ts$/).filter((f) => /import\s*\{\s*z\s*\}\s*from\s*["']zod(\/mini)?["']/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
  test("zod is imported from zod/mini, never its classic API, in src and in the tests (classic adds about 20 KB gzip to the browser bundle, and loading it sets zod's English messages globally, which would hide a missing message of ours)", () => {
    const classic = /(from|import|require\()\s*\(?\s*["']zod(\/v[34])?(\/classic)?["']/;
    const offenders = [...files(join(ROOT, "src"), /\.ts$/), ...files(join(ROOT, "test"), /\.ts$/)].filter((f) => classic.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
    expect(classic.test(`const z = await import(${'"zod"'})`)).toBe(true); // written so that this file does not match itself
    expect(classic.test('import * as z from "zod/mini"')).toBe(false);
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
  // One Node process per module system, importing the built files natively (no vite transform).
  test("ESM and CJS builds give the same numbers, and their entries share one ValidationError class", () => {
    const script = (load: string) => `${load}; const r = e.streamFromSeed(42, ["x", 1]); const z = e.normal(0, 1); const run = m.simulateTrialsSync({ protocol: m.preset("mp1"), seed: 3 }, { trials: 20, keepRows: false }); console.log(JSON.stringify([r.uniform(), z(r), m.preset("mp8").arms.length, run, [n.ValidationError === m.ValidationError, e.ValidationError === m.ValidationError]]));`;
    const esm = spawnSync(process.execPath, ["--input-type=module", "-e", script(`const m = await import(${JSON.stringify(join(dist, "index.js"))}); const e = await import(${JSON.stringify(join(dist, "engine.js"))}); const n = await import(${JSON.stringify(join(dist, "node.js"))})`)], { encoding: "utf8" });
    const cjs = spawnSync(process.execPath, ["-e", script(`const m = require(${JSON.stringify(join(dist, "index.cjs"))}); const e = require(${JSON.stringify(join(dist, "engine.cjs"))}); const n = require(${JSON.stringify(join(dist, "node.cjs"))})`)], { encoding: "utf8" });
    expect(esm.stderr).toBe("");
    expect(cjs.stderr).toBe("");
    expect(esm.stdout).toBe(cjs.stdout);
    const [, , mp8Arms, , sameClass] = JSON.parse(esm.stdout);
    expect(mp8Arms).toBe(3);
    expect(sameClass).toEqual([true, true]);
  });
});

describe("the bundled dependencies and data (scripts/bundle-plugins.ts)", () => {
  const dist = join(ROOT, "dist");
  const stdlibDir = join(ROOT, "node_modules", "@stdlib");

  const analyses = (m: typeof import("../src/index.js")) => [
    m.welchFromSummary({ mean: 10, sd: 3, n: 12 }, { mean: 7.5, sd: 4, n: 9 }),
    m.powerTTest({ n: 20, delta: 0.7, sd: 1, sigLevel: 0.05 }),
    m.clopperPearsonInterval(3, 17),
    m.wilsonInterval(3, 17),
    m.fisherExact(7, 3, 2, 8),
    m.sampleSizeTTest({ delta: 0.5, power: 0.8 }),
  ];
  /** What dist/index.js gives when Node imports it natively (one process; importing it here would run the 1 MB bundle through vite's transform). */
  let builtOutputs: { calibration: string; analyses: string } | undefined;
  const built = () => {
    if (builtOutputs) return builtOutputs;
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(dist, "index.js")).href)}); const analyses = ${analyses.toString()}; process.stdout.write(JSON.stringify({ calibration: JSON.stringify(await m.defaultCalibration()), analyses: JSON.stringify(analyses(m)) }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    expect(r.stderr).toBe("");
    return (builtOutputs = JSON.parse(r.stdout) as { calibration: string; analyses: string });
  };

  test("the shipped calibration in dist is the JSON file, number for number and key for key", () => {
    const file = JSON.parse(readFileSync(join(ROOT, "src", "calibration", "default-calibration.json"), "utf8"));
    expect(built().calibration).toBe(JSON.stringify(file));
  });

  test("the draws are stored as columns in dist (not one object per draw)", () => {
    const text = readdirSync(dist).filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(dist, f), "utf8")).join("\n");
    expect(text).toContain("decodeDraws(");
    expect(text).not.toMatch(/"draws":\s*\[\s*\{\s*"parameters"/);
  });

  test("the draws are a chunk of their own, reached only by import() (ESM and CJS), and the summary loads without them", () => {
    for (const ext of [".js", ".cjs"]) {
      const files = readdirSync(dist).filter((f) => f.endsWith(ext));
      const drawChunks = files.filter((f) => f.startsWith("shipped-draws-"));
      expect(drawChunks.length, ext).toBeGreaterThan(0);
      for (const f of files.filter((name) => !drawChunks.includes(name))) {
        const text = readFileSync(join(dist, f), "utf8");
        expect(text, f).not.toContain("decodeDraws(");
        for (const chunk of drawChunks) {
          // A reference to the chunk is a dynamic import (ESM import("./x"), CJS require inside a promise), never a top-level one.
          const refs = [...text.matchAll(new RegExp(`.{0,100}${chunk.replace(/\./g, "\\.")}`, "g"))].map((m) => m[0]);
          for (const ref of refs) expect(ref, f).toMatch(/import\(|Promise\.resolve\(\)\.then\(/);
        }
      }
    }
    const file = JSON.parse(readFileSync(join(ROOT, "src", "calibration", "default-calibration.json"), "utf8"));
    delete file.draws;
    const cjs = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(join(dist, "index.cjs"))}).calibrationSummary().then((s) => process.stdout.write(JSON.stringify(s)))`], { encoding: "utf8" });
    const esm = spawnSync(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(pathToFileURL(join(dist, "index.js")).href)}); process.stdout.write(JSON.stringify(await m.calibrationSummary()))`], { encoding: "utf8" });
    // Key for key, in the file's order.
    expect(cjs.stdout).toBe(JSON.stringify(file));
    expect(esm.stdout).toBe(JSON.stringify(file));
  });

  test("the main entry's static imports reach neither the shipped calibration nor the checker's or calibration's machinery", () => {
    // What a browser app loads with `import ... from "mdma-trial-sim"`: dist/index.js and the chunks it imports statically.
    const closure = new Set<string>();
    const visit = (file: string) => {
      if (closure.has(file)) return;
      closure.add(file);
      const text = readFileSync(join(dist, file), "utf8");
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)"|(?:^|\n)\s*import\s*"\.\/([^"]+)"/g)) visit(m[1] ?? m[2]!);
    };
    visit("index.js");
    expect(closure.size).toBeGreaterThan(1);
    const loaded = [...closure].map((f) => readFileSync(join(dist, f), "utf8")).join("\n");
    expect([...closure].filter((f) => /^(shipped-draws|shipped-summary|check|calibrate)-/.test(f))).toEqual([]);
    expect(loaded).not.toContain("decodeDraws(");
    expect(loaded).not.toContain('"diagnostics":');
    expect(loaded).not.toContain("function finishCalibration(");
    expect(loaded).not.toContain("function runSimulation(");
    // ...and they are there, behind import().
    expect(loaded).toMatch(/import\("\.\/check-[\w-]+\.js"\)/);
    expect(loaded).toMatch(/import\("\.\/calibrate-[\w-]+\.js"\)/);
  });

  test("each stdlib package taken as its bare lib/main.js is the very function its index exports", () => {
    const users = packagesWithPropertyUse(stdlibDir);
    const mapped = readdirSync(stdlibDir).flatMap((pkg) => {
      const main = mainOnlyPath(stdlibDir, pkg, users);
      return main ? [[pkg, main] as const] : [];
    });
    expect(mapped.length).toBeGreaterThan(50);
    const load = createRequire(join(ROOT, "package.json"));
    for (const [pkg, main] of mapped) expect(load(main), pkg).toBe(load(`@stdlib/${pkg}`));
  });

  test("a package whose index adds more than unused extras keeps its index", () => {
    // kernel-betainc's index attaches `assign`, which betainc reads: it must not be mapped.
    expect(mainOnlyPath(stdlibDir, "math-base-special-kernel-betainc", packagesWithPropertyUse(stdlibDir))).toBeUndefined();
  });

  test("dist's analyses give the same numbers as the source with stdlib from node_modules", async () => {
    const source = await import("../src/index.js");
    expect(built().analyses).toBe(JSON.stringify(analyses(source)));
  });

  test("the main entry's files read no process.env (Deno imports them with no permission flag)", () => {
    const text = readdirSync(dist).filter((f) => /^(index|engine|chunk-[\w-]+)\.(c?js)$/.test(f)).map((f) => readFileSync(join(dist, f), "utf8")).join("\n");
    expect(text).not.toMatch(/process\.env/);
  });
});
