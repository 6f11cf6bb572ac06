// Timing of one MMRM fit (not a test): the fixture's phase-3-size data set, 2 arms × 45, 3 visits,
// monotone dropout (247 observations). Best of five runs of 2,000 fits after a warm-up.
// Run from the repository root:
//   npx esbuild bench/mmrm.ts --bundle --platform=node --format=cjs --log-level=warning --outfile=/tmp/mmrm-bench.cjs && node /tmp/mmrm-bench.cjs
import R from "../test/fixtures/mmrm.json";
import { createMmrmFitter, fitMmrm, type MmrmRow } from "../src/analysis/mmrm.js";

const set = R.dataSets.find((s) => s.label.startsWith("phase 3"))!;
const rows = set.input.rows as MmrmRow[];
const visits = set.input.visits;
const subjects = [...new Set(rows.map((r) => r.subject))];
const values = new Float64Array(subjects.length * visits.length).fill(Number.NaN);
const groupIndex = new Int32Array(subjects.length);
const baseline = new Float64Array(subjects.length);
for (const r of rows) {
  const s = subjects.indexOf(r.subject);
  groupIndex[s] = r.group === set.input.referenceGroup ? 0 : 1;
  baseline[s] = r.baseline;
  if (r.value !== null) values[s * visits.length + visits.indexOf(String(r.visit))] = r.value;
}
const wide = { subjectCount: subjects.length, groupIndex, baseline, values };

function microsecondsPerFit(fit: () => unknown, fits = 2000): number {
  for (let i = 0; i < 300; i++) fit();
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    for (let i = 0; i < fits; i++) fit();
    best = Math.min(best, ((performance.now() - t0) / fits) * 1000);
  }
  return best;
}

const satterthwaite = createMmrmFitter({ visitCount: visits.length, groupCount: 2 });
const residual = createMmrmFitter({ visitCount: visits.length, groupCount: 2, df: "residual" });
const data = { rows, visits, referenceGroup: set.input.referenceGroup };
console.log(`data: ${subjects.length} participants, ${visits.length} visits, ${rows.filter((r) => r.value !== null).length} observations`);
console.log(`createMmrmFitter, Satterthwaite df: ${microsecondsPerFit(() => satterthwaite(wide)).toFixed(0)} µs per fit`);
console.log(`createMmrmFitter, residual df:      ${microsecondsPerFit(() => residual(wide)).toFixed(0)} µs per fit`);
console.log(`fitMmrm (validation, all contrasts): ${microsecondsPerFit(() => fitMmrm(data), 500).toFixed(0)} µs per fit`);
