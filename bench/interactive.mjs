#!/usr/bin/env node
// The interactive targets of issue 11: a phase3 forecast of 2,000 trials and a power curve of 8
// sample sizes x 2,000 mp1 trials, each on 2 worker threads (pools started and warmed first). Not a
// test: `npm run build && node bench/interactive.mjs`. Peak memory of a long run: bench/memory.mjs.
import { availableParallelism } from "node:os";
import { forecastTrial, powerCurve, poolRunner, preset, WorkerPool } from "../dist/node.js";

const workers = Math.min(2, availableParallelism());
const pool = new WorkerPool({ workers });
const runner = poolRunner(pool);
const time = async (label, f) => {
  const t0 = performance.now();
  const r = await f();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label}: ${s.toFixed(2)} s`);
  return r;
};
try {
  await runner({ protocol: preset("mp1"), seed: 0 }, { trials: 200 }); // start and warm the pool
  await time(`forecastTrial phase3, 2,000 trials (predictive and point runs), ${workers} workers`, () => forecastTrial({ protocol: preset("phase3"), seed: 1 }, { trials: 2000, runner, keepRows: false }));
  await time(`powerCurve mp1, 8 sizes x 2,000 trials, ${workers} workers`, () => powerCurve(runner, { protocol: preset("mp1"), seed: 1 }, [5, 10, 15, 20, 25, 30, 40, 50], { trials: 2000 }));
  await time("forecastTrial phase3, 2,000 trials, main thread", () => forecastTrial({ protocol: preset("phase3"), seed: 1 }, { trials: 2000, keepRows: false }));
} finally {
  await pool.close();
}
