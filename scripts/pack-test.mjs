#!/usr/bin/env node
/**
 * The package as a user installs it: `npm pack` (its prepack builds dist), install the tarball
 * into an empty project, then an ESM import, a CommonJS require, `tsc --noEmit` with node16 and
 * with bundler resolution, and the command line (`npx mdma-trial-sim --help`, a small simulate,
 * a check of a shipped example). Run by .ci/run and `npm run test:pack`; exits 1 on the first
 * failure, printing what failed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "mdma-pack-"));
const app = join(work, "app");
let passed = 0;

function sh(cmd, args, cwd, env = {}) {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

/** Run one named step; print its time; stop everything on failure. */
function step(name, fn) {
  const started = Date.now();
  try {
    const note = fn();
    passed += 1;
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${note ? `: ${note}` : ""}`);
  } catch (err) {
    console.error(`FAIL ${name}\n${err.stdout ?? ""}${err.stderr ?? ""}${err.stdout || err.stderr ? "" : err.message}`);
    console.log(`${passed} passed, 1 failed`);
    process.exit(1);
  }
}

const TYPED_USE = `import { simulateTrialsSync, preset, powerTTest, ValidationError, type TrialsRun } from "mdma-trial-sim";
import { renderSvg, readJsonFile } from "mdma-trial-sim/node";
const run: TrialsRun = simulateTrialsSync({ protocol: preset("mp1"), seed: 1 }, { trials: 2, keepRows: false });
const power: number = powerTTest({ n: 20, delta: 0.5 });
const err: ValidationError | null = null;
export const used = [run.summary.power.estimate, power, err, renderSvg, readJsonFile] as const;
`;

function tsconfig(module, moduleResolution) {
  return JSON.stringify({ compilerOptions: { module, moduleResolution, target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, types: ["node"] }, files: ["use.ts", ...(module === "node16" ? ["use-cjs.cts"] : [])] });
}

let tarball;
step("npm pack (prepack builds dist)", () => {
  // The prepack build's log shares stdout with npm's JSON; where CI is set, tsup colours it
  // ("\x1b[34mCLI"), so the JSON is found as the array that opens on a line of its own.
  const out = sh("npm", ["pack", "--pack-destination", work, "--json"], ROOT, { NO_COLOR: "1" });
  const start = out.search(/^\[\s*$/m);
  if (start < 0) throw new Error(`npm pack printed no JSON array:\n${out.slice(0, 2000)}`);
  const info = JSON.parse(out.slice(start))[0];
  tarball = join(work, info.filename);
  const files = info.files.map((f) => f.path);
  for (const needed of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/cli.js", "examples/checks/mp2.json", "examples/protocols/mp1-three-sessions.json", "seeds/phase2-targets.json"]) {
    if (!files.includes(needed)) throw new Error(`the tarball lacks ${needed}`);
  }
  return `${info.filename}, ${files.length} files, ${(info.size / 1e6).toFixed(2)} MB packed`;
});

step("install the tarball into an empty project", () => {
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, "@types/node@20"], app);
  return readdirSync(join(app, "node_modules")).filter((d) => !d.startsWith(".")).length + " top-level packages";
});

step("ESM import", () => sh(process.execPath, ["--input-type=module", "-e", 'const m = await import("mdma-trial-sim"); const r = m.simulateTrialsSync({ protocol: m.preset("mp1"), seed: 1 }, { trials: 5, keepRows: false }); if (!(r.summary.power.trials === 5)) throw new Error("bad run"); const c = await m.defaultCalibration(); if (c.draws.length !== 1000) throw new Error("the on-demand draws did not load"); console.log(m.VERSION + ", " + c.draws.length + " draws loaded on demand");'], app).trim());

step("CommonJS require", () => sh(process.execPath, ["-e", 'const m = require("mdma-trial-sim"); const n = require("mdma-trial-sim/node"); if (typeof n.renderSvg !== "function" || m.ValidationError !== n.ValidationError) throw new Error("bad exports"); m.defaultCalibration().then((c) => { if (c.draws.length !== 1000) throw new Error("the on-demand draws did not load"); console.log(m.preset("mp2").arms.length + " arms, " + c.draws.length + " draws loaded on demand"); });'], app).trim());

writeFileSync(join(app, "use.ts"), TYPED_USE);
writeFileSync(join(app, "use-cjs.cts"), 'import lib = require("mdma-trial-sim");\nexport const arms: number = lib.preset("mp1").arms.length;\n');
const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
step("tsc --noEmit, module node16 (ESM and CJS files)", () => {
  writeFileSync(join(app, "tsconfig.json"), tsconfig("node16", "node16"));
  sh(process.execPath, [tsc, "-p", "tsconfig.json"], app);
});
step("tsc --noEmit, moduleResolution bundler", () => {
  writeFileSync(join(app, "tsconfig.json"), tsconfig("esnext", "bundler"));
  sh(process.execPath, [tsc, "-p", "tsconfig.json"], app);
});

step("npx mdma-trial-sim --help", () => {
  const out = sh("npx", ["--no-install", "mdma-trial-sim", "--help"], app);
  if (!out.includes("report")) throw new Error(`--help does not list the commands:\n${out}`);
});
step("npx mdma-trial-sim simulate (small)", () => {
  const out = sh("npx", ["--no-install", "mdma-trial-sim", "simulate", "--preset", "mp1", "--trials", "20", "--format", "table"], app);
  if (!/Power/.test(out)) throw new Error(out);
  return out.split("\n")[0];
});
step("npx mdma-trial-sim check on an example the package ships", () => {
  const out = sh("npx", ["--no-install", "mdma-trial-sim", "check", "node_modules/mdma-trial-sim/examples/checks/mp2.json", "--no-simulation", "--fail-on", "never"], app);
  if (!out.includes("mdma-125")) throw new Error(out);
  return out.split("\n")[0];
});

rmSync(work, { recursive: true, force: true });
console.log(`${passed} passed, 0 failed`);
