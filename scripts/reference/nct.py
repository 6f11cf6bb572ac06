"""Reference values for the noncentral t distribution function (test/fixtures/nct.json).

Two independent sources for every case:
  * SciPy's scipy.stats.nct.cdf / .sf (Boost's non_central_t, series in the incomplete beta);
  * a direct numerical integration with scipy.integrate.quad over the normal variable, using the
    chi-square survival function (a different representation from the library's, which integrates
    over the chi-square variable):
        T = (Z + ncp) / sqrt(V / df),  Z ~ N(0, 1),  V ~ chi2(df)
        t > 0:  P(T <= t) = Phi(-ncp) + int_{-ncp}^{inf} phi(z) Q(df/2, df (z + ncp)^2 / (2 t^2)) dz
        t < 0:  P(T <= t) =              int_{-inf}^{-ncp} phi(z) P(df/2, df (z + ncp)^2 / (2 t^2)) dz
    (P and Q the regularized lower and upper incomplete gamma functions; P(T > t) swaps them,
    so small upper tails keep their relative accuracy).
The integration is the reference ("cdf", "upper"); the script asserts that Boost agrees with it
to 1e-11 absolute wherever both are finite, and, for the cases with "mpmathCdf", that a 25-digit
mpmath quadrature agrees to 1e-14. R's pt() is not used here: for |ncp| > 37.62 it switches to a
normal approximation (Abramowitz & Stegun 26.7.10), which is what the library improves on.

Run from the repository root:  python3 scripts/reference/nct.py > test/fixtures/nct.json
(SciPy >= 1.10, mpmath; neither is needed in CI).
"""
import json
import math
import sys

import mpmath
import numpy as np
import scipy
from scipy import integrate, optimize, special, stats

Z_MAX = 40.0  # phi(40) ~ 1e-349: nothing beyond contributes in double precision


def phi(z):
    return math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)


def integrate_pieces(f, a, b, marks):
    """quad over [a, b] split at the given interior points, tight tolerances."""
    pts = sorted({a, b, *[m for m in marks if a < m < b]})
    total = 0.0
    for lo, hi in zip(pts[:-1], pts[1:]):
        val, _err = integrate.quad(f, lo, hi, epsabs=1e-300, epsrel=1e-14, limit=1000)
        total += val
    return total


def nct_by_quad(t, df, ncp):
    """(lower, upper) tail probabilities of the noncentral t by integrating over Z."""
    a = df / 2.0
    if t == 0:
        return float(special.ndtr(-ncp)), float(special.ndtr(ncp))
    k = df / (2.0 * t * t)
    # Q(a, k (z + ncp)^2) steps from 1 to 0 where (z + ncp) / t crosses sqrt(V/df) ~ 1 (width ~ |t| / sqrt(2 df)).
    centre = t - ncp
    width = abs(t) / math.sqrt(2 * df) if df > 0 else 1.0
    marks = [0.0, centre] + [centre + s * width for s in (-8, -4, -2, -1, 1, 2, 4, 8)] + [float(x) for x in range(-8, 9)]

    def q_upper(z):
        return phi(z) * special.gammaincc(a, k * (z + ncp) ** 2)

    def q_lower(z):
        return phi(z) * special.gammainc(a, k * (z + ncp) ** 2)

    if t > 0:
        lo, hi = max(-ncp, -Z_MAX), Z_MAX
        lower_part = integrate_pieces(q_upper, lo, hi, marks) if lo < hi else 0.0
        upper_part = integrate_pieces(q_lower, lo, hi, marks) if lo < hi else 0.0
        return float(special.ndtr(-ncp)) + lower_part, upper_part
    # t < 0: Z + ncp <= t S needs Z + ncp <= 0 and S <= (Z + ncp) / t.
    lo, hi = -Z_MAX, min(-ncp, Z_MAX)
    lower_part = integrate_pieces(q_lower, lo, hi, marks) if lo < hi else 0.0
    upper_part = integrate_pieces(q_upper, lo, hi, marks) if lo < hi else 0.0
    return lower_part, float(special.ndtr(ncp)) + upper_part


def nct_by_mpmath(t, df, ncp, dps=25):
    """25-digit check: P(T <= t) = E_V[Phi(t sqrt(V/df) - ncp)] integrated over w = log(V/df),
    whose density is a^a exp(a w - a e^w) / Gamma(a), a = df/2 (range: density above e^-80 of its peak)."""
    mpmath.mp.dps = dps
    t, df, ncp = mpmath.mpf(t), mpmath.mpf(df), mpmath.mpf(ncp)
    a = df / 2
    logc = a * mpmath.log(a) - mpmath.loggamma(a)

    def dens(w):
        return mpmath.exp(logc + a * w - a * mpmath.exp(w))

    def low(w):
        return dens(w) * mpmath.ncdf(t * mpmath.exp(w / 2) - ncp)

    def upp(w):
        return dens(w) * mpmath.ncdf(ncp - t * mpmath.exp(w / 2))

    c = 80 / a
    hi = mpmath.findroot(lambda w: mpmath.expm1(w) - w - c, mpmath.log(1 + c) + 1)
    lo = mpmath.findroot(lambda w: mpmath.expm1(w) - w - c, -1 - c)
    pts = [lo, hi, 0]
    if t != 0 and ncp / t > 0:
        wc = 2 * mpmath.log(ncp / t)
        pts += [wc + d for d in (-0.3, -0.05, 0, 0.05, 0.3)]
    pts = sorted(p for p in set(pts) if lo <= p <= hi)
    return float(mpmath.quad(low, pts, maxdegree=10)), float(mpmath.quad(upp, pts, maxdegree=10))


def typical_t(df, ncp, z):
    """A t value z 'standard deviations' from the centre of the distribution (so the CDF is not 0 or 1)."""
    sd = math.sqrt(1 + ncp * ncp / (2 * df))
    return round(ncp + z * sd, 4)


special_cases = [
    # (t, df, ncp, label)
    (51.4768, 5, 49.1284, "reproduction: R's pt gives 0.49448 (normal approximation), exact 0.47280"),
    (34.959805950956216, 247, 39.770118127084416, "upper ncp of the d = 4.45 (n 113/136) interval"),
    (40, 10, 38, "just above R's switch"),
    (37, 30, 37.6, "just below R's switch"),
    (45, 20, 45, ""),
    (60, 100, 55, ""),
    (100, 3, 80, ""),
    (10, 1, 39, "df = 1, large ncp"),
    (-50, 8, -45, "negative t and ncp"),
    (-40, 5, -38.5, ""),
    (38, 1e5, 38.5, "df = 1e5"),
    (300, 1e5, 300, ""),
    (250, 2, 200, ""),
    (1.5, 10, 1, ""),
    (-2, 5, 0.5, ""),
    (2, 1, 1, ""),
    (0.5, 1e5, 0.3, ""),
    (0.5, 20, 8, "small lower tail"),
    (8, 40, 6, ""),
    (-3, 4, 1, "negative t, small lower tail"),
    (-10, 30, -5, ""),
    (2.5, 150, -5, "tiny upper tail (R: 9.85e-14)"),
    (0, 12, 2.5, "t = 0"),
    (3, 2.5, 2, "fractional df"),
    (20, 60, 40, "lower tail far out"),
    (55, 60, 40, "upper tail far out"),
]

grid_df = [1, 2, 5, 30, 1000, 1e5]
grid_ncp = [-60, -38, -5, 0.5, 10, 37, 39, 50, 120]
grid_z = [-3, 0, 2]

mp_checked = {0, 1, 2, 8, 10, 17, 19, 21, 24, 25}


def case(t, df, ncp, label, with_mpmath):
    lower, upper = nct_by_quad(t, df, ncp)
    boost_lower = float(stats.nct.cdf(t, df, ncp))
    boost_upper = float(stats.nct.sf(t, df, ncp))
    for ours, theirs, tail in ((lower, boost_lower, "cdf"), (upper, boost_upper, "sf")):
        if math.isfinite(theirs) and abs(ours - theirs) > 1e-11:
            sys.exit(f"quad and Boost disagree for {tail}(t={t}, df={df}, ncp={ncp}): {ours} vs {theirs}")
    if abs(lower + upper - 1) > 1e-14:
        sys.exit(f"tails do not add to 1 for t={t}, df={df}, ncp={ncp}: {lower} + {upper}")
    # Boost returns NaN for a few extreme cases (df = 1 with t far below 0, ...): recorded as null.
    finite_or_none = lambda v: v if math.isfinite(v) else None
    out = {"t": t, "df": df, "ncp": ncp, "cdf": lower, "upper": upper,
           "boostCdf": finite_or_none(boost_lower), "boostUpper": finite_or_none(boost_upper)}
    if with_mpmath:
        mp_lower, mp_upper = nct_by_mpmath(t, df, ncp)
        if abs(mp_lower - lower) > 1e-14 or abs(mp_upper - upper) > 1e-14 + 1e-10 * upper:
            sys.exit(f"quad and mpmath disagree for t={t}, df={df}, ncp={ncp}: {lower}/{upper} vs {mp_lower}/{mp_upper}")
        out["mpmathCdf"] = mp_lower
        out["mpmathUpper"] = mp_upper
    if label:
        out["label"] = label
    return out


cases = [case(t, df, ncp, label, i in mp_checked) for i, (t, df, ncp, label) in enumerate(special_cases)]
for df in grid_df:
    for ncp in grid_ncp:
        for z in grid_z:
            cases.append(case(typical_t(df, ncp, z), df, ncp, "", False))



def d_interval(d, n1, n2, conf):
    """Noncentral-t interval for Cohen's d (Steiger & Fouladi 1997): the ncp values at which the
    observed t = d / sqrt(1/n1 + 1/n2) sits at the upper and lower alpha/2 points, times that scale.
    Roots of the quad-based CDF; Boost's roots must agree to 1e-10."""
    scale = math.sqrt(1 / n1 + 1 / n2)
    t_obs, df, alpha = d / scale, n1 + n2 - 2, 1 - conf
    limits = {}
    for name, target in (("lower", 1 - alpha / 2), ("upper", alpha / 2)):
        root = optimize.brentq(lambda ncp: nct_by_quad(t_obs, df, ncp)[0] - target, t_obs - 20, t_obs + 20, xtol=1e-13, rtol=1e-15)
        boost_root = optimize.brentq(lambda ncp: stats.nct.cdf(t_obs, df, ncp) - target, t_obs - 20, t_obs + 20, xtol=1e-13, rtol=1e-15)
        if abs(root - boost_root) > 1e-10:
            sys.exit(f"d interval: quad root {root} and Boost root {boost_root} disagree")
        limits[name] = root * scale
    return {"d": d, "n1": n1, "n2": n2, "confLevel": conf, "ciLower": limits["lower"], "ciUpper": limits["upper"]}


intervals = [
    # R 4.2.2 (uniroot on pt, tol 1e-13) gives 3.840737083, 5.056616712 for 99% and 3.983730566,
    # 4.910501408 for 95%: its upper limits come from the normal approximation (ncp > 37.62).
    {**d_interval(4.45, 113, 136, 0.99), "rLimits": [3.840737083, 5.056616712]},
    {**d_interval(4.45, 113, 136, 0.95), "rLimits": [3.983730566, 4.910501408]},
    d_interval(3.2, 300, 300, 0.95),
    d_interval(6.0, 20, 20, 0.95),
]

repro = cases[0]
assert abs(repro["cdf"] - 0.47280) < 5e-6, repro

print(json.dumps({
    "generatedBy": "scripts/reference/nct.py",
    "scipyVersion": scipy.__version__,
    "numpyVersion": np.__version__,
    "mpmathVersion": mpmath.__version__,
    "cases": cases,
    "effectSizeIntervals": intervals,
}, indent=1, allow_nan=False))
