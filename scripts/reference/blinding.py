"""Reference values for the blinding indices (test/fixtures/blinding.json).

Independent of the library's closed-form variances: each index is written here as a function of
the cell proportions of a multinomial table, differentiated symbolically (SymPy), and its variance
taken by the multinomial delta method, Var = g' (diag(p) - p p') g / n. The estimates follow the
definitions in the papers:

  Bang, Ni & Davis (2004), Control Clin Trials 25:143-156: per arm, with n_c correct guesses,
  n_i incorrect guesses and n_dk "don't know" among n = n_c + n_i + n_dk,
      BI = (2 n_c / (n_c + n_i) - 1) (n_c + n_i) / n  =  (n_c - n_i) / n.
  James, Bloch, Lee, Kraemer & Fuller (1996), Stat Med 15:1421-1434: overall, with proportions
  P_ij of the whole table (guess i in {treated, control}, arm j), guess margins P_i., arm margins
  P_.j, "don't know" shares P_DKj and P_DK, and weights w = 0 (correct), 1/2 (incorrect),
      P_o = sum_ij w_ij P_ij / (1 - P_DK)
      P_e = sum_ij w_ij P_i. (P_.j - P_DKj) / (1 - P_DK)^2
      kappa = (P_o - P_e) / P_e,   BI = (1 + P_DK + (1 - P_DK) kappa) / 2.

Confidence limits: estimate +- z SE (normal), as in both papers; one-sided limits fix the other
end at the index's bound. Run from the repository root:
    python3 scripts/reference/blinding.py > test/fixtures/blinding.json
(SymPy, SciPy; not needed in CI).
"""
import json

import sympy as sp
from scipy import stats

# Cell order: arm treated (guessed treated, guessed control, don't know), arm control (same).
p = sp.symbols("p0:6", nonnegative=True)
TT, TC, TD, CT, CC, CD = p  # T/C arm, then the guess


def james_expression():
    guess_treated = TT + CT  # P_T.
    guess_control = TC + CC  # P_C.
    arm_treated, arm_control = TT + TC + TD, CT + CC + CD
    p_dk = TD + CD
    weights = {(0, 0): 0, (0, 1): sp.Rational(1, 2), (1, 0): sp.Rational(1, 2), (1, 1): 0}
    cell = {(0, 0): TT, (0, 1): CT, (1, 0): TC, (1, 1): CC}  # (guess, arm)
    guess_margin = {0: guess_treated, 1: guess_control}
    arm_guessed = {0: arm_treated - TD, 1: arm_control - CD}  # P_.j - P_DKj
    p_o = sum(weights[k] * cell[k] for k in cell) / (1 - p_dk)
    p_e = sum(weights[(i, j)] * guess_margin[i] * arm_guessed[j] for (i, j) in cell) / (1 - p_dk) ** 2
    kappa = (p_o - p_e) / p_e
    return (1 + p_dk + (1 - p_dk) * kappa) / 2


JAMES = james_expression()
JAMES_GRADIENT = [sp.diff(JAMES, v) for v in p]

# Bang's index for one arm from that arm's own proportions (correct, incorrect, don't know).
q = sp.symbols("q0:3", nonnegative=True)
BANG = (2 * q[0] / (q[0] + q[1]) - 1) * (q[0] + q[1]) / (q[0] + q[1] + q[2])
BANG_GRADIENT = [sp.diff(BANG, v) for v in q]


def delta_variance(gradient, symbols, probs, n):
    """Multinomial delta method: g' (diag(p) - p p') g / n, g the gradient at the observed proportions (exact rationals)."""
    at = dict(zip(symbols, probs))
    g = [d.subs(at) for d in gradient]
    k = len(probs)
    var = sum(g[a] * ((probs[a] if a == b else 0) - probs[a] * probs[b]) * g[b] for a in range(k) for b in range(k))
    return sp.N(sp.simplify(var / n), 30)


def limits(estimate, se, conf, alternative, bounds):
    lo_bound, hi_bound = bounds
    if alternative == "two-sided":
        z = stats.norm.ppf(1 - (1 - conf) / 2)
        return estimate - z * se, estimate + z * se
    z = stats.norm.ppf(conf)
    if alternative == "greater":
        return estimate - z * se, hi_bound
    return lo_bound, estimate + z * se


def bang_arm(correct, incorrect, dont_know, conf, alternative):
    n = correct + incorrect + dont_know
    probs = [sp.Rational(correct, n), sp.Rational(incorrect, n), sp.Rational(dont_know, n)]
    estimate = float(sp.Rational(correct - incorrect, n))
    se = float(sp.sqrt(delta_variance(BANG_GRADIENT, q, probs, n)))
    lo, hi = limits(estimate, se, conf, alternative, (-1.0, 1.0))
    return {"estimate": estimate, "se": se, "ciLower": lo, "ciUpper": hi, "n": n}


def james(counts, conf, alternative):
    n = sum(counts)
    if counts[2] + counts[5] == n:
        # Only "don't know": James (1996, p. 1425) sets the index to 1 with SE 0.
        estimate, se = 1.0, 0.0
    else:
        probs = [sp.Rational(c, n) for c in counts]
        estimate = float(sp.N(JAMES.subs(dict(zip(p, probs))), 30))
        se = float(sp.sqrt(delta_variance(JAMES_GRADIENT, p, probs, n)))
    lo, hi = limits(estimate, se, conf, alternative, (0.0, 1.0))
    return {"estimate": estimate, "se": se, "ciLower": lo, "ciUpper": hi}


tables = [
    # (label, treated arm: guessed treated, guessed control, don't know; control arm: same)
    ("CRISP (Bang et al. 2004, table 7)", (82, 25, 170), (27, 29, 83)),
    ("Houweling et al. 2014, table 2: investigators", (48, 4, 330), (22, 30, 319)),
    ("Houweling et al. 2014, table 2: research coordinators", (94, 11, 289), (52, 44, 284)),
    ("Houweling et al. 2014, table 2: patients", (143, 14, 188), (104, 57, 175)),
    ("small trial, strong unblinding", (11, 1, 0), (2, 6, 0)),
    ("no don't-know option", (30, 10, 0), (12, 28, 0)),
    ("opposite guessing", (3, 15, 2), (14, 4, 2)),
    ("random guessing", (10, 10, 5), (10, 10, 5)),
    ("unequal arms, many don't know", (20, 5, 60), (3, 4, 15)),
    ("everyone guesses treated", (25, 0, 0), (25, 0, 0)),
]

settings = [(0.95, "two-sided"), (0.95, "greater"), (0.95, "less"), (0.90, "two-sided")]

cases = []
for label, treated, control in tables:
    for conf, alternative in settings:
        cases.append({
            "label": label,
            "treated": {"guessedTreated": treated[0], "guessedControl": treated[1], "dontKnow": treated[2]},
            "control": {"guessedTreated": control[0], "guessedControl": control[1], "dontKnow": control[2]},
            "confLevel": conf,
            "alternative": alternative,
            # Bang: correct guesses are "treated" in the treated arm and "control" in the control arm.
            "bang": {
                "treated": bang_arm(treated[0], treated[1], treated[2], conf, alternative),
                "control": bang_arm(control[1], control[0], control[2], conf, alternative),
            },
            "james": james(list(treated) + list(control), conf, alternative),
        })

all_dont_know = {
    "label": "only don't know (James 1996: index 1, SE 0)",
    "treated": {"guessedTreated": 0, "guessedControl": 0, "dontKnow": 12},
    "control": {"guessedTreated": 0, "guessedControl": 0, "dontKnow": 9},
    "confLevel": 0.95,
    "alternative": "two-sided",
    "james": james([0, 0, 12, 0, 0, 9], 0.95, "two-sided"),
}

print(json.dumps({
    "generatedBy": "scripts/reference/blinding.py",
    "sympyVersion": sp.__version__,
    "cases": cases,
    "allDontKnow": all_dont_know,
}, indent=1, allow_nan=False))
