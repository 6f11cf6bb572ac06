#!/usr/bin/env node
// Peak RSS of a long summary-mode S2 run (issue 11: 1,000,000 trials within 300 MB), in this fresh
// process: `npm run build && node bench/memory.mjs [trials=1000000] [workers=2]` (workers 0: the
// main thread). Prints one JSON line (trials, workers, seconds, maxRssMb: the whole process, worker
// threads included); progress once a minute on stderr. bench/run.mjs --memory runs it for 0 and 2
// workers. Not a test.
const lib = await import("../dist/node.js");
const trials = Number(process.argv[2] ?? 1_000_000);
const workers = Number(process.argv[3] ?? 2);
const spec = { protocol: lib.preset("mp1"), seed: 1 };
const t0 = performance.now();
let lastLog = t0;
const onProgress = (p) => {
  const now = performance.now();
  if (now - lastLog < 60_000) return;
  lastLog = now;
  process.stderr.write(`${p.completedTrials} trials, ${((now - t0) / 1000).toFixed(0)} s, RSS now ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
};
const run = workers > 0 ? await lib.simulateTrialsParallel(spec, { trials, keepRows: false, workers, onProgress }) : lib.simulateTrialsSync(spec, { trials, keepRows: false, onProgress });
console.log(JSON.stringify({ trials: run.summary.trials, workers, seconds: (performance.now() - t0) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
