/**
 * Noncentral t distribution function.
 *
 * Where it is accurate, algorithm AS 243 (Lenth 1989) as implemented in R's nmath/pnt.c
 * (Guenther's twin series, error bound 1e-12, up to 1000 terms), so that power computations agree
 * with R's power.t.test. Elsewhere the series is replaced, not approximated:
 *   - R leaves AS 243 for a normal approximation (Abramowitz & Stegun 26.7.10) when
 *     ncp² > 2·ln2·1021 (|ncp| > 37.62, where the series' first Poisson weight underflows) or
 *     df > 4e5. That approximation is off by up to a few percent: pt(51.4768, 5, 49.1284) is
 *     0.49448, the exact value 0.47280, and the 99% noncentral-t interval for d = 4.45 (n 113/136)
 *     ends at 5.0566 instead of 5.0623.
 *   - The series itself stops too early for large df with large ncp (at df = 1e4, ncp = 37 it is
 *     off by 1.4e-3, at df = 3000 by 1e-10); up to df = 2000 it holds its 1e-12 bound (scanned
 *     against the quadrature below), so it is used only up to df = 1000.
 *   - Tails below 1e-4 are recomputed, because AS 243 gets them only to 1e-12 absolute, or as
 *     1 − (something near 1); so are series that stop on rounding.
 * The replacement is quadrature of the mixture representation
 *
 *   P(T ≤ t) = E[Φ(t·√(V/df) − ncp)],   V ~ χ²(df)
 *
 * (T = (Z + ncp)/√(V/df); Johnson, Kotz & Balakrishnan 1995, ch. 31) over w = log(V/df), whose
 * density ∝ exp(−(df/2)(eʷ − 1 − w)) is smooth and unimodal for every df > 0. The integral and the
 * density's normalising integral are computed together by adaptive Gauss-Kronrod (7-15) quadrature
 * (Piessens et al. 1983, QUADPACK), so Γ(df/2) never has to be evaluated; each tail is integrated
 * directly (Φ(x) or Φ(−x)), so small tails keep their relative accuracy.
 *
 * Checked against SciPy/Boost and an independent quad integration over the normal variable
 * (scripts/reference/nct.py → test/fixtures/nct.json): within 1e-12 absolute everywhere (the
 * largest differences, about 9e-13, come from AS 243's own bound), within 1e-8 relative for tails
 * between 1e-20 and 1e-3.
 */
import { betaRegularized, logGamma, normalCdf, tCdf } from "../math/distributions.js";
import { brentRoot } from "../math/roots.js";

const M_SQRT_2dPI = 0.797884560802865355879892119869; // sqrt(2/pi)
const M_LN_SQRT_PI = 0.572364942924700087071713675677; // log(sqrt(pi))
const DBL_EPSILON = 2.220446049250313e-16;
/** R's limit: beyond ncp² = 2·ln2·1021 (DBL_MIN_EXP = −1021) exp(−ncp²/2) underflows and R approximates. */
const AS243_MAX_NCP_SQUARED = 2 * Math.LN2 * 1021;
/** R's other limit: above this df pnt.c uses the same normal approximation. */
const AS243_MAX_DF = 1000;
/** A tail below this is recomputed by quadrature: AS 243 gives it only to about 1e-12 absolute, or as 1 − (something near 1). */
const AS243_MIN_TAIL = 1e-4;

/**
 * P(T ≤ t) (or P(T > t) with `lowerTail` false) for T noncentral t with `df` degrees of freedom
 * and noncentrality `ncp`: AS 243 (Lenth 1989, as in R's pt) where it is accurate, quadrature of
 * E[Φ(t√(V/df) − ncp)] elsewhere (large |ncp|, huge df, small tails).
 */
export function noncentralTCdf(t: number, df: number, ncp: number, lowerTail = true): number {
  if (!(df > 0) || Number.isNaN(t) || Number.isNaN(ncp)) return Number.NaN;
  if (ncp === 0) return lowerTail ? tCdf(t, df) : tCdf(-t, df);
  if (!Number.isFinite(t)) return (t < 0) === lowerTail ? 0 : 1;
  if (df === Number.POSITIVE_INFINITY) return normalCdf(lowerTail ? t - ncp : ncp - t);
  if (t === 0) return normalCdf(lowerTail ? -ncp : ncp);
  if (ncp * ncp > AS243_MAX_NCP_SQUARED || df > AS243_MAX_DF) return noncentralTCdfByQuadrature(t, df, ncp, lowerTail);
  const series = as243(t, df, ncp, lowerTail);
  if (series.reliable && series.value >= AS243_MIN_TAIL) return series.value;
  return noncentralTCdfByQuadrature(t, df, ncp, lowerTail);
}

interface SeriesResult {
  readonly value: number;
  /** False when the series stopped on rounding or ran out of terms (R warns "full precision may not have been achieved"). */
  readonly reliable: boolean;
}

/** AS 243 as in R's pnt.c, for |ncp| ≤ 37.62 and df ≤ 4e5; t ≠ 0 finite. */
function as243(t: number, df: number, ncp: number, lowerTail: boolean): SeriesResult {
  let negdel: boolean;
  let tt: number;
  let del: number;
  if (t >= 0) {
    negdel = false;
    tt = t;
    del = ncp;
  } else {
    negdel = true;
    tt = -t;
    del = -ncp;
  }
  let x = tt * tt;
  let rxb = df / (x + df);
  x = x / (x + df);
  let tnc = 0;
  let reliable = true;
  if (x > 0) {
    const lambda = del * del;
    let p = 0.5 * Math.exp(-0.5 * lambda);
    let q = M_SQRT_2dPI * p * del;
    let s = 0.5 - p;
    if (s < 1e-7) s = -0.5 * Math.expm1(-0.5 * lambda);
    let a = 0.5;
    const b = 0.5 * df;
    rxb = Math.pow(rxb, b);
    const albeta = M_LN_SQRT_PI + logGamma(b) - logGamma(0.5 + b);
    let xodd = betaRegularized(x, a, b);
    let godd = 2 * rxb * Math.exp(a * Math.log(x) - albeta);
    const tncB = b * x;
    let xeven = tncB < DBL_EPSILON ? tncB : 1 - rxb;
    let geven = tncB * rxb;
    tnc = p * xodd + q * xeven;
    let converged = false;
    for (let it = 1; it <= 1000; it++) {
      a += 1;
      xodd -= godd;
      xeven -= geven;
      godd *= (x * (a + b - 1)) / a;
      geven *= (x * (a + b - 0.5)) / (a + 0.5);
      p *= lambda / (2 * it);
      q *= lambda / (2 * it + 1);
      tnc += p * xodd + q * xeven;
      s -= p;
      if (s < -1e-10) break; // rounding, as R notes; precision may be lost
      if (s <= 0 && it > 1) {
        converged = true;
        break;
      }
      const errbd = 2 * s * (xodd - godd);
      if (Math.abs(errbd) < 1e-12) {
        converged = true;
        break;
      }
    }
    reliable = converged;
  }
  tnc += normalCdf(-del);
  const value = Math.min(tnc, 1);
  return { value: lowerTail !== negdel ? value : 1 - value, reliable };
}

// ---------------------------------------------------------------- quadrature

// Gauss-Kronrod 7-15 nodes and weights on [−1, 1] (QUADPACK qk15); index 7 is the centre.
const KRONROD_NODES = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const KRONROD_WEIGHTS = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
/** Gauss 7-point weights for the Kronrod nodes with odd index (1, 3, 5) and the centre. */
const GAUSS_WEIGHTS = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

/** The density of w = log(V/df) is below e^−60 of its peak outside the integration range. */
const LOG_DENSITY_CUTOFF = 60;
const MAX_PANELS = 512;
const RELATIVE_TOLERANCE = 1e-13;

// Scratch storage for the adaptive quadrature (panel ends, integrals and error estimates).
const panelLo = new Float64Array(MAX_PANELS);
const panelHi = new Float64Array(MAX_PANELS);
const panelMass = new Float64Array(MAX_PANELS);
const panelMassErr = new Float64Array(MAX_PANELS);
const panelTail = new Float64Array(MAX_PANELS);
const panelTailErr = new Float64Array(MAX_PANELS);

interface MixtureIntegrand {
  readonly halfDf: number;
  readonly t: number;
  readonly ncp: number;
  readonly lowerTail: boolean;
}

const massValues = new Float64Array(15);
const tailValues = new Float64Array(15);

/**
 * QUADPACK's error estimate for a 7-15 rule (qk15): |K − G| scaled by (200·|K − G|/resasc)^1.5,
 * where resasc = ∫|f − mean f| is the rule's own estimate of the integrand's variation. It credits
 * the Kronrod result with its higher order instead of reporting the Gauss rule's error.
 */
function kronrodError(values: Float64Array, kronrod: number, gauss: number, half: number): number {
  const mean = kronrod * 0.5;
  let resasc = 0;
  for (let i = 0; i < 15; i++) resasc += KRONROD_WEIGHTS[i < 8 ? i : 14 - i]! * Math.abs(values[i]! - mean);
  resasc *= half;
  const raw = Math.abs(kronrod - gauss) * half;
  if (resasc === 0 || raw === 0) return raw;
  return resasc * Math.min(1, Math.pow((200 * raw) / resasc, 1.5));
}

/** Integrate density and density × Φ(±(t·e^{w/2} − ncp)) over one panel; results go to slot `k`. */
function integratePanel(f: MixtureIntegrand, k: number): void {
  const lo = panelLo[k]!;
  const hi = panelHi[k]!;
  const centre = 0.5 * (lo + hi);
  const half = 0.5 * (hi - lo);
  let kMass = 0, gMass = 0, kTail = 0, gTail = 0;
  for (let i = 0; i < 15; i++) {
    const j = i < 8 ? i : 14 - i;
    const w = centre + (i < 8 ? -1 : 1) * half * KRONROD_NODES[j]!;
    const density = Math.exp(-f.halfDf * (Math.expm1(w) - w));
    const x = f.t * Math.exp(0.5 * w) - f.ncp;
    const tail = density * normalCdf(f.lowerTail ? x : -x);
    massValues[i] = density;
    tailValues[i] = tail;
    kMass += KRONROD_WEIGHTS[j]! * density;
    kTail += KRONROD_WEIGHTS[j]! * tail;
    if (j % 2 === 1 || j === 7) {
      const g = GAUSS_WEIGHTS[j === 7 ? 3 : (j - 1) / 2]!;
      gMass += g * density;
      gTail += g * tail;
    }
  }
  panelMass[k] = kMass * half;
  panelMassErr[k] = kronrodError(massValues, kMass, gMass, half);
  panelTail[k] = kTail * half;
  panelTailErr[k] = kronrodError(tailValues, kTail, gTail, half);
}

/** The w where (df/2)(eʷ − 1 − w) reaches the cutoff, on the side given by `sign`. */
function densityEdge(halfDf: number, sign: 1 | -1): number {
  const c = LOG_DENSITY_CUTOFF / halfDf;
  const g = (w: number) => Math.expm1(w) - w - c;
  return sign > 0 ? brentRoot(g, 0, Math.log1p(c) + 1, 1e-10) : brentRoot(g, -2 - c, 0, 1e-10);
}

/** Initial panel boundaries: the density's edges and mode, its spread, and where Φ's argument crosses 0. */
function initialBreaks(f: MixtureIntegrand, lo: number, hi: number): number[] {
  const spread = 1 / Math.sqrt(f.halfDf);
  const marks = [0, -2 * spread, 2 * spread, -6 * spread, 6 * spread];
  if (f.ncp / f.t > 0) {
    const crossing = 2 * Math.log(f.ncp / f.t);
    const width = 2 / Math.max(Math.abs(f.ncp), 1); // d(t·e^{w/2})/dw = t·e^{w/2}/2 ≈ ncp/2 at the crossing
    marks.push(crossing, crossing - 3 * width, crossing + 3 * width, crossing - 12 * width, crossing + 12 * width);
  }
  const inside = marks.filter((m) => m > lo && m < hi).sort((a, b) => a - b);
  const breaks = [lo];
  for (const m of inside) if (m - breaks[breaks.length - 1]! > 1e-9 * (hi - lo)) breaks.push(m);
  breaks.push(hi);
  return breaks;
}

/**
 * P(T ≤ t) or P(T > t) for the noncentral t as E[Φ(±(t·√(V/df) − ncp))] over w = log(V/df), by
 * global adaptive Gauss-Kronrod quadrature (QUADPACK's 7-15 rule) of the tail and of the density's
 * normalising integral; {@link noncentralTCdf} calls it where AS 243 is not accurate. Good to
 * about 1e-15 absolute, and relatively for tails down to about 1e-20 (the density is cut where it
 * falls below e^−60 of its peak).
 */
export function noncentralTCdfByQuadrature(t: number, df: number, ncp: number, lowerTail = true): number {
  if (!(df > 0) || Number.isNaN(t) || Number.isNaN(ncp)) return Number.NaN;
  if (!Number.isFinite(t)) return (t < 0) === lowerTail ? 0 : 1;
  if (df === Number.POSITIVE_INFINITY) return normalCdf(lowerTail ? t - ncp : ncp - t);
  const f: MixtureIntegrand = { halfDf: df / 2, t, ncp, lowerTail };
  const lo = densityEdge(f.halfDf, -1);
  const hi = densityEdge(f.halfDf, 1);
  const breaks = initialBreaks(f, lo, hi);
  let panels = breaks.length - 1;
  for (let k = 0; k < panels; k++) {
    panelLo[k] = breaks[k]!;
    panelHi[k] = breaks[k + 1]!;
    integratePanel(f, k);
  }
  for (;;) {
    let mass = 0, massErr = 0, tail = 0, tailErr = 0;
    for (let k = 0; k < panels; k++) {
      mass += panelMass[k]!;
      massErr += panelMassErr[k]!;
      tail += panelTail[k]!;
      tailErr += panelTailErr[k]!;
    }
    const massTol = RELATIVE_TOLERANCE * mass;
    const tailTol = Math.max(RELATIVE_TOLERANCE * tail, 1e-30 * mass);
    if ((massErr <= massTol && tailErr <= tailTol) || panels + 1 > MAX_PANELS) return Math.min(1, Math.max(0, tail / mass));
    // Bisect the panel that contributes most to whichever error is furthest from its tolerance.
    let worst = 0;
    let worstScore = -1;
    for (let k = 0; k < panels; k++) {
      const score = Math.max(panelMassErr[k]! / massTol, panelTailErr[k]! / tailTol);
      if (score > worstScore) {
        worstScore = score;
        worst = k;
      }
    }
    const mid = 0.5 * (panelLo[worst]! + panelHi[worst]!);
    panelLo[panels] = mid;
    panelHi[panels] = panelHi[worst]!;
    panelHi[worst] = mid;
    integratePanel(f, worst);
    integratePanel(f, panels);
    panels++;
  }
}
