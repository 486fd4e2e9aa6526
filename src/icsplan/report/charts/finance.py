"""Plotly charts of the financial model: the bridge, the investment curve, cash flow and
workforce.  NHS identity colours, Arial, sentence-case titles; money shown in £m."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from icsplan.report.style import (
    FINANCE_XAXES,
    FINANCE_YAXES,
    FONT,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_GREEN,
    NHS_GREY,
    NHS_PALE_GREY,
    NHS_RED,
    finance_layout,
    role_label,
)
from icsplan.report.style import styled_finance as _styled
from icsplan.vocabulary import MILLION

M = MILLION


def _wrap(label: str, width: int = 16) -> str:
    return "<br>".join(textwrap.wrap(label, width)) or label


def _as_updated(props: dict) -> dict:
    """`props` in the order `update_layout` stores them in a `go.Figure`: the properties that
    are dicts first (each ordered so), then the rest.  The bridge and investment curve were
    styled so; their dicts keep that order and the report's bytes stay the same."""
    ordered = sorted(props, key=lambda k: not isinstance(props[k], dict))
    return {k: _as_updated(props[k]) if isinstance(props[k], dict) else props[k]
            for k in ordered}


def bridge_figure(bridge: pd.DataFrame, title: str = "Financial bridge to the planned gap "
                  "(£m)") -> dict:
    """Waterfall of the bridge (columns of `finance.bridge.bridge`), read top to bottom: the
    opening position, each step, the named subtotals and the closing gap (blue).  Green
    improves the position, red worsens it.  A plain dict (`report.charts.plain`)."""
    x, y, measure, text = [], [], [], []
    for k, rec in enumerate(bridge.to_dict(orient="records")):
        x.append(_wrap(rec["step"], 34))
        y.append(rec["value_gbp"] / M)
        measure.append("absolute" if k == 0 else "relative")
        text.append(f"{rec['value_gbp'] / M:,.1f}")
        if rec.get("subtotal_after"):
            x.append(f"<b>{_wrap(rec['subtotal_after'], 34)}</b>")
            y.append(0.0)
            measure.append("total")
            text.append(f"{rec['cumulative_gbp'] / M:,.1f}")
    gap = float(bridge["value_gbp"].sum()) / M if len(bridge) else 0.0
    x.append("<b>Gap</b>")
    y.append(0.0)
    measure.append("total")
    text.append(f"{gap:,.1f}")
    # The value goes with its step's name (bold, on the label's last line): a label beside
    # a short bar collides with the step names on a narrow screen.
    signed = [("+" if m == "relative" and v > 0 else "") + t
              for m, v, t in zip(measure, y, text, strict=True)]
    x = [f"{name} <b>{value}</b>" for name, value in zip(x, signed, strict=True)]
    trace = {"cliponaxis": False, "connector": {"line": {"color": NHS_GREY, "width": 1}},
             "decreasing": {"marker": {"color": NHS_RED}},
             "hovertemplate": "%{y}: £%{x:,.1f}m<extra></extra>",
             "increasing": {"marker": {"color": NHS_GREEN}}, "measure": measure,
             "orientation": "h", "showlegend": False, "text": text, "textposition": "none",
             "totals": {"marker": {"color": NHS_BLUE}}, "x": y, "y": x, "type": "waterfall"}
    layout = _as_updated(finance_layout(title, height=120 + 38 * len(x)))
    layout["margin"].update({"l": 10, "r": 40})
    layout["xaxis"] = {**FINANCE_XAXES, "showgrid": True, "title": {"text": "£m"},
                       "gridcolor": NHS_PALE_GREY}
    layout["yaxis"] = {**FINANCE_YAXES, "gridcolor": "white", "tickfont": {"size": 12},
                       "autorange": "reversed", "automargin": True}
    return {"data": [trace], "layout": layout}


def bridge_waterfall(bridge: pd.DataFrame, title: str = "Financial bridge to the planned gap "
                     "(£m)") -> go.Figure:
    """`bridge_figure` as a Plotly figure (the app)."""
    return go.Figure(bridge_figure(bridge, title))


def investment_curve_figure(curve: pd.DataFrame, title: str = "Savings and net position by "
                            "investment level at the horizon (£m)") -> dict:
    """Gross saving, net saving and total investment against the investment level, with
    the payback year of each level and the lowest level that pays back marked.  A plain dict
    (`report.charts.plain`)."""
    pct = (curve["investment_level"] * 100).to_numpy()

    def line(column: str, name: str, style: dict) -> dict:
        return {"line": style, "mode": "lines", "name": name, "x": pct,
                "y": (curve[column] / M).to_numpy(), "type": "scatter"}

    data = [line("gross_saving_gbp", "Gross saving", {"color": NHS_BLUE, "width": 3}),
            line("net_saving_gbp", "Net saving", {"color": NHS_GREEN, "width": 3}),
            line("investment_gbp", "Investment (all years)",
                 {"color": NHS_GREY, "dash": "dash", "width": 2}),
            {"hovertemplate": "%{x:.0f}% invested: £%{y:,.1f}m, %{text}<extra></extra>",
             "line": {"color": NHS_DARK_BLUE, "width": 2}, "mode": "lines+markers",
             "name": "Cumulative net by the horizon",
             "text": [f"payback {p}" if p else "no payback" for p in curve["payback_year"]],
             "x": pct, "y": (curve["cumulative_net_gbp"] / M).to_numpy(), "type": "scatter"}]
    layout: dict = {}
    notes = []
    pays = curve[curve["payback_year"] != ""]
    if len(pays):
        first = pays.iloc[0]
        at = first["investment_level"] * 100
        layout["shapes"] = [{"line": {"color": NHS_GREEN, "dash": "dot"}, "type": "line",
                             "x0": at, "x1": at, "xref": "x", "y0": 0, "y1": 1,
                             "yref": "y domain"}]
        notes.append({"bgcolor": "white", "font": {"color": NHS_DARK_BLUE}, "showarrow": False,
                      "text": f"pays back by {first['payback_year']}<br>from "
                              f"{first['investment_level']:.0%} invested",
                      "x": at, "xanchor": "right" if first["investment_level"] > 0.5 else "left",
                      "y": 1, "yref": "paper"})
    for level, share in ((25, 0.125), (100, 1.0)):
        notes.append({"arrowcolor": NHS_GREY, "ax": -40 if level == 100 else 30, "ay": -30,
                      "bgcolor": "white", "showarrow": True,
                      "text": f"{level}% invested, {share:.1%} saved", "x": level,
                      "xanchor": "right" if level == 100 else "auto",
                      "y": float(curve["gross_saving_gbp"].max()) / M * share})
    layout["annotations"] = notes
    layout.update(_as_updated(finance_layout(title)))
    layout["xaxis"] = {**FINANCE_XAXES, "title": {"text": "Investment level (% of the plan's)"},
                       "range": [-3, 103]}
    layout["yaxis"] = {**FINANCE_YAXES, "title": {"text": "£m"}}
    return {"data": data, "layout": layout}


def investment_curve_chart(curve: pd.DataFrame, title: str = "Savings and net position by "
                           "investment level at the horizon (£m)") -> go.Figure:
    """`investment_curve_figure` as a Plotly figure (the app)."""
    return go.Figure(investment_curve_figure(curve, title))


def cash_flow_figure(cash: pd.DataFrame, payback_year: str | None,
                     title: str = "Net saving by year and cumulative (£m)") -> dict:
    """`cash_flow_chart` as the plain dict Plotly's figure holds (no template), built without
    Plotly's checks of every property (a tenth of the time: the app's what-if draws it on
    every change of a lever)."""
    years = [str(y) for y in cash["year"]]
    net = cash["net_gbp"].to_numpy(dtype=float)
    bars = {"cliponaxis": False,
            "marker": {"color": [NHS_GREEN if v >= 0 else NHS_RED for v in net]},
            "name": "Net saving in year", "text": [f"{v / M:,.1f}" for v in net],
            "textposition": "outside", "x": years, "y": net / M, "type": "bar"}
    line = {"line": {"color": NHS_DARK_BLUE, "width": 3}, "mode": "lines+markers",
            "name": "Cumulative net", "x": years,
            "y": cash["cumulative_net_gbp"].to_numpy(dtype=float) / M, "type": "scatter"}
    layout: dict = {}
    if payback_year:
        row = cash[cash["year"] == payback_year].iloc[0]
        layout["annotations"] = [{
            "arrowcolor": NHS_DARK_BLUE, "ax": -90, "ay": 40, "bgcolor": "white",
            "bordercolor": NHS_DARK_BLUE, "font": {"color": NHS_DARK_BLUE}, "showarrow": True,
            "text": f"payback {payback_year}", "x": payback_year,
            "y": float(row["cumulative_net_gbp"] / M)}]
    layout.update(finance_layout(title))
    layout["xaxis"] = dict(FINANCE_XAXES)
    layout["yaxis"] = {**FINANCE_YAXES, "title": {"text": "£m"}}
    return {"data": [bars, line], "layout": layout}


def cash_flow_chart(cash: pd.DataFrame, payback_year: str | None,
                    title: str = "Net saving by year and cumulative (£m)") -> go.Figure:
    """Net saving per year (bars) and the cumulative net (line), payback year marked."""
    return go.Figure(cash_flow_figure(cash, payback_year, title))


def workforce_table(workforce: pd.DataFrame, year: str | None = None,
                    title: str = "Workforce bought by the investment") -> go.Figure:
    """A table of FTE by role at `year` (default: the last) and their initial cost (£k);
    with a `kind` column (additional / upskilled) it totals each kind separately."""
    year = year or (str(workforce["year"].max()) if len(workforce) else "")
    keys = ["role", "kind"] if "kind" in workforce.columns else ["role"]
    at = workforce[workforce["year"] == year].groupby(keys, sort=False)["fte"].sum()
    cost = workforce[workforce["year"] <= year].groupby(keys, sort=False)["cost_gbp"].sum()
    rows = [(role_label(str(k[0] if isinstance(k, tuple) else k)),
             str(k[1]).replace("upskilled", "up-skilled") if isinstance(k, tuple) else "",
             at[k], cost.get(k, 0.0)) for k in at.index]
    if "kind" in workforce.columns:
        for kind in ("additional", "upskilled"):
            part = [r for r in rows if r[1] == kind.replace("upskilled", "up-skilled")]
            rows.append((f"Total {kind.replace('upskilled', 'up-skilled')}", "",
                         sum(r[2] for r in part), sum(r[3] for r in part)))
    else:
        rows.append(("Total", "", float(at.sum()), float(cost.sum())))
    header = ["Role", "Kind", f"FTE by {year}", "Initial cost (£k)"]
    values = [[r[0] for r in rows], [r[1] for r in rows], [f"{r[2]:,.0f}" for r in rows],
              [f"{r[3] / 1e3:,.0f}" for r in rows]]
    align, widths = ["left", "left", "right", "right"], [3, 1.2, 1.2, 1.4]
    if "kind" not in workforce.columns:
        header, values = [header[0], *header[2:]], [values[0], *values[2:]]
        align, widths = [align[0], *align[2:]], [widths[0], *widths[2:]]
    fig = go.Figure(go.Table(
        columnwidth=widths,
        header={"values": header, "fill_color": NHS_BLUE,
                "font": {"color": "white", "family": FONT, "size": 13}, "align": align},
        cells={"values": values,
               "fill_color": [[NHS_PALE_GREY if k % 2 else "white" for k in range(len(rows))]],
               "font": {"color": NHS_GREY, "family": FONT, "size": 12}, "align": align}))
    return _styled(fig, title, height=100 + 28 * (len(rows) + 1))
