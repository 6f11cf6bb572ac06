#!/usr/bin/env node
// A power curve (mp1, 8 sizes x 2,000 trials) and a sample-size search (mp1, 1,000 trials per evaluation)
// on a warmed 2-worker pool, for one build: `node bench/power-curve.mjs [path/to/dist/node.js]`. Builds
// without poolRunner (before the nested curves) get a plain runner that runs the points one by one.
const build = process.argv[2] ?? new URL("../dist/node.js", import.meta.url).href;
const lib = await import(build);
const pool = new lib.WorkerPool({ workers: 2 });
const runner = lib.poolRunner ? lib.poolRunner(pool) : (spec, options) => lib.simulateTrialsParallel(spec, { ...options, pool });
try {
  await runner({ protocol: lib.preset("mp1"), seed: 0 }, { trials: 200 });
  let t0 = performance.now();
  await lib.powerCurve(runner, { protocol: lib.preset("mp1"), seed: 1 }, [5, 10, 15, 20, 25, 30, 40, 50], { trials: 2000 });
  const curve = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const s = await lib.sampleSizeSearch(runner, { protocol: lib.preset("mp1"), seed: 1 }, { trials: 1000, targetPower: 0.8, nMin: 4, nMax: 64 });
  const search = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ build, curveS: +curve.toFixed(2), searchS: +search.toFixed(2), n: s.nPerArm, evaluations: s.evaluations.length }));
} finally { await pool.close(); }
