/**
 * The numerical core of the mixed model for repeated measures (see mmrm.ts for the model, the
 * public API and the references). One workspace per design (number of visits and groups, baseline
 * term) holds every buffer a fit needs, so repeated fits (Monte Carlo loops) allocate nothing
 * while optimizing.
 *
 * How a fit works:
 * 1. Sufficient statistics. Subjects are grouped by missingness pattern (the set of visits
 *    observed) and group. Within a (pattern, group) cell every subject shares the covariance block
 *    Σ_P and the design differs only through the centred baseline c, so the counts n, Σc, Σc²,
 *    Σy, Σc·y and Σy·yᵀ are all the REML criterion needs. After one pass over the data, each
 *    evaluation costs O(patterns · groups · visits²) plus a Cholesky factorization of the
 *    p × p matrix XᵀV⁻¹X, independent of the number of subjects.
 * 2. The criterion. With V block-diagonal in Σ_P, −2 × REML log-likelihood is
 *      D(Σ) + (N − p)·log 2π,   D = Σ_i log|Σ_i| + log|XᵀV⁻¹X| + (y − Xβ̂)ᵀV⁻¹(y − Xβ̂),
 *    β̂ the generalized least-squares estimate (Harville 1977; this is nlme's REML log-likelihood,
 *    which has no log|XᵀX| term).
 * 3. Its gradient. dD = tr(G·dΣ) with G = Σ_P E_P [n_P·W_P − W_P (R_P + M_P) W_P] E_Pᵀ, where
 *    W_P = Σ_P⁻¹, R_P = Σ_{i∈P} r_i r_iᵀ (residual cross-products) and
 *    M_P = Σ_{i∈P} X_i (XᵀV⁻¹X)⁻¹ X_iᵀ (the derivative of log|XᵀV⁻¹X|); β̂ needs no derivative
 *    because it minimizes the quadratic term.
 * 4. Parametrization. Σ = L·Lᵀ with L = L₀·L̃: L₀ is the Cholesky factor of a moment estimate of
 *    Σ (from ordinary least-squares residuals), L̃ is lower triangular with its diagonal on the log
 *    scale (Pinheiro & Bates 1996), and the optimizer starts at L̃ = I. Whitening by L₀ makes the
 *    parameters dimensionless and the Hessian close to a multiple of the identity, so BFGS (Nocedal
 *    & Wright 2006, alg. 6.1, with backtracking Armijo line search) converges in a few iterations.
 * 5. Satterthwaite's df for a contrast c: v(θ) = cᵀ(XᵀV⁻¹X)⁻¹c, dv = tr(M_c·dΣ) with
 *    M_c = Σ_P E_P W_P Q_P W_P E_Pᵀ, Q_P = Σ_{i∈P} (X_i u)(X_i u)ᵀ, u = (XᵀV⁻¹X)⁻¹c; the Hessian H
 *    of D by central differences of the analytic gradient; df = 2v²/(∇vᵀ·2H⁻¹·∇v).
 */
import { choleskyInPlace, choleskyInverseInto, choleskyLogDet, choleskySolveInPlace } from "./dense.js";

export type BaselineTerm = "by-visit" | "common";

/** The shape of a model: visits, groups (index 0 is the reference) and how baseline enters. */
export interface MmrmDesign {
  readonly visitCount: number;
  readonly groupCount: number;
  readonly baselineTerm: BaselineTerm;
}

/**
 * Wide data for a fit: subject s belongs to group `groupIndex[s]` (0 = reference), has baseline
 * `baseline[s]` and, at visit k, the value `values[s · visitCount + k]` (NaN when missing).
 */
export interface MmrmWideData {
  readonly subjectCount: number;
  readonly groupIndex: ArrayLike<number>;
  readonly baseline: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** Most visits a design may have (the pattern table has 2^visits entries). */
export const MMRM_MAX_VISITS = 12;
const GRADIENT_TOLERANCE_PER_SUBJECT = 1e-9;
const HESSIAN_STEP = 1e-4;
/** Largest change of any whitened parameter in one line-search step (a factor e² on a diagonal of L̃). */
const MAX_STEP = 2;
/**
 * When D can no longer be lowered in floating point (three steps flat within rounding that do not
 * halve the gradient), the fit counts as converged if the gradient is within this factor of the
 * tolerance (θ then within about 1e-5 of the optimum, as close as floating point allows there).
 */
const STALLED_TOLERANCE_FACTOR = 1e4;
/** Changes of D below this fraction of |D| are treated as rounding. */
const ROUNDING_RELATIVE = 1e-13;
/** L̃_jj below 1e-3: the fit is heading for a singular covariance (see minimize). */
const BOUNDARY_LOG_DIAGONAL = Math.log(1e-3);
/** L̃_jj below 1e-2 when the optimizer cannot go on also counts as heading for the boundary. */
const NEAR_BOUNDARY_LOG_DIAGONAL = Math.log(1e-2);
/** XᵀV⁻¹X counts as singular when a Cholesky pivot falls below this fraction of its diagonal element. */
const SINGULAR_PIVOT = 1e-10;

/** How the optimizer stopped (see MmrmWorkspace.minimize). */
export interface MinimizeOutcome {
  readonly iterations: number;
  readonly status: "converged" | "boundary" | "failed";
}

/**
 * Buffers and numerics for fitting one MMRM design repeatedly: accumulate(data), estimable(),
 * initialize(), minimize(), then computeHessian() for Satterthwaite; results are read from beta,
 * xtvxInverse, sigma, visitMean and criterion (all in the centred coordinates described above).
 */
export class MmrmWorkspace {
  readonly visitCount: number;
  readonly groupCount: number;
  /** Fixed-effect coefficients: a mean per group and visit, and the baseline slope(s). */
  readonly coefficientCount: number;
  /** Covariance parameters: the lower triangle of L̃. */
  readonly covarianceParameterCount: number;
  private readonly byVisit: boolean;

  // Per-fit summaries.
  observationCount = 0;
  contributingSubjects = 0;
  baselineMean = 0;
  readonly visitMean: Float64Array;
  /** D at the last evaluation (the REML criterion without its constant). */
  criterion = Number.NaN;

  // Missingness patterns and their sufficient statistics.
  private readonly maskToPattern: Int32Array;
  private patternCapacity = 0;
  patternCount = 0;
  private patternMask = new Int32Array(0);
  private patternSize = new Int32Array(0);
  private patternVisits = new Int32Array(0);
  private patternN = new Float64Array(0);
  private patternLogDet = new Float64Array(0);
  private patternW = new Float64Array(0);
  private patternC = new Float64Array(0);
  private statN = new Float64Array(0);
  private statC = new Float64Array(0);
  private statCC = new Float64Array(0);
  private statY = new Float64Array(0);
  private statCY = new Float64Array(0);
  private statYY = new Float64Array(0);

  // Covariance: L₀, L̃, L = L₀·L̃, Σ = L·Lᵀ, and scratch.
  readonly l0: Float64Array;
  private readonly lTilde: Float64Array;
  private readonly lFull: Float64Array;
  readonly sigma: Float64Array;
  private readonly sigmaGradient: Float64Array;
  private readonly scratchA: Float64Array;
  private readonly scratchB: Float64Array;

  // Fixed effects: XᵀV⁻¹X, its factor and inverse, β̂.
  private readonly xtvx: Float64Array;
  private readonly xtvxFactor: Float64Array;
  readonly xtvxInverse: Float64Array;
  readonly beta: Float64Array;
  private readonly column: Float64Array;

  // Optimizer state.
  /** Whether the last line search accepted its step only because D was flat within rounding. */
  private withinRounding = false;
  readonly theta: Float64Array;
  readonly gradient: Float64Array;
  private readonly inverseHessian: Float64Array;
  private readonly direction: Float64Array;
  private readonly thetaTrial: Float64Array;
  private readonly gradientTrial: Float64Array;
  private readonly step: Float64Array;
  private readonly gradientChange: Float64Array;
  /** Cholesky factor of the Hessian of D after computeHessian() (NaN if it is not positive definite). */
  readonly hessianFactor: Float64Array;
  private readonly gradientPlus: Float64Array;
  private readonly contrastGradient: Float64Array;
  private readonly hessianSolve: Float64Array;

  constructor(design: MmrmDesign) {
    const t = design.visitCount;
    const g = design.groupCount;
    this.visitCount = t;
    this.groupCount = g;
    this.byVisit = design.baselineTerm === "by-visit";
    this.coefficientCount = g * t + (this.byVisit ? t : 1);
    this.covarianceParameterCount = (t * (t + 1)) / 2;
    const p = this.coefficientCount;
    const q = this.covarianceParameterCount;
    this.visitMean = new Float64Array(t);
    this.maskToPattern = new Int32Array(1 << t).fill(-1);
    this.ensurePatternCapacity(Math.min((1 << t) - 1, 16));
    this.l0 = new Float64Array(t * t);
    this.lTilde = new Float64Array(t * t);
    this.lFull = new Float64Array(t * t);
    this.sigma = new Float64Array(t * t);
    this.sigmaGradient = new Float64Array(t * t);
    this.scratchA = new Float64Array(t * t);
    this.scratchB = new Float64Array(t * t);
    this.xtvx = new Float64Array(p * p);
    this.xtvxFactor = new Float64Array(p * p);
    this.xtvxInverse = new Float64Array(p * p);
    this.beta = new Float64Array(p);
    this.column = new Float64Array(p);
    this.theta = new Float64Array(q);
    this.gradient = new Float64Array(q);
    this.inverseHessian = new Float64Array(q * q);
    this.direction = new Float64Array(q);
    this.thetaTrial = new Float64Array(q);
    this.gradientTrial = new Float64Array(q);
    this.step = new Float64Array(q);
    this.gradientChange = new Float64Array(q);
    this.hessianFactor = new Float64Array(q * q);
    this.gradientPlus = new Float64Array(q);
    this.contrastGradient = new Float64Array(q);
    this.hessianSolve = new Float64Array(q);
  }

  /** Column of the mean of group g at visit k. */
  cellIndex(group: number, visit: number): number {
    return group * this.visitCount + visit;
  }

  /** Column of the baseline slope that applies at visit k. */
  slopeIndex(visit: number): number {
    return this.groupCount * this.visitCount + (this.byVisit ? visit : 0);
  }

  private ensurePatternCapacity(capacity: number): void {
    if (capacity <= this.patternCapacity) return;
    const t = this.visitCount;
    const g = this.groupCount;
    const grow = <A extends Float64Array | Int32Array>(old: A, perPattern: number, make: (n: number) => A): A => {
      const fresh = make(capacity * perPattern);
      fresh.set(old.subarray(0, this.patternCount * perPattern));
      return fresh;
    };
    const f64 = (n: number) => new Float64Array(n);
    const i32 = (n: number) => new Int32Array(n);
    this.patternMask = grow(this.patternMask, 1, i32);
    this.patternSize = grow(this.patternSize, 1, i32);
    this.patternVisits = grow(this.patternVisits, t, i32);
    this.patternN = grow(this.patternN, 1, f64);
    this.patternLogDet = grow(this.patternLogDet, 1, f64);
    this.patternW = grow(this.patternW, t * t, f64);
    this.patternC = grow(this.patternC, t * t, f64);
    this.statN = grow(this.statN, g, f64);
    this.statC = grow(this.statC, g, f64);
    this.statCC = grow(this.statCC, g, f64);
    this.statY = grow(this.statY, g * t, f64);
    this.statCY = grow(this.statCY, g * t, f64);
    this.statYY = grow(this.statYY, g * t * t, f64);
    this.patternCapacity = capacity;
  }

  /** The pattern slot for a visit mask, created (with zeroed statistics) on first use. */
  private patternFor(mask: number): number {
    const existing = this.maskToPattern[mask]!;
    if (existing >= 0) return existing;
    if (this.patternCount === this.patternCapacity) this.ensurePatternCapacity(Math.min(2 * this.patternCapacity, 1 << this.visitCount));
    const t = this.visitCount;
    const g = this.groupCount;
    const slot = this.patternCount++;
    this.maskToPattern[mask] = slot;
    this.patternMask[slot] = mask;
    let size = 0;
    for (let k = 0; k < t; k++) if (mask & (1 << k)) this.patternVisits[slot * t + size++] = k;
    this.patternSize[slot] = size;
    this.patternN[slot] = 0;
    this.statN.fill(0, slot * g, (slot + 1) * g);
    this.statC.fill(0, slot * g, (slot + 1) * g);
    this.statCC.fill(0, slot * g, (slot + 1) * g);
    this.statY.fill(0, slot * g * t, (slot + 1) * g * t);
    this.statCY.fill(0, slot * g * t, (slot + 1) * g * t);
    this.statYY.fill(0, slot * g * t * t, (slot + 1) * g * t * t);
    return slot;
  }

  /** Visit means (for centring), the mean baseline over observations, and the pattern statistics. */
  accumulate(data: MmrmWideData): void {
    const t = this.visitCount;
    const g = this.groupCount;
    for (let i = 0; i < this.patternCount; i++) this.maskToPattern[this.patternMask[i]!] = -1;
    this.patternCount = 0;
    this.visitMean.fill(0);
    const visitObservations = this.scratchA.fill(0);
    let observations = 0;
    let baselineSum = 0;
    for (let s = 0; s < data.subjectCount; s++) {
      for (let k = 0; k < t; k++) {
        const v = data.values[s * t + k]!;
        if (Number.isNaN(v)) continue;
        this.visitMean[k] = this.visitMean[k]! + v;
        visitObservations[k] = visitObservations[k]! + 1;
        baselineSum += data.baseline[s]!;
        observations++;
      }
    }
    for (let k = 0; k < t; k++) this.visitMean[k] = visitObservations[k]! > 0 ? this.visitMean[k]! / visitObservations[k]! : 0;
    this.observationCount = observations;
    this.baselineMean = observations > 0 ? baselineSum / observations : 0;
    this.contributingSubjects = 0;
    for (let s = 0; s < data.subjectCount; s++) {
      let mask = 0;
      for (let k = 0; k < t; k++) if (!Number.isNaN(data.values[s * t + k]!)) mask |= 1 << k;
      if (mask === 0) continue;
      this.contributingSubjects++;
      const slot = this.patternFor(mask);
      const j = slot * g + data.groupIndex[s]!;
      const c = data.baseline[s]! - this.baselineMean;
      this.patternN[slot] = this.patternN[slot]! + 1;
      this.statN[j] = this.statN[j]! + 1;
      this.statC[j] = this.statC[j]! + c;
      this.statCC[j] = this.statCC[j]! + c * c;
      for (let k = 0; k < t; k++) {
        if (!(mask & (1 << k))) continue;
        const y = data.values[s * t + k]! - this.visitMean[k]!;
        this.statY[j * t + k] = this.statY[j * t + k]! + y;
        this.statCY[j * t + k] = this.statCY[j * t + k]! + c * y;
        const row = (j * t + k) * t;
        for (let k2 = 0; k2 < t; k2++) {
          if (mask & (1 << k2)) this.statYY[row + k2] = this.statYY[row + k2]! + y * (data.values[s * t + k2]! - this.visitMean[k2]!);
        }
      }
    }
  }

  /**
   * Whether the model is estimable from the accumulated data: more observations at each visit than
   * coefficients of that visit, every group observed at every visit, every pair of visits observed
   * together in some subject (else their covariance is not identified), and more observations than
   * coefficients.
   */
  estimable(): boolean {
    const t = this.visitCount;
    const g = this.groupCount;
    if (this.observationCount <= this.coefficientCount) return false;
    // Each visit needs more observations than the coefficients that belong to it alone (its
    // group means and, by visit, its baseline slope), or its variance has no residual to come from.
    const ownCoefficients = g + (this.byVisit ? 1 : 0);
    for (let k = 0; k < t; k++) {
      let observed = 0;
      for (let p = 0; p < this.patternCount; p++) if (this.patternMask[p]! & (1 << k)) observed += this.patternN[p]!;
      if (observed <= ownCoefficients) return false;
    }
    for (let group = 0; group < g; group++) {
      for (let k = 0; k < t; k++) {
        let seen = false;
        for (let p = 0; p < this.patternCount && !seen; p++) seen = (this.patternMask[p]! & (1 << k)) !== 0 && this.statN[p * g + group]! > 0;
        if (!seen) return false;
      }
    }
    for (let k = 0; k < t; k++) {
      for (let k2 = k + 1; k2 < t; k2++) {
        const both = (1 << k) | (1 << k2);
        let seen = false;
        for (let p = 0; p < this.patternCount && !seen; p++) seen = (this.patternMask[p]! & both) === both;
        if (!seen) return false;
      }
    }
    return true;
  }

  /** W_P = I and log|Σ_P| = 0 for every pattern: ordinary least squares. */
  private useIdentityCovariance(): void {
    const t = this.visitCount;
    for (let p = 0; p < this.patternCount; p++) {
      const r = this.patternSize[p]!;
      const base = p * t * t;
      this.patternW.fill(0, base, base + r * r);
      for (let a = 0; a < r; a++) this.patternW[base + a * r + a] = 1;
      this.patternLogDet[p] = 0;
    }
  }

  /** W_P = Σ_P⁻¹ and log|Σ_P| for every pattern from the current Σ; false if a block is not positive definite. */
  private invertPatternBlocks(): boolean {
    const t = this.visitCount;
    const block = this.scratchA;
    for (let p = 0; p < this.patternCount; p++) {
      const r = this.patternSize[p]!;
      const visits = p * t;
      for (let a = 0; a < r; a++) {
        for (let b = 0; b <= a; b++) block[a * r + b] = this.sigma[this.patternVisits[visits + a]! * t + this.patternVisits[visits + b]!]!;
      }
      if (!choleskyInPlace(block, r)) return false;
      this.patternLogDet[p] = choleskyLogDet(block, r);
      choleskyInverseInto(block, r, this.patternW, p * t * t);
    }
    return true;
  }

  /**
   * Build XᵀV⁻¹X and XᵀV⁻¹y from the pattern statistics and the current W_P, solve for β̂, and
   * return D (Infinity when XᵀV⁻¹X is singular).
   */
  private assembleAndSolve(): number {
    const t = this.visitCount;
    const g = this.groupCount;
    const p = this.coefficientCount;
    const a = this.xtvx.fill(0);
    const rhs = this.beta.fill(0);
    const { patternVisits, patternW, statN, statC, statCC, statY, statCY, statYY } = this;
    const slopeBase = g * t;
    const slopeStep = this.byVisit ? 1 : 0;
    let yWy = 0;
    let logDetSum = 0;
    for (let pat = 0; pat < this.patternCount; pat++) {
      const r = this.patternSize[pat]!;
      const visits = pat * t;
      const w = pat * t * t;
      logDetSum += this.patternN[pat]! * this.patternLogDet[pat]!;
      for (let group = 0; group < g; group++) {
        const j = pat * g + group;
        const n = statN[j]!;
        if (n === 0) continue;
        const sc = statC[j]!;
        const scc = statCC[j]!;
        for (let ia = 0; ia < r; ia++) {
          const ka = patternVisits[visits + ia]!;
          const rowCell = (group * t + ka) * p;
          const rowSlope = (slopeBase + slopeStep * ka) * p;
          const yyRow = (j * t + ka) * t;
          let wy = 0;
          let wcy = 0;
          for (let ib = 0; ib < r; ib++) {
            const kb = patternVisits[visits + ib]!;
            const wab = patternW[w + ia * r + ib]!;
            const cellB = group * t + kb;
            const slopeB = slopeBase + slopeStep * kb;
            a[rowCell + cellB] = a[rowCell + cellB]! + n * wab;
            a[rowCell + slopeB] = a[rowCell + slopeB]! + sc * wab;
            a[rowSlope + cellB] = a[rowSlope + cellB]! + sc * wab;
            a[rowSlope + slopeB] = a[rowSlope + slopeB]! + scc * wab;
            wy += wab * statY[j * t + kb]!;
            wcy += wab * statCY[j * t + kb]!;
            yWy += wab * statYY[yyRow + kb]!;
          }
          rhs[group * t + ka] = rhs[group * t + ka]! + wy;
          rhs[slopeBase + slopeStep * ka] = rhs[slopeBase + slopeStep * ka]! + wcy;
        }
      }
    }
    this.xtvxFactor.set(a);
    if (!choleskyInPlace(this.xtvxFactor, p, SINGULAR_PIVOT)) return Number.POSITIVE_INFINITY;
    this.column.set(rhs);
    choleskySolveInPlace(this.xtvxFactor, p, rhs);
    let rhsBeta = 0;
    for (let i = 0; i < p; i++) rhsBeta += this.column[i]! * rhs[i]!;
    return logDetSum + choleskyLogDet(this.xtvxFactor, p) + (yWy - rhsBeta);
  }

  /**
   * C_P = Σ_{i∈P} r_i r_iᵀ (+ Σ_{i∈P} X_i (XᵀV⁻¹X)⁻¹ X_iᵀ with `leverage`) for every pattern, from
   * the statistics and the current β̂ (and inverse).
   */
  private residualCrossProducts(leverage: boolean): void {
    const t = this.visitCount;
    const g = this.groupCount;
    const p = this.coefficientCount;
    const beta = this.beta;
    const inv = this.xtvxInverse;
    for (let pat = 0; pat < this.patternCount; pat++) {
      const r = this.patternSize[pat]!;
      const visits = pat * t;
      const c = pat * t * t;
      this.patternC.fill(0, c, c + r * r);
      for (let group = 0; group < g; group++) {
        const j = pat * g + group;
        const n = this.statN[j]!;
        if (n === 0) continue;
        const sc = this.statC[j]!;
        const scc = this.statCC[j]!;
        for (let ia = 0; ia < r; ia++) {
          const ka = this.patternVisits[visits + ia]!;
          const cellA = group * t + ka;
          const slopeA = this.slopeIndex(ka);
          const muA = beta[cellA]!;
          const gammaA = beta[slopeA]!;
          const sy = this.statY[j * t + ka]!;
          const scy = this.statCY[j * t + ka]!;
          for (let ib = 0; ib < r; ib++) {
            const kb = this.patternVisits[visits + ib]!;
            const cellB = group * t + kb;
            const slopeB = this.slopeIndex(kb);
            const muB = beta[cellB]!;
            const gammaB = beta[slopeB]!;
            let v = this.statYY[(j * t + ka) * t + kb]! - muB * sy - gammaB * scy - muA * this.statY[j * t + kb]! - gammaA * this.statCY[j * t + kb]!;
            v += n * muA * muB + sc * (muA * gammaB + gammaA * muB) + scc * gammaA * gammaB;
            if (leverage) v += n * inv[cellA * p + cellB]! + sc * (inv[cellA * p + slopeB]! + inv[slopeA * p + cellB]!) + scc * inv[slopeA * p + slopeB]!;
            this.patternC[c + ia * r + ib] = this.patternC[c + ia * r + ib]! + v;
          }
        }
      }
    }
  }

  /** Σ_P E_P [weight·W_P − W_P C_P W_P] E_Pᵀ into `out` (T × T). */
  private embedSandwiches(weightByCount: boolean, out: Float64Array): void {
    const t = this.visitCount;
    out.fill(0);
    const wc = this.scratchA;
    for (let pat = 0; pat < this.patternCount; pat++) {
      const r = this.patternSize[pat]!;
      const visits = pat * t;
      const base = pat * t * t;
      for (let a = 0; a < r; a++) {
        for (let b = 0; b < r; b++) {
          let s = 0;
          for (let k = 0; k < r; k++) s += this.patternW[base + a * r + k]! * this.patternC[base + k * r + b]!;
          wc[a * r + b] = s;
        }
      }
      const n = weightByCount ? this.patternN[pat]! : 0;
      for (let a = 0; a < r; a++) {
        const ka = this.patternVisits[visits + a]!;
        for (let b = 0; b < r; b++) {
          let s = 0;
          for (let k = 0; k < r; k++) s += wc[a * r + k]! * this.patternW[base + k * r + b]!;
          const cell = ka * t + this.patternVisits[visits + b]!;
          out[cell] = out[cell]! + n * this.patternW[base + a * r + b]! - s;
        }
      }
    }
  }

  /** Turn ∂f/∂Σ (symmetric, in `sigmaGrad`) into ∂f/∂θ (into `out`) through Σ = (L₀L̃)(L₀L̃)ᵀ. */
  private sigmaGradientToTheta(sigmaGrad: Float64Array, out: Float64Array): void {
    const t = this.visitCount;
    const z = this.scratchB;
    // Z = 2·G·L (∂f/∂L), then ∂f/∂L̃ = L₀ᵀ·Z on the lower triangle.
    for (let i = 0; i < t; i++) {
      for (let j = 0; j < t; j++) {
        let s = 0;
        for (let k = j; k < t; k++) s += sigmaGrad[i * t + k]! * this.lFull[k * t + j]!;
        z[i * t + j] = 2 * s;
      }
    }
    let index = 0;
    for (let i = 0; i < t; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = i; k < t; k++) s += this.l0[k * t + i]! * z[k * t + j]!;
        out[index++] = i === j ? s * this.lTilde[i * t + i]! : s;
      }
    }
  }

  /** L̃ from θ, L = L₀·L̃ and Σ = L·Lᵀ. */
  private setCovariance(theta: Float64Array): void {
    const t = this.visitCount;
    let index = 0;
    this.lTilde.fill(0);
    for (let i = 0; i < t; i++) {
      for (let j = 0; j <= i; j++) this.lTilde[i * t + j] = i === j ? Math.exp(theta[index++]!) : theta[index++]!;
    }
    for (let i = 0; i < t; i++) {
      for (let j = 0; j < t; j++) {
        let s = 0;
        for (let k = j; k <= i; k++) s += this.l0[i * t + k]! * this.lTilde[k * t + j]!;
        this.lFull[i * t + j] = j <= i ? s : 0;
      }
    }
    for (let i = 0; i < t; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k <= j; k++) s += this.lFull[i * t + k]! * this.lFull[j * t + k]!;
        this.sigma[i * t + j] = s;
        this.sigma[j * t + i] = s;
      }
    }
  }

  /** D at θ, and its gradient into `gradientOut` when given; Infinity where Σ or XᵀV⁻¹X is singular. */
  evaluate(theta: Float64Array, gradientOut: Float64Array | null): number {
    this.setCovariance(theta);
    if (!this.invertPatternBlocks()) return (this.criterion = Number.POSITIVE_INFINITY);
    const d = this.assembleAndSolve();
    this.criterion = d;
    if (gradientOut === null || !Number.isFinite(d)) return d;
    choleskyInverseInto(this.xtvxFactor, this.coefficientCount, this.xtvxInverse); // consumes the factor
    this.residualCrossProducts(true);
    this.embedSandwiches(true, this.sigmaGradient);
    this.sigmaGradientToTheta(this.sigmaGradient, gradientOut);
    return d;
  }

  /**
   * L₀ from a moment estimate of Σ: ordinary least-squares residuals, cross-products averaged over
   * the subjects observed at both visits (its diagonal alone if that is not positive definite).
   * Sets θ = 0 (L̃ = I); false when even the diagonal is degenerate.
   */
  initialize(): boolean {
    const t = this.visitCount;
    this.useIdentityCovariance();
    if (!Number.isFinite(this.assembleAndSolve())) return false;
    this.residualCrossProducts(false);
    const moments = this.l0.fill(0);
    const pairs = this.sigmaGradient.fill(0);
    for (let pat = 0; pat < this.patternCount; pat++) {
      const r = this.patternSize[pat]!;
      for (let a = 0; a < r; a++) {
        for (let b = 0; b < r; b++) {
          const cell = this.patternVisits[pat * t + a]! * t + this.patternVisits[pat * t + b]!;
          moments[cell] = moments[cell]! + (this.patternC[pat * t * t + a * r + b]!);
          pairs[cell] = pairs[cell]! + this.patternN[pat]!;
        }
      }
    }
    for (let i = 0; i < t * t; i++) moments[i] = moments[i]! / pairs[i]!;
    const diagonal = this.scratchB;
    for (let i = 0; i < t; i++) diagonal[i] = moments[i * t + i]!;
    if (!choleskyInPlace(moments, t)) {
      moments.fill(0);
      for (let i = 0; i < t; i++) {
        if (!(diagonal[i]! > 0)) return false;
        moments[i * t + i] = Math.sqrt(diagonal[i]!);
      }
    }
    for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) moments[i * t + j] = 0;
    this.theta.fill(0);
    return true;
  }

  /**
   * Minimize D over θ by BFGS with a backtracking (Armijo) line search, starting from θ = 0.
   * "converged": every |∂D/∂θ| ≤ 1e-9 × subjects (θ then within about 1e-9 of the optimum), or
   * D is flat within rounding and |∂D/∂θ| ≤ 1e-5 × subjects.
   * "boundary": a diagonal element of L̃ fell below 1e-3, i.e. the variance of some visit given
   * the earlier ones is heading for zero; REML has no interior maximum then (nlme reports "false
   * convergence" on such data), typically because too few participants were observed at a visit;
   * also when the optimizer cannot go on after a diagonal element fell below 1e-2.
   */
  minimize(maxIterations: number): MinimizeOutcome {
    const q = this.covarianceParameterCount;
    const tolerance = GRADIENT_TOLERANCE_PER_SUBJECT * Math.max(1, this.contributingSubjects);
    let f = this.evaluate(this.theta, this.gradient);
    if (!Number.isFinite(f)) return { iterations: 0, status: "failed" };
    this.resetInverseHessian();
    let stalled = 0;
    for (let iteration = 1; iteration <= maxIterations; iteration++) {
      if (maxAbs(this.gradient, q) <= tolerance) return { iterations: iteration - 1, status: "converged" };
      let slope = this.setDirection();
      if (!(slope < 0)) {
        this.resetInverseHessian();
        slope = this.setDirection();
      }
      const fNew = this.lineSearch(f, slope);
      if (fNew === null) return { iterations: iteration, status: this.failureStatus() };
      // Steps within rounding of D that do not halve the gradient either: no further progress in floating point.
      stalled = this.withinRounding && maxAbs(this.gradientTrial, q) > 0.5 * maxAbs(this.gradient, q) ? stalled + 1 : 0;
      if (stalled >= 3) return { iterations: iteration, status: maxAbs(this.gradientTrial, q) <= STALLED_TOLERANCE_FACTOR * tolerance ? "converged" : this.failureStatus() };
      let sy = 0, yy = 0;
      for (let i = 0; i < q; i++) {
        this.step[i] = this.thetaTrial[i]! - this.theta[i]!;
        this.gradientChange[i] = this.gradientTrial[i]! - this.gradient[i]!;
        sy += this.step[i]! * this.gradientChange[i]!;
        yy += this.gradientChange[i]! * this.gradientChange[i]!;
      }
      if (sy > 1e-12 * Math.sqrt(yy) * maxAbs(this.step, q)) bfgsUpdate(this.inverseHessian, this.step, this.gradientChange, sy, q, this.direction);
      this.theta.set(this.thetaTrial);
      this.gradient.set(this.gradientTrial);
      f = fNew;
      if (this.smallestLogDiagonal() < BOUNDARY_LOG_DIAGONAL) return { iterations: iteration, status: "boundary" };
    }
    return { iterations: maxIterations, status: maxAbs(this.gradient, q) <= tolerance ? "converged" : this.failureStatus() };
  }

  /** A fit that stops short of the optimum while a conditional variance has already fallen 100-fold is heading for the boundary. */
  private failureStatus(): "boundary" | "failed" {
    return this.smallestLogDiagonal() < NEAR_BOUNDARY_LOG_DIAGONAL ? "boundary" : "failed";
  }

  private smallestLogDiagonal(): number {
    let smallest = Number.POSITIVE_INFINITY;
    for (let i = 0, index = 0; i < this.visitCount; index += i + 2, i++) smallest = Math.min(smallest, this.theta[index]!);
    return smallest;
  }

  private resetInverseHessian(): void {
    const q = this.covarianceParameterCount;
    // At the optimum in whitened coordinates D ≈ n·log|Σ̃| + tr(Σ̃⁻¹·S̃) with Σ̃ ≈ I: curvature about
    // 4n along a log-diagonal parameter and 2n along an off-diagonal one.
    const n = Math.max(1, this.contributingSubjects);
    this.inverseHessian.fill(0);
    let index = 0;
    for (let i = 0; i < this.visitCount; i++) {
      for (let j = 0; j <= i; j++, index++) this.inverseHessian[index * q + index] = i === j ? 1 / (4 * n) : 1 / (2 * n);
    }
  }

  /** direction = −H·g, shortened so that no parameter moves by more than MAX_STEP; returns gᵀ·direction. */
  private setDirection(): number {
    const q = this.covarianceParameterCount;
    let longest = 0;
    for (let i = 0; i < q; i++) {
      let s = 0;
      for (let j = 0; j < q; j++) s -= this.inverseHessian[i * q + j]! * this.gradient[j]!;
      this.direction[i] = s;
      longest = Math.max(longest, Math.abs(s));
    }
    const shrink = longest > MAX_STEP ? MAX_STEP / longest : 1;
    let slope = 0;
    for (let i = 0; i < q; i++) {
      this.direction[i] = this.direction[i]! * shrink;
      slope += this.direction[i]! * this.gradient[i]!;
    }
    return slope;
  }

  /** Backtracking from the full step until D decreases enough (Armijo, c = 1e-4); the accepted point is in thetaTrial. */
  private lineSearch(f: number, slope: number): number | null {
    const q = this.covarianceParameterCount;
    let alpha = 1;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let i = 0; i < q; i++) this.thetaTrial[i] = this.theta[i]! + alpha * this.direction[i]!;
      const fNew = this.evaluate(this.thetaTrial, this.gradientTrial);
      // Near the optimum D changes by less than its rounding error (about 1e-13 relative here).
      this.withinRounding = Math.abs(fNew - f) <= ROUNDING_RELATIVE * Math.max(1, Math.abs(f));
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * alpha * slope) return fNew;
      // Accept a step that does not increase D beyond rounding and reduces the slope along the direction.
      if (this.withinRounding && Math.abs(dot(this.gradientTrial, this.direction, q)) < Math.abs(slope)) return fNew;
      // Minimizer of the quadratic through f, the slope and fNew, kept within [0.1, 0.5]·alpha.
      const quadratic = Number.isFinite(fNew) ? (-slope * alpha * alpha) / (2 * (fNew - f - slope * alpha)) : 0.1 * alpha;
      alpha = Math.min(0.5 * alpha, Math.max(0.1 * alpha, quadratic));
    }
    return null;
  }

  /** Hessian of D at θ by central differences of the gradient (symmetrized); restores the state at θ. */
  computeHessian(): void {
    const q = this.covarianceParameterCount;
    for (let k = 0; k < q; k++) {
      const saved = this.theta[k]!;
      this.theta[k] = saved + HESSIAN_STEP;
      this.evaluate(this.theta, this.gradientPlus);
      this.theta[k] = saved - HESSIAN_STEP;
      this.evaluate(this.theta, this.gradientTrial);
      this.theta[k] = saved;
      for (let i = 0; i < q; i++) this.hessianFactor[i * q + k] = (this.gradientPlus[i]! - this.gradientTrial[i]!) / (2 * HESSIAN_STEP);
    }
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < i; j++) {
        const m = 0.5 * (this.hessianFactor[i * q + j]! + this.hessianFactor[j * q + i]!);
        this.hessianFactor[i * q + j] = m;
        this.hessianFactor[j * q + i] = m;
      }
    }
    this.evaluate(this.theta, this.gradient);
    if (!choleskyInPlace(this.hessianFactor, q)) this.hessianFactor.fill(Number.NaN);
  }

  /** Variance of cᵀβ̂ for c = e(group, visit) − e(0, visit). */
  differenceVariance(group: number, visit: number): number {
    const p = this.coefficientCount;
    const a = this.cellIndex(group, visit);
    const b = this.cellIndex(0, visit);
    return this.xtvxInverse[a * p + a]! + this.xtvxInverse[b * p + b]! - 2 * this.xtvxInverse[a * p + b]!;
  }

  /**
   * Satterthwaite's df for the difference group − reference at a visit, after computeHessian();
   * NaN when the Hessian is not positive definite.
   */
  satterthwaiteDf(group: number, visit: number): number {
    const q = this.covarianceParameterCount;
    const p = this.coefficientCount;
    if (Number.isNaN(this.hessianFactor[0]!)) return Number.NaN;
    const u = this.column;
    const a = this.cellIndex(group, visit);
    const b = this.cellIndex(0, visit);
    for (let i = 0; i < p; i++) u[i] = this.xtvxInverse[i * p + a]! - this.xtvxInverse[i * p + b]!;
    const v = u[a]! - u[b]!;
    this.leverageProducts(u);
    this.embedSandwiches(false, this.sigmaGradient);
    // embedSandwiches gives −Σ W Q W; dv/dΣ = +Σ W Q W.
    for (let i = 0; i < this.sigmaGradient.length; i++) this.sigmaGradient[i] = -this.sigmaGradient[i]!;
    this.sigmaGradientToTheta(this.sigmaGradient, this.contrastGradient);
    this.hessianSolve.set(this.contrastGradient);
    choleskySolveInPlace(this.hessianFactor, q, this.hessianSolve);
    let quadratic = 0;
    for (let i = 0; i < q; i++) quadratic += this.contrastGradient[i]! * this.hessianSolve[i]!;
    return (v * v) / quadratic;
  }

  /** C_P = Σ_{i∈P} (X_i u)(X_i u)ᵀ for every pattern. */
  private leverageProducts(u: Float64Array): void {
    const t = this.visitCount;
    const g = this.groupCount;
    for (let pat = 0; pat < this.patternCount; pat++) {
      const r = this.patternSize[pat]!;
      const visits = pat * t;
      const c = pat * t * t;
      this.patternC.fill(0, c, c + r * r);
      for (let group = 0; group < g; group++) {
        const j = pat * g + group;
        const n = this.statN[j]!;
        if (n === 0) continue;
        const sc = this.statC[j]!;
        const scc = this.statCC[j]!;
        for (let ia = 0; ia < r; ia++) {
          const ka = this.patternVisits[visits + ia]!;
          const cellA = u[group * t + ka]!;
          const slopeA = u[this.slopeIndex(ka)]!;
          for (let ib = 0; ib < r; ib++) {
            const kb = this.patternVisits[visits + ib]!;
            const cellB = u[group * t + kb]!;
            const slopeB = u[this.slopeIndex(kb)]!;
            this.patternC[c + ia * r + ib] = this.patternC[c + ia * r + ib]! + (n * cellA * cellB + sc * (cellA * slopeB + slopeA * cellB) + scc * slopeA * slopeB);
          }
        }
      }
    }
  }
}

function dot(x: Float64Array, y: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]! * y[i]!;
  return s;
}

function maxAbs(x: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/(sᵀy) (Nocedal & Wright 2006, eq. 6.17); `hy` is scratch. */
function bfgsUpdate(h: Float64Array, s: Float64Array, y: Float64Array, sy: number, q: number, hy: Float64Array): void {
  const rho = 1 / sy;
  let yhy = 0;
  for (let i = 0; i < q; i++) {
    let v = 0;
    for (let j = 0; j < q; j++) v += h[i * q + j]! * y[j]!;
    hy[i] = v;
    yhy += y[i]! * v;
  }
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      h[i * q + j] = h[i * q + j]! + (-rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + (rho * rho * yhy + rho) * s[i]! * s[j]!);
    }
  }
}
