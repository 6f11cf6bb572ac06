"""Reference quantiles for the calibration's conjugate posteriors (test/calibration/shipped.slow.test.ts).

Dropout: Beta(0.5, 0.5) prior, 1 dropout in 138 participant-visits at risk -> Beta(1.5, 137.5).
Relapse: Jeffreys Gamma(0.5, 0) prior, 2 relapses over 16 * (10/12) * 45.4 / 12 responder-years
-> Gamma(shape 2.5, rate 50.4444...). Run: python3 scripts/reference/conjugate.py (SciPy).
"""
import json
from scipy import stats

person_years = 16 * (10 / 12) * 45.4 / 12
out = {
    "dropout": {p: float(stats.beta.ppf(p, 1.5, 137.5)) for p in (0.05, 0.5, 0.95)},
    "relapse": {p: float(stats.gamma.ppf(p, 2.5, scale=1 / person_years)) for p in (0.05, 0.5, 0.95)},
    "personYears": person_years,
}
print(json.dumps(out, indent=2))
