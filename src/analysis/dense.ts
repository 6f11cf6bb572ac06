/**
 * Small dense linear algebra on row-major square matrices held in caller-owned Float64Arrays, for
 * the inner loops of model fitting (nothing is allocated). The Cholesky routines read and write
 * only the lower triangle, so a matrix and its factor can share storage.
 */

/**
 * Overwrite the lower triangle of the symmetric n × n matrix `a` (row-major, stride n) with its
 * Cholesky factor L (A = L·Lᵀ; Golub & Van Loan 2013, alg. 4.2.1); false if A is not positive
 * definite, or if a pivot falls to `relativeTolerance` × its diagonal element or below (A then is
 * singular to working precision, e.g. a covariate that is constant within a cell).
 */
export function choleskyInPlace(a: Float64Array, n: number, relativeTolerance = 0): boolean {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j]!;
    const floor = relativeTolerance * diagonal;
    for (let k = 0; k < j; k++) diagonal -= a[j * n + k]! * a[j * n + k]!;
    if (!(diagonal > floor)) return false;
    const ljj = Math.sqrt(diagonal);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

/** log det A = 2·Σ log L_ii from the Cholesky factor in the lower triangle of `l`. */
export function choleskyLogDet(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]!);
  return 2 * s;
}

/** Solve A·x = b in place (b becomes x) given A's Cholesky factor in the lower triangle of `l`. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/**
 * The full symmetric inverse A⁻¹ = L⁻ᵀ·L⁻¹ from A's Cholesky factor in the lower triangle of `l`,
 * written to `out` from `offset` on (n × n, row-major). The lower triangle of `l` is overwritten
 * with L⁻¹ (so A's factor is consumed); about n³/3 multiplications.
 */
export function choleskyInverseInto(l: Float64Array, n: number, out: Float64Array, offset = 0): void {
  // L⁻¹ in place, column by column (forward substitution on the unit vectors).
  for (let j = 0; j < n; j++) {
    l[j * n + j] = 1 / l[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k]! * l[k * n + j]!;
      l[i * n + j] = s / l[i * n + i]!;
    }
  }
  // (L⁻ᵀ L⁻¹)_ij = Σ_{k ≥ max(i, j)} L⁻¹_ki L⁻¹_kj.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += l[k * n + i]! * l[k * n + j]!;
      out[offset + i * n + j] = s;
      out[offset + j * n + i] = s;
    }
  }
}
