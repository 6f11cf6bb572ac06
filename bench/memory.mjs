#!/usr/bin/env node
// Peak RSS of a long summary-mode run on 2 worker threads (issue 11: 1,000,000 S2 trials within 300 MB):
// `npm run build && node bench/memory.mjs [trials]`. Not a test; the figure goes in BENCHMARKS.md.
const lib = await import("../dist/node.js");
const trials = Number(process.argv[2] ?? 1_000_000);
const pool = new lib.WorkerPool({ workers: 2 });
const t0 = performance.now();
let lastLog = 0;
const r = await lib.simulateTrialsParallel({ protocol: lib.preset("mp1"), seed: 1 }, { trials, pool, keepRows: false, onProgress: (p) => { const now = performance.now(); if (now - lastLog > 60000) { lastLog = now; console.log(`${p.completedTrials} trials, ${((now - t0) / 1000).toFixed(0)} s, rss now ${(process.memoryUsage().rss / 2**20).toFixed(0)} MB, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`); } } });
const s = (performance.now() - t0) / 1000;
console.log(`${trials} S2 trials on 2 workers, summary mode: ${s.toFixed(0)} s (${(trials / s).toFixed(0)} trials/s); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process, both workers included); power ${JSON.stringify(r.summary?.power ?? r.power).slice(0, 120)}`);
await pool.close();
