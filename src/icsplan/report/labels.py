"""Planner labels for every code the outputs use, in one place: columns, pods, roles, CCGs,
localities, initiatives and change factors.

Report tables, chart axes and Excel headers all read their words from here, so a board
member never sees `non_elective` or `change_vs_baseline_pct`.  Names that belong to a
scenario (its base year, its CCG, locality and initiative names) come from a `Labels`
built from that scenario; the rest are fixed.  Money columns carry their unit: `_gbp` is
pounds, `_gbpm` millions, `_gbpk` thousands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from icsplan.vocabulary import money_m

if TYPE_CHECKING:
    import pandas as pd

    from icsplan.scenario.model import Scenario

POD_LABELS = {"ae": "A&E attendances", "elective": "Elective admissions",
              "daycase": "Daycases", "non_elective": "Non-elective admissions",
              "outpatient": "Outpatient appointments", "gp": "GP appointments",
              "ambulance": "Ambulance dispatches", "bed_days": "Bed days"}
ROLE_LABELS = {
    "nurses_hcas": "Nurses and HCAs", "mh_therapists": "Mental health therapists",
    "gpwsi": "GPs with a special interest (GPwSI)", "gp_mdt_leads": "GP MDT leads",
    "care_coordinators": "Care co-ordinators", "support_admin": "Support and admin staff",
    "non_medical_prescribers": "Non-medical prescribers",
}
VARIATION_LABELS = {
    "common_cause": "Common cause", "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: high (neutral)",
    "special_cause_neutral_low": "Special cause: low (neutral)",
}
ASSURANCE_LABELS = {
    "consistent_pass": "Consistently passing the target",
    "consistent_fail": "Consistently failing the target",
    "inconsistent": "Passing and failing the target at random",
}
KPI_LABELS = {
    "ae_4hr_all": "A&E 4-hour performance (all types)",
    "ae_4hr_type1": "A&E 4-hour performance (type 1)",
    "ae_attendances": "A&E attendances",
    "emergency_admissions_ae": "Emergency admissions via A&E",
}
FACTOR_LABELS = {"baseline": "Baseline", "growth": "Momentum growth", "planned": "Planned"}

#: column labels; `{base}` is the scenario's base year, `{horizon}` its last year
COLUMN_LABELS = {
    "pod": "Point of delivery", "year": "Year", "ccg": "CCG", "locality": "Locality",
    "scenario": "Scenario", "initiative": "Initiative", "factor": "Change factor",
    "value": "Activity", "role": "Role", "kind": "Kind", "org": "Organisation",
    "step": "Step", "order": "Order", "source": "Source", "group": "Group",
    "baseline": "Baseline ({base})", "momentum": "Momentum", "planned": "Planned",
    "target": "Target", "population": "Registered population",
    "change_vs_baseline_pct": "Change vs {base} (%)",
    "change_vs_momentum_pct": "Change vs momentum (%)",
    "reduction_vs_baseline": "Reduction vs {base}",
    "reduction_vs_momentum": "Reduction vs momentum",
    "fte": "FTE", "fte_added": "FTE added", "demand_appts": "Demand (appointments a week)",
    "capacity_appts": "Capacity (appointments a week)", "gap_fte": "Gap (GP FTE)",
    "investment_level": "Investment level", "savings_share": "Share of full savings",
    "payback_year": "Payback year", "subtotal_after": "Subtotal after",
    "table": "Published table", "item": "Figure", "published": "Published",
    "recomputed": "icsplan", "difference": "Difference", "tolerance": "Tolerance",
    "status": "Status", "note": "Note", "match": "Match", "differs": "Differs",
    "inconsistent": "Inconsistent", "scheme": "Scheme", "category": "Category",
    "line": "Line", "target_pct": "QIPP target (% of allocation)",
    "headroom_pct": "Headroom (%)", "scoping_schemes": "Schemes in scoping",
    "decile": "Decile of predicted risk", "mean_predicted": "Mean predicted risk",
    "observed_rate": "Observed rate", "segment": "Segment", "per_50000": "Per 50,000",
    "gross_savings": "Value of activity avoided", "gross": "Gross saving", "net": "Net saving",
    "investment": "Investment", "stranded": "Stranded costs",
    "cumulative": "Cumulative", "cumulative_net": "Cumulative net",
    "allocation": "Allocation", "expenditure": "Expenditure", "surplus": "Surplus",
    "initiative_investment": "Initiative investment", "pump_priming": "Pump priming",
    "capital": "Capital", "activity_saving": "Activity saving",
    "reprovision": "Re-provision cost", "non_activity_saving": "Non-activity saving",
    "gross_saving": "Gross saving", "net_saving": "Net saving",
    "target_from_pct": "Target from %", "delivered": "Delivered", "in_progress": "In progress",
    "identified": "Identified", "planning_gap": "Planning gap",
    "headroom_target": "Headroom target", "headroom_shortfall": "Headroom shortfall",
    "measure": "Measure", "months": "Months", "actual": "Actual",
    "actual_index": "Actual (index)", "momentum_index": "Momentum (index)",
    "planned_index": "Planned (index)",
    "share_of_planned_reduction_achieved": "Share of the planned reduction achieved",
    "variation": "Variation", "assurance": "Assurance",
    "level": "Level", "area": "Area", "occupancy": "Occupancy",
    "bed_days_per_1000": "Bed days per 1,000", "planned_beds": "Planned beds",
    "momentum_beds": "Momentum beds", "released_beds": "Beds released",
    "principal": "The plan", "mean": "Mean", "p5": "5th percentile",
    "p10": "10th percentile", "p50": "Median", "p90": "90th percentile",
    "p95": "95th percentile", "parameter": "Input",
}
LEVEL_LABELS = {"system": "System", "ccg": "CCG", "trust": "Trust", "pod": "Point of delivery",
                "locality": "Locality"}
MONEY_UNITS = {"_gbp": "£", "_gbpm": "£m", "_gbpk": "£k"}


def humanise(code: str) -> str:
    """A code as words when no label is known: 'mid_essex' -> 'Mid essex'."""
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def money(value_gbp: float) -> str:
    """Pounds as signed £m with one decimal, as a board paper writes it: -299977 -> '-£0.3m'."""
    return money_m(value_gbp)


def pod_label(pod: str) -> str:
    """A pod code as planners say it: 'non_elective' -> 'Non-elective admissions'."""
    return POD_LABELS.get(pod, humanise(pod))


def role_label(role: str) -> str:
    """A role id as people write it: 'gp_mdt_leads' -> 'GP MDT leads'."""
    return ROLE_LABELS.get(role, humanise(role))


@dataclass(frozen=True)
class Labels:
    """The label map for one scenario: fixed labels plus its own years and names."""

    base_year: str = "the base year"
    horizon: str = "the horizon"
    ccgs: dict[str, str] = field(default_factory=dict)
    localities: dict[str, str] = field(default_factory=dict)
    initiatives: dict[str, str] = field(default_factory=dict)
    programmes: dict[str, str] = field(default_factory=dict)

    def column(self, name: str) -> str:
        """A column name as a header: 'change_vs_baseline_pct' -> 'Change vs 2015/16 (%)'."""
        name = str(name)
        if name in COLUMN_LABELS:
            return COLUMN_LABELS[name].format(base=self.base_year, horizon=self.horizon)
        match = re.fullmatch(r"(.+?)(_gbpm|_gbpk|_gbp|_pct)", name)
        if match:
            stem, unit = match.groups()
            stem_label = "Value" if stem == "value" else COLUMN_LABELS.get(stem, humanise(stem))
            words = stem_label.format(base=self.base_year, horizon=self.horizon)
            return f"{words} ({MONEY_UNITS.get(unit, '%')})"
        return humanise(name)

    # noqa below: a flat dispatch on the column name, one line each; a table of lambdas
    # would read worse.
    def value(self, column: str, code: object) -> object:  # noqa: C901, PLR0912
        """A coded value as its name (pods, CCGs, localities, initiatives, roles, factors)."""
        if not isinstance(code, str):
            return code
        if column == "pod":
            return pod_label(code)
        if column == "level":
            return LEVEL_LABELS.get(code, humanise(code))
        if column in ("ccg", "org", "area"):
            return self.ccgs.get(code, humanise(code))
        if column == "locality":
            return self.localities.get(code, humanise(code))
        if column == "initiative":
            return self.initiatives.get(code, humanise(code))
        if column == "programme":
            return self.programmes.get(code, code)
        if column == "role":
            return role_label(code)
        if column == "factor":
            return self.factor(code)
        if column == "measure":
            return KPI_LABELS.get(code, humanise(code))
        if column == "variation":
            return VARIATION_LABELS.get(code, humanise(code))
        if column == "assurance":
            return ASSURANCE_LABELS.get(code, humanise(code))
        if column in ("item", "table", "source", "note"):
            return self.words(code)
        return code

    @cached_property
    def _names(self) -> dict[str, str]:
        """Every code `words` names, with its name."""
        return {**POD_LABELS, **self.ccgs, **self.localities, **self.initiatives}

    @cached_property
    def _worded(self) -> dict[str, str]:
        """`words` of each text already asked (a report names the same few thousand times)."""
        return {}

    def words(self, text: str) -> str:
        """Free text with every known code in it named: 'ltc non_elective: ...' ->
        'Long-term conditions Non-elective admissions: ...'."""
        done = self._worded.get(text)
        if done is None:
            done = self._worded[text] = self._named(text)
        return done

    def _named(self, text: str) -> str:
        names = self._names

        def name(match: re.Match) -> str:
            code = match.group()
            if code in names:
                return names[code]
            if "_" in code and (code in COLUMN_LABELS or re.search(r"_(gbpm?k?|pct)$", code)):
                return self.column(code)
            return code

        named = re.sub(r"\b[a-z][a-z0-9_]*\b", name, text)
        return named[:1].upper() + named[1:]

    def factor(self, code: str) -> str:
        """A change factor (growth, an initiative id) as its name."""
        return FACTOR_LABELS.get(code) or self.initiatives.get(code, humanise(code))

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A copy of `frame` with coded values named and columns labelled, for display."""
        shown = frame.copy()
        for col in shown.columns:
            if col in ("pod", "ccg", "org", "locality", "initiative", "role", "factor"):
                shown[col] = [self.value(col, v) for v in shown[col]]
        return shown.rename(columns={c: self.column(c) for c in shown.columns})


def labels_for(scenario: Scenario) -> Labels:
    """The label map of a scenario: its base year, horizon, CCG, locality and initiative
    names (from ccgs.csv, localities.csv and initiatives.yaml)."""
    ccgs = scenario.ccgs
    locs = scenario.localities
    return Labels(
        base_year=scenario.meta.base_year, horizon=scenario.meta.horizon,
        ccgs=dict(zip(ccgs["ccg"], ccgs["name"], strict=True)) if "name" in ccgs else {},
        localities=(dict(zip(locs["locality"], locs["name"], strict=True))
                    if "name" in locs else {}),
        initiatives={i.id: i.name for i in scenario.initiatives},
        programmes=_programme_names(scenario))


def _programme_names(scenario: Scenario) -> dict[str, str]:
    """Programme id -> name, for a scenario with programmes (else none)."""
    table = scenario.tables.get("programmes")
    if table is None or "name" not in table:
        return {}
    return dict(zip(table["programme"], table["name"], strict=True))
