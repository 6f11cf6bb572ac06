/**
 * The notebook tour runs under Deno (the npm `deno` package), as a plain script and as the
 * notebook's code cells in order: every result prints its summary, every chart renders to SVG.
 * It needs no permission flag: the stdlib code is bundled into dist with debug@2 (which read the
 * whole environment on load, so Deno asked for --allow-env) replaced by a no-op logger.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ROOT } from "../helpers/cli.js";

const DENO = join(ROOT, "node_modules", ".bin", "deno");
const NOTEBOOKS = join(ROOT, "examples", "notebooks");

function deno(args: readonly string[]) {
  if (!existsSync(join(ROOT, "dist", "node.js"))) throw new Error("dist/ is missing: run `npm run build` (npm run test:slow does it for you)");
  const r = spawnSync(DENO, ["run", "--no-prompt", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" }, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Stderr lines other than Deno's notice that a dependency of vega uses node:punycode. */
const unexpectedStderr = (err: string) => err.split("\n").filter((l) => l.trim() && !/DEP0040|punycode/.test(l));

function expectTour(out: string): void {
  for (const heading of ["Participant 0 of trial 0, arm mdma, seed 1", "Trials run: mp1, 200 of 200 trials, seed 1", "Power curve: 4 sample sizes, 100 trials each", "Forecast: mp1, 100 trials per run", "Calibration to 4 trials", "Check: MP-1"]) {
    expect(out).toContain(heading);
  }
  expect(out).not.toMatch(/\x1b\[/);
  expect(out).not.toContain('"rows"');
}

describe("the notebook tour under Deno", () => {
  test("tour.ts prints every summary and renders every chart", () => {
    const r = deno([join(NOTEBOOKS, "tour.ts")]);
    expect(unexpectedStderr(r.err)).toEqual([]);
    expect(r.code).toBe(0);
    expectTour(r.out);
    const charts = [...r.out.matchAll(/^\[chart\] (.+): (\d+) bytes of SVG, (\d+) drawn elements$/gm)];
    expect(charts).toHaveLength(7);
    for (const c of charts) expect(Number(c[3]), c[1]).toBeGreaterThan(20);
    expect(r.out).toContain("session-1: Drug session 1 (day 24)");
  });

  test("the notebook's code cells, run in order as one script, do the same", () => {
    const notebook = JSON.parse(readFileSync(join(NOTEBOOKS, "tour.ipynb"), "utf8")) as { cells: { cell_type: string; source: string[]; outputs?: unknown[] }[]; metadata: { kernelspec: { name: string } } };
    expect(notebook.metadata.kernelspec.name).toBe("deno");
    expect(notebook.cells.filter((c) => c.cell_type === "code" && c.outputs!.length > 0)).toEqual([]);
    // Each cell's last expression is what the notebook displays; in a script, print it.
    const cells = notebook.cells.filter((c) => c.cell_type === "code").map((c) => c.source.join(""));
    const script = cells.map((src) => `\n${src}`.replace(/\n([^\n]+)\s*$/, (_, last: string) => (/^(const|import|await) /.test(last) ? `\n${last}` : `\nconsole.log(${last.replace(/;$/, "")});`))).join("\n\n");
    const file = join(NOTEBOOKS, ".notebook-cells.tmp.ts");
    writeFileSync(file, script);
    try {
      const r = deno([file]);
      expect(unexpectedStderr(r.err)).toEqual([]);
      expect(r.code).toBe(0);
      expectTour(r.out);
      expect(r.out).toMatch(/session-1\.svg: \d{4,} bytes/);
    } finally {
      rmSync(file, { force: true });
    }
  });

  test("both entries import with no permission flag and read no environment variable", () => {
    const file = join(NOTEBOOKS, ".import-entries.tmp.ts");
    writeFileSync(file, 'import * as core from "../../dist/index.js";\nimport * as node from "../../dist/node.js";\nconsole.log(Object.keys(core).length > 0, Object.keys(node).length > 0);\n');
    try {
      const r = deno(["--deny-env", file]);
      expect(unexpectedStderr(r.err)).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe("true true");
    } finally {
      rmSync(file, { force: true });
    }
  });
});
