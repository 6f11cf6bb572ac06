#!/usr/bin/env node
// Cost of one drug session (mp1's rules, efficacy detail), the unit of work that dominates S2:
// `node bench/session.mjs [dist/engine.js]` prints microseconds per MDMA session (125 mg with a
// 62.5 mg supplemental offered at 2-2.5 h: readings to the decision, the exposure to 24 h) and
// per inactive-placebo session, measured in wall and CPU time over 20,000 sessions.
const dist = process.argv[2] ?? new URL("../dist/engine.js", import.meta.url).href;
const lib = await import(dist);
const params = lib.defaultParameters();
const rules = lib.preset("mp1").sessionRules;
const root = lib.createRoot("session-bench");
const people = Array.from({ length: 500 }, (_, i) => {
  const rng = lib.stream(root, ["p", i]);
  const cyp2d6 = lib.sampleCyp2d6Phenotype(rng, params);
  return { trial: 0, index: i, armId: "mdma", sex: "female", ageYears: 40, baselineScore: 80, cyp2d6, pk: lib.samplePkIndividual(rng, params, cyp2d6), vitals: lib.sampleVitalsIndividual(rng, params), responsivenessLog: 0, screening: { candidatesScreened: 1, failures: {} } };
});
const mdma = { index: 0, day: 24, durationH: 8, initialMg: 125, supplemental: { mg: 62.5, offeredAtH: { earliest: 2, latest: 2.5 } } };
const placebo = { index: 0, day: 24, durationH: 8, initialMg: 0 };
function time(plan) {
  const n = 20_000;
  let best = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let k = 0; k < n; k++) lib.simulateSession(root, { ...people[k % 500], index: k }, plan, rules, params, { detail: "efficacy", initialEnzyme: 1 });
    const c = process.cpuUsage(c0);
    best = { wall: Math.min(best.wall, ((performance.now() - t0) * 1000) / n), cpu: Math.min(best.cpu, (c.user + c.system) / n) };
  }
  return best;
}
for (const [label, plan] of [["MDMA", mdma], ["placebo", placebo]]) {
  const t = time(plan);
  console.log(`${label} session: ${t.wall.toFixed(1)} µs (${t.cpu.toFixed(1)} µs CPU)`);
}
