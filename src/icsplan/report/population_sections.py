"""The report's population section, for runs driven by `--population`: segment shares
against the seeds' 5% / 24% / 71%, and the risk model's AUC and calibration by decile."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from icsplan.pipeline import Results
from icsplan.report.html import Section, table_html
from icsplan.report.style import NHS_BLUE, NHS_GREY, styled

SEED_SHARES = {"high_risk": 5.0, "rising_risk": 24.0, "mostly_healthy": 71.0}  # 003, per 50k


def calibration_chart(calibration: pd.DataFrame) -> go.Figure:
    """Mean predicted risk against the observed rate, by decile of predicted risk."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=calibration["decile"], y=100 * calibration["observed_rate"],
                         name="Observed", marker={"color": NHS_BLUE}))
    fig.add_trace(go.Scatter(x=calibration["decile"], y=100 * calibration["mean_predicted"],
                             name="Predicted", mode="lines+markers",
                             line={"color": NHS_GREY, "width": 3}))
    fig = styled(fig, "Risk of a non-elective admission in 12 months: predicted and observed, "
                 "by decile of predicted risk")
    fig.update_xaxes(title_text="decile of predicted risk", dtick=1)
    fig.update_yaxes(title_text="% of people admitted")
    return fig


def population(results: Results, figure: Callable[[go.Figure], str]) -> str:
    folder = results.population
    if folder is None:
        return ""
    parts = [f"<p>Baseline activity from the patient-level pipeline in "
             f"<code>{folder.name}</code>.</p>"]
    seg_path = folder / "segments.csv"
    if seg_path.is_file():
        seg = pd.read_csv(seg_path, dtype={"people": str})
        people = pd.to_numeric(seg["people"], errors="coerce")  # '*' = suppressed
        shares = people.groupby(seg["segment"]).sum()
        table = pd.DataFrame({
            "segment": shares.index,
            "per_50000": (50_000 * shares / shares.sum()).round(0),
            "share_pct": (100 * shares / shares.sum()).round(1),
            "seeds_share_pct": [SEED_SHARES.get(s, float("nan")) for s in shares.index]})
        parts.append(table_html(table, "Population segments, whole system (suppressed cells "
                                "left out)", {"per_50000": ",.0f"}))
    model_path = folder / "risk_model.json"
    if model_path.is_file():
        model = json.loads(model_path.read_text())
        ev = model.get("evaluation", {})
        calib = pd.DataFrame(model.get("calibration", []))
        parts.append(f"<p>Risk model (logistic regression, {len(model.get('coefficients', {}))}"
                     f" terms) fitted on one period and evaluated on the next: "
                     f"<b>AUC {ev.get('auc', float('nan')):.3f}</b> "
                     f"({ev.get('evaluation_period', '')}).</p>")
        if not calib.empty:
            parts.append(figure(calibration_chart(calib)))
            parts.append(table_html(calib, "Calibration by decile of predicted risk",
                                    {"mean_predicted": ".4f", "observed_rate": ".4f"}))
    return "".join(parts)


SECTIONS = [Section("Population segments and risk", population)]
