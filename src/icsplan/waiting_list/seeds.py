"""An RTT system for Mid and South Essex built from the seeds' figures, assumptions stated.

002 ("Key facts: STP performance targets") gives RTT performance 2016/17 year to date (to
July 2016) of 89.2% (BTUHFT), 92.2% (MEHT) and 90.0% (SUHFT), a 92% target every year, and
note 1: "the existing 18 week backlog stands at 7045 across the STP" and "We will eliminate
52 week waits within 16/17".  004 (Elective care) commits to "Zero 52 week waits" with
"Delivery of zero 52 week waits (excluding MEHT)" in Q4 2019/20.

The seeds give no list size, referrals, clock stops or wait profile, so (derived and
illustrative, stated wherever the figures are shown):

* the backlog is read as pathways waiting over 18 weeks (NHS usage; another reading, the
  pathways to treat to reach 92%, is not followed);
* the STP's performance is the unweighted mean of the three trusts' (90.47%; the trusts'
  list sizes are not published), so the list is 7,045 / (1 - 0.90467) = 73,899;
* the list is in a steady state in July 2016 under an illustrative "breach-driven" rate
  profile (`TREATMENT`: few clock stops in the first month, most in months 2-4 as the
  18-week point nears, fewer after; `RENEGE` 1% then 2% a month; compartments to 24
  months), with referrals and clock stops scaled so that it holds 90.47% and 73,899
  pathways.  The profile makes the list about 2.7 months of referrals (27,200 a month, about
  23 per 1,000 people a month for 1.2 million people).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.waiting_list.data import RttCounts
from icsplan.waiting_list.model import Params, step
from icsplan.waiting_list.questions import steady_state, steady_state_capacity
from icsplan.waiting_list.synthetic import rate_profile

BACKLOG_OVER_18_WEEKS = 7045  # 002, STP performance targets, note 1
TRUST_PERFORMANCE = {"BTUHFT": 0.892, "MEHT": 0.922, "SUHFT": 0.900}  # 002, 2016/17 YTD
STANDARD = 0.92  # 002, RTT performance target 2016/17 to 2020/21
K = 24
TREATMENT = (0.05, 0.15, 0.30, 0.45, 0.55, 0.40, 0.30, 0.25, 0.20)  # illustrative
RENEGE = (0.01, 0.02)  # illustrative
MONTHS = 13  # August 2015 to July 2016 (the opening month plus 12)
LAST_MONTH = "2016-07-01"  # 002's year to date runs to July 2016 (note 2)

SOURCES = (
    "002 STP performance targets: 18-week backlog 7,045 across the STP (note 1), RTT "
    "performance 2016/17 YTD 89.2% / 92.2% / 90.0%, target 92%",
    "004 Elective care: zero 52-week waits, delivered Q4 2019/20 (excluding MEHT)",
    "derived: backlog read as pathways over 18 weeks; STP performance the unweighted mean "
    "90.47%; list 7,045 / (1 - 0.90467) = 73,899; a steady state in July 2016 under an "
    "illustrative breach-driven rate profile (about 27,200 referrals a month)",
)


def performance() -> float:
    """The STP's RTT performance as the unweighted mean of the trusts' (derived)."""
    return float(np.mean(list(TRUST_PERFORMANCE.values())))


def list_size() -> float:
    """The waiting list implied by the backlog and the performance (derived)."""
    return BACKLOG_OVER_18_WEEKS / (1 - performance())


def seeded_system() -> RttCounts:
    """Twelve months of a steady list that holds 002's performance and backlog."""
    params = Params(rate_profile(RENEGE, K)[None], rate_profile(TREATMENT, K)[None])
    unit = steady_state_capacity(1000.0, params, target=performance())
    stock = steady_state(np.array([1000.0]), np.array([unit.value]), params)
    scale = list_size() / stock.sum()
    referrals, capacity = 1000.0 * scale, unit.value * scale
    stock = stock * scale
    inc = np.empty((1, MONTHS, K + 1))
    comp = np.zeros((1, MONTHS, K + 1))
    for t in range(MONTHS):
        stock, treated, _, _ = step(stock, np.array([referrals]), np.array([capacity]), params)
        inc[:, t], comp[:, t] = stock, treated
    periods = pd.date_range(end=LAST_MONTH, periods=MONTHS, freq="MS")
    return RttCounts(pd.DataFrame({"provider": ["MSE STP"], "specialty": ["all"]}), periods,
                     np.full((1, MONTHS), referrals), comp, inc,
                     "derived from seeds 002 and 004 (see waiting_list.seeds)")
