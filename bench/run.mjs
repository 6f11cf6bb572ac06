#!/usr/bin/env node
// Benchmarks (not part of the tests): `npm run bench` builds, runs the three scenarios and
// writes BENCHMARKS.md. Timings are wall-clock on this machine; each figure is the best of
// three runs after a warm-up, with workers in a pool started (and warmed) before timing.
//
//   S1  two arms of 20, normal outcome, Welch t test (100,000 trials; 2,000,000 for the worker comparison)
//   S2  the mp1 preset, efficacy-only detail (the default)
//   S3  the mp1 preset with full PK and vitals (every reading, fine sampling grid)
import { writeFileSync, readFileSync } from "node:fs";
import { cpus, totalmem, availableParallelism } from "node:os";
import { spawnSync } from "node:child_process";
import { preset, simulateNormalTrials, simulateTrialsSync, WorkerPool, simulateTrialsParallel, simulateNormalTrialsParallel, VERSION } from "../dist/node.js";
import { Rng, createRoot, stream } from "../dist/engine.js";

const quick = process.argv.includes("--quick");
const S1 = { scenario: { arms: [{ n: 20, mean: 0, sd: 1 }, { n: 20, mean: 0.5, sd: 1 }], test: "welch" }, seed: 1 };
const S1_TRIALS = quick ? 20_000 : 100_000;
const S1_PARALLEL_TRIALS = quick ? 200_000 : 2_000_000;
const S2 = { protocol: preset("mp1"), seed: 1, design: { detail: "efficacy" } };
const S3 = { protocol: preset("mp1"), seed: 1, design: { detail: "full" } };
const S2_TRIALS = quick ? 200 : 2000;
const S3_TRIALS = quick ? 50 : 400;

async function best(f, reps = 3) {
  let b = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await f();
    b = Math.min(b, performance.now() - t0);
  }
  return b / 1000;
}

// The generator alone: uniform doubles per second, measured in a fresh Node process (so that
// nothing else competes or has shaped the JIT), drawn as the engine draws them (a fresh named
// stream per unit of work, here 1,000 draws each) and, for comparison, from one long-lived stream.
function uniformRate(pattern) {
  const n = quick ? 5e6 : 5e7;
  const script = `
    const { createRoot, stream } = await import(${JSON.stringify(new URL("../dist/engine.js", import.meta.url).href)});
    const root = createRoot(1);
    function fresh(count) { let s = 0; for (let k = 0; k < count / 1000; k++) { const rng = stream(root, ["bench", k]); for (let i = 0; i < 1000; i++) s += rng.uniform(); } return s; }
    function one(count) { let s = 0; const rng = stream(root, ["bench"]); for (let i = 0; i < count; i++) s += rng.uniform(); return s; }
    const f = ${pattern === "fresh" ? "fresh" : "one"};
    f(1e6);
    let best = Infinity;
    for (let r = 0; r < 3; r++) { const t0 = performance.now(); f(${n}); best = Math.min(best, performance.now() - t0); }
    console.log(${n} / best * 1000);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim());
}

// Uniform draws per trial, counted by wrapping the generator for a short run.
async function drawsPerTrial(run, trials) {
  const proto = Rng.prototype;
  const uniform = proto.uniform;
  const next32 = proto.next32;
  let count = 0;
  proto.uniform = function () {
    count++;
    return uniform.call(this);
  };
  proto.next32 = function () {
    count += 0.5; // half a 53-bit double
    return next32.call(this);
  };
  try {
    await run(trials);
  } finally {
    proto.uniform = uniform;
    proto.next32 = next32;
  }
  return count / trials;
}

const rows = [];
const drawRate0 = uniformRate("fresh");
const pools = { 1: new WorkerPool({ workers: 1 }), 2: new WorkerPool({ workers: 2 }) };
try {
  const drawRate = drawRate0;
  const drawRateLong = uniformRate("one");
  console.error(`generator: ${(drawRate / 1e6).toFixed(1)} M uniform doubles/s (${(drawRateLong / 1e6).toFixed(1)} M/s from one long-lived stream)`);

  // S1
  const s1Main = (t) => simulateNormalTrials(S1, { trials: t, keepRows: false, chunkSize: 10_000 });
  const s1Pool = (w, t) => simulateNormalTrialsParallel(S1, { trials: t, keepRows: false, chunkSize: 10_000, pool: pools[w] });
  await s1Main(20_000);
  for (const w of [1, 2]) await s1Pool(w, 200_000);
  const s1 = { main: S1_TRIALS / (await best(() => s1Main(S1_TRIALS))), w1: S1_TRIALS / (await best(() => s1Pool(1, S1_TRIALS))), w2: S1_TRIALS / (await best(() => s1Pool(2, S1_TRIALS))) };
  const s1Long = { w1Time: await best(() => s1Pool(1, S1_PARALLEL_TRIALS), 2), w2Time: await best(() => s1Pool(2, S1_PARALLEL_TRIALS), 2) };
  rows.push({ id: "S1", label: `normal outcome, 20 vs 20, Welch (${S1_TRIALS.toLocaleString("en")} trials)`, trials: S1_TRIALS, count: (t) => s1Main(t), ...s1, long: { trials: S1_PARALLEL_TRIALS, ...s1Long } });
  console.error("S1 done");

  // S2 and S3
  for (const [id, spec, trials, label] of [
    ["S2", S2, S2_TRIALS, `mp1 preset, efficacy-only (${S2_TRIALS.toLocaleString("en")} trials)`],
    ["S3", S3, S3_TRIALS, `mp1 preset with PK and vitals (${S3_TRIALS.toLocaleString("en")} trials)`],
  ]) {
    const main = (t) => simulateTrialsSync(spec, { trials: t, keepRows: false });
    const pool = (w, t) => simulateTrialsParallel(spec, { trials: t, keepRows: false, pool: pools[w] });
    main(Math.ceil(trials / 10));
    for (const w of [1, 2]) await pool(w, Math.ceil(trials / 4));
    rows.push({ id, label, trials, count: async (t) => main(t), main: trials / (await best(() => main(trials), 2)), w1: trials / (await best(() => pool(1, trials), 2)), w2: trials / (await best(() => pool(2, trials), 2)) });
    console.error(`${id} done`);
  }

  // Count draws per trial last: wrapping the generator's methods disturbs the JIT for what follows.
  for (const r of rows) r.draws = await drawsPerTrial(r.count, r.id === "S1" ? 10_000 : Math.max(5, Math.ceil(r.trials / 20)));

  const fmt = (x, d = 0) => x.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d });
  const cpu = cpus()[0]?.model ?? "unknown";
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const lines = [
    "# Benchmarks",
    "",
    "Produced by `npm run bench` (bench/run.mjs); not part of the test suite. Each figure is the best of two or",
    "three timed runs after a warm-up; worker pools are started and warmed before timing (a pool keeps its threads",
    "between runs). Results are identical, bit for bit, on the main thread and on any number of workers.",
    "",
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${cpu}, ${availableParallelism()} cores, ${fmt(totalmem() / 2 ** 30, 0)} GiB`,
    `- Node ${process.version}, mdma-trial-sim ${VERSION} (package ${pkg.version}), ${quick ? "quick mode (smaller runs)" : "full runs"}`,
    `- Generator alone: ${fmt(drawRate / 1e6, 1)} million uniform 53-bit doubles per second (Alea; a fresh named stream per 1,000 draws, as the engine uses them; ${fmt(drawRateLong / 1e6, 1)} million from one long-lived stream)`,
    "",
    "| scenario | trials/s main thread | trials/s 1 worker | trials/s 2 workers | 2 vs 1 | uniform draws per trial | share of the generator's limit (main thread) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.id}: ${r.label} | ${fmt(r.main)} | ${fmt(r.w1)} | ${fmt(r.w2)} | ${fmt(r.w2 / r.w1, 2)}x | ${fmt(r.draws, 1)} | ${fmt((100 * r.main * r.draws) / drawRate, 1)}% |`),
    "",
    `S1 over ${fmt(rows[0].long.trials)} trials (runs of a second or more): 1 worker ${fmt(rows[0].long.w1Time, 2)} s, 2 workers ${fmt(rows[0].long.w2Time, 2)} s, speed-up ${fmt(rows[0].long.w1Time / rows[0].long.w2Time, 2)}x.`,
    "",
    "\"Share of the generator's limit\" is trials/s x draws per trial / draws per second of the generator alone:",
    "how much of the time goes to drawing random numbers rather than to the model and the analysis. Draws per trial",
    "count 53-bit uniforms (a standard normal from the ziggurat takes one, plus a few more in the tails and wedges).",
    "",
  ];
  writeFileSync(new URL("../BENCHMARKS.md", import.meta.url), lines.join("\n"));
  console.log(lines.join("\n"));
} finally {
  await pools[1].close();
  await pools[2].close();
}
