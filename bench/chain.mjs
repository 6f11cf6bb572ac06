#!/usr/bin/env node
// The calibration's cost per MCMC iteration: `node bench/chain.mjs [iterations] [src-dir]` bundles
// the calibration from src/ (its internals are not exported) with esbuild, prepares the shipped
// targets with the default settings (100 replicates per trial) and runs the two pilot chains of
// the full posterior on this thread. Prints ms per iteration (each iteration is one evaluation of
// the synthetic likelihood of the four Phase 2 trials) and SHA-256 hashes of the kept draws' bytes
// and of the replayed summaries at 200 fixed parameter points (prior centre plus seeded noise), which
// two trees give equal when their replays and chains are the same bit for bit. Not a test.
import { build } from "esbuild";
import { existsSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const iterations = Number(process.argv[2] ?? 1500);
const src = resolve(process.argv[3] ?? fileURLToPath(new URL("../src", import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), "chain-bench-"));
const entry = join(dir, "entry.ts");
// The chain jobs moved from calibration/calibrate.ts to calibration/chains.ts; older trees have them in the former.
const chains = join(src, existsSync(join(src, "calibration/chains.ts")) ? "calibration/chains.js" : "calibration/calibrate.js");
writeFileSync(
  entry,
  `import { prepareCalibration } from ${JSON.stringify(join(src, "calibration/calibrate.js"))};
import { runChainJob, pilotJobs } from ${JSON.stringify(chains)};
import { DEFAULT_SETTINGS, DEFAULT_CALIBRATION_SEED } from ${JSON.stringify(join(src, "calibration/settings.js"))};
import { phase2Targets } from ${JSON.stringify(join(src, "calibration/targets.js"))};
import { parametersOf, effectsOf, priorCentre } from ${JSON.stringify(join(src, "calibration/priors.js"))};
export function run(iterations: number) {
  const s = { ...DEFAULT_SETTINGS, pilotIterations: iterations };
  const targets = phase2Targets();
  const t0 = performance.now();
  const ready = prepareCalibration(targets, DEFAULT_CALIBRATION_SEED, s);
  const prepareS = (performance.now() - t0) / 1000;
  const chainS: number[] = [];
  const draws: number[] = [];
  for (const job of pilotJobs(targets.trials.map((t) => t.id), s)) {
    const a = performance.now();
    const out = runChainJob(ready.prepared, ready.reference, DEFAULT_CALIBRATION_SEED, s, job);
    chainS.push((performance.now() - a) / 1000);
    for (const d of out.draws) draws.push(...d);
    draws.push(out.acceptanceRate);
  }
  // The replayed summaries at 200 fixed points: the prior centre plus seeded noise (a 32-bit LCG).
  const summaries: number[] = [];
  let state = 12345;
  const noise = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.6;
  for (let k = 0; k < 200; k++) {
    const x = priorCentre(ready.prepared.length).map((c) => c + noise());
    const params = parametersOf(x, ready.reference);
    ready.prepared.forEach((p, j) => summaries.push(...p.evaluate(params, effectsOf(x, j), p.buffer)));
  }
  return { prepareS, chainS, draws: Float64Array.from(draws), summaries: Float64Array.from(summaries) };
}`,
);
const out = join(dir, "bundle.cjs");
let r;
try {
  await build({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", outfile: out, logLevel: "warning", nodePaths: [fileURLToPath(new URL("../node_modules", import.meta.url))] });
  r = createRequire(import.meta.url)(out).run(iterations);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const sha = (a) => createHash("sha256").update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest("hex").slice(0, 16);
const perIteration = (1000 * r.chainS.reduce((a, b) => a + b, 0)) / (r.chainS.length * iterations);
console.log(`${src}: prepare ${r.prepareS.toFixed(2)} s; 2 chains of ${iterations} iterations: ${r.chainS.map((s) => s.toFixed(2)).join(", ")} s = ${perIteration.toFixed(3)} ms per iteration; SHA-256 of the draws ${sha(r.draws)}, of the summaries at 200 fixed points ${sha(r.summaries)}`);
