/**
 * Fit the vital-sign model's sensitivities and time constants to the healthy-volunteer figures.
 *
 *   npx esbuild scripts/fit-vitals.ts --bundle --platform=node --format=esm --outfile=scratch/fit-vitals.mjs && node scratch/fit-vitals.mjs
 *
 * Targets (FACTS.md §D): Vizeli & Liechti 2017 (n = 166, pooled 75 and 125 mg): 33% of
 * participants exceeded 160 mmHg systolic, 29% 100 bpm, 19% 38.0 °C, all more often at 125 mg.
 * The pooled share is computed as an equal mix of the two doses (the split is not in the
 * abstract: assumed). Time course: effects peak 1-2 h after the dose and have largely subsided
 * by 6 h (MAPS Investigator's Brochure; Kolbrich 2008). Weak priors on the typical peak rise at
 * 125 mg: systolic +30 mmHg, heart rate +20 bpm, temperature +0.5 °C (recalled ranges, FACTS.md §D).
 * Readings as in the Basel studies (assumed): 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6 h after the dose.
 * Common random numbers: the same simulated volunteers at every step of the fit.
 */
import { defaultParameters } from "../src/params/defaults.js";
import type { Parameters } from "../src/params/table.js";
import { createRoot, stream } from "../src/random/rng.js";
import { standardNormal } from "../src/random/samplers.js";
import { samplePkIndividual, sampleCyp2d6Phenotype, typicalPk } from "../src/pk/individual.js";
import { sampleVitalsIndividual, simulateVitals, readingNoiseSd, type VitalsIndividual } from "../src/vitals/model.js";
import type { VitalMeasure } from "../src/protocol/schema.js";

const READINGS_H = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6];
const N = Number(process.env.N ?? 3000);
const TARGET = { systolicMmHg: 0.33, heartRateBpm: 0.29, temperatureC: 0.19 };
const THRESHOLD = { systolicMmHg: 160, heartRateBpm: 100, temperatureC: 38.0 };
const MEASURES = ["systolicMmHg", "heartRateBpm", "temperatureC"] as const;

const FREE = [
  "vitals.bp.emaxSystolicMmHg",
  "vitals.hr.emaxBpm",
  "vitals.temperature.emaxC",
  "vitals.bp.ke0PerH",
  "vitals.bp.tolerancePerH",
  "vitals.temperature.ke0PerH",
  "vitals.temperature.tolerancePerH",
] as const;

function withFree(base: Parameters, x: number[]): Parameters {
  const p: Record<string, number> = { ...base };
  FREE.forEach((k, i) => (p[k] = Math.exp(x[i]!)));
  // Heart rate shares the blood-pressure dynamics; diastolic rises half as much as systolic (assumed).
  p["vitals.hr.ke0PerH"] = p["vitals.bp.ke0PerH"]!;
  p["vitals.hr.tolerancePerH"] = p["vitals.bp.tolerancePerH"]!;
  p["vitals.bp.emaxDiastolicMmHg"] = 0.5 * p["vitals.bp.emaxSystolicMmHg"]!;
  return p as Parameters;
}

// Fixed random inputs: per volunteer, the standard normals behind the PK, vitals and noise.
const root = createRoot("fit-vitals");
interface Volunteer { dose: number; pkIndex: number }
const volunteers: Volunteer[] = [];
for (const dose of [75, 125]) for (let i = 0; i < N; i++) volunteers.push({ dose, pkIndex: i });

function shares(p: Parameters) {
  const exceed: Record<number, Record<string, number>> = { 75: {}, 125: {} };
  for (const dose of [75, 125]) for (const m of MEASURES) exceed[dose]![m] = 0;
  for (const vol of volunteers) {
    const rng = stream(root, ["volunteer", vol.dose, vol.pkIndex]);
    const pk = samplePkIndividual(rng, p, sampleCyp2d6Phenotype(rng, p));
    const v = sampleVitalsIndividual(rng, p);
    const trace = simulateVitals(pk, v, [{ timeH: 0, mg: vol.dose }], READINGS_H, { rtol: 1e-6, atol: 1e-6, maxStepH: 1, maxSteps: 1e5 });
    for (const m of MEASURES) {
      const sd = readingNoiseSd(p, m);
      let over = false;
      for (const values of trace) if (values[m] + sd * standardNormal(rng) > THRESHOLD[m]) over = true;
      if (over) exceed[vol.dose]![m]!++;
    }
  }
  const out: Record<string, { d75: number; d125: number; pooled: number }> = {};
  for (const m of MEASURES) {
    const a = exceed[75]![m]! / N;
    const b = exceed[125]![m]! / N;
    out[m] = { d75: a, d125: b, pooled: (a + b) / 2 };
  }
  return out;
}

function typicalCourse(p: Parameters) {
  const pk = typicalPk(p);
  const v: VitalsIndividual = { ...sampleVitalsIndividual(stream(root, ["typical"]), p) };
  const typical: VitalsIndividual = {
    ...v,
    baseline: { systolicMmHg: 0, diastolicMmHg: 0, heartRateBpm: 0, temperatureC: 0 },
    emax: { systolicMmHg: p["vitals.bp.emaxSystolicMmHg"], diastolicMmHg: p["vitals.bp.emaxDiastolicMmHg"], heartRateBpm: p["vitals.hr.emaxBpm"], temperatureC: p["vitals.temperature.emaxC"] },
  };
  const times = Array.from({ length: 161 }, (_, i) => i * 0.05);
  const trace = simulateVitals(pk, typical, [{ timeH: 0, mg: 125 }], times);
  const res: Record<string, { peak: number; tPeak: number; at6: number }> = {};
  for (const m of ["systolicMmHg", "heartRateBpm", "temperatureC"] as VitalMeasure[]) {
    let peak = 0;
    let tPeak = 0;
    trace.forEach((x, i) => {
      if (x[m] > peak) {
        peak = x[m];
        tPeak = times[i]!;
      }
    });
    res[m] = { peak, tPeak, at6: trace[120]![m] };
  }
  return res;
}

function objective(x: number[]): number {
  const p = withFree(defaultParameters(), x);
  const s = shares(p);
  let f = 0;
  for (const m of MEASURES) {
    const se = Math.sqrt((TARGET[m] * (1 - TARGET[m])) / 166); // the published share's own SE
    f += ((s[m]!.pooled - TARGET[m]) / se) ** 2;
  }
  const c = typicalCourse(p);
  f += ((c.systolicMmHg!.peak - 30) / 8) ** 2 + ((c.heartRateBpm!.peak - 20) / 8) ** 2 + ((c.temperatureC!.peak - 0.5) / 0.25) ** 2;
  for (const m of ["systolicMmHg", "heartRateBpm"]) {
    const r = c[m]!;
    if (r.tPeak < 1) f += ((1 - r.tPeak) / 0.1) ** 2;
    if (r.tPeak > 2) f += ((r.tPeak - 2) / 0.1) ** 2;
    const frac = r.at6 / r.peak;
    if (frac > 0.25) f += ((frac - 0.25) / 0.05) ** 2;
  }
  const t = c.temperatureC!;
  if (t.tPeak > 3) f += ((t.tPeak - 3) / 0.2) ** 2;
  if (t.at6 / t.peak > 0.35) f += ((t.at6 / t.peak - 0.35) / 0.05) ** 2;
  return f;
}

function nelderMead(f: (x: number[]) => number, x0: number[], step = 0.3, iterations = 250): { x: number[]; f: number } {
  const n = x0.length;
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, f: f(x) }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    const centroid = x0.map((_, j) => simplex.slice(0, n).reduce((s, v) => s + v.x[j]!, 0) / n);
    const at = (t: number) => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const r = { x: at(-1), f: 0 };
    r.f = f(r.x);
    if (r.f < best.f) {
      const e = { x: at(-2), f: 0 };
      e.f = f(e.x);
      simplex[n] = e.f < r.f ? e : r;
    } else if (r.f < simplex[n - 1]!.f) {
      simplex[n] = r;
    } else {
      const k = { x: at(r.f < worst.f ? -0.5 : 0.5), f: 0 };
      k.f = f(k.x);
      if (k.f < Math.min(worst.f, r.f)) simplex[n] = k;
      else simplex = simplex.map((v, i) => (i === 0 ? v : { x: v.x.map((xx, j) => best.x[j]! + 0.5 * (xx - best.x[j]!)), f: 0 })).map((v, i) => (i === 0 ? v : { x: v.x, f: f(v.x) }));
    }
    if (it % 10 === 0) console.error(`iteration ${it}: objective ${simplex[0]!.f.toFixed(3)}`);
    if (Math.abs(simplex[n]!.f - simplex[0]!.f) < 1e-4) break;
  }
  simplex.sort((a, b) => a.f - b.f);
  return simplex[0]!;
}

const base = defaultParameters();
const x0 = FREE.map((k) => Math.log(base[k]));
const fit = nelderMead(objective, x0);
const p = withFree(base, fit.x);
console.log(
  JSON.stringify(
    {
      generatedBy: "scripts/fit-vitals.ts",
      volunteersPerDose: N,
      parameters: Object.fromEntries([...FREE, "vitals.hr.ke0PerH", "vitals.hr.tolerancePerH", "vitals.bp.emaxDiastolicMmHg"].map((k) => [k, p[k as keyof Parameters]])),
      shares: shares(p),
      typicalCourse125mg: typicalCourse(p),
      objective: fit.f,
    },
    null,
    2,
  ),
);
