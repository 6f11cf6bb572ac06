"""Reference implementation of the library's MDMA pharmacokinetic model (SciPy).

An independent implementation of the equations in src/pk/model.ts, used to fit the model's
typical parameters to published summary figures (fit_pk.py) and to produce the fixtures the
TypeScript solver is tested against (make_pk_fixture.py).

Absorption through a chain of NTR transit compartments (Savic et al. 2007) into a gut
compartment, then first-order into a single central compartment. Clearance has a CYP2D6 part
that MDMA inactivates (mechanism-based inhibition) and a part that it does not:

  dT1/dt = -ktr T1                      (each dose is added to T1)
  dTk/dt = ktr (T(k-1) - Tk)            k = 2..NTR
  dAg/dt = ktr T_NTR - ka Ag
  dAc/dt = ka Ag - (CLo + CLd * a * E) / V * Ac
  dE/dt  = kdeg (1 - E) - kinact * C / (KI + C) * E,    C = Ac / V (mg/L)
  dAUC/dt = 1000 C                      (ng.h/mL)

ktr = (NTR + 1) / MTT. Concentration in ng/mL is 1000 C. `a` is the CYP2D6 activity factor of
the participant's metabolizer phenotype (1 for normal metabolizers). With NTR = 0 doses go
straight into Ag.
"""
import numpy as np
from scipy.integrate import solve_ivp

NTR = 3


def rhs(t, y, p):
    n = p.get("ntr", NTR)
    ktr = (n + 1) / p["MTT"] if n > 0 else 0.0
    v = p["V"]
    ag, ac, e = y[n], y[n + 1], y[n + 2]
    c = ac / v
    cl = p["CLo"] + p["CLd"] * p.get("a", 1.0) * e
    d = np.zeros_like(y)
    if n > 0:
        d[0] = -ktr * y[0]
        for k in range(1, n):
            d[k] = ktr * (y[k - 1] - y[k])
        d[n] = ktr * y[n - 1] - p["ka"] * ag
    else:
        d[n] = -p["ka"] * ag
    d[n + 1] = p["ka"] * ag - cl / v * ac
    d[n + 2] = p["kdeg"] * (1.0 - e) - p["kinact"] * c / (p["KI"] + c) * e
    d[n + 3] = 1000.0 * c
    return d


def simulate(p, doses, t_eval, rtol=1e-11, atol=1e-13):
    """doses: list of (time_h, mg); t_eval sorted, >= 0. Returns (conc ng/mL, E, AUC) at t_eval."""
    n = p.get("ntr", NTR)
    y = np.zeros(n + 4)
    y[n + 2] = p.get("E0", 1.0)
    t = 0.0
    t_eval = np.asarray(t_eval, dtype=float)
    out = np.zeros((3, len(t_eval)))
    pending = sorted(doses)
    segments = [d[0] for d in pending] + [t_eval[-1]]

    def record(mask, ys):
        out[0, mask] = 1000.0 * ys[n + 1] / p["V"]
        out[1, mask] = ys[n + 2]
        out[2, mask] = ys[n + 3]

    di = 0
    for t_end in segments:
        t_end = min(t_end, t_eval[-1])
        if t_end > t:
            sol = solve_ivp(rhs, (t, t_end), y, args=(p,), method="DOP853", rtol=rtol, atol=atol, dense_output=True)
            mask = (t_eval > t) & (t_eval <= t_end)
            if mask.any():
                record(mask, sol.sol(t_eval[mask]))
            y = sol.y[:, -1].copy()
            t = t_end
        mask0 = t_eval == t
        if mask0.any():
            record(mask0, y[:, None])
        while di < len(pending) and pending[di][0] <= t:
            y[0] += pending[di][1]
            di += 1
    return out[0], out[1], out[2]


def summary(p, dose_mg, horizon=24.0, dt=0.001):
    t = np.arange(0.0, horizon + dt / 2, dt)
    c, _, auc = simulate(p, [(0.0, dose_mg)], t)
    i = int(np.argmax(c))
    sel = (t >= 12) & (t <= 24)
    slope = np.polyfit(t[sel], np.log(c[sel]), 1)[0]
    return {"cmax": c[i], "tmax": t[i], "auc24": auc[-1], "thalf": np.log(2) / -slope}


def redose(p, dose_mg=100.0, gap=24.0, dt=0.001):
    t = np.arange(0.0, 2 * gap + dt / 2, dt)
    c, _, auc = simulate(p, [(0.0, dose_mg), (gap, dose_mg)], t)
    k = int(round(gap / dt))
    auc1 = auc[k]
    auc2 = auc[-1] - auc[k]
    return {"aucRatio": auc2 / auc1, "cmaxRatio": c[k:].max() / c[: k + 1].max()}
