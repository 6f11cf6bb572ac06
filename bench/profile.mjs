#!/usr/bin/env node
// Profile one scenario: `node --cpu-prof --cpu-prof-dir=DIR bench/profile.mjs S2 [trials] [dist]`
// runs it once to warm up and once to measure. Summarize the profile with bench/top.mjs.
const [id = "S2", trialsArg, dist = "../dist/node.js"] = process.argv.slice(2);
const lib = await import(new URL(dist, import.meta.url).href);
const design = id === "S3" ? { detail: "full" } : { detail: "efficacy" };
const trials = Number(trialsArg ?? (id === "S3" ? 400 : 2000));
const spec = { protocol: lib.preset("mp1"), seed: 1, design };
lib.simulateTrialsSync(spec, { trials: Math.ceil(trials / 10), keepRows: false });
const t0 = performance.now();
const c0 = process.cpuUsage();
lib.simulateTrialsSync(spec, { trials, keepRows: false });
const s = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
const cpu = (c.user + c.system) / 1e6;
console.error(`${id}: ${trials} trials in ${s.toFixed(2)} s = ${(trials / s).toFixed(0)} trials/s (${(trials / cpu).toFixed(0)} per CPU second)`);
