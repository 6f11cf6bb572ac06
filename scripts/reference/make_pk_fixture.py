"""Reference concentrations for the TypeScript PK solver, from the SciPy implementation.

    cd scripts/reference && /usr/bin/python3 make_pk_fixture.py > ../../test/fixtures/pk-reference.json

Uses the fitted typical parameters in pk-fit.json. Each scenario lists doses, output times and
the concentration (ng/mL), active CYP2D6 fraction and cumulative AUC (ng.h/mL) at each time,
integrated with DOP853 at rtol 1e-12.
"""
import json
import numpy as np
import pk_model

fit = json.load(open("pk-fit.json"))
base = dict(fit["parameters"])
pk_model.NTR = fit["structure"]["transitCompartments"]

scenarios = [
    ("75 mg", {}, [(0.0, 75.0)], np.arange(0, 24.01, 0.5)),
    ("125 mg", {}, [(0.0, 125.0)], np.arange(0, 24.01, 0.5)),
    ("125 mg + 62.5 mg at 2 h", {}, [(0.0, 125.0), (2.0, 62.5)], np.arange(0, 24.01, 0.25)),
    ("100 mg at 0 and 24 h", {}, [(0.0, 100.0), (24.0, 100.0)], np.arange(0, 48.01, 1.0)),
    ("125 mg, poor metabolizer", {"a": 0.0}, [(0.0, 125.0)], np.arange(0, 24.01, 1.0)),
    ("125 mg, enzyme 40% active at start", {"E0": 0.4}, [(0.0, 125.0)], np.arange(0, 24.01, 1.0)),
]
out = {"generatedBy": "scripts/reference/make_pk_fixture.py", "parameters": base, "transitCompartments": pk_model.NTR, "scenarios": []}
for (name, extra, doses, times) in scenarios:
    p = dict(base, **extra)
    c, e, auc = pk_model.simulate(p, doses, times, rtol=1e-12, atol=1e-14)
    out["scenarios"].append({
        "name": name,
        "activity": extra.get("a", 1.0),
        "initialEnzyme": extra.get("E0", 1.0),
        "doses": [{"timeH": t, "mg": mg} for (t, mg) in doses],
        "timesH": [float(x) for x in times],
        "concentrationNgPerMl": [float(x) for x in c],
        "enzymeActivity": [float(x) for x in e],
        "aucNgHPerMl": [float(x) for x in auc],
    })
print(json.dumps(out, indent=1))
