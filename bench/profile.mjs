#!/usr/bin/env node
// Profile one scenario: `node --cpu-prof --cpu-prof-dir=DIR bench/profile.mjs S2|S3|S3c [trials] [dist/node.js]`
// runs it once to warm up and once to measure (wall and CPU time on stderr). Summarize the
// profile with bench/top.mjs. S3c builds every course in full detail (simulateTrial per trial).
const [id = "S2", trialsArg, dist = "../dist/node.js"] = process.argv.slice(2);
const lib = await import(new URL(dist, import.meta.url).href);
const design = id === "S2" ? { detail: "efficacy" } : { detail: "full" };
const trials = Number(trialsArg ?? (id === "S2" ? 2000 : id === "S3" ? 400 : 100));
const spec = { protocol: lib.preset("mp1"), seed: 1, design };
const run = (t) => {
  if (id !== "S3c") return lib.simulateTrialsSync(spec, { trials: t, keepRows: false });
  for (let k = 0; k < t; k++) lib.simulateTrial(spec, k);
};
run(Math.ceil(trials / 10));
const t0 = performance.now();
const c0 = process.cpuUsage();
run(trials);
const s = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
const cpu = (c.user + c.system) / 1e6;
console.error(`${id}: ${trials} trials in ${s.toFixed(2)} s = ${(trials / s).toFixed(0)} trials/s (${(trials / cpu).toFixed(0)} per CPU second)`);
