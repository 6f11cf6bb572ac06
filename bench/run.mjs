#!/usr/bin/env node
// Benchmarks (not part of the tests): `npm run bench` builds, runs the three scenarios and
// writes BENCHMARKS.md. Timings are wall-clock on this machine; each figure is the best of
// two or three runs after a warm-up, with workers in a pool started (and warmed) before timing.
//
//   S1  two arms of 20, normal outcome, Welch t test (100,000 trials; 2,000,000 for the worker comparison)
//   S2  the mp1 preset, efficacy-only detail (the default)
//   S3  the mp1 preset with full PK and vitals (every reading, fine sampling grid), as a run
//   S3c the same, one trial at a time with every course built in full detail (simulateTrial,
//       which returns the courses; main thread only)
//
// Options:
//   --quick            smaller runs
//   --baseline <ref>   also build git ref <ref> (e.g. main) and measure it in the same session,
//                      interleaved with this tree: the table shows before → after with ratios
//   --profile          CPU profiles of S2 and S3 (node --cpu-prof), top functions by self time
//                      (before and after with --baseline)
//   --memory           peak RSS of 1,000,000 S2 trials in summary mode, on the main thread and on
//                      2 workers (many minutes)
import { writeFileSync, readFileSync, existsSync, mkdirSync, rmSync, symlinkSync, mkdtempSync, readdirSync } from "node:fs";
import { cpus, totalmem, availableParallelism, tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { topFunctions } from "./top.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const baselineRef = argv.includes("--baseline") ? argv[argv.indexOf("--baseline") + 1] : undefined;
const withProfile = argv.includes("--profile");
const withMemory = argv.includes("--memory");

const S1_TRIALS = quick ? 20_000 : 100_000;
const S1_PARALLEL_TRIALS = quick ? 200_000 : 2_000_000;
const S2_TRIALS = quick ? 200 : 2000;
const S3_TRIALS = quick ? 50 : 400;
const S3C_TRIALS = quick ? 20 : 200;
const TARGETS = { S1: { main: 1_000_000 }, S2: { main: 10_000 }, S3: { main: 1_500 } };

/** Build git ref `ref` with this tree's node_modules into a cache directory; returns its dist/. */
function buildRef(ref) {
  const sha = spawnSync("git", ["rev-parse", "--short", ref], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  if (!sha) throw new Error(`unknown git ref ${ref}`);
  const dir = join(ROOT, "node_modules", ".cache", "mdma-bench", sha);
  if (!existsSync(join(dir, "dist", "node.js"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = spawnSync("sh", ["-c", `git archive ${sha} | tar -x -C ${JSON.stringify(dir)}`], { cwd: ROOT, stdio: "inherit" });
    if (archive.status !== 0) throw new Error(`git archive ${ref} failed`);
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    const build = spawnSync("npx", ["tsup", "--silent"], { cwd: dir, stdio: "inherit" });
    if (build.status !== 0) throw new Error(`building ${ref} failed`);
  }
  return { label: ref === sha ? sha : `${ref} (${sha})`, dist: join(dir, "dist") };
}

async function load(build) {
  const lib = await import(join(build.dist, "node.js"));
  return { ...build, lib, pools: { 1: new lib.WorkerPool({ workers: 1 }), 2: new lib.WorkerPool({ workers: 2 }) } };
}

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
async function drawsPerTrial(Rng, run, trials) {
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

/** The scenarios as functions of a library build: main thread, and on a pool of w workers. */
function scenarios(lib, pools) {
  const S1 = { scenario: { arms: [{ n: 20, mean: 0, sd: 1 }, { n: 20, mean: 0.5, sd: 1 }], test: "welch" }, seed: 1 };
  const S2 = { protocol: lib.preset("mp1"), seed: 1, design: { detail: "efficacy" } };
  const S3 = { protocol: lib.preset("mp1"), seed: 1, design: { detail: "full" } };
  const protocolRun = (spec) => ({
    main: (t) => lib.simulateTrialsSync(spec, { trials: t, keepRows: false }),
    pool: (w, t) => lib.simulateTrialsParallel(spec, { trials: t, keepRows: false, pool: pools[w] }),
  });
  return {
    S1: {
      main: (t) => lib.simulateNormalTrials(S1, { trials: t, keepRows: false, chunkSize: 10_000 }),
      pool: (w, t) => lib.simulateNormalTrialsParallel(S1, { trials: t, keepRows: false, chunkSize: 10_000, pool: pools[w] }),
    },
    S2: protocolRun(S2),
    S3: protocolRun(S3),
    S3c: {
      main: (t) => {
        for (let k = 0; k < t; k++) lib.simulateTrial(S3, k);
      },
    },
  };
}

/** trials/s on the main thread and on 1 and 2 workers, for each build, interleaved. */
async function measure(builds, id, trials) {
  const runs = builds.map((b) => scenarios(b.lib, b.pools)[id]);
  for (const r of runs) {
    await r.main(Math.ceil(trials / 10));
    if (r.pool) for (const w of [1, 2]) await r.pool(w, Math.ceil(trials / 4));
  }
  const reps = id === "S1" ? 3 : 2;
  const out = builds.map(() => ({}));
  for (const mode of runs[0].pool ? ["main", "w1", "w2"] : ["main"]) {
    for (let k = 0; k < runs.length; k++) {
      const r = runs[k];
      const f = mode === "main" ? () => r.main(trials) : () => r.pool(mode === "w1" ? 1 : 2, trials);
      out[k][mode] = trials / (await best(f, reps));
    }
  }
  return out;
}

function profileTables(builds) {
  const lines = [];
  for (const [id, trials] of [["S2", quick ? 500 : 3000], ["S3", quick ? 100 : 500], ["S3c", quick ? 20 : 150]]) {
    for (const b of builds) {
      const dir = mkdtempSync(join(tmpdir(), "mdma-prof-"));
      const r = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, fileURLToPath(new URL("./profile.mjs", import.meta.url)), id, String(trials), join(b.dist, "node.js")], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
      lines.push(`${id}, ${b.label}: ${r.stderr.trim()}`, "", ...topFunctions(join(dir, file), 12), "");
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return lines;
}

/** Peak RSS of 1,000,000 S2 trials in summary mode, each in a fresh process (bench/memory.mjs): on the main thread, and on 2 workers. */
function peakMemory() {
  return [0, 2].map((workers) => {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL("memory.mjs", import.meta.url)), "1000000", String(workers)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim());
  });
}

const fmt = (x, d = 0) => x.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d });
/** "this tree", named by its commit (and whether files differ from it), so that prose quoting the figures can say which code they are for. */
function treeLabel() {
  const git = (...args) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  const sha = git("rev-parse", "--short", "HEAD");
  if (!sha) return "this tree";
  return `this tree (${sha}${git("status", "--porcelain", "--untracked-files=no", "--", "src") ? ", src/ with uncommitted changes" : ""})`;
}
const current = await load({ label: treeLabel(), dist: join(ROOT, "dist") });
const baseline = baselineRef ? await load(buildRef(baselineRef)) : undefined;
const builds = baseline ? [baseline, current] : [current];
const { Rng } = await import(join(ROOT, "dist", "engine.js"));
try {
  const drawRate = uniformRate("fresh");
  const drawRateLong = uniformRate("one");
  console.error(`generator: ${fmt(drawRate / 1e6, 1)} M uniform doubles/s (${fmt(drawRateLong / 1e6, 1)} M/s from one long-lived stream)`);

  const rows = [];
  for (const [id, trials, label] of [
    ["S1", S1_TRIALS, `normal outcome, 20 vs 20, Welch (${fmt(S1_TRIALS)} trials)`],
    ["S2", S2_TRIALS, `mp1 preset, efficacy-only (${fmt(S2_TRIALS)} trials)`],
    ["S3", S3_TRIALS, `mp1 preset with PK and vitals (${fmt(S3_TRIALS)} trials)`],
    ["S3c", S3C_TRIALS, `mp1 with PK and vitals, every course built (simulateTrial, ${fmt(S3C_TRIALS)} trials)`],
  ]) {
    const figures = await measure(builds, id, trials);
    rows.push({ id, label, trials, before: baseline ? figures[0] : undefined, after: figures[figures.length - 1] });
    console.error(`${id} done`);
  }
  const s1Pool = scenarios(current.lib, current.pools).S1.pool;
  const s1Long = { w1: await best(() => s1Pool(1, S1_PARALLEL_TRIALS), 2), w2: await best(() => s1Pool(2, S1_PARALLEL_TRIALS), 2) };

  // Count draws per trial last: wrapping the generator's methods disturbs the JIT for what follows.
  const mine = scenarios(current.lib, current.pools);
  for (const r of rows) r.draws = await drawsPerTrial(Rng, (t) => mine[r.id].main(t), r.id === "S1" ? 10_000 : Math.max(5, Math.ceil(r.trials / 20)));

  const profile = withProfile ? profileTables(builds) : [];
  const memory = withMemory ? peakMemory() : undefined;

  const cell = (r, k) => (r.after[k] === undefined ? "" : r.before ? `${fmt(r.before[k])} → ${fmt(r.after[k])} (${fmt(r.after[k] / r.before[k], 1)}x)` : fmt(r.after[k]));
  const speedup = (r) => (r.after.w2 === undefined ? "" : `${fmt(r.after.w2 / r.after.w1, 2)}x`);
  const cpu = cpus()[0]?.model ?? "unknown";
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const load1 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  const lines = [
    "# Benchmarks",
    "",
    "Produced by `npm run bench` (bench/run.mjs); not part of the test suite. Each figure is the best of two or",
    "three timed runs after a warm-up; worker pools are started and warmed before timing (a pool keeps its threads",
    "between runs). Results are identical, bit for bit, on the main thread and on any number of workers.",
    baseline ? `Before → after: \`node bench/run.mjs --baseline ${baselineRef}\` builds ${baseline.label} and measures it in the same session, interleaved with this tree.` : "",
    "",
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${cpu}, ${availableParallelism()} cores, ${fmt(totalmem() / 2 ** 30, 0)} GiB; load average at the end ${load1} (the machine is shared)`,
    `- Node ${process.version}, mdma-trial-sim ${current.lib.VERSION} (package ${pkg.version}), ${quick ? "quick mode (smaller runs)" : "full runs"}`,
    `- Generator alone: ${fmt(drawRate / 1e6, 1)} million uniform 53-bit doubles per second (Alea; a fresh named stream per 1,000 draws, as the engine uses them; ${fmt(drawRateLong / 1e6, 1)} million from one long-lived stream)`,
    "",
    "| scenario | trials/s main thread | trials/s 1 worker | trials/s 2 workers | 2 vs 1 | uniform draws per trial | share of the generator's limit (main thread) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.id}: ${r.label} | ${cell(r, "main")} | ${cell(r, "w1")} | ${cell(r, "w2")} | ${speedup(r)} | ${fmt(r.draws, 1)} | ${fmt((100 * r.after.main * r.draws) / drawRate, 1)}% |`),
    "",
    `Targets (issue 11, main thread): ${rows.filter((r) => TARGETS[r.id]).map((r) => `${r.id} ≥ ${fmt(TARGETS[r.id].main)}: ${r.after.main >= TARGETS[r.id].main ? "met" : `not met (${fmt((100 * r.after.main) / TARGETS[r.id].main)}%)`}`).join("; ")}; 2 workers ≥ 1.8x: ${rows.filter((r) => r.after.w2 !== undefined).map((r) => `${r.id} ${speedup(r)}`).join(", ")}.`,
    "",
    `S1 over ${fmt(S1_PARALLEL_TRIALS)} trials (runs of a second or more): 1 worker ${fmt(s1Long.w1, 2)} s, 2 workers ${fmt(s1Long.w2, 2)} s, speed-up ${fmt(s1Long.w1 / s1Long.w2, 2)}x.`,
    "",
    ...(memory
      ? [
          `Memory: ${memory.map((m) => `${fmt(m.trials)} S2 trials in summary mode ${m.workers ? `on ${m.workers} workers` : "on the main thread"} took ${fmt(m.seconds, 0)} s with a peak RSS of ${fmt(m.maxRssMb)} MB`).join("; ")} (the whole process, workers included; each worker is a V8 isolate with its own heap).`,
          "",
        ]
      : []),
    "S3 and S3c: a run (simulateTrials and friends) keeps summaries and TrialResults, never courses, and full detail",
    "changes nothing in them (efficacy and full detail give identical doses, decisions and exposures), so a run simulates",
    "at efficacy detail and S3 costs what S2 costs. S3c measures full detail where it is kept: simulateTrial builds every",
    "course with readings to the end of monitoring, the fine grid and the peak concentration.",
    "",
    "\"Share of the generator's limit\" is trials/s x draws per trial / draws per second of the generator alone:",
    "how much of the time goes to drawing random numbers rather than to the model and the analysis. Draws per trial",
    "count 53-bit uniforms (a standard normal from the ziggurat takes one, plus a few more in the tails and wedges).",
    "",
    ...(profile.length ? ["## Where the time goes", "", "Top functions by self time in a CPU profile (`node --cpu-prof bench/profile.mjs S2|S3 trials dist/node.js`, summarized by bench/top.mjs; the profile includes loading and a warm-up run).", "", ...profile] : []),
  ];
  // The sections after the marker (what changed, bundle size, test suite, calibration and
  // interactive runs) come from other commands: they are kept as they are.
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const kept = previous.indexOf("\n<!-- kept by bench/run.mjs -->");
  writeFileSync(file, lines.join("\n") + (kept >= 0 ? `\n${previous.slice(kept)}` : ""));
  console.log(lines.join("\n"));
} finally {
  for (const b of builds) {
    await b.pools[1].close();
    await b.pools[2].close();
  }
}
