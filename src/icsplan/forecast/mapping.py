"""Which of the plan's CCGs each organisation of the actuals stands for, as data.

`acute_trusts.csv` gives each CCG's share of admissions by acute trust (ccg, trust, share);
`trust_orgs.csv` gives each trust's ODS code in the actuals (trust, org_code).  Together:

    model activity of org o = sum over CCGs c of share(c, trust of o) x activity of c

so an organisation's actuals are set beside the plan's activity of the residents it treats.
Without the tables every CCG maps to the system (org `SYSTEM`) only.
"""

from __future__ import annotations

import pandas as pd

from icsplan.errors import InputError, Problem

SYSTEM = "system"  # the organisations of the actuals added up, against the whole plan
COLUMNS = ["org", "trust", "ccg", "share", "source"]


class ForecastError(InputError):
    """A forecast that cannot be made from these inputs."""

    title = "The forecast cannot be made"


def org_map(scenario) -> pd.DataFrame:
    """One row per organisation code x CCG it serves: org, trust, ccg, share, source."""
    trusts = scenario.tables.get("acute_trusts")
    codes = scenario.tables.get("trust_orgs")
    if trusts is None or codes is None or trusts.empty or codes.empty:
        return pd.DataFrame(columns=COLUMNS)
    problems = [Problem("trust_orgs.csv", f"trust '{t}' is not in acute_trusts.csv",
                        row=int(i) + 2, field="trust", value=t)
                for i, t in codes["trust"].items() if t not in set(trusts["trust"])]
    dup = codes[codes.duplicated("org_code", keep=False)]
    problems += [Problem("trust_orgs.csv", f"org_code '{c}' is given to more than one trust",
                         row=int(i) + 2, field="org_code") for i, c in dup["org_code"].items()]
    if problems:
        raise ForecastError(problems)
    out = codes.rename(columns={"org_code": "org", "source": "code_source"}).merge(
        trusts, on="trust", how="inner")
    out["source"] = out["source"] + "; " + out["code_source"]
    return out[COLUMNS].reset_index(drop=True)
