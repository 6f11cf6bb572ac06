#!/usr/bin/env node
// 2 workers against 1 on one scenario (issue 11: at least 1.8x): `npm run build && node bench/workers.mjs S2|S3 [trials]`.
// Best of 3 runs per pool size after a warm-up run; not a test.
const lib = await import("../dist/node.js");
const id = process.argv[2] ?? "S2";
const spec = { protocol: lib.preset("mp1"), seed: 1, design: id === "S3" ? { detail: "full" } : { detail: "efficacy" } };
const trials = Number(process.argv[3] ?? 4000);
const out = {};
for (const w of [1, 2]) {
  const pool = new lib.WorkerPool({ workers: w });
  await lib.simulateTrialsParallel(spec, { trials: 400, pool, keepRows: false });
  let best = Infinity;
  for (let r = 0; r < 3; r++) { const t0 = performance.now(); await lib.simulateTrialsParallel(spec, { trials, pool, keepRows: false }); best = Math.min(best, performance.now() - t0); }
  out[w] = trials / best * 1000;
  await pool.close();
}
console.log(`${id} ${trials} trials: 1 worker ${out[1].toFixed(0)}/s, 2 workers ${out[2].toFixed(0)}/s, ${(out[2] / out[1]).toFixed(2)}x`);
