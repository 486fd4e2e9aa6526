"""The house look, defined once: NHS identity colours, Making Data Count colours, fonts,
planner labels for codes, and the chart defaults every chart and page uses."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from icsplan.report.labels import (  # noqa: F401  (re-exported: one label map)
    ASSURANCE_LABELS,
    KPI_LABELS,
    POD_LABELS,
    ROLE_LABELS,
    VARIATION_LABELS,
    Labels,
    labels_for,
    pod_label,
    role_label,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

# NHS identity colours
NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_GREY = "#425563"
NHS_PALE_GREY = "#E8EDEE"
NHS_GREEN = "#009639"
NHS_WARM_YELLOW = "#FFB81C"
NHS_RED = "#DA291C"
TEXT = "#212b32"
BACKGROUND = "#f0f4f5"
BORDER = "#d8dde0"
STATUS_DIFFERS = "#8a1538"
STATUS_INCONSISTENT = "#7a4b00"

FONT = "Arial, Helvetica, sans-serif"

# Making Data Count (NHS England) SPC colours, as NHSRplotthedots uses them.
MDC_COMMON_CAUSE = "#a6a6a6"
MDC_IMPROVEMENT = "#00b0f0"
MDC_CONCERN = "#e46c0a"
MDC_NEUTRAL = "#490092"
MDC_TARGET = "#de1b1b"
MDC_MEAN = "#000000"
MDC_COLOURS = {
    "common_cause": MDC_COMMON_CAUSE, "special_cause_improvement": MDC_IMPROVEMENT,
    "special_cause_concern": MDC_CONCERN, "special_cause_neutral_high": MDC_NEUTRAL,
    "special_cause_neutral_low": MDC_NEUTRAL,
    "consistent_pass": MDC_IMPROVEMENT, "consistent_fail": MDC_CONCERN,
    "inconsistent": MDC_COMMON_CAUSE,
}
# Marker shapes: colour is never the only signal of a point's variation.
MDC_MARKERS = {
    "common_cause": "circle", "special_cause_improvement": "diamond",
    "special_cause_concern": "square", "special_cause_neutral_high": "triangle-up",
    "special_cause_neutral_low": "triangle-down",
}

NHS_ORANGE = "#ED8B00"
NHS_LIGHT_BLUE = "#41B6E6"
NHS_MID_GREY = "#768692"
SERIES = {"baseline": NHS_GREY, "momentum": NHS_RED, "planned": NHS_BLUE}
# The programme register (report/charts/register.py): RAG ratings, scheme status, maturity.
RAG_COLOURS = {"R": NHS_RED, "AR": NHS_ORANGE, "A": NHS_WARM_YELLOW, "AG": "#78BE20",
               "G": NHS_GREEN}
RAG_TEXT = {"R": "white", "AR": TEXT, "A": TEXT, "AG": TEXT, "G": "white"}
STATUS_COLOURS = {"delivered": NHS_GREEN, "in_progress": NHS_BLUE, "scoping": NHS_MID_GREY,
                  "stopped": NHS_GREY}
STATUS_LABELS = {"delivered": "Delivered", "in_progress": "In progress", "scoping": "Scoping",
                 "stopped": "Stopped"}
LEVEL_COLOURS = {1: "#AEB7BD", 2: NHS_LIGHT_BLUE, 3: NHS_BLUE, 4: NHS_DARK_BLUE}
# Fan charts: the 5th-95th and 10th-90th percentile bands (NHS Blue, translucent), the median
# and the principal run.
FAN_OUTER = "rgba(0, 94, 184, 0.15)"
FAN_INNER = "rgba(0, 94, 184, 0.35)"
FAN_MEDIAN = NHS_DARK_BLUE
FAN_PRINCIPAL = NHS_GREY
PUBLISHED = NHS_WARM_YELLOW

# Options appraisal: hospital services as planners name them, colours of sites and criteria
# (in order of appearance) and the sequential scale of travel minutes (light = near).
SERVICE_LABELS = {
    "specialist_emergency": "Specialist emergency hospital",
    "emergency_centre": "Emergency centre",
    "local_emergency_centre": "Local emergency centre",
    "elective_centre": "Elective centre",
    "obstetric_centre": "Specialist obstetric centre",
    "childrens_centre": "Children's centre",
}
SITE_COLOURS = [NHS_BLUE, NHS_GREEN, NHS_WARM_YELLOW, NHS_RED, NHS_GREY, NHS_DARK_BLUE]
CRITERION_COLOURS = [NHS_BLUE, NHS_GREEN, NHS_WARM_YELLOW, NHS_GREY, NHS_DARK_BLUE, NHS_RED]
MINUTES_SCALE = [[0.0, "#e8f1fa"], [0.33, "#7fb2e0"], [0.66, NHS_BLUE], [1.0, "#1b1b3a"]]


def wrap_title(title: str, width: int) -> list[str]:
    """A chart title as lines short enough for a phone.  A title may carry its own lines
    (`<br>`) and a subtitle in `<sup>...</sup>`: each line is wrapped on its own, a subtitle
    (smaller type) to a third more characters, keeping its tags on every line."""
    lines: list[str] = []
    for part in title.split("<br>"):
        sup = re.fullmatch(r"<sup>(.*)</sup>", part)
        if sup and "<" not in sup.group(1):
            lines += [f"<sup>{line}</sup>" for line in textwrap.wrap(sup.group(1),
                                                                     width * 4 // 3)]
        elif "<" in part:
            lines.append(part)
        else:
            lines += textwrap.wrap(part, width) or [part]
    return lines or [title]


def title_layout(lines: list[str], height: int, size: int) -> tuple[dict, int, int]:
    """The title dict, top margin and figure height for a title of several lines: Plotly
    writes a multi-line title downwards from its first line, so that line is pinned near the
    top and the margin grows with every line (a `<sup>` line is smaller)."""
    subs = sum(line.startswith("<sup>") for line in lines)
    block = round(size * 1.35) * (len(lines) - subs) + round(size * 1.3) * subs
    total = height + max(0, block - round(size * 1.35))
    first = 14 + round(size * 0.7)
    return ({"text": "<br>".join(lines), "x": 0, "xanchor": "left", "yref": "container",
             "y": 1 - first / total, "yanchor": "middle"}, first + block + 16, total)


def styled_layout(title: str, height: int = 420, wrap: int = 44) -> dict:
    """`styled`'s layout as a plain dict, its keys in the order Plotly holds them after
    `styled` (for the charts drawn from dicts, `report.charts.plain`)."""
    head, top, total = title_layout(wrap_title(title, wrap), height, 17)
    return {"title": head, "font": {"family": "Arial, sans-serif", "size": 13, "color": TEXT},
            "margin": {"l": 60, "r": 20, "t": top, "b": 50},
            "legend": {"orientation": "h", "y": -0.15}, "paper_bgcolor": "white",
            "plot_bgcolor": "white", "height": total,
            "xaxis": {"gridcolor": NHS_PALE_GREY, "linecolor": NHS_GREY},
            "yaxis": {"gridcolor": NHS_PALE_GREY, "linecolor": NHS_GREY,
                      "separatethousands": True}}


def styled(fig: go.Figure, title: str, height: int = 420, wrap: int = 44) -> go.Figure:
    """Apply the house look: Arial, sentence-case title (wrapped at `wrap` characters so it
    fits a phone), white background, pale grid, no text under 12 px."""
    head, top, total = title_layout(wrap_title(title, wrap), height, 17)
    fig.update_layout(
        title=head, font={"family": "Arial, sans-serif", "size": 13, "color": TEXT},
        paper_bgcolor="white", plot_bgcolor="white", height=total,
        margin={"l": 60, "r": 20, "t": top, "b": 50},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(gridcolor=NHS_PALE_GREY, linecolor=NHS_GREY)
    fig.update_yaxes(gridcolor=NHS_PALE_GREY, linecolor=NHS_GREY, separatethousands=True)
    return fig


FINANCE_XAXES = {"showgrid": False, "linecolor": NHS_GREY}
FINANCE_YAXES = {"gridcolor": NHS_PALE_GREY, "zerolinecolor": NHS_GREY}


def finance_layout(title: str, height: int = 500) -> dict:
    """The layout of a finance chart but its axes (`FINANCE_XAXES`, `FINANCE_YAXES` go on
    every axis): a larger dark-blue title wrapped so it fits a phone."""
    head, top, total = title_layout(wrap_title(title, 40), height, 17)
    return {"title": {**head, "font": {"size": 17, "color": NHS_DARK_BLUE}},
            "font": {"family": FONT, "size": 13, "color": NHS_GREY}, "height": total,
            "plot_bgcolor": "white", "paper_bgcolor": "white",
            "margin": {"l": 60, "r": 30, "t": top + 10, "b": 60},
            "legend": {"orientation": "h", "y": -0.2}}


def styled_finance(fig: go.Figure, title: str, height: int = 500) -> go.Figure:
    """The house look for finance charts: a larger dark-blue title (wrapped so it fits a
    phone), no vertical grid."""
    fig.update_layout(**finance_layout(title, height))
    fig.update_xaxes(**FINANCE_XAXES)
    fig.update_yaxes(**FINANCE_YAXES)
    return fig
