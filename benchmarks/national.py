"""The uncertain inputs the benchmarks give the national synthetic scenario (which has
none of its own): growth, effect and delay intervals like mse-2016's, on its pods and
initiatives."""

import pandas as pd

NATIONAL_INTERVALS = pd.DataFrame([
    {"kind": "growth", "pod": pod, "initiative": "", "distribution": "normal",
     "p10": rate - 0.6, "p90": rate + 0.6, "source": "synthetic"}
    for pod, rate in [("ae", 2.3), ("elective", 3.3), ("daycase", 3.3),
                      ("non_elective", 2.3), ("outpatient", 3.3)]] + [
    {"kind": "effect", "pod": pod, "initiative": ini, "distribution": "logitnormal",
     "p10": 0.75 * pct, "p90": 1.25 * pct, "source": "synthetic"}
    for ini, pod, pct in [("frailty", "non_elective", 11), ("ltc", "non_elective", 3),
                          ("ltc", "outpatient", 5), ("pathways", "outpatient", 11),
                          ("pathways", "elective", 3.4), ("urgent_care", "ae", 13)]] + [
    {"kind": "delay", "pod": "", "initiative": ini, "distribution": "normal", "p10": 0.0,
     "p90": 1.0, "source": "synthetic"} for ini in ("frailty", "ltc", "pathways", "urgent_care")
])
